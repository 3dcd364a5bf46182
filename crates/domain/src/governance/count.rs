//! Counting one round of one committee election (Arts. 27–31): validity, invalid
//! ballots, the first-round and further-round bars, ties that need a new vote, the
//! woman-member post, kinship avoidance, and the candidates of a further round.
//! Every threshold is data (`CountRules`), defaulting to the regulation's. Kinship
//! avoidance lives in `avoidance`, the sequence of rounds (new votes, the further round,
//! who stands after them) in `rounds`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::Violation;

mod avoidance;
mod rounds;

pub use rounds::{check_further_round, elected_after, elected_before, next_round_posts};

/// A share of a whole: "more than half" is 1/2 strict, "at least one third" 1/3 inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub numerator: u64,
    pub denominator: u64,
    /// true: strictly more than the share (过半数); false: at least the share (不少于).
    pub strict: bool,
}

impl Share {
    /// Exact integer comparison of `part / whole` with the share.
    pub fn reached(&self, part: u64, whole: u64) -> bool {
        let left = u128::from(part) * u128::from(self.denominator);
        let right = u128::from(self.numerator) * u128::from(whole);
        if self.strict { left > right } else { left >= right }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CountRules {
    /// Share of registered voters who must vote for the round to be valid (Art. 27).
    pub turnout: Share,
    /// Share of ballots cast a first-round winner needs (Art. 28).
    pub first_round: Share,
    /// Share of ballots cast a further-round winner needs (Art. 29).
    pub further_round: Share,
    /// Further-round candidates beyond the seats left (Art. 29: seats left + 1).
    pub further_candidates_extra: usize,
    /// Seats may stay empty after the further round once this many are elected (Art. 30).
    pub min_elected_to_leave_empty: usize,
}

impl Default for CountRules {
    fn default() -> Self {
        let half = Share { numerator: 1, denominator: 2, strict: true };
        Self {
            turnout: half,
            first_round: half,
            further_round: Share { numerator: 1, denominator: 3, strict: false },
            further_candidates_extra: 1,
            min_elected_to_leave_empty: 3,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Round {
    First,
    Further,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostSpec {
    /// director, deputy_director, member, woman_member, … in order of rank.
    pub post: String,
    pub seats: usize,
    /// The further round's candidates (write-ins still count, Art. 21).
    #[serde(default)]
    pub candidates: Vec<String>,
    /// Only women can take this post (the woman-member post, Art. 21). Defaults to true
    /// for a post named `woman_member`.
    #[serde(default)]
    pub women_only: Option<bool>,
    /// A new vote between `candidates` only (those tied for a seat, Arts. 28 and 29, or kin
    /// with equal votes, Art. 31): the most votes win whatever their share, a name not
    /// among the candidates counts for no one, and a tie again needs another new vote.
    #[serde(default, skip_serializing_if = "is_false")]
    pub new_vote: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl PostSpec {
    /// A post open to anyone (a further-round or self-nomination post).
    pub fn new(post: &str, seats: usize) -> Self {
        Self { post: post.into(), seats, candidates: Vec::new(), women_only: None, new_vote: false }
    }

    pub fn is_women_only(&self) -> bool {
        self.women_only.unwrap_or(self.post == "woman_member")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Female,
    Male,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(default)]
    pub gender: Option<Gender>,
    /// Spouse, parents, children and siblings who may be elected too (Art. 31).
    #[serde(default)]
    pub kin: Vec<String>,
}

/// One ballot: names written for each post.
pub type Ballot = BTreeMap<String, Vec<String>>;

/// Someone an earlier round elected: their post and votes let kinship avoidance compare
/// them with this round's winners (Art. 31). A bare name (post unknown) stays whatever
/// this round brings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "EarlierForm")]
pub struct Earlier {
    pub name: String,
    pub post: Option<String>,
    pub votes: u64,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum EarlierForm {
    Name(String),
    Seat {
        name: String,
        #[serde(default)]
        post: Option<String>,
        #[serde(default)]
        votes: u64,
    },
}

impl From<&str> for Earlier {
    fn from(name: &str) -> Self {
        Self { name: name.into(), post: None, votes: 0 }
    }
}

impl From<EarlierForm> for Earlier {
    fn from(form: EarlierForm) -> Self {
        match form {
            EarlierForm::Name(name) => Self { name, post: None, votes: 0 },
            EarlierForm::Seat { name, post, votes } => Self { name, post, votes },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundInput {
    pub registered_voters: u64,
    /// People who took part (signed for a ballot), when known: more ballots than that
    /// makes the round invalid.
    #[serde(default)]
    pub voted: Option<u64>,
    pub round: Round,
    pub posts: Vec<PostSpec>,
    #[serde(default)]
    pub people: HashMap<String, Person>,
    #[serde(default)]
    pub rules: CountRules,
    pub ballots: Vec<Ballot>,
    /// Later rounds: who the earlier rounds elected and who still holds the seat (for the
    /// woman-member post, kinship avoidance across rounds and the Art. 30 minimum).
    #[serde(default)]
    pub elected_before: Vec<Earlier>,
    /// The election's posts in rank order, highest first, when this round's ballot holds
    /// only some of them (kinship avoidance compares posts across rounds). Empty: the
    /// order of `posts`.
    #[serde(default)]
    pub post_order: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostResult {
    pub post: String,
    pub seats: usize,
    pub votes: BTreeMap<String, u64>,
    pub elected: Vec<String>,
    /// Seats not filled in this round (including those awaiting the new vote in `runoff`).
    pub unfilled: usize,
    /// Tied people who need a new vote for `runoff_seats` seats (Arts. 28, 29, 31).
    pub runoff: Vec<String>,
    pub runoff_seats: usize,
    /// First round: who stands in the further round for the unfilled seats, by votes.
    pub further_round_candidates: Vec<String>,
    /// First round: the seats left open go to the further round (Art. 29; not the
    /// woman-member post once a woman is elected).
    #[serde(default, skip_serializing_if = "is_false")]
    pub further_round: bool,
    /// This post was a new vote between the tied or kin only.
    #[serde(default, skip_serializing_if = "is_false")]
    pub new_vote: bool,
    /// Kin elected with equal votes in this post: each group needs a new vote for one
    /// seat (Art. 31).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kin_runoffs: Vec<Vec<String>>,
    /// People who would have been elected here but leave by kinship avoidance (Art. 31).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub avoided: Vec<String>,
}

/// Someone an earlier round elected who no longer holds the seat after this round: kin of
/// a winner in a higher post (or with more votes in the same post), or in a new vote with
/// a kin who had equal votes (Art. 31).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unseated {
    pub post: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundResult {
    pub valid: bool,
    /// Why the round is invalid: `turnout` or `more_ballots_than_voters`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid_reason: Option<String>,
    pub ballots_cast: u64,
    pub invalid_ballots: u64,
    pub posts: Vec<PostResult>,
    /// Further round: whether the seats still empty may stay empty (Art. 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_seats_may_stay: Option<bool>,
    /// Later rounds: earlier winners who leave by kinship avoidance (Art. 31).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unseated: Vec<Unseated>,
}

/// Input that cannot be counted at all (as opposed to an invalid round or ballot).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("no posts given")]
    NoPosts,
    #[error("post {0:?} appears twice")]
    DuplicatePost(String),
    #[error("post {0:?} has no seats")]
    NoSeats(String),
    #[error("share {0}/{1} is not a share")]
    BadShare(u64, u64),
    #[error("post {0:?} is a new vote without more candidates than seats")]
    NewVoteCandidates(String),
}

fn check_input(input: &RoundInput) -> Result<(), InputError> {
    if input.posts.is_empty() {
        return Err(InputError::NoPosts);
    }
    let mut seen = HashSet::new();
    for post in &input.posts {
        if !seen.insert(post.post.as_str()) {
            return Err(InputError::DuplicatePost(post.post.clone()));
        }
        if post.seats == 0 {
            return Err(InputError::NoSeats(post.post.clone()));
        }
        if post.new_vote && post.candidates.len() <= post.seats {
            return Err(InputError::NewVoteCandidates(post.post.clone()));
        }
    }
    for share in [input.rules.turnout, input.rules.first_round, input.rules.further_round] {
        if share.denominator == 0 || share.numerator > share.denominator {
            return Err(InputError::BadShare(share.numerator, share.denominator));
        }
    }
    // A ballot naming a post that is not on it is not an input error: Art. 27 counts it
    // as cast and invalid (`read_ballot`), and the rest of the count goes on.
    Ok(())
}

/// The names a ballot gives each post (trimmed, blanks dropped, each name once per post),
/// or why the ballot is invalid (Art. 27): a post not on the ballot, more names than a
/// post's seats, or one person named for two posts. Counting treats such a ballot as cast
/// but invalid; the phone tells the voter before casting.
pub fn read_ballot(ballot: &Ballot, posts: &[PostSpec]) -> Result<BTreeMap<String, Vec<String>>, Violation> {
    if let Some(post) = ballot.keys().find(|key| !posts.iter().any(|p| &p.post == *key)) {
        return Err(Violation::new("ballot-unknown-post").with("post", post));
    }
    let mut named = HashSet::new();
    let mut marks = BTreeMap::new();
    for post in posts {
        let mut names: Vec<String> = Vec::new();
        for name in ballot.get(&post.post).into_iter().flatten() {
            let name = name.trim();
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        if names.len() > post.seats {
            return Err(Violation::new("ballot-too-many-names").with("post", &post.post).with("seats", post.seats));
        }
        for name in &names {
            if !named.insert(name.clone()) {
                return Err(Violation::new("ballot-name-twice").with("name", name));
            }
        }
        if !names.is_empty() {
            marks.insert(post.post.clone(), names);
        }
    }
    Ok(marks)
}

/// Names by votes, most first; ties in name order so output is stable.
fn ranking(votes: &BTreeMap<String, u64>) -> Vec<(&str, u64)> {
    let mut ranked: Vec<(&str, u64)> = votes.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked
}

/// Who a post's seats go to, and who must go to a new vote for the rest.
struct Filled {
    elected: Vec<String>,
    runoff: Vec<String>,
    runoff_seats: usize,
}

/// Fills `seats` from a ranking of eligible people. When the last seat falls inside a
/// group of equal votes, that group goes to a new vote for the seats left (Arts. 28, 29).
fn fill(eligible: &[(&str, u64)], seats: usize) -> Filled {
    let names = |people: &[(&str, u64)]| people.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>();
    if eligible.len() <= seats {
        return Filled { elected: names(eligible), runoff: Vec::new(), runoff_seats: 0 };
    }
    if seats == 0 {
        return Filled { elected: Vec::new(), runoff: Vec::new(), runoff_seats: 0 };
    }
    let boundary = eligible[seats - 1].1;
    if eligible[seats].1 != boundary {
        return Filled { elected: names(&eligible[..seats]), runoff: Vec::new(), runoff_seats: 0 };
    }
    let above: Vec<String> = eligible.iter().filter(|(_, v)| *v > boundary).map(|(n, _)| n.to_string()).collect();
    let tied: Vec<String> = eligible.iter().filter(|(_, v)| *v == boundary).map(|(n, _)| n.to_string()).collect();
    let left = seats - above.len();
    Filled { elected: above, runoff: tied, runoff_seats: left }
}

struct Counter<'a> {
    input: &'a RoundInput,
    cast: u64,
    bar: Share,
}

impl Counter<'_> {
    fn is_female(&self, name: &str) -> bool {
        self.input.people.get(name).and_then(|p| p.gender) == Some(Gender::Female)
    }

    fn are_kin(&self, a: &str, b: &str) -> bool {
        let listed = |x: &str, y: &str| self.input.people.get(x).is_some_and(|p| p.kin.iter().any(|k| k == y));
        listed(a, b) || listed(b, a)
    }

    /// A post's rank, 0 the highest: its place in the election's order of posts.
    fn rank(&self, post: &str) -> Option<usize> {
        if self.input.post_order.is_empty() {
            self.input.posts.iter().position(|p| p.post == post)
        } else {
            self.input.post_order.iter().position(|p| p == post)
        }
    }

    /// People of a post's ranking who may take one of its seats now: above the round's bar
    /// (in a new vote: among its candidates), not taken, a woman where the post needs one.
    fn eligible<'v>(
        &self,
        post: &PostSpec,
        votes: &'v BTreeMap<String, u64>,
        taken: &HashSet<String>,
    ) -> Vec<(&'v str, u64)> {
        ranking(votes)
            .into_iter()
            .filter(|(name, v)| {
                if post.new_vote { post.candidates.iter().any(|c| c == name) } else { self.bar.reached(*v, self.cast) }
            })
            .filter(|(name, _)| !taken.contains(*name))
            .filter(|(name, _)| !post.is_women_only() || self.is_female(name))
            .collect()
    }
}

/// Counts one round.
pub fn count_round(input: &RoundInput) -> Result<RoundResult, InputError> {
    check_input(input)?;
    let cast = input.ballots.len() as u64;
    let mut result = RoundResult { ballots_cast: cast, valid: true, ..RoundResult::default() };
    // A new vote lists every candidate, with no votes too; names outside it count for no one.
    let mut tallies: Vec<BTreeMap<String, u64>> = input
        .posts
        .iter()
        .map(|p| if p.new_vote { p.candidates.iter().map(|c| (c.clone(), 0)).collect() } else { BTreeMap::new() })
        .collect();
    for ballot in &input.ballots {
        match read_ballot(ballot, &input.posts) {
            Ok(marks) => {
                for (index, post) in input.posts.iter().enumerate() {
                    for name in marks.get(&post.post).into_iter().flatten() {
                        if !post.new_vote || post.candidates.contains(name) {
                            *tallies[index].entry(name.clone()).or_insert(0) += 1;
                        }
                    }
                }
            }
            Err(_) => result.invalid_ballots += 1,
        }
    }
    if input.voted.is_some_and(|voted| cast > voted) || cast > input.registered_voters {
        result.valid = false;
        result.invalid_reason = Some("more_ballots_than_voters".into());
    } else if !input.rules.turnout.reached(cast, input.registered_voters) {
        result.valid = false;
        result.invalid_reason = Some("turnout".into());
    }
    let bar = match input.round {
        Round::First => input.rules.first_round,
        Round::Further => input.rules.further_round,
    };
    let counter = Counter { input, cast, bar };
    result.posts = input
        .posts
        .iter()
        .zip(tallies)
        .map(|(post, votes)| PostResult {
            post: post.post.clone(),
            seats: post.seats,
            votes,
            new_vote: post.new_vote,
            ..PostResult::default()
        })
        .collect();
    if !result.valid {
        for post in &mut result.posts {
            post.unfilled = post.seats;
        }
        return Ok(result);
    }
    result.unseated = avoidance::elect(&counter, &mut result.posts);
    let standing: Vec<String> = result
        .posts
        .iter()
        .flat_map(|p| p.elected.iter().cloned())
        .chain(
            input
                .elected_before
                .iter()
                .filter(|e| !result.unseated.iter().any(|u| u.name == e.name))
                .map(|e| e.name.clone()),
        )
        .collect();
    match input.round {
        Round::First => {
            let woman_elected = standing.iter().any(|n| counter.is_female(n));
            for index in 0..result.posts.len() {
                let spec = &input.posts[index];
                // Art. 29: the woman-member post goes on only while no woman is elected.
                if spec.new_vote || (spec.is_women_only() && woman_elected) {
                    continue;
                }
                let candidates = rounds::further_candidates(&counter, index, &result.posts, &standing);
                let post = &mut result.posts[index];
                post.further_round = post.unfilled > post.runoff_seats + post.kin_runoffs.len();
                post.further_round_candidates = candidates;
            }
        }
        Round::Further => {
            let empty = result.posts.iter().any(|p| p.unfilled > p.runoff_seats + p.kin_runoffs.len());
            result.empty_seats_may_stay = (empty || !result.unseated.is_empty())
                .then_some(standing.len() >= input.rules.min_elected_to_leave_empty);
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests;

//! Counting one round of one committee election (Arts. 27–31): validity, invalid
//! ballots, the first-round and further-round bars, ties that need a new vote, the
//! woman-member post, kinship avoidance, and the candidates of a further round.
//! Every threshold is data (`CountRules`), defaulting to the regulation's.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::Violation;

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
}

impl PostSpec {
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
    /// Further round: who the first round elected (for the woman-member post, kinship and
    /// the Art. 30 minimum).
    #[serde(default)]
    pub elected_before: Vec<String>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_seats_may_stay: Option<bool>,
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

/// Fills `seats` from a ranking of eligible people. When the last seat falls inside a
/// group of equal votes, that group goes to a new vote for the seats left.
fn fill(eligible: &[(&str, u64)], seats: usize) -> (Vec<String>, Vec<String>, usize) {
    if eligible.len() <= seats {
        return (eligible.iter().map(|(n, _)| n.to_string()).collect(), Vec::new(), 0);
    }
    let boundary = eligible[seats - 1].1;
    if eligible[seats].1 != boundary {
        return (eligible[..seats].iter().map(|(n, _)| n.to_string()).collect(), Vec::new(), 0);
    }
    let above: Vec<String> = eligible.iter().filter(|(_, v)| *v > boundary).map(|(n, _)| n.to_string()).collect();
    let tied: Vec<String> = eligible.iter().filter(|(_, v)| *v == boundary).map(|(n, _)| n.to_string()).collect();
    let left = seats - above.len();
    (above, tied, left)
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

    /// People of a post's ranking who may take one of its seats now.
    fn eligible<'v>(
        &self,
        post: &PostSpec,
        votes: &'v BTreeMap<String, u64>,
        taken: &HashSet<String>,
    ) -> Vec<(&'v str, u64)> {
        ranking(votes)
            .into_iter()
            .filter(|(name, v)| self.bar.reached(*v, self.cast) && !taken.contains(*name))
            .filter(|(name, _)| !post.is_women_only() || self.is_female(name))
            .collect()
    }
}

/// Counts one round.
pub fn count_round(input: &RoundInput) -> Result<RoundResult, InputError> {
    check_input(input)?;
    let cast = input.ballots.len() as u64;
    let mut result = RoundResult { ballots_cast: cast, valid: true, ..RoundResult::default() };
    let mut tallies: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); input.posts.len()];
    for ballot in &input.ballots {
        match read_ballot(ballot, &input.posts) {
            Ok(marks) => {
                for (index, post) in input.posts.iter().enumerate() {
                    for name in marks.get(&post.post).into_iter().flatten() {
                        *tallies[index].entry(name.clone()).or_insert(0) += 1;
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
        .map(|(post, votes)| PostResult { post: post.post.clone(), seats: post.seats, votes, ..PostResult::default() })
        .collect();
    if !result.valid {
        for post in &mut result.posts {
            post.unfilled = post.seats;
        }
        return Ok(result);
    }
    elect(&counter, &mut result.posts);
    let elected_now: Vec<String> = result.posts.iter().flat_map(|p| p.elected.clone()).collect();
    match input.round {
        Round::First => {
            let woman_elected = elected_now.iter().chain(&input.elected_before).any(|n| counter.is_female(n));
            for (post, spec) in result.posts.iter_mut().zip(&input.posts) {
                // Art. 29: the woman-member post goes on only while no woman is elected.
                if spec.is_women_only() && woman_elected {
                    continue;
                }
                post.further_round_candidates = further_candidates(&counter, spec, post, &elected_now);
            }
        }
        Round::Further => {
            let total = elected_now.len() + input.elected_before.len();
            let empty = result.posts.iter().any(|p| p.unfilled > p.runoff_seats);
            result.empty_seats_may_stay = empty.then_some(total >= input.rules.min_elected_to_leave_empty);
        }
    }
    Ok(result)
}

/// Elects post by post in rank order (a person elected to a higher post leaves the lower
/// ones), then applies kinship avoidance until no two kin remain elected.
fn elect(counter: &Counter<'_>, posts: &mut [PostResult]) {
    let specs = &counter.input.posts;
    // People out of the running: elected above, or removed by kinship avoidance.
    let mut excluded: HashSet<String> = counter.input.elected_before.iter().cloned().collect();
    let mut removed: Vec<HashSet<String>> = vec![HashSet::new(); posts.len()];
    loop {
        let mut taken = excluded.clone();
        for (index, post) in posts.iter_mut().enumerate() {
            let mut blocked = taken.clone();
            blocked.extend(removed[index].iter().cloned());
            let eligible = counter.eligible(&specs[index], &post.votes, &blocked);
            let (elected, runoff, runoff_seats) = fill(&eligible, specs[index].seats);
            taken.extend(elected.iter().cloned());
            post.unfilled = specs[index].seats - elected.len();
            post.elected = elected;
            post.runoff = runoff;
            post.runoff_seats = runoff_seats;
        }
        match kin_conflict(counter, posts) {
            None => return,
            Some(Avoidance::Remove { post, name }) => {
                removed[post].insert(name);
            }
            Some(Avoidance::NewVote { post, names }) => {
                // Equal post, equal votes: both leave the elected list and a new vote
                // between them decides the seat.
                let p = &mut posts[post];
                p.elected.retain(|n| !names.contains(n));
                p.unfilled = p.seats - p.elected.len();
                p.runoff = names;
                p.runoff_seats = 1;
                excluded.extend(p.runoff.iter().cloned());
                return;
            }
        }
    }
}

enum Avoidance {
    Remove { post: usize, name: String },
    NewVote { post: usize, names: Vec<String> },
}

/// The first pair of elected kin (Art. 31): the one in the lower post leaves; in the same
/// post the one with fewer votes; with equal votes, a new vote.
fn kin_conflict(counter: &Counter<'_>, posts: &[PostResult]) -> Option<Avoidance> {
    let elected: Vec<(usize, &str, u64)> = posts
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.elected.iter().map(move |n| (i, n.as_str(), p.votes.get(n).copied().unwrap_or(0))))
        .collect();
    for (a, (post_a, name_a, votes_a)) in elected.iter().enumerate() {
        for (post_b, name_b, votes_b) in &elected[a + 1..] {
            if !counter.are_kin(name_a, name_b) {
                continue;
            }
            return Some(if post_a != post_b {
                // Posts are in rank order: the later one is lower.
                Avoidance::Remove { post: *post_b, name: name_b.to_string() }
            } else if votes_a != votes_b {
                let loser = if votes_a < votes_b { name_a } else { name_b };
                Avoidance::Remove { post: *post_a, name: loser.to_string() }
            } else {
                Avoidance::NewVote { post: *post_a, names: vec![name_a.to_string(), name_b.to_string()] }
            });
        }
    }
    None
}

/// The not-elected of the first round, by votes, for the seats left (without those a new
/// vote decides), plus `further_candidates_extra`; a tie at the cut keeps everyone tied.
fn further_candidates(counter: &Counter<'_>, spec: &PostSpec, post: &PostResult, elected: &[String]) -> Vec<String> {
    let open = post.unfilled - post.runoff_seats;
    if open == 0 {
        return Vec::new();
    }
    let wanted = open + counter.input.rules.further_candidates_extra;
    let pool: Vec<(&str, u64)> = ranking(&post.votes)
        .into_iter()
        .filter(|(n, _)| !elected.iter().any(|e| e == n) && !post.runoff.iter().any(|r| r == n))
        .filter(|(n, _)| !spec.is_women_only() || counter.is_female(n))
        .collect();
    let Some(cut) = pool.get(wanted.saturating_sub(1)).map(|(_, v)| *v) else {
        return pool.iter().map(|(n, _)| n.to_string()).collect();
    };
    pool.iter().take_while(|(_, v)| *v >= cut).map(|(n, _)| n.to_string()).collect()
}

/// The ballot of the further round (另行选举, Art. 29) after a first round: per post, the
/// seats it left open, between its further-round candidates and the people tied for a
/// seat (their new vote is held on the same ballot). Empty: nothing is left to elect.
pub fn further_round_posts(specs: &[PostSpec], first: &RoundResult) -> Vec<PostSpec> {
    specs
        .iter()
        .zip(&first.posts)
        .filter(|(_, result)| result.unfilled > 0)
        .filter_map(|(spec, result)| {
            let mut candidates = result.runoff.clone();
            candidates.extend(result.further_round_candidates.iter().cloned());
            let seats = if result.further_round_candidates.is_empty() { result.runoff_seats } else { result.unfilled };
            (seats > 0 && !candidates.is_empty()).then(|| PostSpec {
                post: spec.post.clone(),
                seats,
                candidates,
                women_only: spec.women_only,
            })
        })
        .collect()
}

/// Who a first round and its further round elected, post by post.
pub fn elected_after(first: &RoundResult, further: Option<&RoundResult>) -> Vec<(String, Vec<String>)> {
    first
        .posts
        .iter()
        .map(|p| {
            let mut names = p.elected.clone();
            if let Some(more) = further.and_then(|f| f.posts.iter().find(|q| q.post == p.post)) {
                names.extend(more.elected.iter().cloned());
            }
            (p.post.clone(), names)
        })
        .collect()
}

#[cfg(test)]
mod tests;

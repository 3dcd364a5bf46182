//! The rounds after the first (Arts. 28–31): new votes between the tied or between kin
//! with equal votes, the further round (另行选举) for seats no one won, and who holds the
//! seats once they are counted.

use std::collections::{BTreeSet, HashSet};

use super::{CountRules, Counter, Earlier, PostResult, PostSpec, RoundResult, ranking};
use crate::Violation;

/// The not-elected of the first round, by votes, for the seats left open (without those a
/// new vote decides), plus `further_candidates_extra`; a tie at the cut keeps everyone
/// tied. Out: whoever holds a seat, stands in a new vote for this post or a higher one
/// (one person, one post), left this post by kinship avoidance, or is kin of someone
/// holding a seat (they would leave again).
pub(super) fn further_candidates(
    counter: &Counter<'_>,
    index: usize,
    posts: &[PostResult],
    standing: &[String],
) -> Vec<String> {
    let spec = &counter.input.posts[index];
    let post = &posts[index];
    let open = post.unfilled.saturating_sub(post.runoff_seats + post.kin_runoffs.len());
    if open == 0 {
        return Vec::new();
    }
    let out: HashSet<&str> = posts
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            let runoff = if i <= index { p.runoff.as_slice() } else { &[] };
            p.elected.iter().chain(runoff).chain(p.kin_runoffs.iter().flatten()).chain(&p.avoided)
        })
        .map(String::as_str)
        .collect();
    let wanted = open + counter.input.rules.further_candidates_extra;
    let pool: Vec<(&str, u64)> = ranking(&post.votes)
        .into_iter()
        .filter(|(n, _)| !out.contains(n) && !standing.iter().any(|s| counter.are_kin(n, s)))
        .filter(|(n, _)| !spec.is_women_only() || counter.is_female(n))
        .collect();
    let Some(cut) = pool.get(wanted.saturating_sub(1)).map(|(_, v)| *v) else {
        return pool.iter().map(|(n, _)| n.to_string()).collect();
    };
    pool.iter().take_while(|(_, v)| *v >= cut).map(|(n, _)| n.to_string()).collect()
}

/// Who holds a seat after these rounds (the first, then the later ones in order), with
/// their post and the votes that elected them. Invalid rounds change nothing.
pub fn elected_before(rounds: &[RoundResult]) -> Vec<Earlier> {
    let mut holders: Vec<Earlier> = Vec::new();
    for round in rounds.iter().filter(|r| r.valid) {
        holders.retain(|h| !round.unseated.iter().any(|u| u.name == h.name));
        for post in &round.posts {
            for name in &post.elected {
                let votes = post.votes.get(name).copied().unwrap_or(0);
                holders.push(Earlier { name: name.clone(), post: Some(post.post.clone()), votes });
            }
        }
    }
    holders
}

/// Who holds a seat after these rounds, post by post in the ballot's order.
pub fn elected_after(specs: &[PostSpec], rounds: &[RoundResult]) -> Vec<(String, Vec<String>)> {
    let holders = elected_before(rounds);
    specs
        .iter()
        .map(|spec| {
            let names = holders.iter().filter(|h| h.post.as_deref() == Some(&spec.post)).map(|h| h.name.clone());
            (spec.post.clone(), names.collect())
        })
        .collect()
}

/// The groups of a post's results that needed a new vote (the tied, kin with equal
/// votes) and no later new vote took up, in the order they arose, with their seats.
fn pending_new_votes(results: &[&PostResult]) -> Vec<(Vec<String>, usize)> {
    let mut pending = Vec::new();
    for (k, result) in results.iter().enumerate() {
        let tie = (!result.runoff.is_empty()).then(|| (result.runoff.clone(), result.runoff_seats));
        for (names, seats) in tie.into_iter().chain(result.kin_runoffs.iter().map(|g| (g.clone(), 1))) {
            let group: BTreeSet<&String> = names.iter().collect();
            let held = results[k + 1..]
                .iter()
                .any(|later| later.new_vote && later.votes.keys().collect::<BTreeSet<_>>() == group);
            if !held {
                pending.push((names, seats));
            }
        }
    }
    pending
}

/// The ballot of the next round after these counted rounds (empty: nothing is left to
/// elect). Per post, in order:
/// - a new vote pending (a tie at the last seat, Arts. 28 and 29, or kin with equal votes,
///   Art. 31): a new vote between those people only, for their seats; a second new vote
///   of the same post waits for the next round;
/// - otherwise seats no one holds, while the post has not had its further round (Art. 29;
///   the woman-member post only while no woman is elected): the further round, between
///   the first round's candidates who hold no seat (write-ins count too, Art. 21).
///
/// After its further round a post's empty seats stay empty (Art. 30, checked at seating).
/// An invalid round is held again.
pub fn next_round_posts(specs: &[PostSpec], rounds: &[RoundResult]) -> Vec<PostSpec> {
    let valid: Vec<&RoundResult> = rounds.iter().filter(|r| r.valid).collect();
    if rounds.first().is_none_or(|first| !first.valid) {
        return Vec::new();
    }
    let holders = elected_before(rounds);
    let mut next = Vec::new();
    for spec in specs {
        let results: Vec<&PostResult> =
            valid.iter().filter_map(|r| r.posts.iter().find(|p| p.post == spec.post)).collect();
        let Some(first) = results.first() else { continue };
        let pending = pending_new_votes(&results);
        if let Some((names, seats)) = pending.first() {
            next.push(PostSpec { candidates: names.clone(), new_vote: true, ..PostSpec::new(&spec.post, *seats) });
            continue;
        }
        let held = holders.iter().filter(|h| h.post.as_deref() == Some(&spec.post)).count();
        let open = spec.seats.saturating_sub(held);
        let further_held = results[1..].iter().any(|r| !r.new_vote);
        if open > 0 && first.further_round && !further_held {
            let candidates =
                first.further_round_candidates.iter().filter(|c| !holders.iter().any(|h| &h.name == *c)).cloned();
            next.push(PostSpec {
                candidates: candidates.collect(),
                women_only: spec.women_only,
                ..PostSpec::new(&spec.post, open)
            });
        }
    }
    next
}

/// Art. 29: a further round has more candidates than seats (the rule's extra ones); with
/// fewer it cannot run as a competitive election, only as a self-nomination round.
pub fn check_further_round(posts: &[PostSpec], rules: &CountRules) -> Result<(), Violation> {
    match posts.iter().find(|p| !p.new_vote && p.candidates.len() < p.seats + rules.further_candidates_extra) {
        Some(short) => Err(Violation::new("further-round-too-few-candidates")
            .with("post", &short.post)
            .with("seats", short.seats)
            .with("candidates", short.candidates.len())
            .with("needed", short.seats + rules.further_candidates_extra)),
        None => Ok(()),
    }
}

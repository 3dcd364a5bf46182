//! Filling a round's seats post by post with kinship avoidance (Art. 31): among elected
//! spouses, parents and children, and siblings, of this round or an earlier one, only the
//! one in the highest post stays; in the same post the one with more votes; with equal
//! votes a new vote decides. A seat so freed goes to the next person above the round's bar.

use std::collections::HashSet;

use super::{Counter, PostResult, Unseated, fill};

/// A person holding or about to hold a seat, as kinship avoidance compares them.
struct Holder {
    name: String,
    /// Rank of the post, 0 the highest; `None`: elected earlier in a post not given.
    rank: Option<usize>,
    votes: u64,
    /// This round's post index; `None` for someone elected in an earlier round.
    post: Option<usize>,
    /// In a new vote between kin (a group of `groups`).
    grouped: bool,
}

/// What resolving one pair of kin does.
enum Avoidance {
    /// The weaker of the pair leaves.
    Leaves { name: String, post: Option<usize> },
    /// Same post, same votes: a new vote between them for one seat of this round's post.
    NewVote { post: usize, names: [String; 2] },
}

/// The state kinship avoidance builds up while it fills the seats again and again.
#[derive(Default)]
struct Decisions {
    /// Per post of this round: people who leave it.
    removed: Vec<HashSet<String>>,
    /// Earlier winners who leave.
    left_earlier: HashSet<String>,
    /// Kin with equal votes in one post of this round: (post, names), one seat each.
    groups: Vec<(usize, Vec<String>)>,
}

impl Decisions {
    fn grouped(&self, name: &str) -> bool {
        self.groups.iter().any(|(_, g)| g.iter().any(|n| n == name))
    }

    /// An earlier winner no longer holds the seat: left, or in a new vote.
    fn unseated(&self, name: &str) -> bool {
        self.left_earlier.contains(name) || self.grouped(name)
    }

    fn apply(&mut self, avoidance: Avoidance) {
        match avoidance {
            Avoidance::Leaves { name, post } => {
                match post {
                    Some(post) => self.removed[post].insert(name.clone()),
                    None => self.left_earlier.insert(name.clone()),
                };
                // Out of any new vote; a new vote left with one person is no new vote.
                for (_, group) in &mut self.groups {
                    group.retain(|n| *n != name);
                }
                self.groups.retain(|(_, g)| g.len() > 1);
            }
            Avoidance::NewVote { post, names } => {
                match self.groups.iter_mut().find(|(p, g)| *p == post && names.iter().any(|n| g.contains(n))) {
                    Some((_, group)) => {
                        group.extend(names.into_iter().filter(|n| !group.contains(n)).collect::<Vec<_>>())
                    }
                    None => self.groups.push((post, names.to_vec())),
                }
                for (_, group) in &mut self.groups {
                    group.sort();
                }
            }
        }
    }
}

/// Elects post by post in rank order (a person elected to a higher post, or standing in a
/// new vote for it, leaves the lower ones), then applies kinship avoidance across this
/// round and the earlier ones until no two kin hold seats. Returns the earlier winners
/// who leave.
pub(super) fn elect(counter: &Counter<'_>, posts: &mut [PostResult]) -> Vec<Unseated> {
    let specs = &counter.input.posts;
    let earlier = &counter.input.elected_before;
    let mut decisions = Decisions { removed: vec![HashSet::new(); posts.len()], ..Decisions::default() };
    loop {
        let mut taken: HashSet<String> =
            earlier.iter().filter(|e| !decisions.unseated(&e.name)).map(|e| e.name.clone()).collect();
        taken.extend(decisions.groups.iter().flat_map(|(_, g)| g.iter().cloned()));
        for (index, post) in posts.iter_mut().enumerate() {
            let spec = &specs[index];
            // The seats of this post, plus those earlier winners of it leave (Art. 31),
            // less those a new vote between kin holds.
            let freed = if spec.new_vote {
                0
            } else {
                earlier.iter().filter(|e| e.post.as_deref() == Some(&spec.post) && decisions.unseated(&e.name)).count()
            };
            let held = decisions.groups.iter().filter(|(p, _)| *p == index).count();
            let mut blocked = taken.clone();
            blocked.extend(decisions.removed[index].iter().cloned());
            let eligible = counter.eligible(spec, &post.votes, &blocked);
            let filled = fill(&eligible, (spec.seats + freed).saturating_sub(held));
            taken.extend(filled.elected.iter().cloned());
            // One person, one post: whoever stands in a new vote here is out of the lower posts.
            taken.extend(filled.runoff.iter().cloned());
            post.seats = spec.seats + freed;
            post.unfilled = post.seats - filled.elected.len();
            post.elected = filled.elected;
            post.runoff = filled.runoff;
            post.runoff_seats = filled.runoff_seats;
            post.kin_runoffs = decisions.groups.iter().filter(|(p, _)| *p == index).map(|(_, g)| g.clone()).collect();
            let mut avoided: Vec<String> = decisions.removed[index].iter().cloned().collect();
            avoided.sort();
            post.avoided = avoided;
        }
        match kin_conflict(counter, posts, &decisions) {
            Some(avoidance) => decisions.apply(avoidance),
            None => break,
        }
    }
    earlier
        .iter()
        .filter(|e| decisions.unseated(&e.name))
        .map(|e| Unseated { post: e.post.clone().unwrap_or_default(), name: e.name.clone() })
        .collect()
}

/// Everyone holding a seat or standing in a new vote between kin, strongest first: a
/// post not given first (it cannot be compared), then by rank, then by votes.
fn holders(counter: &Counter<'_>, posts: &[PostResult], decisions: &Decisions) -> Vec<Holder> {
    let mut holders: Vec<Holder> = counter
        .input
        .elected_before
        .iter()
        .filter(|e| !decisions.left_earlier.contains(&e.name))
        .map(|e| Holder {
            name: e.name.clone(),
            rank: e.post.as_deref().and_then(|p| counter.rank(p)),
            votes: e.votes,
            post: None,
            grouped: decisions.grouped(&e.name),
        })
        .collect();
    for (index, post) in posts.iter().enumerate() {
        let rank = counter.rank(&post.post);
        let mut names: Vec<&String> = post.elected.iter().collect();
        names.extend(decisions.groups.iter().filter(|(p, _)| *p == index).flat_map(|(_, g)| g));
        for name in names {
            if holders.iter().any(|h| h.name == *name) {
                continue; // an earlier winner in a new vote with kin of this round
            }
            let votes = post.votes.get(name).copied().unwrap_or(0);
            holders.push(Holder {
                name: name.clone(),
                rank,
                votes,
                post: Some(index),
                grouped: decisions.grouped(name),
            });
        }
    }
    holders.sort_by(|a, b| {
        let key = |h: &Holder| (h.rank.map_or(0, |r| r + 1), std::cmp::Reverse(h.votes));
        key(a).cmp(&key(b)).then(a.name.cmp(&b.name))
    });
    holders
}

/// The strongest pair of kin holding seats: the weaker one leaves, or with the same post
/// and votes they go to a new vote. Two earlier winners were compared in their own round;
/// two people already in one new vote are settled by it.
fn kin_conflict(counter: &Counter<'_>, posts: &[PostResult], decisions: &Decisions) -> Option<Avoidance> {
    let holders = holders(counter, posts, decisions);
    let post_of = |h: &Holder| {
        h.post.or_else(|| {
            let name = counter.input.elected_before.iter().find(|e| e.name == h.name)?.post.as_deref()?;
            posts.iter().position(|p| p.post == name && !p.new_vote)
        })
    };
    for (i, a) in holders.iter().enumerate() {
        for b in &holders[i + 1..] {
            let both_earlier = a.post.is_none() && b.post.is_none();
            if both_earlier || (a.grouped && b.grouped && same_group(decisions, &a.name, &b.name)) {
                continue;
            }
            if !counter.are_kin(&a.name, &b.name) {
                continue;
            }
            // Only an earlier winner's rank can be unknown; the other one leaves.
            let tie = a.rank.is_some() && a.rank == b.rank && a.votes == b.votes;
            return Some(match (tie, post_of(a).or(post_of(b))) {
                (true, Some(post)) => Avoidance::NewVote { post, names: [a.name.clone(), b.name.clone()] },
                _ => Avoidance::Leaves { name: b.name.clone(), post: b.post },
            });
        }
    }
    None
}

fn same_group(decisions: &Decisions, a: &str, b: &str) -> bool {
    decisions.groups.iter().any(|(_, g)| g.iter().any(|n| n == a) && g.iter().any(|n| n == b))
}

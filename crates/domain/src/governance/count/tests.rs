use super::*;

fn post(name: &str, seats: usize) -> PostSpec {
    PostSpec::new(name, seats)
}

/// `n` copies of a ballot naming `names` for the post `post`.
fn ballots(n: usize, post: &str, names: &[&str]) -> Vec<Ballot> {
    let ballot: Ballot = [(post.to_string(), names.iter().map(|s| s.to_string()).collect())].into();
    vec![ballot; n]
}

fn input(registered: u64, round: Round, posts: Vec<PostSpec>, ballots: Vec<Ballot>) -> RoundInput {
    RoundInput {
        registered_voters: registered,
        voted: None,
        round,
        posts,
        people: HashMap::new(),
        rules: CountRules::default(),
        ballots,
        elected_before: Vec::new(),
        post_order: Vec::new(),
    }
}

fn women(names: &[&str]) -> HashMap<String, Person> {
    names.iter().map(|n| (n.to_string(), Person { gender: Some(Gender::Female), kin: Vec::new() })).collect()
}

#[test]
fn a_round_with_exactly_half_the_voters_is_invalid_and_one_more_makes_it_valid() {
    let half = count_round(&input(100, Round::First, vec![post("member", 1)], ballots(50, "member", &["甲"]))).unwrap();
    assert!(!half.valid);
    assert_eq!(half.invalid_reason.as_deref(), Some("turnout"));
    assert!(half.posts[0].elected.is_empty());
    let more = count_round(&input(100, Round::First, vec![post("member", 1)], ballots(51, "member", &["甲"]))).unwrap();
    assert!(more.valid);
    assert_eq!(more.posts[0].elected, ["甲"]);
}

#[test]
fn more_ballots_than_people_who_voted_invalidates_the_round() {
    let mut round = input(100, Round::First, vec![post("member", 1)], ballots(60, "member", &["甲"]));
    round.voted = Some(59);
    let result = count_round(&round).unwrap();
    assert!(!result.valid);
    assert_eq!(result.invalid_reason.as_deref(), Some("more_ballots_than_voters"));
    round.voted = Some(60);
    assert!(count_round(&round).unwrap().valid);
}

#[test]
fn the_first_round_needs_more_than_half_of_the_ballots_cast() {
    // 80 cast: 40 is exactly half (not elected), 41 is more than half.
    let mut cast = ballots(40, "member", &["甲"]);
    cast.extend(ballots(40, "member", &["乙"]));
    let result = count_round(&input(100, Round::First, vec![post("member", 2)], cast)).unwrap();
    assert!(result.posts[0].elected.is_empty());
    assert_eq!(result.posts[0].unfilled, 2);
    let mut cast = ballots(41, "member", &["甲"]);
    cast.extend(ballots(39, "member", &["乙"]));
    let result = count_round(&input(100, Round::First, vec![post("member", 2)], cast)).unwrap();
    assert_eq!(result.posts[0].elected, ["甲"]);
    assert_eq!(result.posts[0].unfilled, 1);
}

#[test]
fn invalid_and_blank_ballots_count_as_cast_and_raise_the_bar() {
    // 60 ballots: 31 for 甲 would be more than half of 60, but 甲 has 30 valid votes.
    let mut cast = ballots(30, "member", &["甲"]);
    cast.extend(ballots(10, "member", &["乙", "丙", "丁"])); // three names, two seats: invalid
    cast.extend(ballots(20, "member", &[])); // blank
    let result = count_round(&input(100, Round::First, vec![post("member", 2)], cast)).unwrap();
    assert_eq!(result.ballots_cast, 60);
    assert_eq!(result.invalid_ballots, 10);
    assert_eq!(result.posts[0].votes.get("乙"), None, "an invalid ballot gives no votes");
    assert!(result.posts[0].elected.is_empty(), "30 of 60 is not more than half");
}

#[test]
fn one_person_named_for_two_posts_invalidates_the_ballot() {
    let ballot: Ballot =
        [("director".to_string(), vec!["甲".to_string()]), ("member".to_string(), vec!["甲".to_string()])].into();
    let result =
        count_round(&input(10, Round::First, vec![post("director", 1), post("member", 2)], vec![ballot; 6])).unwrap();
    assert_eq!(result.invalid_ballots, 6);
    assert!(result.posts.iter().all(|p| p.elected.is_empty()));
}

#[test]
fn when_more_pass_than_seats_the_most_votes_win() {
    let mut cast = ballots(70, "member", &["甲", "乙"]);
    cast.extend(ballots(20, "member", &["丙", "乙"]));
    cast.extend(ballots(10, "member", &["丙", "甲"]));
    // 甲 80, 乙 90, 丙 30 of 100: 甲 and 乙 pass; 丙 does not.
    let result = count_round(&input(120, Round::First, vec![post("member", 2)], cast)).unwrap();
    assert_eq!(result.posts[0].elected, ["乙", "甲"]);
}

#[test]
fn a_tie_at_the_last_seat_goes_to_a_new_vote() {
    let mut cast = ballots(60, "member", &["甲", "乙"]);
    cast.extend(ballots(30, "member", &["甲", "丙"]));
    cast.extend(ballots(10, "member", &["丁"]));
    // 甲 90, 乙 60, 丙 30, 丁 10; now make 丙 tie 乙 at the last seat.
    cast.extend(ballots(30, "member", &["丙"]));
    let result = count_round(&input(200, Round::First, vec![post("member", 2)], cast)).unwrap();
    // 130 cast: the bar is 66. 甲 90 passes, 乙 60 and 丙 60 do not: no tie to break.
    assert_eq!(result.posts[0].elected, ["甲"]);
    assert!(result.posts[0].runoff.is_empty());

    let mut cast = ballots(40, "member", &["甲", "乙"]);
    cast.extend(ballots(40, "member", &["甲", "丙"]));
    cast.extend(ballots(20, "member", &["乙", "丙"]));
    // 甲 80, 乙 60, 丙 60 of 100: all pass, one seat left between 乙 and 丙.
    let result = count_round(&input(150, Round::First, vec![post("member", 2)], cast)).unwrap();
    let member = &result.posts[0];
    assert_eq!(member.elected, ["甲"]);
    assert_eq!(member.runoff, ["丙", "乙"]);
    assert_eq!(member.runoff_seats, 1);
    assert_eq!(member.unfilled, 1);
    assert!(member.further_round_candidates.is_empty(), "the new vote, not a further round, fills that seat");
}

#[test]
fn the_further_round_needs_at_least_one_third() {
    // 90 cast: 30 is exactly one third (elected), 29 is not.
    let mut cast = ballots(30, "member", &["甲"]);
    cast.extend(ballots(29, "member", &["乙"]));
    cast.extend(ballots(31, "member", &[]));
    let mut further = input(100, Round::Further, vec![post("member", 2)], cast);
    further.posts[0].candidates = vec!["甲".into(), "乙".into(), "丙".into()];
    let result = count_round(&further).unwrap();
    assert_eq!(result.posts[0].elected, ["甲"]);
    assert_eq!(result.posts[0].unfilled, 1);
}

#[test]
fn seats_left_empty_after_the_further_round_may_stay_empty_once_three_are_elected() {
    let mut further = input(100, Round::Further, vec![post("member", 2)], ballots(60, "member", &["戊"]));
    further.elected_before = vec!["甲".into(), "乙".into()];
    let result = count_round(&further).unwrap();
    assert_eq!(result.posts[0].elected, ["戊"]);
    assert_eq!(result.empty_seats_may_stay, Some(true), "甲, 乙 and 戊 make three");
    further.elected_before.pop();
    assert_eq!(count_round(&further).unwrap().empty_seats_may_stay, Some(false));
}

#[test]
fn a_higher_post_takes_the_person_and_the_lower_seat_goes_to_the_next() {
    let ballot: Ballot = [
        ("director".to_string(), vec!["甲".to_string()]),
        ("member".to_string(), vec!["乙".to_string(), "丙".to_string()]),
    ]
    .into();
    let other: Ballot = [("member".to_string(), vec!["甲".to_string(), "丙".to_string()])].into();
    let mut cast = vec![ballot; 60];
    cast.extend(vec![other; 40]);
    // director: 甲 60. member: 乙 60, 丙 100, 甲 40 (甲 is director anyway).
    let result = count_round(&input(150, Round::First, vec![post("director", 1), post("member", 2)], cast)).unwrap();
    assert_eq!(result.posts[0].elected, ["甲"]);
    assert_eq!(result.posts[1].elected, ["丙", "乙"]);
}

#[test]
fn further_round_candidates_are_the_seats_left_plus_one_by_votes_with_ties_at_the_cut_kept() {
    let mut cast = ballots(60, "member", &["甲", "乙"]);
    cast.extend(ballots(20, "member", &["丙", "丁"]));
    cast.extend(ballots(10, "member", &["戊", "己"]));
    cast.extend(ballots(10, "member", &["庚", "己"]));
    // 100 cast: 甲 60 and 乙 60 elected to 2 of 4 seats; left 2 → 3 candidates:
    // 丙 20, 丁 20, 己 20 (all tied at the cut), 戊 10, 庚 10.
    let result = count_round(&input(150, Round::First, vec![post("member", 4)], cast)).unwrap();
    let member = &result.posts[0];
    // Equal votes list in code-point order, so results never depend on input order.
    assert_eq!(member.elected, ["乙", "甲"]);
    assert_eq!(member.unfilled, 2);
    assert_eq!(member.further_round_candidates, ["丁", "丙", "己"]);

    let mut cast = ballots(60, "member", &["甲", "乙"]);
    cast.extend(ballots(20, "member", &["丙", "丁"]));
    cast.extend(ballots(15, "member", &["丙", "己"]));
    cast.extend(ballots(5, "member", &["庚"]));
    // 丙 35, 丁 20, 己 15, 庚 5: the two seats left take three candidates.
    let result = count_round(&input(150, Round::First, vec![post("member", 4)], cast)).unwrap();
    assert_eq!(result.posts[0].further_round_candidates, ["丙", "丁", "己"]);
}

#[test]
fn only_women_can_take_the_woman_member_post() {
    let mut cast = ballots(60, "woman_member", &["张三"]);
    cast.extend(ballots(40, "woman_member", &["李梅"]));
    let mut round = input(150, Round::First, vec![post("member", 2), post("woman_member", 1)], cast);
    round.people = women(&["李梅", "王芳"]);
    let result = count_round(&round).unwrap();
    let woman = &result.posts[1];
    assert!(woman.elected.is_empty(), "张三 is not a woman; 李梅 has 40 of 100");
    assert_eq!(woman.unfilled, 1);
    assert_eq!(woman.further_round_candidates, ["李梅"], "no woman elected: the post goes on, women only");
}

#[test]
fn once_a_woman_is_elected_the_woman_member_post_does_not_go_on() {
    let mut cast = ballots(70, "member", &["王芳"]);
    cast.extend(ballots(30, "woman_member", &["李梅"]));
    let mut round = input(150, Round::First, vec![post("member", 2), post("woman_member", 1)], cast);
    round.people = women(&["李梅", "王芳"]);
    let result = count_round(&round).unwrap();
    assert_eq!(result.posts[0].elected, ["王芳"]);
    assert!(result.posts[1].further_round_candidates.is_empty());
}

#[test]
fn of_two_elected_kin_the_one_in_the_lower_post_leaves_and_the_next_takes_the_seat() {
    let ballot: Ballot = [
        ("director".to_string(), vec!["甲".to_string()]),
        ("member".to_string(), vec!["乙".to_string(), "丙".to_string()]),
    ]
    .into();
    let mut cast = vec![ballot; 70];
    cast.extend(ballots(30, "member", &["丁"]));
    cast.extend(ballots(30, "member", &["丁"]));
    // 130 cast (bar 66): director 甲 70; member 乙 70, 丙 70, 丁 60.
    let mut round = input(200, Round::First, vec![post("director", 1), post("member", 2)], cast);
    round.people.insert("乙".into(), Person { gender: None, kin: vec!["甲".into()] });
    let result = count_round(&round).unwrap();
    assert_eq!(result.posts[0].elected, ["甲"]);
    assert_eq!(result.posts[1].elected, ["丙"], "乙 leaves; 丁 (60 of 130) is not above half");
    assert_eq!(result.posts[1].unfilled, 1);
}

#[test]
fn kin_in_the_same_post_keep_the_one_with_more_votes_or_go_to_a_new_vote() {
    let mut cast = ballots(60, "member", &["甲", "乙"]);
    cast.extend(ballots(10, "member", &["甲"]));
    let mut round = input(100, Round::First, vec![post("member", 2)], cast);
    round.people.insert("甲".into(), Person { gender: None, kin: vec!["乙".into()] });
    let result = count_round(&round).unwrap();
    assert_eq!(result.posts[0].elected, ["甲"]);

    round.ballots = ballots(70, "member", &["甲", "乙"]);
    let result = count_round(&round).unwrap();
    assert!(result.posts[0].elected.is_empty());
    assert_eq!(result.posts[0].kin_runoffs, [vec!["乙".to_string(), "甲".to_string()]], "one seat, a new vote");
    assert_eq!(result.posts[0].unfilled, 2);
}

#[test]
fn a_ballot_naming_a_post_not_on_it_is_cast_but_invalid_and_the_count_goes_on() {
    let mut ballots = ballots(6, "member", &["甲"]);
    ballots.extend(self::ballots(1, "director", &["乙"]));
    let result = count_round(&input(10, Round::First, vec![post("member", 2)], ballots)).unwrap();
    assert_eq!((result.ballots_cast, result.invalid_ballots), (7, 1));
    assert_eq!(result.posts[0].votes.get("甲"), Some(&6));
    assert_eq!(result.posts[0].elected, ["甲"], "6 of 7 cast is more than half");
}

#[test]
fn uncountable_input_is_refused_with_a_reason() {
    assert_eq!(count_round(&input(10, Round::First, vec![], vec![])).unwrap_err(), InputError::NoPosts);
    assert_eq!(
        count_round(&input(10, Round::First, vec![post("member", 0)], vec![])).unwrap_err(),
        InputError::NoSeats("member".into())
    );
}

#[test]
fn shares_compare_exactly() {
    let third = Share { numerator: 1, denominator: 3, strict: false };
    assert!(third.reached(1, 3));
    assert!(!third.reached(333_333_333, 1_000_000_000));
    let half = Share { numerator: 1, denominator: 2, strict: true };
    assert!(!half.reached(2_000_000, 4_000_000));
    assert!(half.reached(2_000_001, 4_000_000));
}

fn kin(pairs: &[(&str, &str)]) -> HashMap<String, Person> {
    let mut people: HashMap<String, Person> = HashMap::new();
    for (a, b) in pairs {
        people.entry(a.to_string()).or_default().kin.push(b.to_string());
    }
    people
}

fn ballot(marks: &[(&str, &[&str])]) -> Ballot {
    marks.iter().map(|(post, names)| (post.to_string(), names.iter().map(|n| n.to_string()).collect())).collect()
}

fn earlier(name: &str, post: &str, votes: u64) -> Earlier {
    Earlier { name: name.into(), post: Some(post.into()), votes }
}

#[test]
fn a_tie_for_the_last_seat_goes_to_a_new_vote_between_the_tied_only_for_the_tied_seats() {
    // Art. 28. member, 2 seats: 甲 80, 乙 60, 丙 60 of 100 (all above half). director: no one
    // above half, so the director's seat goes to the further round on the same ballot.
    let mut cast = vec![ballot(&[("director", &["丁"]), ("member", &["甲", "乙"])]); 30];
    cast.extend(ballots(10, "member", &["甲", "乙"]));
    cast.extend(ballots(40, "member", &["甲", "丙"]));
    cast.extend(ballots(20, "member", &["乙", "丙"]));
    let specs = vec![post("director", 1), post("member", 2)];
    let first = count_round(&input(150, Round::First, specs.clone(), cast)).unwrap();
    let next = next_round_posts(&specs, std::slice::from_ref(&first));
    assert_eq!(next.len(), 2);
    assert_eq!((next[0].post.as_str(), next[0].new_vote, next[0].seats), ("director", false, 1));
    let member = &next[1];
    assert!(member.new_vote, "not merged onto the further round");
    assert_eq!((member.seats, member.candidates.clone()), (1, vec!["丙".to_string(), "乙".to_string()]));

    // The new vote: most votes win, whatever their share; a name outside it counts for no one.
    let mut round = input(150, Round::Further, next.clone(), vec![]);
    round.ballots = vec![ballot(&[("director", &["丁"]), ("member", &["乙"])]); 10];
    round.ballots.extend(vec![ballot(&[("director", &["丁"]), ("member", &["丙"])]); 5]);
    round.ballots.extend(ballots(50, "member", &["戊"]));
    round.ballots.extend(ballots(20, "director", &["丁"]));
    round.elected_before = elected_before(std::slice::from_ref(&first));
    round.post_order = vec!["director".into(), "member".into()];
    let second = count_round(&round).unwrap();
    assert_eq!(second.posts[1].elected, ["乙"], "10 of 85 is below a third, but this is a new vote");
    assert_eq!(second.posts[1].votes.get("戊"), None);
    assert_eq!(second.posts[0].elected, ["丁"], "35 of 85 is a third in the further round");
    let rounds = [first, second];
    assert!(next_round_posts(&specs, &rounds).is_empty());
    assert_eq!(elected_after(&specs, &rounds)[1].1, ["甲", "乙"]);
}

#[test]
fn a_tie_in_the_further_round_goes_to_a_new_vote_and_leaves_no_seat_silently_empty() {
    // Art. 29: 2 seats left, 乙 and 丙 share the second with 30 of 90 each.
    let specs = vec![post("member", 3)];
    let mut cast = ballots(60, "member", &["甲"]);
    cast.extend(ballots(30, "member", &["乙"]));
    cast.extend(ballots(30, "member", &["丙"]));
    cast.extend(ballots(20, "member", &["丁"]));
    let first = count_round(&input(200, Round::First, specs.clone(), cast)).unwrap();
    assert_eq!(first.posts[0].elected, Vec::<String>::new(), "60 of 140 is not above half");
    let mut further = input(200, Round::Further, next_round_posts(&specs, std::slice::from_ref(&first)), vec![]);
    assert_eq!(further.posts[0].seats, 3);
    further.ballots = ballots(40, "member", &["甲", "乙", "丙"]);
    further.ballots.extend(ballots(30, "member", &["丁"]));
    further.ballots.extend(ballots(31, "member", &["戊"]));
    let second = count_round(&further).unwrap();
    // 101 cast: 甲, 乙, 丙 40 each, 戊 31 and 丁 30 (both below a third of 101).
    assert_eq!(second.posts[0].elected, ["丙", "乙", "甲"]);
    let mut further = input(190, Round::Further, next_round_posts(&specs, std::slice::from_ref(&first)), vec![]);
    further.ballots = ballots(40, "member", &["甲", "乙"]);
    further.ballots.extend(ballots(35, "member", &["丙", "丁"]));
    further.ballots.extend(ballots(25, "member", &["戊"]));
    let second = count_round(&further).unwrap();
    // 100 cast: 甲, 乙 40; 丙 and 丁 35 tie for the third seat.
    assert_eq!(second.posts[0].elected, ["乙", "甲"]);
    assert_eq!((second.posts[0].runoff.clone(), second.posts[0].runoff_seats), (vec!["丁".into(), "丙".into()], 1));
    let rounds = [first, second];
    let next = next_round_posts(&specs, &rounds);
    assert_eq!(next.len(), 1, "the tie is not left as an empty seat");
    assert!(next[0].new_vote);
    assert_eq!((next[0].seats, next[0].candidates.clone()), (1, vec!["丁".to_string(), "丙".to_string()]));
}

#[test]
fn a_further_round_winner_who_is_kin_of_a_first_round_winner_in_a_higher_post_is_not_seated() {
    let specs = vec![post("director", 1), post("member", 2)];
    let mut first = input(100, Round::Further, vec![post("member", 1)], ballots(40, "member", &["乙"]));
    first.ballots.extend(ballots(35, "member", &["丙"]));
    first.elected_before = vec![earlier("甲", "director", 70), earlier("丁", "member", 60)];
    first.post_order = vec!["director".into(), "member".into()];
    first.people = kin(&[("乙", "甲")]);
    let result = count_round(&first).unwrap();
    assert_eq!(result.posts[0].elected, ["丙"], "乙 is 甲's kin; 丙 has 35 of 75, at least a third");
    assert_eq!(result.posts[0].avoided, ["乙"]);
    assert!(result.unseated.is_empty());
    let _ = specs;
}

#[test]
fn a_further_round_winner_in_a_higher_post_unseats_a_first_round_kin_and_the_freed_seat_is_refilled() {
    // The director's seat went to the further round together with one member seat; 甲 won
    // a member seat in the first round and his spouse 乙 now wins the director's.
    let mut round = input(100, Round::Further, vec![post("director", 1), post("member", 1)], vec![]);
    round.ballots = vec![ballot(&[("director", &["乙"]), ("member", &["丙", "丁"][..1])]); 50];
    round.ballots.extend(vec![ballot(&[("member", &["丁"])]); 40]);
    round.elected_before = vec![earlier("甲", "member", 60)];
    round.post_order = vec!["director".into(), "member".into()];
    round.people = kin(&[("甲", "乙")]);
    let result = count_round(&round).unwrap();
    assert_eq!(result.posts[0].elected, ["乙"]);
    assert_eq!(result.unseated, [Unseated { post: "member".into(), name: "甲".into() }]);
    assert_eq!(result.posts[1].elected, ["丙", "丁"], "甲's seat goes to the next with a third (丁 40 of 90)");
    assert_eq!(result.posts[1].seats, 2);
}

#[test]
fn kin_with_equal_votes_go_to_a_new_vote_and_the_other_seats_and_pairs_are_still_settled() {
    // member, 3 seats: 甲 and 乙 (kin) 80 each, 丙 70, 丁 65 of 125; 丙's kin 戊 is director.
    let mut cast = vec![ballot(&[("director", &["戊"]), ("member", &["甲", "乙", "丙"])]); 60];
    cast.extend(vec![ballot(&[("member", &["甲", "乙", "丁"])]); 20]);
    cast.extend(vec![ballot(&[("member", &["丙", "丁"])]); 10]);
    cast.extend(vec![ballot(&[("director", &["戊"]), ("member", &["丁"])]); 35]);
    let mut round = input(200, Round::First, vec![post("director", 1), post("member", 3)], cast);
    round.people = kin(&[("甲", "乙"), ("丙", "戊")]);
    let result = count_round(&round).unwrap();
    assert_eq!(result.posts[0].elected, ["戊"]);
    let member = &result.posts[1];
    assert_eq!(member.kin_runoffs, [vec!["乙".to_string(), "甲".to_string()]]);
    assert_eq!(member.avoided, ["丙"], "the other pair is settled too: 丙 leaves for the director");
    assert_eq!(member.elected, ["丁"], "the seat the new vote does not hold goes to 丁 (65 of 125)");
    assert_eq!(member.unfilled, 2);
    let next = next_round_posts(&[post("director", 1), post("member", 3)], &[result]);
    assert_eq!(next.len(), 1);
    assert!(next[0].new_vote);
    assert_eq!((next[0].seats, next[0].candidates.clone()), (1, vec!["乙".to_string(), "甲".to_string()]));
}

#[test]
fn someone_in_a_new_vote_for_a_higher_post_is_neither_elected_to_nor_a_further_candidate_for_a_lower_one() {
    // deputies, 2 seats: 甲 80, 乙 60, 丙 60 of 100: 乙 and 丙 go to a new vote for the second.
    // members: 丁 40, 乙 40, 戊 20: no one above half, two seats for the further round.
    let specs = vec![post("deputy_director", 2), post("member", 2)];
    let mut cast = vec![ballot(&[("deputy_director", &["甲", "乙"]), ("member", &["丁"])]); 40];
    cast.extend(vec![ballot(&[("deputy_director", &["甲", "丙"]), ("member", &["乙"])]); 40]);
    cast.extend(vec![ballot(&[("deputy_director", &["乙", "丙"]), ("member", &["戊"])]); 20]);
    let first = count_round(&input(150, Round::First, specs.clone(), cast)).unwrap();
    assert_eq!(first.posts[0].runoff, ["丙", "乙"]);
    assert_eq!(first.posts[1].further_round_candidates, ["丁", "戊"], "乙 stands in the new vote for deputy");
    // The next ballot: the deputies' new vote and the members' further round. 乙 and 丙 tie
    // again; 乙 would reach a third for member, but is still in the new vote above.
    let mut second = input(30, Round::Further, next_round_posts(&specs, std::slice::from_ref(&first)), vec![]);
    second.ballots = vec![ballot(&[("deputy_director", &["丙"]), ("member", &["乙"])]); 10];
    second.ballots.extend(vec![ballot(&[("deputy_director", &["乙"]), ("member", &["丁"])]); 10]);
    second.elected_before = elected_before(std::slice::from_ref(&first));
    let result = count_round(&second).unwrap();
    assert_eq!(result.posts[0].runoff, ["丙", "乙"]);
    assert_eq!(result.posts[1].elected, ["丁"]);
}

#[test]
fn a_further_round_with_fewer_candidates_than_seats_plus_one_is_refused_with_the_numbers() {
    let rules = CountRules::default();
    let short = PostSpec { candidates: vec!["甲".into(), "乙".into()], ..PostSpec::new("member", 2) };
    let refused = check_further_round(std::slice::from_ref(&short), &rules).unwrap_err();
    assert_eq!(refused.code, "further-round-too-few-candidates");
    assert_eq!(
        (refused.arg("seats"), refused.arg("candidates"), refused.arg("needed")),
        (Some("2"), Some("2"), Some("3"))
    );
    let enough = PostSpec { candidates: vec!["甲".into(), "乙".into(), "丙".into()], ..short.clone() };
    assert!(check_further_round(&[enough], &rules).is_ok());
    let new_vote = PostSpec { new_vote: true, seats: 1, ..short };
    assert!(check_further_round(&[new_vote], &rules).is_ok(), "a new vote is between the tied only");
}

#[test]
fn earlier_winners_read_from_bare_names_or_seats() {
    let round: RoundInput = serde_json::from_value(serde_json::json!({
        "registered_voters": 10, "round": "further", "posts": [{"post": "member", "seats": 1}], "ballots": [],
        "elected_before": ["甲", {"name": "乙", "post": "director", "votes": 7}],
    }))
    .unwrap();
    assert_eq!(round.elected_before, [Earlier::from("甲"), earlier("乙", "director", 7)]);
}

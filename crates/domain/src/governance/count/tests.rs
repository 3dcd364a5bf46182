use super::*;

fn post(name: &str, seats: usize) -> PostSpec {
    PostSpec { post: name.into(), seats, candidates: Vec::new(), women_only: None }
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
    assert_eq!(result.posts[0].runoff, ["乙", "甲"]);
    assert_eq!(result.posts[0].runoff_seats, 1);
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

#[test]
fn the_further_round_ballot_holds_the_open_seats_and_the_ties() {
    let specs = vec![
        PostSpec { post: "director".into(), seats: 1, candidates: vec![], women_only: None },
        PostSpec { post: "member".into(), seats: 3, candidates: vec![], women_only: None },
    ];
    let first = RoundResult {
        valid: true,
        posts: vec![
            PostResult { post: "director".into(), seats: 1, elected: vec!["甲".into()], ..PostResult::default() },
            PostResult {
                post: "member".into(),
                seats: 3,
                elected: vec!["乙".into()],
                unfilled: 2,
                runoff: vec!["丙".into(), "丁".into()],
                runoff_seats: 1,
                further_round_candidates: vec!["戊".into(), "己".into()],
                ..PostResult::default()
            },
        ],
        ..RoundResult::default()
    };
    let further = further_round_posts(&specs, &first);
    assert_eq!(further.len(), 1, "the director's seat is filled");
    assert_eq!((further[0].post.as_str(), further[0].seats), ("member", 2));
    assert_eq!(further[0].candidates, ["丙", "丁", "戊", "己"]);
    let second = RoundResult {
        valid: true,
        posts: vec![PostResult {
            post: "member".into(),
            seats: 2,
            elected: vec!["丙".into(), "戊".into()],
            ..PostResult::default()
        }],
        ..RoundResult::default()
    };
    let all = elected_after(&first, Some(&second));
    assert_eq!(all[1].1, ["乙", "丙", "戊"]);
    assert_eq!(all[0].1, ["甲"]);
}

use super::*;

const RULES: CreditRules = CreditRules::NATIONAL;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn fact(cause: Cause, on: &str) -> Fact {
    Fact { cause, on: day(on), met_on: None, decision: format!("org_sanction:{on}"), void: false }
}

fn met(cause: Cause, on: &str, met_on: &str) -> Fact {
    Fact { met_on: Some(day(met_on)), ..fact(cause, on) }
}

fn record(facts: Vec<Fact>) -> Record {
    Record { facts, ..Record::default() }
}

fn status(record: &Record, on: &str) -> ListStatus {
    standing(&history(record, day(on), &RULES), day(on))
}

#[test]
fn a_fine_of_exactly_fifty_thousand_yuan_is_serious_and_one_fen_less_is_abnormal() {
    assert_eq!(sanction_cause(SanctionKind::Fine, Some(5_000_000), &RULES), Some(Cause::LargeFine));
    assert_eq!(sanction_cause(SanctionKind::Fine, Some(4_999_999), &RULES), Some(Cause::SmallFine));
    assert_eq!(sanction_cause(SanctionKind::Warning, None, &RULES), Some(Cause::Warning));
    assert_eq!(sanction_cause(SanctionKind::Suspension, None, &RULES), Some(Cause::Suspension));
    assert_eq!(sanction_cause(SanctionKind::Investigation, None, &RULES), None);
    assert_eq!(Cause::LargeFine.list(), ListStatus::Serious);
    assert_eq!(Cause::SmallFine.list(), ListStatus::Abnormal);
}

#[test]
fn only_a_fine_carries_an_amount_and_it_must_be_positive() {
    assert_eq!(check_sanction(SanctionKind::Fine, Some(1)), Ok(Some(1)));
    assert_eq!(check_sanction(SanctionKind::Fine, Some(0)).unwrap_err().code, "must-be-positive");
    assert_eq!(check_sanction(SanctionKind::Fine, Some(-5)).unwrap_err().code, "must-be-positive");
    assert_eq!(check_sanction(SanctionKind::Fine, None).unwrap_err().code, "required");
    assert_eq!(check_sanction(SanctionKind::Warning, Some(100)).unwrap_err().code, "sanction-amount-only-for-fine");
    assert_eq!(check_sanction(SanctionKind::Revocation, None), Ok(None));
}

#[test]
fn letters_twenty_to_sixty_days_apart_make_an_organisation_unreachable() {
    let letter = |sent: &str, back: &str| UnsignedLetter { sent_on: day(sent), returned_on: day(back) };
    let first = letter("2026-01-01", "2026-01-10");
    assert_eq!(unreachable_on(std::slice::from_ref(&first), &RULES), None, "one letter is not enough");
    let at_19 = letter("2026-01-20", "2026-01-30");
    assert_eq!(unreachable_on(&[first.clone(), at_19], &RULES), None, "19 days apart");
    let at_20 = letter("2026-01-21", "2026-02-01");
    assert_eq!(unreachable_on(&[first.clone(), at_20], &RULES), Some(day("2026-02-01")), "20 days, when back");
    let at_60 = letter("2026-03-02", "2026-03-12");
    assert_eq!(unreachable_on(&[first.clone(), at_60], &RULES), Some(day("2026-03-12")), "60 days");
    let at_61 = letter("2026-03-03", "2026-03-12");
    assert_eq!(unreachable_on(&[first, at_61], &RULES), None, "61 days apart");
}

#[test]
fn a_warning_lists_for_exactly_six_months_when_nothing_is_left_to_rectify() {
    let r = record(vec![fact(Cause::Warning, "2026-01-15")]);
    assert_eq!(status(&r, "2026-01-14"), ListStatus::Clear);
    assert_eq!(status(&r, "2026-01-15"), ListStatus::Abnormal);
    assert_eq!(status(&r, "2026-07-14"), ListStatus::Abnormal, "a day short of six months");
    assert_eq!(status(&r, "2026-07-15"), ListStatus::Clear);
    let entries = history(&r, day("2026-12-31"), &RULES);
    assert_eq!(entries[0].removed_on, Some(day("2026-07-15")));
    assert_eq!(entries[0].removal, Some(Removal::SixMonths));
    assert_eq!(entries[0].decision, "org_sanction:2026-01-15", "the decision that made it stays");
}

#[test]
fn a_new_cause_while_listed_restarts_the_six_months() {
    let r = record(vec![fact(Cause::Warning, "2026-01-15"), met(Cause::ReportMissed, "2026-06-01", "2026-06-20")]);
    assert_eq!(status(&r, "2026-07-15"), ListStatus::Abnormal, "the report listing restarted the period");
    assert_eq!(status(&r, "2026-11-30"), ListStatus::Abnormal);
    assert_eq!(status(&r, "2026-12-01"), ListStatus::Clear, "six months from the new cause");
    let entries = history(&r, day("2026-12-31"), &RULES);
    assert_eq!(entries[1].removal, Some(Removal::ObligationMet));
    assert_eq!(entries[1].removed_on, Some(day("2026-06-20")));
}

#[test]
fn an_obligation_keeps_the_listing_past_six_months_until_it_is_met() {
    let r = record(vec![met(Cause::RectificationOverdue, "2026-01-15", "2026-09-01")]);
    assert_eq!(status(&r, "2026-07-15"), ListStatus::Abnormal, "something is left to rectify");
    assert_eq!(status(&r, "2026-08-31"), ListStatus::Abnormal);
    assert_eq!(status(&r, "2026-09-01"), ListStatus::Clear);
}

#[test]
fn two_full_years_on_the_abnormal_list_move_it_to_the_serious_list() {
    let r = record(vec![fact(Cause::ReportMissed, "2024-06-01"), fact(Cause::ReportMissed, "2025-06-01")]);
    assert_eq!(status(&r, "2026-05-31"), ListStatus::Abnormal, "a day short of two years");
    assert_eq!(status(&r, "2026-06-01"), ListStatus::Serious);
    let entries = history(&r, day("2026-06-01"), &RULES);
    assert!(
        entries
            .iter()
            .filter(|e| e.list == ListStatus::Abnormal)
            .all(|e| { e.removed_on == Some(day("2026-06-01")) && e.removal == Some(Removal::MovedToSerious) })
    );
    let serious = entries.iter().find(|e| e.list == ListStatus::Serious).unwrap();
    assert_eq!((serious.cause, serious.listed_on), (Cause::AbnormalTwoYears, day("2026-06-01")));
}

#[test]
fn two_years_count_from_the_start_of_the_listing_not_from_the_latest_cause() {
    let r = record(vec![fact(Cause::ReportMissed, "2024-06-01"), fact(Cause::Warning, "2026-03-01")]);
    assert_eq!(status(&r, "2026-06-01"), ListStatus::Serious);
}

#[test]
fn a_serious_cause_moves_the_organisation_off_the_abnormal_list_the_same_day() {
    let r = record(vec![fact(Cause::Warning, "2026-01-15"), fact(Cause::Suspension, "2026-03-01")]);
    let entries = history(&r, day("2026-03-01"), &RULES);
    assert_eq!(status(&r, "2026-03-01"), ListStatus::Serious);
    assert_eq!(entries[0].removed_on, Some(day("2026-03-01")));
    assert_eq!(entries[0].removal, Some(Removal::MovedToSerious));
    assert!(!entries.iter().any(|e| e.list == ListStatus::Abnormal && e.open_on(day("2026-03-01"))));
}

#[test]
fn two_warnings_or_small_fines_within_three_years_are_serious() {
    let within = record(vec![fact(Cause::Warning, "2023-03-01"), fact(Cause::SmallFine, "2026-03-01")]);
    assert_eq!(status(&within, "2026-03-01"), ListStatus::Serious, "three years to the day");
    let entries = history(&within, day("2026-03-01"), &RULES);
    assert!(entries.iter().any(|e| e.cause == Cause::RepeatedPenalties && e.listed_on == day("2026-03-01")));
    let outside = record(vec![fact(Cause::Warning, "2023-03-01"), fact(Cause::SmallFine, "2026-03-02")]);
    assert_eq!(status(&outside, "2026-03-02"), ListStatus::Abnormal, "a day more than three years");
}

#[test]
fn a_certified_or_corrected_fact_lists_nothing_and_counts_for_nothing() {
    let certified = Fact { void: true, ..fact(Cause::Warning, "2026-01-15") };
    let r = record(vec![certified, fact(Cause::Warning, "2026-02-01")]);
    assert_eq!(status(&r, "2026-02-01"), ListStatus::Abnormal, "one warning counts, not two");
    assert_eq!(history(&r, day("2026-02-01"), &RULES).len(), 1);
    let only = record(vec![Fact { void: true, ..fact(Cause::LargeFine, "2026-01-15") }]);
    assert_eq!(status(&only, "2026-06-01"), ListStatus::Clear);
}

#[test]
fn the_serious_list_is_left_on_application_after_two_years_without_a_new_cause() {
    let r = record(vec![fact(Cause::LargeFine, "2024-06-01")]);
    assert_eq!(serious_exit(&r, day("2026-05-31"), &RULES).unwrap_err().code, "credit-serious-too-soon");
    assert!(serious_exit(&r, day("2026-06-01"), &RULES).is_ok());
    assert_eq!(status(&r, "2030-01-01"), ListStatus::Serious, "only on application");
    let granted = Record { removals: vec![Granted { on: day("2026-06-03"), decision: "x:1".into() }], ..r.clone() };
    assert_eq!(status(&granted, "2026-06-02"), ListStatus::Serious);
    assert_eq!(status(&granted, "2026-06-03"), ListStatus::Clear);
    let entries = history(&granted, day("2026-06-03"), &RULES);
    assert_eq!(entries[0].removal, Some(Removal::Application));
    assert_eq!(entries[0].removal_decision.as_deref(), Some("x:1"));
    let renewed = record(vec![fact(Cause::LargeFine, "2024-06-01"), fact(Cause::Warning, "2025-01-10")]);
    assert_eq!(
        serious_exit(&renewed, day("2026-06-01"), &RULES).unwrap_err().code,
        "credit-serious-too-soon",
        "a new cause restarts the two years"
    );
    assert!(serious_exit(&renewed, day("2027-01-10"), &RULES).is_ok());
}

#[test]
fn an_obligation_brought_from_the_abnormal_list_must_be_met_before_leaving_the_serious_list() {
    let r = record(vec![met(Cause::ReportMissed, "2024-06-01", "2027-01-01")]);
    assert_eq!(status(&r, "2026-06-01"), ListStatus::Serious);
    assert_eq!(status(&r, "2027-01-01"), ListStatus::Serious, "filing does not end a serious listing");
    assert_eq!(serious_exit(&r, day("2028-06-01"), &RULES), Ok(()));
    let unmet = record(vec![fact(Cause::ReportMissed, "2024-06-01")]);
    assert_eq!(serious_exit(&unmet, day("2028-06-01"), &RULES).unwrap_err().code, "credit-obligation-unmet");
}

#[test]
fn a_revocation_stays_on_the_serious_list_until_deregistration() {
    let r = record(vec![fact(Cause::Revocation, "2024-06-01")]);
    assert_eq!(serious_exit(&r, day("2029-01-01"), &RULES).unwrap_err().code, "credit-revoked-until-deregistered");
    let gone = Record { deregistered: Some(Granted { on: day("2025-01-01"), decision: "d:1".into() }), ..r };
    assert_eq!(status(&gone, "2024-12-31"), ListStatus::Serious);
    assert_eq!(status(&gone, "2025-01-01"), ListStatus::Clear);
    assert_eq!(history(&gone, day("2025-01-01"), &RULES)[0].removal, Some(Removal::Deregistered));
}

#[test]
fn nothing_recorded_lists_nothing() {
    assert!(history(&Record::default(), day("2026-01-01"), &RULES).is_empty());
    assert_eq!(
        serious_exit(&Record::default(), day("2026-01-01"), &RULES).unwrap_err().code,
        "credit-not-on-serious-list"
    );
}

#[test]
fn the_registrar_removes_within_five_working_days_of_the_application_counted_on_the_holiday_calendar() {
    let calendar = WorkCalendar::national();
    // Applied on Friday 26 September 2025: Sunday 28 is worked, 1–8 October are off.
    let applied = day("2025-09-26");
    let open = removal_deadline(applied, None, day("2025-10-10"), &calendar, &RULES);
    assert_eq!(open.due_on, day("2025-10-10"));
    assert!(!open.overdue, "the due day itself is in time");
    assert!(!open.provisional);
    let late = removal_deadline(applied, None, day("2025-10-11"), &calendar, &RULES);
    assert!(late.overdue, "still open the day after");
    // Closed in time and looked at later: not overdue; closed after the due day: overdue.
    assert!(!removal_deadline(applied, Some(day("2025-10-09")), day("2026-01-05"), &calendar, &RULES).overdue);
    assert!(removal_deadline(applied, Some(day("2025-10-13")), day("2026-01-05"), &calendar, &RULES).overdue);
    // Across into a year whose arrangement is not published: provisional.
    let unknown = removal_deadline(day("2026-12-29"), None, day("2026-12-29"), &calendar, &RULES);
    assert!(unknown.provisional);
}

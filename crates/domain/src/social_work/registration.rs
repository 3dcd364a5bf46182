//! The national registration of social workers (since 2021): an application passes a
//! first and a final review, is registered, and gets its certificate of registration;
//! after the first approval the applicant can no longer edit the record. A registration
//! is valid for three years from its first day and is renewed in the three months
//! before it expires; after that it has lapsed.

use chrono::{Days, Months, NaiveDate};

use super::SocialWorkRules;
use crate::Violation;

named_enum! {
    /// An application's state (待审核 → 初审 → 终审 → 登记完成 → 已出证).
    ApplicationState {
        /// 待审核
        Submitted = "submitted",
        /// 初审通过
        FirstReviewPassed = "first_review_passed",
        /// 初审未通过
        FirstReviewRefused = "first_review_refused",
        /// 终审通过
        FinalReviewPassed = "final_review_passed",
        /// 终审未通过
        FinalReviewRefused = "final_review_refused",
        /// 登记完成: the registration period starts on this step's day.
        Registered = "registered",
        /// 已出证
        CertificateIssued = "certificate_issued",
    }
}

named_enum! {
    /// A step an office takes on an application.
    Step {
        FirstReview = "first_review",
        FinalReview = "final_review",
        Register = "register",
        IssueCertificate = "issue_certificate",
    }
}

/// The state an application moves to when `step` is taken (`agree` matters to reviews).
pub fn next_state(state: ApplicationState, step: Step, agree: bool) -> Result<ApplicationState, Violation> {
    use ApplicationState::*;
    match (state, step) {
        (Submitted, Step::FirstReview) => Ok(if agree { FirstReviewPassed } else { FirstReviewRefused }),
        (FirstReviewPassed, Step::FinalReview) => Ok(if agree { FinalReviewPassed } else { FinalReviewRefused }),
        (FinalReviewPassed, Step::Register) => Ok(Registered),
        (Registered, Step::IssueCertificate) => Ok(CertificateIssued),
        (FirstReviewRefused | FinalReviewRefused | CertificateIssued, _) => Err(Violation::new("application-closed")),
        _ => Err(Violation::new("application-step-out-of-order").with("state", state.as_str())),
    }
}

/// A review that refuses gives its reason (an administrative refusal states why): a
/// refusal with an empty note is refused; agreeing and the later steps need none.
pub fn check_refusal_reason(step: Step, agree: bool, note: &str) -> Result<(), Violation> {
    let review = matches!(step, Step::FirstReview | Step::FinalReview);
    if review && !agree && note.trim().is_empty() { Err(Violation::new("refusal-needs-reason")) } else { Ok(()) }
}

impl ApplicationState {
    /// After the first approval the record is frozen (and stays so once registered).
    pub fn freezes_record(self) -> bool {
        matches!(self, Self::FirstReviewPassed | Self::FinalReviewPassed | Self::Registered | Self::CertificateIssued)
    }

    /// Still waiting for a step: a second application may not be filed meanwhile.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Submitted | Self::FirstReviewPassed | Self::FinalReviewPassed)
    }
}

/// The last day a first registration may be applied for: one year after the certificate,
/// that day included.
pub fn first_registration_deadline(rules: &SocialWorkRules, obtained_on: NaiveDate) -> NaiveDate {
    add_months(obtained_on, rules.first_registration_months)
}

/// Whether a first registration dated `on` is in time for a certificate of `obtained_on`.
pub fn check_first_registration(
    rules: &SocialWorkRules,
    obtained_on: NaiveDate,
    on: NaiveDate,
) -> Result<(), Violation> {
    let deadline = first_registration_deadline(rules, obtained_on);
    if on < obtained_on {
        Err(Violation::new("registration-before-certificate"))
    } else if on > deadline {
        Err(Violation::new("registration-window-passed").with("deadline", deadline))
    } else {
        Ok(())
    }
}

/// A registration period: from its first day through `valid_until`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub valid_until: NaiveDate,
}

impl Period {
    /// The period that starts on `start` and lasts the rules' three years.
    pub fn starting(rules: &SocialWorkRules, start: NaiveDate) -> Self {
        let expires = add_months(start, rules.registration_months);
        Self { start, valid_until: expires - Days::new(1) }
    }

    /// The first day no longer covered, which is where a renewed period starts.
    pub fn expires_on(&self) -> NaiveDate {
        self.valid_until + Days::new(1)
    }

    /// The first day renewal is open: three months before expiry.
    pub fn renewal_opens_on(&self, rules: &SocialWorkRules) -> NaiveDate {
        self.expires_on().checked_sub_months(Months::new(rules.renewal_window_months)).unwrap_or(self.start)
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.valid_until
    }

    /// How the registration stands on `day`.
    pub fn standing(&self, rules: &SocialWorkRules, day: NaiveDate) -> Standing {
        if day > self.valid_until {
            Standing::Lapsed
        } else if day >= self.renewal_opens_on(rules) {
            Standing::RenewalOpen
        } else {
            Standing::Registered
        }
    }

    /// Whether renewal may be asked for on `day`; the next period when it may.
    pub fn renewal_on(&self, rules: &SocialWorkRules, day: NaiveDate) -> Result<Period, Violation> {
        match self.standing(rules, day) {
            Standing::RenewalOpen => Ok(Period::starting(rules, self.expires_on())),
            Standing::Lapsed => Err(Violation::new("registration-lapsed").with("date", self.valid_until)),
            Standing::Registered | Standing::Unregistered => {
                Err(Violation::new("renewal-not-open").with("date", self.renewal_opens_on(rules)))
            }
        }
    }
}

named_enum! {
    /// How a social worker's registration stands on a day, as shown.
    Standing {
        Unregistered = "unregistered",
        Registered = "registered",
        RenewalOpen = "renewal_open",
        Lapsed = "lapsed",
    }
}

/// `day` plus whole months, the end of a shorter month standing for a missing day.
fn add_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn an_application_passes_two_reviews_then_is_registered_and_certified() {
        use ApplicationState::*;
        let mut state = Submitted;
        for (step, expected) in [
            (Step::FirstReview, FirstReviewPassed),
            (Step::FinalReview, FinalReviewPassed),
            (Step::Register, Registered),
            (Step::IssueCertificate, CertificateIssued),
        ] {
            state = next_state(state, step, true).unwrap();
            assert_eq!(state, expected);
        }
        assert_eq!(next_state(state, Step::Register, true).unwrap_err().code, "application-closed");
    }

    #[test]
    fn a_refusal_at_either_review_closes_the_application() {
        use ApplicationState::*;
        assert_eq!(next_state(Submitted, Step::FirstReview, false), Ok(FirstReviewRefused));
        assert_eq!(next_state(FirstReviewPassed, Step::FinalReview, false), Ok(FinalReviewRefused));
        for closed in [FirstReviewRefused, FinalReviewRefused] {
            assert_eq!(next_state(closed, Step::FinalReview, true).unwrap_err().code, "application-closed");
        }
    }

    #[test]
    fn steps_cannot_be_skipped() {
        use ApplicationState::*;
        for (state, step) in [
            (Submitted, Step::FinalReview),
            (Submitted, Step::Register),
            (FirstReviewPassed, Step::Register),
            (FinalReviewPassed, Step::IssueCertificate),
            (Registered, Step::FirstReview),
        ] {
            assert_eq!(next_state(state, step, true).unwrap_err().code, "application-step-out-of-order", "{state:?}");
        }
    }

    #[test]
    fn a_refusal_at_a_review_needs_a_reason_and_an_approval_does_not() {
        for step in [Step::FirstReview, Step::FinalReview] {
            assert_eq!(check_refusal_reason(step, false, " ").unwrap_err().code, "refusal-needs-reason");
            assert!(check_refusal_reason(step, false, "材料不全").is_ok());
            assert!(check_refusal_reason(step, true, "").is_ok());
        }
        assert!(check_refusal_reason(Step::Register, false, "").is_ok());
    }

    #[test]
    fn the_record_freezes_at_the_first_approval_not_before_and_not_on_refusal() {
        use ApplicationState::*;
        assert!(!Submitted.freezes_record());
        assert!(!FirstReviewRefused.freezes_record());
        assert!(!FinalReviewRefused.freezes_record());
        for frozen in [FirstReviewPassed, FinalReviewPassed, Registered, CertificateIssued] {
            assert!(frozen.freezes_record(), "{frozen:?}");
        }
    }

    #[test]
    fn a_first_registration_exactly_one_year_after_the_certificate_is_in_time_and_a_day_later_is_not() {
        let rules = SocialWorkRules::default();
        let obtained = day(2025, 6, 21);
        assert!(check_first_registration(&rules, obtained, day(2026, 6, 21)).is_ok());
        let late = check_first_registration(&rules, obtained, day(2026, 6, 22)).unwrap_err();
        assert_eq!((late.code, late.arg("deadline")), ("registration-window-passed", Some("2026-06-21")));
        assert!(check_first_registration(&rules, obtained, obtained).is_ok());
        let early = check_first_registration(&rules, obtained, day(2025, 6, 20)).unwrap_err();
        assert_eq!(early.code, "registration-before-certificate");
    }

    #[test]
    fn a_certificate_of_a_leap_day_gives_until_the_end_of_february() {
        let rules = SocialWorkRules::default();
        assert_eq!(first_registration_deadline(&rules, day(2024, 2, 29)), day(2025, 2, 28));
    }

    #[test]
    fn a_registration_is_valid_three_years_to_the_day_before_its_anniversary() {
        let rules = SocialWorkRules::default();
        let period = Period::starting(&rules, day(2024, 3, 1));
        assert_eq!(period.valid_until, day(2027, 2, 28));
        assert_eq!(period.expires_on(), day(2027, 3, 1));
        assert!(period.contains(day(2027, 2, 28)));
        assert!(!period.contains(day(2027, 3, 1)));
    }

    #[test]
    fn renewal_opens_exactly_three_months_before_expiry_and_not_a_day_earlier() {
        let rules = SocialWorkRules::default();
        let period = Period::starting(&rules, day(2024, 3, 1));
        assert_eq!(period.renewal_opens_on(&rules), day(2026, 12, 1));
        assert_eq!(period.standing(&rules, day(2026, 11, 30)), Standing::Registered);
        assert_eq!(period.standing(&rules, day(2026, 12, 1)), Standing::RenewalOpen);
        let refused = period.renewal_on(&rules, day(2026, 11, 30)).unwrap_err();
        assert_eq!((refused.code, refused.arg("date")), ("renewal-not-open", Some("2026-12-01")));
        let next = period.renewal_on(&rules, day(2026, 12, 1)).unwrap();
        assert_eq!((next.start, next.valid_until), (day(2027, 3, 1), day(2030, 2, 28)));
    }

    #[test]
    fn a_registration_past_its_last_day_is_lapsed_and_cannot_be_renewed() {
        let rules = SocialWorkRules::default();
        let period = Period::starting(&rules, day(2024, 3, 1));
        assert_eq!(period.standing(&rules, day(2027, 2, 28)), Standing::RenewalOpen);
        assert_eq!(period.standing(&rules, day(2027, 3, 1)), Standing::Lapsed);
        assert_eq!(period.renewal_on(&rules, day(2027, 3, 1)).unwrap_err().code, "registration-lapsed");
    }
}

//! Annual inspection (年检) and annual reports (4C, 4D): party-building facts every report
//! carries, the registrar's conclusion, and the times a missed report leaves an
//! organisation unreported.
//!
//! A report missing on its due date is a cause of the abnormal-activity list (活动异常名录)
//! from the next day until it is filed; what the lists make of it (two full years, the
//! serious list, removal) is worked out with every other cause in `credit`.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

named_enum! {
    /// How the organisation's party work is organised.
    PartyForm {
        /// No party organisation.
        None = "none",
        /// Its own party organisation (单独组建).
        Independent = "independent",
        /// A joint organisation with other bodies (联合组建).
        Joint = "joint",
        /// The "association + party organisation" model (行业协会+党组织).
        AssociationParty = "association_party",
        /// No organisation yet; a party-building instructor is sent (选派党建指导员).
        Instructor = "instructor",
    }
}

impl PartyForm {
    /// Whether a party organisation exists in one of the three forms.
    pub fn organised(self) -> bool {
        matches!(self, Self::Independent | Self::Joint | Self::AssociationParty)
    }

    /// Whether party work reaches the organisation: an organisation, or an instructor.
    pub fn covered(self) -> bool {
        self.organised() || self == Self::Instructor
    }
}

named_enum! {
    Conclusion {
        Qualified = "qualified",
        BasicallyQualified = "basically_qualified",
        Unqualified = "unqualified",
    }
}

named_enum! {
    ListStatus {
        Clear = "clear",
        /// 活动异常名录
        Abnormal = "abnormal",
        /// 严重违法失信名单
        Serious = "serious",
    }
}

/// A time on the abnormal-activity list for one missed report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Listing {
    /// The report year that was missed.
    pub year: i32,
    pub listed_on: NaiveDate,
    /// The day the report was filed, which took the organisation off.
    pub removed_on: Option<NaiveDate>,
}

/// Every listing an organisation registered on `registered_on` has had by `today`, given
/// each report year's due date and the day each year's report was filed. A report is owed
/// for every year the organisation existed in (registered on or before 31 December).
pub fn listings(
    registered_on: NaiveDate,
    due: &[(i32, NaiveDate)],
    filed: &HashMap<i32, NaiveDate>,
    today: NaiveDate,
) -> Vec<Listing> {
    let mut found: Vec<Listing> = due
        .iter()
        .filter(|(year, due_on)| registered_on.year() <= *year && today > *due_on)
        .filter_map(|(year, due_on)| {
            let filed_on = filed.get(year).copied();
            if filed_on.is_some_and(|f| f <= *due_on) {
                return None;
            }
            Some(Listing { year: *year, listed_on: due_on.succ_opt()?, removed_on: filed_on })
        })
        .collect();
    found.sort_by_key(|l| l.year);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn due() -> Vec<(i32, NaiveDate)> {
        vec![(2023, day("2024-05-31")), (2024, day("2025-05-31")), (2025, day("2026-05-31"))]
    }

    #[test]
    fn a_report_filed_by_its_due_date_lists_nothing() {
        let filed = HashMap::from([(2023, day("2024-05-31")), (2024, day("2025-03-01")), (2025, day("2026-01-10"))]);
        let found = listings(day("2010-01-01"), &due(), &filed, day("2026-11-27"));
        assert!(found.is_empty());
    }

    #[test]
    fn a_missed_report_lists_from_the_next_day_until_it_is_filed() {
        let filed = HashMap::from([(2023, day("2024-05-01")), (2024, day("2025-05-01"))]);
        let on_due_day = listings(day("2010-01-01"), &due(), &filed, day("2026-05-31"));
        assert!(on_due_day.is_empty(), "not before the due date has passed");
        let found = listings(day("2010-01-01"), &due(), &filed, day("2026-06-01"));
        assert_eq!(found, [Listing { year: 2025, listed_on: day("2026-06-01"), removed_on: None }]);
        let late = HashMap::from([(2023, day("2024-05-01")), (2024, day("2025-05-01")), (2025, day("2026-07-15"))]);
        let found = listings(day("2010-01-01"), &due(), &late, day("2026-11-27"));
        assert_eq!(found[0].removed_on, Some(day("2026-07-15")), "the history stays");
    }

    #[test]
    fn no_report_is_owed_for_years_before_registration() {
        let found = listings(day("2025-03-01"), &due(), &HashMap::new(), day("2026-11-27"));
        assert_eq!(found.iter().map(|l| l.year).collect::<Vec<_>>(), [2025]);
        let none = listings(day("2026-01-01"), &due(), &HashMap::new(), day("2026-11-27"));
        assert!(none.is_empty());
    }

    #[test]
    fn only_the_three_forms_count_as_organised_and_an_instructor_as_covered() {
        assert!(PartyForm::AssociationParty.organised());
        assert!(!PartyForm::Instructor.organised());
        assert!(PartyForm::Instructor.covered());
        assert!(!PartyForm::None.covered());
    }
}

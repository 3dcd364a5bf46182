//! What Zhejiang requires of a volunteer activity (浙江省志愿服务条例): insurance recorded
//! before a risky activity, a written agreement in the cases the province names, minors
//! kept off emergency rescue; and where a QR check-in may come from.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::Violation;

/// What an activity is, as far as the safeguards go.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terms {
    pub risky: bool,
    pub large_event: bool,
    pub outside_province: bool,
    pub emergency_rescue: bool,
    /// The volunteer or the organiser asked for a written agreement.
    pub on_request: bool,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Terms {
    /// Whether a written agreement is required: risky work, a term of a month or more,
    /// a large event, work outside the province, or on request.
    pub fn needs_agreement(&self) -> bool {
        self.risky
            || self.ends_at - self.starts_at >= Duration::days(30)
            || self.large_event
            || self.outside_province
            || self.on_request
    }

    /// Whether volunteers may be taken on: a risky activity only once insured.
    pub fn check_insured(&self, policy: Option<&str>) -> Result<(), Violation> {
        match (self.risky, policy.map(str::trim)) {
            (true, None | Some("")) => Err(Violation::new("activity-uninsured")),
            _ => Ok(()),
        }
    }

    /// Whether a volunteer born on `birth_date` may sign up: an adult on the activity's
    /// first day for emergency rescue, and the agreement signed where one is required.
    pub fn check_signup(&self, birth_date: NaiveDate, agreement_signed: bool) -> Result<(), Violation> {
        let first_day = self.starts_at.date_naive();
        let adult_from = birth_date.checked_add_months(chrono::Months::new(18 * 12)).unwrap_or(NaiveDate::MAX);
        if self.emergency_rescue && first_day < adult_from {
            return Err(Violation::new("minor-emergency-rescue"));
        }
        if self.needs_agreement() && !agreement_signed {
            return Err(Violation::new("agreement-required"));
        }
        Ok(())
    }
}

/// A point on the earth, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    pub latitude: f64,
    pub longitude: f64,
}

impl Place {
    /// Metres to `other` along the surface (haversine on a 6,371 km sphere).
    pub fn metres_to(&self, other: &Place) -> f64 {
        let (a, b) = (self.latitude.to_radians(), other.latitude.to_radians());
        let (dlat, dlon) = (b - a, (other.longitude - self.longitude).to_radians());
        let h = (dlat / 2.0).sin().powi(2) + a.cos() * b.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * 6_371_000.0 * h.sqrt().asin()
    }
}

/// Whether a check-in sent from `at` is close enough to an activity that asks for it.
pub fn check_distance(place: Option<(Place, u32)>, at: Option<Place>) -> Result<(), Violation> {
    let Some((place, radius)) = place else { return Ok(()) };
    let at = at.ok_or(Violation::new("checkin-location-required"))?;
    let distance = place.metres_to(&at).round();
    if distance > f64::from(radius) {
        return Err(Violation::new("checkin-too-far").with("metres", distance).with("radius", radius));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn terms(days: i64) -> Terms {
        let starts_at = Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap();
        Terms { starts_at, ends_at: starts_at + Duration::days(days), ..Terms::default() }
    }

    #[test]
    fn an_agreement_is_needed_from_a_term_of_thirty_days_or_in_the_named_cases() {
        assert!(!terms(29).needs_agreement());
        assert!(terms(30).needs_agreement());
        for t in [
            Terms { risky: true, ..terms(0) },
            Terms { large_event: true, ..terms(0) },
            Terms { outside_province: true, ..terms(0) },
            Terms { on_request: true, ..terms(0) },
        ] {
            assert!(t.needs_agreement(), "{t:?}");
        }
        assert_eq!(
            terms(30).check_signup(NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(), false).unwrap_err().code,
            "agreement-required"
        );
        assert!(terms(30).check_signup(NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(), true).is_ok());
    }

    #[test]
    fn a_risky_activity_takes_volunteers_only_once_insured() {
        let risky = Terms { risky: true, ..terms(0) };
        assert_eq!(risky.check_insured(None).unwrap_err().code, "activity-uninsured");
        assert_eq!(risky.check_insured(Some(" ")).unwrap_err().code, "activity-uninsured");
        assert!(risky.check_insured(Some("PICC-2026-001")).is_ok());
        assert!(terms(0).check_insured(None).is_ok());
    }

    #[test]
    fn emergency_rescue_takes_a_volunteer_from_their_eighteenth_birthday() {
        let rescue = Terms { emergency_rescue: true, ..terms(0) };
        // The activity's first day is 2026-12-01.
        let eighteen_that_day = NaiveDate::from_ymd_opt(2008, 12, 1).unwrap();
        let eighteen_next_day = NaiveDate::from_ymd_opt(2008, 12, 2).unwrap();
        assert!(rescue.check_signup(eighteen_that_day, false).is_ok());
        assert_eq!(rescue.check_signup(eighteen_next_day, false).unwrap_err().code, "minor-emergency-rescue");
        assert!(terms(0).check_signup(eighteen_next_day, false).is_ok(), "other work takes minors");
    }

    #[test]
    fn a_check_in_is_taken_within_the_radius_only() {
        let hall = Place { latitude: 30.7522, longitude: 120.7555 };
        // 0.001° of latitude is about 111 m.
        let near = Place { latitude: 30.7531, longitude: 120.7555 };
        let far = Place { latitude: 30.7542, longitude: 120.7555 };
        assert!(check_distance(Some((hall, 150)), Some(near)).is_ok());
        let refused = check_distance(Some((hall, 150)), Some(far)).unwrap_err();
        assert_eq!((refused.code, refused.arg("metres")), ("checkin-too-far", Some("222")));
        assert_eq!(check_distance(Some((hall, 150)), None).unwrap_err().code, "checkin-location-required");
        assert!(check_distance(None, None).is_ok());
    }
}

//! Social-insurance contributions of social workers (5B): the employer reports each month
//! (the amount due on the contribution base, what it paid and when); a month is in arrears
//! when it is unpaid after its due day, was paid after it, or was paid short. The due day
//! is a setting: by default the 15th of the following month.

use chrono::{Datelike, Months, NaiveDate};

use crate::Violation;

/// The day of the following month by which a month's contribution is due.
pub const DEFAULT_DUE_DAY: u32 = 15;

/// One month as the employer reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contribution {
    /// The first day of the month it is for.
    pub month: NaiveDate,
    pub due_fen: i64,
    pub paid_fen: i64,
    pub paid_on: Option<NaiveDate>,
}

/// Why a month is in arrears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrears {
    /// Nothing paid and the due day has passed.
    Unpaid,
    /// Paid after the due day.
    Late,
    /// Paid less than was due.
    Short,
}

impl Arrears {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unpaid => "unpaid",
            Self::Late => "late",
            Self::Short => "short",
        }
    }
}

/// The last day to pay for `month` (any day of it): `due_day` of the following month,
/// clamped to that month's last day.
pub fn due_on(month: NaiveDate, due_day: u32) -> NaiveDate {
    let first = month.with_day(1).unwrap_or(month);
    let next = first.checked_add_months(Months::new(1)).unwrap_or(NaiveDate::MAX);
    (1..=due_day.clamp(1, 31)).rev().find_map(|d| next.with_day(d)).unwrap_or(next)
}

/// Whether the month is in arrears on `today`, and why; none while not yet due.
pub fn arrears(c: &Contribution, due_day: u32, today: NaiveDate) -> Option<Arrears> {
    let due = due_on(c.month, due_day);
    match c.paid_on {
        None if today > due => Some(Arrears::Unpaid),
        None => None,
        Some(paid) if paid > due => Some(Arrears::Late),
        Some(_) if c.paid_fen < c.due_fen => Some(Arrears::Short),
        Some(_) => None,
    }
}

/// Checks a reported month: amounts not negative, a payment with its day, no payment day
/// before the month began.
pub fn check_contribution(c: &Contribution) -> Result<(), (&'static str, Violation)> {
    if c.due_fen < 0 {
        return Err(("due_fen", Violation::new("must-not-be-negative")));
    }
    if c.paid_fen < 0 {
        return Err(("paid_fen", Violation::new("must-not-be-negative")));
    }
    match c.paid_on {
        None if c.paid_fen > 0 => Err(("paid_on", Violation::new("required"))),
        Some(day) if day < c.month.with_day(1).unwrap_or(c.month) => {
            Err(("paid_on", Violation::new("date-before-start")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn month(paid_fen: i64, paid_on: Option<NaiveDate>) -> Contribution {
        Contribution { month: day(2026, 3, 1), due_fen: 120_000, paid_fen, paid_on }
    }

    #[test]
    fn a_month_paid_on_its_due_day_is_in_order_and_one_day_late_is_in_arrears() {
        assert_eq!(due_on(day(2026, 3, 1), DEFAULT_DUE_DAY), day(2026, 4, 15));
        let today = day(2026, 6, 1);
        assert_eq!(arrears(&month(120_000, Some(day(2026, 4, 15))), DEFAULT_DUE_DAY, today), None);
        assert_eq!(arrears(&month(120_000, Some(day(2026, 4, 16))), DEFAULT_DUE_DAY, today), Some(Arrears::Late));
    }

    #[test]
    fn an_unpaid_month_is_in_arrears_only_after_its_due_day() {
        assert_eq!(arrears(&month(0, None), DEFAULT_DUE_DAY, day(2026, 4, 15)), None);
        assert_eq!(arrears(&month(0, None), DEFAULT_DUE_DAY, day(2026, 4, 16)), Some(Arrears::Unpaid));
    }

    #[test]
    fn a_month_paid_a_fen_short_is_in_arrears() {
        let on_time = Some(day(2026, 4, 10));
        assert_eq!(arrears(&month(119_999, on_time), DEFAULT_DUE_DAY, day(2026, 6, 1)), Some(Arrears::Short));
        assert_eq!(arrears(&month(120_000, on_time), DEFAULT_DUE_DAY, day(2026, 6, 1)), None);
    }

    #[test]
    fn a_due_day_past_the_months_end_is_its_last_day() {
        assert_eq!(due_on(day(2026, 1, 20), 31), day(2026, 2, 28));
        assert_eq!(due_on(day(2027, 12, 1), 15), day(2028, 1, 15));
    }

    #[test]
    fn a_payment_needs_its_day_and_no_amount_is_negative() {
        assert_eq!(check_contribution(&month(100, None)).unwrap_err().0, "paid_on");
        assert_eq!(check_contribution(&month(-1, Some(day(2026, 4, 1)))).unwrap_err().0, "paid_fen");
        assert_eq!(check_contribution(&month(100, Some(day(2026, 2, 28)))).unwrap_err().0, "paid_on");
        assert!(check_contribution(&month(0, None)).is_ok());
    }
}

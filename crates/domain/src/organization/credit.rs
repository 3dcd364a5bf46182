//! The public credit lists of social organisations (社会组织信用信息管理办法, 民政部令第60号,
//! 2018): the abnormal-activity list (活动异常名录) and the serious illegal and dishonest
//! list (严重违法失信名单).
//!
//! Nothing here is recorded as "listed": the registrar records facts (sanctions with their
//! legal kind and amount, rectification orders, unsigned registered letters, findings, the
//! day an obligation was met, certificates of no direct responsibility, objections,
//! removals granted on application), and [`history`] replays them day by day into every
//! listing the organisation has had, each with its cause, its dates and what made and
//! ended it. The thresholds are data ([`CreditRules`]), the national ones by default.

use chrono::{Months, NaiveDate};

use super::inspection::ListStatus;
use crate::Violation;
use crate::workdays::WorkCalendar;

named_enum! {
    /// The legal kind of a sanction recorded against an organisation.
    SanctionKind {
        /// 警告
        Warning = "warning",
        /// 罚款, with its amount.
        Fine = "fine",
        /// 限期停止活动
        Suspension = "suspension",
        /// 撤销变更登记 (a change registered by fraud).
        ChangeRevoked = "change_revoked",
        /// 吊销登记证书、撤销成立登记
        Revocation = "revocation",
        /// On the courts' list of dishonest judgment debtors (失信被执行人).
        DishonestDebtor = "dishonest_debtor",
        /// An investigation by a competent body, open until closed (no listing of its own).
        Investigation = "investigation",
    }
}

impl SanctionKind {
    /// An administrative penalty (行政处罚), which bars evaluation the year after.
    pub fn is_penalty(self) -> bool {
        matches!(self, Self::Warning | Self::Fine | Self::Suspension | Self::Revocation)
    }
}

named_enum! {
    /// Why an organisation is listed: the first seven put it on the abnormal list, the
    /// others on the serious list.
    Cause {
        /// Did not file its annual report on time.
        ReportMissed = "report_missed",
        /// Did not set up a party organisation as required.
        PartyOrganizationMissing = "party_organization_missing",
        /// Did not finish a rectification the registrar ordered by its deadline.
        RectificationOverdue = "rectification_overdue",
        /// Broke the public-fundraising rules (a charity with fundraising status).
        FundraisingBreach = "fundraising_breach",
        Warning = "warning",
        /// A fine under the large-fine threshold (50,000 yuan).
        SmallFine = "small_fine",
        /// Two registered letters to its address unsigned, sent 20 to 60 days apart.
        Unreachable = "unreachable",
        /// Two full years on the abnormal list.
        AbnormalTwoYears = "abnormal_two_years",
        ChangeRevoked = "change_revoked",
        Suspension = "suspension",
        /// A fine of 50,000 yuan or more.
        LargeFine = "large_fine",
        /// Two or more warnings or small fines within three years.
        RepeatedPenalties = "repeated_penalties",
        DishonestDebtor = "dishonest_debtor",
        Revocation = "revocation",
    }
}

impl Cause {
    /// The list this cause puts an organisation on.
    pub fn list(self) -> ListStatus {
        match self {
            Self::ReportMissed
            | Self::PartyOrganizationMissing
            | Self::RectificationOverdue
            | Self::FundraisingBreach
            | Self::Warning
            | Self::SmallFine
            | Self::Unreachable => ListStatus::Abnormal,
            _ => ListStatus::Serious,
        }
    }

    /// Whether the listing leaves an obligation to meet (a report to file, an order to
    /// carry out, an address to be reached at); a warning or a fine leaves nothing to
    /// rectify.
    pub fn obliges(self) -> bool {
        matches!(
            self,
            Self::ReportMissed
                | Self::PartyOrganizationMissing
                | Self::RectificationOverdue
                | Self::FundraisingBreach
                | Self::Unreachable
        )
    }
}

named_enum! {
    /// How a listing ended.
    Removal {
        /// The obligation was met and the registrar checked it (on application).
        ObligationMet = "obligation_met",
        /// Six months on the abnormal list with nothing to rectify.
        SixMonths = "six_months",
        /// Moved to the serious list, which takes it off the abnormal one.
        MovedToSerious = "moved_to_serious",
        /// Removed from the serious list on application.
        Application = "application",
        /// Listed for revocation and now deregistered.
        Deregistered = "deregistered",
    }
}

named_enum! {
    /// What the registrar records in an organisation's credit file besides sanctions and
    /// annual reports.
    RecordKind {
        /// 责令整改: ordered on `dated_on`, to be done by `until_on`; closed when done.
        RectificationOrder = "rectification_order",
        /// A registered letter sent on `dated_on`, back unsigned on `until_on`; closing it
        /// records that the organisation was reached at its address.
        UnsignedLetter = "unsigned_letter",
        /// Found on `dated_on`; closed when the party organisation is set up.
        PartyOrganizationMissing = "party_organization_missing",
        /// Found on `dated_on`; closed when corrected.
        FundraisingBreach = "fundraising_breach",
        /// A supervising unit's or department's written certificate that the organisation
        /// bears no direct responsibility for the fact it `concerns`.
        NoResponsibility = "no_responsibility",
        /// The organisation objects to the fact it `concerns`; closed with an outcome.
        Objection = "objection",
        /// Removal from the serious list granted on application.
        SeriousRemoval = "serious_removal",
    }
}

impl RecordKind {
    /// The cause a fact of this kind lists for (letters only in pairs, see [`unreachable_on`]).
    pub fn cause(self) -> Option<Cause> {
        match self {
            Self::RectificationOrder => Some(Cause::RectificationOverdue),
            Self::UnsignedLetter => Some(Cause::Unreachable),
            Self::PartyOrganizationMissing => Some(Cause::PartyOrganizationMissing),
            Self::FundraisingBreach => Some(Cause::FundraisingBreach),
            _ => None,
        }
    }
}

named_enum! {
    /// The registrar's decision on an objection.
    ObjectionOutcome {
        /// The fact was an error: it is corrected at once and lists nothing.
        Upheld = "upheld",
        Rejected = "rejected",
    }
}

/// The thresholds of the lists, as data; [`CreditRules::NATIONAL`] is 民政部令第60号's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreditRules {
    /// A fine of at least this much (fen) is a serious case.
    pub large_fine_fen: i64,
    /// Months on the abnormal list, with nothing to rectify, before automatic removal.
    pub abnormal_months: u32,
    /// Months on the abnormal list that make a serious case.
    pub serious_after_months: u32,
    /// Months on the serious list, without a new cause, before removal on application.
    pub serious_months: u32,
    /// Warnings or small fines within this many months …
    pub repeat_window_months: u32,
    /// … at least this many of them make a serious case.
    pub repeat_count: usize,
    /// Days between the two unsigned registered letters, both bounds included.
    pub letter_gap_days: (i64, i64),
    /// Working days the registrar has, from an application for removal with the obligation
    /// met, to check it and take the organisation off the abnormal list.
    pub removal_working_days: u32,
}

impl CreditRules {
    pub const NATIONAL: Self = Self {
        large_fine_fen: 5_000_000,
        abnormal_months: 6,
        serious_after_months: 24,
        serious_months: 24,
        repeat_window_months: 36,
        repeat_count: 2,
        letter_gap_days: (20, 60),
        removal_working_days: 5,
    };
}

/// Where the registrar stands with an application for removal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RemovalDeadline {
    /// The last day the registrar may check and remove.
    pub due_on: NaiveDate,
    /// Counted across a year whose holiday arrangement is not yet known.
    pub provisional: bool,
    /// Still open after the due day, or closed after it.
    pub overdue: bool,
}

/// The registrar's deadline for an application for removal made on `applied_on` and checked
/// (the obligation closed) on `closed_on`, if it has been, seen on `today`.
pub fn removal_deadline(
    applied_on: NaiveDate,
    closed_on: Option<NaiveDate>,
    today: NaiveDate,
    calendar: &WorkCalendar,
    rules: &CreditRules,
) -> RemovalDeadline {
    let due_on = calendar.add_working_days(applied_on, rules.removal_working_days);
    RemovalDeadline {
        due_on,
        provisional: calendar.provisional(applied_on, rules.removal_working_days),
        overdue: closed_on.unwrap_or(today) > due_on,
    }
}

/// Checks a sanction's amount: a fine carries a positive amount in fen, nothing else does.
pub fn check_sanction(kind: SanctionKind, amount_fen: Option<i64>) -> Result<Option<i64>, Violation> {
    match (kind, amount_fen) {
        (SanctionKind::Fine, Some(fen)) if fen > 0 => Ok(Some(fen)),
        (SanctionKind::Fine, Some(_)) => Err(Violation::new("must-be-positive")),
        (SanctionKind::Fine, None) => Err(Violation::new("required")),
        (_, Some(_)) => Err(Violation::new("sanction-amount-only-for-fine")),
        (_, None) => Ok(None),
    }
}

/// The cause a sanction lists for, if any (an investigation lists nothing).
pub fn sanction_cause(kind: SanctionKind, amount_fen: Option<i64>, rules: &CreditRules) -> Option<Cause> {
    Some(match kind {
        SanctionKind::Warning => Cause::Warning,
        SanctionKind::Fine if amount_fen.unwrap_or(0) >= rules.large_fine_fen => Cause::LargeFine,
        SanctionKind::Fine => Cause::SmallFine,
        SanctionKind::Suspension => Cause::Suspension,
        SanctionKind::ChangeRevoked => Cause::ChangeRevoked,
        SanctionKind::Revocation => Cause::Revocation,
        SanctionKind::DishonestDebtor => Cause::DishonestDebtor,
        SanctionKind::Investigation => return None,
    })
}

/// A registered letter to the registered address that came back unsigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsignedLetter {
    pub sent_on: NaiveDate,
    /// The day the registrar recorded it back unsigned.
    pub returned_on: NaiveDate,
}

/// The day an organisation counts as unreachable: when the second of two unsigned letters
/// sent 20 to 60 days apart is back; `None` while no such pair exists.
pub fn unreachable_on(letters: &[UnsignedLetter], rules: &CreditRules) -> Option<NaiveDate> {
    let (min, max) = rules.letter_gap_days;
    let mut found: Option<NaiveDate> = None;
    for (i, a) in letters.iter().enumerate() {
        for b in &letters[i + 1..] {
            let gap = (b.sent_on - a.sent_on).num_days().abs();
            if (min..=max).contains(&gap) {
                let on = a.returned_on.max(b.returned_on);
                found = Some(found.map_or(on, |f| f.min(on)));
            }
        }
    }
    found
}

/// One recorded fact that lists an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub cause: Cause,
    /// The day it lists the organisation.
    pub on: NaiveDate,
    /// The day its obligation was met and checked (only for causes that oblige).
    pub met_on: Option<NaiveDate>,
    /// What made it, as `entity:id` of the audit trail (`org_sanction:12`,
    /// `annual_report:2025` for a year's missed report).
    pub decision: String,
    /// Certified as no direct responsibility of the organisation, or found an error on an
    /// objection: it lists nothing and counts for nothing.
    pub void: bool,
}

/// A removal from the serious list granted on application, or the day of deregistration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    pub on: NaiveDate,
    pub decision: String,
}

/// One time on one list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub list: ListStatus,
    pub cause: Cause,
    pub listed_on: NaiveDate,
    /// What made it (`entity:id`); empty for a move computed from time on the list.
    pub decision: String,
    pub removed_on: Option<NaiveDate>,
    pub removal: Option<Removal>,
    /// What ended it when a decision did (a removal granted on application).
    pub removal_decision: Option<String>,
}

impl Entry {
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.listed_on <= day && self.removed_on.is_none_or(|r| r > day)
    }
}

/// The replay's state on a day.
#[derive(Default)]
struct State {
    entries: Vec<Entry>,
    /// Open entries, by index, and the met day of each one's obligation.
    abnormal: Vec<(usize, Option<NaiveDate>, bool)>,
    abnormal_since: Option<NaiveDate>,
    abnormal_period_from: Option<NaiveDate>,
    serious: Vec<usize>,
    serious_period_from: Option<NaiveDate>,
    /// Obligations the organisation brought onto the serious list: their met days.
    owed: Vec<Option<NaiveDate>>,
}

fn plus_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

impl State {
    fn close(&mut self, index: usize, day: NaiveDate, how: Removal, decision: Option<&str>) {
        let entry = &mut self.entries[index];
        entry.removed_on = Some(day);
        entry.removal = Some(how);
        entry.removal_decision = decision.map(str::to_string);
    }

    fn open(&mut self, list: ListStatus, cause: Cause, day: NaiveDate, decision: &str) -> usize {
        self.entries.push(Entry {
            list,
            cause,
            listed_on: day,
            decision: decision.to_string(),
            removed_on: None,
            removal: None,
            removal_decision: None,
        });
        self.entries.len() - 1
    }

    fn list(&mut self, fact: &Fact, day: NaiveDate) {
        let obliged = fact.cause.obliges();
        if !self.serious.is_empty() {
            // A new cause while on the serious list stays there and restarts its period.
            let index = self.open(ListStatus::Serious, fact.cause, day, &fact.decision);
            self.serious.push(index);
            self.serious_period_from = Some(day);
            if obliged {
                self.owed.push(fact.met_on);
            }
            return;
        }
        if fact.cause.list() == ListStatus::Abnormal {
            let index = self.open(ListStatus::Abnormal, fact.cause, day, &fact.decision);
            self.abnormal.push((index, fact.met_on, obliged));
            self.abnormal_since.get_or_insert(day);
            self.abnormal_period_from = Some(day);
        } else {
            self.move_to_serious(fact.cause, day, &fact.decision);
        }
    }

    /// Moves the organisation onto the serious list for `cause`, off the abnormal one.
    fn move_to_serious(&mut self, cause: Cause, day: NaiveDate, decision: &str) {
        for (index, met, obliged) in std::mem::take(&mut self.abnormal) {
            self.close(index, day, Removal::MovedToSerious, None);
            if obliged {
                self.owed.push(met);
            }
        }
        self.abnormal_since = None;
        self.abnormal_period_from = None;
        let index = self.open(ListStatus::Serious, cause, day, decision);
        self.serious.push(index);
        self.serious_period_from = Some(day);
    }

    /// Time-driven changes on `day`: met obligations, six months, two years.
    fn advance(&mut self, day: NaiveDate, rules: &CreditRules) {
        let met: Vec<usize> = self
            .abnormal
            .iter()
            .filter(|(_, m, obliged)| *obliged && m.is_some_and(|m| m <= day))
            .map(|(i, _, _)| *i)
            .collect();
        for index in met {
            self.close(index, day, Removal::ObligationMet, None);
            self.abnormal.retain(|(i, _, _)| *i != index);
        }
        let nothing_to_rectify = self.abnormal.iter().all(|(_, _, obliged)| !obliged);
        if let Some(from) = self.abnormal_period_from
            && nothing_to_rectify
            && day >= plus_months(from, rules.abnormal_months)
        {
            for (index, _, _) in std::mem::take(&mut self.abnormal) {
                self.close(index, day, Removal::SixMonths, None);
            }
        }
        if self.abnormal.is_empty() {
            self.abnormal_since = None;
            self.abnormal_period_from = None;
        }
        if let Some(since) = self.abnormal_since
            && day >= plus_months(since, rules.serious_after_months)
        {
            self.move_to_serious(Cause::AbnormalTwoYears, day, "");
        }
    }

    /// The next day a time-driven change may happen, after `day`.
    fn next_deadline(&self, day: NaiveDate, rules: &CreditRules) -> Option<NaiveDate> {
        let mut next = Vec::new();
        if let Some(since) = self.abnormal_since {
            next.push(plus_months(since, rules.serious_after_months));
        }
        if let Some(from) = self.abnormal_period_from {
            next.push(plus_months(from, rules.abnormal_months));
        }
        next.extend(self.abnormal.iter().filter_map(|(_, m, _)| *m));
        next.into_iter().filter(|d| *d > day).min()
    }

    /// Why the organisation may not leave the serious list on `day`, if it may not.
    fn serious_exit(&self, day: NaiveDate, rules: &CreditRules) -> Result<(), Violation> {
        let Some(from) = self.serious_period_from.filter(|_| !self.serious.is_empty()) else {
            return Err(Violation::new("credit-not-on-serious-list"));
        };
        if self.serious.iter().any(|i| self.entries[*i].cause == Cause::Revocation) {
            return Err(Violation::new("credit-revoked-until-deregistered"));
        }
        let from = plus_months(from, rules.serious_months);
        if day < from {
            return Err(Violation::new("credit-serious-too-soon").with("from", from));
        }
        if self.owed.iter().any(|m| m.is_none_or(|m| m > day)) {
            return Err(Violation::new("credit-obligation-unmet"));
        }
        Ok(())
    }

    fn leave_serious(&mut self, day: NaiveDate, how: Removal, decision: &str) {
        for index in std::mem::take(&mut self.serious) {
            self.close(index, day, how, Some(decision));
        }
        self.serious_period_from = None;
        self.owed.clear();
    }
}

/// The recorded facts of one organisation.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub facts: Vec<Fact>,
    /// Removals from the serious list granted on application.
    pub removals: Vec<Granted>,
    /// The day it was deregistered, if it was.
    pub deregistered: Option<Granted>,
}

impl Record {
    /// The facts that count, with the repeated-penalty cases they make, in the order they
    /// apply: by day, abnormal causes before serious ones.
    fn counted(&self, rules: &CreditRules) -> Vec<Fact> {
        let mut facts: Vec<Fact> = self.facts.iter().filter(|f| !f.void).cloned().collect();
        let mut penalties: Vec<&Fact> =
            facts.iter().filter(|f| matches!(f.cause, Cause::Warning | Cause::SmallFine)).collect();
        penalties.sort_by_key(|f| f.on);
        let mut repeated = Vec::new();
        for (i, f) in penalties.iter().enumerate() {
            let in_window =
                penalties[..=i].iter().filter(|g| plus_months(g.on, rules.repeat_window_months) >= f.on).count();
            if in_window >= rules.repeat_count {
                repeated.push(Fact { cause: Cause::RepeatedPenalties, met_on: None, ..(*f).clone() });
            }
        }
        facts.extend(repeated);
        facts.sort_by_key(|f| (f.on, f.cause.list() == ListStatus::Serious));
        facts
    }

    fn replay(&self, until: NaiveDate, rules: &CreditRules) -> State {
        let facts = self.counted(rules);
        let mut days: Vec<NaiveDate> = facts.iter().flat_map(|f| [Some(f.on), f.met_on]).flatten().collect();
        days.extend(self.removals.iter().map(|r| r.on));
        days.extend(self.deregistered.iter().map(|d| d.on));
        days.retain(|d| *d <= until);
        days.sort_unstable();
        days.dedup();
        let mut state = State::default();
        let mut upcoming = days.into_iter().peekable();
        let mut day = match upcoming.peek() {
            Some(first) => *first,
            None => return state,
        };
        loop {
            while upcoming.peek().is_some_and(|d| *d <= day) {
                upcoming.next();
            }
            for fact in facts.iter().filter(|f| f.on == day) {
                state.list(fact, day);
            }
            state.advance(day, rules);
            for removal in self.removals.iter().filter(|r| r.on == day) {
                if state.serious_exit(day, rules).is_ok() {
                    state.leave_serious(day, Removal::Application, &removal.decision);
                }
            }
            if let Some(gone) = self.deregistered.as_ref().filter(|d| d.on == day)
                && state.serious.iter().any(|i| state.entries[*i].cause == Cause::Revocation)
            {
                state.leave_serious(day, Removal::Deregistered, &gone.decision);
            }
            let next = [upcoming.peek().copied(), state.next_deadline(day, rules)].into_iter().flatten().min();
            match next {
                Some(next) if next <= until => day = next,
                _ => return state,
            }
        }
    }
}

/// Every listing the record has made by `today`, in the order they began.
pub fn history(record: &Record, today: NaiveDate, rules: &CreditRules) -> Vec<Entry> {
    record.replay(today, rules).entries
}

/// The list an organisation is on `today`: serious before abnormal, one at a time.
pub fn standing(entries: &[Entry], today: NaiveDate) -> ListStatus {
    let open = |list| entries.iter().any(|e| e.list == list && e.open_on(today));
    if open(ListStatus::Serious) {
        ListStatus::Serious
    } else if open(ListStatus::Abnormal) {
        ListStatus::Abnormal
    } else {
        ListStatus::Clear
    }
}

/// Whether a removal from the serious list may be granted on `day`: two years on it with
/// no new cause, the obligations brought from the abnormal list met, and not listed for a
/// revocation (which ends only with deregistration).
pub fn serious_exit(record: &Record, day: NaiveDate, rules: &CreditRules) -> Result<(), Violation> {
    record.replay(day, rules).serious_exit(day, rules)
}

#[cfg(test)]
#[path = "credit_tests.rs"]
mod tests;

//! Applications filed with civil affairs (4A): registering a new organisation, a change
//! of an organisation's registration facts, or deregistration. The supervising unit reviews first (前置审查),
//! then the registrar decides; a refusal at either step ends the application.

use crate::Violation;

/// The prefix of a registration application's tracking number (登记).
pub const REGISTRATION_TRACKING_PREFIX: &str = "DJ";

named_enum! {
    ApplicationKind {
        Change = "change",
        Deregistration = "deregistration",
    }
}

named_enum! {
    ApplicationStatus {
        /// Filed, waiting for the supervising unit.
        Filed = "filed",
        /// The unit agreed; waiting for the registrar.
        UnitApproved = "unit_approved",
        Approved = "approved",
        Refused = "refused",
    }
}

/// Who acts on an application next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Unit,
    Registrar,
}

/// The status an application moves to when `step` agrees or refuses, or why it cannot.
pub fn next_status(status: ApplicationStatus, step: Step, agree: bool) -> Result<ApplicationStatus, Violation> {
    match (status, step) {
        (ApplicationStatus::Filed, Step::Unit) => {
            Ok(if agree { ApplicationStatus::UnitApproved } else { ApplicationStatus::Refused })
        }
        (ApplicationStatus::UnitApproved, Step::Registrar) => {
            Ok(if agree { ApplicationStatus::Approved } else { ApplicationStatus::Refused })
        }
        (ApplicationStatus::Filed, Step::Registrar) => Err(Violation::new("application-unit-review-pending")),
        _ => Err(Violation::new("application-decided")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_reviews_before_the_registrar_decides() {
        use ApplicationStatus::*;
        assert_eq!(next_status(Filed, Step::Unit, true), Ok(UnitApproved));
        assert_eq!(next_status(UnitApproved, Step::Registrar, true), Ok(Approved));
        assert_eq!(next_status(Filed, Step::Registrar, true).unwrap_err().code, "application-unit-review-pending");
    }

    #[test]
    fn a_refusal_ends_the_application_at_either_step() {
        use ApplicationStatus::*;
        assert_eq!(next_status(Filed, Step::Unit, false), Ok(Refused));
        assert_eq!(next_status(UnitApproved, Step::Registrar, false), Ok(Refused));
        for done in [Approved, Refused] {
            for step in [Step::Unit, Step::Registrar] {
                assert_eq!(next_status(done, step, true).unwrap_err().code, "application-decided");
            }
        }
        assert_eq!(next_status(UnitApproved, Step::Unit, true).unwrap_err().code, "application-decided");
    }
}

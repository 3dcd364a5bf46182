//! Social workers (5A–5D): the registry on the shared `persons` row, registration and
//! renewal, continuing education, posts and the certificate gate on hires.
//!
//! Who may do what: administrators (the social-work office acts through its level's
//! administrator accounts) keep the records in their region (`ManageSocialWorkers`); a
//! `social_worker` account linked to a record reads that record, and nothing else; an
//! organisation's own account reads its current staff's records and uploads their
//! social-insurance months (`employer`, `contribution_import`).

mod applications;
mod city;
mod contribution_import;
mod employer;
mod evaluation;
mod figures;
mod import;
mod insurance;
mod pay;
mod pool;
mod posts;
mod ratio;
mod registration;
mod supervision;
mod view;
mod workers;

pub use applications::{ApplicationFilter, ApplicationList, ApplicationRow, WAITING};
pub use city::{
    AttendanceInput, AttendanceOutcome, AttendeeView, CityCourseDetail, CityCourseView, LocalQualificationInput,
    LocalQualificationView, MAX_ATTENDEES, NewCityCourse,
};
pub use contribution_import::{CONTRIBUTION_SHEET, ContributionRow, parse_contribution_sheet};
pub use employer::{StaffList, StaffRow};
pub use evaluation::{EvaluationRulesInput, EvaluationView, NewEvaluation};
pub use figures::{RegionFigures, SocialWorkFigures};
pub use import::{SOCIAL_WORKER_SHEET, SheetWorkerRow, parse_social_worker_sheet};
pub use insurance::{ContributionInput, ContributionView};
pub use pay::{
    AllowanceList, AllowanceMonth, AllowanceRatesInput, AllowanceRatesView, AllowanceRow, AwardView, NewAward,
    PayTable, PayTierInput, PayTierView, PayTiersInput, PayView,
};
pub use pool::{ExpertView, NewExpert, NewTrainingBase, TrainingBaseView};
pub use posts::{HireExit, NewHire, NewPost, PostView};
pub use ratio::{SupervisionFigures, SupervisorLoad};
pub use registration::{StepInput, StepOutcome};
pub use supervision::{NewSession, NewSupervision, SessionView, SupervisionView};
pub use view::{
    CertificateView, EducationView, HireView, RegistrationView, SocialWorkerDetail, SocialWorkerList, SocialWorkerRow,
    TrainingView,
};
pub use workers::{CertificateInput, EducationInput, NewSocialWorker, NewTraining};

use domain::identity::Permission;
use domain::social_work::SocialWorkRules;
use store::entity::{social_work_gate, social_worker};
use store::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::{Actor, App, AppError};

/// What the caller wants to do with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
}

impl App {
    /// The social worker `id` if the actor may read it (their own, or, for an organisation's
    /// own account, its current staff member's) or keep it (in scope): 404 outside scope,
    /// 403 where the region is visible but the permission is missing.
    async fn worker_for(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        id: i64,
        access: Access,
    ) -> Result<social_worker::Model, AppError> {
        let found = social_worker::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
        if access == Access::Read
            && (found.account_id == Some(actor.account_id) || self.employs(db, actor, found.id).await?)
        {
            return Ok(found);
        }
        actor.require(Permission::ManageSocialWorkers, &found.region_code, &self.regions())?;
        Ok(found)
    }

    /// Every region code the actor keeps social workers in, the levels below included.
    /// Someone who keeps none is refused as the registry refuses: 403 where they read their
    /// home region, 404 elsewhere.
    fn kept_codes(&self, actor: &Actor) -> Result<Vec<String>, AppError> {
        let tree = self.regions();
        let scopes = actor.regions_with(Permission::ManageSocialWorkers);
        if scopes.is_empty() {
            let home = actor.home_region().unwrap_or_default().to_string();
            actor.require(Permission::ManageSocialWorkers, &home, &tree)?;
        }
        Ok(scopes.iter().filter_map(|s| tree.get(s)).flat_map(|n| tree.codes_with_path_prefix(&n.path)).collect())
    }

    /// The rules in force in `code`: the national defaults, with the certificate gate's
    /// day of the nearest region (the code itself or an ancestor) that sets its own.
    async fn social_work_rules(&self, db: &impl ConnectionTrait, code: &str) -> Result<SocialWorkRules, AppError> {
        let tree = self.regions();
        let lineage: Vec<String> = tree.lineage(code).into_iter().map(|n| n.code.clone()).collect();
        let gates = social_work_gate::Entity::find()
            .filter(social_work_gate::Column::RegionCode.is_in(lineage.clone()))
            .all(db)
            .await?;
        let nearest = lineage.iter().rev().find_map(|c| gates.iter().find(|g| &g.region_code == c));
        let mut rules = SocialWorkRules::default();
        if let Some(gate) = nearest {
            rules.certificate_required_from = gate.certificate_required_from;
        }
        Ok(rules)
    }

    /// A region a record is kept in: a current division the actor keeps records in. An
    /// unknown code is the caller's mistake (422) for anyone who keeps records somewhere.
    fn registry_region(&self, actor: &Actor, code: &str) -> Result<String, AppError> {
        let code = code.trim();
        let tree = self.regions();
        if tree.get(code).is_none() {
            return if actor.has_anywhere(Permission::ManageSocialWorkers) {
                Err(AppError::invalid(
                    "region_code",
                    if code.is_empty() {
                        domain::Violation::new("required")
                    } else {
                        domain::Violation::new("region-unknown")
                    },
                ))
            } else {
                Err(AppError::NotFound)
            };
        }
        actor.require(Permission::ManageSocialWorkers, code, &tree)?;
        Ok(code.to_string())
    }
}

//! The one migration history both backends share.

use sea_orm_migration::prelude::*;

mod m20261126_000001_foundation;
mod m20261127_000001_elections;
mod m20261127_000002_ballots;
mod m20261127_000003_register_and_paper;
mod m20261127_000004_meetings_and_disclosure;
mod m20261127_000005_organizations;
mod m20261127_000006_annual_reports;
mod m20261127_000007_org_applications;
mod m20261127_000008_evaluations;
mod m20261127_000009_community_org_filings;
mod m20261127_000010_cultivation;
mod m20261127_000011_registration_applications;
mod m20261130_000001_election_rules;
mod m20261130_000002_credit_lists;
mod m20261201_000001_social_workers;
mod m20261201_000002_working_days;
mod m20261202_000001_surveys;
mod m20261202_000002_supervision;
mod m20261202_000003_social_work_exits;
mod m20261202_000004_insurance;
mod m20261203_000002_pay;
mod m20261203_000003_city_review;
mod m20261204_000001_volunteers;
mod m20261205_000001_volunteer_star_applications;
mod m20261205_000002_volunteer_merges;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_foundation::Migration),
            Box::new(m20261127_000001_elections::Migration),
            Box::new(m20261127_000002_ballots::Migration),
            Box::new(m20261127_000003_register_and_paper::Migration),
            Box::new(m20261127_000004_meetings_and_disclosure::Migration),
            Box::new(m20261127_000005_organizations::Migration),
            Box::new(m20261127_000006_annual_reports::Migration),
            Box::new(m20261127_000007_org_applications::Migration),
            Box::new(m20261127_000008_evaluations::Migration),
            Box::new(m20261127_000009_community_org_filings::Migration),
            Box::new(m20261127_000010_cultivation::Migration),
            Box::new(m20261127_000011_registration_applications::Migration),
            Box::new(m20261130_000001_election_rules::Migration),
            Box::new(m20261130_000002_credit_lists::Migration),
            Box::new(m20261201_000001_social_workers::Migration),
            Box::new(m20261201_000002_working_days::Migration),
            Box::new(m20261202_000001_surveys::Migration),
            Box::new(m20261202_000002_supervision::Migration),
            Box::new(m20261202_000003_social_work_exits::Migration),
            Box::new(m20261202_000004_insurance::Migration),
            Box::new(m20261203_000002_pay::Migration),
            Box::new(m20261203_000003_city_review::Migration),
            Box::new(m20261204_000001_volunteers::Migration),
            Box::new(m20261205_000001_volunteer_star_applications::Migration),
            Box::new(m20261205_000002_volunteer_merges::Migration),
        ]
    }
}

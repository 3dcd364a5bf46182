//! Exports: every list that leaves the system as a file is recorded in the audit trail
//! (who, which list, how many rows, with which filters), here and only here.

use crate::organization::{CoverageRow, CultivationRow};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

impl App {
    /// Records in the audit trail that the actor exported `rows` rows of a list, with the
    /// filters (`detail`) that chose them.
    pub(crate) async fn record_export(
        &self,
        actor: &Actor,
        list: &str,
        rows: usize,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        let region = actor.home_region().unwrap_or_default().to_string();
        self.record_export_in(actor, list, rows, detail, &region).await
    }

    /// As `record_export`, filed under `region` (the region the export covers).
    pub(crate) async fn record_export_in(
        &self,
        actor: &Actor,
        list: &str,
        rows: usize,
        mut detail: serde_json::Value,
        region: &str,
    ) -> Result<(), AppError> {
        detail["rows"] = rows.into();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        tx.record(Change::new("export", list, rows, region).after(&detail)).await?;
        tx.commit().await
    }

    /// The cultivation counts of `year` for export, recorded as exported.
    pub async fn export_cultivation_counts(&self, actor: &Actor, year: i32) -> Result<Vec<CultivationRow>, AppError> {
        let rows = self.cultivation_counts(actor, year).await?;
        self.record_export(actor, "cultivation_counts", rows.len(), serde_json::json!({ "year": year })).await?;
        Ok(rows)
    }

    /// The party-building coverage of `year` for export, recorded as exported.
    pub async fn export_party_coverage(&self, actor: &Actor, year: i32) -> Result<Vec<CoverageRow>, AppError> {
        let rows = self.party_coverage(actor, year).await?;
        self.record_export(actor, "party_coverage", rows.len(), serde_json::json!({ "year": year })).await?;
        Ok(rows)
    }
}

//! Service proofs (民发〔2015〕149号): issued free by the organiser that recorded the
//! service, from its own ledger; each names the entry its figure runs through, so the
//! public page can recompute the hours from the chain and tell whether they still agree.

use chrono::{NaiveDate, Utc};
use domain::identifiers::resident_id::mask;
use rand::Rng;
use serde::{Deserialize, Serialize};
use store::entity::{person, volunteer, volunteer_proof};
use store::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use super::Access;
use super::ledger::{chain_head, chain_minutes, chain_rows, verify_rows};
use super::merge::merged_family;
use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// Letters and digits that cannot be misread for one another when typed from paper.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Who answers for the proof, as the issuer fills it in.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewProof {
    /// The issuer's responsible person (负责人).
    pub responsible: String,
    /// Who handled it (经办人).
    pub handler: String,
    /// A contact telephone.
    pub contact: String,
}

/// A proof as printed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProofView {
    pub id: i64,
    pub code: String,
    pub number: String,
    pub volunteer_id: i64,
    pub name: String,
    pub id_type: String,
    /// Full on the printed proof the volunteer receives; masked elsewhere.
    pub id_number: String,
    pub volunteer_number: String,
    pub minutes: i64,
    pub entries: i64,
    pub through_seq: i64,
    pub chain: String,
    pub issuer: String,
    pub responsible: String,
    pub handler: String,
    pub contact: String,
    pub issued_on: NaiveDate,
    /// What the service was: the descriptions of the entries counted, distinct.
    pub content: Vec<String>,
}

/// What the public verification page tells anyone holding a proof's code.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProofVerification {
    pub number: String,
    /// Masked: 张*.
    pub name: String,
    pub volunteer_number: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    pub minutes: i64,
    /// The minutes the ledger gives today for the same entries.
    pub ledger_minutes: i64,
    /// The ledger verifies up to the proof's entry and gives the proof's minutes.
    pub genuine: bool,
    pub chain: String,
    pub through_seq: i64,
}

pub(super) fn masked_name(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|first| format!("{first}{}", "*".repeat(chars.count().max(1)))).unwrap_or_default()
}

impl App {
    /// Issues a proof of the service the actor's ledger holds for a volunteer, free.
    pub async fn issue_proof(&self, actor: &Actor, volunteer_id: i64, input: NewProof) -> Result<i64, AppError> {
        let v = self.volunteer_for(&self.db, actor, volunteer_id, Access::Write).await?;
        self.organiser_for(&self.db, actor, &v.region_code).await?;
        let mut checks = Checks::default();
        let responsible = checks.field("responsible", required_text(&input.responsible, 40));
        let handler = checks.field("handler", required_text(&input.handler, 40));
        let contact = checks.field("contact", required_text(&input.contact, 40));
        let (responsible, handler, contact) = checks.finish_with((responsible, handler, contact))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let v = self.volunteer_for(tx.conn(), actor, volunteer_id, Access::Write).await?;
        let organiser = self.organiser_for(tx.conn(), actor, &v.region_code).await?;
        let head = chain_head(tx.conn(), &organiser).await?;
        let rows = chain_rows(tx.conn(), &organiser.chain).await?;
        let family = merged_family(tx.conn(), v.id).await?;
        let (minutes, entries) = chain_minutes(&rows, &family, head.seq);
        if entries == 0 {
            return Err(AppError::Conflict(domain::Violation::new("proof-nothing-recorded").on("volunteer")));
        }
        let issued_on = self.settings.today();
        let issued = volunteer_proof::Entity::find()
            .filter(volunteer_proof::Column::Chain.eq(&organiser.chain))
            .count(tx.conn())
            .await?;
        // 330402007024-2026-00001 for an office, ORG12-2026-00001 for an organisation.
        let issuer_key = organiser.chain.strip_prefix("region-").map(str::to_string);
        let issuer_key = issuer_key.unwrap_or_else(|| organiser.chain.replace("org-", "ORG"));
        let number = format!("{issuer_key}-{}-{:05}", issued_on.format("%Y"), issued + 1);
        let code: String = {
            let mut rng = rand::rng();
            (0..12).map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char).collect()
        };
        let row = volunteer_proof::ActiveModel {
            code: Set(code.clone()),
            number: Set(number.clone()),
            volunteer_id: Set(v.id),
            chain: Set(organiser.chain.clone()),
            through_seq: Set(head.seq),
            minutes: Set(minutes),
            entries: Set(entries),
            issuer: Set(organiser.issuer.clone()),
            responsible: Set(responsible),
            handler: Set(handler),
            contact: Set(contact),
            issued_on: Set(issued_on),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let id = volunteer_proof::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "number": number, "volunteer_id": v.id, "chain": organiser.chain,
            "through_seq": head.seq, "minutes": minutes });
        tx.record(Change::new("issue", "volunteer_proof", id, &organiser.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A proof as printed, for the volunteer it names and whoever may read their record.
    pub async fn proof(&self, actor: &Actor, id: i64) -> Result<ProofView, AppError> {
        let p = volunteer_proof::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let v = self.volunteer_for(&self.db, actor, p.volunteer_id, Access::Read).await?;
        let own = v.account_id == Some(actor.account_id);
        self.proof_view(p, v, own).await
    }

    /// The proofs issued for a volunteer, newest first.
    pub async fn proofs_of(&self, actor: &Actor, volunteer_id: i64) -> Result<Vec<ProofView>, AppError> {
        let v = self.volunteer_for(&self.db, actor, volunteer_id, Access::Read).await?;
        let own = v.account_id == Some(actor.account_id);
        let proofs = volunteer_proof::Entity::find()
            .filter(volunteer_proof::Column::VolunteerId.eq(v.id))
            .order_by_desc(volunteer_proof::Column::Id)
            .all(&self.db)
            .await?;
        let mut views = Vec::with_capacity(proofs.len());
        for p in proofs {
            views.push(self.proof_view(p, v.clone(), own).await?);
        }
        Ok(views)
    }

    async fn proof_view(
        &self,
        p: volunteer_proof::Model,
        v: volunteer::Model,
        own: bool,
    ) -> Result<ProofView, AppError> {
        let person = person::Entity::find_by_id(v.person_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let rows = chain_rows(&self.db, &p.chain).await?;
        let mut content: Vec<String> = Vec::new();
        let family = merged_family(&self.db, v.id).await?;
        for row in rows.iter().filter(|r| family.contains(&r.volunteer_id) && r.seq <= p.through_seq) {
            if !content.contains(&row.description) {
                content.push(row.description.clone());
            }
        }
        Ok(ProofView {
            id: p.id,
            code: p.code,
            number: p.number,
            volunteer_id: v.id,
            name: person.name,
            id_type: "居民身份证".into(),
            id_number: if own { person.id_number } else { mask(&person.id_number) },
            volunteer_number: v.number.unwrap_or_default(),
            minutes: p.minutes,
            entries: p.entries,
            through_seq: p.through_seq,
            chain: p.chain,
            issuer: p.issuer,
            responsible: p.responsible,
            handler: p.handler,
            contact: p.contact,
            issued_on: p.issued_on,
            content,
        })
    }

    /// What anyone holding a proof's code may check: its hours, issuer and date against
    /// the ledger as it stands, the name masked.
    pub async fn verify_proof(&self, code: &str) -> Result<ProofVerification, AppError> {
        let code = code.trim().to_ascii_uppercase();
        let p = volunteer_proof::Entity::find()
            .filter(volunteer_proof::Column::Code.eq(code))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let v = volunteer::Entity::find_by_id(p.volunteer_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let person = person::Entity::find_by_id(v.person_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let rows: Vec<_> =
            chain_rows(&self.db, &p.chain).await?.into_iter().filter(|r| r.seq <= p.through_seq).collect();
        let intact = verify_rows(&rows).is_ok() && rows.len() as i64 == p.through_seq;
        let family = merged_family(&self.db, v.id).await?;
        let (ledger_minutes, _) = chain_minutes(&rows, &family, p.through_seq);
        Ok(ProofVerification {
            number: p.number,
            name: masked_name(&person.name),
            volunteer_number: v.number.unwrap_or_default(),
            issuer: p.issuer,
            issued_on: p.issued_on,
            minutes: p.minutes,
            ledger_minutes,
            genuine: intact && ledger_minutes == p.minutes,
            chain: p.chain,
            through_seq: p.through_seq,
        })
    }
}

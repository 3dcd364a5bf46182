//! Importing an existing registry from Excel (4A): every row is checked first — fields,
//! the registrar's scope, classified supervision, codes and names already registered or
//! repeated in the file — then all rows are written in one transaction, or none. Exporting
//! any list writes the same columns back.

use std::collections::{HashMap, HashSet};

use domain::Violation;
use domain::identifiers::resident_id::{ResidentId, mask};
use domain::identity::Permission;
use domain::money::{parse_yuan, yuan};
use domain::organization::Category;
use store::entity::{organization, person};
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::registry::CheckedOrganization;
use super::supervision::unit_for;
use super::{NewOrganization, OrganizationQuery};
use crate::community::posts::new_person;
use crate::paging::PAGE_SIZES;
use crate::sheet::{Choice, Column, ImportFormat, ImportReport, Language, SheetFormat, Takes, row_error};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

const KINDS: &[Choice] = &[
    Choice { code: "social_group", zh: "社会团体", en: "Social group", also: &[] },
    Choice {
        code: "private_non_enterprise",
        zh: "民办非企业单位",
        en: "Private non-enterprise unit",
        also: &["社会服务机构", "Social service agency"],
    },
    Choice { code: "foundation", zh: "基金会", en: "Foundation", also: &[] },
];

const CATEGORIES: &[Choice] = &[
    Choice { code: "trade_association", zh: "行业协会商会", en: "Trade association or chamber", also: &[] },
    Choice {
        code: "social_science", zh: "社会科学类", en: "Social-science society", also: &["社会科学类学术团体"]
    },
    Choice {
        code: "natural_science", zh: "自然科学类", en: "Natural-science society", also: &["自然科学类学术团体"]
    },
    Choice { code: "culture_art", zh: "文化艺术类", en: "Culture and art", also: &[] },
    Choice { code: "charity", zh: "公益慈善类", en: "Charity and public welfare", also: &[] },
    Choice { code: "community", zh: "城乡社区服务类", en: "Community service", also: &[] },
    Choice { code: "professional", zh: "专业服务类", en: "Professional services", also: &[] },
    Choice { code: "other", zh: "其他", en: "Other", also: &[] },
];

/// The organisation registry's sheet (the header row of the downloadable template).
pub static ORGANIZATION_SHEET: SheetFormat = SheetFormat {
    columns: &[
        Column { field: "name", zh: "名称", en: "Name", takes: Takes::Text },
        Column { field: "uscc", zh: "统一社会信用代码", en: "Unified social credit code", takes: Takes::Text },
        Column { field: "kind", zh: "组织类型", en: "Kind", takes: Takes::OneOf(KINDS) },
        Column { field: "category", zh: "类别", en: "Category", takes: Takes::OneOf(CATEGORIES) },
        Column { field: "region_code", zh: "所在地代码", en: "Region code", takes: Takes::Text },
        Column { field: "registered_on", zh: "成立登记日期", en: "Registered on", takes: Takes::Date },
        Column { field: "domicile", zh: "住所", en: "Domicile", takes: Takes::Text },
        Column {
            field: "legal_representative_name", zh: "法定代表人", en: "Legal representative", takes: Takes::Text
        },
        Column {
            field: "legal_representative_id_number",
            zh: "法定代表人身份证号",
            en: "Legal representative's ID number",
            takes: Takes::Text,
        },
        Column { field: "business_scope", zh: "业务范围", en: "Business scope", takes: Takes::Text },
        Column {
            field: "registered_capital",
            zh: "注册资金（元）",
            en: "Registered capital (yuan)",
            takes: Takes::Text,
        },
    ],
    example: &[
        "嘉兴市南湖区建设街道社区志愿者协会",
        "51330402MJ00000187",
        "social_group",
        "community",
        "330402",
        "2019-03-18",
        "嘉兴市南湖区建设街道百福弄 1 号",
        "朱建国",
        "330411197803020048",
        "组织社区志愿服务、邻里互助和为老服务",
        "30000",
    ],
};

/// Rows written per statement: 17 columns each stays far below both databases' limits
/// on bound parameters.
const ROWS_PER_INSERT: usize = 500;

/// One data row of the file, with its line.
pub struct OrganizationRow {
    pub line: usize,
    pub input: NewOrganization,
    pub capital: String,
}

/// Reads the rows of an organisations sheet in the template's columns.
pub fn parse_organization_sheet(format: ImportFormat, bytes: &[u8]) -> Result<Vec<OrganizationRow>, AppError> {
    Ok(ORGANIZATION_SHEET
        .read(format, bytes)?
        .into_iter()
        .map(|(line, cells)| {
            let mut cells = cells.into_iter();
            let mut next = || cells.next().unwrap_or_default();
            OrganizationRow {
                line,
                input: NewOrganization {
                    name: next(),
                    uscc: next(),
                    kind: next(),
                    category: next(),
                    region_code: next().trim().to_string(),
                    registered_on: next(),
                    domicile: next(),
                    legal_representative_name: next(),
                    legal_representative_id_number: next(),
                    business_scope: next(),
                    registered_capital_fen: 0,
                    // The sheet has no party-building columns: not collected.
                    party_members: 0,
                    party_form: String::new(),
                },
                capital: next(),
            }
        })
        .collect())
}

/// A checked row and where it goes.
struct Placed {
    checked: CheckedOrganization,
    authority: String,
    unit: i64,
}

impl App {
    /// Checks every row and writes them all, or (dry run, or any error) none. `progress`
    /// is told how many rows are done.
    pub async fn import_organizations(
        &self,
        actor: &Actor,
        rows: &[OrganizationRow],
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportReport, AppError> {
        if !actor.has_anywhere(Permission::RegisterOrganizations) {
            return Err(AppError::NotFound);
        }
        let tree = self.regions();
        let mut errors = Vec::new();
        let mut placed: Vec<(usize, Placed)> = Vec::with_capacity(rows.len());
        let mut authorities: HashMap<String, Option<String>> = HashMap::new();
        let mut units: HashMap<(String, Category), Option<i64>> = HashMap::new();
        let mut first_line: HashMap<String, usize> = HashMap::new();
        for (done, row) in rows.iter().enumerate() {
            let mut input = row.input.clone();
            // An empty capital cell means none was registered.
            let capital = if row.capital.trim().is_empty() { Ok(0) } else { parse_yuan(&row.capital) };
            match capital {
                Ok(fen) => input.registered_capital_fen = fen,
                Err(v) => errors.push(row_error(row.line, v.on(ORGANIZATION_SHEET.columns[10].field))),
            }
            let checked = match self.check_organization(&tree, &input) {
                Ok(checked) => checked,
                Err(AppError::Invalid(fields)) => {
                    errors.extend(fields.into_iter().map(|e| row_error(row.line, e)));
                    continue;
                }
                Err(other) => return Err(other),
            };
            let authority = authorities
                .entry(checked.facts.region.clone())
                .or_insert_with(|| self.registering_authority(actor, &checked.facts.region).ok())
                .clone();
            let Some(authority) = authority else {
                errors.push(row_error(
                    row.line,
                    Violation::new("region-out-of-scope").on(ORGANIZATION_SHEET.columns[4].field),
                ));
                continue;
            };
            let key = (authority.clone(), checked.facts.category);
            let unit = match units.get(&key) {
                Some(unit) => *unit,
                None => {
                    *units.entry(key).or_insert(unit_for(&self.db, &tree, &authority, checked.facts.category).await?)
                }
            };
            let Some(unit) = unit else {
                errors.push(row_error(
                    row.line,
                    Violation::new("supervision-rule-missing").on(ORGANIZATION_SHEET.columns[3].field),
                ));
                continue;
            };
            for (field, value) in [
                (ORGANIZATION_SHEET.columns[1].field, checked.uscc.as_str()),
                (ORGANIZATION_SHEET.columns[0].field, checked.facts.name.as_str()),
            ] {
                if let Some(first) = first_line.insert(format!("{field}:{value}"), row.line) {
                    errors.push(row_error(row.line, Violation::new("duplicate-in-file").with("row", first).on(field)));
                }
            }
            placed.push((row.line, Placed { checked, authority, unit }));
            if done % 1000 == 0 {
                progress(done / 3);
            }
        }
        self.find_registered(&placed, &mut errors).await?;
        let known = self.known_representatives(&placed, &mut errors).await?;
        progress(rows.len() / 2);
        if !errors.is_empty() || dry_run {
            errors.sort_by_key(|e| e.row);
            return Ok(ImportReport { total: rows.len(), errors, committed: false });
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let people = add_representatives(&mut tx, &placed, known).await?;
        let mut batch = Vec::with_capacity(ROWS_PER_INSERT);
        for (done, (_, p)) in placed.into_iter().enumerate() {
            let representative =
                p.checked.facts.representative.as_ref().and_then(|(_, id)| people.get(id.as_str())).copied();
            batch.push(p.checked.into_row(&tree, p.authority, p.unit, representative));
            if batch.len() == ROWS_PER_INSERT {
                organization::Entity::insert_many(std::mem::take(&mut batch)).exec_without_returning(tx.conn()).await?;
                progress(rows.len() / 2 + done / 2);
            }
        }
        if !batch.is_empty() {
            organization::Entity::insert_many(batch).exec_without_returning(tx.conn()).await?;
        }
        let summary = serde_json::json!({ "rows": rows.len() });
        let scope = actor.home_region().unwrap_or_default().to_string();
        tx.record(Change::new("import", "organizations", rows.len(), &scope).after(&summary)).await?;
        tx.commit().await?;
        progress(rows.len());
        Ok(ImportReport { total: rows.len(), errors, committed: true })
    }

    /// The representatives already known as persons, by ID number; a row whose name
    /// disagrees with the person's gets an error.
    async fn known_representatives(
        &self,
        placed: &[(usize, Placed)],
        errors: &mut Vec<crate::sheet::RowError>,
    ) -> Result<HashMap<String, i64>, AppError> {
        let wanted: Vec<(usize, &str, &str)> = placed
            .iter()
            .filter_map(|(line, p)| {
                p.checked.facts.representative.as_ref().map(|(who, id)| (*line, who.as_str(), id.as_str()))
            })
            .collect();
        let mut known = HashMap::new();
        for chunk in wanted.chunks(1000) {
            let ids: Vec<&str> = chunk.iter().map(|(_, _, id)| *id).collect();
            let found = person::Entity::find().filter(person::Column::IdNumber.is_in(ids)).all(&self.db).await?;
            let found: HashMap<&str, &person::Model> = found.iter().map(|p| (p.id_number.as_str(), p)).collect();
            for (line, who, id) in chunk {
                match found.get(id) {
                    Some(p) if p.name != *who => errors.push(row_error(
                        *line,
                        Violation::new("id-number-name-mismatch")
                            .with("name", &p.name)
                            .on(ORGANIZATION_SHEET.columns[7].field),
                    )),
                    Some(p) => {
                        known.insert(id.to_string(), p.id);
                    }
                    None => {}
                }
            }
        }
        Ok(known)
    }

    /// Adds an error for every row whose code or name is already registered.
    async fn find_registered(
        &self,
        placed: &[(usize, Placed)],
        errors: &mut Vec<crate::sheet::RowError>,
    ) -> Result<(), AppError> {
        for chunk in placed.chunks(1000) {
            let codes: Vec<&str> = chunk.iter().map(|(_, p)| p.checked.uscc.as_str()).collect();
            let names: Vec<&str> = chunk.iter().map(|(_, p)| p.checked.facts.name.as_str()).collect();
            // One plain index lookup per column (an OR of the two lists plans far worse on
            // PostgreSQL), answering only the values that clash.
            let taken_codes: HashSet<String> = self.taken(organization::Column::Uscc, codes).await?;
            let taken_names: HashSet<String> = self.taken(organization::Column::Name, names).await?;
            for (line, p) in chunk {
                if taken_codes.contains(p.checked.uscc.as_str()) {
                    errors.push(row_error(
                        *line,
                        Violation::new("uscc-registered").on(ORGANIZATION_SHEET.columns[1].field),
                    ));
                }
                if taken_names.contains(&p.checked.facts.name) {
                    errors.push(row_error(*line, Violation::new("name-taken").on(ORGANIZATION_SHEET.columns[0].field)));
                }
            }
        }
        Ok(())
    }

    /// Which of `values` a unique column already holds.
    async fn taken(&self, column: organization::Column, values: Vec<&str>) -> Result<HashSet<String>, AppError> {
        Ok(organization::Entity::find()
            .select_only()
            .column(column)
            .filter(column.is_in(values))
            .into_tuple::<String>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect())
    }

    /// The organisations of a list (every page) in the import template's columns, ID
    /// numbers masked; the export is audited.
    pub async fn export_organizations(
        &self,
        actor: &Actor,
        query: &OrganizationQuery,
    ) -> Result<Vec<[String; 11]>, AppError> {
        let mut rows = Vec::new();
        let mut page = OrganizationQuery { page: 0, size: PAGE_SIZES[PAGE_SIZES.len() - 1], ..query.clone() };
        loop {
            let list = self.list_organizations(actor, &page).await?;
            let ids: Vec<i64> = list.items.iter().map(|o| o.id).collect();
            let found = organization::Entity::find().filter(organization::Column::Id.is_in(ids)).all(&self.db).await?;
            let people: Vec<i64> = found.iter().filter_map(|o| o.legal_representative_id).collect();
            let people: HashMap<i64, person::Model> = person::Entity::find()
                .filter(person::Column::Id.is_in(people))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
            let mut by_id: HashMap<i64, organization::Model> = found.into_iter().map(|o| (o.id, o)).collect();
            for item in &list.items {
                let Some(o) = by_id.remove(&item.id) else { continue };
                let who = o.legal_representative_id.and_then(|id| people.get(&id));
                rows.push([
                    o.name,
                    o.uscc,
                    ORGANIZATION_SHEET.label(2, o.kind.0.as_str(), Language::Chinese),
                    ORGANIZATION_SHEET.label(3, o.category.0.as_str(), Language::Chinese),
                    o.region_code,
                    o.registered_on.to_string(),
                    o.domicile,
                    who.map(|p| p.name.clone()).unwrap_or_default(),
                    who.map(|p| mask(&p.id_number)).unwrap_or_default(),
                    o.business_scope,
                    yuan(o.registered_capital_fen),
                ]);
            }
            page.page += 1;
            if page.page >= list.span.pages {
                break;
            }
        }
        let detail = serde_json::json!({ "q": query.q, "status": query.status, "category": query.category });
        self.record_export(actor, "organizations", rows.len(), detail).await?;
        Ok(rows)
    }
}

/// Registers the representatives not yet known as persons (each audited) and returns
/// every representative's person id by ID number.
async fn add_representatives(
    tx: &mut WriteTx,
    placed: &[(usize, Placed)],
    mut known: HashMap<String, i64>,
) -> Result<HashMap<String, i64>, AppError> {
    let mut new: Vec<(&str, &str, &ResidentId)> = Vec::new();
    let mut seen = HashSet::new();
    for (_, p) in placed {
        if let Some((who, id)) = &p.checked.facts.representative
            && !known.contains_key(id.as_str())
            && seen.insert(id.as_str())
        {
            new.push((p.checked.facts.region.as_str(), who.as_str(), id));
        }
    }
    for chunk in new.chunks(ROWS_PER_INSERT) {
        let rows = chunk.iter().map(|(code, who, id)| new_person(code, who, id, ""));
        person::Entity::insert_many(rows).exec_without_returning(tx.conn()).await?;
        let ids: Vec<&str> = chunk.iter().map(|(_, _, id)| id.as_str()).collect();
        let added = person::Entity::find().filter(person::Column::IdNumber.is_in(ids)).all(tx.conn()).await?;
        let changes = added
            .iter()
            .map(|p| {
                let after = serde_json::json!({ "name": p.name, "id_number": mask(&p.id_number) });
                Change::new("create", "person", p.id, &p.region_code).after(&after)
            })
            .collect();
        tx.record_many(changes).await?;
        known.extend(added.into_iter().map(|p| (p.id_number, p.id)));
    }
    Ok(known)
}

#[cfg(test)]
mod tests {
    use domain::identifiers::uscc::Uscc;

    use super::*;

    #[test]
    fn the_templates_example_has_a_valid_code_and_representative() {
        let example = ORGANIZATION_SHEET.example;
        assert_eq!(Uscc::parse(example[1]).map(|c| c.as_str().to_string()), Ok(example[1].to_string()));
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(ResidentId::parse(example[8], today).is_ok());
        assert!(domain::date::parse_date(example[5]).is_some());
        assert_eq!(parse_yuan(example[10]), Ok(3_000_000));
    }
}

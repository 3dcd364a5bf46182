//! The public search (4D): by the start of a name, of a name without the region names it
//! begins with, or of a USCC. Each prefix is an index range scan that stops at 20 rows,
//! and the whole search is one statement answering one row.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::identifiers::normalize;
use domain::organization::{Category, OrgKind, OrgStatus, grade_in_force, prefix_upper_bound};
use store::entity::organization;
use store::sea_orm::sea_query::{Expr, Order, Query, UnionType};
use store::sea_orm::{ColumnTrait, Condition, ConnectionTrait};

use super::supervision::SupervisingUnitRef;
use super::view::{PublicOrganization, RegionRef};
use crate::{App, AppError, RegionTree};

/// Results a search shows at once.
const SEARCH_LIMIT: u64 = 20;

/// What a search text matches: a code prefix when it reads as the start of a USCC, else
/// a prefix of the full or the short name.
pub(super) enum SearchKey {
    Uscc(String, Option<String>),
    Name(String, Option<String>),
}

impl SearchKey {
    pub(super) fn parse(q: &str) -> Option<Self> {
        let text = q.trim();
        if text.is_empty() {
            return None;
        }
        let code = normalize(text);
        let reads_as_code = code.len() >= 2
            && code.starts_with(|c: char| c.is_ascii_digit())
            && code.chars().all(|c| c.is_ascii_alphanumeric());
        Some(if reads_as_code {
            let upper = prefix_upper_bound(&code);
            Self::Uscc(code, upper)
        } else {
            Self::Name(text.to_string(), prefix_upper_bound(text))
        })
    }

    /// `column` starts with `prefix`, as an index range.
    fn range(column: organization::Column, prefix: &str, upper: &Option<String>) -> Condition {
        let mut range = Condition::all().add(column.gte(prefix));
        if let Some(upper) = upper {
            range = range.add(column.lt(upper.as_str()));
        }
        range
    }

    pub(super) fn condition(&self) -> Condition {
        match self {
            Self::Uscc(code, upper) => Self::range(organization::Column::Uscc, code, upper),
            Self::Name(text, upper) => Condition::any()
                .add(Self::range(organization::Column::Name, text, upper))
                .add(Self::range(organization::Column::ShortName, text, upper)),
        }
    }
}

/// A search line's fields as one text, separated by U+001F: control characters never get
/// into stored text (every text field refuses them), so they cannot clash.
const LINE_SQL: &str = "organizations.id || '\u{1f}' || organizations.name || '\u{1f}' || organizations.uscc \
    || '\u{1f}' || organizations.kind || '\u{1f}' || organizations.category || '\u{1f}' || organizations.region_code \
    || '\u{1f}' || CAST(organizations.registered_on AS TEXT) || '\u{1f}' || organizations.status \
    || '\u{1f}' || COALESCE(organizations.grade, '') || '\u{1f}' || COALESCE(CAST(organizations.grade_expires_on AS TEXT), '') \
    || '\u{1f}' || organizations.supervising_unit_id";
/// Between the lines of one search.
const LINE_END: char = '\u{1e}';

/// A search line back from its text, its unit named from `units`.
fn parse_line(
    line: &str,
    tree: &RegionTree,
    units: &HashMap<i64, String>,
    today: NaiveDate,
) -> Option<PublicOrganization> {
    let mut f = line.split('\u{1f}');
    let mut next = || f.next();
    let id = next()?.parse().ok()?;
    let name = next()?.to_string();
    let uscc = next()?.to_string();
    let kind = OrgKind::parse(next()?)?;
    let category = Category::parse(next()?)?;
    let region_name = RegionRef::of(tree, next()?).name;
    let registered_on = next()?.parse().ok()?;
    let status = OrgStatus::parse(next()?)?;
    let grade = Some(next()?).filter(|g| !g.is_empty());
    let grade_expires_on = match next()? {
        "" => None,
        day => Some(day.parse().ok()?),
    };
    let unit_id = next()?.parse().ok()?;
    let unit_name = units.get(&unit_id).cloned().unwrap_or_default();
    Some(PublicOrganization {
        grade: grade_in_force(grade, grade_expires_on, today).map(str::to_string),
        supervising_unit: SupervisingUnitRef { id: unit_id, name: unit_name },
        id,
        name,
        uscc,
        kind,
        category,
        region_name,
        registered_on,
        status,
        grade_expires_on,
    })
}

impl App {
    /// The first lines of each prefix range (column, prefix, upper bound), each in the
    /// order of its column; units are named from the cache, not joined. One query that
    /// answers one row: the lines
    /// joined by `string_agg` (in SQLite's driver every row crosses threads, which costs
    /// more than the index range scans themselves).
    async fn prefix_lines(
        &self,
        ranges: &[(organization::Column, &str, &Option<String>)],
    ) -> Result<Vec<PublicOrganization>, AppError> {
        let mut scans = ranges.iter().enumerate().map(|(i, (column, prefix, upper))| {
            let mut scan = Query::select();
            scan.expr_as(Expr::col((organization::Entity, *column)), "k")
                .expr_as(Expr::cust(LINE_SQL), "line")
                .from(organization::Entity)
                .cond_where(SearchKey::range(*column, prefix, upper))
                .order_by((organization::Entity, *column), Order::Asc)
                .limit(SEARCH_LIMIT);
            // Each scan keeps its own order and limit inside a subquery of its own.
            let mut wrapped = Query::select();
            wrapped.column("k").column("line").from_subquery(scan, format!("s{i}"));
            wrapped
        });
        let Some(mut all) = scans.next() else { return Ok(Vec::new()) };
        all.unions(scans.map(|scan| (UnionType::All, scan)));
        let mut joined = Query::select();
        joined.expr_as(Expr::cust(format!("string_agg(line, '{LINE_END}')")), "lines").from_subquery(all, "t");
        let row = self.db.query_one(&joined).await?;
        let lines: Option<String> = row.map(|r| r.try_get("", "lines")).transpose()?.flatten();
        let today = self.settings.today();
        let tree = self.regions();
        let units = self.unit_names().await?;
        let mut lines = lines
            .iter()
            .flat_map(|l| l.split(LINE_END))
            .map(|line| {
                parse_line(line, &tree, &units, today)
                    .ok_or_else(|| AppError::Internal(format!("malformed line {line}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        lines.sort_by(|a, b| a.name.cmp(&b.name));
        lines.dedup_by_key(|o| o.id);
        lines.truncate(SEARCH_LIMIT as usize);
        Ok(lines)
    }

    /// Finds organisations by name, short name or USCC prefix (public, no login): at most
    /// 20, by name. Each prefix is its own index range scan, so the cost does not grow
    /// with the registry.
    pub async fn search_organizations(&self, q: &str) -> Result<Vec<PublicOrganization>, AppError> {
        let Some(key) = SearchKey::parse(q) else { return Ok(Vec::new()) };
        match &key {
            SearchKey::Uscc(code, upper) => self.prefix_lines(&[(organization::Column::Uscc, code, upper)]).await,
            SearchKey::Name(text, upper) => {
                let ranges = [
                    (organization::Column::Name, text.as_str(), upper),
                    (organization::Column::ShortName, text, upper),
                ];
                self.prefix_lines(&ranges).await
            }
        }
    }
}

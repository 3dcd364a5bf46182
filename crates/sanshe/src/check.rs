//! `sanshe check uscc|id|region VALUE…`: the same validators the API and imports use.

use chrono::NaiveDate;
use domain::identifiers::resident_id::ResidentId;
use domain::identifiers::uscc::Uscc;
use domain::region::check_code_shape;
use web::i18n::{self, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Uscc,
    Id,
    Region,
}

/// One line per value: `VALUE\tvalid` or `VALUE\tinvalid\treason`; true if all were valid.
/// `today` decides which birth dates lie in the future.
pub fn check(
    kind: Kind,
    values: &[String],
    today: NaiveDate,
    regions: Option<&app::RegionTree>,
    out: &mut impl std::io::Write,
) -> std::io::Result<bool> {
    let mut all_valid = true;
    for value in values {
        let verdict = match kind {
            Kind::Uscc => Uscc::parse(value).map(|_| ()),
            Kind::Id => ResidentId::parse(value, today).map(|_| ()),
            Kind::Region => check_code_shape(value.trim()).and_then(|_| {
                let current = regions.is_some_and(|tree| tree.get(value.trim()).is_some());
                if current { Ok(()) } else { Err(domain::Violation::new("region-unknown")) }
            }),
        };
        match verdict {
            Ok(()) => writeln!(out, "{value}\tvalid")?,
            Err(v) => {
                all_valid = false;
                writeln!(out, "{value}\tinvalid\t{}", i18n::violation(Lang::En, &v))?;
            }
        }
    }
    Ok(all_valid)
}

//! Demo data for social organisations: Jiaxing's civil-affairs registrars, the supervising
//! units classified supervision routes to, one account per unit, and a few organisations.

use domain::identifiers::uscc::Uscc;
use domain::identity::{Role, Scope};
use store::entity::{account, organization, supervising_unit};
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::accounts::{DemoPassword, ensure_account};
use crate::organization::{NewOrganization, NewSupervisingUnit};
use crate::{App, AppError, Grant};

const CITY: &str = "330400";

/// `(username, display name, region)` of the civil-affairs registrars.
const REGISTRARS: &[(&str, &str, &str)] =
    &[("registrar-330400", "嘉兴市民政局登记管理", CITY), ("registrar-330402", "南湖区民政局登记管理", "330402")];

/// `(unit, its staff account, categories it supervises in the city)`.
const UNITS: &[(&str, &str, &[&str])] = &[
    ("嘉兴市工商联", "gongshanglian-330400", &["trade_association"]),
    ("嘉兴市社科联", "shekelian-330400", &["social_science"]),
    ("嘉兴市科协", "kexie-330400", &["natural_science"]),
    ("嘉兴市文联", "wenlian-330400", &["culture_art"]),
    ("嘉兴市民政局", "minzheng-330400", &["charity", "community", "other"]),
    ("嘉兴市人力资源和社会保障局", "renshe-330400", &["professional"]),
];

/// `(name, kind, category, region, registered on, organisation-code digits, domicile)`.
type DemoOrg = (&'static str, &'static str, &'static str, &'static str, &'static str, u32, &'static str);

const ORGANIZATIONS: &[DemoOrg] = &[
    ("嘉兴市软件行业协会", "social_group", "trade_association", CITY, "2012-05-18", 1, "南湖区亚太路906号"),
    ("嘉兴市心理学会", "social_group", "social_science", CITY, "2009-09-10", 2, "南湖区越秀南路"),
    ("嘉兴市机械工程学会", "social_group", "natural_science", CITY, "2006-03-22", 3, "南湖区中环南路"),
    ("嘉兴市摄影家协会", "social_group", "culture_art", CITY, "2001-11-08", 4, "南湖区勤俭路"),
    ("嘉兴市南湖区书法家协会", "social_group", "culture_art", "330402", "2015-06-30", 5, "南湖区建设街道"),
    ("嘉兴市红船公益基金会", "foundation", "charity", CITY, "2018-12-26", 6, "南湖区南溪东路"),
    (
        "嘉兴市南湖区百福社区服务中心",
        "private_non_enterprise",
        "community",
        "330402007",
        "2019-04-12",
        7,
        "建设街道百福弄",
    ),
    ("嘉兴市社会工作者协会", "social_group", "professional", CITY, "2013-08-16", 8, "南湖区东升东路"),
];

/// A civil-affairs USCC for the demo: issued by `authority`, the kind's type digit, and a
/// made-up organisation code (MJ + six digits, as civil affairs' codes look).
pub fn demo_uscc(kind: &str, authority: &str, n: u32) -> String {
    let type_digit = match kind {
        "private_non_enterprise" => '2',
        "foundation" => '3',
        _ => '1',
    };
    Uscc::complete(&format!("5{type_digit}{authority}MJ{n:06}")).map(|c| c.as_str().to_string()).unwrap_or_default()
}

pub(super) async fn load_demo(app: &App, password: &mut DemoPassword<'_>) -> Result<bool, AppError> {
    let mut created = false;
    for (username, display_name, region) in REGISTRARS {
        let grant = Grant { role: Role::Registrar, scope: Scope::Region(region.to_string()) };
        created |= ensure_account(app, (username, display_name), grant, region, password).await?;
    }
    let registrar = account::Entity::find().filter(account::Column::Username.eq(REGISTRARS[0].0)).one(&app.db).await?;
    let Some(registrar) = registrar else { return Ok(created) };
    let registrar = app.actor_of(registrar).await?;
    for (name, username, categories) in UNITS {
        let existing =
            supervising_unit::Entity::find().filter(supervising_unit::Column::Name.eq(*name)).one(&app.db).await?;
        let unit = match existing {
            Some(unit) => unit.id,
            None => {
                let input = NewSupervisingUnit { name: name.to_string(), region_code: CITY.into() };
                let id = app.create_supervising_unit(&registrar, input).await?;
                for category in *categories {
                    app.set_supervision_rule(&registrar, CITY, category, id).await?;
                }
                created = true;
                id
            }
        };
        let grant = Grant { role: Role::SupervisingUnit, scope: Scope::SupervisingUnit(unit) };
        created |= ensure_account(app, (username, name), grant, CITY, password).await?;
    }
    for (name, kind, category, region, registered_on, n, domicile) in ORGANIZATIONS {
        let known = organization::Entity::find().filter(organization::Column::Name.eq(*name)).one(&app.db).await?;
        if known.is_some() {
            continue;
        }
        let input = NewOrganization {
            name: name.to_string(),
            uscc: demo_uscc(kind, CITY, *n),
            kind: kind.to_string(),
            category: category.to_string(),
            region_code: region.to_string(),
            registered_on: registered_on.to_string(),
            domicile: domicile.to_string(),
            business_scope: "开展行业交流、培训、咨询服务，维护会员合法权益。".into(),
            registered_capital_fen: if *kind == "foundation" { 200_000_000 } else { 3_000_000 },
            ..NewOrganization::default()
        };
        app.register_organization(&registrar, input).await?;
        created = true;
    }
    // The employer of a demo social worker signs in as itself to see its staff.
    let employer = organization::Entity::find()
        .filter(organization::Column::Name.eq(super::social_work::EMPLOYER))
        .one(&app.db)
        .await?;
    if let Some(employer) = employer {
        let grant = Grant { role: Role::Organization, scope: Scope::Organization(employer.id) };
        let login = ("org-baifu", employer.name.as_str());
        created |= ensure_account(app, login, grant, &employer.region_code, password).await?;
    }
    Ok(created)
}

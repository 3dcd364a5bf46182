//! Demo data for `serve --demo`: accounts for every admin tier, a few staffed
//! communities in 南湖区 and 秀洲区, and social workers in 建设街道. Loading it twice adds
//! nothing the second time.

mod accounts;
mod organization;
mod social_work;
mod volunteer_teams;
mod volunteers;

pub use organization::demo_uscc;

use accounts::{DemoPassword, ensure_account};
use chrono::NaiveDate;
use domain::identifiers::resident_id::compose;
use domain::identity::{Role, Scope};
use store::entity::account;
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::community::{NewPost, ProfileInput};
use crate::{App, AppError, Grant};

/// `(username, display name, role, region)` of every demo account.
pub const DEMO_ACCOUNTS: &[(&str, &str, Role, &str)] = &[
    ("admin", "嘉兴市社工委管理员", Role::CityAdmin, "330400"),
    ("admin-330402", "南湖区社工办管理员", Role::CountyAdmin, "330402"),
    ("admin-330411", "秀洲区社工办管理员", Role::CountyAdmin, "330411"),
    ("admin-330402007", "建设街道管理员", Role::TownshipAdmin, "330402007"),
    ("worker-330402007", "建设街道社工", Role::SocialWorker, "330402007"),
    ("volunteer-330402007029", "瓶山社区志愿者周小梅", Role::Volunteer, "330402007029"),
];

/// A demo post holder: (name, female, body, title, employment, since).
type DemoPost = (&'static str, bool, &'static str, &'static str, &'static str, &'static str);

/// Staffed demo units: (code, urban, households, population, address, posts).
type DemoUnit = (&'static str, bool, i64, i64, &'static str, &'static [DemoPost]);

const DEMO_UNITS: &[DemoUnit] = &[
    (
        "330402007024",
        true,
        1260,
        3480,
        "南湖区建设街道百福弄",
        &[
            ("张丽华", true, "party_organization", "secretary", "full_time", "2021-03-01"),
            ("张丽华", true, "residents_committee", "director", "full_time", "2021-03-01"),
            ("王建国", false, "residents_committee", "deputy_director", "full_time", "2021-03-01"),
            ("李秀英", true, "affairs_station", "station_head", "full_time", "2022-06-15"),
            ("陈志强", false, "residents_committee", "member", "part_time", "2021-03-01"),
        ],
    ),
    (
        "330411002207",
        false,
        612,
        2105,
        "秀洲区新城街道木桥港村",
        &[
            ("沈国明", false, "party_organization", "secretary", "full_time", "2021-01-20"),
            ("沈国明", false, "villagers_committee", "director", "full_time", "2021-01-20"),
            ("朱美琴", true, "villagers_committee", "member", "part_time", "2021-01-20"),
        ],
    ),
];

/// Creates what is missing of the demo; returns whether anything was created.
pub async fn load_demo(app: &App, password: &str) -> Result<bool, AppError> {
    let mut created = false;
    let mut password = DemoPassword::new(password);
    for (username, display_name, role, region) in DEMO_ACCOUNTS {
        let grant = Grant { role: *role, scope: Scope::Region(region.to_string()) };
        created |= ensure_account(app, (username, display_name), grant, region, &mut password).await?;
    }
    created |= organization::load_demo(app, &mut password).await?;
    let admin = account::Entity::find().filter(account::Column::Username.eq("admin")).one(&app.db).await?;
    let Some(admin) = admin else {
        return Ok(created);
    };
    let admin = app.actor_of(admin).await?;
    created |= social_work::load_demo(app, &admin).await?;
    created |= volunteers::load_demo(app, &admin).await?;
    for (index, (code, urban, households, population, address, posts)) in DEMO_UNITS.iter().enumerate() {
        if app.community(&admin, code).await?.bodies.iter().any(|b| !b.posts.is_empty()) {
            continue;
        }
        let profile = ProfileInput {
            urban: *urban,
            households: *households,
            population: *population,
            address: address.to_string(),
            phone: "0573-82000000".into(),
            contact_person: posts.first().map(|p| p.0.to_string()).unwrap_or_default(),
        };
        app.update_profile(&admin, code, profile).await?;
        for (name, female, body, title, employment, started) in posts.iter() {
            // One ID number per name, so cross-held posts go to the same person; the order
            // code's parity carries the gender (odd: male).
            let n = posts.iter().position(|p| p.0 == *name).unwrap_or(0) as u16;
            let birth = NaiveDate::from_ymd_opt(1968 + i32::from(n) * 5, 1 + u32::from(n), 10 + u32::from(n))
                .unwrap_or_default();
            let order = 100 * index as u16 + 10 * n + if *female { 2 } else { 1 };
            let post = NewPost {
                name: name.to_string(),
                id_number: compose(&code[..6], birth, order),
                phone: format!("1380573{:04}", 1000 + order),
                body: body.to_string(),
                title: title.to_string(),
                employment: employment.to_string(),
                started_on: started.to_string(),
            };
            app.add_post(&admin, code, post).await?;
        }
        created = true;
    }
    created |= volunteer_teams::load_demo(app, &admin).await?;
    Ok(created)
}

//! Demo volunteers in 瓶山社区: 周小梅 (the `volunteer-330402007029` account's own record),
//! seven hours short of her first star; 钱志刚 with two stars and a service proof; a
//! 17-year-old kept off the emergency drill; and two activities: today's meal delivery,
//! open for check-in, and next week's insured emergency drill that needs an agreement.

use chrono::{Duration, NaiveDate, Timelike, Utc};
use domain::identifiers::resident_id::compose;
use store::entity::{account, volunteer};
use store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::volunteer::{NewActivity, NewHours, NewProof, NewVolunteer};
use crate::{Actor, App, AppError};

const HOME: &str = "330402007029";

/// (name, birth date, order code, account, days of service, minutes a day).
type DemoVolunteer = (&'static str, NaiveDate, u16, &'static str, i64, i64);

pub(super) async fn load_demo(app: &App, admin: &Actor) -> Result<bool, AppError> {
    if volunteer::Entity::find().count(&app.db).await? > 0 {
        return Ok(false);
    }
    let today = app.settings.today();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let minor_birth = today - Duration::days(17 * 365);
    let volunteers: [DemoVolunteer; 4] = [
        ("周小梅", day(1990, 6, 12), 202, "volunteer-330402007029", 31, 180),
        ("钱志刚", day(1978, 9, 3), 211, "", 65, 300),
        ("孙雨桐", minor_birth, 222, "", 4, 120),
        ("吴国华", day(1956, 2, 20), 231, "", 0, 0),
    ];
    let mut ids = Vec::new();
    for (name, birth, order, username, days, minutes) in volunteers {
        let input = NewVolunteer {
            name: name.into(),
            id_number: compose("330402", birth, order),
            phone: format!("1385731{:04}", 3000 + order),
            region_code: HOME.into(),
            skills: "".into(),
            availability: "周末".into(),
            service_fields: vec!["elderly".into(), "community".into()],
            consent_to_publish: order % 2 == 0,
            username: username.into(),
        };
        let id = app.register_volunteer(admin, input).await?;
        let served = (1..=days).map(|k| NewHours {
            minutes: serde_json::json!(minutes),
            served_on: (today - Duration::days(3 * k)).to_string(),
            description: if k % 2 == 0 { "助老送餐" } else { "社区环境整治" }.into(),
        });
        if days > 0 {
            app.record_hours_many(admin, id, served.collect()).await?;
        }
        ids.push(id);
    }
    let proof =
        NewProof { responsible: "张丽华".into(), handler: "李秀英".into(), contact: "0573-82000000".into() };
    app.issue_proof(admin, ids[1], proof).await?;
    let local = Utc::now() + Duration::minutes(i64::from(app.settings.utc_offset_minutes));
    let hour = local.with_minute(0).and_then(|t| t.with_second(0)).unwrap_or(local);
    let at = |t: chrono::DateTime<Utc>| t.format("%Y-%m-%dT%H:%M").to_string();
    let meals = NewActivity {
        region_code: HOME.into(),
        title: "瓶山社区助老送餐".into(),
        place: "瓶山社区居家养老服务中心".into(),
        service_field: "elderly".into(),
        starts_at: at(hour - Duration::hours(1)),
        ends_at: at(hour + Duration::hours(8)),
        capacity: Some(12),
        ..NewActivity::default()
    };
    let meals = app.add_activity(admin, meals).await?;
    let drill = NewActivity {
        region_code: HOME.into(),
        title: "南湖区防汛应急演练".into(),
        place: "南湖区应急救援训练基地".into(),
        service_field: "emergency".into(),
        starts_at: at(hour + Duration::days(7)),
        ends_at: at(hour + Duration::days(7) + Duration::hours(4)),
        capacity: Some(30),
        risky: true,
        emergency_rescue: true,
        insurance_policy: "PICC-2026-0573-118".into(),
        ..NewActivity::default()
    };
    app.add_activity(admin, drill).await?;
    let account = account::Entity::find().filter(account::Column::Username.eq("volunteer-330402007029")).one(&app.db);
    if let Some(account) = account.await? {
        let own = app.actor_of(account).await?;
        app.sign_up(&own, meals, false).await?;
    }
    Ok(true)
}

//! Demo volunteer teams in 瓶山社区: one guided by the township's social worker
//! 陆晓燕, one still without a guide (so the list shows the flag). Any active volunteers
//! the demo keeps there join the guided team, the first with a social-work training.

use chrono::Months;
use store::entity::{social_worker, volunteer, volunteer_team};
use store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::volunteer::{NewMember, NewTeam, NewTraining};
use crate::{Actor, App, AppError};

const COMMUNITY: &str = "330402007029";

pub(super) async fn load_demo(app: &App, admin: &Actor) -> Result<bool, AppError> {
    if volunteer_team::Entity::find().count(&app.db).await? > 0 {
        return Ok(false);
    }
    let today = app.settings.today();
    let founded = today.checked_sub_months(Months::new(18)).unwrap_or(today);
    // The worker with an account (陆晓燕), else any worker of the township.
    let guide = social_worker::Entity::find()
        .filter(social_worker::Column::RegionCode.starts_with("330402007"))
        .order_by_desc(social_worker::Column::AccountId)
        .one(&app.db)
        .await?
        .map(|w| w.id);
    let team = |name: &str, guide: Option<i64>| NewTeam {
        name: name.into(),
        region_code: COMMUNITY.into(),
        kind: "community".into(),
        organization_id: None,
        guide_social_worker_id: guide,
        founded_on: founded.to_string(),
    };
    let guided = app.create_team(admin, team("瓶山助老志愿服务队", guide)).await?;
    app.create_team(admin, team("瓶山环保志愿服务队", None)).await?;
    let volunteers: Vec<i64> = volunteer::Entity::find()
        .select_only()
        .column(volunteer::Column::Id)
        .filter(volunteer::Column::RegionCode.eq(COMMUNITY))
        .filter(volunteer::Column::Status.eq("active"))
        .order_by_asc(volunteer::Column::Id)
        .limit(5)
        .into_tuple()
        .all(&app.db)
        .await?;
    let joined_on = today.checked_sub_months(Months::new(6)).unwrap_or(today).max(founded);
    for id in &volunteers {
        let member = NewMember { volunteer: serde_json::json!(id), joined_on: joined_on.to_string() };
        app.add_team_member(admin, guided, member).await?;
    }
    if let Some(first) = volunteers.first() {
        let training = NewTraining {
            volunteer: serde_json::json!(first),
            title: "助老服务中的社会工作方法".into(),
            provider: "南湖区社会工作指导中心".into(),
            minutes: serde_json::Value::Null,
            hours: serde_json::json!(3),
            trained_on: joined_on.to_string(),
            social_work_skills: true,
        };
        app.record_training(admin, guided, training).await?;
    }
    Ok(true)
}

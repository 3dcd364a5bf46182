//! Demo social workers in 建设街道: one whose registration lapsed, one in its first period
//! (the `worker-330402007` account's own record, with training), one whose renewal is open.
//! Dates count back from today so that the states hold whenever the demo is started.
//! The community service centre (a 民办非企业单位) employs 陆晓燕 in a professional post and
//! has reported her last months of social insurance, one of them paid late.

use chrono::{Days, Months, NaiveDate};
use domain::identifiers::resident_id::compose;
use store::entity::{organization, social_worker};
use store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::social_work::{
    CertificateInput, ContributionInput, EducationInput, NewHire, NewPost, NewSocialWorker, NewTraining,
};
use crate::{Actor, App, AppError};

const TOWNSHIP: &str = "330402007";

/// (name, order code, level, certificate number, certificate obtained, registered, account).
type DemoWorker = (&'static str, u16, &'static str, &'static str, NaiveDate, NaiveDate, &'static str);

fn back(today: NaiveDate, months: u32) -> NaiveDate {
    today.checked_sub_months(Months::new(months)).unwrap_or(today)
}

pub(super) async fn load_demo(app: &App, admin: &Actor) -> Result<bool, AppError> {
    if social_worker::Entity::find().count(&app.db).await? > 0 {
        return Ok(false);
    }
    let today = app.settings.today();
    let workers: [DemoWorker; 3] = [
        ("沈佳怡", 2, "intermediate", "B33040019001", back(today, 80), back(today, 78), ""),
        ("陆晓燕", 4, "assistant", "B33040022017", back(today, 26), back(today, 24), "worker-330402007"),
        ("王建华", 1, "senior", "B33040020005", back(today, 37), back(today, 34), ""),
    ];
    let mut ids = Vec::new();
    for (name, order, level, number, obtained, registered, username) in workers {
        let birth = NaiveDate::from_ymd_opt(1985 + i32::from(order), 3, 15).unwrap_or_default();
        let input = NewSocialWorker {
            name: name.into(),
            id_number: compose("330402", birth, 100 + order),
            phone: format!("1395731{:04}", 2000 + order),
            region_code: TOWNSHIP.into(),
            certificate: Some(CertificateInput {
                level: level.into(),
                number: number.into(),
                obtained_on: obtained.to_string(),
            }),
            registered_on: registered.to_string(),
            education: Some(EducationInput {
                degree: "本科".into(),
                major: "社会工作".into(),
                social_work: false,
                completed_on: String::new(),
            }),
            username: username.into(),
        };
        let id = app.add_social_worker(admin, input).await?;
        for (course, hours, days) in [("嘉兴市社会工作者年度继续教育", 24.0, 200), ("社区治理与个案管理", 12.5, 90)]
        {
            let training = NewTraining {
                hours: serde_json::json!(hours),
                completed_on: today.checked_sub_days(Days::new(days)).unwrap_or(today).to_string(),
                course: course.into(),
                provider: "嘉兴市社会工作协会".into(),
            };
            app.add_training(admin, id, training).await?;
        }
        ids.push(id);
    }
    employ(app, admin, ids[1], today).await?;
    Ok(true)
}

/// The employer's name (see `demo::organization`).
pub(super) const EMPLOYER: &str = "嘉兴市南湖区百福社区服务中心";

/// A professional post of the employer, `worker` hired into it 20 months ago, and the
/// months its contributions are due by now (the 15th of the next month), the latest
/// paid three days late.
async fn employ(app: &App, admin: &Actor, worker: i64, today: NaiveDate) -> Result<(), AppError> {
    let employer = organization::Entity::find().filter(organization::Column::Name.eq(EMPLOYER)).one(&app.db).await?;
    let Some(employer) = employer else { return Ok(()) };
    let post = NewPost {
        title: "社区社会工作服务岗".into(),
        region_code: TOWNSHIP.into(),
        service_field: "community".into(),
        professional: Some(true),
        organization_id: Some(employer.id),
        purchased: false,
    };
    let post = app.add_social_work_post(admin, post).await?;
    let hire = NewHire { social_worker_id: Some(worker), hired_on: back(today, 20).to_string() };
    app.hire_social_worker(admin, post, hire).await?;
    for months in 2..=5 {
        let month = back(today, months);
        let due = domain::social_work::insurance::due_on(month, domain::social_work::insurance::DEFAULT_DUE_DAY);
        let paid_on = if months == 2 { due + Days::new(3) } else { due - Days::new(5) };
        let input = ContributionInput { due_fen: Some(128_640), paid_fen: Some(128_640), paid_on: paid_on.to_string() };
        app.record_contribution(admin, worker, &month.format("%Y-%m").to_string(), input).await?;
    }
    Ok(())
}

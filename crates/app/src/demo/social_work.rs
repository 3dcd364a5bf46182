//! Demo social workers in 建设街道: one whose registration lapsed, one in its first period
//! (the `worker-330402007` account's own record, with training), one whose renewal is open.
//! Dates count back from today so that the states hold whenever the demo is started.

use chrono::{Days, Months, NaiveDate};
use domain::identifiers::resident_id::compose;
use store::entity::social_worker;
use store::sea_orm::{EntityTrait, PaginatorTrait};

use crate::social_work::{CertificateInput, EducationInput, NewSocialWorker, NewTraining};
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
    }
    Ok(true)
}

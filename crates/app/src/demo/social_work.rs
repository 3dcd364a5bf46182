//! Demo social workers in 建设街道: one whose registration lapsed, one in its first period
//! (the `worker-330402007` account's own record, with training), one whose renewal is open,
//! one without the national certificate who holds the city's qualification, and one whose
//! application for first registration waits for its first review. The three registered
//! workers attended this year's city course. Dates count back from today so that
//! the states hold whenever the demo is started.
//! The community service centre (a 民办非企业单位) employs 陆晓燕 in a professional post and
//! has reported her last months of social insurance, one of them paid late.

use chrono::{Datelike, Days, Months, NaiveDate};
use domain::identifiers::resident_id::compose;
use store::entity::{organization, social_worker};
use store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::social_work::{
    AttendanceInput, CertificateInput, ContributionInput, EducationInput, LocalQualificationInput, NewCityCourse,
    NewHire, NewPost, NewSocialWorker, NewTraining,
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
    let id_number = |order: u16| {
        let birth = NaiveDate::from_ymd_opt(1985 + i32::from(order), 3, 15).unwrap_or_default();
        compose("330402", birth, 100 + order)
    };
    let mut ids = Vec::new();
    for (name, order, level, number, obtained, registered, username) in workers {
        let input = NewSocialWorker {
            name: name.into(),
            id_number: id_number(order),
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
        let training = NewTraining {
            hours: serde_json::json!(12.5),
            completed_on: today.checked_sub_days(Days::new(90)).unwrap_or(today).to_string(),
            course: "社区治理与个案管理".into(),
            provider: "嘉兴市社会工作协会".into(),
        };
        app.add_training(admin, id, training).await?;
        ids.push(id);
    }
    employ(app, admin, ids[1], today).await?;
    city_course(app, admin, today, workers.iter().map(|w| id_number(w.1)).collect()).await?;
    let local = NewSocialWorker {
        name: "张丽".into(),
        id_number: id_number(5),
        phone: "13957312005".into(),
        region_code: TOWNSHIP.into(),
        education: Some(EducationInput { degree: "高中".into(), ..EducationInput::default() }),
        ..NewSocialWorker::default()
    };
    let id = app.add_social_worker(admin, local).await?;
    let qualification = LocalQualificationInput {
        level: "assistant".into(),
        number: "JX2014000318".into(),
        exam_passed_on: "2014-05-18".into(),
        granted_on: "2014-06-20".into(),
        reviewed_by: "嘉兴市社会工作者职业资格评审委员会".into(),
    };
    app.record_local_qualification(admin, id, qualification).await?;
    let applicant = NewSocialWorker {
        name: "周敏".into(),
        id_number: id_number(6),
        phone: "13957312006".into(),
        region_code: TOWNSHIP.into(),
        certificate: Some(CertificateInput {
            level: "assistant".into(),
            number: "B33040026031".into(),
            obtained_on: back(today, 2).to_string(),
        }),
        ..NewSocialWorker::default()
    };
    let id = app.add_social_worker(admin, applicant).await?;
    app.apply_for_registration(admin, id).await?;
    Ok(true)
}

/// This year's city course, ended about 200 days ago (kept within its year), attended by
/// the workers with these ID numbers: 24 hours each of continuing education.
async fn city_course(app: &App, admin: &Actor, today: NaiveDate, attended: Vec<String>) -> Result<(), AppError> {
    let ends = today.checked_sub_days(Days::new(200)).unwrap_or(today);
    let first_of_year = ends.with_ordinal(1).unwrap_or(ends);
    let starts = ends.checked_sub_days(Days::new(2)).unwrap_or(ends).max(first_of_year);
    let course = NewCityCourse {
        region_code: "330400".into(),
        year: Some(ends.year()),
        title: format!("{}年全市社会工作专题培训班", ends.year()),
        provider: "嘉兴市委党校".into(),
        hours: Some(24.0),
        starts_on: starts.to_string(),
        ends_on: ends.to_string(),
    };
    let id = app.add_city_course(admin, course).await?;
    app.record_attendance(admin, id, AttendanceInput { id_numbers: attended }).await?;
    Ok(())
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
        employer_kind: "private_agency".into(),
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

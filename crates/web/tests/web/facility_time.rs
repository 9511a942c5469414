//! The facility-time publication figures, seeded with rules.md rule 6 vector 1 through real
//! time entries and rep profiles: three officials (A with no facility time, B part-time with
//! 330 hours at £20, 100 of them paid activities, C with all their hours at £25) and a pay
//! bill of £10,000,000 entered on the page.

use axum::http::{header, Method, StatusCode};
use chrono::{Days, NaiveDate, Utc};
use steward_app::ports::{AuditLog, AuditQuery, NewTimeEntry, TimeStore};
use steward_app::time::ProfileDraft;
use steward_app::users::UserDraft;
use steward_domain::facility::category::TimeCategory;
use steward_domain::ids::{EmployerId, UserId};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_test_support::context;

use crate::helpers::{spawn_app, TestApp};

const START: &str = "2025-04-01";
/// A full-time week of 31 hours 38 minutes is 1,649.4 hours over the 365-day period, so C's
/// 1,650 facility hours are all of their time; B works 0.6 of it.
const FULL_WEEK: &str = "31:38";
const PART_WEEK: &str = "18:59";

async fn official(app: &TestApp, name: &str, employer: EmployerId, contracted: &str, cost: &str) -> UserId {
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    let draft = UserDraft {
        email,
        name: name.into(),
        role: "rep".into(),
        scope: format!("workplace:{}", app.org.workplace),
        password: "a long enough password".into(),
    };
    let user = steward_app::users::create_user_unchecked(app.db(), &draft, Utc::now()).await.unwrap();
    let admin = context(Role::Admin, Scope::Union);
    let profile = ProfileDraft {
        employer: employer.0.to_string(),
        contracted_hours_per_week: contracted.into(),
        full_time_hours_per_week: FULL_WEEK.into(),
        facility_hours_per_week: String::new(),
        hourly_cost: cost.into(),
    };
    steward_app::time::save_rep_profile(app.db(), &admin, user, &profile).await.unwrap();
    user
}

/// Logs `hours` of one kind at the employer as whole days of up to 24 hours from `from`.
async fn log_hours(
    app: &TestApp,
    user: UserId,
    employer: Option<EmployerId>,
    category: TimeCategory,
    paid: bool,
    from: &str,
    hours: u32,
) {
    let admin = context(Role::Admin, Scope::Union);
    let mut left = hours * 60;
    let mut day = NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap();
    while left > 0 {
        let minutes = left.min(1_440);
        let entry = NewTimeEntry {
            user,
            employer,
            category,
            employer_paid: paid,
            worked_on: day,
            minutes,
            case: None,
            enquiry: None,
            meeting: None,
            note: None,
            created_at: Utc::now(),
        };
        let audit = admin.audit("time.log", "time_entry", None, String::new());
        app.db().add_time_entry(&entry, None, &audit).await.unwrap();
        left -= minutes;
        day = day.checked_add_days(Days::new(1)).unwrap();
    }
}

/// Rule 6 vector 1 at the fixture employer, plus time that must not count.
async fn seed_vector_1(app: &TestApp) -> EmployerId {
    let employer = app.org.employer;
    let admin = context(Role::Admin, Scope::Union);
    let other = steward_app::organisation::create_employer(app.db(), &admin, "Other Health Trust").await.unwrap();
    let _a = official(app, "Official Ash", employer, FULL_WEEK, "18.00").await;
    let b = official(app, "Official Birch", employer, PART_WEEK, "20.00").await;
    let c = official(app, "Official Cedar", employer, FULL_WEEK, "25.00").await;
    let elsewhere = official(app, "Official Elm", other, FULL_WEEK, "30.00").await;
    log_hours(app, b, Some(employer), TimeCategory::Duties, false, "2025-04-07", 230).await;
    log_hours(app, b, Some(employer), TimeCategory::Activities, true, "2025-06-02", 100).await;
    // Unpaid activities, time after the period and time at another employer do not count.
    log_hours(app, b, Some(employer), TimeCategory::Activities, false, "2025-09-01", 10).await;
    log_hours(app, b, Some(employer), TimeCategory::Duties, false, "2026-04-01", 10).await;
    log_hours(app, c, Some(employer), TimeCategory::Duties, false, START, 1_650).await;
    log_hours(app, elsewhere, Some(other), TimeCategory::Duties, false, START, 100).await;
    employer
}

async fn enter_pay_bill(app: &TestApp, employer: EmployerId) {
    let id = employer.0.to_string();
    let fields = [
        ("employer_id", id.as_str()),
        ("period_start", START),
        ("pay_bill", "£10,000,000"),
        ("months_over_49_employees", "12"),
    ];
    let saved = app.post_form(Role::Officer, "/facility-time/pay-bill", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

#[tokio::test]
async fn rule_6_vector_1_on_the_page_in_json_and_in_csv() {
    let app = spawn_app().await;
    let employer = seed_vector_1(&app).await;
    let query = format!("employer_id={}&date=2025-06-30", employer.0);

    let before = app.api(Some(Role::Officer), Method::GET, &format!("/api/v1/facility-time?{query}"), None).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    let json = before.json();
    assert_eq!(json["missing"]["pay_bill"], true);
    assert!(json["pay_bill"]["percent"].is_null() && json["required"].is_null());
    assert_eq!(json["pay_bill"]["total_cost_pence"], 4_785_000, "costs are known before the pay bill");

    enter_pay_bill(&app, employer).await;
    let reply = app.api(Some(Role::Officer), Method::GET, &format!("/api/v1/facility-time?{query}"), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["period_start"], "2025-04-01");
    assert_eq!(json["period_end"], "2026-03-31");
    assert_eq!(json["publication_deadline"], "2026-07-31");
    assert_eq!(json["officials"]["headcount"], 3);
    assert_eq!(json["officials"]["fte"], 2.6);
    let bands: Vec<i64> = json["bands"].as_array().unwrap().iter().map(|b| b["officials"].as_i64().unwrap()).collect();
    assert_eq!(bands, [1, 1, 0, 1]);
    assert_eq!(json["pay_bill"]["total_cost_pence"], 4_785_000);
    assert_eq!(json["pay_bill"]["pay_bill_pence"], 1_000_000_000u64);
    let percent = json["pay_bill"]["percent"].as_f64().unwrap();
    assert!((percent - 0.4785).abs() < 1e-9, "{percent}");
    assert_eq!(format!("{:.2}", json["paid_activities"]["percent"].as_f64().unwrap()), "5.05");
    assert_eq!(json["paid_activities"]["facility_minutes"], 1_980 * 60);
    assert_eq!(json["required"], true);
    assert!(json["missing"]["officials_without_hours"].as_array().unwrap().is_empty());
    assert_eq!(json["missing"]["pay_bill"], false);
    assert!(json["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "DUTY_MAY_BE_REPEALED"));

    let page = app.get_page(Some(Role::Officer), &format!("/facility-time?{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in [
        "<caption>Table 1: Relevant union officials</caption>",
        "<td>3</td><td>2.60</td>",
        "<th scope=\"row\">0%</th><td>1</td>",
        "<th scope=\"row\">1-50%</th><td>1</td>",
        "<th scope=\"row\">51-99%</th><td>0</td>",
        "<th scope=\"row\">100%</th><td>1</td>",
        "£47,850.00",
        "£10,000,000.00",
        "0.48%",
        "5.05%",
        "Friday 31 July 2026",
    ] {
        assert!(page.body.contains(expected), "the page lacks {expected:?}");
    }

    let csv = app.get_page(Some(Role::Officer), &format!("/facility-time.csv?{query}")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment;"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "employer_id,employer,period_start,period_end,table,measure,value");
    let prefix = format!("{},Test Borough Council,2025-04-01,2026-03-31,", employer.0);
    for expected in [
        "relevant_union_officials,officials,3",
        "relevant_union_officials,full_time_equivalent,2.60",
        "time_bands,0%,1",
        "time_bands,1-50%,1",
        "time_bands,51-99%,0",
        "time_bands,100%,1",
        "pay_bill,total_cost_of_facility_time,47850.00",
        "pay_bill,total_pay_bill,10000000.00",
        "pay_bill,percentage_of_pay_bill,0.48",
        "paid_activities,percentage_of_paid_facility_time,5.05",
    ] {
        assert!(lines.contains(&format!("{prefix}{expected}").as_str()), "the CSV lacks {expected:?}:\n{}", csv.body);
    }

    let audit = app
        .db()
        .audit_entries(&AuditQuery {
            entity: Some("employer".into()),
            entity_id: Some(employer.to_string()),
            actor_label: None,
            exclude_action: None,
            before_id: None,
            limit: 50,
        })
        .await
        .unwrap();
    let views = audit.entries.iter().filter(|(_, e)| e.action == "facility_time.report_view").count();
    assert_eq!(views, 4, "each view of the figures is audited");
    assert!(audit.entries.iter().any(|(_, e)| e.action == "facility_time.pay_bill_save"));
}

#[tokio::test]
async fn officials_without_hours_or_cost_are_named_and_money_figures_left_out() {
    let app = spawn_app().await;
    let employer = app.org.employer;
    let draft = UserDraft {
        email: "no.profile@example.org".into(),
        name: "Rowan Noprofile".into(),
        role: "rep".into(),
        scope: format!("workplace:{}", app.org.workplace),
        password: "a long enough password".into(),
    };
    let user = steward_app::users::create_user_unchecked(app.db(), &draft, Utc::now()).await.unwrap();
    log_hours(&app, user, Some(employer), TimeCategory::Duties, false, START, 20).await;
    let path = format!("/api/v1/facility-time?employer_id={}&date={START}", employer.0);
    let json = app.api(Some(Role::Admin), Method::GET, &path, None).await.json();
    assert_eq!(json["officials"]["headcount"], 1);
    assert_eq!(json["missing"]["officials_without_hours"][0], "Rowan Noprofile");
    assert_eq!(json["missing"]["officials_without_cost"][0], "Rowan Noprofile");
    assert!(json["pay_bill"]["total_cost_pence"].is_null());
    // Their share of hours cannot be told: in no band, and said so, rather than guessed at 100%.
    let bands: Vec<i64> = json["bands"].as_array().unwrap().iter().map(|b| b["officials"].as_i64().unwrap()).collect();
    assert_eq!((bands, &json["unbanded_officials"]), (vec![0, 0, 0, 0], &serde_json::json!(1)), "{json}");
    let page =
        app.get_page(Some(Role::Admin), &format!("/facility-time?employer_id={}&date={START}", employer.0)).await;
    assert!(page.body.contains("Missing data") && page.body.contains("Rowan Noprofile"), "{}", page.body);
    assert!(page.body.contains("Not known yet"));
    assert!(page.body.contains("Not banded (contracted hours missing)</th><td>1<"), "{}", page.body);
}

#[tokio::test]
async fn reps_are_refused_and_bad_employers_or_dates_are_4xx() {
    let app = spawn_app().await;
    let employer = app.org.employer.0;
    let good = format!("employer_id={employer}&date={START}");
    assert_eq!(app.get_page(Some(Role::Rep), &format!("/facility-time?{good}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get_page(Some(Role::Rep), &format!("/facility-time.csv?{good}")).await.status,
        StatusCode::FORBIDDEN
    );
    let api = app.api(Some(Role::Rep), Method::GET, &format!("/api/v1/facility-time?{good}"), None).await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    let post = app.post_form(Role::Rep, "/facility-time/pay-bill", &[("pay_bill", "1")]).await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);

    for (query, status) in [
        ("employer_id=abc&date=2025-04-01".to_owned(), StatusCode::BAD_REQUEST),
        (format!("employer_id={employer}"), StatusCode::BAD_REQUEST),
        ("employer_id=0&date=2025-04-01".to_owned(), StatusCode::UNPROCESSABLE_ENTITY),
        ("employer_id=999999&date=2025-04-01".to_owned(), StatusCode::NOT_FOUND),
        (format!("employer_id={employer}&date=2025-13-01"), StatusCode::UNPROCESSABLE_ENTITY),
        (format!("employer_id={employer}&date=2016-06-01"), StatusCode::UNPROCESSABLE_ENTITY),
        (format!("employer_id={employer}&date=2025-04-01&extra=1"), StatusCode::BAD_REQUEST),
        (format!("employer_id=99999999999999999999&date={START}"), StatusCode::BAD_REQUEST),
    ] {
        let reply = app.api(Some(Role::Officer), Method::GET, &format!("/api/v1/facility-time?{query}"), None).await;
        assert_eq!(reply.status, status, "{query}: {}", reply.body);
        assert_eq!(reply.headers[header::CONTENT_TYPE], "application/problem+json", "{query}");
    }
    for (path, status) in [
        ("/facility-time?employer_id=abc".to_owned(), StatusCode::NOT_FOUND),
        ("/facility-time?employer_id=999999".to_owned(), StatusCode::NOT_FOUND),
        (format!("/facility-time?employer_id={employer}&date=soon"), StatusCode::UNPROCESSABLE_ENTITY),
        (format!("/facility-time?employer_id={employer}&date=2010-01-01"), StatusCode::UNPROCESSABLE_ENTITY),
        (format!("/facility-time.csv?employer_id={employer}&date=soon"), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        assert_eq!(app.get_page(Some(Role::Officer), &path).await.status, status, "{path}");
    }
    let id = employer.to_string();
    let bad = app
        .post_form(
            Role::Officer,
            "/facility-time/pay-bill",
            &[
                ("employer_id", &id),
                ("period_start", "2025-05-01"),
                ("pay_bill", "lots"),
                ("months_over_49_employees", "13"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Give the pay bill in pounds") && bad.body.contains("0 to 12"), "{}", bad.body);
}

#[tokio::test]
async fn the_publication_deadline_is_in_the_calendar_feed_of_those_who_see_the_figures() {
    let app = spawn_app().await;
    let feed = |role: Role| {
        let app = &app;
        async move {
            let made = app.api(Some(role), Method::POST, "/api/v1/me/calendar-feed", None).await;
            assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
            let url = made.json()["url"].as_str().unwrap().to_owned();
            let ics = app.get_page(None, &url).await;
            assert_eq!(ics.status, StatusCode::OK);
            ics.body.replace("\r\n ", "")
        }
    };
    let officer = feed(Role::Officer).await;
    let due = steward_app::facility::next_publication_deadline(Utc::now().date_naive()).unwrap();
    assert!(officer.contains("Due: facility-time figures"), "{officer}");
    assert!(officer.contains(&format!("DTSTART;VALUE=DATE:{}", due.deadline.format("%Y%m%d"))), "{officer}");
    let rep = feed(Role::Rep).await;
    assert!(!rep.contains("facility-time"), "reps do not see the figures, so not their deadline either");
}

#[tokio::test]
async fn the_api_enters_a_pay_bill_exactly_or_refuses_it_field_by_field() {
    let app = spawn_app().await;
    let employer = app.org.employer.0;
    let path = |employer: i64, period: &str| format!("/api/v1/employers/{employer}/pay-bills/{period}");
    let good = serde_json::json!({"pay_bill_pence": 1_000_000_000u64, "months_over_49_employees": 12});
    for (role, employer, period, body, status, field) in [
        (Role::Officer, employer, START, serde_json::json!({"pay_bill_pence": -1}), 422, "pay_bill_pence"),
        (
            Role::Officer,
            employer,
            START,
            serde_json::json!({"pay_bill_pence": 1, "months_over_49_employees": 13}),
            422,
            "months_over_49_employees",
        ),
        (Role::Officer, employer, "2025-05-01", good.clone(), 422, "period_start"),
        (Role::Officer, employer, "soon", good.clone(), 422, "period_start"),
        (Role::Officer, 999_999, START, good.clone(), 404, ""),
        (Role::Rep, employer, START, good.clone(), 403, ""),
    ] {
        let reply = app.api(Some(role), Method::PUT, &path(employer, period), Some(body.clone())).await;
        assert_eq!(reply.status.as_u16(), status, "{body} to {period}: {}", reply.body);
        if !field.is_empty() {
            assert!(reply.json()["errors"].get(field).is_some(), "{field}: {}", reply.body);
        }
    }
    let unknown = serde_json::json!({"pay_bill_pence": 1, "pay_bill": 2});
    let reply = app.api(Some(Role::Officer), Method::PUT, &path(employer, START), Some(unknown)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown fields are refused: {}", reply.body);
    let figures = format!("/api/v1/facility-time?employer_id={employer}&date={START}");
    let json = app.api(Some(Role::Admin), Method::GET, &figures, None).await.json();
    assert_eq!(json["missing"]["pay_bill"], true, "nothing refused was saved: {json}");

    let saved = app.api(Some(Role::Officer), Method::PUT, &path(employer, START), Some(good)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.json()["pay_bill_pence"], 1_000_000_000u64);
    let json = app.api(Some(Role::Admin), Method::GET, &figures, None).await.json();
    assert_eq!(json["pay_bill"]["pay_bill_pence"], 1_000_000_000u64, "{json}");
    assert_eq!(json["pay_bill"]["months_over_49_employees"], 12, "{json}");
    let audit = app.db().audit_entries(&AuditQuery { limit: 20, ..AuditQuery::default() }).await.unwrap();
    assert!(audit.entries.iter().any(|(_, e)| e.action == "facility_time.pay_bill_save"));
}

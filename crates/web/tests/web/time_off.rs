//! Time-off requests through the pages and the API: a rep drafts and submits a request (a
//! short notice is a clear warning; training needs its syllabus), sends the manager a link,
//! and the manager decides through it with no account, once, before it expires. Another rep
//! cannot see the request; the printable form shows a part-time rep's compensatory time. A
//! training request carries its syllabus file (checked like case documents) to the printable
//! form and the manager's link, which downloads only that request's file while it works.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{Datelike, Days, Duration, NaiveDate, Utc, Weekday};
use steward_app::ports::{
    AuditLog, AuditQuery, ManagerLink, OutboxMail, TimeOffStore, TimeOffSyllabusStore, UserStore,
};
use steward_app::secrets::token_hash;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::facility::category::TimeCategory;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, Reply, TestApp, PASSWORD};

fn today() -> NaiveDate {
    to_uk_local(Utc::now()).date()
}

/// The first Monday at least `days` ahead.
fn monday_after(days: u64) -> NaiveDate {
    let mut day = today().checked_add_days(Days::new(days)).unwrap();
    while day.weekday() != Weekday::Mon {
        day = day.succ_opt().unwrap();
    }
    day
}

fn request_id(reply: &Reply) -> i64 {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.headers[header::LOCATION].to_str().unwrap();
    location.trim_start_matches("/time-off/").parse().unwrap_or_else(|_| panic!("{location}"))
}

async fn draft(app: &TestApp, fields: &[(&str, &str)]) -> i64 {
    request_id(&app.post_form(Role::Rep, "/time-off", fields).await)
}

/// Tomorrow's duties: always short of three working days' notice.
async fn short_notice_duties(app: &TestApp) -> i64 {
    let tomorrow = today().succ_opt().unwrap().to_string();
    let id =
        draft(app, &[("category", "duties"), ("starts_on", &tomorrow), ("hours", "3"), ("purpose", "Grievance")]).await;
    let submitted = app.post_form(Role::Rep, &format!("/time-off/{id}/submit"), &[]).await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER, "{}", submitted.body);
    id
}

/// Sends the manager's link and returns the token the rep is shown.
async fn send_link(app: &TestApp, id: i64) -> String {
    let fields = [("manager_name", "Morgan Head"), ("manager_email", "head@school.example")];
    let sent = app.post_form(Role::Rep, &format!("/time-off/{id}/send"), &fields).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let at = sent.body.find("/time-off/approve/").expect("the rep is shown the link");
    sent.body[at + "/time-off/approve/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn manager_post(app: &TestApp, token: &str, fields: &[(&str, &str)]) -> Reply {
    let request = Request::post(format!("/time-off/approve/{token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn a_draft_is_saved_and_bad_fields_are_named_beside_them() {
    let app = spawn_app().await;
    let bad =
        app.post_form(Role::Rep, "/time-off", &[("category", "picnic"), ("starts_on", "soon"), ("hours", "")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["category-error", "starts_on-error", "hours-error", "purpose-error"] {
        assert!(bad.body.contains(field), "{field}: {}", bad.body);
    }
    let start = monday_after(10).to_string();
    let id =
        draft(&app, &[("category", "duties"), ("starts_on", &start), ("hours", "2.5"), ("purpose", "Pay talks")]).await;
    let page = app.get_page(Some(Role::Rep), &format!("/time-off/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Draft") && page.body.contains("2 h 30 min") && page.body.contains("Pay talks"));
    let list = app.get_page(Some(Role::Rep), "/time-off").await;
    assert!(list.body.contains(&format!("/time-off/{id}")), "{}", list.body);
    // A draft can be changed; after submitting it cannot.
    let changed = app
        .post_form(
            Role::Rep,
            &format!("/time-off/{id}"),
            &[("category", "duties"), ("starts_on", &start), ("hours", "4"), ("purpose", "Pay talks")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let submitted = app.post_form(Role::Rep, &format!("/time-off/{id}/submit"), &[]).await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    let page = app.get_page(Some(Role::Rep), &format!("/time-off/{id}")).await;
    assert!(page.body.contains("Notice is enough") && page.body.contains("4 h"), "{}", page.body);
    let again = app.post_form(Role::Rep, &format!("/time-off/{id}/submit"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "a double click changes nothing");
}

#[tokio::test]
async fn short_notice_is_a_clear_warning_and_training_needs_its_syllabus() {
    let app = spawn_app().await;
    let id = short_notice_duties(&app).await;
    let page = app.get_page(Some(Role::Rep), &format!("/time-off/{id}")).await;
    assert!(page.body.contains("Warning: short notice"), "{}", page.body);
    assert!(page.body.contains("3 working days"), "{}", page.body);

    let start = monday_after(40).to_string();
    let training =
        draft(&app, &[("category", "training"), ("starts_on", &start), ("hours", "7"), ("purpose", "Reps' course")])
            .await;
    let refused = app.post_form(Role::Rep, &format!("/time-off/{training}/submit"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("syllabus-error") && refused.body.contains("course_name-error"), "{}", refused.body);
    let still = app.get_page(Some(Role::Rep), &format!("/time-off/{training}")).await;
    assert!(still.body.contains("Draft"), "a refused submit leaves the draft");
}

#[tokio::test]
async fn the_manager_approves_through_the_link_once_and_without_an_account() {
    let app = spawn_app().await;
    let id = short_notice_duties(&app).await;
    let token = send_link(&app, id).await;
    assert!(token.len() >= 40, "{token}");
    // The mail waits in the outbox with the link.
    let mails = steward_app::ports::OutboxStore::claim_outbox(
        app.db(),
        "test",
        Utc::now(),
        Utc::now() + Duration::minutes(5),
        10,
    )
    .await
    .unwrap();
    let mail = mails.iter().map(|(_, m)| m).find(|m| m.to == "head@school.example").expect("the manager's mail");
    assert!(mail.body.contains(&format!("/time-off/approve/{token}")), "{}", mail.body);

    let page = app.get_page(None, &format!("/time-off/approve/{token}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Test Workplace rep") && page.body.contains("Send my decision"), "{}", page.body);
    let refuse_without_reason = manager_post(&app, &token, &[("decision", "refuse"), ("note", "")]).await;
    assert_eq!(refuse_without_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refuse_without_reason.body.contains("note-error"));

    let approved = manager_post(&app, &token, &[("decision", "approve"), ("note", "Fine")]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let after = app.get_page(None, &format!("/time-off/approve/{token}")).await;
    assert!(after.body.contains("already been decided") && !after.body.contains("Send my decision"));

    let rep_view = app.get_page(Some(Role::Rep), &format!("/time-off/{id}")).await;
    assert!(rep_view.body.contains("Approved") && rep_view.body.contains("Morgan Head"), "{}", rep_view.body);

    // The second use of the link is refused with a page that says why.
    let again = manager_post(&app, &token, &[("decision", "refuse"), ("note", "Changed my mind")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("already been decided"), "{}", again.body);
    assert_eq!(app.db().time_off_request(id).await.unwrap().unwrap().status.as_str(), "approved");

    let audit = app
        .db()
        .audit_entries(&AuditQuery {
            entity: Some("time_off_request".into()),
            entity_id: Some(id.to_string()),
            limit: 50,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    let decided = audit.entries.iter().find(|(_, e)| e.action == "time_off.decide").expect("the decision is audited");
    assert!(decided.1.actor_label.contains("manager via link"), "{:?}", decided.1);

    // A link that names nothing is a plain 404.
    let unknown = app.get_page(None, "/time-off/approve/not-a-real-link").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_expired_link_and_a_withdrawn_request_cannot_be_approved() {
    let app = spawn_app().await;
    let id = short_notice_duties(&app).await;
    // A link that ran out yesterday.
    let link = ManagerLink {
        manager_name: "Morgan Head".into(),
        manager_email: "head@school.example".into(),
        token_hash: token_hash("an-old-link"),
        expires_at: Utc::now() - Duration::days(1),
    };
    let mail = OutboxMail {
        to: "head@school.example".into(),
        subject: "s".into(),
        body: "b".into(),
        in_reply_to: None,
        message_id: None,
        automatic: true,
        attachments: Vec::new(),
    };
    let audit = steward_test_support::context(Role::Rep, steward_domain::organisation::Scope::Union).audit(
        "time_off.send_link",
        "time_off_request",
        None,
        String::new(),
    );
    app.db().set_time_off_link(id, &link, &mail, &audit).await.unwrap();
    let expired = app.get_page(None, "/time-off/approve/an-old-link").await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.body.contains("expired") && !expired.body.contains("Send my decision"), "{}", expired.body);
    let tried = manager_post(&app, "an-old-link", &[("decision", "approve")]).await;
    assert_eq!(tried.status, StatusCode::GONE);

    // A new link works; once the rep withdraws, it no longer decides anything.
    let token = send_link(&app, id).await;
    let withdrawn = app.post_form(Role::Rep, &format!("/time-off/{id}/withdraw"), &[]).await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    let tried = manager_post(&app, &token, &[("decision", "approve")]).await;
    assert_eq!(tried.status, StatusCode::CONFLICT);
    assert!(tried.body.contains("withdrawn"), "{}", tried.body);
    assert_eq!(app.db().time_off_request(id).await.unwrap().unwrap().status.as_str(), "withdrawn");
}

#[tokio::test]
async fn another_rep_cannot_see_my_request() {
    let app = spawn_app().await;
    let id = short_notice_duties(&app).await;
    let draft_form = steward_app::users::UserDraft {
        email: "rep2@example.org".into(),
        name: "Second Rep".into(),
        role: "rep".into(),
        scope: format!("workplace:{}", app.org.workplace),
        password: PASSWORD.into(),
    };
    steward_app::users::create_user_unchecked(app.db(), &draft_form, Utc::now()).await.unwrap();
    let session = steward_app::auth::login(app.db(), "rep2@example.org", PASSWORD, None, Utc::now()).await.unwrap();
    let token = steward_app::auth::create_api_token(app.db(), "rep2@example.org", "t", Utc::now()).await.unwrap();
    for path in [format!("/time-off/{id}"), format!("/time-off/{id}/print"), format!("/time-off/{id}/edit")] {
        let request = Request::get(&path)
            .header(header::COOKIE, format!("steward_session={}", session.session_token))
            .body(Body::empty())
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!reply.body.contains("Grievance"));
    }
    let request = Request::get(format!("/api/v1/time-off/{id}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::NOT_FOUND);
    // An officer whose region holds the rep's workplace sees it, and the read is audited.
    let officer = app.get_page(Some(Role::Officer), &format!("/time-off/{id}")).await;
    assert_eq!(officer.status, StatusCode::OK);
    let list = app.get_page(Some(Role::Officer), "/time-off").await;
    assert!(list.body.contains("Requests in your area") && list.body.contains(&format!("/time-off/{id}")));
    // Lawyers have no time off here.
    assert_eq!(app.get_page(Some(Role::Lawyer), "/time-off").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_printable_form_shows_a_part_time_reps_compensatory_time() {
    let app = spawn_app().await;
    let rep = app.db().user_by_email("rep@example.org").await.unwrap().unwrap();
    let admin = steward_test_support::context(Role::Admin, steward_domain::organisation::Scope::Union);
    let profile = steward_app::time::ProfileDraft {
        contracted_hours_per_week: "22.5".into(),
        full_time_hours_per_week: "37.5".into(),
        ..steward_app::time::ProfileDraft::default()
    };
    steward_app::time::save_rep_profile(app.db(), &admin, rep.id, &profile).await.unwrap();
    let start = monday_after(45);
    let end = start.succ_opt().unwrap();
    let id = draft(
        &app,
        &[
            ("category", "training"),
            ("starts_on", &start.to_string()),
            ("ends_on", &end.to_string()),
            ("hours", "15"),
            ("purpose", "Reps' stage 1"),
            ("course_name", "Reps' stage 1"),
            ("syllabus", "https://example.org/syllabus"),
        ],
    )
    .await;
    assert_eq!(app.post_form(Role::Rep, &format!("/time-off/{id}/submit"), &[]).await.status, StatusCode::SEE_OTHER);
    let days = steward_domain::facility::compensation::working_days_between(
        start,
        end,
        &steward_domain::deadlines::Calendar::compiled(),
        steward_domain::organisation::Nation::EnglandAndWales,
    );
    let owed = steward_domain::facility::compensation::compensatory_minutes(900, days, 1_350, 2_250);
    let owed = steward_domain::facility::category::hours_label(u64::from(owed));
    let print = app.get_page(Some(Role::Rep), &format!("/time-off/{id}/print")).await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.body.contains("/static/letter.css") && !print.body.contains("<script"), "print page, no script");
    assert!(print.body.contains("Manager's decision") && print.body.contains("Test Borough Council"));
    assert!(print.body.contains("Part-time") && print.body.contains(&owed), "{owed}: {}", print.body);
    let detail = app.get_page(Some(Role::Rep), &format!("/time-off/{id}")).await;
    assert!(detail.body.contains("Compensatory time") && detail.body.contains("Notice is enough"), "{}", detail.body);
}

#[tokio::test]
async fn the_api_drafts_submits_shows_and_withdraws() {
    let app = spawn_app().await;
    let bad = serde_json::json!({"category": "picnic", "starts_on": "soon", "minutes": 0, "purpose": ""});
    let refused = app.api(Some(Role::Rep), Method::POST, "/api/v1/time-off", Some(bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = &refused.json()["errors"];
    for field in ["category", "starts_on", "minutes", "purpose"] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }
    let start = monday_after(10).to_string();
    let body = serde_json::json!({"category": "duties", "starts_on": start, "minutes": 2250, "ends_on": monday_after(10).checked_add_days(Days::new(4)).unwrap().to_string(), "purpose": "Consultation"});
    let created = app.api(Some(Role::Rep), Method::POST, "/api/v1/time-off", Some(body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    assert_eq!(created.json()["status"], "draft");
    assert_eq!(created.json()["minutes"], 2250);

    // The draft is changed in place; a bad change is refused field by field and changes nothing.
    let path = format!("/api/v1/time-off/{id}");
    let one_day = serde_json::json!({"category": "duties", "starts_on": start, "minutes": 420, "purpose": "Pay talks"});
    let edited = app.api(Some(Role::Rep), Method::PUT, &path, Some(one_day.clone())).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(
        (&edited.json()["minutes"], &edited.json()["ends_on"]),
        (&serde_json::json!(420), &serde_json::json!(start))
    );
    let bad_edit = serde_json::json!({"category": "duties", "starts_on": start, "minutes": 420, "purpose": ""});
    let refused = app.api(Some(Role::Rep), Method::PUT, &path, Some(bad_edit)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert_eq!(app.api(Some(Role::Rep), Method::GET, &path, None).await.json()["purpose"], "Pay talks");
    let theirs = app.api(Some(Role::Staff), Method::PUT, &path, Some(one_day.clone())).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "another person's draft is not found");

    // The manager's link goes only once the request is submitted.
    let send = format!("/api/v1/time-off/{id}/send");
    let manager = serde_json::json!({"manager_name": "Morgan Head", "manager_email": "head@school.example"});
    let early = app.api(Some(Role::Rep), Method::POST, &send, Some(manager.clone())).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    let submitted = app.api(Some(Role::Rep), Method::POST, &format!("/api/v1/time-off/{id}/submit"), None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    assert_eq!(submitted.json()["notice"]["short"], false);
    let again = app.api(Some(Role::Rep), Method::POST, &format!("/api/v1/time-off/{id}/submit"), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let late_edit = app.api(Some(Role::Rep), Method::PUT, &path, Some(one_day)).await;
    assert_eq!(late_edit.status, StatusCode::CONFLICT, "only a draft changes: {}", late_edit.body);
    let no_email = serde_json::json!({"manager_name": "Morgan Head", "manager_email": "not an address"});
    let refused = app.api(Some(Role::Rep), Method::POST, &send, Some(no_email)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.json()["errors"].get("manager_email").is_some(), "{}", refused.body);
    let sent = app.api(Some(Role::Rep), Method::POST, &send, Some(manager)).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let url = sent.json()["url"].as_str().unwrap().to_owned();
    assert_eq!(sent.json()["request"]["manager_email"], "head@school.example");
    let token = url.rsplit('/').next().unwrap();
    let page = app.get_page(None, &format!("/time-off/approve/{token}")).await;
    assert_eq!(page.status, StatusCode::OK, "the link opens the manager's page: {}", page.body);
    let list = app.api(Some(Role::Rep), Method::GET, "/api/v1/time-off", None).await;
    assert_eq!(list.json()["requests"][0]["id"], id);
    let withdrawn = app.api(Some(Role::Rep), Method::POST, &format!("/api/v1/time-off/{id}/withdraw"), None).await;
    assert_eq!(withdrawn.json()["status"], "withdrawn");
    let shown = app.api(Some(Role::Rep), Method::GET, &format!("/api/v1/time-off/{id}"), None).await;
    assert_eq!(shown.json()["status"], "withdrawn");
    let staff = app.api(Some(Role::Staff), Method::GET, &format!("/api/v1/time-off/{id}"), None).await;
    assert_eq!(staff.status, StatusCode::NOT_FOUND, "staff do not see others' requests");
}

// --- The syllabus file of a training request ---------------------------------------------

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
const BOUNDARY: &str = "steward-syllabus-boundary-41c2";

/// A response with its bytes as they came (downloads are not always text).
struct Raw {
    status: StatusCode,
    headers: header::HeaderMap,
    bytes: Vec<u8>,
}

impl Raw {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|_| panic!("not JSON: {}", self.text()))
    }
}

async fn raw(app: &TestApp, request: Request<Body>) -> Raw {
    use tower::ServiceExt;
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024).await.unwrap().to_vec();
    Raw { status, headers, bytes }
}

fn multipart(csrf: Option<&str>, file: (&str, &[u8])) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(csrf) = csrf {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n").as_bytes(),
        );
    }
    let (filename, bytes) = file;
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Uploads through the request page's form, as a browser does.
async fn upload_syllabus_page(app: &TestApp, id: i64, filename: &str, bytes: &[u8]) -> Raw {
    let creds = &app.users[&Role::Rep];
    let request = Request::post(format!("/time-off/{id}/syllabus"))
        .header(header::COOKIE, &creds.cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(multipart(Some(&creds.csrf), (filename, bytes))))
        .unwrap();
    raw(app, request).await
}

async fn upload_syllabus_api(app: &TestApp, id: i64, filename: &str, bytes: &[u8]) -> Raw {
    let request = Request::put(format!("/api/v1/time-off/{id}/syllabus"))
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Rep].token))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(multipart(None, (filename, bytes))))
        .unwrap();
    raw(app, request).await
}

async fn get_raw(app: &TestApp, role: Option<Role>, path: &str) -> Raw {
    let mut request = Request::get(path);
    if let Some(role) = role {
        request = request.header(header::COOKIE, &app.users[&role].cookie);
    }
    raw(app, request.body(Body::empty()).unwrap()).await
}

/// Files in the app's file store (a refused upload may leave none behind).
fn stored_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir).map_or_else(
            |_| Vec::new(),
            |entries| {
                entries
                    .flatten()
                    .flat_map(|e| if e.path().is_dir() { walk(&e.path()) } else { vec![e.path()] })
                    .collect()
            },
        )
    }
    walk(app.files_dir())
}

async fn training_draft(app: &TestApp, days_ahead: u64) -> i64 {
    let start = monday_after(days_ahead).to_string();
    draft(
        app,
        &[
            ("category", "training"),
            ("starts_on", &start),
            ("hours", "7"),
            ("purpose", "Reps' stage 1"),
            ("course_name", "Reps' stage 1"),
        ],
    )
    .await
}

async fn audit_actions(app: &TestApp, id: i64) -> Vec<(String, String)> {
    let audit = app
        .db()
        .audit_entries(&AuditQuery {
            entity: Some("time_off_request".into()),
            entity_id: Some(id.to_string()),
            limit: 100,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    audit.entries.into_iter().map(|(_, e)| (e.action, e.actor_label)).collect()
}

#[tokio::test]
async fn a_training_request_carries_its_syllabus_file_to_the_form_and_the_manager() {
    let app = spawn_app().await;
    let id = training_draft(&app, 40).await;

    // Neither text nor file: the submit names the syllabus, and says a file will do.
    let refused = app.post_form(Role::Rep, &format!("/time-off/{id}/submit"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("syllabus-error") && refused.body.contains("upload its file"), "{}", refused.body);
    assert!(refused.body.contains(&format!("/time-off/{id}#syllabus-file")), "the form points at the upload");

    // Bad files: each refused with its own reason, and nothing kept.
    let page = app.get_page(Some(Role::Rep), &format!("/time-off/{id}")).await;
    assert!(page.body.contains("id=\"syllabus_file\"") && page.body.contains("multipart/form-data"), "{}", page.body);
    let elf = [b"\x7fELF\x02\x01\x01\0".as_slice(), &[0u8; 120]].concat();
    let email = b"From: tutor@college.example\r\nSubject: Course\r\nDate: Mon, 1 Jun 2026 10:00:00 +0000\r\n\r\nHi\r\n";
    let too_big = vec![b'a'; 10 * 1024 * 1024 + 1];
    for (name, bytes, status, says) in [
        ("empty.pdf", &b""[..], StatusCode::UNPROCESSABLE_ENTITY, "The file is empty"),
        ("syllabus.pdf", &elf[..], StatusCode::UNPROCESSABLE_ENTITY, "This file is a program"),
        ("syllabus.pdf", &email[..], StatusCode::UNPROCESSABLE_ENTITY, "a syllabus is kept as PDF"),
        ("syllabus.txt", &too_big[..], StatusCode::PAYLOAD_TOO_LARGE, "The file is larger than 10.0 MB"),
    ] {
        let reply = upload_syllabus_page(&app, id, name, bytes).await;
        assert_eq!(reply.status, status, "{name}: {}", reply.text());
        assert!(
            reply.text().contains(says) && reply.text().contains("syllabus_file-error"),
            "{says}: {}",
            reply.text()
        );
        assert!(stored_files(&app).is_empty(), "{says}: no bytes are kept");
        assert!(app.db().time_off_syllabus(id).await.unwrap().is_none(), "{says}: no row is written");
    }

    // A PDF is kept, shown with a link, and downloads as it was sent.
    let reply = upload_syllabus_page(&app, id, "../Stage 1 <outline>.pdf", PDF).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    assert_eq!(stored_files(&app).len(), 1);
    let page = app.get_page(Some(Role::Rep), &format!("/time-off/{id}")).await;
    assert!(page.body.contains("Stage 1 _outline_.pdf") && page.body.contains(&format!("/time-off/{id}/syllabus\"")));
    let download = get_raw(&app, Some(Role::Rep), &format!("/time-off/{id}/syllabus")).await;
    assert_eq!((download.status, download.bytes.as_slice()), (StatusCode::OK, PDF));
    assert_eq!(download.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(download.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(download.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));

    // Replacing it keeps one file (the new one); removing it keeps none.
    let outline = b"Day 1: the law. Day 2: representing members.\n";
    let reply = upload_syllabus_page(&app, id, "outline", outline).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    let files = stored_files(&app);
    assert_eq!(files.len(), 1, "the replaced file's bytes are removed");
    assert_eq!(std::fs::read(&files[0]).unwrap(), outline);
    assert_eq!(app.db().time_off_syllabus(id).await.unwrap().unwrap().filename, "outline.txt");
    let removed = app.post_form(Role::Rep, &format!("/time-off/{id}/syllabus/remove"), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert!(stored_files(&app).is_empty() && app.db().time_off_syllabus(id).await.unwrap().is_none());
    assert_eq!(get_raw(&app, Some(Role::Rep), &format!("/time-off/{id}/syllabus")).await.status, StatusCode::NOT_FOUND);

    // With the file (and no text) the request submits; then the file is fixed.
    assert_eq!(upload_syllabus_page(&app, id, "stage1.pdf", PDF).await.status, StatusCode::SEE_OTHER);
    // While the file is attached the draft stays a training request: the file is not dropped unasked.
    let start = monday_after(40).to_string();
    let as_duties = [("category", "duties"), ("starts_on", &start[..]), ("hours", "7"), ("purpose", "Reps' stage 1")];
    let refused = app.post_form(Role::Rep, &format!("/time-off/{id}"), &as_duties).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(
        refused.body.contains("category-error") && refused.body.contains("remove the file first"),
        "{}",
        refused.body
    );
    assert_eq!(app.db().time_off_request(id).await.unwrap().unwrap().fields.category, TimeCategory::Training);
    let submitted = app.post_form(Role::Rep, &format!("/time-off/{id}/submit"), &[]).await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER, "{}", submitted.body);
    let late = upload_syllabus_page(&app, id, "other.pdf", PDF).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.text());
    assert!(late.text().contains("only while the request is a draft"));
    let late = app.post_form(Role::Rep, &format!("/time-off/{id}/syllabus/remove"), &[]).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(stored_files(&app).len(), 1);

    // The printable form names it with its link.
    let print = app.get_page(Some(Role::Rep), &format!("/time-off/{id}/print")).await;
    assert!(print.body.contains("Syllabus file (attached)") && print.body.contains("stage1.pdf"), "{}", print.body);
    assert!(print.body.contains(&format!("href=\"/time-off/{id}/syllabus\"")));

    // Another rep cannot download it; an officer whose region holds the request can.
    let draft_form = steward_app::users::UserDraft {
        email: "rep2@example.org".into(),
        name: "Second Rep".into(),
        role: "rep".into(),
        scope: format!("workplace:{}", app.org.workplace),
        password: PASSWORD.into(),
    };
    steward_app::users::create_user_unchecked(app.db(), &draft_form, Utc::now()).await.unwrap();
    let session = steward_app::auth::login(app.db(), "rep2@example.org", PASSWORD, None, Utc::now()).await.unwrap();
    let other = Request::get(format!("/time-off/{id}/syllabus"))
        .header(header::COOKIE, format!("steward_session={}", session.session_token))
        .body(Body::empty())
        .unwrap();
    assert_eq!(raw(&app, other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get_raw(&app, Some(Role::Officer), &format!("/time-off/{id}/syllabus")).await.bytes, PDF);

    // The manager's link page offers it, and the link downloads it (this request's only).
    let token = send_link(&app, id).await;
    let manager = app.get_page(None, &format!("/time-off/approve/{token}")).await;
    assert!(manager.body.contains(&format!("/time-off/approve/{token}/syllabus")), "{}", manager.body);
    let by_link = get_raw(&app, None, &format!("/time-off/approve/{token}/syllabus")).await;
    assert_eq!((by_link.status, by_link.bytes.as_slice()), (StatusCode::OK, PDF));
    assert_eq!(by_link.headers[header::CACHE_CONTROL], "no-store");
    let duties = short_notice_duties(&app).await;
    let duties_token = send_link(&app, duties).await;
    let elsewhere = get_raw(&app, None, &format!("/time-off/approve/{duties_token}/syllabus")).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND, "another request's link opens no other syllabus");
    assert_eq!(get_raw(&app, None, "/time-off/approve/no-such-link/syllabus").await.status, StatusCode::NOT_FOUND);

    // Decided, the link still opens it until it expires; withdrawn requests' links do not.
    let approved = manager_post(&app, &token, &[("decision", "approve")]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    assert_eq!(get_raw(&app, None, &format!("/time-off/approve/{token}/syllabus")).await.status, StatusCode::OK);

    let actions = audit_actions(&app, id).await;
    for action in [
        "time_off.syllabus_add",
        "time_off.syllabus_replace",
        "time_off.syllabus_remove",
        "time_off.syllabus_download",
        "time_off.syllabus_link_download",
    ] {
        assert!(actions.iter().any(|(a, _)| a == action), "{action} is audited: {actions:?}");
    }
    let (_, by) = actions.iter().find(|(a, _)| a == "time_off.syllabus_link_download").unwrap();
    assert!(by.contains("manager via link"), "{by}");
}

#[tokio::test]
async fn a_withdrawn_or_expired_link_does_not_open_the_syllabus() {
    let app = spawn_app().await;
    let id = training_draft(&app, 40).await;
    assert_eq!(upload_syllabus_page(&app, id, "stage1.pdf", PDF).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post_form(Role::Rep, &format!("/time-off/{id}/submit"), &[]).await.status, StatusCode::SEE_OTHER);
    // A link that ran out yesterday.
    let link = ManagerLink {
        manager_name: "Morgan Head".into(),
        manager_email: "head@school.example".into(),
        token_hash: token_hash("an-old-syllabus-link"),
        expires_at: Utc::now() - Duration::days(1),
    };
    let mail = OutboxMail {
        to: "head@school.example".into(),
        subject: "s".into(),
        body: "b".into(),
        in_reply_to: None,
        message_id: None,
        automatic: true,
        attachments: Vec::new(),
    };
    let audit = steward_test_support::context(Role::Rep, steward_domain::organisation::Scope::Union).audit(
        "time_off.send_link",
        "time_off_request",
        None,
        String::new(),
    );
    app.db().set_time_off_link(id, &link, &mail, &audit).await.unwrap();
    let expired = get_raw(&app, None, "/time-off/approve/an-old-syllabus-link/syllabus").await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.text().contains("expired") && !expired.text().contains("%PDF"), "{}", expired.text());
    let page = app.get_page(None, "/time-off/approve/an-old-syllabus-link").await;
    assert!(!page.body.contains("/syllabus\""), "an expired link's page offers no download");

    let token = send_link(&app, id).await;
    assert_eq!(get_raw(&app, None, &format!("/time-off/approve/{token}/syllabus")).await.status, StatusCode::OK);
    assert_eq!(app.post_form(Role::Rep, &format!("/time-off/{id}/withdraw"), &[]).await.status, StatusCode::SEE_OTHER);
    let withdrawn = get_raw(&app, None, &format!("/time-off/approve/{token}/syllabus")).await;
    assert_eq!(withdrawn.status, StatusCode::CONFLICT);
    assert!(withdrawn.text().contains("withdrawn") && !withdrawn.text().contains("%PDF"));
}

#[tokio::test]
async fn the_api_attaches_downloads_and_removes_a_syllabus_file() {
    let app = spawn_app().await;
    let start = monday_after(40).to_string();
    let body = serde_json::json!({"category": "training", "starts_on": start, "minutes": 420,
        "purpose": "Reps' stage 1", "course_name": "Reps' stage 1"});
    let created = app.api(Some(Role::Rep), Method::POST, "/api/v1/time-off", Some(body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    assert!(created.json()["syllabus_file"].is_null());

    let refused = app.api(Some(Role::Rep), Method::POST, &format!("/api/v1/time-off/{id}/submit"), None).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.json()["errors"]["syllabus"].as_str().unwrap().contains("upload its file"), "{}", refused.body);

    // Bad uploads: specific 4xx, nothing kept.
    let json = app
        .api(Some(Role::Rep), Method::PUT, &format!("/api/v1/time-off/{id}/syllabus"), Some(serde_json::json!({})))
        .await;
    assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let empty = upload_syllabus_api(&app, id, "syllabus.pdf", b"").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.json()["errors"]["file"].as_str().unwrap().contains("empty"), "{}", empty.text());
    let html = upload_syllabus_api(&app, id, "syllabus.txt", b"<!doctype html><script>x</script>").await;
    assert_eq!(html.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.json()["errors"]["file"].as_str().unwrap().contains("HTML"));
    let too_big = upload_syllabus_api(&app, id, "big.txt", &vec![b'a'; 10 * 1024 * 1024 + 1]).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_big.json()["code"], "body_too_large");
    assert!(stored_files(&app).is_empty());

    let kept = upload_syllabus_api(&app, id, "Stage 1.pdf", PDF).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.text());
    assert_eq!(kept.json()["doc_type"], "pdf");
    assert_eq!(kept.json()["size_bytes"], PDF.len());
    assert_eq!(kept.json()["download_path"], format!("/api/v1/time-off/{id}/syllabus"));
    let shown = app.api(Some(Role::Rep), Method::GET, &format!("/api/v1/time-off/{id}"), None).await;
    assert_eq!(shown.json()["syllabus_file"]["filename"], "Stage 1.pdf");
    let request = Request::get(format!("/api/v1/time-off/{id}/syllabus"))
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Rep].token))
        .body(Body::empty())
        .unwrap();
    let download = raw(&app, request).await;
    assert_eq!((download.status, download.bytes.as_slice()), (StatusCode::OK, PDF));

    let path = format!("/api/v1/time-off/{id}/syllabus");
    assert_eq!(app.api(Some(Role::Rep), Method::DELETE, &path, None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api(Some(Role::Rep), Method::DELETE, &path, None).await.status, StatusCode::NOT_FOUND);
    assert!(stored_files(&app).is_empty());
    assert_eq!(upload_syllabus_api(&app, id, "Stage 1.pdf", PDF).await.status, StatusCode::OK);
    let submitted = app.api(Some(Role::Rep), Method::POST, &format!("/api/v1/time-off/{id}/submit"), None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    assert_eq!(app.api(Some(Role::Rep), Method::DELETE, &path, None).await.status, StatusCode::CONFLICT);

    // A request that is not for training takes no syllabus file.
    let body = serde_json::json!({"category": "duties", "starts_on": start, "minutes": 60, "purpose": "Talks"});
    let duties =
        app.api(Some(Role::Rep), Method::POST, "/api/v1/time-off", Some(body)).await.json()["id"].as_i64().unwrap();
    let refused = upload_syllabus_api(&app, duties, "Stage 1.pdf", PDF).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.json()["errors"]["file"].as_str().unwrap().contains("training"));
    assert_eq!(stored_files(&app).len(), 1);
}

/// The rep accompanies a member at a hearing called at short notice: the request is short of
/// notice but goes the after-the-event route, and may even be made once the day has passed;
/// without the hearing linked a past day is refused.
#[tokio::test]
async fn a_short_notice_hearing_goes_the_after_the_event_route() {
    let app = spawn_app().await;
    let case = app.case_here;
    let rep = app.db().user_by_email("rep@example.org").await.unwrap().unwrap().id;
    let team = serde_json::json!({"user_id": rep.0, "role": "rep"});
    let reply = app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{case}/team"), Some(team)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    let tomorrow = today().succ_opt().unwrap().to_string();
    let hearing = serde_json::json!({
        "meeting_type": "disciplinary_hearing", "starts_at": format!("{tomorrow}T10:00"), "minutes": 60,
        "place": "Meeting room 2"
    });
    let reply =
        app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{case}/meetings"), Some(hearing)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let meeting = reply.json()["id"].as_i64().unwrap();

    let request = |starts_on: String, meeting: Option<i64>| {
        let app = &app;
        async move {
            let body = serde_json::json!({"category": "duties", "starts_on": starts_on, "minutes": 120,
                "purpose": "Accompany a member at a disciplinary hearing", "meeting_id": meeting});
            let created = app.api(Some(Role::Rep), Method::POST, "/api/v1/time-off", Some(body)).await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
            let id = created.json()["id"].as_i64().unwrap();
            app.api(Some(Role::Rep), Method::POST, &format!("/api/v1/time-off/{id}/submit"), None).await
        }
    };
    let submitted = request(tomorrow, Some(meeting)).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    let notice = &submitted.json()["notice"];
    assert_eq!((&notice["short"], &notice["after_the_event"]), (&serde_json::json!(true), &serde_json::json!(true)));

    let yesterday = today().pred_opt().unwrap().to_string();
    let unlinked = request(yesterday.clone(), None).await;
    assert_eq!(unlinked.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unlinked.body);
    assert!(unlinked.json()["errors"]["starts_on"].to_string().contains("link the hearing"), "{}", unlinked.body);
    let after = request(yesterday, Some(meeting)).await;
    assert_eq!(after.status, StatusCode::OK, "after the event, with the hearing linked: {}", after.body);
    assert_eq!(after.json()["notice"]["after_the_event"], true);
}

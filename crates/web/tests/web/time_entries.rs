//! Union time in pages and the API: the "My time" week with its quick-entry form (a bad
//! duration refused beside its field), weekly totals against the profile's facility time,
//! deleting one's own entry, the case page's "Log time" form putting time on the timeline,
//! the officers' profile page, and the same over the JSON API.

use axum::http::{header, Method, StatusCode};
use serde_json::json;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, Reply, TestApp};

fn location(reply: &Reply) -> String {
    reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The number just after `prefix` in `body`.
fn number_after(body: &str, prefix: &str) -> i64 {
    let at = body.find(prefix).unwrap_or_else(|| panic!("{prefix} not on the page"));
    body[at + prefix.len()..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

/// A case the rep opens, so the rep is on its team.
async fn rep_opens_case(app: &TestApp) -> i64 {
    let fields = [
        ("title", "Warning over timekeeping"),
        ("case_type", "disciplinary"),
        ("membership_number", "T000001"),
        ("problem_arose_on", "2025-01-10"),
        ("complexity", "3"),
        ("emotional_load", "2"),
    ];
    let reply = app.post_form(Role::Rep, "/cases", &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    location(&reply).trim_start_matches("/cases/").split(['?', '#']).next().unwrap().parse().unwrap()
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    let users = app.api(Some(Role::Admin), Method::GET, "/api/v1/users", None).await.json();
    users.as_array().unwrap().iter().find(|u| u["email"] == email).unwrap()["id"].as_i64().unwrap()
}

fn today() -> String {
    to_uk_local(chrono::Utc::now()).date().to_string()
}

#[tokio::test]
async fn a_rep_logs_time_on_the_my_time_page_sees_the_week_and_deletes_a_slip() {
    let app = spawn_app().await;
    let page = app.get_page(Some(Role::Rep), "/time").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h1>My time</h1>") && page.body.contains("href=\"/time\""), "nav link");
    assert!(page.body.contains("No time logged this week."));
    assert!(page.body.contains(&format!("value=\"{}\"", today())), "the date defaults to today");
    let lawyer = app.get_page(Some(Role::Lawyer), "/").await;
    assert!(!lawyer.body.contains("href=\"/time\""), "lawyers log no union time");

    // A duration nobody can read: refused beside the field, what was typed kept, nothing written.
    let bad = app.post_form(Role::Rep, "/time", &[("category", "duties"), ("duration", "ten"), ("note", "Kept")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"time-duration-error\""), "{}", bad.body);
    assert!(bad.body.contains("aria-describedby=\"time-duration-error"));
    assert!(bad.body.contains("href=\"#time-duration\"") && bad.body.contains("<title>Error: My time"));
    assert!(bad.body.contains("value=\"ten\"") && bad.body.contains(">Kept</textarea>"));
    assert!(app.get_page(Some(Role::Rep), "/time").await.body.contains("No time logged this week."));

    let logged = app.post_form(Role::Rep, "/time", &[("category", "duties"), ("duration", "1.5")]).await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    assert!(location(&logged).starts_with("/time?week=") && location(&logged).ends_with("&done=logged"));
    let activities = [("category", "activities"), ("duration", "1:00"), ("worked_on", "")];
    assert_eq!(app.post_form(Role::Rep, "/time", &activities).await.status, StatusCode::SEE_OTHER);
    let paid = [("category", "activities"), ("duration", "30m"), ("employer_paid", "yes"), ("note", "Branch AGM")];
    assert_eq!(app.post_form(Role::Rep, "/time", &paid).await.status, StatusCode::SEE_OTHER);

    let week = app.get_page(Some(Role::Rep), &location(&logged)).await;
    assert!(week.body.contains("Time logged."));
    assert!(week.body.contains("id=\"week-total\" data-minutes=\"180\""), "{}", week.body);
    assert!(week.body.contains("id=\"week-facility\" data-minutes=\"120\""), "unpaid activities are not facility time");
    assert!(week.body.contains("Trade union duties (paid)</dt><dd>1 h 30 min"));
    assert!(week.body.contains("Trade union activities (unpaid)</dt><dd>1 h 30 min"));
    assert!(week.body.contains("(employer paid)") && week.body.contains("Branch AGM"));
    assert!(week.body.contains("Your profile has no facility time a week yet"));

    // Someone else cannot delete it; its owner can.
    let entry = number_after(&week.body, "action=\"/time/");
    let delete = format!("/time/{entry}/delete");
    assert_eq!(app.post_form(Role::Caseworker, &delete, &[]).await.status, StatusCode::NOT_FOUND);
    let deleted = app.post_form(Role::Rep, &delete, &[("week", "2026-01-07")]).await;
    assert_eq!(location(&deleted), "/time?week=2026-01-05&done=deleted");
    let week = app.get_page(Some(Role::Rep), "/time").await;
    assert!(week.body.contains("id=\"week-total\" data-minutes=\"150\""), "the newest entry went: {}", week.body);
    assert_eq!(app.post_form(Role::Rep, &delete, &[]).await.status, StatusCode::NOT_FOUND);

    // The week against the profile's facility time, once an officer sets it.
    let rep = user_id(&app, "rep@example.org").await;
    let profile = [("facility_hours_per_week", "7.5")];
    let saved = app.post_form(Role::Officer, &format!("/admin/users/{rep}/profile"), &profile).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let week = app.get_page(Some(Role::Rep), "/time").await;
    assert!(week.body.contains(" of 7 h 30 min a week"), "{}", week.body);
    assert!(week.body.contains("of facility time left this week"));

    // Weeks page back and forth; a week that is no date is refused.
    let earlier = app.get_page(Some(Role::Rep), "/time?week=2026-01-07").await;
    assert!(
        earlier.body.contains("Week of 5 January 2026") && earlier.body.contains("href=\"/time?week=2025-12-29#week\"")
    );
    assert!(earlier.body.contains("href=\"/time?week=2026-01-12#week\""), "a next week link");
    let this_week = app.get_page(Some(Role::Rep), "/time").await;
    assert!(!this_week.body.contains("rel=\"next\""), "no logging ahead");
    let wrong = app.get_page(Some(Role::Rep), "/time?week=soon").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Give the week as a date"));
}

#[tokio::test]
async fn time_logged_from_a_case_page_goes_on_its_timeline() {
    let app = spawn_app().await;
    let id = rep_opens_case(&app).await;
    let case = format!("/cases/{id}");
    let page = app.get_page(Some(Role::Rep), &case).await;
    assert!(page.body.contains(&format!("action=\"/cases/{id}/time\"")), "the quick form is on the case page");

    let post = format!("/cases/{id}/time");
    let bad = app.post_form(Role::Rep, &post, &[("category", "duties"), ("duration", "1:75")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"time-duration-error\"") && bad.body.contains("href=\"#time-duration\""));
    assert!(bad.body.contains("value=\"1:75\""), "what was typed is kept");
    let meeting = app.post_form(Role::Rep, &post, &[("category", "duties"), ("duration", "1"), ("meeting", "x")]).await;
    assert_eq!(meeting.status, StatusCode::UNPROCESSABLE_ENTITY);

    let logged = app
        .post_form(Role::Rep, &post, &[("category", "duties"), ("duration", "1:30"), ("note", "Hearing prep")])
        .await;
    assert_eq!(location(&logged), format!("/cases/{id}?done=time#timeline"), "{}", logged.body);
    let page = app.get_page(Some(Role::Rep), &format!("/cases/{id}?done=time")).await;
    assert!(page.body.contains("Time logged."));
    assert!(page.body.contains("1 h 30 min of trade union duties (paid)."), "{}", page.body);
    assert!(page.body.contains("Hearing prep") && page.body.contains(" · 90 min"));
    let week = app.get_page(Some(Role::Rep), "/time").await;
    assert!(week.body.contains("data-minutes=\"90\"") && week.body.contains(&format!("href=\"/cases/{id}\"")));

    // A rep not on a case cannot log time against it, and lawyers log none at all.
    let fixture = format!("/cases/{}/time", app.case_here);
    let reply = app.post_form(Role::Rep, &fixture, &[("category", "duties"), ("duration", "1")]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app.post_form(Role::Lawyer, &post, &[("category", "duties"), ("duration", "1")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // A closed case takes no more time.
    let closed = app.post_form(Role::Rep, &format!("/cases/{id}/close"), &[("outcome", "resolved_informally")]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    assert!(!app.get_page(Some(Role::Rep), &case).await.body.contains(&format!("action=\"/cases/{id}/time\"")));
    let late = app.post_form(Role::Rep, &post, &[("category", "duties"), ("duration", "1")]).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("This case is closed"));
}

#[tokio::test]
async fn officers_keep_a_persons_profile_on_its_page() {
    let app = spawn_app().await;
    let rep = user_id(&app, "rep@example.org").await;
    let users = app.get_page(Some(Role::Admin), "/admin/users").await;
    assert!(users.body.contains(&format!("href=\"/admin/users/{rep}/profile\"")));
    let path = format!("/admin/users/{rep}/profile");
    let page = app.get_page(Some(Role::Officer), &path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Facility time profile: Test Workplace rep") && page.body.contains("Test Borough Council")
    );
    assert_eq!(app.get_page(Some(Role::Rep), &path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get_page(Some(Role::Officer), "/admin/users/999999/profile").await.status, StatusCode::NOT_FOUND);

    let employer = app.org.employer.0.to_string();
    let bad = [("employer", employer.as_str()), ("facility_hours_per_week", "lots"), ("hourly_cost", "18.404")];
    let refused = app.post_form(Role::Officer, &path, &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"profile-facility_hours_per_week-error\""), "{}", refused.body);
    assert!(refused.body.contains("id=\"profile-hourly_cost-error\"") && refused.body.contains("value=\"lots\""));
    let over = [("contracted_hours_per_week", "40"), ("full_time_hours_per_week", "37.5")];
    let refused = app.post_form(Role::Officer, &path, &over).await;
    assert!(refused.body.contains("id=\"profile-contracted_hours_per_week-error\""));

    let good = [
        ("employer", employer.as_str()),
        ("contracted_hours_per_week", "30"),
        ("full_time_hours_per_week", "37:30"),
        ("facility_hours_per_week", "7.5"),
        ("hourly_cost", "£18.40"),
    ];
    let saved = app.post_form(Role::Officer, &path, &good).await;
    assert_eq!(location(&saved), format!("{path}?done=saved"));
    let page = app.get_page(Some(Role::Officer), &location(&saved)).await;
    assert!(page.body.contains("The profile is saved."));
    assert!(page.body.contains(&format!("<option value=\"{employer}\" selected>")));
    assert!(page.body.contains("value=\"37:30\"") && page.body.contains("value=\"7:30\""));
    assert!(page.body.contains("value=\"18.40\"") && page.body.contains("value=\"30\""));
}

#[tokio::test]
async fn time_goes_through_the_api_and_back() {
    let app = spawn_app().await;
    let api = |method: Method, path: &str, body: Option<serde_json::Value>| {
        let path = path.to_owned();
        let app = &app;
        async move { app.api(Some(Role::Rep), method, &path, body).await }
    };
    let logged = api(Method::POST, "/api/v1/time", Some(json!({"category": "duties", "minutes": 90}))).await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.body);
    let entry = logged.json()["id"].as_i64().unwrap();
    let body = json!({"category": "activities", "minutes": 60, "employer_paid": true, "note": "AGM",
                      "worked_on": today()});
    assert_eq!(api(Method::POST, "/api/v1/time", Some(body)).await.status, StatusCode::CREATED);
    let week = api(Method::GET, "/api/v1/time", None).await;
    assert_eq!(week.status, StatusCode::OK);
    let week = week.json();
    assert_eq!(week["total_minutes"], 150);
    assert_eq!(week["facility_minutes"], 150, "paid activities count");
    assert_eq!(
        week["totals"],
        json!([{"category": "duties", "minutes": 90}, {"category": "activities", "minutes": 60}])
    );
    assert!(week["entries"].as_array().unwrap().iter().any(|e| e["id"] == entry && e["minutes"] == 90));

    // Whatever the document forbids is refused.
    for bad in [
        json!({"category": "duties", "minutes": 0}),
        json!({"category": "duties", "minutes": 1441}),
        json!({"category": "duties", "minutes": "1:30"}),
        json!({"category": "duties", "minutes": 1.5}),
        json!({"category": "naps", "minutes": 30}),
        json!({"category": "duties", "minutes": 30, "worked_on": "2026-1-5"}),
        json!({"category": "duties", "minutes": 30, "meeting_id": 0}),
        json!({"category": "duties", "minutes": 30, "hours": 1}),
        json!({"minutes": 30}),
    ] {
        let reply = api(Method::POST, "/api/v1/time", Some(bad.clone())).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", reply.body);
    }
    let ahead = api(
        Method::POST,
        "/api/v1/time",
        Some(json!({"category": "duties", "minutes": 30, "worked_on": "2099-01-01"})),
    )
    .await;
    assert_eq!(ahead.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(ahead.body.contains("worked_on"));
    for query in ["?week=soon", "?week=2026-13-01"] {
        assert_eq!(
            api(Method::GET, &format!("/api/v1/time{query}"), None).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert_eq!(api(Method::GET, "/api/v1/time?month=1", None).await.status, StatusCode::BAD_REQUEST);
    let old = api(Method::GET, "/api/v1/time?week=2026-01-07", None).await.json();
    assert_eq!((old["starts_on"].as_str(), old["ends_on"].as_str()), (Some("2026-01-05"), Some("2026-01-11")));

    // Deleting: only one's own, once.
    let other = app.api(Some(Role::Caseworker), Method::DELETE, &format!("/api/v1/time/{entry}"), None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(api(Method::DELETE, &format!("/api/v1/time/{entry}"), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api(Method::DELETE, &format!("/api/v1/time/{entry}"), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api(Method::DELETE, "/api/v1/time/nope", None).await.status, StatusCode::NOT_FOUND);

    // Against a case: on the timeline too; a case the rep is not on reads as not found.
    let case = rep_opens_case(&app).await;
    let on_case =
        api(Method::POST, &format!("/api/v1/cases/{case}/time"), Some(json!({"category": "duties", "minutes": 45})))
            .await;
    assert_eq!(on_case.status, StatusCode::CREATED, "{}", on_case.body);
    let file = api(Method::GET, &format!("/api/v1/cases/{case}"), None).await.json();
    let timeline = file["timeline"].as_array().unwrap();
    assert!(timeline.iter().any(|e| e["kind"] == "time_spent" && e["minutes"] == 45), "{file}");
    let fixture = format!("/api/v1/cases/{}/time", app.case_here);
    let hidden = api(Method::POST, &fixture, Some(json!({"category": "duties", "minutes": 45}))).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let no_meeting = api(
        Method::POST,
        &format!("/api/v1/cases/{case}/time"),
        Some(json!({"category": "duties", "minutes": 5, "meeting_id": 999999})),
    )
    .await;
    assert_eq!(no_meeting.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_meeting.json()["errors"].to_string().contains("meeting_id"), "{}", no_meeting.body);

    // The profile, kept by officers.
    let rep = user_id(&app, "rep@example.org").await;
    let path = format!("/api/v1/users/{rep}/profile");
    let empty = app.api(Some(Role::Officer), Method::GET, &path, None).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert_eq!(empty.json()["facility_minutes_per_week"], serde_json::Value::Null);
    let profile = json!({"employer_id": app.org.employer.0, "contracted_minutes_per_week": 1800,
                         "full_time_minutes_per_week": 2250, "facility_minutes_per_week": 450, "hourly_cost_pence": 1840});
    let saved = app.api(Some(Role::Officer), Method::PUT, &path, Some(profile.clone())).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let read = app.api(Some(Role::Officer), Method::GET, &path, None).await.json();
    for field in [
        "employer_id",
        "contracted_minutes_per_week",
        "full_time_minutes_per_week",
        "facility_minutes_per_week",
        "hourly_cost_pence",
    ] {
        assert_eq!(read[field], profile[field], "{field}");
    }
    assert_eq!(read["name"], "Test Workplace rep");
    let week = api(Method::GET, "/api/v1/time", None).await.json();
    assert_eq!(week["facility_minutes_per_week"], 450);
    let with = |field: &str, value: serde_json::Value| {
        let mut body = profile.clone();
        body[field] = value;
        body
    };
    for (bad, field) in [
        (with("employer_id", json!(999999)), "employer_id"),
        (with("contracted_minutes_per_week", json!(2400)), "contracted_minutes_per_week"),
        (with("facility_minutes_per_week", json!(10081)), "facility_minutes_per_week"),
        (with("hourly_cost_pence", json!(-1)), "hourly_cost_pence"),
    ] {
        let reply = app.api(Some(Role::Officer), Method::PUT, &path, Some(bad.clone())).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", reply.body);
        assert!(reply.json()["errors"].to_string().contains(field), "{bad}: {}", reply.body);
    }
    // Every field must be given (null clears it): an empty body changes nothing.
    let empty = app.api(Some(Role::Officer), Method::PUT, &path, Some(json!({}))).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.body);
    let cleared = with("hourly_cost_pence", serde_json::Value::Null);
    let saved = app.api(Some(Role::Officer), Method::PUT, &path, Some(cleared)).await.json();
    assert_eq!(saved["hourly_cost_pence"], serde_json::Value::Null);
    assert_eq!(saved["facility_minutes_per_week"], 450);
    assert_eq!(app.api(Some(Role::Rep), Method::GET, &path, None).await.status, StatusCode::FORBIDDEN);
    let missing = app.api(Some(Role::Officer), Method::GET, "/api/v1/users/999999/profile", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_time_api_refuses_bad_bodies_and_writes_nothing() {
    use axum::body::Body;
    use axum::http::Request;
    let app = spawn_app().await;
    let audit_before = app.api(Some(Role::Admin), Method::GET, "/api/v1/audit?limit=1", None).await.json();
    let case = format!("/api/v1/cases/{}/time", app.case_here);
    let profile = format!("/api/v1/users/{}/profile", user_id(&app, "rep@example.org").await);
    for (method, path) in
        [(Method::POST, "/api/v1/time"), (Method::POST, case.as_str()), (Method::PUT, profile.as_str())]
    {
        for (content_type, body, status) in [
            ("application/json", "{,", StatusCode::BAD_REQUEST),
            ("text/plain", "{}", StatusCode::UNSUPPORTED_MEDIA_TYPE),
            ("application/json", "{}", StatusCode::UNPROCESSABLE_ENTITY),
            ("application/json", "42", StatusCode::UNPROCESSABLE_ENTITY),
            (
                "application/json",
                "{\"category\": 5, \"minutes\": \"x\", \"employer_id\": \"one\"}",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ] {
            let request = Request::builder()
                .method(method.clone())
                .uri(path)
                .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Admin].token))
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))
                .unwrap();
            let reply = app.send(request).await;
            assert_eq!(reply.status, status, "{method} {path} {body}: {}", reply.body);
            assert_eq!(reply.headers[header::CONTENT_TYPE], "application/problem+json");
        }
    }
    let audit_after = app.api(Some(Role::Admin), Method::GET, "/api/v1/audit?limit=1", None).await.json();
    assert_eq!(audit_before["entries"][0]["id"], audit_after["entries"][0]["id"], "nothing was written");
}

#[tokio::test]
async fn an_officer_keeps_the_profiles_of_people_in_their_own_region_only() {
    let app = spawn_app().await;
    let draft = steward_app::users::UserDraft {
        email: "far.rep@example.org".into(),
        name: "Far Rep".into(),
        role: "rep".into(),
        scope: format!("workplace:{}", app.org.other_workplace),
        password: crate::helpers::PASSWORD.into(),
    };
    let far = steward_app::users::create_user_unchecked(app.db(), &draft, chrono::Utc::now()).await.unwrap();
    let path = format!("/admin/users/{far}/profile");
    assert_eq!(app.get_page(Some(Role::Officer), &path).await.status, StatusCode::NOT_FOUND, "another region");
    let refused = app.post_form(Role::Officer, &path, &[("contracted_hours_per_week", "30")]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "nothing saved for someone out of scope");
    assert_eq!(app.get_page(Some(Role::Admin), &path).await.status, StatusCode::OK, "the union-wide administrator");
}

/// A phone call logged by `role` for the member with `number`; the new enquiry's id.
async fn phone_enquiry(app: &TestApp, role: Role, number: &str) -> i64 {
    let fields = [("membership_number", number), ("subject", "Rota changes"), ("notes", "Asked about new shifts")];
    let reply = app.post_form(role, "/enquiries/phone", &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    location(&reply).trim_start_matches("/enquiries/").parse().unwrap()
}

#[tokio::test]
async fn staff_log_time_against_an_enquiry_from_its_page() {
    let app = spawn_app().await;
    let enquiry = phone_enquiry(&app, Role::Staff, "T000001").await;
    let path = format!("/enquiries/{enquiry}");
    let page = app.get_page(Some(Role::Staff), &path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("action=\"/enquiries/{enquiry}/time\"")), "{}", page.body);
    assert!(page.body.contains("id=\"time-duration\"") && page.body.contains(&format!("value=\"{}\"", today())));

    // Refused beside its own fields (the internal-note form's `note` is untouched), input kept.
    let long_note = "x".repeat(2_001);
    let bad = app
        .post_form(
            Role::Staff,
            &format!("{path}/time"),
            &[("category", "duties"), ("duration", "ten"), ("note", &long_note)],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("id=\"time-duration-error\"") && bad.body.contains("id=\"time-note-error\""));
    assert!(bad.body.contains("href=\"#time-duration\""), "the form's own summary links the field");
    assert!(!bad.body.contains("id=\"note-error\""), "the internal-note form shows no error");
    assert!(bad.body.contains("value=\"ten\""));
    let week = app.api(Some(Role::Staff), Method::GET, "/api/v1/time", None).await.json();
    assert!(week["entries"].as_array().unwrap().is_empty(), "nothing was written: {week}");

    let logged = app
        .post_form(
            Role::Staff,
            &format!("{path}/time"),
            &[("category", "duties"), ("duration", "45m"), ("worked_on", &today()), ("note", "Called her back")],
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    assert_eq!(location(&logged), format!("{path}?done=time#time"));
    let back = app.get_page(Some(Role::Staff), &location(&logged)).await;
    assert!(back.body.contains("Time logged against this enquiry."), "{}", back.body);
    let week = app.api(Some(Role::Staff), Method::GET, "/api/v1/time", None).await.json();
    let entries = week["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{week}");
    assert_eq!(entries[0]["enquiry_id"], enquiry);
    assert_eq!(entries[0]["minutes"], 45);
    assert_eq!(entries[0]["case_id"], serde_json::Value::Null);
    let mine = app.get_page(Some(Role::Staff), "/time").await;
    assert!(mine.body.contains("An enquiry") && mine.body.contains("Called her back"), "{}", mine.body);

    // No CSRF token: refused, nothing written.
    let forged = axum::http::Request::post(format!("{path}/time"))
        .header(header::COOKIE, &app.users[&Role::Staff].cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("category=duties&duration=1"))
        .unwrap();
    assert_eq!(app.send(forged).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn time_against_an_enquiry_needs_access_to_the_enquiry() {
    let app = spawn_app().await;
    // Reps do not work on enquiries; lawyers log no union time.
    let here = phone_enquiry(&app, Role::Staff, "T000001").await;
    let fields = [("category", "duties"), ("duration", "1")];
    for role in [Role::Rep, Role::Lawyer] {
        let reply = app.post_form(role, &format!("/enquiries/{here}/time"), &fields).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    // An enquiry from a member outside staff's branch reads as not found, and has no form.
    let elsewhere = phone_enquiry(&app, Role::Admin, "T000002").await;
    let reply = app.post_form(Role::Staff, &format!("/enquiries/{elsewhere}/time"), &fields).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let missing = app.post_form(Role::Staff, "/enquiries/999999/time", &fields).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let week = app.api(Some(Role::Staff), Method::GET, "/api/v1/time", None).await.json();
    assert!(week["entries"].as_array().unwrap().is_empty(), "{week}");
    let admin_page = app.get_page(Some(Role::Admin), &format!("/enquiries/{elsewhere}")).await;
    assert!(admin_page.body.contains(&format!("action=\"/enquiries/{elsewhere}/time\"")));
}

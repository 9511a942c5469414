//! Training records as officers keep them and people read their own, and the assignment
//! suggestions that prefer people trained for the work.

use axum::http::{Method, StatusCode};
use chrono::{Days, Utc};
use serde_json::json;
use steward_app::ports::{TrainingStore, UserStore};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::ids::UserId;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, TestApp};

async fn user_id(app: &TestApp, role: Role) -> UserId {
    let email = format!("{}@example.org", role.as_str());
    app.db().list_users().await.unwrap().into_iter().find(|user| user.email == email).unwrap().id
}

fn today() -> chrono::NaiveDate {
    to_uk_local(Utc::now()).date()
}

#[tokio::test]
async fn an_officer_records_training_through_the_page_and_the_person_sees_it() {
    let app = spawn_app().await;
    let caseworker = user_id(&app, Role::Caseworker).await;
    let path = format!("/admin/users/{caseworker}/training");
    let page = app.get_page(Some(Role::Officer), &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("No training is recorded yet"), "{}", page.body);

    let tomorrow = today().checked_add_days(Days::new(1)).unwrap().to_string();
    let bad = app
        .post_form(
            Role::Officer,
            &path,
            &[("course", " "), ("competence", "juggling"), ("completed_on", tomorrow.as_str()), ("expires_on", "soon")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["course", "competence", "completed_on", "expires_on"] {
        assert!(bad.body.contains(&format!("id=\"training-{field}-error\"")), "{field}: {}", bad.body);
    }
    let backwards = app
        .post_form(
            Role::Officer,
            &path,
            &[
                ("course", "Reps stage 1"),
                ("competence", "accompanying"),
                ("completed_on", "2025-03-01"),
                ("expires_on", "2025-02-01"),
            ],
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(backwards.body.contains("must be after the completion date"), "{}", backwards.body);

    let saved = app
        .post_form(
            Role::Officer,
            &path,
            &[("course", "Reps stage 1"), ("competence", "accompanying"), ("completed_on", "2025-03-01")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let lapsed = app
        .post_form(
            Role::Officer,
            &path,
            &[
                ("course", "IOSH Working Safely"),
                ("competence", "health_and_safety"),
                ("completed_on", "2020-01-10"),
                ("expires_on", "2023-01-10"),
            ],
        )
        .await;
    assert_eq!(lapsed.status, StatusCode::SEE_OTHER);

    let mine = app.get_page(Some(Role::Caseworker), "/training").await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains("Reps stage 1") && mine.body.contains("Accompanying at hearings"), "{}", mine.body);
    assert!(mine.body.contains("Lapsed") && mine.body.contains("Current"), "{}", mine.body);
    assert!(!mine.body.contains("Record the training"), "only officers keep the records");

    // A rep may not keep anyone's training; changes are audited.
    assert_eq!(app.get_page(Some(Role::Rep), &path).await.status, StatusCode::FORBIDDEN);
    let by_rep = app
        .post_form(Role::Rep, &path, &[("course", "X"), ("competence", "accompanying"), ("completed_on", "2025-03-01")])
        .await;
    assert_eq!(by_rep.status, StatusCode::FORBIDDEN);

    // Outside the officer's region (the union-wide administrator) reads as not found, and
    // nobody records their own training.
    let admin = user_id(&app, Role::Admin).await;
    let outside = format!("/admin/users/{admin}/training");
    assert_eq!(app.get_page(Some(Role::Officer), &outside).await.status, StatusCode::NOT_FOUND);
    let fields = [("course", "Reps stage 1"), ("competence", "accompanying"), ("completed_on", "2025-03-01")];
    assert_eq!(app.post_form(Role::Officer, &outside, &fields).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post_form(Role::Admin, &outside, &fields).await.status, StatusCode::CONFLICT);
    assert_eq!(app.get_page(Some(Role::Admin), &outside).await.status, StatusCode::OK, "they may read their own");

    let records = app.db().training_records(caseworker).await.unwrap();
    let record = records.iter().find(|record| record.course == "Reps stage 1").unwrap().id;
    let removed =
        app.post_form(Role::Officer, &format!("/admin/users/{caseworker}/training/{record}/remove"), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let again = app.post_form(Role::Officer, &format!("/admin/users/{caseworker}/training/{record}/remove"), &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let audit = app.get_page(Some(Role::Admin), "/admin/audit").await;
    assert!(audit.body.contains("training.record") && audit.body.contains("training.remove"), "{}", audit.body);
}

#[tokio::test]
async fn the_api_records_lists_and_removes_training_and_refuses_bad_bodies() {
    let app = spawn_app().await;
    let rep = user_id(&app, Role::Rep).await;
    let path = format!("/api/v1/users/{rep}/training");
    let in_three_years = today().checked_add_days(Days::new(3 * 365)).unwrap().to_string();
    let bad = app
        .api(
            Some(Role::Officer),
            Method::POST,
            &path,
            Some(json!({"competence": "juggling", "course": "", "completed_on": "yesterday"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let errors = bad.json()["errors"].clone();
    for field in ["competence", "course", "completed_on"] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }
    let created = app
        .api(
            Some(Role::Officer),
            Method::POST,
            &path,
            Some(json!({"competence": "health_and_safety", "course": "TUC Health and Safety stage 1",
                        "completed_on": "2026-01-15", "expires_on": in_three_years})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();

    let listed = app.api(Some(Role::Officer), Method::GET, &path, None).await.json();
    assert_eq!(listed["records"][0]["competence"], "health_and_safety");
    assert_eq!(listed["records"][0]["current"], true);
    assert_eq!(listed["records"][0]["recorded_by"], "Test Officer");
    let own = app.api(Some(Role::Rep), Method::GET, "/api/v1/me/training", None).await.json();
    assert_eq!(own["records"][0]["id"], id);
    assert_eq!(app.api(Some(Role::Rep), Method::GET, &path, None).await.status, StatusCode::FORBIDDEN);

    // Another person's address does not reach this record, and it stays.
    let caseworker = user_id(&app, Role::Caseworker).await;
    let elsewhere = format!("/api/v1/users/{caseworker}/training/{id}");
    assert_eq!(app.api(Some(Role::Officer), Method::DELETE, &elsewhere, None).await.status, StatusCode::NOT_FOUND);
    let still = app.api(Some(Role::Officer), Method::GET, &path, None).await.json();
    assert_eq!(still["records"].as_array().map(Vec::len), Some(1));

    let removal = format!("{path}/{id}");
    assert_eq!(app.api(Some(Role::Officer), Method::DELETE, &removal, None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api(Some(Role::Officer), Method::DELETE, &removal, None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn enquiries_about_a_hearing_are_suggested_first_to_people_trained_to_accompany() {
    let app = spawn_app().await;
    let logged = app
        .post_form(
            Role::Staff,
            "/enquiries/phone",
            &[
                ("membership_number", "T000001"),
                ("subject", "Invited to a disciplinary hearing"),
                ("notes", "Has a letter about a disciplinary hearing next week and may be dismissed."),
            ],
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let id = logged.headers["location"].to_str().unwrap().trim_start_matches("/enquiries/").to_owned();
    let path = format!("/api/v1/enquiries/{id}/suggested-assignees");
    let order = |json: serde_json::Value| -> Vec<(String, bool)> {
        json.as_array()
            .unwrap()
            .iter()
            .map(|s| (s["name"].as_str().unwrap().to_owned(), s["trained"].as_bool().unwrap()))
            .collect()
    };
    let before = order(app.api(Some(Role::Staff), Method::GET, &path, None).await.json());
    assert!(before.iter().all(|(_, trained)| !trained), "{before:?}");
    let last = before.last().unwrap().0.clone();

    // Whoever came last is trained to accompany: now they come first.
    let role = Role::ALL.into_iter().find(|role| format!("Test {}", role.label()) == last).unwrap();
    let person = user_id(&app, role).await;
    // Nobody records their own training.
    let recorder = if role == Role::Admin { Role::Officer } else { Role::Admin };
    let recorded = app
        .api(
            Some(recorder),
            Method::POST,
            &format!("/api/v1/users/{person}/training"),
            Some(json!({"competence": "accompanying", "course": "Reps stage 1", "completed_on": "2025-09-01"})),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.body);
    let after = order(app.api(Some(Role::Staff), Method::GET, &path, None).await.json());
    assert_eq!(after.first(), Some(&(last.clone(), true)), "{after:?}");

    let page = app.get_page(Some(Role::Staff), &format!("/enquiries/{id}")).await;
    assert!(page.body.contains("It seems to be about: Accompanying at hearings"), "{}", page.body);
    assert!(page.body.contains(&format!("{last} (trained, ")), "{}", page.body);
}

#[tokio::test]
async fn lapsed_training_does_not_count_and_a_case_offers_trained_people_first() {
    let app = spawn_app().await;
    let rep = user_id(&app, Role::Rep).await;
    let case_page = format!("/cases/{}", app.case_here);
    let lapsed = app
        .api(
            Some(Role::Admin),
            Method::POST,
            &format!("/api/v1/users/{rep}/training"),
            Some(json!({"competence": "accompanying", "course": "Old course", "completed_on": "2019-01-01",
                        "expires_on": "2022-01-01"})),
        )
        .await;
    assert_eq!(lapsed.status, StatusCode::CREATED);
    let page = app.get_page(Some(Role::Officer), &case_page).await;
    assert!(!page.body.contains("Test Workplace rep (Workplace rep, trained"), "lapsed training does not count");

    // The fixture case is a disciplinary: training to accompany puts the rep first.
    let current = app
        .api(
            Some(Role::Admin),
            Method::POST,
            &format!("/api/v1/users/{rep}/training"),
            Some(json!({"competence": "accompanying", "course": "Reps stage 1", "completed_on": "2025-01-01"})),
        )
        .await;
    assert_eq!(current.status, StatusCode::CREATED);
    let page = app.get_page(Some(Role::Officer), &case_page).await;
    let first_option = page
        .body
        .split("<select id=\"team-user\"")
        .nth(1)
        .and_then(|rest| rest.split("<option value=\"").nth(2))
        .unwrap();
    assert!(first_option.contains("Test Workplace rep (Workplace rep, trained"), "{first_option}");
}

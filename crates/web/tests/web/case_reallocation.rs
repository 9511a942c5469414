//! Handing on a rep's cases when they stand down, through the page officers use.

use axum::http::StatusCode;
use chrono::Utc;
use steward_app::ports::UserStore;
use steward_app::users::UserDraft;
use steward_domain::role::Role;

use crate::helpers::{scope_for, spawn_app, PASSWORD};

#[tokio::test]
async fn an_officer_hands_a_rep_s_cases_to_another_rep() {
    let app = spawn_app().await;
    let opened = app
        .post_form(
            Role::Rep,
            "/cases",
            &[
                ("title", "Grievance about the rota"),
                ("case_type", "grievance"),
                ("membership_number", "T000001"),
                ("problem_arose_on", "2025-01-10"),
                ("complexity", "2"),
                ("emotional_load", "3"),
            ],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let case_path = opened.headers["location"].to_str().unwrap().to_owned();
    let leaving = app.db().user_by_email("rep@example.org").await.unwrap().unwrap();
    let draft = UserDraft {
        email: "new.rep@example.org".into(),
        name: "Nia Newrep".into(),
        role: "rep".into(),
        scope: scope_for(Role::Rep, &app.org),
        password: PASSWORD.into(),
    };
    let new_rep = steward_app::users::create_user_unchecked(app.db(), &draft, Utc::now()).await.unwrap();

    let page_path = format!("/admin/users/{}/cases", leaving.id);
    let page = app.get_page(Some(Role::Officer), &page_path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Grievance about the rota") && page.body.contains("Nia Newrep"), "{}", page.body);
    assert!(!page.body.contains(">Test Officer<"), "an officer account cannot take a rep's part");

    let missing = app.post_form(Role::Officer, &page_path, &[("to", ""), ("reason", "")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("id=\"to-error\""), "{}", missing.body);

    let new_rep_id = new_rep.to_string();
    let done = app.post_form(Role::Officer, &page_path, &[("to", new_rep_id.as_str()), ("reason", "Stood down")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(app.get_page(Some(Role::Rep), &case_path).await.status, StatusCode::NOT_FOUND, "access ends");
    let after = app.get_page(Some(Role::Officer), &page_path).await;
    assert!(after.body.contains("holds no open cases"), "{}", after.body);
    assert_eq!(app.get_page(Some(Role::Rep), &page_path).await.status, StatusCode::FORBIDDEN);
}

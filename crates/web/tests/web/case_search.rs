//! Finding a case by reference or by member, seeing only what one may open.

use axum::http::StatusCode;
use steward_domain::role::Role;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_reference_goes_to_the_case_and_words_find_the_member_s_cases() {
    let app = spawn_app().await;
    let page = app.get_page(Some(Role::Caseworker), &format!("/cases/{}", app.case_here)).await;
    let reference =
        page.body.split("<dt>Reference</dt><dd>").nth(1).and_then(|r| r.split('<').next()).unwrap().to_owned();

    let found = app.get_page(Some(Role::Caseworker), &format!("/cases/search?q={}", reference.to_lowercase())).await;
    assert_eq!(found.status, StatusCode::SEE_OTHER, "{}", found.body);
    assert_eq!(found.headers["location"], format!("/cases/{}", app.case_here).as_str());

    // The fixture case is for Hana Nearby (T000001).
    let by_name = app.get_page(Some(Role::Caseworker), "/cases/search?q=Nearby").await;
    assert_eq!(by_name.status, StatusCode::OK);
    assert!(
        by_name.body.contains("Fixture: lateness warning") && by_name.body.contains(&reference),
        "{}",
        by_name.body
    );
    let by_number = app.get_page(Some(Role::Caseworker), "/cases/search?q=T000001").await;
    assert!(by_number.body.contains("Fixture: lateness warning"), "{}", by_number.body);

    // A rep not on the case finds nothing, by reference or by name: the same answer as for a
    // reference that names no case.
    let rep = app.get_page(Some(Role::Rep), &format!("/cases/search?q={reference}")).await;
    assert_eq!(rep.status, StatusCode::OK);
    assert!(rep.body.contains("No cases found"), "{}", rep.body);
    let nowhere = app.get_page(Some(Role::Rep), "/cases/search?q=CASE-2099-999999").await;
    assert!(nowhere.body.contains("No cases found"));
    assert!(app.get_page(Some(Role::Rep), "/cases/search?q=Nearby").await.body.contains("No cases found"));

    let short = app.get_page(Some(Role::Caseworker), "/cases/search?q=x").await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("id=\"q-error\""), "{}", short.body);
    let empty = app.get_page(Some(Role::Caseworker), "/cases/search").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(!empty.body.contains("No cases found"));
}

//! Sign-in, sessions, CSRF, forms with errors beside fields, headers and the OpenAPI document.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use steward_domain::role::Role;
use steward_web::route_table;

use crate::helpers::{session_cookie, spawn_app, PASSWORD};

#[tokio::test]
async fn signing_in_issues_a_new_session_each_time_and_signing_out_ends_it() {
    let app = spawn_app().await;
    let first = app.login_through_form("officer@example.org", PASSWORD).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(first.headers[header::LOCATION], "/members");
    let first_cookie = session_cookie(&first).expect("a session cookie");
    let set_cookie =
        first.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert!(set_cookie
        .iter()
        .any(|c| c.starts_with("steward_session=") && c.contains("HttpOnly") && c.contains("SameSite=Lax")));
    let second = app.login_through_form("officer@example.org", PASSWORD).await;
    let second_cookie = session_cookie(&second).unwrap();
    assert_ne!(first_cookie, second_cookie, "each sign-in rotates the session token");

    let request = Request::get("/members").header(header::COOKIE, &second_cookie).body(Body::empty()).unwrap();
    let page = app.send(request).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.body.split("name=\"csrf_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let request = Request::post("/logout")
        .header(header::COOKIE, &second_cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf_token={csrf}")))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::SEE_OTHER);
    let request = Request::get("/members").header(header::COOKIE, &second_cookie).body(Body::empty()).unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::SEE_OTHER, "the ended session no longer works");
}

#[tokio::test]
async fn wrong_passwords_are_refused_and_then_throttled() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let reply = app.login_through_form("rep@example.org", "not the password").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(reply.body.contains("email address or password is not right"));
    }
    let reply = app.login_through_form("rep@example.org", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "locked even with the right password");
    assert!(session_cookie(&reply).is_none());
}

#[tokio::test]
async fn forms_without_the_csrf_token_or_from_another_site_are_refused() {
    let app = spawn_app().await;
    let creds = &app.users[&Role::Admin];
    let form = "membership_number=CS-1&first_name=A&last_name=B&workplace_id=1&joined_on=2020-01-01";
    let request = Request::post("/members")
        .header(header::COOKIE, &creds.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);
    let request = Request::post("/members")
        .header(header::COOKIE, &creds.cookie)
        .header(header::HOST, "steward.example")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("{form}&csrf_token={}", creds.csrf)))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("email=admin@example.org&password={PASSWORD}&csrf_token=guess")))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "login needs the double-submit cookie");
    assert!(session_cookie(&reply).is_none());
}

#[tokio::test]
async fn a_member_form_with_a_bad_email_shows_the_error_beside_the_field_and_keeps_the_input() {
    let app = spawn_app().await;
    let workplace = app.org.workplace.to_string();
    let mut fields = vec![
        ("membership_number", "FORM-1"),
        ("first_name", "Priya"),
        ("last_name", "Formfield"),
        ("email", "priya-at-example"),
        ("workplace_id", workplace.as_str()),
        ("joined_on", "2021-05-04"),
        ("status", "active"),
    ];
    let reply = app.post_form(Role::Caseworker, "/members", &fields).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("id=\"email-error\""), "error beside the email field");
    assert!(reply.body.contains("aria-invalid=\"true\""));
    assert!(reply.body.contains("value=\"Formfield\""), "typed values are kept");
    assert!(reply.body.contains("<title>Error: Add a member"));

    fields[3] = ("email", "priya@example.org");
    let reply = app.post_form(Role::Caseworker, "/members", &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.headers[header::LOCATION].to_str().unwrap().to_owned();
    let page = app.get_page(Some(Role::Caseworker), &location).await;
    assert!(page.body.contains("Priya Formfield") && page.body.contains("Saved."));
    let found = app.get_page(Some(Role::Caseworker), "/members?q=formf").await;
    assert!(found.body.contains("Formfield, Priya"));
    let audit = app.api(Some(Role::Admin), Method::GET, "/api/v1/audit?entity=member", None).await.json();
    let actions: Vec<&str> =
        audit["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.starts_with(&["member.view", "member.create"]), "{actions:?}");
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let app = spawn_app().await;
    let page = app.get_page(Some(Role::Admin), "/members").await;
    let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline")
    );
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(page.headers[header::REFERRER_POLICY], "same-origin");
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    assert!(!page.body.contains("<script>"), "no inline script");
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_lists_every_api_route() {
    let app = spawn_app().await;
    let reply = app.api(None, Method::GET, "/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let document = reply.json();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    for route in
        route_table().into_iter().filter(|r| r.path.starts_with("/api/v1/") && r.path != "/api/v1/openapi.json")
    {
        let method = route.method.as_str().to_lowercase();
        assert!(
            document["paths"][route.path][&method].is_object(),
            "{} {} missing from the OpenAPI document",
            route.method,
            route.path
        );
    }
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn the_api_creates_reads_and_replaces_a_member() {
    let app = spawn_app().await;
    let body = serde_json::json!({
        "membership_number": "API-7", "first_name": "Ife", "last_name": "Apiwright",
        "workplace_id": app.org.workplace.0, "joined_on": "2019-09-01", "phone": "+44 7700 900456"
    });
    let created = app.api(Some(Role::Officer), Method::POST, "/api/v1/members", Some(body.clone())).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    let again = app.api(Some(Role::Officer), Method::POST, "/api/v1/members", Some(body.clone())).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.json()["errors"]["membership_number"].as_str().map(|s| !s.is_empty()), Some(true));

    let mut changed = body;
    changed["status"] = "arrears".into();
    let replaced = app.api(Some(Role::Officer), Method::PUT, &format!("/api/v1/members/{id}"), Some(changed)).await;
    assert_eq!(replaced.status, StatusCode::NO_CONTENT, "{}", replaced.body);
    let member = app.api(Some(Role::Rep), Method::GET, &format!("/api/v1/members/{id}"), None).await.json();
    assert_eq!(member["status"], "arrears");
    let list = app.api(Some(Role::Rep), Method::GET, "/api/v1/members?q=apiw&status=arrears", None).await.json();
    assert_eq!(list["total"], 1);
    let elsewhere = serde_json::json!({
        "membership_number": "API-8", "first_name": "Out", "last_name": "Ofscope",
        "workplace_id": app.org.other_workplace.0, "joined_on": "2019-09-01"
    });
    let refused = app.api(Some(Role::Caseworker), Method::POST, "/api/v1/members", Some(elsewhere)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "a workplace outside the scope reads as unknown");
}

#[tokio::test]
async fn an_administrator_renames_organisation_records_and_moves_a_workplace_to_another_nation() {
    let app = spawn_app().await;
    let workplace = app.org.workplace.0;
    let form = app.get_page(Some(Role::Admin), &format!("/organisation/workplaces/{workplace}/edit")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"North School\""), "{}", form.body);
    let saved = app
        .post_form(
            Role::Admin,
            &format!("/organisation/workplaces/{workplace}"),
            &[("name", "North Academy"), ("nation", "scotland")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let organisation = app.api(Some(Role::Admin), Method::GET, "/api/v1/organisation", None).await.json();
    let renamed = organisation["workplaces"].as_array().unwrap().iter().find(|w| w["id"] == workplace).unwrap().clone();
    assert_eq!((renamed["name"].as_str(), renamed["nation"].as_str()), (Some("North Academy"), Some("scotland")));

    let region = app.org.region.0;
    let reply = app
        .api(
            Some(Role::Admin),
            Method::PUT,
            &format!("/api/v1/regions/{region}"),
            Some(serde_json::json!({"name": "South Test Region"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "names stay unique");
    let reply = app
        .api(
            Some(Role::Admin),
            Method::PUT,
            &format!("/api/v1/regions/{region}"),
            Some(serde_json::json!({"name": "Far North", "nation": "scotland"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "regions have no nation");
    let reply = app
        .api(
            Some(Role::Admin),
            Method::PUT,
            &format!("/api/v1/regions/{region}"),
            Some(serde_json::json!({"name": "Far North"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = app
        .api(Some(Role::Admin), Method::PUT, "/api/v1/branches/999999", Some(serde_json::json!({"name": "Ghost"})))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let missing = app.get_page(Some(Role::Admin), "/organisation/planets/1/edit").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let bad = app
        .post_form(Role::Admin, &format!("/organisation/workplaces/{workplace}"), &[("name", "x"), ("nation", "mars")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"name-error\"") && bad.body.contains("id=\"nation-error\""));
}

#[tokio::test]
async fn a_turned_off_account_loses_its_sessions_and_tokens_at_once() {
    let app = spawn_app().await;
    let users = app.api(Some(Role::Admin), Method::GET, "/api/v1/users", None).await.json();
    let id_of =
        |email: &str| users.as_array().unwrap().iter().find(|u| u["email"] == email).unwrap()["id"].as_i64().unwrap();
    let (rep, admin) = (id_of("rep@example.org"), id_of("admin@example.org"));
    assert_eq!(app.get_page(Some(Role::Rep), "/members").await.status, StatusCode::OK);

    let off = app.post_form(Role::Admin, &format!("/admin/users/{rep}/active"), &[("active", "false")]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get_page(Some(Role::Rep), "/members").await.status, StatusCode::SEE_OTHER, "session ended");
    let api = app.api(Some(Role::Rep), Method::GET, "/api/v1/members", None).await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED, "token refused");
    assert_eq!(
        app.login_through_form("rep@example.org", crate::helpers::PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );

    let on = app
        .api(
            Some(Role::Admin),
            Method::PUT,
            &format!("/api/v1/users/{rep}/active"),
            Some(serde_json::json!({"active": true})),
        )
        .await;
    assert_eq!(on.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api(Some(Role::Rep), Method::GET, "/api/v1/members", None).await.status, StatusCode::OK);
    let own = app
        .api(
            Some(Role::Admin),
            Method::PUT,
            &format!("/api/v1/users/{admin}/active"),
            Some(serde_json::json!({"active": false})),
        )
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY, "nobody turns off their own account");
    let ghost = app
        .api(Some(Role::Admin), Method::PUT, "/api/v1/users/999999/active", Some(serde_json::json!({"active": false})))
        .await;
    assert_eq!(ghost.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sign_in_only_ever_returns_to_a_page_on_this_site() {
    let app = spawn_app().await;
    for next in ["//evil.example", "/\tevil.example", "/\\evil.example", "https://evil.example", "/\r\nSet-Cookie:x=y"]
    {
        let (csrf_cookie, csrf) = app.login_form_csrf().await;
        let body = serde_urlencoded::to_string([
            ("email", "admin@example.org"),
            ("password", PASSWORD),
            ("csrf_token", &csrf),
            ("next", next),
        ])
        .unwrap();
        let request = Request::post("/login")
            .header(header::COOKIE, csrf_cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(reply.headers[header::LOCATION], "/", "{next:?} must not be followed");
    }
}

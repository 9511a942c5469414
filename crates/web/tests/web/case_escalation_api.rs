//! The escalation JSON API: the stakes and the guidance prompt they raise, legal referrals
//! (asked for with the full checklist, decided by a regional officer), the external lawyer's
//! time-bound place on the file, and the union's guidance rules.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{Days, Utc};
use serde_json::{json, Value};
use steward_domain::case::escalation::TribunalRisk;
use steward_domain::case::kind::EscalationLevel;
use steward_domain::case::referral::ChecklistItem;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, Reply, TestApp};

fn assert_problem(reply: &Reply, status: StatusCode, code: &str, what: &str) -> Value {
    assert_eq!(reply.status, status, "{what}: {}", reply.body);
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/problem+json", "{what}");
    let problem = reply.json();
    assert_eq!(problem["code"], code, "{what}: {problem}");
    problem
}

/// A disciplinary case for `member_here`, opened by a caseworker (who joins its team).
async fn open_case(app: &TestApp) -> i64 {
    let body = json!({
        "title": "Dismissal for gross misconduct", "case_type": "disciplinary", "membership_number": "T000001",
        "problem_arose_on": "2025-06-01", "complexity": 3, "emotional_load": 3
    });
    let reply = app.api(Some(Role::Caseworker), Method::POST, "/api/v1/cases", Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()["case"]["id"].as_i64().unwrap()
}

async fn user_id(app: &TestApp, role: Role) -> i64 {
    let users = app.api(Some(Role::Admin), Method::GET, "/api/v1/users", None).await.json();
    let email = format!("{}@example.org", role.as_str());
    users.as_array().unwrap().iter().find(|u| u["email"] == email.as_str()).unwrap()["id"].as_i64().unwrap()
}

async fn escalation(app: &TestApp, role: Role, id: i64) -> Reply {
    app.api(Some(role), Method::GET, &format!("/api/v1/cases/{id}/escalation"), None).await
}

fn full_checklist() -> Vec<&'static str> {
    ChecklistItem::ALL.iter().map(|item| item.as_str()).collect()
}

async fn request_referral(app: &TestApp, role: Role, id: i64, checklist: &[&str]) -> Reply {
    let body = json!({"summary": "Dismissal likely unfair; tribunal claim within time", "checklist": checklist});
    app.api(Some(role), Method::POST, &format!("/api/v1/cases/{id}/referrals"), Some(body)).await
}

async fn decide(app: &TestApp, role: Role, id: i64, referral: i64, body: Value) -> Reply {
    app.api(Some(role), Method::POST, &format!("/api/v1/cases/{id}/referrals/{referral}/decision"), Some(body)).await
}

/// A case at legal level through an approved referral.
async fn legal_case(app: &TestApp) -> i64 {
    let id = open_case(app).await;
    let requested = request_referral(app, Role::Caseworker, id, &full_checklist()).await;
    assert_eq!(requested.status, StatusCode::CREATED, "{}", requested.body);
    let referral = requested.json()["id"].as_i64().unwrap();
    let approved = decide(app, Role::Officer, id, referral, json!({"decision": "approve"})).await;
    assert_eq!(approved.status, StatusCode::NO_CONTENT, "{}", approved.body);
    id
}

async fn raw(app: &TestApp, role: Role, method: Method, path: &str, body: &'static [u8]) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&role].token))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn the_stakes_round_trip_and_raise_the_guidance_prompt() {
    let app = spawn_app().await;
    let id = open_case(&app).await;
    let before = escalation(&app, Role::Caseworker, id).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    let before = before.json();
    assert!(before["risk"].is_null() && before["prompt"].is_null(), "{before}");
    assert_eq!(before["referrals"], json!([]));

    let path = format!("/api/v1/cases/{id}/risk");
    let assessed = json!({"tribunal_risk": "likely", "value_pounds": 2500});
    let saved = app.api(Some(Role::Caseworker), Method::PUT, &path, Some(assessed)).await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT, "{}", saved.body);
    let after = escalation(&app, Role::Caseworker, id).await.json();
    assert_eq!(after["risk"]["tribunal_risk"], "likely", "{after}");
    assert_eq!(after["risk"]["value_pounds"], 2500);
    assert_eq!(after["risk"]["assessed_by"], "caseworker@example.org");
    assert!(after["risk"]["assessed_at"].as_str().is_some_and(|at| at.contains('T')));
    // The migration's rule: a likely tribunal claim goes to a regional officer.
    assert_eq!(after["prompt"]["level"], "officer", "{after}");
    let reasons = after["prompt"]["reasons"].as_array().unwrap();
    assert!(reasons.iter().any(|r| r.as_str().unwrap().contains("likely tribunal claim")), "{after}");
    let timeline = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases/{id}"), None).await.json();
    assert!(timeline["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["body"].as_str().unwrap().contains("Stakes assessed")));

    // No value, and a lower risk: the prompt goes.
    let lower = app.api(Some(Role::Caseworker), Method::PUT, &path, Some(json!({"tribunal_risk": "possible"}))).await;
    assert_eq!(lower.status, StatusCode::NO_CONTENT, "{}", lower.body);
    let after = escalation(&app, Role::Caseworker, id).await.json();
    assert!(after["risk"]["value_pounds"].is_null() && after["prompt"].is_null(), "{after}");

    // Once the case is at the level guidance asks for, the prompt goes too.
    let likely = app.api(Some(Role::Caseworker), Method::PUT, &path, Some(json!({"tribunal_risk": "likely"}))).await;
    assert_eq!(likely.status, StatusCode::NO_CONTENT);
    let up = json!({"level": "officer"});
    let up = app.api(Some(Role::Caseworker), Method::PUT, &format!("/api/v1/cases/{id}/escalation"), Some(up)).await;
    assert_eq!(up.status, StatusCode::NO_CONTENT, "{}", up.body);
    assert!(escalation(&app, Role::Caseworker, id).await.json()["prompt"].is_null());

    for (bad, field) in [
        (json!({"tribunal_risk": "Likely"}), "tribunal_risk"),
        (json!({"tribunal_risk": " likely"}), "tribunal_risk"),
        (json!({"tribunal_risk": "certain"}), "tribunal_risk"),
        (json!({"tribunal_risk": "likely", "value_pounds": -1}), "value_pounds"),
        (json!({"tribunal_risk": "likely", "value_pounds": 100_000_001}), "value_pounds"),
    ] {
        let reply = app.api(Some(Role::Caseworker), Method::PUT, &path, Some(bad.clone())).await;
        let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", &bad.to_string());
        assert!(problem["errors"][field].is_string(), "{problem}");
    }
    for bad in [
        json!({"tribunal_risk": "likely", "value_pounds": 12.5}),
        json!({"tribunal_risk": "likely", "value_pounds": "2500"}),
        json!({"tribunal_risk": "likely", "colour": "red"}),
        json!({}),
    ] {
        let reply = app.api(Some(Role::Caseworker), Method::PUT, &path, Some(bad.clone())).await;
        assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", &bad.to_string());
    }
    let malformed = raw(&app, Role::Caseworker, Method::PUT, &path, b"{\"tribunal_risk\": ").await;
    assert_problem(&malformed, StatusCode::BAD_REQUEST, "malformed_json", "malformed");
    let still = escalation(&app, Role::Caseworker, id).await.json();
    assert_eq!(still["risk"]["tribunal_risk"], "likely", "nothing refused was saved");
}

#[tokio::test]
async fn a_referral_needs_the_full_checklist_and_an_officers_approval() {
    let app = spawn_app().await;
    let id = open_case(&app).await;
    let partial = request_referral(&app, Role::Caseworker, id, &["chronology", "member_consent"]).await;
    let problem = assert_problem(&partial, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "partial checklist");
    assert!(problem["errors"]["checklist"].as_str().unwrap().contains("Still to do"), "{problem}");
    let mut odd = full_checklist();
    odd.push("vibes");
    let unknown = request_referral(&app, Role::Caseworker, id, &odd).await;
    let problem = assert_problem(&unknown, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "unknown item");
    assert!(problem["errors"]["checklist"].is_string(), "{problem}");
    let empty_summary = json!({"summary": "", "checklist": full_checklist()});
    let reply = app
        .api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{id}/referrals"), Some(empty_summary))
        .await;
    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "empty summary");
    let by_rep = request_referral(&app, Role::Rep, id, &full_checklist()).await;
    assert_problem(&by_rep, StatusCode::FORBIDDEN, "forbidden", "reps do not refer");

    let requested = request_referral(&app, Role::Caseworker, id, &full_checklist()).await;
    assert_eq!(requested.status, StatusCode::CREATED, "{}", requested.body);
    let referral = requested.json()["id"].as_i64().unwrap();
    let view = escalation(&app, Role::Caseworker, id).await.json();
    let listed = &view["referrals"][0];
    assert_eq!((listed["id"].as_i64(), listed["status"].as_str()), (Some(referral), Some("requested")), "{view}");
    assert_eq!(listed["checklist"].as_array().unwrap().len(), ChecklistItem::ALL.len());
    assert_eq!(listed["requested_by"], "caseworker@example.org");
    assert!(listed["decided_by"].is_null() && listed["decided_at"].is_null() && listed["decision_note"].is_null());

    let second = request_referral(&app, Role::Caseworker, id, &full_checklist()).await;
    assert!(
        matches!(second.status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT),
        "one referral waits at a time: {} {}",
        second.status,
        second.body
    );

    let by_caseworker = decide(&app, Role::Caseworker, id, referral, json!({"decision": "approve"})).await;
    assert_problem(&by_caseworker, StatusCode::FORBIDDEN, "forbidden", "caseworkers do not decide");
    let by_admin = decide(&app, Role::Admin, id, referral, json!({"decision": "approve"})).await;
    assert_problem(&by_admin, StatusCode::FORBIDDEN, "forbidden", "nor do administrators");
    let bare_decline = decide(&app, Role::Officer, id, referral, json!({"decision": "decline"})).await;
    let problem = assert_problem(&bare_decline, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "no reason");
    assert!(problem["errors"]["note"].is_string(), "{problem}");
    for bad in [json!({"decision": "Approve"}), json!({"decision": "maybe"})] {
        let reply = decide(&app, Role::Officer, id, referral, bad.clone()).await;
        assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", &bad.to_string());
    }
    let unknown_field = decide(&app, Role::Officer, id, referral, json!({"decision": "approve", "why": "x"})).await;
    assert_problem(&unknown_field, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "unknown field");
    let elsewhere = decide(&app, Role::Officer, id, referral + 1000, json!({"decision": "approve"})).await;
    assert_problem(&elsewhere, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "no such referral");
    for bad in ["abc", "0", "-1"] {
        let path = format!("/api/v1/cases/{id}/referrals/{bad}/decision");
        let reply = app.api(Some(Role::Officer), Method::POST, &path, Some(json!({"decision": "approve"}))).await;
        assert_problem(&reply, StatusCode::NOT_FOUND, "not_found", bad);
    }

    let approved =
        decide(&app, Role::Officer, id, referral, json!({"decision": "approve", "note": "Merits good"})).await;
    assert_eq!(approved.status, StatusCode::NO_CONTENT, "{}", approved.body);
    let file = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases/{id}"), None).await.json();
    assert_eq!(file["case"]["escalation_level"], "legal", "approval takes the case to legal level");
    let view = escalation(&app, Role::Caseworker, id).await.json();
    let decided = &view["referrals"][0];
    assert_eq!(decided["status"], "approved", "{view}");
    assert_eq!(decided["decided_by"], "officer@example.org");
    assert!(decided["decided_at"].is_string());
    let again = decide(&app, Role::Officer, id, referral, json!({"decision": "approve"})).await;
    assert_problem(&again, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "decided already");
    let more = request_referral(&app, Role::Caseworker, id, &full_checklist()).await;
    assert_problem(&more, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "with the lawyers already");
}

#[tokio::test]
async fn a_declined_referral_keeps_its_reason_and_a_new_one_may_follow() {
    let app = spawn_app().await;
    let id = open_case(&app).await;
    let referral = request_referral(&app, Role::Caseworker, id, &full_checklist()).await.json()["id"].as_i64().unwrap();
    let declined =
        decide(&app, Role::Officer, id, referral, json!({"decision": "decline", "note": "Get the payslips first"}))
            .await;
    assert_eq!(declined.status, StatusCode::NO_CONTENT, "{}", declined.body);
    let view = escalation(&app, Role::Caseworker, id).await.json();
    assert_eq!(view["referrals"][0]["status"], "declined");
    assert_eq!(view["referrals"][0]["decision_note"], "Get the payslips first");
    let file = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases/{id}"), None).await.json();
    assert_eq!(file["case"]["escalation_level"], "caseworker", "the level the opener gave it");
    let next = request_referral(&app, Role::Caseworker, id, &full_checklist()).await;
    assert_eq!(next.status, StatusCode::CREATED, "{}", next.body);
}

#[tokio::test]
async fn legal_level_is_reached_only_through_an_approved_referral() {
    let app = spawn_app().await;
    let id = open_case(&app).await;
    let path = format!("/api/v1/cases/{id}/escalation");
    let direct = app.api(Some(Role::Officer), Method::PUT, &path, Some(json!({"level": "legal"}))).await;
    let problem = assert_problem(&direct, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "straight to legal");
    assert!(problem["errors"]["level"].as_str().unwrap().contains("referral"), "{problem}");
    let file = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases/{id}"), None).await.json();
    assert_eq!(file["case"]["escalation_level"], "caseworker", "the level the opener gave it");
}

#[tokio::test]
async fn an_external_lawyer_joins_a_legal_case_until_a_date() {
    let app = spawn_app().await;
    let lawyer = user_id(&app, Role::Lawyer).await;
    let until = (Utc::now().date_naive() + Days::new(30)).to_string();
    let not_legal = open_case(&app).await;
    let early = json!({"user_id": lawyer, "access_until": until});
    let path = format!("/api/v1/cases/{not_legal}/lawyers");
    let reply = app.api(Some(Role::Caseworker), Method::POST, &path, Some(early)).await;
    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "before the referral is approved");

    let id = legal_case(&app).await;
    let path = format!("/api/v1/cases/{id}/lawyers");
    assert_problem(
        &app.api(Some(Role::Lawyer), Method::GET, &format!("/api/v1/cases/{id}"), None).await,
        StatusCode::NOT_FOUND,
        "not_found",
        "not on the team yet",
    );
    let yesterday = (Utc::now().date_naive() - Days::new(1)).to_string();
    let too_far = (Utc::now().date_naive() + Days::new(400)).to_string();
    let rep = user_id(&app, Role::Rep).await;
    for (bad, field) in [
        (json!({"user_id": lawyer, "access_until": "31/03/2027"}), "access_until"),
        (json!({"user_id": lawyer, "access_until": "2027-02-30"}), "access_until"),
        (json!({"user_id": lawyer, "access_until": yesterday}), "access_until"),
        (json!({"user_id": lawyer, "access_until": too_far}), "access_until"),
        (json!({"user_id": 0, "access_until": until}), "user_id"),
        (json!({"user_id": rep, "access_until": until}), "user"),
        (json!({"user_id": 999_999, "access_until": until}), "user"),
    ] {
        let reply = app.api(Some(Role::Caseworker), Method::POST, &path, Some(bad.clone())).await;
        let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", &bad.to_string());
        assert!(problem["errors"][field].is_string(), "{bad}: {problem}");
    }
    let unknown = json!({"user_id": lawyer, "access_until": until, "role": "lawyer"});
    let reply = app.api(Some(Role::Caseworker), Method::POST, &path, Some(unknown)).await;
    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "unknown field");
    let by_rep =
        app.api(Some(Role::Rep), Method::POST, &path, Some(json!({"user_id": lawyer, "access_until": until}))).await;
    assert_problem(&by_rep, StatusCode::FORBIDDEN, "forbidden", "reps do not add lawyers");

    let added = app
        .api(Some(Role::Caseworker), Method::POST, &path, Some(json!({"user_id": lawyer, "access_until": until})))
        .await;
    assert_eq!(added.status, StatusCode::NO_CONTENT, "{}", added.body);
    let file = app.api(Some(Role::Lawyer), Method::GET, &format!("/api/v1/cases/{id}"), None).await;
    assert_eq!(file.status, StatusCode::OK, "the lawyer sees the file: {}", file.body);
    let file = file.json();
    assert!(file["team"].as_array().unwrap().iter().any(|t| t["user_id"] == lawyer && t["role"] == "lawyer"), "{file}");
    assert_eq!(escalation(&app, Role::Lawyer, id).await.status, StatusCode::OK);
    let twice = app
        .api(Some(Role::Caseworker), Method::POST, &path, Some(json!({"user_id": lawyer, "access_until": until})))
        .await;
    assert!(twice.status.is_client_error() && twice.status != StatusCode::NOT_FOUND, "{}", twice.body);
}

#[tokio::test]
async fn a_case_the_caller_cannot_see_reads_as_not_found() {
    let app = spawn_app().await;
    let fixture = app.case_here.0;
    for role in [Role::Rep, Role::Lawyer] {
        assert_problem(&escalation(&app, role, fixture).await, StatusCode::NOT_FOUND, "not_found", role.as_str());
        let path = format!("/api/v1/cases/{fixture}/risk");
        let reply = app.api(Some(role), Method::PUT, &path, Some(json!({"tribunal_risk": "likely"}))).await;
        assert_problem(&reply, StatusCode::NOT_FOUND, "not_found", role.as_str());
    }
    assert_eq!(escalation(&app, Role::Admin, fixture).await.status, StatusCode::OK);
    for path in ["/api/v1/cases/abc/escalation", "/api/v1/cases/0/escalation", "/api/v1/cases/999999/escalation"] {
        assert_problem(
            &app.api(Some(Role::Admin), Method::GET, path, None).await,
            StatusCode::NOT_FOUND,
            "not_found",
            path,
        );
    }
    let anonymous = app.api(None, Method::GET, &format!("/api/v1/cases/{fixture}/escalation"), None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn guidance_rules_are_listed_added_and_deleted() {
    let app = spawn_app().await;
    let path = "/api/v1/case-settings/guidance";
    let seeded = app.api(Some(Role::Admin), Method::GET, path, None).await;
    assert_eq!(seeded.status, StatusCode::OK, "{}", seeded.body);
    let seeded = seeded.json();
    let rules = seeded.as_array().unwrap();
    assert!(
        rules.iter().any(|r| r["min_tribunal_risk"] == "likely" && r["level"] == "officer" && r["case_type"].is_null()),
        "{seeded}"
    );
    let officer = app.api(Some(Role::Officer), Method::GET, path, None).await;
    assert_problem(&officer, StatusCode::FORBIDDEN, "forbidden", "only administrators keep the rules");

    let rule = json!({
        "case_type": "grievance", "min_complexity": 3, "min_value_pounds": 5000,
        "level": "legal", "reason": "Big grievances go to the lawyers"
    });
    let created = app.api(Some(Role::Admin), Method::POST, path, Some(rule)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let rule_id = created.json()["id"].as_i64().unwrap();
    let listed = app.api(Some(Role::Admin), Method::GET, path, None).await.json();
    let ours = listed.as_array().unwrap().iter().find(|r| r["id"] == rule_id).unwrap().clone();
    assert_eq!(
        ours,
        json!({
            "id": rule_id, "case_type": "grievance", "min_complexity": 3, "min_tribunal_risk": null,
            "min_value_pounds": 5000, "level": "legal", "reason": "Big grievances go to the lawyers",
            "conditions": "type is grievance and complexity 3 or more and value £5000 or more"
        })
    );

    let reason = "x".repeat(501);
    for (bad, field) in [
        (json!({"level": "officer", "reason": "No condition"}), "case_type"),
        (json!({"min_complexity": 4, "level": "rep", "reason": "Down"}), "level"),
        (json!({"min_complexity": 4, "level": "Officer", "reason": "Why"}), "level"),
        (json!({"min_complexity": 6, "level": "officer", "reason": "Why"}), "min_complexity"),
        (json!({"min_complexity": 0, "level": "officer", "reason": "Why"}), "min_complexity"),
        (json!({"case_type": "divorce", "level": "officer", "reason": "Why"}), "case_type"),
        (json!({"min_tribunal_risk": "certain", "level": "officer", "reason": "Why"}), "min_tribunal_risk"),
        (json!({"min_value_pounds": -5, "level": "officer", "reason": "Why"}), "min_value_pounds"),
        (json!({"min_complexity": 4, "level": "officer", "reason": ""}), "reason"),
        (json!({"min_complexity": 4, "level": "officer", "reason": "   "}), "reason"),
        (json!({"min_complexity": 4, "level": "officer", "reason": reason}), "reason"),
        (json!({"min_complexity": 4, "level": "officer", "reason": "a\u{0}b"}), "reason"),
    ] {
        let reply = app.api(Some(Role::Admin), Method::POST, path, Some(bad.clone())).await;
        let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", &bad.to_string());
        assert!(problem["errors"][field].is_string(), "{bad}: {problem}");
    }
    for bad in [
        json!({"min_complexity": 4, "level": "officer", "reason": "Why", "extra": true}),
        json!({"min_complexity": "4", "level": "officer", "reason": "Why"}),
        json!({"min_complexity": 4, "level": "officer"}),
    ] {
        let reply = app.api(Some(Role::Admin), Method::POST, path, Some(bad.clone())).await;
        assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", &bad.to_string());
    }
    let malformed = raw(&app, Role::Admin, Method::POST, path, b"{\"level\": officer}").await;
    assert_problem(&malformed, StatusCode::BAD_REQUEST, "malformed_json", "malformed");
    let count = app.api(Some(Role::Admin), Method::GET, path, None).await.json().as_array().unwrap().len();
    assert_eq!(count, rules.len() + 1, "nothing refused was added");

    let rule_path = format!("{path}/{rule_id}");
    let by_officer = app.api(Some(Role::Officer), Method::DELETE, &rule_path, None).await;
    assert_problem(&by_officer, StatusCode::FORBIDDEN, "forbidden", "officers do not delete rules");
    let deleted = app.api(Some(Role::Admin), Method::DELETE, &rule_path, None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.body);
    assert_problem(
        &app.api(Some(Role::Admin), Method::DELETE, &rule_path, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
        "deleted already",
    );
    for bad in ["abc", "0", "-2", "99999999999999999999"] {
        let reply = app.api(Some(Role::Admin), Method::DELETE, &format!("{path}/{bad}"), None).await;
        assert_problem(&reply, StatusCode::NOT_FOUND, "not_found", bad);
    }
    let listed = app.api(Some(Role::Admin), Method::GET, path, None).await.json();
    assert!(!listed.as_array().unwrap().iter().any(|r| r["id"] == rule_id));
}

#[tokio::test]
async fn the_documented_words_are_the_domain_words() {
    let app = spawn_app().await;
    let document = app.api(None, Method::GET, "/api/v1/openapi.json", None).await.json();
    let listed = |schema: &str| -> Vec<String> {
        let values = document["components"]["schemas"][schema]["enum"].as_array();
        values
            .unwrap_or_else(|| panic!("{schema} has no enum"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let words = |all: Vec<&str>| -> Vec<String> { all.into_iter().map(str::to_owned).collect() };
    assert_eq!(listed("TribunalRiskName"), words(TribunalRisk::ALL.iter().map(|r| r.as_str()).collect()));
    assert_eq!(listed("ChecklistItemName"), words(full_checklist()));
    assert_eq!(listed("ReferralStatusName"), words(vec!["requested", "approved", "declined"]));
    assert_eq!(listed("ReferralDecisionName"), words(vec!["approve", "decline"]));
    let above_rep = EscalationLevel::ALL.iter().filter(|l| **l != EscalationLevel::Rep).map(|l| l.as_str()).collect();
    assert_eq!(listed("GuidanceLevelName"), words(above_rep));
    for path in [
        "/api/v1/cases/{id}/escalation",
        "/api/v1/cases/{id}/risk",
        "/api/v1/cases/{id}/referrals",
        "/api/v1/cases/{id}/referrals/{referral_id}/decision",
        "/api/v1/cases/{id}/lawyers",
        "/api/v1/case-settings/guidance",
        "/api/v1/case-settings/guidance/{rule_id}",
    ] {
        assert!(document["paths"][path].is_object(), "{path} is documented");
    }
}

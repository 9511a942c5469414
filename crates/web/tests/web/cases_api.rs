//! The cases JSON API: opening, reading, the timeline, the procedure's stages, closing and
//! reopening, promotion from an enquiry, the team, and who may reach which case file.

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use steward_domain::case::kind::{CaseRole, CaseType, EscalationLevel};
use steward_domain::case::timeline::EntryKind;
use steward_domain::case::OUTCOMES;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, Reply, TestApp};

fn assert_problem(reply: &Reply, status: StatusCode, code: &str, what: &str) -> Value {
    assert_eq!(reply.status, status, "{what}: {}", reply.body);
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/problem+json", "{what}");
    let problem = reply.json();
    assert_eq!(problem["code"], code, "{what}: {problem}");
    problem
}

/// A disciplinary case for `member_here` (T000001, joined 2020), opened by `role`.
fn new_case(title: &str) -> Value {
    json!({
        "title": title, "case_type": "disciplinary", "membership_number": "T000001",
        "problem_arose_on": "2025-06-01", "complexity": 3, "emotional_load": 4
    })
}

async fn open_case(app: &TestApp, role: Role, title: &str) -> Value {
    let reply = app.api(Some(role), Method::POST, "/api/v1/cases", Some(new_case(title))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()
}

async fn get_case(app: &TestApp, role: Role, id: i64) -> Reply {
    app.api(Some(role), Method::GET, &format!("/api/v1/cases/{id}"), None).await
}

async fn user_id(app: &TestApp, role: Role) -> i64 {
    let users = app.api(Some(Role::Admin), Method::GET, "/api/v1/users", None).await.json();
    let email = format!("{}@example.org", role.as_str());
    users.as_array().unwrap().iter().find(|u| u["email"] == email.as_str()).unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_case_is_opened_read_written_on_closed_and_reopened() {
    let app = spawn_app().await;
    let opened = open_case(&app, Role::Caseworker, "Gross misconduct allegation").await;
    let case = &opened["case"];
    let id = case["id"].as_i64().unwrap();
    assert!(case["reference"].as_str().unwrap().starts_with("CASE-"), "{opened}");
    assert_eq!(
        (case["status"].as_str(), case["stage"].as_str(), case["case_type"].as_str()),
        (Some("open"), Some("intake"), Some("disciplinary"))
    );
    assert_eq!((case["complexity"].as_i64(), case["emotional_load"].as_i64()), (Some(3), Some(4)));
    assert_eq!(case["eligibility"], "full");
    assert_eq!(case["lead_member_id"], app.member_here.0);
    assert_eq!(opened["members"][0]["membership_number"], "T000001");
    assert_eq!(opened["team"][0]["role"], "caseworker", "the opener joins the team");
    assert_eq!(opened["timeline"][0]["kind"], "opened");
    assert!(opened["stages"].as_array().unwrap().iter().any(|s| s["code"] == "hearing"));
    assert_eq!(opened["problem_arose_on"], "2025-06-01");

    let read = get_case(&app, Role::Caseworker, id).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["case"], opened["case"]);

    let entry = json!({"kind": "call", "body": "Rang the member about the letter", "minutes": 15});
    let added =
        app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{id}/entries"), Some(entry)).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let entry_id = added.json()["id"].as_i64().unwrap();
    let calls = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases/{id}?kind=call"), None).await;
    let calls = calls.json();
    let timeline = calls["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 1, "{calls}");
    assert_eq!((timeline[0]["id"].as_i64(), timeline[0]["minutes"].as_i64()), (Some(entry_id), Some(15)));
    let correction = json!({"body": "It was 20 minutes", "corrects": entry_id});
    let corrected =
        app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{id}/entries"), Some(correction)).await;
    assert_eq!(corrected.status, StatusCode::CREATED, "{}", corrected.body);
    let bad_kind = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases/{id}?kind=gossip"), None).await;
    assert_problem(&bad_kind, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "unknown kind filter");
    let no_minutes = json!({"kind": "time_spent", "body": "Prepared the hearing bundle"});
    let refused =
        app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{id}/entries"), Some(no_minutes)).await;
    let problem =
        assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "time without minutes");
    assert!(problem["errors"]["minutes"].is_string(), "{problem}");

    let list = app.api(Some(Role::Caseworker), Method::GET, "/api/v1/cases", None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let list = list.json();
    assert!(list["cases"].as_array().unwrap().iter().any(|c| c["id"] == id), "{list}");
    assert_eq!((list["page"].as_i64(), list["has_more"].as_bool()), (Some(1), Some(false)));
    let closed_list = app.api(Some(Role::Caseworker), Method::GET, "/api/v1/cases?status=closed", None).await.json();
    assert!(closed_list["cases"].as_array().unwrap().is_empty());

    let close = json!({"outcome": "settled", "note": "COT3 signed"});
    let closed =
        app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{id}/close"), Some(close.clone())).await;
    assert_eq!(closed.status, StatusCode::NO_CONTENT, "{}", closed.body);
    let file = get_case(&app, Role::Caseworker, id).await.json();
    assert_eq!((file["case"]["status"].as_str(), file["case"]["outcome"].as_str()), (Some("closed"), Some("settled")));
    assert!(file["closed_at"].is_string(), "{file}");
    let again = app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{id}/close"), Some(close)).await;
    assert_problem(&again, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "closing a closed case");
    let closed_list = app.api(Some(Role::Caseworker), Method::GET, "/api/v1/cases?status=closed", None).await.json();
    assert_eq!(closed_list["cases"][0]["id"], id);

    let reopen = json!({"reason": "The employer broke the agreement"});
    let reopened =
        app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{id}/reopen"), Some(reopen)).await;
    assert_eq!(reopened.status, StatusCode::NO_CONTENT, "{}", reopened.body);
    let file = get_case(&app, Role::Caseworker, id).await.json();
    assert_eq!(file["case"]["status"], "open");
    let kinds: Vec<&str> = file["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["opened", "call", "correction", "closed", "reopened"]);
    let blank = json!({"reason": ""});
    let refused =
        app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{id}/reopen"), Some(blank)).await;
    assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "reopen without a reason");
}

#[tokio::test]
async fn a_blocked_stage_move_is_refused_with_the_reason_and_nothing_moves() {
    let app = spawn_app().await;
    let id = open_case(&app, Role::Officer, "Lateness hearing").await["case"]["id"].as_i64().unwrap();
    let stage = |to: &str| json!({"to": to});
    let moved = app
        .api(Some(Role::Officer), Method::PUT, &format!("/api/v1/cases/{id}/stage"), Some(stage("investigation")))
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.json()["allowed"], true);

    let check = app
        .api(Some(Role::Officer), Method::POST, &format!("/api/v1/cases/{id}/stage-check"), Some(stage("hearing")))
        .await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    let check = check.json();
    assert_eq!(check["allowed"], false, "a hearing without written notice breaches the ACAS Code");
    assert_eq!(check["possible_uplift"], true);
    let finding = check["findings"].as_array().unwrap().iter().find(|f| f["blocking"] == true).cloned().unwrap();
    assert_eq!(finding["code"], "ACAS_MISSING_WRITTEN_NOTICE", "{check}");

    let blocked =
        app.api(Some(Role::Officer), Method::PUT, &format!("/api/v1/cases/{id}/stage"), Some(stage("hearing"))).await;
    let problem = assert_problem(&blocked, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "blocked move");
    assert!(problem["errors"]["to"].as_str().is_some_and(|m| !m.is_empty()), "{problem}");
    let file = get_case(&app, Role::Officer, id).await.json();
    assert_eq!(file["case"]["stage"], "investigation", "a refused move changes nothing");

    for to in ["nowhere", "intake", " hearing"] {
        let reply =
            app.api(Some(Role::Officer), Method::PUT, &format!("/api/v1/cases/{id}/stage"), Some(stage(to))).await;
        let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", to);
        assert!(problem["errors"]["to"].is_string(), "{to}: {problem}");
    }
    let with_notice = json!({"to": "hearing", "notice_recorded": true, "notice_states_accompaniment_right": true, "note": "Letter of 3 March"});
    let moved =
        app.api(Some(Role::Officer), Method::PUT, &format!("/api/v1/cases/{id}/stage"), Some(with_notice)).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let file = get_case(&app, Role::Officer, id).await.json();
    assert_eq!(file["case"]["stage"], "hearing");
    let bad_decision = json!({"to": "decided", "decision": "sacked"});
    let reply = app
        .api(Some(Role::Officer), Method::POST, &format!("/api/v1/cases/{id}/stage-check"), Some(bad_decision))
        .await;
    let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "unknown decision");
    assert!(problem["errors"]["decision"].is_string(), "{problem}");
}

#[tokio::test]
async fn promoting_an_enquiry_opens_a_case_with_its_thread_and_closes_the_enquiry() {
    let app = spawn_app().await;
    let call = json!({"membership_number": "T000001", "subject": "Bullied by a manager", "notes": "Hana says her manager shouts at her daily"});
    let logged = app.api(Some(Role::Caseworker), Method::POST, "/api/v1/enquiries/phone", Some(call)).await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.body);
    let enquiry = logged.json()["id"].as_i64().unwrap();
    let form =
        json!({"case_type": "grievance", "problem_arose_on": "2025-09-01", "complexity": 2, "emotional_load": 5});
    let path = format!("/api/v1/enquiries/{enquiry}/promote");

    let rep = app.api(Some(Role::Rep), Method::POST, &path, Some(form.clone())).await;
    assert_problem(&rep, StatusCode::FORBIDDEN, "forbidden", "reps do not work on enquiries");
    let promoted = app.api(Some(Role::Caseworker), Method::POST, &path, Some(form.clone())).await;
    assert_eq!(promoted.status, StatusCode::CREATED, "{}", promoted.body);
    let file = promoted.json();
    assert_eq!(file["case"]["title"], "Bullied by a manager", "a blank title takes the enquiry's subject");
    assert_eq!(file["case"]["case_type"], "grievance");
    assert_eq!(file["enquiry"]["id"], enquiry);
    assert!(file["enquiry"]["reference"].as_str().unwrap().starts_with("ENQ-"));
    assert!(
        file["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["body"].as_str().unwrap().contains("shouts at her daily")),
        "the thread is copied onto the timeline: {file}"
    );
    let thread =
        app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/enquiries/{enquiry}"), None).await.json();
    assert_eq!(thread["enquiry"]["status"], "closed");

    let twice = app.api(Some(Role::Caseworker), Method::POST, &path, Some(form.clone())).await;
    let problem = assert_problem(&twice, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "promoting twice");
    assert!(problem["errors"]["enquiry"].is_string(), "{problem}");
    let missing = app.api(Some(Role::Caseworker), Method::POST, "/api/v1/enquiries/999999/promote", Some(form)).await;
    assert_problem(&missing, StatusCode::NOT_FOUND, "not_found", "no such enquiry");
}

#[tokio::test]
async fn a_rep_or_lawyer_reaches_only_the_cases_they_are_on() {
    let app = spawn_app().await;
    // member_here is in the rep's workplace, but the officer opens the case: the rep is not on it.
    let id = open_case(&app, Role::Officer, "Redeployment dispute").await["case"]["id"].as_i64().unwrap();
    let mine = open_case(&app, Role::Rep, "Rep's own case").await["case"]["id"].as_i64().unwrap();
    for role in [Role::Rep, Role::Lawyer] {
        // Guessing ids: every case they are not on reads as not found, whatever its number.
        for guess in (1..=mine + 3).filter(|guess| *guess != mine || role == Role::Lawyer) {
            let reply = get_case(&app, role, guess).await;
            let what = format!("{role:?} GET case {guess}");
            assert_problem(&reply, StatusCode::NOT_FOUND, "not_found", &what);
            assert!(!reply.body.contains("Redeployment") && !reply.body.contains("Nearby"), "{what} leaked the case");
        }
        let entry = json!({"kind": "note", "body": "Sneaky note"});
        let reply = app.api(Some(role), Method::POST, &format!("/api/v1/cases/{id}/entries"), Some(entry)).await;
        assert_problem(&reply, StatusCode::NOT_FOUND, "not_found", "writing on a case one is not on");
        let reply = app
            .api(Some(role), Method::POST, &format!("/api/v1/cases/{id}/stage-check"), Some(json!({"to": "informal"})))
            .await;
        assert_problem(&reply, StatusCode::NOT_FOUND, "not_found", "checking a move on a case one is not on");
        let list = app.api(Some(role), Method::GET, "/api/v1/cases?status=all", None).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(!list.body.contains("Redeployment"), "{role:?} list leaked the case");
        assert_eq!(list.json()["only_mine"], true);
    }
    assert_eq!(get_case(&app, Role::Rep, mine).await.status, StatusCode::OK, "the rep opened this one");

    let rep = user_id(&app, Role::Rep).await;
    let team = |user: i64, role: &str| json!({"user_id": user, "role": role});
    let wrong_part = app
        .api(Some(Role::Officer), Method::POST, &format!("/api/v1/cases/{id}/team"), Some(team(rep, "lawyer")))
        .await;
    let problem = assert_problem(&wrong_part, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "a rep as lawyer");
    assert!(problem["errors"]["role"].is_string(), "{problem}");
    let added =
        app.api(Some(Role::Officer), Method::POST, &format!("/api/v1/cases/{id}/team"), Some(team(rep, "rep"))).await;
    assert_eq!(added.status, StatusCode::NO_CONTENT, "{}", added.body);
    let file = get_case(&app, Role::Rep, id).await;
    assert_eq!(file.status, StatusCode::OK, "on the team, the rep sees the file: {}", file.body);
    assert!(file.json()["team"].as_array().unwrap().iter().any(|t| t["user_id"] == rep && t["role"] == "rep"));
    let reps_team_change =
        app.api(Some(Role::Rep), Method::POST, &format!("/api/v1/cases/{id}/team"), Some(team(rep, "rep"))).await;
    assert_problem(&reps_team_change, StatusCode::FORBIDDEN, "forbidden", "reps do not manage teams");

    // Legal level comes only through an approved referral.
    let escalate = json!({"level": "legal", "note": "Tribunal likely"});
    let refused = app
        .api(Some(Role::Officer), Method::PUT, &format!("/api/v1/cases/{id}/escalation"), Some(escalate.clone()))
        .await;
    assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "legal without a referral");
    let checklist: Vec<&str> =
        steward_domain::case::referral::ChecklistItem::ALL.iter().map(|item| item.as_str()).collect();
    let referral = json!({"summary": "Tribunal likely", "checklist": checklist});
    let asked =
        app.api(Some(Role::Officer), Method::POST, &format!("/api/v1/cases/{id}/referrals"), Some(referral)).await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    let referral_id = asked.json()["id"].as_i64().unwrap();
    let approved = app
        .api(
            Some(Role::Officer),
            Method::POST,
            &format!("/api/v1/cases/{id}/referrals/{referral_id}/decision"),
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(approved.status, StatusCode::NO_CONTENT, "{}", approved.body);
    assert_eq!(get_case(&app, Role::Rep, id).await.json()["case"]["escalation_level"], "legal");
    let same =
        app.api(Some(Role::Officer), Method::PUT, &format!("/api/v1/cases/{id}/escalation"), Some(escalate)).await;
    assert_problem(&same, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "the same level again");

    let removed = app.api(Some(Role::Officer), Method::DELETE, &format!("/api/v1/cases/{id}/team/{rep}"), None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.body);
    assert_problem(&get_case(&app, Role::Rep, id).await, StatusCode::NOT_FOUND, "not_found", "off the team again");
    let again = app.api(Some(Role::Officer), Method::DELETE, &format!("/api/v1/cases/{id}/team/{rep}"), None).await;
    assert_problem(&again, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "removing someone not on the team");
    for bad in ["abc", "0", "-3"] {
        let reply = app.api(Some(Role::Officer), Method::DELETE, &format!("/api/v1/cases/{id}/team/{bad}"), None).await;
        assert_problem(&reply, StatusCode::NOT_FOUND, "not_found", bad);
    }

    // The branch caseworker cannot reach a case for a member in another region.
    let elsewhere = json!({
        "title": "Far away", "case_type": "pay", "membership_number": "T000002",
        "problem_arose_on": "2025-06-01", "complexity": 1, "emotional_load": 1
    });
    let far = app.api(Some(Role::Admin), Method::POST, "/api/v1/cases", Some(elsewhere.clone())).await;
    assert_eq!(far.status, StatusCode::CREATED, "{}", far.body);
    let far = far.json()["case"]["id"].as_i64().unwrap();
    assert_problem(&get_case(&app, Role::Caseworker, far).await, StatusCode::NOT_FOUND, "not_found", "out of scope");
    let refused = app.api(Some(Role::Caseworker), Method::POST, "/api/v1/cases", Some(elsewhere)).await;
    let problem =
        assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "a member out of scope");
    assert!(problem["errors"]["membership_number"].is_string());
    assert!(!refused.body.contains("Faraway"));
}

#[tokio::test]
async fn unknown_fields_wrong_types_and_undocumented_words_are_refused() {
    let app = spawn_app().await;
    let id = open_case(&app, Role::Admin, "Input checks").await["case"]["id"].as_i64().unwrap();
    let routes: Vec<(Method, String, Value)> = vec![
        (Method::POST, "/api/v1/cases".into(), new_case("x")),
        (Method::POST, format!("/api/v1/cases/{id}/entries"), json!({"kind": "note", "body": "x"})),
        (Method::POST, format!("/api/v1/cases/{id}/stage-check"), json!({"to": "informal"})),
        (Method::PUT, format!("/api/v1/cases/{id}/stage"), json!({"to": "informal"})),
        (Method::POST, format!("/api/v1/cases/{id}/close"), json!({"outcome": "settled"})),
        (Method::POST, format!("/api/v1/cases/{id}/reopen"), json!({"reason": "x"})),
        (Method::POST, format!("/api/v1/cases/{id}/team"), json!({"user_id": 1, "role": "caseworker"})),
        (Method::PUT, format!("/api/v1/cases/{id}/escalation"), json!({"level": "officer"})),
        (
            Method::POST,
            "/api/v1/enquiries/1/promote".into(),
            json!({"case_type": "pay", "problem_arose_on": "2025-01-01", "complexity": 1, "emotional_load": 1}),
        ),
        (Method::PUT, "/api/v1/case-settings".into(), json!({"qualifying_weeks": 4, "represent_in_arrears": false})),
    ];
    for (method, path, valid) in &routes {
        let mut body = valid.clone();
        body["colour"] = "blue".into();
        let reply = app.api(Some(Role::Admin), method.clone(), path, Some(body)).await;
        let problem =
            assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", &format!("{method} {path}"));
        assert!(problem["detail"].as_str().unwrap().contains("colour"), "{method} {path}: {problem}");
    }
    let file = get_case(&app, Role::Admin, id).await.json();
    assert_eq!(file["timeline"].as_array().unwrap().len(), 1, "nothing was written: {file}");
    assert_eq!(file["case"]["stage"], "intake");

    let mut wrong = new_case("Wrong types");
    wrong["complexity"] = "3".into();
    let reply = app.api(Some(Role::Admin), Method::POST, "/api/v1/cases", Some(wrong)).await;
    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "a rating as a string");
    for (field, value) in [
        ("complexity", json!(6)),
        ("emotional_load", json!(0)),
        ("case_type", json!(" disciplinary")),
        ("case_type", json!("divorce")),
        ("problem_arose_on", json!("1 June 2025")),
        ("problem_arose_on", json!("2999-01-01")),
        ("title", json!("")),
        ("title", json!(format!(" {}", "t".repeat(200)))),
        ("membership_number", json!("NOBODY")),
        ("other_members", json!(["T000001 T000002"])),
        ("other_members", json!(vec![""; 200])),
        ("parent_case", json!(0)),
    ] {
        let mut body = new_case("Bad values");
        body[field] = value.clone();
        let reply = app.api(Some(Role::Admin), Method::POST, "/api/v1/cases", Some(body)).await;
        let what = format!("{field} = {value}");
        let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", &what);
        assert!(problem["errors"][field].is_string(), "{what}: {problem}");
    }
    let collective = {
        let mut body = new_case("Collective grievance");
        body["other_members"] = json!(["T000001"]);
        body
    };
    let reply = app.api(Some(Role::Admin), Method::POST, "/api/v1/cases", Some(collective)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "the lead named again is not a second member: {}", reply.body);
    assert_eq!(reply.json()["members"].as_array().unwrap().len(), 1);

    for query in ["status=", "status=asleep", "case_type=", "case_type=divorce", "page=0", "page=10001"] {
        let reply = app.api(Some(Role::Admin), Method::GET, &format!("/api/v1/cases?{query}"), None).await;
        assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", query);
    }
    for query in ["surprise=1", "page=abc", "mine=perhaps", "page=99999999999"] {
        let reply = app.api(Some(Role::Admin), Method::GET, &format!("/api/v1/cases?{query}"), None).await;
        assert_problem(&reply, StatusCode::BAD_REQUEST, "invalid_query", query);
    }
    let reply = app.api(Some(Role::Admin), Method::GET, &format!("/api/v1/cases/{id}?surprise=1"), None).await;
    assert_problem(&reply, StatusCode::BAD_REQUEST, "invalid_query", "unknown view parameter");
    for path in ["/api/v1/cases/abc", "/api/v1/cases/0", "/api/v1/cases/-1", "/api/v1/cases/99999999999999999999"] {
        assert_problem(
            &app.api(Some(Role::Admin), Method::GET, path, None).await,
            StatusCode::NOT_FOUND,
            "not_found",
            path,
        );
    }
    let words = [
        (format!("/api/v1/cases/{id}/close"), json!({"outcome": "won"}), "outcome"),
        (format!("/api/v1/cases/{id}/team"), json!({"user_id": 1, "role": "boss"}), "role"),
        (format!("/api/v1/cases/{id}/entries"), json!({"kind": "opened", "body": "x"}), "kind"),
        (format!("/api/v1/cases/{id}/entries"), json!({"kind": "note", "body": "x", "minutes": 0}), "minutes"),
        (format!("/api/v1/cases/{id}/entries"), json!({"kind": "note", "body": "x", "occurred_on": ""}), "occurred_on"),
        (format!("/api/v1/cases/{id}/entries"), json!({"kind": "note", "body": "x", "corrects": 999999}), "corrects"),
    ];
    for (path, body, field) in words {
        let reply = app.api(Some(Role::Admin), Method::POST, &path, Some(body)).await;
        let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", field);
        assert!(problem["errors"][field].is_string(), "{field}: {problem}");
    }
    let escalation = json!({"level": "Legal"});
    let reply =
        app.api(Some(Role::Admin), Method::PUT, &format!("/api/v1/cases/{id}/escalation"), Some(escalation)).await;
    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "level in capitals");
}

#[tokio::test]
async fn the_union_sets_its_eligibility_rule_and_everyone_may_read_it() {
    let app = spawn_app().await;
    let read = app.api(Some(Role::Lawyer), Method::GET, "/api/v1/case-settings", None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert!(read.json()["qualifying_weeks"].is_u64());
    let rule = json!({"qualifying_weeks": 8, "represent_in_arrears": true});
    let officer = app.api(Some(Role::Officer), Method::PUT, "/api/v1/case-settings", Some(rule.clone())).await;
    assert_problem(&officer, StatusCode::FORBIDDEN, "forbidden", "officers do not set the rule");
    let saved = app.api(Some(Role::Admin), Method::PUT, "/api/v1/case-settings", Some(rule.clone())).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.json(), rule);
    assert_eq!(app.api(Some(Role::Rep), Method::GET, "/api/v1/case-settings", None).await.json(), rule);
    for weeks in [-1, 105] {
        let body = json!({"qualifying_weeks": weeks, "represent_in_arrears": false});
        let reply = app.api(Some(Role::Admin), Method::PUT, "/api/v1/case-settings", Some(body)).await;
        let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", &weeks.to_string());
        assert!(problem["errors"]["qualifying_weeks"].is_string());
    }

    // A member who joined in 2020 with a problem from 2019 gets advice only, unless an officer
    // gives full representation with a reason; a rep cannot.
    let mut early = new_case("Pre-existing");
    early["problem_arose_on"] = "2019-06-01".into();
    let advice = app.api(Some(Role::Rep), Method::POST, "/api/v1/cases", Some(early.clone())).await;
    assert_eq!(advice.status, StatusCode::CREATED, "{}", advice.body);
    let advice = advice.json();
    assert_eq!(advice["case"]["eligibility"], "advice_only");
    assert!(!advice["eligibility_reasons"].as_array().unwrap().is_empty());
    early["override_reason"] = "Branch committee agreed".into();
    let rep = app.api(Some(Role::Rep), Method::POST, "/api/v1/cases", Some(early.clone())).await;
    let problem = assert_problem(&rep, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "a rep overriding");
    assert!(problem["errors"]["override_reason"].is_string());
    let officer = app.api(Some(Role::Officer), Method::POST, "/api/v1/cases", Some(early)).await;
    assert_eq!(officer.status, StatusCode::CREATED, "{}", officer.body);
    let officer = officer.json();
    assert_eq!(officer["case"]["eligibility"], "full");
    assert_eq!(officer["eligibility_override"], "Branch committee agreed");
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
    assert_eq!(listed("CaseTypeName"), words(CaseType::ALL.iter().map(|k| k.as_str()).collect()));
    assert_eq!(listed("EscalationLevelName"), words(EscalationLevel::ALL.iter().map(|l| l.as_str()).collect()));
    assert_eq!(listed("CaseRoleName"), words(CaseRole::ALL.iter().map(|r| r.as_str()).collect()));
    assert_eq!(listed("EntryKindName"), words(EntryKind::ALL.iter().map(|k| k.as_str()).collect()));
    assert_eq!(listed("WrittenEntryKindName"), words(EntryKind::WRITTEN.iter().map(|k| k.as_str()).collect()));
    assert_eq!(listed("CaseOutcomeName"), words(OUTCOMES.iter().map(|(code, _)| *code).collect()));
}

#[tokio::test]
async fn every_reference_in_the_openapi_document_resolves() {
    fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    found.push(target);
                }
                map.values().for_each(|v| refs(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let app = spawn_app().await;
    let document = app.api(None, Method::GET, "/api/v1/openapi.json", None).await.json();
    let mut found = Vec::new();
    refs(&document, &mut found);
    assert!(found.contains(&"#/components/schemas/CaseStatusFilterName"), "the case list's status filter is named");
    for target in found {
        let name = target.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("odd reference {target}"));
        assert!(document["components"]["schemas"][name].is_object(), "{target} does not resolve");
    }
}

//! The workload and wellbeing API: the dashboard's scores, capacity and counts, branch
//! thresholds (officers only, exact bodies), and wellbeing records that reach only their
//! author and the colleague they are shared with.

use axum::http::{Method, StatusCode};
use chrono::Utc;
use serde_json::{json, Value};
use steward_app::ports::{UserStore, WorkloadStore};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::ids::UserId;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, TestApp};

async fn user_id(app: &TestApp, role: Role) -> UserId {
    app.db().user_by_email(&format!("{}@example.org", role.as_str())).await.unwrap().unwrap().id
}

/// Opens a case over the API for member T000001 with these ratings; returns its id.
async fn open_case(app: &TestApp, role: Role, complexity: u8, emotional_load: u8) -> i64 {
    let body = json!({
        "title": "A heavy one", "case_type": "grievance", "membership_number": "T000001",
        "problem_arose_on": "2024-06-03", "complexity": complexity, "emotional_load": emotional_load
    });
    let reply = app.api(Some(role), Method::POST, "/api/v1/cases", Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()["case"]["id"].as_i64().unwrap()
}

async fn workload(app: &TestApp, role: Role) -> Value {
    let reply = app.api(Some(role), Method::GET, "/api/v1/workload", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

fn row(dashboard: &Value, user: UserId) -> &Value {
    dashboard["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|person| person["user_id"] == user.0)
        .unwrap_or_else(|| panic!("user {user} is not on the dashboard: {dashboard}"))
}

fn counts(dashboard: &Value) -> (i64, i64, i64) {
    let n = |field: &str| dashboard[field].as_i64().unwrap();
    (n("over"), n("near"), n("under"))
}

fn put_thresholds(branch: impl std::fmt::Display) -> String {
    format!("/api/v1/workload/thresholds/{branch}")
}

#[tokio::test]
async fn the_dashboard_gives_each_score_its_parts_capacity_and_branch() {
    let app = spawn_app().await;
    let caseworker = user_id(&app, Role::Caseworker).await;
    let rep = user_id(&app, Role::Rep).await;
    let officer = user_id(&app, Role::Officer).await;
    // The caseworker: cases of 5+5 and 4+2 (8 points), a deadline today (1), and ten hours
    // logged against a facility time of seven and a half (2.5 points over): 11.5.
    let heavy = open_case(&app, Role::Caseworker, 5, 5).await;
    open_case(&app, Role::Caseworker, 4, 2).await;
    let today = to_uk_local(Utc::now()).date().to_string();
    let due = json!({"kind": "deadline", "title": "Reply to the letter", "due_on": today});
    let reply =
        app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{heavy}/deadlines"), Some(due)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let time = json!({"category": "duties", "minutes": 600});
    let reply = app.api(Some(Role::Caseworker), Method::POST, "/api/v1/time", Some(time)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let profile = json!({
        "employer_id": null, "contracted_minutes_per_week": null, "full_time_minutes_per_week": null,
        "facility_minutes_per_week": 450, "hourly_cost_pence": null
    });
    let reply =
        app.api(Some(Role::Admin), Method::PUT, &format!("/api/v1/users/{caseworker}/profile"), Some(profile)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // The rep: one case of 3+3.
    open_case(&app, Role::Rep, 3, 3).await;

    let before = workload(&app, Role::Officer).await;
    assert!(before["people"].as_array().unwrap().iter().all(|p| p["computed_at"].is_null()), "no refresh yet");
    assert_eq!(steward_app::workload::refresh_workload(app.db(), Utc::now()).await.unwrap(), 3);

    let dashboard = workload(&app, Role::Officer).await;
    let people = dashboard["people"].as_array().unwrap();
    let listed: Vec<i64> = people.iter().map(|p| p["user_id"].as_i64().unwrap()).collect();
    assert_eq!(listed, [caseworker.0, rep.0, officer.0], "heaviest first, carrying roles only: {dashboard}");
    let cw = row(&dashboard, caseworker);
    assert_eq!(cw["name"], "Test Caseworker");
    assert_eq!(cw["role"], "caseworker");
    assert_eq!(cw["branch_id"], app.org.branch.0);
    assert_eq!(cw["branch_name"], "North Branch");
    assert_eq!(
        (&cw["open_cases"], &cw["deadlines_this_week"], &cw["minutes_this_week"]),
        (&json!(2), &json!(1), &json!(600))
    );
    assert_eq!(cw["facility_minutes_per_week"], 450);
    assert_eq!(
        cw["score"],
        json!({"case_points": 8.0, "deadline_points": 1.0, "overtime_points": 2.5, "total": 11.5}),
        "{cw}"
    );
    assert_eq!(cw["capacity"], "under");
    assert_eq!(cw["thresholds"], json!({"near": 20.0, "over": 30.0}), "the defaults");
    assert!(cw["computed_at"].is_string());
    assert_eq!(row(&dashboard, rep)["score"]["total"], 3.0);
    assert_eq!(row(&dashboard, rep)["branch_id"], app.org.branch.0, "a workplace's branch");
    let region_officer = row(&dashboard, officer);
    assert_eq!((&region_officer["branch_id"], &region_officer["branch_name"]), (&Value::Null, &json!("Union-wide")));
    assert_eq!(counts(&dashboard), (0, 0, 3));
    assert!(dashboard["computed_at"].is_string());
    let branches = dashboard["branches"].as_array().unwrap();
    assert_eq!(branches.len(), 1, "only the officer's region's branch: {dashboard}");
    assert_eq!(branches[0]["branch_id"], app.org.branch.0);

    // The branch tightens its thresholds: the caseworker is over, the rep near.
    let reply = app
        .api(Some(Role::Officer), Method::PUT, &put_thresholds(app.org.branch), Some(json!({"near": 2.5, "over": 7.5})))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    let dashboard = workload(&app, Role::Officer).await;
    assert_eq!(row(&dashboard, caseworker)["capacity"], "over");
    assert_eq!(row(&dashboard, caseworker)["thresholds"], json!({"near": 2.5, "over": 7.5}));
    assert_eq!(row(&dashboard, rep)["capacity"], "near");
    assert_eq!(row(&dashboard, officer)["capacity"], "under", "a region's officer keeps the defaults");
    assert_eq!(counts(&dashboard), (1, 1, 1));
    assert_eq!(dashboard["branches"][0]["near"], 2.5);
    // A branch's caseworker sees their branch's people, not the region's officer.
    let branch_view = workload(&app, Role::Caseworker).await;
    let listed: Vec<i64> =
        branch_view["people"].as_array().unwrap().iter().map(|p| p["user_id"].as_i64().unwrap()).collect();
    assert_eq!(listed, [caseworker.0, rep.0], "{branch_view}");
    assert_eq!(counts(&branch_view), (1, 1, 0));
    // The administrator sees the whole union, every branch.
    assert_eq!(workload(&app, Role::Admin).await["branches"].as_array().unwrap().len(), 2);

    for role in [Role::Rep, Role::Staff, Role::Lawyer] {
        let reply = app.api(Some(role), Method::GET, "/api/v1/workload", None).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role:?}");
    }
}

#[tokio::test]
async fn thresholds_take_exact_bodies_from_officers_in_scope() {
    let app = spawn_app().await;
    let path = put_thresholds(app.org.branch);
    for (body, field) in [
        (json!({"near": 9, "over": 5}), Some("over")),
        (json!({"near": 0, "over": 5}), Some("near")),
        (json!({"near": -1, "over": 5}), Some("near")),
        (json!({"near": 10, "over": 1000.5}), Some("over")),
        (json!({"near": 22.55, "over": 30}), Some("near")),
        (json!({"near": "ten", "over": 5}), None),
        (json!({"near": 5}), None),
        (json!({"near": null, "over": 5}), None),
        (json!({"near": 4, "over": 8, "colour": "red"}), None),
    ] {
        let reply = app.api(Some(Role::Officer), Method::PUT, &path, Some(body.clone())).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
        if let Some(field) = field {
            assert!(reply.json()["errors"][field].is_string(), "{body}: {}", reply.body);
        }
    }
    let good = json!({"near": 4, "over": 8});
    for role in [Role::Rep, Role::Caseworker, Role::Staff, Role::Lawyer] {
        let reply = app.api(Some(role), Method::PUT, &path, Some(good.clone())).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    // No such branch, not an id, or a branch outside the officer's region: not found.
    for branch in ["999999", "abc", "0", &app.org.other_branch.to_string()] {
        let reply = app.api(Some(Role::Officer), Method::PUT, &put_thresholds(branch), Some(good.clone())).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{branch}: {}", reply.body);
    }
    assert!(app.db().branch_thresholds().await.unwrap().is_empty(), "nothing refused was saved");

    let reply = app.api(Some(Role::Officer), Method::PUT, &path, Some(json!({"near": 4, "over": 7.5}))).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    let saved = app.db().branch_thresholds().await.unwrap();
    assert_eq!(
        saved.iter().map(|t| (t.branch, t.near_tenths, t.over_tenths)).collect::<Vec<_>>(),
        [(app.org.branch, 40, 75)]
    );
    let other = put_thresholds(app.org.other_branch);
    let reply = app.api(Some(Role::Admin), Method::PUT, &other, Some(json!({"near": 12, "over": 18}))).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "the administrator reaches every branch: {}", reply.body);
}

#[tokio::test]
async fn wellbeing_records_reach_only_their_author_and_whom_they_share_with() {
    let app = spawn_app().await;
    let caseworker = user_id(&app, Role::Caseworker).await;
    let officer = user_id(&app, Role::Officer).await;
    for _ in 0..3 {
        open_case(&app, Role::Caseworker, 2, 5).await;
    }
    let post = |role: Role, body: Value| {
        let app = &app;
        async move { app.api(Some(role), Method::POST, "/api/v1/wellbeing", Some(body)).await }
    };
    let before = app.api(Some(Role::Caseworker), Method::GET, "/api/v1/wellbeing", None).await;
    assert_eq!(before.json()["heavy_run"], true, "three heavy cases in a row: {}", before.body);
    let shared = post(
        Role::Caseworker,
        json!({"kind": "debrief", "mood": 2, "note": "The redundancy meeting stayed with me", "share_with_user_id": officer.0}),
    )
    .await;
    assert_eq!(shared.status, StatusCode::CREATED, "{}", shared.body);
    let shared_id = shared.json()["id"].as_i64().unwrap();
    let private = post(Role::Caseworker, json!({"kind": "check_in", "note": "A private note to myself"})).await;
    assert_eq!(private.status, StatusCode::CREATED, "{}", private.body);
    let private_id = private.json()["id"].as_i64().unwrap();
    let reps = post(Role::Rep, json!({"kind": "supervision", "mood": null, "note": "The rep's own"})).await;
    assert_eq!(reps.status, StatusCode::CREATED, "{}", reps.body);

    let get = |role: Role| {
        let app = &app;
        async move {
            let reply = app.api(Some(role), Method::GET, "/api/v1/wellbeing", None).await;
            assert_eq!(reply.status, StatusCode::OK, "{role:?}: {}", reply.body);
            reply.json()
        }
    };
    let mine = get(Role::Caseworker).await;
    let ids: Vec<i64> = mine["records"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [private_id, shared_id], "newest first: {mine}");
    assert_eq!(mine["records"][1]["kind"], "debrief");
    assert_eq!(mine["records"][1]["mood"], 2);
    assert_eq!(mine["records"][1]["shared_with_user_id"], officer.0);
    assert_eq!(mine["records"][1]["shared_with_name"], "Test Officer");
    assert_eq!(mine["records"][0]["shared_with_user_id"], Value::Null);
    assert_eq!(mine["shared_with_me"], json!([]));
    assert_eq!(mine["heavy_run"], false, "a debrief has been asked for: no more prompting: {mine}");
    let colleagues: Vec<i64> =
        mine["colleagues"].as_array().unwrap().iter().map(|c| c["user_id"].as_i64().unwrap()).collect();
    assert_eq!(colleagues, [officer.0], "officers and caseworkers but oneself: {mine}");

    // The officer sees only what was shared with them: not the private note, not the rep's.
    let officers = get(Role::Officer).await;
    assert_eq!(officers["records"], json!([]), "{officers}");
    let shared_with_officer = officers["shared_with_me"].as_array().unwrap();
    assert_eq!(shared_with_officer.len(), 1, "{officers}");
    assert_eq!(shared_with_officer[0]["id"], shared_id);
    assert_eq!(shared_with_officer[0]["user_id"], caseworker.0);
    assert_eq!(shared_with_officer[0]["note"], "The redundancy meeting stayed with me");
    assert!(!officers.to_string().contains("private note") && !officers.to_string().contains("rep's own"));
    assert_eq!(officers["heavy_run"], false);
    // No role reaches anyone else's records, not even an administrator.
    let admins = get(Role::Admin).await;
    assert_eq!((&admins["records"], &admins["shared_with_me"]), (&json!([]), &json!([])), "{admins}");
    let rep_view = get(Role::Rep).await;
    assert_eq!(rep_view["records"].as_array().unwrap().len(), 1);
    assert!(!rep_view.to_string().contains("redundancy") && !rep_view.to_string().contains("private note"));

    for method in [Method::GET, Method::POST] {
        let body = (method == Method::POST).then(|| json!({"kind": "check_in"}));
        let reply = app.api(Some(Role::Lawyer), method.clone(), "/api/v1/wellbeing", body).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method}");
    }
}

#[tokio::test]
async fn wellbeing_bodies_are_exact_and_refusals_write_nothing() {
    let app = spawn_app().await;
    let rep = user_id(&app, Role::Rep).await;
    let long = "x".repeat(5_001);
    for (body, field) in [
        (json!({"kind": "gossip"}), None),
        (json!({"kind": "Check_In"}), None),
        (json!({"kind": 1}), None),
        (json!({"mood": 3}), None),
        (json!({"kind": "check_in", "mood": 0}), Some("mood")),
        (json!({"kind": "check_in", "mood": 6}), Some("mood")),
        (json!({"kind": "check_in", "mood": 2.5}), None),
        (json!({"kind": "check_in", "mood": "3"}), None),
        (json!({"kind": "check_in", "note": long}), Some("note")),
        (json!({"kind": "check_in", "note": "bell \u{7}"}), Some("note")),
        (json!({"kind": "check_in", "share_with_user_id": 0}), Some("share_with_user_id")),
        (json!({"kind": "check_in", "share_with_user_id": 999_999}), Some("share_with_user_id")),
        // A rep is no one to share a record with.
        (json!({"kind": "check_in", "share_with_user_id": rep.0}), Some("share_with_user_id")),
    ] {
        let reply = app.api(Some(Role::Caseworker), Method::POST, "/api/v1/wellbeing", Some(body.clone())).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
        if let Some(field) = field {
            assert!(reply.json()["errors"][field].is_string(), "{body}: {}", reply.body);
        }
    }
    let unknown = json!({"kind": "check_in", "colour": "blue"});
    let reply = app.api(Some(Role::Caseworker), Method::POST, "/api/v1/wellbeing", Some(unknown)).await;
    assert!(matches!(reply.status.as_u16(), 400 | 422), "{}", reply.body);
    assert!(reply.body.contains("colour"), "the unknown field is named: {}", reply.body);

    let view = app.api(Some(Role::Caseworker), Method::GET, "/api/v1/wellbeing", None).await.json();
    assert_eq!(view["records"], json!([]), "nothing refused was recorded: {view}");
    let ok =
        app.api(Some(Role::Caseworker), Method::POST, "/api/v1/wellbeing", Some(json!({"kind": "check_in"}))).await;
    assert_eq!(ok.status, StatusCode::CREATED, "the bare minimum is enough: {}", ok.body);
}

#[tokio::test]
async fn the_document_states_the_words_and_bounds_the_wire_enforces() {
    let app = spawn_app().await;
    let doc = app.api(None, Method::GET, "/api/v1/openapi.json", None).await.json();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["WellbeingKind"]["enum"], json!(["check_in", "supervision", "debrief"]));
    assert_eq!(schemas["CapacityName"]["enum"], json!(["under", "near", "over"]));
    let wellbeing = &schemas["WellbeingInput"];
    assert_eq!(wellbeing["additionalProperties"], false);
    assert_eq!(wellbeing["required"], json!(["kind"]));
    assert_eq!(
        (&wellbeing["properties"]["mood"]["minimum"], &wellbeing["properties"]["mood"]["maximum"]),
        (&json!(1), &json!(5))
    );
    assert_eq!(wellbeing["properties"]["note"]["maxLength"], 5000);
    assert_eq!(wellbeing["properties"]["share_with_user_id"]["minimum"], 1);
    let thresholds = &schemas["ThresholdsInput"];
    assert_eq!(thresholds["additionalProperties"], false);
    for field in ["near", "over"] {
        let bounds = &thresholds["properties"][field];
        assert_eq!((&bounds["exclusiveMinimum"], &bounds["maximum"]), (&json!(0), &json!(1000)), "{field}");
    }
    let put = &doc["paths"]["/api/v1/workload/thresholds/{branch_id}"]["put"]["responses"];
    for status in ["204", "400", "401", "403", "404", "413", "415", "422"] {
        assert!(put[status].is_object(), "PUT thresholds declares {status}");
    }
    let post = &doc["paths"]["/api/v1/wellbeing"]["post"]["responses"];
    for status in ["201", "400", "401", "403", "413", "415", "422"] {
        assert!(post[status].is_object(), "POST wellbeing declares {status}");
    }
}

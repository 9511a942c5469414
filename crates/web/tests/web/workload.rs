//! The workload dashboard and the private wellbeing page, as branch secretaries, officers and
//! reps use them.

use axum::http::StatusCode;
use chrono::Utc;
use steward_app::ports::{AuditLog, AuditQuery, UserStore};
use steward_domain::role::Role;

use crate::helpers::{spawn_app, TestApp};

/// Opens a case as a caseworker with the given ratings (the caseworker joins its team).
async fn caseworker_case(app: &TestApp, complexity: &str, emotional_load: &str) {
    let opened = app
        .post_form(
            Role::Caseworker,
            "/cases",
            &[
                ("title", "A heavy one"),
                ("case_type", "grievance"),
                ("membership_number", "T000001"),
                ("problem_arose_on", "2024-06-03"),
                ("complexity", complexity),
                ("emotional_load", emotional_load),
            ],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
}

#[tokio::test]
async fn the_dashboard_scores_open_cases_and_places_people_against_their_branch_thresholds() {
    let app = spawn_app().await;
    caseworker_case(&app, "5", "5").await;
    caseworker_case(&app, "4", "2").await;
    assert!(steward_app::workload::refresh_workload(app.db(), Utc::now()).await.unwrap() >= 3);

    let page = app.get_page(Some(Role::Officer), "/workload").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<svg role=\"img\""), "a chart drawn on the server");
    // 5+5 and 4+2 halved: 8 points, under the default 20.
    let row = page.body.split("<tr class=\"capacity-").skip(1).find(|row| row.contains("Test Caseworker")).unwrap();
    assert!(row.contains("<td>2</td>") && row.contains("<td>8.0</td>") && row.contains("Has capacity"), "{row}");

    // The branch lowers its thresholds: the same load is now over capacity.
    let branch = app.org.branch.to_string();
    let bad = app
        .post_form(Role::Officer, "/workload/thresholds", &[("branch", branch.as_str()), ("near", "9"), ("over", "5")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"thresholds-over-error\""), "{}", bad.body);
    let saved = app
        .post_form(
            Role::Officer,
            "/workload/thresholds",
            &[("branch", branch.as_str()), ("near", "4"), ("over", "7.5")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app.get_page(Some(Role::Caseworker), "/workload").await;
    let row = page.body.split("<tr class=\"capacity-").skip(1).find(|row| row.contains("Test Caseworker")).unwrap();
    assert!(row.starts_with("over") && row.contains("Over capacity"), "{row}");
    assert!(page.body.contains("1</span> over capacity"), "{}", page.body);
    // Readable without colour: the over bar is filled by its hatched pattern, and no stylesheet
    // rule for the bar's class sets a fill (a stylesheet fill beats the attribute).
    let chart = page.body.split("<svg").nth(1).and_then(|rest| rest.split("</svg>").next()).unwrap();
    assert!(chart.contains("class=\"bar\" fill=\"url(#fill-over)\""), "{chart}");
    for rule in include_str!("../../static/app.css").split('}') {
        let Some((selectors, body)) = rule.split_once('{') else { continue };
        let styles_bar = selectors.split(',').any(|selector| selector.split_whitespace().last() == Some(".bar"));
        assert!(!(styles_bar && body.contains("fill")), "a fill on .bar hides the patterns: {rule}");
    }

    assert_eq!(app.get_page(Some(Role::Rep), "/workload").await.status, StatusCode::FORBIDDEN);
    let by_caseworker = app
        .post_form(
            Role::Caseworker,
            "/workload/thresholds",
            &[("branch", branch.as_str()), ("near", "4"), ("over", "8")],
        )
        .await;
    assert_eq!(by_caseworker.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn wellbeing_records_are_seen_only_by_their_author_and_whom_they_share_with() {
    let app = spawn_app().await;
    for _ in 0..3 {
        caseworker_case(&app, "2", "5").await;
    }
    let home = app.get_page(Some(Role::Caseworker), "/").await;
    assert!(home.body.contains("Ask for a debrief"), "the home page prompts: {}", home.body);
    assert!(!app.get_page(Some(Role::Officer), "/").await.body.contains("Ask for a debrief"));
    let page = app.get_page(Some(Role::Caseworker), "/wellbeing").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Several of your recent cases have been emotionally heavy"), "{}", page.body);
    assert!(page.body.contains("<option value=\"debrief\" selected>"), "the debrief is offered first");

    let bad = app
        .post_form(Role::Caseworker, "/wellbeing", &[("kind", "gossip"), ("mood", "9"), ("share_with", "999")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["kind", "mood", "share_with"] {
        assert!(bad.body.contains(&format!("id=\"wellbeing-{field}-error\"")), "{field}");
    }
    let officer = app.db().user_by_email("officer@example.org").await.unwrap().unwrap().id.to_string();
    let shared = app
        .post_form(
            Role::Caseworker,
            "/wellbeing",
            &[
                ("kind", "debrief"),
                ("mood", "2"),
                ("note", "The redundancy meeting stayed with me"),
                ("share_with", officer.as_str()),
            ],
        )
        .await;
    assert_eq!(shared.status, StatusCode::SEE_OTHER, "{}", shared.body);
    let private = app
        .post_form(Role::Caseworker, "/wellbeing", &[("kind", "check_in"), ("note", "A private note to myself")])
        .await;
    assert_eq!(private.status, StatusCode::SEE_OTHER);

    let officer_view = app.get_page(Some(Role::Officer), "/wellbeing").await;
    assert!(officer_view.body.contains("The redundancy meeting stayed with me"), "shared with the officer");
    assert!(!officer_view.body.contains("A private note to myself"), "not the private one");
    let admin_view = app.get_page(Some(Role::Admin), "/wellbeing").await;
    assert!(!admin_view.body.contains("redundancy meeting") && !admin_view.body.contains("private note"));
    // The audit log says a record was made, never what it says.
    let audit = app.get_page(Some(Role::Admin), "/admin/audit").await;
    assert!(audit.body.contains("wellbeing.record"), "{}", audit.body);
    assert!(!audit.body.contains("redundancy meeting"));
    let query = AuditQuery { entity: Some("wellbeing".into()), limit: 10, ..AuditQuery::default() };
    let entries = app.db().audit_entries(&query).await.unwrap().entries;
    assert_eq!(entries.len(), 2);
    for (_, entry) in entries {
        assert_eq!(entry.detail, "", "not the kind, not whom it is shared with");
    }
    // Having asked for a debrief, the caseworker is not prompted again for a while.
    assert!(!app.get_page(Some(Role::Caseworker), "/").await.body.contains("Ask for a debrief"));
    let page = app.get_page(Some(Role::Caseworker), "/wellbeing").await;
    assert!(!page.body.contains("Several of your recent cases have been emotionally heavy"));
    assert_eq!(app.get_page(Some(Role::Lawyer), "/wellbeing").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn enquiries_are_suggested_to_people_with_capacity_first() {
    let app = spawn_app().await;
    let logged = app
        .post_form(
            Role::Staff,
            "/enquiries/phone",
            &[("membership_number", "T000001"), ("subject", "Rota change"), ("notes", "Asked about the new rota.")],
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let id = logged.headers["location"].to_str().unwrap().trim_start_matches("/enquiries/").to_owned();
    let names = |json: serde_json::Value| -> Vec<(String, serde_json::Value)> {
        json.as_array()
            .unwrap()
            .iter()
            .map(|s| (s["name"].as_str().unwrap().to_owned(), s["capacity"].clone()))
            .collect()
    };
    let path = format!("/api/v1/enquiries/{id}/suggested-assignees");
    let before = names(app.api(Some(Role::Staff), axum::http::Method::GET, &path, None).await.json());
    assert_ne!(before.last().map(|(name, _)| name.as_str()), Some("Test Caseworker"), "{before:?}");

    // The caseworker's cases take them over their branch's (lowered) threshold.
    caseworker_case(&app, "5", "5").await;
    let branch = app.org.branch.to_string();
    let saved = app
        .post_form(Role::Officer, "/workload/thresholds", &[("branch", branch.as_str()), ("near", "2"), ("over", "4")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    steward_app::workload::refresh_workload(app.db(), Utc::now()).await.unwrap();
    let after = names(app.api(Some(Role::Staff), axum::http::Method::GET, &path, None).await.json());
    assert_eq!(
        after.last().map(|(name, capacity)| (name.as_str(), capacity.as_str())),
        Some(("Test Caseworker", Some("over"))),
        "{after:?}"
    );
}

#[tokio::test]
async fn servers_refresh_the_workload_only_when_the_snapshots_are_five_minutes_old() {
    let app = spawn_app().await;
    let now = Utc::now();
    assert!(steward_app::workload::refresh_workload_if_due(app.db(), now).await.unwrap().is_some(), "none yet");
    let soon = now + chrono::Duration::minutes(4);
    assert_eq!(steward_app::workload::refresh_workload_if_due(app.db(), soon).await.unwrap(), None, "still fresh");
    let later = now + chrono::Duration::minutes(5);
    assert!(steward_app::workload::refresh_workload_if_due(app.db(), later).await.unwrap().is_some(), "due again");
}

#[tokio::test]
async fn a_case_s_team_candidates_put_people_with_capacity_first() {
    let app = spawn_app().await;
    caseworker_case(&app, "5", "5").await;
    let branch = app.org.branch.to_string();
    let saved = app
        .post_form(Role::Officer, "/workload/thresholds", &[("branch", branch.as_str()), ("near", "2"), ("over", "4")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    steward_app::workload::refresh_workload(app.db(), Utc::now()).await.unwrap();
    // The fixture case has no team: everyone whose scope covers it is a candidate.
    let page = app.get_page(Some(Role::Officer), &format!("/cases/{}", app.case_here)).await;
    assert_eq!(page.status, StatusCode::OK);
    let options: Vec<&str> = page
        .body
        .split("<select id=\"team-user\"")
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .unwrap()
        .split("<option value=\"")
        .skip(2)
        .map(|option| option.split('>').nth(1).unwrap_or("").trim_end_matches("</option"))
        .collect();
    let caseworker = options.iter().position(|label| label.contains("Test Caseworker")).unwrap();
    assert!(options[caseworker].contains("over capacity"), "{options:?}");
    assert_eq!(caseworker, options.len() - 1, "the one over capacity comes last: {options:?}");
    assert!(
        options.iter().any(|label| label.contains("Test Workplace rep (Workplace rep, has capacity)")),
        "{options:?}"
    );
}

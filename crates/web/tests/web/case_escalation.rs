//! Escalation on a case's page: the stakes raise the union's guidance prompt, a legal
//! referral needs the full checklist and a regional officer's approval, and an external
//! lawyer holds the file only until their access ends.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use steward_app::ports::UserStore;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, TestApp};

const CHECKLIST: [&str; 7] = [
    "chronology",
    "member_statement",
    "key_documents",
    "procedure_record",
    "deadlines_calculated",
    "eligibility_confirmed",
    "member_consent",
];

/// A caseworker's case (it starts at caseworker level, with the caseworker on the team).
async fn caseworker_case(app: &TestApp) -> String {
    let opened = app
        .post_form(
            Role::Caseworker,
            "/cases",
            &[
                ("title", "Dismissal for gross misconduct"),
                ("case_type", "disciplinary"),
                ("membership_number", "T000001"),
                ("problem_arose_on", "2024-06-03"),
                ("complexity", "3"),
                ("emotional_load", "4"),
            ],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    opened.headers["location"].to_str().unwrap().to_owned()
}

fn referral_form(summary: &str, items: &[&'static str]) -> Vec<(&'static str, String)> {
    let mut fields = vec![("summary", summary.to_owned())];
    fields.extend(items.iter().map(|item| ("checklist", (*item).to_owned())));
    fields
}

async fn post_pairs(app: &TestApp, role: Role, path: &str, fields: &[(&'static str, String)]) -> crate::helpers::Reply {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(name, value)| (*name, value.as_str())).collect();
    app.post_form(role, path, &borrowed).await
}

#[tokio::test]
async fn recording_a_likely_tribunal_claim_prompts_the_team_to_go_to_an_officer() {
    let app = spawn_app().await;
    let case = caseworker_case(&app).await;
    let before = app.get_page(Some(Role::Caseworker), &case).await;
    assert!(before.body.contains("asks nothing more of this case"), "{}", before.body);

    let bad = app
        .post_form(Role::Caseworker, &format!("{case}/risk"), &[("tribunal_risk", "certain"), ("value_pounds", "lots")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("id=\"risk-tribunal_risk-error\"") && bad.body.contains("id=\"risk-value_pounds-error\""),
        "{}",
        bad.body
    );

    let saved = app
        .post_form(
            Role::Caseworker,
            &format!("{case}/risk"),
            &[("tribunal_risk", "likely"), ("value_pounds", "£18,000")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app.get_page(Some(Role::Caseworker), &case).await;
    assert!(page.body.contains("this case should go to Regional officer level"), "{}", page.body);
    assert!(page.body.contains("A likely tribunal claim needs a regional officer"), "{}", page.body);
    assert!(page.body.contains("Cases worth 10,000 pounds or more"), "both rules give their reason");
    assert!(page.body.contains("value £18000"), "{}", page.body);

    let escalated = app
        .post_form(Role::Caseworker, &format!("{case}/escalation"), &[("level", "officer"), ("note", "Per guidance")])
        .await;
    assert_eq!(escalated.status, StatusCode::SEE_OTHER, "{}", escalated.body);
    let after = app.get_page(Some(Role::Caseworker), &case).await;
    assert!(!after.body.contains("this case should go to"), "the prompt is met");
    assert!(after.body.contains("Escalated from Caseworker to Regional officer."), "{}", after.body);
}

#[tokio::test]
async fn a_legal_referral_needs_the_whole_checklist_and_an_officer_s_approval() {
    let app = spawn_app().await;
    let case = caseworker_case(&app).await;
    let straight_to_legal = app.post_form(Role::Caseworker, &format!("{case}/escalation"), &[("level", "legal")]).await;
    assert_eq!(straight_to_legal.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(straight_to_legal.body.contains("goes to legal level through a referral"), "{}", straight_to_legal.body);

    let half = post_pairs(
        &app,
        Role::Caseworker,
        &format!("{case}/referrals"),
        &referral_form("Unfair dismissal", &CHECKLIST[..3]),
    )
    .await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        half.body.contains("id=\"referral-checklist-error\"") && half.body.contains("Still to do"),
        "{}",
        half.body
    );
    assert!(
        half.body.contains("id=\"referral-check-chronology\" name=\"checklist\" value=\"chronology\" checked"),
        "ticks are kept"
    );

    let asked = post_pairs(
        &app,
        Role::Caseworker,
        &format!("{case}/referrals"),
        &referral_form("Unfair dismissal; strong", &CHECKLIST),
    )
    .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let again =
        post_pairs(&app, Role::Caseworker, &format!("{case}/referrals"), &referral_form("Again", &CHECKLIST)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "one referral waits at a time");

    let id: i64 = case.rsplit('/').next().unwrap().parse().unwrap();
    let referrals =
        steward_app::ports::CaseEscalationStore::referrals(app.db(), steward_app::ports::CaseId(id)).await.unwrap();
    let decision = format!("{case}/referrals/{}/decision", referrals[0].id);
    let by_caseworker = app.post_form(Role::Caseworker, &decision, &[("decision", "approve")]).await;
    assert_eq!(by_caseworker.status, StatusCode::FORBIDDEN, "only an officer decides");
    let officer_page = app.get_page(Some(Role::Officer), &case).await;
    assert!(officer_page.body.contains("Approve the referral"), "{}", officer_page.body);
    let decline_without_reason =
        app.post_form(Role::Officer, &decision, &[("decision", "decline"), ("note", "")]).await;
    assert_eq!(decline_without_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(decline_without_reason.body.contains("id=\"decision-note-error\""), "{}", decline_without_reason.body);
    let approved = app.post_form(Role::Officer, &decision, &[("decision", "approve"), ("note", "Agreed")]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let page = app.get_page(Some(Role::Caseworker), &case).await;
    assert!(page.body.contains("<dt>Escalation level</dt><dd>Legal</dd>"), "{}", page.body);
    assert!(page.body.contains("Legal referral approved"), "{}", page.body);
    let twice = app.post_form(Role::Officer, &decision, &[("decision", "approve")]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "decided already");
}

#[tokio::test]
async fn an_external_lawyer_holds_the_file_only_until_their_access_ends() {
    let app = spawn_app().await;
    let case = caseworker_case(&app).await;
    let lawyer = app.db().user_by_email("lawyer@example.org").await.unwrap().unwrap();
    let lawyer_id = lawyer.id.to_string();
    let plain_add = app
        .post_form(Role::Caseworker, &format!("{case}/team"), &[("user", lawyer_id.as_str()), ("role", "lawyer")])
        .await;
    assert_eq!(plain_add.status, StatusCode::UNPROCESSABLE_ENTITY, "lawyers come in through the referral");
    let too_early = app
        .post_form(
            Role::Caseworker,
            &format!("{case}/lawyers"),
            &[("user", lawyer_id.as_str()), ("access_until", "2027-01-31")],
        )
        .await;
    assert_eq!(too_early.status, StatusCode::UNPROCESSABLE_ENTITY, "not before the referral is approved");

    post_pairs(&app, Role::Caseworker, &format!("{case}/referrals"), &referral_form("For counsel", &CHECKLIST)).await;
    let id: i64 = case.rsplit('/').next().unwrap().parse().unwrap();
    let referrals =
        steward_app::ports::CaseEscalationStore::referrals(app.db(), steward_app::ports::CaseId(id)).await.unwrap();
    let approved = app
        .post_form(Role::Officer, &format!("{case}/referrals/{}/decision", referrals[0].id), &[("decision", "approve")])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);

    let past = app
        .post_form(
            Role::Caseworker,
            &format!("{case}/lawyers"),
            &[("user", lawyer_id.as_str()), ("access_until", "2020-01-31")],
        )
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(past.body.contains("id=\"lawyer-access_until-error\""), "{}", past.body);
    assert_eq!(app.get_page(Some(Role::Lawyer), &case).await.status, StatusCode::NOT_FOUND);
    let until = (Utc::now() + Duration::days(30)).date_naive().to_string();
    let added = app
        .post_form(
            Role::Caseworker,
            &format!("{case}/lawyers"),
            &[("user", lawyer_id.as_str()), ("access_until", until.as_str())],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let seen = app.get_page(Some(Role::Lawyer), &case).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains("access ends"), "{}", seen.body);

    let later = Utc::now() + Duration::days(31);
    assert_eq!(steward_app::cases::end_expired_access(app.db(), later).await.unwrap(), 1);
    assert_eq!(steward_app::cases::end_expired_access(app.db(), later).await.unwrap(), 0, "once");
    assert_eq!(app.get_page(Some(Role::Lawyer), &case).await.status, StatusCode::NOT_FOUND, "access ended");
    let page = app.get_page(Some(Role::Caseworker), &case).await;
    assert!(page.body.contains("access to the file ended."), "{}", page.body);
}

#[tokio::test]
async fn administrators_keep_the_escalation_guidance() {
    let app = spawn_app().await;
    let page = app.get_page(Some(Role::Admin), "/admin/case-settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("tribunal risk likely or higher"), "the seeded rules are listed: {}", page.body);

    let bad = app.post_form(Role::Admin, "/admin/case-settings/guidance", &[("level", "rep"), ("reason", "")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["case_type", "level", "reason"] {
        assert!(bad.body.contains(&format!("id=\"rule-{field}-error\"")), "{field}: {}", bad.body);
    }
    let added = app
        .post_form(
            Role::Admin,
            "/admin/case-settings/guidance",
            &[
                ("case_type", "pay"),
                ("min_value_pounds", "500"),
                ("level", "caseworker"),
                ("reason", "Pay claims need a caseworker"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = app.get_page(Some(Role::Admin), "/admin/case-settings").await;
    assert!(page.body.contains("type is pay and value £500 or more"), "{}", page.body);
    let rules = steward_app::ports::CaseEscalationStore::guidance_rules(app.db()).await.unwrap();
    let newest = rules.iter().find(|stored| stored.rule.reason == "Pay claims need a caseworker").unwrap();
    let deleted = app.post_form(Role::Admin, &format!("/admin/case-settings/guidance/{}/delete", newest.id), &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    let missing = app.post_form(Role::Admin, &format!("/admin/case-settings/guidance/{}/delete", newest.id), &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let by_officer = app.post_form(Role::Officer, "/admin/case-settings/guidance", &[("level", "officer")]).await;
    assert_eq!(by_officer.status, StatusCode::FORBIDDEN);
}

use chrono::{Duration, Utc};
use steward_app::ports::{AuditLog, AuditQuery, SessionStore, ThrottleStore};
use steward_app::users::UserDraft;
use steward_app::AppError;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_test_support::{backends, context};

fn user(email: &str, role: &str) -> UserDraft {
    UserDraft {
        email: email.into(),
        name: "Pat Tester".into(),
        role: role.into(),
        scope: "union".into(),
        password: "a long enough password".into(),
    }
}

#[tokio::test]
async fn sign_in_creates_a_session_that_expires_and_can_be_ended() {
    for test in backends().await {
        steward_app::users::create_user_unchecked(&test.db, &user("pat@example.org", "caseworker"), Utc::now())
            .await
            .unwrap();
        let now = Utc::now();
        let outcome =
            steward_app::auth::login(&test.db, "PAT@example.org", "a long enough password", None, now).await.unwrap();
        let signed_in = steward_app::auth::authenticate_session(&test.db, &outcome.session_token, now).await.unwrap();
        assert_eq!(signed_in.actor.role, Role::Caseworker, "{}", test.name);
        assert_eq!(signed_in.csrf_token.as_deref(), Some(outcome.csrf_token.as_str()));
        let later = now + Duration::hours(13);
        assert!(steward_app::auth::authenticate_session(&test.db, &outcome.session_token, later).await.is_err());

        let mut ctx = context(Role::Caseworker, Scope::Union);
        ctx.actor = signed_in.actor;
        let second =
            steward_app::auth::login(&test.db, "pat@example.org", "a long enough password", None, now).await.unwrap();
        assert_eq!(steward_app::auth::logout_everywhere(&test.db, &ctx).await.unwrap(), 2, "{}", test.name);
        assert!(steward_app::auth::authenticate_session(&test.db, &second.session_token, now).await.is_err());
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_everyone() {
    for test in backends().await {
        steward_app::users::create_user_unchecked(&test.db, &user("lock@example.org", "rep"), Utc::now())
            .await
            .unwrap();
        let now = Utc::now();
        for _ in 0..5 {
            let wrong =
                steward_app::auth::login(&test.db, "lock@example.org", "wrong password!", Some("10.0.0.1"), now).await;
            assert!(matches!(wrong, Err(AppError::Unauthenticated)), "{}", test.name);
        }
        let right =
            steward_app::auth::login(&test.db, "lock@example.org", "a long enough password", Some("10.0.0.2"), now)
                .await;
        assert!(matches!(right, Err(AppError::Throttled { .. })), "{}: {right:?}", test.name);
        let since = now - Duration::minutes(15);
        assert_eq!(test.db.failures_since("account:lock@example.org", since).await.unwrap(), 5);
        let after_window = now + Duration::minutes(16);
        let right =
            steward_app::auth::login(&test.db, "lock@example.org", "a long enough password", None, after_window).await;
        assert!(right.is_ok(), "{}: the lock lifts after the window", test.name);
    }
}

#[tokio::test]
async fn api_tokens_are_stored_hashed_and_found_by_hash() {
    for test in backends().await {
        steward_app::users::create_user_unchecked(&test.db, &user("api@example.org", "officer"), Utc::now())
            .await
            .unwrap();
        let token =
            steward_app::auth::create_api_token(&test.db, "api@example.org", "tests", Utc::now()).await.unwrap();
        assert!(token.starts_with("stw_"));
        let signed_in = steward_app::auth::authenticate_api_token(&test.db, &token).await.unwrap();
        assert_eq!(signed_in.email, "api@example.org", "{}", test.name);
        assert!(steward_app::auth::authenticate_api_token(&test.db, "stw_not-a-token").await.is_err());
        assert!(
            test.db.user_by_api_token(&token).await.unwrap().is_none(),
            "{}: the raw token is not stored",
            test.name
        );
        let unknown = steward_app::auth::create_api_token(&test.db, "nobody@example.org", "x", Utc::now()).await;
        assert!(matches!(unknown, Err(AppError::Invalid(_))));
    }
}

#[tokio::test]
async fn duplicate_emails_and_weak_passwords_are_refused() {
    for test in backends().await {
        steward_app::users::create_user_unchecked(&test.db, &user("dup@example.org", "rep"), Utc::now()).await.unwrap();
        let again =
            steward_app::users::create_user_unchecked(&test.db, &user("DUP@example.org", "rep"), Utc::now()).await;
        assert!(matches!(again, Err(AppError::Conflict { field: "email", .. })), "{}: {again:?}", test.name);
        let weak = UserDraft { password: "short".into(), ..user("weak@example.org", "rep") };
        assert!(matches!(
            steward_app::users::create_user_unchecked(&test.db, &weak, Utc::now()).await,
            Err(AppError::Invalid(_))
        ));
    }
}

#[tokio::test]
async fn the_audit_log_pages_newest_first() {
    for test in backends().await {
        let ctx = context(Role::Admin, Scope::Union);
        for n in 0..7 {
            test.db.record(&ctx.audit("test.event", "thing", Some(n.to_string()), String::new())).await.unwrap();
        }
        let first = steward_app::audit::list_audit(&test.db, &ctx, AuditQuery { limit: 5, ..Default::default() })
            .await
            .unwrap();
        assert_eq!(first.entries.len(), 5);
        assert_eq!(first.entries[0].1.entity_id.as_deref(), Some("6"), "{}", test.name);
        let rest = AuditQuery { limit: 5, before_id: first.next_before_id, ..Default::default() };
        let second = steward_app::audit::list_audit(&test.db, &ctx, rest).await.unwrap();
        assert_eq!((second.entries.len(), second.next_before_id), (2, None), "{}", test.name);
        let rep = context(Role::Rep, Scope::Union);
        let denied =
            steward_app::audit::list_audit(&test.db, &rep, AuditQuery { limit: 5, ..Default::default() }).await;
        assert!(matches!(denied, Err(AppError::Forbidden)));
    }
}

#[tokio::test]
async fn a_sqlite_backup_is_a_complete_database() {
    let test = steward_test_support::sqlite().await;
    let org = steward_test_support::seed_org(&test.db).await;
    let ctx = context(Role::Admin, Scope::Union);
    steward_app::members::create_member(
        &test.db,
        &ctx,
        &steward_test_support::member_draft(1, "Bak", "Up", org.workplace),
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("copy.db");
    test.db.backup_sqlite(&target).await.unwrap();
    assert!(test.db.backup_sqlite(&target).await.is_err(), "an existing file is never overwritten");
    let copy = steward_store::Db::connect(&format!("sqlite://{}", target.display())).await.unwrap();
    assert_eq!(copy.integrity_check().await.unwrap(), "ok");
    let page = steward_app::members::search_members(
        &copy,
        &ctx,
        steward_app::ports::MemberQuery {
            scope: Scope::Union,
            text: Some("bak".into()),
            status: None,
            workplace: None,
            branch: None,
            employer: None,
            page: 1,
            per_page: 10,
        },
    )
    .await
    .unwrap();
    assert_eq!(page.total, 1);
}

#[tokio::test]
async fn scopes_are_explicit_and_must_exist() {
    for test in backends().await {
        let org = steward_test_support::seed_org(&test.db).await;
        let now = Utc::now();
        let narrow_admin = UserDraft { scope: format!("region:{}", org.region), ..user("a1@example.org", "admin") };
        assert!(matches!(
            steward_app::users::create_user_unchecked(&test.db, &narrow_admin, now).await,
            Err(AppError::Invalid(_))
        ));
        let blank_rep = UserDraft { scope: String::new(), ..user("r1@example.org", "rep") };
        assert!(matches!(
            steward_app::users::create_user_unchecked(&test.db, &blank_rep, now).await,
            Err(AppError::Invalid(_))
        ));
        let ghost = UserDraft { scope: "branch:999999".into(), ..user("r2@example.org", "rep") };
        assert!(matches!(
            steward_app::users::create_user_unchecked(&test.db, &ghost, now).await,
            Err(AppError::Invalid(_))
        ));
        let rep = UserDraft { scope: format!("workplace:{}", org.workplace), ..user("r3@example.org", "rep") };
        assert!(steward_app::users::create_user_unchecked(&test.db, &rep, now).await.is_ok(), "{}", test.name);
        let admin = UserDraft { scope: String::new(), ..user("a2@example.org", "admin") };
        assert!(steward_app::users::create_user_unchecked(&test.db, &admin, now).await.is_ok(), "{}", test.name);
    }
}

#[tokio::test]
async fn nul_and_control_characters_are_refused_as_input_on_both_backends() {
    for test in backends().await {
        let org = steward_test_support::seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        let mut draft = steward_test_support::member_draft(1, "Nul", "Tester", org.workplace);
        draft.job_title = "Porter\0".into();
        let created = steward_app::members::create_member(&test.db, &admin, &draft).await;
        assert!(matches!(created, Err(AppError::Invalid(_))), "{}: {created:?}", test.name);
        let query = steward_app::ports::MemberQuery {
            scope: Scope::Union,
            text: Some("ada\0".into()),
            status: None,
            workplace: None,
            branch: None,
            employer: None,
            page: 1,
            per_page: 10,
        };
        assert!(matches!(
            steward_app::members::search_members(&test.db, &admin, query.clone()).await,
            Err(AppError::Invalid(_))
        ));
        let punctuation = steward_app::ports::MemberQuery { text: Some("-'".into()), ..query };
        assert_eq!(steward_app::members::search_members(&test.db, &admin, punctuation).await.unwrap().total, 0);
        let login =
            steward_app::auth::login(&test.db, "admin\0@example.org", "whatever password", None, Utc::now()).await;
        assert!(matches!(login, Err(AppError::Unauthenticated)), "{}: {login:?}", test.name);
        let filter = AuditQuery { entity: Some("member\0".into()), limit: 5, ..Default::default() };
        assert!(matches!(steward_app::audit::list_audit(&test.db, &admin, filter).await, Err(AppError::Invalid(_))));
    }
}

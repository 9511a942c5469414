//! The colleagues who could work a case at a place: active accounts whose scope covers it.

use steward_app::ports::UserStore;
use steward_domain::organisation::{OrgPath, Scope};
use steward_domain::role::Role;
use steward_test_support::{backends, seed_org, user_context};

#[tokio::test]
async fn only_active_accounts_whose_scope_covers_the_place_are_colleagues_there() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let here = OrgPath { region: org.region, branch: org.branch, workplace: org.workplace };
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep.here@example.org").await;
        user_context(db, Role::Rep, Scope::Workplace(org.other_workplace), "rep.there@example.org").await;
        user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw.here@example.org").await;
        user_context(db, Role::Caseworker, Scope::Branch(org.other_branch), "cw.there@example.org").await;
        user_context(db, Role::Officer, Scope::Region(org.region), "officer.here@example.org").await;
        user_context(db, Role::Officer, Scope::Region(org.other_region), "officer.there@example.org").await;
        let lawyer = user_context(db, Role::Lawyer, Scope::Union, "lawyer@example.org").await;
        let emails = |users: Vec<steward_app::ports::UserRecord>| -> Vec<String> {
            let mut emails: Vec<String> = users.into_iter().map(|user| user.email).collect();
            emails.sort();
            emails
        };
        let found = emails(db.active_users_covering(here).await.unwrap());
        for expected in
            ["cw.here@example.org", "lawyer@example.org", "officer.here@example.org", "rep.here@example.org"]
        {
            assert!(found.contains(&expected.to_string()), "{}: {expected} in {found:?}", test.name);
        }
        for elsewhere in ["rep.there@example.org", "cw.there@example.org", "officer.there@example.org"] {
            assert!(!found.contains(&elsewhere.to_string()), "{}: {elsewhere} in {found:?}", test.name);
        }
        let audit = rep.audit("user.deactivate", "user", None, String::new());
        db.set_user_active(lawyer.actor.user_id, false, &audit).await.unwrap();
        let after = emails(db.active_users_covering(here).await.unwrap());
        assert!(!after.contains(&"lawyer@example.org".to_string()), "{}: inactive accounts are left out", test.name);
    }
}

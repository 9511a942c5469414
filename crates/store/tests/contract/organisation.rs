use steward_app::ports::OrganisationStore;
use steward_app::AppError;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_test_support::{backends, context, seed_org};

#[tokio::test]
async fn the_organisation_tree_reads_back_as_written() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let tree = test.db.organisation().await.unwrap();
        assert_eq!(tree.regions.len(), 2, "{}", test.name);
        assert_eq!(tree.branch(org.branch).unwrap().region, org.region, "{}", test.name);
        let path = test.db.workplace_path(org.other_workplace).await.unwrap().unwrap();
        assert_eq!((path.region, path.branch), (org.other_region, org.other_branch), "{}", test.name);
        assert!(test.db.workplace_path(steward_domain::ids::WorkplaceId(9999)).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn duplicate_names_and_missing_parents_are_refused_by_the_database() {
    for test in backends().await {
        seed_org(&test.db).await;
        let ctx = context(Role::Admin, Scope::Union);
        let duplicate = steward_app::organisation::create_region(&test.db, &ctx, "North Test Region").await;
        assert!(matches!(duplicate, Err(AppError::Conflict { .. })), "{}: {duplicate:?}", test.name);
        let orphan =
            steward_app::organisation::create_branch(&test.db, &ctx, steward_domain::ids::RegionId(9999), "Orphan")
                .await;
        assert!(matches!(orphan, Err(AppError::Invalid(_))), "{}: {orphan:?}", test.name);
    }
}

#[tokio::test]
async fn only_administrators_change_the_organisation() {
    for test in backends().await {
        for role in [Role::Officer, Role::Caseworker, Role::Staff, Role::Rep, Role::Lawyer] {
            let result = steward_app::organisation::create_region(&test.db, &context(role, Scope::Union), "Any").await;
            assert!(matches!(result, Err(AppError::Forbidden)), "{} {role:?}", test.name);
        }
    }
}

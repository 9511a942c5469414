use steward_store::migration_names;

#[test]
fn both_backends_have_the_same_migrations_in_the_same_order() {
    let (sqlite, postgres) = migration_names();
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres, "migrations/sqlite and migrations/postgres must hold the same names");
}

#[tokio::test]
async fn migrating_twice_applies_nothing_the_second_time() {
    for test in steward_test_support::backends().await {
        assert_eq!(test.db.migrate().await.unwrap(), 0, "{}", test.name);
        assert_eq!(test.db.integrity_check().await.unwrap(), "ok", "{}", test.name);
    }
}

//! Training records on both backends: added, listed newest first with who recorded them,
//! removed only as the person's own, and who holds a competence on a day (lapsed and
//! not-yet-completed records do not count).

use chrono::{NaiveDate, Utc};
use steward_app::ports::{NewTrainingRecord, StoreError, TrainingStore};
use steward_domain::ids::UserId;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_domain::training::Competence;
use steward_test_support::{backends, seed_org, user_context};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn record(
    user: UserId,
    by: UserId,
    competence: Competence,
    completed: NaiveDate,
    expires: Option<NaiveDate>,
) -> NewTrainingRecord {
    NewTrainingRecord {
        user,
        competence,
        course: format!("{} course", competence.as_str()),
        completed_on: completed,
        expires_on: expires,
        recorded_by: by,
        recorded_at: Utc::now(),
    }
}

#[tokio::test]
async fn training_is_recorded_listed_removed_and_counted_while_current() {
    for test in backends().await {
        let db = &test.db;
        let name = test.name;
        let org = seed_org(db).await;
        let officer = user_context(db, Role::Officer, Scope::Region(org.region), "officer@example.org").await;
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let other = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep2@example.org").await;
        let (me, them, by) = (rep.actor.user_id, other.actor.user_id, officer.actor.user_id);
        let audit = officer.audit("training.record", "user", Some(me.to_string()), String::new());

        let older = db
            .add_training_record(&record(me, by, Competence::Accompanying, day(2024, 5, 1), None), &audit)
            .await
            .unwrap();
        let lapsed = record(me, by, Competence::HealthAndSafety, day(2020, 1, 1), Some(day(2023, 1, 1)));
        db.add_training_record(&lapsed, &audit).await.unwrap();
        let newer = record(them, by, Competence::HealthAndSafety, day(2025, 6, 1), Some(day(2028, 6, 1)));
        let theirs = db.add_training_record(&newer, &audit).await.unwrap();

        let mine = db.training_records(me).await.unwrap();
        assert_eq!(mine.len(), 2, "{name}");
        assert_eq!(mine[0].id, older, "most recently completed first ({name})");
        assert_eq!(mine[0].recorded_by.as_deref(), Some("Officer Person"), "{name}");
        assert_eq!(mine[1].expires_on, Some(day(2023, 1, 1)), "{name}");

        let on = |d| db.trained_in(Competence::HealthAndSafety, d);
        assert_eq!(on(day(2026, 12, 2)).await.unwrap(), vec![them], "the lapsed record does not count ({name})");
        let mut in_2022 = on(day(2022, 6, 1)).await.unwrap();
        in_2022.sort();
        assert_eq!(in_2022, vec![me], "before the other's course and before the lapse ({name})");
        assert_eq!(on(day(2023, 1, 1)).await.unwrap(), vec![me], "the refresher day still counts ({name})");
        assert!(db.trained_in(Competence::UnionLearning, day(2026, 1, 1)).await.unwrap().is_empty(), "{name}");

        let removal = officer.audit("training.remove", "user", Some(me.to_string()), String::new());
        assert!(matches!(db.remove_training_record(me, theirs, &removal).await, Err(StoreError::NotFound)), "{name}");
        assert_eq!(db.training_records(them).await.unwrap().len(), 1, "theirs is untouched ({name})");
        db.remove_training_record(me, older, &removal).await.unwrap();
        assert_eq!(db.training_records(me).await.unwrap().len(), 1, "{name}");
        assert!(db.trained_in(Competence::Accompanying, day(2026, 1, 1)).await.unwrap().is_empty(), "{name}");
    }
}

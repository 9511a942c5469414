use steward_app::deadlines::HolidayDraft;
use steward_app::AppError;
use steward_domain::organisation::{Nation, Scope};
use steward_domain::role::Role;
use steward_test_support::{backends, context};

#[tokio::test]
async fn extra_holidays_are_stored_once_per_nation_and_day() {
    for test in backends().await {
        let admin = context(Role::Admin, Scope::Union);
        let draft =
            HolidayDraft { nation: "northern-ireland".into(), date: "2027-07-13".into(), name: "Fictional Day".into() };
        steward_app::deadlines::add_extra_holiday(&test.db, &admin, &draft).await.unwrap();
        let again = steward_app::deadlines::add_extra_holiday(&test.db, &admin, &draft).await;
        assert!(matches!(again, Err(AppError::Invalid(_))), "{}: {again:?}", test.name);
        let bad = HolidayDraft { nation: "mars".into(), date: "2027-02-30".into(), name: "".into() };
        let Err(AppError::Invalid(errors)) = steward_app::deadlines::add_extra_holiday(&test.db, &admin, &bad).await
        else {
            panic!("{}: bad holiday accepted", test.name);
        };
        assert!(errors.get("nation").is_some() && errors.get("date").is_some() && errors.get("name").is_some());
        let listed = steward_app::deadlines::list_extra_holidays(&test.db, &admin).await.unwrap();
        assert_eq!((listed.len(), listed[0].nation), (1, Nation::NorthernIreland), "{}", test.name);
        let date = chrono::NaiveDate::from_ymd_opt(2027, 7, 13).unwrap();
        let calendar = steward_app::deadlines::calendar(&test.db).await.unwrap();
        assert!(
            calendar.is_bank_holiday(date, Nation::NorthernIreland)
                && !calendar.is_bank_holiday(date, Nation::Scotland)
        );
    }
}

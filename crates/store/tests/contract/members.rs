use steward_app::ports::{MemberQuery, MemberStore};
use steward_app::AppError;
use steward_domain::ids::MemberId;
use steward_domain::member::MemberStatus;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_test_support::{backends, context, member_draft, seed_org};

fn query(scope: Scope, text: Option<&str>) -> MemberQuery {
    MemberQuery {
        scope,
        text: text.map(str::to_owned),
        status: None,
        workplace: None,
        branch: None,
        employer: None,
        page: 1,
        per_page: 25,
    }
}

#[tokio::test]
async fn a_member_is_created_read_changed_and_audited() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let ctx = context(Role::Caseworker, Scope::Union);
        let id =
            steward_app::members::create_member(&test.db, &ctx, &member_draft(1, "Ada", "Quillfeather", org.workplace))
                .await
                .unwrap();
        let member = steward_app::members::view_member(&test.db, &ctx, id).await.unwrap();
        assert_eq!(
            (member.first_name.as_str(), member.membership_number.as_str()),
            ("Ada", "T000001"),
            "{}",
            test.name
        );
        assert_eq!(member.workplace_name, "North School");

        let mut changed = member_draft(1, "Ada", "Quillfeather", org.other_workplace);
        changed.status = "arrears".into();
        changed.email = String::new();
        steward_app::members::update_member(&test.db, &ctx, id, &changed).await.unwrap();
        let member = test.db.member(id).await.unwrap().unwrap();
        assert_eq!(member.status, MemberStatus::Arrears, "{}", test.name);
        assert_eq!(member.email, None, "{}", test.name);
        assert_eq!(member.region, org.other_region, "{}", test.name);

        let history = steward_app::members::member_history(&test.db, &ctx, &member).await.unwrap();
        let actions: Vec<&str> = history.entries.iter().map(|(_, e)| e.action.as_str()).collect();
        assert_eq!(actions, ["member.update", "member.create"], "{}: views are not history", test.name);
        assert!(history.entries[0].1.detail.contains("status"), "{}", test.name);
    }
}

#[tokio::test]
async fn membership_numbers_are_unique() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let ctx = context(Role::Admin, Scope::Union);
        steward_app::members::create_member(&test.db, &ctx, &member_draft(7, "Bo", "Larch", org.workplace))
            .await
            .unwrap();
        let again =
            steward_app::members::create_member(&test.db, &ctx, &member_draft(7, "Cy", "Larch", org.workplace)).await;
        assert!(
            matches!(again, Err(AppError::Conflict { field: "membership_number", .. })),
            "{}: {again:?}",
            test.name
        );
    }
}

#[tokio::test]
async fn search_matches_word_prefixes_and_respects_scope() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        let people = [
            ("Ada", "Smithson", org.workplace),
            ("Bea", "Smith", org.other_workplace),
            ("Cal", "Jones", org.workplace),
        ];
        for (n, (first, last, workplace)) in people.into_iter().enumerate() {
            steward_app::members::create_member(&test.db, &admin, &member_draft(n as u32 + 1, first, last, workplace))
                .await
                .unwrap();
        }
        let names =
            |page: steward_app::ports::MemberPage| page.members.into_iter().map(|m| m.last_name).collect::<Vec<_>>();
        let found =
            steward_app::members::search_members(&test.db, &admin, query(Scope::Union, Some("smi"))).await.unwrap();
        assert_eq!(found.total, 2, "{}: each member counted once", test.name);
        assert_eq!(names(found), ["Smith", "Smithson"], "{}: sorted by surname", test.name);
        let found =
            steward_app::members::search_members(&test.db, &admin, query(Scope::Union, Some("ada smi"))).await.unwrap();
        assert_eq!(names(found), ["Smithson"], "{}: every word must match", test.name);
        let found =
            steward_app::members::search_members(&test.db, &admin, query(Scope::Union, Some("T000003"))).await.unwrap();
        assert_eq!(names(found), ["Jones"], "{}: by membership number", test.name);

        let rep = context(Role::Rep, Scope::Workplace(org.workplace));
        let found = steward_app::members::search_members(&test.db, &rep, query(Scope::Union, None)).await.unwrap();
        assert_eq!(found.total, 2, "{}: the rep's scope wins over the query's", test.name);
        let officer = context(Role::Officer, Scope::Region(org.other_region));
        let found = steward_app::members::search_members(&test.db, &officer, query(Scope::Union, None)).await.unwrap();
        assert_eq!(names(found), ["Smith"], "{}: region scope", test.name);
    }
}

#[tokio::test]
async fn paging_and_filters_count_the_whole_result() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        for n in 1..=30 {
            let mut draft = member_draft(n, "Dee", &format!("Person{n:02}"), org.workplace);
            if n % 3 == 0 {
                draft.status = "lapsed".into();
            }
            steward_app::members::create_member(&test.db, &admin, &draft).await.unwrap();
        }
        let mut second = query(Scope::Union, None);
        second.page = 2;
        second.per_page = 25;
        let page = steward_app::members::search_members(&test.db, &admin, second).await.unwrap();
        assert_eq!((page.total, page.members.len(), page.page_count()), (30, 5, 2), "{}", test.name);
        let mut lapsed = query(Scope::Union, None);
        lapsed.status = Some(MemberStatus::Lapsed);
        lapsed.branch = Some(org.branch);
        let page = steward_app::members::search_members(&test.db, &admin, lapsed).await.unwrap();
        assert_eq!(page.total, 10, "{}", test.name);
        let mut bad = query(Scope::Union, None);
        bad.per_page = 1000;
        assert!(matches!(steward_app::members::search_members(&test.db, &admin, bad).await, Err(AppError::Invalid(_))));
    }
}

#[tokio::test]
async fn a_one_word_search_pages_in_surname_order_and_follows_renames() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        let mut ids = Vec::new();
        // "Dana Dale" matches "da" by both names and must still be listed once.
        for n in 1..=12 {
            let (first, last) =
                if n == 12 { ("Dana".to_owned(), "Dale".to_owned()) } else { ("Dan".into(), format!("Surname{n:02}")) };
            let draft = member_draft(n, &first, &last, org.workplace);
            ids.push(steward_app::members::create_member(&test.db, &admin, &draft).await.unwrap());
        }
        let page_of = |page: u32| {
            let mut one_word = query(Scope::Union, Some("da"));
            one_word.page = page;
            one_word.per_page = 5;
            one_word
        };
        let names = |page: steward_app::ports::MemberPage| {
            (page.total, page.members.into_iter().map(|m| m.last_name).collect::<Vec<_>>())
        };
        let first = steward_app::members::search_members(&test.db, &admin, page_of(1)).await.unwrap();
        assert_eq!(
            names(first),
            (12, vec!["Dale".into(), "Surname01".into(), "Surname02".into(), "Surname03".into(), "Surname04".into()]),
            "{}",
            test.name
        );
        let third = steward_app::members::search_members(&test.db, &admin, page_of(3)).await.unwrap();
        assert_eq!(names(third), (12, vec!["Surname10".into(), "Surname11".into()]), "{}", test.name);

        steward_app::members::update_member(&test.db, &admin, ids[0], &member_draft(1, "Dan", "Zed", org.workplace))
            .await
            .unwrap();
        let third = steward_app::members::search_members(&test.db, &admin, page_of(3)).await.unwrap();
        assert_eq!(names(third), (12, vec!["Surname11".into(), "Zed".into()]), "{}: renamed", test.name);
    }
}

#[tokio::test]
async fn a_rep_cannot_read_a_member_outside_their_workplace() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        let id =
            steward_app::members::create_member(&test.db, &admin, &member_draft(1, "Eve", "Far", org.other_workplace))
                .await
                .unwrap();
        let rep = context(Role::Rep, Scope::Workplace(org.workplace));
        assert!(matches!(steward_app::members::view_member(&test.db, &rep, id).await, Err(AppError::NotFound)));
        assert!(matches!(
            steward_app::members::view_member(&test.db, &rep, MemberId(424242)).await,
            Err(AppError::NotFound)
        ));
        let lawyer = context(Role::Lawyer, Scope::Union);
        assert!(matches!(steward_app::members::view_member(&test.db, &lawyer, id).await, Err(AppError::Forbidden)));
    }
}

#[tokio::test]
async fn importing_the_same_rows_twice_changes_nothing() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        let rows = |suffix: &str| {
            (1..=2500u32)
                .map(|n| (u64::from(n) + 1, member_draft(n, "Imp", &format!("Row{suffix}{n}"), org.workplace)))
                .collect::<Vec<_>>()
        };
        let mut bad = rows("");
        bad[10].1.email = "broken@".into();
        let first = steward_app::members::import_members(&test.db, &admin, bad, &|_| {}).await.unwrap();
        assert_eq!((first.counts.created, first.problems.len()), (2499, 1), "{}", test.name);
        assert_eq!(first.problems[0].line, 12, "{}", test.name);
        assert!(first.problems[0].reason.starts_with("email:"), "{}", test.name);

        let again = steward_app::members::import_members(&test.db, &admin, rows(""), &|_| {}).await.unwrap();
        assert_eq!((again.counts.created, again.counts.updated, again.counts.unchanged), (1, 0, 2499), "{}", test.name);
        let changed = steward_app::members::import_members(&test.db, &admin, rows("x"), &|_| {}).await.unwrap();
        assert_eq!(changed.counts.updated, 2500, "{}", test.name);
        let page = steward_app::members::search_members(&test.db, &admin, query(Scope::Union, Some("rowx2500")))
            .await
            .unwrap();
        assert_eq!(page.total, 1, "{}: search terms follow an update", test.name);
    }
}

#[tokio::test]
async fn a_scoped_import_cannot_take_over_a_member_elsewhere() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        let elsewhere =
            steward_app::members::create_member(&test.db, &admin, &member_draft(1, "Far", "Away", org.other_workplace))
                .await
                .unwrap();
        let caseworker = context(Role::Caseworker, Scope::Branch(org.branch));
        let rows = vec![
            (2, member_draft(1, "Taken", "Over", org.workplace)),
            (3, member_draft(2, "New", "Here", org.workplace)),
        ];
        let report = steward_app::members::import_members(&test.db, &caseworker, rows, &|_| {}).await.unwrap();
        assert_eq!(report.counts.created, 1, "{}", test.name);
        assert_eq!(report.problems.len(), 1, "{}: {:?}", test.name, report.problems);
        assert_eq!(report.problems[0].line, 2);
        assert!(report.problems[0].reason.contains("that you may change"), "{:?}", report.problems);
        let member = test.db.member(elsewhere).await.unwrap().unwrap();
        assert_eq!((member.first_name.as_str(), member.workplace), ("Far", org.other_workplace), "{}", test.name);

        let history = steward_app::members::member_history(&test.db, &admin, &member).await.unwrap();
        assert_eq!(history.entries.len(), 1, "{}: only the creation", test.name);
        let changed = vec![(2, member_draft(1, "Far", "Moved", org.other_workplace))];
        steward_app::members::import_members(&test.db, &admin, changed, &|_| {}).await.unwrap();
        let history = steward_app::members::member_history(&test.db, &admin, &member).await.unwrap();
        assert_eq!(
            history.entries[0].1.detail, "import changed last name, email",
            "{}: imports appear in the member's history",
            test.name
        );
    }
}

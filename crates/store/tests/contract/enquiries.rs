use chrono::{DateTime, Utc};
use steward_app::enquiries::{receive_email, IntakeSettings, Received};
use steward_app::ports::{EnquiryId, EnquiryQuery, EnquiryStore, QueueFilter};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_mail::parse_email;
use steward_test_support::{backends, context, member_draft, seed_org};

const OWN: &str = "help@union.example";

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn mail(headers: &str, body: &str) -> Vec<u8> {
    format!("{headers}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").into_bytes()
}

#[tokio::test]
async fn a_member_email_opens_an_enquiry_with_a_target_and_an_acknowledgement() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        let mut draft = member_draft(1, "Ada", "Quill", org.workplace);
        draft.email = "ada.quill@example.org".into();
        let member = steward_app::members::create_member(&test.db, &admin, &draft).await.unwrap();
        let settings = IntakeSettings::standard(OWN);
        let friday_afternoon = at("2026-11-27T16:00:00Z");

        let first = mail(
            "From: Ada Quill <Ada.Quill@example.org>\r\nSubject: Rota changed\r\nMessage-ID: <m1@example.org>",
            "Can they do that?",
        );
        let received = receive_email(&test.db, parse_email(&first), &settings, friday_afternoon).await.unwrap();
        let Received::Opened { id, reference, acknowledged } = received else { panic!("{}: {received:?}", test.name) };
        assert!(acknowledged, "{}", test.name);
        assert_eq!(reference.to_string(), "ENQ-2026-000001");
        let detail = test.db.enquiry(id).await.unwrap().unwrap();
        assert_eq!(detail.summary.member, Some(member), "{}: matched by address", test.name);
        assert_eq!(detail.summary.first_response_due, at("2026-11-30T16:00:00Z"), "{}: 8 business hours", test.name);
        assert_eq!(detail.queued_mail.len(), 1);
        assert!(detail.queued_mail[0].subject.starts_with("[ENQ-2026-000001]"), "{:?}", detail.queued_mail);
        assert_eq!(detail.queued_mail[0].to, "ada.quill@example.org");

        let again = receive_email(&test.db, parse_email(&first), &settings, friday_afternoon).await.unwrap();
        assert_eq!(again, Received::Duplicate, "{}: the same message twice changes nothing", test.name);

        let by_reference = mail("From: ada.quill@example.org\r\nSubject: Re: [ENQ-2026-000001] Rota changed\r\nMessage-ID: <m2@example.org>", "More detail");
        let reply = receive_email(&test.db, parse_email(&by_reference), &settings, friday_afternoon).await.unwrap();
        assert_eq!(reply, Received::Replied { id }, "{}", test.name);
        let by_header = mail("From: ada.quill@example.org\r\nSubject: no reference\r\nMessage-ID: <m3@example.org>\r\nIn-Reply-To: <m2@example.org>", "Still waiting");
        let reply = receive_email(&test.db, parse_email(&by_header), &settings, friday_afternoon).await.unwrap();
        assert_eq!(reply, Received::Replied { id }, "{}", test.name);
        let detail = test.db.enquiry(id).await.unwrap().unwrap();
        assert_eq!(detail.messages.len(), 3, "{}", test.name);
        assert_eq!(
            detail.summary.next_response_due,
            Some(at("2026-11-30T12:00:00Z")),
            "{}: 4 business hours (one on Friday, three on Monday)",
            test.name
        );
    }
}

#[tokio::test]
async fn automatic_unknown_and_broken_mail_is_kept_without_acknowledgement_loops() {
    for test in backends().await {
        seed_org(&test.db).await;
        let settings = IntakeSettings::standard(OWN);
        let now = at("2026-11-25T10:00:00Z");
        let auto = mail("From: someone@example.org\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <a1@example.org>", "Away");
        let Received::Opened { acknowledged, .. } =
            receive_email(&test.db, parse_email(&auto), &settings, now).await.unwrap()
        else {
            panic!("{}: not opened", test.name)
        };
        assert!(!acknowledged, "{}: no reply to an auto-reply", test.name);

        let broken = b"\x00\x01 not mail at all \xff\xfe\x00".to_vec();
        let Received::Opened { id, acknowledged, .. } =
            receive_email(&test.db, parse_email(&broken), &settings, now).await.unwrap()
        else {
            panic!("{}: broken mail dropped", test.name)
        };
        assert!(!acknowledged);
        let detail = test.db.enquiry(id).await.unwrap().unwrap();
        assert!(detail.summary.flagged.is_some(), "{}: flagged for a person", test.name);
        assert_eq!(detail.summary.member, None);

        let with_nul =
            mail("From: x@example.org\r\nSubject: nul \u{0} inside\r\nMessage-ID: <n1@example.org>", "body \u{0} too");
        assert!(
            receive_email(&test.db, parse_email(&with_nul), &settings, now).await.is_ok(),
            "{}: NUL is stored safely",
            test.name
        );
    }
}

#[tokio::test]
async fn the_queue_shows_each_person_only_enquiries_in_their_scope() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        for (n, workplace) in [(1, org.workplace), (2, org.other_workplace)] {
            let mut draft = member_draft(n, "Member", &format!("Number{n}"), workplace);
            draft.email = format!("member{n}@example.org");
            steward_app::members::create_member(&test.db, &admin, &draft).await.unwrap();
            let raw = mail(
                &format!("From: member{n}@example.org\r\nSubject: Help {n}\r\nMessage-ID: <q{n}@example.org>"),
                "Please help",
            );
            receive_email(&test.db, parse_email(&raw), &IntakeSettings::standard(OWN), Utc::now()).await.unwrap();
        }
        let stranger = mail("From: stranger@example.org\r\nSubject: Who do I ask\r\nMessage-ID: <s1@example.org>", "?");
        receive_email(&test.db, parse_email(&stranger), &IntakeSettings::standard(OWN), Utc::now()).await.unwrap();

        let query = EnquiryQuery { scope: Scope::Union, filter: QueueFilter::AllOpen, limit: 100, offset: 0 };
        let subjects =
            |list: Vec<steward_app::ports::EnquirySummary>| list.into_iter().map(|e| e.subject).collect::<Vec<_>>();
        let all = steward_app::enquiries::enquiry_queue(&test.db, &admin, query.clone()).await.unwrap();
        assert_eq!(all.len(), 3, "{}", test.name);
        let caseworker = context(Role::Caseworker, Scope::Branch(org.branch));
        let mine = steward_app::enquiries::enquiry_queue(&test.db, &caseworker, query.clone()).await.unwrap();
        assert_eq!(subjects(mine), ["Help 1"], "{}: own branch only, no unplaced mail", test.name);
        let rep = context(Role::Rep, Scope::Workplace(org.workplace));
        assert!(
            steward_app::enquiries::enquiry_queue(&test.db, &rep, query).await.is_err(),
            "reps have no enquiry queue yet"
        );

        let far = steward_app::enquiries::enquiry_queue(
            &test.db,
            &admin,
            EnquiryQuery { scope: Scope::Union, filter: QueueFilter::AllOpen, limit: 100, offset: 0 },
        )
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.subject == "Help 2")
        .unwrap();
        let hidden = steward_app::enquiries::view_enquiry(&test.db, &caseworker, far.id).await;
        assert!(matches!(hidden, Err(steward_app::AppError::NotFound)), "{}: {hidden:?}", test.name);
        assert!(matches!(
            steward_app::enquiries::view_enquiry(&test.db, &admin, EnquiryId(999_999)).await,
            Err(steward_app::AppError::NotFound)
        ));
        steward_app::enquiries::add_note(&test.db, &admin, far.id, "Called the member back").await.unwrap();
        let detail = steward_app::enquiries::view_enquiry(&test.db, &admin, far.id).await.unwrap();
        assert_eq!(detail.messages.last().map(|m| m.direction.as_str()), Some("note"), "{}", test.name);
    }
}

#[tokio::test]
async fn enquiries_are_taken_handed_over_and_closed_on_both_backends() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        steward_app::members::create_member(&test.db, &admin, &member_draft(1, "Phone", "Caller", org.workplace))
            .await
            .unwrap();
        let draft = steward_app::enquiries::PhoneCallDraft {
            membership_number: "T000001".into(),
            caller_name: String::new(),
            subject: "Pay".into(),
            notes: "Underpaid in March".into(),
        };
        let id = steward_app::enquiries::log_phone_call(&test.db, &admin, &draft, &IntakeSettings::standard(OWN))
            .await
            .unwrap();
        let detail = test.db.enquiry(id).await.unwrap().unwrap();
        assert_eq!(
            (detail.summary.channel.as_str(), detail.summary.sender_name.as_deref()),
            ("phone", Some("Phone Caller")),
            "{}",
            test.name
        );

        // The admin context's user id is 1, which is no user in this database: use a real one.
        let user = steward_app::users::create_user_unchecked(
            &test.db,
            &steward_app::users::UserDraft {
                email: "cw@example.org".into(),
                name: "Cam Worker".into(),
                role: "caseworker".into(),
                scope: "union".into(),
                password: "a long enough password".into(),
            },
            Utc::now(),
        )
        .await
        .unwrap();
        let mut worker = context(Role::Caseworker, Scope::Union);
        worker.actor.user_id = user;
        steward_app::enquiries::take_enquiry(&test.db, &worker, id, false).await.unwrap();
        let detail = test.db.enquiry(id).await.unwrap().unwrap();
        assert_eq!(detail.summary.assigned_name.as_deref(), Some("Cam Worker"), "{}", test.name);
        let mine = EnquiryQuery { scope: Scope::Union, filter: QueueFilter::Mine(user), limit: 10, offset: 0 };
        assert_eq!(steward_app::enquiries::enquiry_queue(&test.db, &worker, mine.clone()).await.unwrap().len(), 1);
        steward_app::enquiries::close_enquiry(&test.db, &worker, id, "answered").await.unwrap();
        assert!(
            steward_app::enquiries::enquiry_queue(&test.db, &worker, mine).await.unwrap().is_empty(),
            "{}",
            test.name
        );
        let closed = test.db.enquiry(id).await.unwrap().unwrap();
        assert_eq!((closed.summary.status.as_str(), closed.summary.outcome.as_deref()), ("closed", Some("answered")));
        assert!(steward_app::enquiries::close_enquiry(&test.db, &worker, id, "answered").await.is_err());
    }
}

//! Time-off requests on both backends: an employer's notice rule (defaults when absent),
//! drafts changed only while drafts, status changes guarded so that a double click or a
//! second manager changes nothing, the manager's link found by its hash, and lists of one's
//! own requests and of submitted ones in a scope. A training request's syllabus file changes
//! only on its owner's draft, and the restore check finds every document's file.

use chrono::{Duration, NaiveDate, Utc};
use steward_app::cases::DocumentUpload;
use steward_app::ports::{
    AuditLog, AuditQuery, FileKey, FileStore, ManagerLink, NewTimeOffRequest, OutboxMail, OutboxStore, StoreError,
    SyllabusFile, TimeOffDecision, TimeOffFields, TimeOffFilter, TimeOffStore, TimeOffSyllabusStore,
};
use steward_app::time_off::{attach_syllabus, create_time_off, TimeOffDraft};
use steward_domain::case::document::DocumentType;
use steward_domain::facility::category::TimeCategory;
use steward_domain::facility::time_off::{NoticeCheck, NoticeRule, RequestStatus};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_store::{FileCheck, LocalFileStore};
use steward_test_support::{backends, seed_org, user_context};

fn fields(category: TimeCategory, starts: &str) -> TimeOffFields {
    let day = NaiveDate::parse_from_str(starts, "%Y-%m-%d").unwrap();
    TimeOffFields {
        category,
        starts_on: day,
        ends_on: day,
        minutes: 180,
        purpose: "Accompany a member at a hearing".into(),
        meeting: None,
        course_name: None,
        syllabus: None,
    }
}

fn mail(to: &str) -> OutboxMail {
    OutboxMail {
        to: to.into(),
        subject: "Time-off request".into(),
        body: "Open the link".into(),
        in_reply_to: None,
        message_id: None,
        automatic: true,
        attachments: Vec::new(),
    }
}

#[tokio::test]
async fn requests_move_only_by_guarded_changes_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let other = user_context(db, Role::Rep, Scope::Workplace(org.other_workplace), "far@example.org").await;
        let name = test.name;

        // The employer's rule: the defaults until the agreement says otherwise.
        assert_eq!(db.time_off_rule(org.employer).await.unwrap(), NoticeRule::DEFAULT, "{name}");
        let rule = NoticeRule { duties_working_days: 5, training_weeks: 6 };
        db.save_time_off_rule(org.employer, rule, &rep.audit("rule", "employer", None, String::new())).await.unwrap();
        assert_eq!(db.time_off_rule(org.employer).await.unwrap(), rule, "{name}");

        let new = NewTimeOffRequest {
            user: rep.actor.user_id,
            employer: Some(org.employer),
            workplace: Some(org.workplace),
            fields: fields(TimeCategory::Duties, "2026-05-12"),
            created_at: Utc::now(),
        };
        let audit = rep.audit("time_off.create", "time_off_request", None, String::new());
        let id = db.create_time_off_request(&new, &audit).await.unwrap();
        let far = NewTimeOffRequest { user: other.actor.user_id, workplace: Some(org.other_workplace), ..new.clone() };
        let far_id = db.create_time_off_request(&far, &audit).await.unwrap();

        let stored = db.time_off_request(id).await.unwrap().unwrap();
        assert_eq!(stored.status, RequestStatus::Draft, "{name}");
        assert_eq!(stored.fields, new.fields, "{name}");
        assert_eq!(stored.user_email, "rep@example.org", "{name}");
        assert_eq!(stored.employer_name.as_deref(), Some("Test Borough Council"), "{name}");
        assert!(stored.notice.is_none(), "{name}");

        // Only its owner changes a draft.
        let changed = TimeOffFields { minutes: 240, ..new.fields.clone() };
        assert!(matches!(
            db.update_time_off_draft(id, other.actor.user_id, &changed, Utc::now(), &audit).await,
            Err(StoreError::NotFound)
        ));
        let read_before_edit = db.time_off_request(id).await.unwrap().unwrap().updated_at;
        db.update_time_off_draft(id, rep.actor.user_id, &changed, Utc::now(), &audit).await.unwrap();
        let edited = db.time_off_request(id).await.unwrap().unwrap();
        assert_eq!(edited.fields.minutes, 240, "{name}");

        // Submitting keeps the notice check; a second submit (a double click) changes nothing.
        let notice = NoticeCheck {
            give_by: NaiveDate::from_ymd_opt(2026, 5, 5).unwrap(),
            short: true,
            message: "Short notice".into(),
            after_the_event: true,
        };
        // A notice checked against the draft as it was before the edit is not sent.
        assert!(
            matches!(
                db.submit_time_off(id, read_before_edit, &notice, Utc::now(), &audit).await,
                Err(StoreError::Stale)
            ),
            "{name}"
        );
        assert_eq!(db.time_off_request(id).await.unwrap().unwrap().status, RequestStatus::Draft, "{name}");
        db.submit_time_off(id, edited.updated_at, &notice, Utc::now(), &audit).await.unwrap();
        assert!(
            matches!(
                db.submit_time_off(id, edited.updated_at, &notice, Utc::now(), &audit).await,
                Err(StoreError::Stale)
            ),
            "{name}"
        );
        assert!(matches!(
            db.update_time_off_draft(id, rep.actor.user_id, &changed, Utc::now(), &audit).await,
            Err(StoreError::Stale)
        ));
        let submitted = db.time_off_request(id).await.unwrap().unwrap();
        assert_eq!((submitted.status, submitted.notice.as_ref()), (RequestStatus::Submitted, Some(&notice)), "{name}");

        // Lists: one's own (drafts too); in a scope, only others' submitted requests there.
        let mine = db.time_off_requests(TimeOffFilter::Mine(rep.actor.user_id), 10).await.unwrap();
        assert_eq!(mine.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id], "{name}");
        let region = db.time_off_requests(TimeOffFilter::InScope(Scope::Region(org.region)), 10).await.unwrap();
        assert_eq!(region.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id], "{name}: the far draft is not listed");
        let union = db.time_off_requests(TimeOffFilter::InScope(Scope::Union), 10).await.unwrap();
        assert_eq!(union.len(), 1, "{name}: drafts are their owners' business");
        let elsewhere =
            db.time_off_requests(TimeOffFilter::InScope(Scope::Region(org.other_region)), 10).await.unwrap();
        assert!(elsewhere.is_empty(), "{name}");

        // The manager's link: set with its mail in one write, found by its hash.
        let link = ManagerLink {
            manager_name: "Morgan Head".into(),
            manager_email: "head@school.example".into(),
            token_hash: "hash-one".into(),
            expires_at: Utc::now() + Duration::days(14),
        };
        db.set_time_off_link(id, &link, &mail("head@school.example"), &audit).await.unwrap();
        let claimed = db.claim_outbox("test", Utc::now(), Utc::now() + Duration::minutes(5), 10).await.unwrap();
        assert!(claimed.iter().any(|(_, m)| m.to == "head@school.example"), "{name}: the mail is queued");
        assert!(
            matches!(db.set_time_off_link(far_id, &link, &mail("x@example.org"), &audit).await, Err(StoreError::Stale)),
            "{name}: a draft gets no link"
        );
        let found = db.time_off_request_by_link("hash-one").await.unwrap().unwrap();
        assert_eq!((found.id, found.manager_name.as_deref()), (id, Some("Morgan Head")), "{name}");
        assert!(db.time_off_request_by_link("no-such-hash").await.unwrap().is_none(), "{name}");

        // A decision needs the link's hash, before its expiry, while the request waits.
        let approve = TimeOffDecision {
            status: RequestStatus::Approved,
            note: None,
            decided_by: "Morgan Head (manager via link)".into(),
            at: Utc::now(),
        };
        assert!(matches!(db.decide_time_off(id, "wrong", &approve, &audit).await, Err(StoreError::Stale)), "{name}");
        let late = TimeOffDecision { at: Utc::now() + Duration::days(15), ..approve.clone() };
        assert!(matches!(db.decide_time_off(id, "hash-one", &late, &audit).await, Err(StoreError::Stale)), "{name}");
        db.decide_time_off(id, "hash-one", &approve, &audit).await.unwrap();
        let refuse = TimeOffDecision { status: RequestStatus::Refused, note: Some("No".into()), ..approve.clone() };
        assert!(
            matches!(db.decide_time_off(id, "hash-one", &refuse, &audit).await, Err(StoreError::Stale)),
            "{name}: a second manager (or a second click) changes nothing"
        );
        let decided = db.time_off_request(id).await.unwrap().unwrap();
        assert_eq!(decided.status, RequestStatus::Approved, "{name}");
        assert_eq!(decided.decided_by.as_deref(), Some("Morgan Head (manager via link)"), "{name}");
        assert!(
            matches!(
                db.withdraw_time_off(id, RequestStatus::Submitted, "rep@example.org", Utc::now(), &audit).await,
                Err(StoreError::Stale)
            ),
            "{name}: a decided request is not withdrawn"
        );

        // Withdrawing a draft, once.
        db.withdraw_time_off(far_id, RequestStatus::Draft, "far@example.org", Utc::now(), &audit).await.unwrap();
        assert!(matches!(
            db.withdraw_time_off(far_id, RequestStatus::Draft, "far@example.org", Utc::now(), &audit).await,
            Err(StoreError::Stale)
        ));
        assert_eq!(db.time_off_request(far_id).await.unwrap().unwrap().status, RequestStatus::Withdrawn, "{name}");
        assert!(matches!(
            db.withdraw_time_off(999_999, RequestStatus::Draft, "x", Utc::now(), &audit).await,
            Err(StoreError::NotFound)
        ));
    }
}

fn syllabus(request: i64, key: FileKey, name: &str) -> SyllabusFile {
    SyllabusFile {
        request,
        filename: name.into(),
        doc_type: DocumentType::Pdf,
        size_bytes: 42,
        sha256: "ab".repeat(32),
        file_key: key,
        uploaded_by: None,
        uploaded_by_label: "rep@example.org".into(),
        uploaded_at: Utc::now(),
    }
}

#[tokio::test]
async fn a_syllabus_file_changes_only_on_its_owners_draft_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let name = test.name;
        let org = seed_org(db).await;
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let other = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "other@example.org").await;
        let new = NewTimeOffRequest {
            user: rep.actor.user_id,
            employer: Some(org.employer),
            workplace: Some(org.workplace),
            fields: fields(TimeCategory::Training, "2026-09-14"),
            created_at: Utc::now(),
        };
        let audit = rep.audit("time_off.create", "time_off_request", None, String::new());
        let id = db.create_time_off_request(&new, &audit).await.unwrap();
        assert!(db.time_off_syllabus(id).await.unwrap().is_none(), "{name}");

        // Set, read back as written, replaced (handing back the old key).
        let first = syllabus(id, FileKey::random(), "stage1.pdf");
        let add = rep.audit("time_off.syllabus_add", "time_off_request", Some(id.to_string()), String::new());
        assert_eq!(db.set_time_off_syllabus(rep.actor.user_id, &first, &add).await.unwrap(), None, "{name}");
        let stored = db.time_off_syllabus(id).await.unwrap().unwrap();
        assert_eq!(stored.uploaded_at.timestamp_micros(), first.uploaded_at.timestamp_micros(), "{name}");
        assert_eq!(SyllabusFile { uploaded_at: first.uploaded_at, ..stored }, first, "{name}");
        let second = syllabus(id, FileKey::random(), "outline.pdf");
        let replaced = db.set_time_off_syllabus(rep.actor.user_id, &second, &add).await.unwrap();
        assert_eq!(replaced, Some(first.file_key.clone()), "{name}: the old key comes back for removal");
        assert_eq!(db.time_off_syllabus(id).await.unwrap().unwrap().filename, "outline.pdf", "{name}");

        // Only the owner changes it; a key is used once.
        let theirs = syllabus(id, FileKey::random(), "x.pdf");
        assert!(
            matches!(db.set_time_off_syllabus(other.actor.user_id, &theirs, &add).await, Err(StoreError::NotFound)),
            "{name}"
        );
        assert!(matches!(
            db.remove_time_off_syllabus(id, other.actor.user_id, Utc::now(), &add).await,
            Err(StoreError::NotFound)
        ));
        let second_draft = db.create_time_off_request(&new, &audit).await.unwrap();
        let reused = syllabus(second_draft, second.file_key.clone(), "again.pdf");
        assert!(db.set_time_off_syllabus(rep.actor.user_id, &reused, &add).await.is_err(), "{name}: keys are unique");
        assert!(db.time_off_syllabus(second_draft).await.unwrap().is_none(), "{name}: nothing partly written");

        // Removed once; removing nothing writes nothing (not even the audit entry).
        let remove = rep.audit("time_off.syllabus_remove", "time_off_request", Some(id.to_string()), String::new());
        let gone = db.remove_time_off_syllabus(id, rep.actor.user_id, Utc::now(), &remove).await.unwrap();
        assert_eq!(gone, Some(second.file_key.clone()), "{name}");
        assert_eq!(db.remove_time_off_syllabus(id, rep.actor.user_id, Utc::now(), &remove).await.unwrap(), None);
        let query = AuditQuery {
            entity: Some("time_off_request".into()),
            entity_id: Some(id.to_string()),
            limit: 50,
            ..AuditQuery::default()
        };
        let entries = db.audit_entries(&query).await.unwrap().entries;
        let removals = entries.iter().filter(|(_, e)| e.action == "time_off.syllabus_remove").count();
        assert_eq!(removals, 1, "{name}");

        // Once submitted, it no longer changes.
        let read_before_attach = db.time_off_request(id).await.unwrap().unwrap().updated_at;
        db.set_time_off_syllabus(rep.actor.user_id, &first, &add).await.unwrap();
        let notice = NoticeCheck {
            give_by: NaiveDate::from_ymd_opt(2026, 8, 17).unwrap(),
            short: false,
            message: "Notice is enough".into(),
            after_the_event: false,
        };
        // Attaching the file changed the draft: a submit read before it is stale.
        assert!(matches!(
            db.submit_time_off(id, read_before_attach, &notice, Utc::now(), &audit).await,
            Err(StoreError::Stale)
        ));
        let read_at = db.time_off_request(id).await.unwrap().unwrap().updated_at;
        db.submit_time_off(id, read_at, &notice, Utc::now(), &audit).await.unwrap();
        let late = syllabus(id, FileKey::random(), "late.pdf");
        assert!(matches!(db.set_time_off_syllabus(rep.actor.user_id, &late, &add).await, Err(StoreError::Stale)));
        assert!(matches!(
            db.remove_time_off_syllabus(id, rep.actor.user_id, Utc::now(), &remove).await,
            Err(StoreError::Stale)
        ));
        assert_eq!(db.time_off_syllabus(id).await.unwrap().unwrap().file_key, first.file_key, "{name}");
    }
}

#[tokio::test]
async fn the_file_check_finds_every_documents_file_or_names_the_missing_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let name = test.name;
        let dir = tempfile::tempdir().unwrap();
        let files = LocalFileStore::new(dir.path().join("files"));
        let org = seed_org(db).await;
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        assert_eq!(db.check_document_files(&files).await.unwrap(), FileCheck::default(), "{name}");
        let draft = TimeOffDraft {
            category: "training".into(),
            starts_on: (Utc::now().date_naive() + Duration::days(60)).to_string(),
            hours: "7".into(),
            purpose: "Reps' stage 1".into(),
            course_name: "Reps' stage 1".into(),
            ..TimeOffDraft::default()
        };
        let mut ids = Vec::new();
        for _ in 0..2 {
            let id = create_time_off(db, &rep, &draft).await.unwrap();
            let upload = DocumentUpload { filename: "stage1.pdf".into(), bytes: b"%PDF-1.4\n%%EOF\n".to_vec() };
            attach_syllabus(db, &files, &rep, id, &upload, 1024).await.unwrap();
            ids.push(id);
        }
        // Written through the file store, every file is found where the check looks.
        let check = db.check_document_files(&files).await.unwrap();
        assert_eq!((check.checked, check.missing), (2, 0), "{name}: {check:?}");
        let lost = db.time_off_syllabus(ids[1]).await.unwrap().unwrap();
        files.delete(&lost.file_key).await.unwrap();
        let check = db.check_document_files(&files).await.unwrap();
        assert_eq!((check.checked, check.missing), (2, 1), "{name}");
        assert_eq!(check.named[0].what, format!("syllabus of time-off request {}", ids[1]), "{name}");
        assert!(!check.named[0].damaged, "{name}");
    }
}

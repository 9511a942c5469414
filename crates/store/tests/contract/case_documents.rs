//! Documents on cases on both backends: an upload keeps its row, timeline entry and audit
//! entry together, lists newest first, is found only on its own case, refuses a closed case
//! without leaving its file behind, and the local file store writes whole files only.

use steward_app::cases::{
    case_documents, close_case, download_document, open_case, upload_document, DocumentUpload, OpenCaseForm,
};
use steward_app::ports::{
    AuditLog, AuditQuery, CaseDocumentStore, CaseId, CaseStore, FileKey, FileStore, NewCaseDocument, NewTimelineEntry,
};
use steward_app::AppError;
use steward_domain::case::document::DocumentType;
use steward_domain::case::timeline::EntryKind;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_store::LocalFileStore;
use steward_test_support::{backends, context, member_draft, seed_org, user_context};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

fn files_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir).map_or_else(
        |_| Vec::new(),
        |entries| {
            entries
                .flatten()
                .flat_map(|entry| if entry.path().is_dir() { files_in(&entry.path()) } else { vec![entry.path()] })
                .collect()
        },
    )
}

#[tokio::test]
async fn documents_are_kept_listed_and_read_back_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let dir = tempfile::tempdir().unwrap();
        let files = LocalFileStore::new(dir.path().join("files"));
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        steward_app::members::create_member(db, &admin, &member_draft(1, "Ada", "Quill", org.workplace)).await.unwrap();
        let caseworker = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;
        let form = OpenCaseForm {
            title: "Warning".into(),
            case_type: "disciplinary".into(),
            membership_number: "T000001".into(),
            problem_arose_on: "2025-01-01".into(),
            complexity: "2".into(),
            emotional_load: "2".into(),
            ..OpenCaseForm::default()
        };
        let (case, _) = open_case(db, &caseworker, &form).await.unwrap();
        let (other_case, _) = open_case(db, &caseworker, &form).await.unwrap();

        let upload = DocumentUpload { filename: "Warning letter.pdf".into(), bytes: PDF.to_vec() };
        let first = upload_document(db, &files, &caseworker, case, &upload, 1024).await.unwrap();
        assert_eq!(first.doc_type, DocumentType::Pdf, "{}", test.name);
        assert_eq!(first.size_bytes, PDF.len() as u64);
        assert_eq!(first.sha256.len(), 64);
        let notes = DocumentUpload { filename: "notes".into(), bytes: b"Rang the member.\n".to_vec() };
        let second = upload_document(db, &files, &caseworker, case, &notes, 1024).await.unwrap();
        assert_eq!(second.filename, "notes.txt");

        let listed = case_documents(db, &caseworker, case).await.unwrap();
        assert_eq!(
            listed.iter().map(|d| d.id).collect::<Vec<_>>(),
            vec![second.id, first.id],
            "{}: newest first",
            test.name
        );
        // Times are kept to the microsecond.
        assert_eq!(listed[1].uploaded_at.timestamp_micros(), first.uploaded_at.timestamp_micros());
        let as_written = steward_app::ports::CaseDocument { uploaded_at: listed[1].uploaded_at, ..first.clone() };
        assert_eq!(listed[1], as_written, "{}: the row reads back as written", test.name);
        assert!(db.case_document(other_case, first.id).await.unwrap().is_none(), "{}: only on its own case", test.name);
        assert!(case_documents(db, &caseworker, other_case).await.unwrap().is_empty());

        let (found, bytes) = download_document(db, &files, &caseworker, case, first.id).await.unwrap();
        assert_eq!((found.id, bytes.as_slice()), (first.id, PDF), "{}", test.name);
        assert!(matches!(
            download_document(db, &files, &caseworker, other_case, first.id).await,
            Err(AppError::NotFound)
        ));

        let entries = db.case_timeline(case, Some(EntryKind::Document), None, 50).await.unwrap();
        assert_eq!(entries.len(), 2, "{}: a Document entry per upload", test.name);
        assert!(entries.iter().any(|entry| entry.body.contains("Warning letter.pdf (PDF")), "{}", test.name);
        let audit = db.audit_entries(&AuditQuery { limit: 500, ..AuditQuery::default() }).await.unwrap();
        let actions: Vec<&str> = audit.entries.iter().map(|(_, entry)| entry.action.as_str()).collect();
        for action in ["case.document_add", "case.documents_view", "case.document_download"] {
            assert!(actions.contains(&action), "{}: {action} is audited", test.name);
        }

        // Refused uploads write nothing: too large, a program, a closed case.
        let big = DocumentUpload { filename: "big.txt".into(), bytes: vec![b'a'; 1025] };
        assert!(matches!(upload_document(db, &files, &caseworker, case, &big, 1024).await, Err(AppError::Invalid(_))));
        let exe = DocumentUpload { filename: "cv.pdf".into(), bytes: [b"MZ".as_slice(), &[0u8; 64]].concat() };
        match upload_document(db, &files, &caseworker, case, &exe, 1024).await {
            Err(AppError::Invalid(errors)) => assert!(errors.get("file").unwrap().contains("program")),
            other => panic!("{}: {other:?}", test.name),
        }
        close_case(db, &caseworker, other_case, "advice_given", "").await.unwrap();
        assert!(upload_document(db, &files, &caseworker, other_case, &upload, 1024).await.is_err());
        assert_eq!(files_in(dir.path()).len(), 2, "{}: only the two kept files are on disk", test.name);

        // A row that cannot be written (its case is closed by the time it is) takes its file
        // with it: the store refuses, the use case removes the bytes.
        let key = FileKey::random();
        files.put(&key, PDF).await.unwrap();
        let new = NewCaseDocument {
            filename: "late.pdf".into(),
            doc_type: DocumentType::Pdf,
            size_bytes: PDF.len() as u64,
            sha256: first.sha256.clone(),
            file_key: key.clone(),
            uploaded_by: Some(caseworker.actor.user_id),
            uploaded_by_label: caseworker.actor_label.clone(),
            uploaded_at: caseworker.now,
        };
        let entry = NewTimelineEntry {
            kind: EntryKind::Document,
            author: Some(caseworker.actor.user_id),
            author_label: caseworker.actor_label.clone(),
            body: "Document added".into(),
            minutes: None,
            corrects: None,
            occurred_at: caseworker.now,
        };
        let audit = caseworker.audit("case.document_add", "case", Some(other_case.to_string()), String::new());
        assert!(db.add_case_document(other_case, &new, &entry, &audit).await.is_err(), "{}: closed", test.name);
        assert!(db.add_case_document(CaseId(999_999), &new, &entry, &audit).await.is_err(), "{}: no case", test.name);
        assert!(db.case_documents(other_case).await.unwrap().is_empty());
        files.delete(&key).await.unwrap();
    }
}

#[tokio::test]
async fn the_local_file_store_writes_whole_files_under_their_keys_only() {
    let dir = tempfile::tempdir().unwrap();
    let files = LocalFileStore::new(dir.path().join("files"));
    let key = FileKey::random();
    assert_eq!(files.get(&key).await.unwrap(), None, "nothing kept yet");
    files.delete(&key).await.unwrap();
    files.put(&key, b"first version").await.unwrap();
    assert_eq!(files.get(&key).await.unwrap().as_deref(), Some(b"first version".as_slice()));
    let on_disk = files_in(dir.path());
    assert_eq!(on_disk.len(), 1, "no temporary file is left behind");
    assert!(on_disk[0].ends_with(format!("{}/{key}", &key.as_str()[..2])), "{on_disk:?}");
    let other = FileKey::random();
    files.put(&other, b"").await.unwrap();
    assert_eq!(files.get(&other).await.unwrap(), Some(Vec::new()));
    files.delete(&key).await.unwrap();
    assert_eq!(files.get(&key).await.unwrap(), None);
    assert_eq!(files.get(&other).await.unwrap(), Some(Vec::new()), "deleting one key leaves the others");

    // Keys are made by Steward and checked when read back: never a path.
    for bad in ["../../etc/passwd", "ABCDEF0123456789abcdef0123456789", "short", ""] {
        assert!(FileKey::parse(bad).is_none(), "{bad}");
    }
    assert_eq!(FileKey::parse(key.as_str()), Some(key.clone()));
    assert_ne!(FileKey::random(), FileKey::random());

    // A store whose directory cannot be made reports it rather than panicking.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, b"a file where the directory should be").unwrap();
    let broken = LocalFileStore::new(blocked);
    assert!(broken.put(&FileKey::random(), b"x").await.is_err());
}

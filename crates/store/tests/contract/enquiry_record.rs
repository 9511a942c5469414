//! Finishing an enquiry's record on both backends: linking it to a member is a guarded write
//! (a link made from a stale read, or to a closed enquiry, is refused as `Stale`; an unknown
//! enquiry is `NotFound`) audited in the same transaction, and the sender's attachments and
//! the raw message come back byte for byte, only through their own enquiry. Promotion keeps
//! the attachments case documents take as the case's documents, names the rest on the
//! timeline, and leaves no file behind when it fails.

use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use chrono::Utc;
use steward_app::cases::{promote_enquiry, view_case, PromoteForm};
use steward_app::enquiries::{receive_email, IntakeSettings, Received};
use steward_app::ports::{
    AuditLog, AuditQuery, CaseDocumentStore, EnquiryId, EnquiryStore, FileKey, FileStore, StoreError, StoreResult,
};
use steward_domain::ids::MemberId;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_mail::parse_email;
use steward_store::LocalFileStore;
use steward_test_support::{backends, context, member_draft, seed_org, user_context};

const PDF: &str = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

/// A message from nobody the union knows, with one PDF attached.
fn mail_with_attachment(message_id: &str) -> Vec<u8> {
    format!(
        "From: Someone <someone@example.net>\r\nTo: help@union.example\r\nSubject: Letter from work\r\n\
         Message-ID: <{message_id}>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n\
         --XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease see the letter.\r\n\
         --XYZ\r\nContent-Type: application/pdf; name=\"Letter.pdf\"\r\nContent-Disposition: attachment; filename=\"Letter.pdf\"\r\n\
         Content-Transfer-Encoding: 7bit\r\n\r\n{PDF}\r\n--XYZ--\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn linking_is_guarded_and_audited_and_files_come_back_only_through_their_enquiry() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        let ada = steward_app::members::create_member(db, &admin, &member_draft(1, "Ada", "Quill", org.workplace))
            .await
            .unwrap();
        let ben = steward_app::members::create_member(db, &admin, &member_draft(2, "Ben", "Far", org.other_workplace))
            .await
            .unwrap();
        let settings = IntakeSettings::standard("help@union.example");
        let raw = mail_with_attachment("letter@example.net");
        let Received::Opened { id, .. } = receive_email(db, parse_email(&raw), &settings, Utc::now()).await.unwrap()
        else {
            panic!("{}: a new message opens an enquiry", test.name);
        };
        let other_raw = mail_with_attachment("other@example.net");
        let Received::Opened { id: other, .. } =
            receive_email(db, parse_email(&other_raw), &settings, Utc::now()).await.unwrap()
        else {
            panic!("{}: a second enquiry", test.name);
        };
        let detail = db.enquiry(id).await.unwrap().unwrap();
        assert_eq!((detail.summary.member, detail.summary.path), (None, None), "{}: unmatched", test.name);

        // The thread lists the attachment with its id and size, and says the original is kept.
        let message = &detail.messages[0];
        assert!(message.has_original, "{}", test.name);
        assert_eq!(message.attachments.len(), 1, "{}: {:?}", test.name, message.attachments);
        let listed = message.attachments[0].clone();
        assert_eq!(listed.name, "Letter.pdf");
        let attachment = db.enquiry_attachment(id, listed.id).await.unwrap().expect("its own attachment");
        assert_eq!(attachment.bytes, PDF.as_bytes(), "{}: byte for byte", test.name);
        assert_eq!(listed.size_bytes, PDF.len() as u64, "{}", test.name);
        assert_eq!((attachment.message, attachment.claimed_type.as_str()), (message.id, "application/pdf"));
        assert_eq!(db.enquiry_attachments(id).await.unwrap(), vec![attachment.clone()], "{}", test.name);
        assert!(db.enquiry_attachment(other, listed.id).await.unwrap().is_none(), "{}: not another's", test.name);
        assert_eq!(db.enquiry_message_original(id, message.id).await.unwrap().as_deref(), Some(raw.as_slice()));
        assert!(db.enquiry_message_original(other, message.id).await.unwrap().is_none(), "{}", test.name);

        // Linked once from "no member"; the same stale read cannot link it again.
        let audit = admin.audit("enquiry.link_member", "enquiry", Some(id.to_string()), "member none -> 1".into());
        db.link_enquiry_member(id, None, ada, org.workplace, &audit).await.unwrap();
        let linked = db.enquiry(id).await.unwrap().unwrap().summary;
        assert_eq!(linked.member, Some(ada), "{}", test.name);
        assert_eq!(linked.path.map(|p| p.workplace), Some(org.workplace), "{}: it sits at the member's", test.name);
        assert_eq!(linked.member_name.as_deref(), Some("Ada Quill"));
        let stale = db.link_enquiry_member(id, None, ben, org.other_workplace, &audit).await;
        assert!(matches!(stale, Err(StoreError::Stale)), "{}: {stale:?}", test.name);
        // A wrong link is changed from what it is now.
        db.link_enquiry_member(id, Some(ada), ben, org.other_workplace, &audit).await.unwrap();
        let moved = db.enquiry(id).await.unwrap().unwrap().summary;
        assert_eq!(moved.member, Some(ben), "{}", test.name);
        assert_eq!(moved.path.map(|p| p.region), Some(org.other_region), "{}", test.name);

        let missing = db.link_enquiry_member(EnquiryId(999_999), None, ada, org.workplace, &audit).await;
        assert!(matches!(missing, Err(StoreError::NotFound)), "{}: {missing:?}", test.name);
        let close = admin.audit("enquiry.close", "enquiry", Some(other.to_string()), "no_action".into());
        db.close_enquiry(other, "no_action", Utc::now(), &close).await.unwrap();
        let closed = db.link_enquiry_member(other, None, MemberId(ada.0), org.workplace, &audit).await;
        assert!(matches!(closed, Err(StoreError::Stale)), "{}: a closed enquiry keeps its member", test.name);
        assert_eq!(db.enquiry(other).await.unwrap().unwrap().summary.member, None);

        let query = AuditQuery {
            entity: Some("enquiry".into()),
            entity_id: Some(id.to_string()),
            limit: 50,
            ..AuditQuery::default()
        };
        let entries = db.audit_entries(&query).await.unwrap().entries;
        let links = entries.iter().filter(|(_, entry)| entry.action == "enquiry.link_member").count();
        assert_eq!(links, 2, "{}: one audit entry per link written, none for refusals", test.name);
    }
}

/// A message from `ada.quill1@example.org` with two PDFs and a web page attached.
fn mail_with_three_attachments(message_id: &str) -> Vec<u8> {
    let part = |name: &str, claimed: &str, body: &str| {
        format!(
            "--XYZ\r\nContent-Type: {claimed}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: 7bit\r\n\r\n{body}\r\n"
        )
    };
    format!(
        "From: Ada Quill <ada.quill1@example.org>\r\nTo: help@union.example\r\nSubject: Papers for my hearing\r\n\
         Message-ID: <{message_id}>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n\
         --XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe letter and my notes.\r\n{}{}{}--XYZ--\r\n",
        part("Letter.pdf", "application/pdf", PDF),
        part("Notes.pdf", "application/pdf", PDF),
        part("invoice.html", "application/pdf", "<html><body><script>alert(1)</script></body></html>"),
    )
    .into_bytes()
}

fn promote_form() -> PromoteForm {
    PromoteForm {
        case_type: "disciplinary".into(),
        problem_arose_on: "2025-06-01".into(),
        complexity: "3".into(),
        emotional_load: "3".into(),
        ..PromoteForm::default()
    }
}

/// A file store whose second write fails, as a full disk would.
struct SecondPutFails {
    inner: LocalFileStore,
    puts: AtomicUsize,
}

#[async_trait]
impl FileStore for SecondPutFails {
    async fn put(&self, key: &FileKey, bytes: &[u8]) -> StoreResult<()> {
        if self.puts.fetch_add(1, Ordering::SeqCst) == 1 {
            return Err(StoreError::Backend("no space left on device".into()));
        }
        self.inner.put(key, bytes).await
    }
    async fn get(&self, key: &FileKey) -> StoreResult<Option<Vec<u8>>> {
        self.inner.get(key).await
    }
    async fn delete(&self, key: &FileKey) -> StoreResult<()> {
        self.inner.delete(key).await
    }
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries.flatten().map(|entry| if entry.path().is_dir() { files_in(&entry.path()) } else { 1 }).sum()
    })
}

#[tokio::test]
async fn promotion_keeps_the_attachments_case_documents_take_and_names_the_rest() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        steward_app::members::create_member(db, &admin, &member_draft(1, "Ada", "Quill", org.workplace)).await.unwrap();
        let caseworker = user_context(db, Role::Caseworker, Scope::Union, "cw@example.org").await;
        let settings = IntakeSettings::standard("help@union.example");
        let raw = mail_with_three_attachments("papers@example.org");
        let Received::Opened { id, .. } = receive_email(db, parse_email(&raw), &settings, Utc::now()).await.unwrap()
        else {
            panic!("{}: opens an enquiry", test.name);
        };
        let dir = tempfile::tempdir().unwrap();

        // A write that fails half-way leaves no case and no file behind.
        let failing =
            SecondPutFails { inner: LocalFileStore::new(dir.path().join("files")), puts: AtomicUsize::new(0) };
        let failed = promote_enquiry(db, &failing, &caseworker, id, &promote_form(), 1024).await;
        assert!(failed.is_err(), "{}: the file store failed", test.name);
        assert_eq!(files_in(dir.path()), 0, "{}: the first file was removed again", test.name);
        assert_eq!(db.enquiry(id).await.unwrap().unwrap().summary.status, "open", "{}", test.name);

        let files = LocalFileStore::new(dir.path().join("files"));
        let (case, _) = promote_enquiry(db, &files, &caseworker, id, &promote_form(), 1024).await.unwrap();
        let documents = db.case_documents(case).await.unwrap();
        let mut names: Vec<&str> = documents.iter().map(|d| d.filename.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["Letter.pdf", "Notes.pdf"], "{}: the web page is not a document", test.name);
        assert_eq!(files_in(dir.path()), 2, "{}", test.name);
        let stored = files.get(&documents[0].file_key).await.unwrap();
        assert_eq!(stored.as_deref(), Some(PDF.as_bytes()), "{}", test.name);
        let view = view_case(db, &caseworker, case, None).await.unwrap();
        let bodies: Vec<&str> = view.timeline.iter().map(|entry| entry.body.as_str()).collect();
        assert!(
            bodies.iter().any(|b| b.contains("not added to the case's documents") && b.contains("invoice.html")),
            "{}: the timeline names what stayed on the enquiry: {bodies:?}",
            test.name
        );
        assert_eq!(
            bodies.iter().filter(|b| b.starts_with("Document added from enquiry")).count(),
            2,
            "{}: {bodies:?}",
            test.name
        );
        assert!(bodies.iter().any(|b| b.contains("The letter and my notes.")), "{}: history still copied", test.name);
        // The enquiry keeps all three.
        assert_eq!(db.enquiry_attachments(id).await.unwrap().len(), 3, "{}", test.name);
    }
}

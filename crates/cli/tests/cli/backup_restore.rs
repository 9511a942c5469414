//! A backup taken while writers are busy restores to exactly the data at the backup's moment:
//! everything acknowledged before it began is there, nothing sent after it ended is, and every
//! restored row equals the source's row. A backup carries the documents' files beside it
//! (`PATH.files/`), and a restore puts them back so each document downloads as it was
//! uploaded; a restore whose files went missing says how many.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use steward_app::ports::MemberQuery;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;

use crate::commands::{steward_with, text};
use crate::server::{agent, create_member, Backend, Server};

/// One write: its number, when it was sent, and when (if) it was acknowledged.
struct Write {
    number: String,
    sent: Instant,
    acknowledged: Option<Instant>,
}

fn busy_writers(
    server: &Server,
    token: &str,
    stop: &Arc<AtomicBool>,
) -> (Arc<Mutex<Vec<Write>>>, Vec<std::thread::JoinHandle<()>>) {
    let log: Arc<Mutex<Vec<Write>>> = Arc::default();
    let handles = (0..3)
        .map(|writer| {
            let (base, token, stop, log) = (server.base.clone(), token.to_owned(), stop.clone(), log.clone());
            std::thread::spawn(move || {
                let agent = agent();
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let number = format!("B{writer}-{n}");
                    let sent = Instant::now();
                    let acknowledged = create_member(&agent, &base, &token, &number).map(|_| Instant::now());
                    log.lock().unwrap().push(Write { number, sent, acknowledged });
                }
            })
        })
        .collect();
    (log, handles)
}

/// Every member in a database, by membership number, as comparable text.
fn all_members(url: &str) -> BTreeMap<String, String> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let db = steward_store::Db::connect(url).await.unwrap();
        let ctx = steward_test_support::context(Role::Admin, Scope::Union);
        let mut members = BTreeMap::new();
        for page in 1.. {
            let query = MemberQuery {
                scope: Scope::Union,
                text: None,
                status: None,
                workplace: None,
                branch: None,
                employer: None,
                page,
                per_page: 100,
            };
            let found = steward_app::members::search_members(&db, &ctx, query).await.unwrap();
            if found.members.is_empty() {
                break;
            }
            for m in found.members {
                members.insert(m.membership_number.clone(), format!("{m:?}"));
            }
        }
        db.close().await;
        members
    })
}

fn check_restored(
    name: &str,
    log: &[Write],
    started: Instant,
    finished: Instant,
    source: &BTreeMap<String, String>,
    restored: &BTreeMap<String, String>,
) {
    for (number, row) in restored {
        assert_eq!(source.get(number), Some(row), "{name}: restored {number} differs from the source");
    }
    let before: Vec<&Write> = log.iter().filter(|w| w.acknowledged.is_some_and(|at| at < started)).collect();
    let after: Vec<&Write> = log.iter().filter(|w| w.sent > finished).collect();
    assert!(!before.is_empty() && !after.is_empty(), "{name}: the backup did not happen under load");
    for write in &before {
        assert!(
            restored.contains_key(&write.number),
            "{name}: {} was acknowledged before the backup but is missing",
            write.number
        );
    }
    for write in &after {
        assert!(
            !restored.contains_key(&write.number),
            "{name}: {} was sent after the backup yet restored",
            write.number
        );
    }
    println!(
        "backup/restore ({name}): {} rows restored equal to the source; {} acknowledged before the backup all present; {} sent after it all absent",
        restored.len(),
        before.len(),
        after.len()
    );
}

#[test]
fn a_sqlite_backup_under_load_restores_to_the_moment_it_was_taken() {
    let backend = Backend::sqlite();
    let token = backend.seed();
    let server = Server::start(&backend.url);
    let stop = Arc::new(AtomicBool::new(false));
    let (log, writers) = busy_writers(&server, &token, &stop);
    std::thread::sleep(Duration::from_millis(400));
    let backup = backend.path("backup.db");
    let started = Instant::now();
    let output = steward_with(&["backup", backup.to_str().unwrap(), "--database", &backend.url], None);
    let finished = Instant::now();
    assert!(output.status.success(), "{}", text(&output.stderr));
    println!("steward backup under load took {:?}", finished - started);
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    writers.into_iter().for_each(|w| w.join().unwrap());
    server.kill();

    let restore_dir = tempfile::tempdir().unwrap();
    let restore_dir_text = restore_dir.path().to_str().unwrap();
    let restored = steward_with(&["restore", backup.to_str().unwrap(), "--data-dir", restore_dir_text], None);
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    let again = steward_with(&["restore", backup.to_str().unwrap(), "--data-dir", restore_dir_text], None);
    assert_eq!(again.status.code(), Some(2), "restore never overwrites a database");
    let garbage = backend.path("garbage.db");
    std::fs::write(&garbage, b"this is not a database").unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let refused =
        steward_with(&["restore", garbage.to_str().unwrap(), "--data-dir", other_dir.path().to_str().unwrap()], None);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));

    let source = all_members(&backend.url);
    let restored_url = format!("sqlite://{}", restore_dir.path().join("steward.db").display());
    let restored = all_members(&restored_url);
    check_restored("sqlite", &log.lock().unwrap(), started, finished, &source, &restored);
}

#[test]
fn a_postgres_dump_under_load_restores_to_the_moment_it_was_taken() {
    let Some(backend) = Backend::postgres() else {
        eprintln!("STEWARD_TEST_POSTGRES_URL is not set: PostgreSQL backup skipped");
        return;
    };
    if std::process::Command::new("pg_dump").arg("--version").output().is_err() {
        eprintln!("pg_dump is not installed: PostgreSQL backup skipped");
        return;
    }
    let token = backend.seed();
    let server = Server::start(&backend.url);
    let stop = Arc::new(AtomicBool::new(false));
    let (log, writers) = busy_writers(&server, &token, &stop);
    std::thread::sleep(Duration::from_millis(400));
    let dump = backend.path("steward.dump");
    let started = Instant::now();
    let output = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--file", dump.to_str().unwrap(), &backend.url])
        .output()
        .unwrap();
    let finished = Instant::now();
    assert!(output.status.success(), "pg_dump: {}", text(&output.stderr));
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    writers.into_iter().for_each(|w| w.join().unwrap());
    server.kill();

    let target = Backend::postgres().unwrap();
    let output = std::process::Command::new("pg_restore")
        .args(["--no-owner", "--dbname", &target.url, dump.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "pg_restore: {}", text(&output.stderr));
    let source = all_members(&backend.url);
    let restored = all_members(&target.url);
    check_restored("postgres", &log.lock().unwrap(), started, finished, &source, &restored);
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// Uploads `bytes` as a document on the first open case the token reaches; returns the case
/// and document ids.
fn upload_document(base: &str, token: &str, bytes: &[u8]) -> (i64, i64) {
    let agent = agent();
    let mut list = agent
        .get(&format!("{base}/api/v1/cases?status=open"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(list.status(), 200);
    let cases: serde_json::Value = list.body_mut().read_json().unwrap();
    let case = cases["cases"][0]["id"].as_i64().unwrap_or_else(|| panic!("no open demo case: {cases}"));
    let boundary = "steward-cli-backup-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Warning letter.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut uploaded = agent
        .post(&format!("{base}/api/v1/cases/{case}/documents"))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", &format!("multipart/form-data; boundary={boundary}"))
        .send(&body[..])
        .unwrap();
    let document: serde_json::Value = uploaded.body_mut().read_json().unwrap();
    assert_eq!(uploaded.status(), 201, "{document}");
    (case, document["id"].as_i64().unwrap())
}

fn download_document(base: &str, token: &str, case: i64, document: i64) -> Vec<u8> {
    let mut reply = agent()
        .get(&format!("{base}/api/v1/cases/{case}/documents/{document}"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(reply.status(), 200, "the restored document downloads");
    reply.body_mut().read_to_vec().unwrap()
}

/// Every file under `dir`, as (path below `dir`, bytes).
fn files_under(dir: &std::path::Path) -> BTreeMap<std::path::PathBuf, Vec<u8>> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut BTreeMap<std::path::PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(path.strip_prefix(root).unwrap().to_owned(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn a_backup_carries_the_documents_and_a_restore_puts_them_back() {
    let backend = Backend::sqlite();
    let data_dir = backend.dir.path().to_str().unwrap().to_owned();
    backend.run(&["demo", "--members", "60"]);
    let token = backend.run(&["token", "create", "--email", "admin@example.org"]).trim().to_owned();
    let server = Server::start_with(&backend.url, &["--data-dir", &data_dir]);
    let (case, document) = upload_document(&server.base, &token, PDF);
    server.kill();
    let source_files = files_under(&backend.path("files"));
    assert_eq!(source_files.len(), 1, "the upload is one file under DATA_DIR/files");

    let backups = tempfile::tempdir().unwrap();
    let backup = backups.path().join("steward-backup.db");
    let backup_text = backup.to_str().unwrap();
    let output = steward_with(&["backup", backup_text, "--database", &backend.url, "--data-dir", &data_dir], None);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let said = text(&output.stdout);
    assert!(said.contains("1 document files copied") && said.contains("All 1 documents have their files"), "{said}");
    let copied = backups.path().join("steward-backup.db.files");
    assert_eq!(files_under(&copied), source_files, "the files are copied beside the backup, byte for byte");

    // The backup's names are never reused: the file, or its files directory, already there.
    let again = steward_with(&["backup", backup_text, "--database", &backend.url, "--data-dir", &data_dir], None);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    let second = backups.path().join("second.db");
    std::fs::create_dir(backups.path().join("second.db.files")).unwrap();
    let blocked =
        steward_with(&["backup", second.to_str().unwrap(), "--database", &backend.url, "--data-dir", &data_dir], None);
    assert_eq!(blocked.status.code(), Some(2), "{}", text(&blocked.stderr));
    assert!(text(&blocked.stderr).contains("second.db.files"), "{}", text(&blocked.stderr));
    assert!(!second.exists(), "nothing is written when the files directory is in the way");

    // Restored into a new data directory, the document downloads with the same bytes.
    let restored = tempfile::tempdir().unwrap();
    let restored_text = restored.path().to_str().unwrap();
    let output = steward_with(&["restore", backup_text, "--data-dir", restored_text], None);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Restored 1 document files"), "{}", text(&output.stdout));
    assert!(!text(&output.stderr).contains("warning"), "{}", text(&output.stderr));
    assert_eq!(files_under(&restored.path().join("files")), source_files);
    assert!(!restored.path().join("files.restoring").exists());
    let restored_url = format!("sqlite://{}", restored.path().join("steward.db").display());
    let server = Server::start_with(&restored_url, &["--data-dir", restored_text]);
    assert_eq!(download_document(&server.base, &token, case, document), PDF);
    server.kill();

    // A restore never writes over a files directory that is there already.
    let occupied = tempfile::tempdir().unwrap();
    std::fs::create_dir(occupied.path().join("files")).unwrap();
    let refused = steward_with(&["restore", backup_text, "--data-dir", occupied.path().to_str().unwrap()], None);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(!occupied.path().join("steward.db").exists());

    // A backup whose files went missing restores, with a warning saying how many.
    let damaged = backups.path().join("damaged.db");
    std::fs::copy(&backup, &damaged).unwrap();
    std::fs::create_dir(backups.path().join("damaged.db.files")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let output =
        steward_with(&["restore", damaged.to_str().unwrap(), "--data-dir", elsewhere.path().to_str().unwrap()], None);
    assert!(output.status.success(), "a missing file is a warning, not a failure: {}", text(&output.stderr));
    let warned = text(&output.stderr);
    assert!(
        warned.contains("warning: 1 of 1 documents have no file") && warned.contains("Warning letter.pdf"),
        "{warned}"
    );
}

#[test]
fn a_backup_without_documents_says_so_and_copies_no_files() {
    let backend = Backend::sqlite();
    let data_dir = backend.dir.path().to_str().unwrap().to_owned();
    backend.run(&["migrate"]);
    let backup = backend.path("empty-backup.db");
    let output =
        steward_with(&["backup", backup.to_str().unwrap(), "--database", &backend.url, "--data-dir", &data_dir], None);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("No document files"), "{}", text(&output.stdout));
    assert!(!backend.path("empty-backup.db.files").exists());
    let restored = tempfile::tempdir().unwrap();
    let output =
        steward_with(&["restore", backup.to_str().unwrap(), "--data-dir", restored.path().to_str().unwrap()], None);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("restoring the database only"), "{}", text(&output.stdout));
    assert!(!text(&output.stderr).contains("warning"), "{}", text(&output.stderr));
}

//! A backup taken while writers are busy restores to exactly the data at the backup's moment:
//! everything acknowledged before it began is there, nothing sent after it ended is, and every
//! restored row equals the source's row.

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

//! `steward import mail` on a mailbox where one message cannot be stored, and on a historical
//! mailbox whose senders must not be acknowledged now.

use std::path::Path;

use crate::commands::{steward, text};

const MESSAGES: [&str; 3] = ["First question", "Poison", "Third question"];

fn mbox(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("inbox.mbox");
    let mut contents = String::new();
    for (n, subject) in MESSAGES.iter().enumerate() {
        contents.push_str(&format!(
            "From someone@example.org Tue Nov 24 09:00:00 2026\nFrom: person{n}@example.org\nSubject: {subject}\nMessage-ID: <old-{n}@example.org>\n\nHello\n\n"
        ));
    }
    std::fs::write(&path, contents).unwrap();
    path
}

/// Runs SQL straight on the data directory's SQLite file.
fn sql(dir: &Path, statement: &str) -> i64 {
    let url = format!("sqlite://{}", dir.join("steward.db").display());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let value = if statement.starts_with("SELECT") {
            sqlx::query_scalar(statement).fetch_one(&pool).await.unwrap()
        } else {
            sqlx::query(statement).execute(&pool).await.unwrap();
            0
        };
        pool.close().await;
        value
    })
}

#[test]
fn one_message_that_cannot_be_stored_is_reported_and_the_rest_go_in() {
    let dir = tempfile::tempdir().unwrap();
    assert!(steward(dir.path(), &["migrate"], None).status.success());
    // The storage failure: the database refuses one message, as a full disk or a constraint would.
    sql(
        dir.path(),
        "CREATE TRIGGER poison BEFORE INSERT ON enquiry_messages WHEN NEW.subject = 'Poison' \
         BEGIN SELECT RAISE(ABORT, 'the disk says no'); END",
    );
    let mailbox = mbox(dir.path());
    let first = steward(dir.path(), &["import", "mail", mailbox.to_str().unwrap()], None);
    let (stdout, stderr) = (text(&first.stdout), text(&first.stderr));
    assert_eq!(first.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("2 enquiries opened, 0 replies added, 0 already taken in, 0 flagged as unreadable, 1 failed"),
        "{stdout}"
    );
    assert!(stderr.contains("message 2") && stderr.contains("the disk says no"), "{stderr}");
    assert!(!stderr.contains("message 3"), "{stderr}");
    assert_eq!(sql(dir.path(), "SELECT COUNT(*) FROM enquiries"), 2, "the messages after it were taken in");
    assert_eq!(sql(dir.path(), "SELECT COUNT(*) FROM outbox"), 2, "each acknowledged by default");

    // Fixed, the same command takes in only what failed.
    sql(dir.path(), "DROP TRIGGER poison");
    let again = steward(dir.path(), &["import", "mail", "--no-acknowledge", mailbox.to_str().unwrap()], None);
    let stdout = text(&again.stdout);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(stdout.contains("1 enquiries opened, 0 replies added, 2 already taken in"), "{stdout}");
    assert_eq!(sql(dir.path(), "SELECT COUNT(*) FROM outbox"), 2, "--no-acknowledge sent nothing more");
}

#[test]
fn a_historical_mailbox_is_imported_without_acknowledging_anyone() {
    let dir = tempfile::tempdir().unwrap();
    let mailbox = mbox(dir.path());
    let imported = steward(dir.path(), &["import", "mail", "--no-acknowledge", mailbox.to_str().unwrap()], None);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    assert!(text(&imported.stdout).contains("3 enquiries opened"), "{}", text(&imported.stdout));
    assert_eq!(sql(dir.path(), "SELECT COUNT(*) FROM enquiries"), 3);
    assert_eq!(sql(dir.path(), "SELECT COUNT(*) FROM outbox"), 0);

    let bad = steward(dir.path(), &["import", "mail", "--no-acknowledge", "/no/such/mbox"], None);
    assert_eq!(bad.status.code(), Some(2), "bad input is still exit 2");
}

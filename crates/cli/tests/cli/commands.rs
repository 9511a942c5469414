//! The `steward` binary as an administrator uses it: exit status 0 on success, 2 with a
//! one-line reason on bad input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub fn steward(data_dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    run_steward(Some(data_dir), args, stdin)
}

/// Runs steward with only the given arguments (the database named in them).
pub fn steward_with(args: &[&str], stdin: Option<&str>) -> Output {
    run_steward(None, args, stdin)
}

fn run_steward(data_dir: Option<&Path>, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_steward"));
    match data_dir {
        Some(dir) => command.env("STEWARD_DATA_DIR", dir),
        None => command.env_remove("STEWARD_DATA_DIR"),
    };
    let mut child = command
        .args(args)
        .env_remove("STEWARD_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run steward");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn users_and_tokens_are_made_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let added = steward(
        dir.path(),
        &["user", "add", "--email", "Boss@Example.org", "--name", "Bo Boss", "--role", "admin", "--password-stdin"],
        Some("a long enough password\n"),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let again = steward(
        dir.path(),
        &["user", "add", "--email", "boss@example.org", "--name", "Bo", "--role", "admin", "--password-stdin"],
        Some("a long enough password"),
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("already in use"), "{}", text(&again.stderr));
    let bad_role = steward(
        dir.path(),
        &["user", "add", "--email", "x@example.org", "--name", "X", "--role", "king", "--password-stdin"],
        Some("a long enough password"),
    );
    assert_eq!(bad_role.status.code(), Some(2));
    assert_eq!(text(&bad_role.stderr).lines().count(), 1, "one line: {}", text(&bad_role.stderr));
    let short = steward(
        dir.path(),
        &["user", "add", "--email", "y@example.org", "--name", "Y", "--role", "rep", "--password-stdin"],
        Some("short"),
    );
    assert_eq!(short.status.code(), Some(2));
    let no_stdin_flag =
        steward(dir.path(), &["user", "add", "--email", "z@example.org", "--name", "Z", "--role", "rep"], None);
    assert_eq!(no_stdin_flag.status.code(), Some(2));

    let token = steward(dir.path(), &["token", "create", "--email", "boss@example.org"], None);
    assert!(token.status.success());
    assert!(text(&token.stdout).trim().starts_with("stw_"));
    let unknown = steward(dir.path(), &["token", "create", "--email", "nobody@example.org"], None);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn a_csv_import_reports_bad_rows_by_line_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let demo = steward(dir.path(), &["demo", "--members", "5"], None);
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let csv = dir.path().join("members.csv");
    std::fs::write(
        &csv,
        "membership_number,first_name,last_name,email,phone,workplace_id,job_title,joined_on,status\n\
         CSV-001,Ana,Importer,ana@example.org,07700 900001,1,Porter,2020-01-01,active\n\
         CSV-002,Ben,Importer,not-an-email,,1,,2020-01-01,\n\
         CSV-003,Cat,Importer,,,99999,,2020-01-01,\n\
         CSV-004,Dan,Importer,,,1,,2020-13-01,\n\
         CSV-005,Eve,Importer,,,one,,2020-01-01,\n\
         CSV-001,Ana,Again,,,1,,2020-01-01,\n\
         CSV-006,Fay,Importer,fay@example.org,,2,Cook,2019-06-30,arrears\n",
    )
    .unwrap();
    let first = steward(dir.path(), &["import", "members", csv.to_str().unwrap()], None);
    let stderr = text(&first.stderr);
    assert_eq!(first.status.code(), Some(2), "{stderr}");
    for expected in [
        "line 3: email:",
        "line 4: workplace_id:",
        "line 5: joined_on:",
        "line 6: workplace_id:",
        "line 7: membership_number:",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in {stderr}");
    }
    assert!(text(&first.stdout).contains("2 created, 0 updated, 0 unchanged, 5 rejected"), "{}", text(&first.stdout));
    let second = steward(dir.path(), &["import", "members", csv.to_str().unwrap()], None);
    assert!(text(&second.stdout).contains("0 created, 0 updated, 2 unchanged, 5 rejected"), "{}", text(&second.stdout));

    let missing = steward(dir.path(), &["import", "members", "/no/such/file.csv"], None);
    assert_eq!(missing.status.code(), Some(2));
    let headerless = dir.path().join("bad.csv");
    std::fs::write(&headerless, "a,b,c\n1,2,3\n").unwrap();
    let wrong_header = steward(dir.path(), &["import", "members", headerless.to_str().unwrap()], None);
    assert_eq!(wrong_header.status.code(), Some(2));
    assert!(text(&wrong_header.stderr).contains("membership_number"));
}

#[test]
fn backups_are_complete_and_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    assert!(steward(dir.path(), &["demo", "--members", "20"], None).status.success());
    let target = dir.path().join("backup.db");
    let backup = steward(dir.path(), &["backup", target.to_str().unwrap()], None);
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    assert!(target.metadata().unwrap().len() > 0);
    let again = steward(dir.path(), &["backup", target.to_str().unwrap()], None);
    assert_eq!(again.status.code(), Some(2));
    let restored_dir = tempfile::tempdir().unwrap();
    std::fs::copy(&target, restored_dir.path().join("steward.db")).unwrap();
    let demo_again = steward(restored_dir.path(), &["demo", "--members", "1"], None);
    assert_eq!(demo_again.status.code(), Some(2), "the restored copy already has the demo users");
    let postgres = steward(dir.path(), &["backup", "/tmp/x.db", "--database", "postgres://localhost/x"], None);
    assert_eq!(postgres.status.code(), Some(2));
    assert!(text(&postgres.stderr).contains("pg_dump"));
}

#[test]
fn bad_flags_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [&[&str]; 4] = [
        &["serve", "--listen", "not-an-address"],
        &["migrate", "--database", "mysql://localhost/x"],
        &["demo", "--members", "0"],
        &["no-such-command"],
    ];
    for args in cases {
        let output = steward(dir.path(), args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output.stderr));
        assert!(!text(&output.stderr).is_empty());
    }
}

#[test]
fn calc_prints_json_and_refuses_impossible_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let ok = steward(
        dir.path(),
        &["calc", "accompaniment_postponement_latest", "--employer-proposed-date", "2026-04-02"],
        None,
    );
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let json: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(
        json["result"]["latest_alternative_date"], "2026-04-13",
        "rules.md 2.2: Good Friday and Easter Monday skipped"
    );
    for key in ["rule", "inputs", "result", "explanation", "warnings", "source"] {
        assert!(json.get(key).is_some(), "output lacks {key}");
    }
    let list = steward(dir.path(), &["calc", "--list"], None);
    assert!(list.status.success());
    let cases: [&[&str]; 5] = [
        &[
            "calc",
            "et_deadline_with_ec",
            "--claim-type",
            "unfair-dismissal",
            "--trigger-date",
            "2026-03-10",
            "--day-a",
            "2026-05-01",
            "--day-b",
            "2026-04-01",
        ],
        &["calc", "appeal_window", "--outcome-date", "2025-02-30"],
        &["calc", "appeal_window", "--outcome-date"],
        &["calc", "appeal_window", "--colour", "red"],
        &["calc", "no_such_rule"],
    ];
    for args in cases {
        let output = steward(dir.path(), args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&output.stderr).trim().lines().count(), 1, "{args:?}: {}", text(&output.stderr));
    }
}

#[test]
fn docs_deadlines_describes_every_rule_and_flag() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/deadlines.md")).unwrap();
    for rule in steward_domain::deadlines::rules() {
        assert!(doc.contains(&format!("`{}`", rule.name)), "docs/deadlines.md lacks rule {}", rule.name);
        for input in rule.inputs {
            assert!(
                doc.contains(&format!("`--{}`", input.name)),
                "docs/deadlines.md lacks --{} of {}",
                input.name,
                rule.name
            );
        }
    }
}

#[test]
fn a_config_file_supplies_settings_that_flags_and_environment_override() {
    let dir = tempfile::tempdir().unwrap();
    let from_file = dir.path().join("from-file");
    let config = dir.path().join("steward.toml");
    std::fs::write(&config, format!("data_dir = \"{}\"\n", from_file.display())).unwrap();
    let output = steward_with(&["migrate", "--config", config.to_str().unwrap()], None);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(from_file.join("steward.db").exists(), "the file's data_dir was used");

    let flagged = dir.path().join("flagged");
    let output =
        steward_with(&["migrate", "--config", config.to_str().unwrap(), "--data-dir", flagged.to_str().unwrap()], None);
    assert!(output.status.success());
    assert!(flagged.join("steward.db").exists(), "the flag wins over the file");

    std::fs::write(&config, "data_dir = 3\nlisten = \"127.0.0.1:0\"\n").unwrap();
    let bad_type = steward_with(&["migrate", "--config", config.to_str().unwrap()], None);
    assert_eq!(bad_type.status.code(), Some(2), "{}", text(&bad_type.stderr));
    std::fs::write(&config, "colour = \"blue\"\n").unwrap();
    let unknown = steward_with(&["migrate", "--config", config.to_str().unwrap()], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("colour"), "{}", text(&unknown.stderr));
    assert_eq!(text(&unknown.stderr).trim().lines().count(), 1);
    let missing = steward_with(&["migrate", "--config", "/no/such/steward.toml"], None);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn mail_imports_from_an_mbox_once() {
    let dir = tempfile::tempdir().unwrap();
    assert!(steward(dir.path(), &["demo", "--members", "5"], None).status.success());
    let mbox = dir.path().join("inbox.mbox");
    let mut contents = String::new();
    for n in 1..=3 {
        contents.push_str(&format!(
            "From someone@example.org Tue Nov 24 09:00:00 2026\nFrom: Person {n} <person{n}@example.org>\nSubject: Question {n}\nMessage-ID: <import-{n}@example.org>\n\nHello {n}\n\n"
        ));
    }
    contents.push_str("From someone@example.org Tue Nov 24 09:00:00 2026\nFrom: person1@example.org\nSubject: Re: Question 1\nMessage-ID: <import-4@example.org>\nIn-Reply-To: <import-1@example.org>\n\nThanks\n");
    std::fs::write(&mbox, contents).unwrap();
    let first = steward(dir.path(), &["import", "mail", mbox.to_str().unwrap()], None);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let stdout = text(&first.stdout);
    assert!(stdout.contains("3 enquiries opened, 1 replies added, 0 already taken in"), "{stdout}");
    let second = steward(dir.path(), &["import", "mail", mbox.to_str().unwrap()], None);
    assert!(
        text(&second.stdout).contains("0 enquiries opened, 0 replies added, 4 already taken in"),
        "{}",
        text(&second.stdout)
    );
    let missing = steward(dir.path(), &["import", "mail", "/no/such/mbox"], None);
    assert_eq!(missing.status.code(), Some(2));
}

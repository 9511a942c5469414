//! `steward import members FILE.csv`: every row checked, good rows written in batches, each bad
//! row reported with its line number and reason. Re-running the same file changes nothing.

use std::path::PathBuf;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use steward_domain::member::MemberDraft;

use crate::commands::cli_context;
use crate::config::DatabaseArgs;
use crate::exit::Failure;

pub const CSV_COLUMNS: [&str; 9] = [
    "membership_number",
    "first_name",
    "last_name",
    "email",
    "phone",
    "workplace_id",
    "job_title",
    "joined_on",
    "status",
];

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import members from a CSV file with a header row naming the columns:
    /// membership_number, first_name, last_name, email, phone, workplace_id, job_title, joined_on, status.
    Members {
        file: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

pub async fn run(command: ImportCommand) -> Result<(), Failure> {
    let ImportCommand::Members { file, database } = command;
    let (rows, mut problems) = read_rows(&file)?;
    let db = database.open().await?;
    let bar = ProgressBar::new(rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress_bar = bar.clone();
    let progress = move |done: u64| progress_bar.set_position(done);
    let report = steward_app::members::import_members(&db, &cli_context(), rows, &progress).await?;
    bar.finish_and_clear();
    problems.extend(report.problems.into_iter().map(|p| (p.line, p.reason)));
    problems.sort_by_key(|(line, _)| *line);
    for (line, reason) in &problems {
        eprintln!("line {line}: {reason}");
    }
    let counts = report.counts;
    println!(
        "{} created, {} updated, {} unchanged, {} rejected",
        counts.created,
        counts.updated,
        counts.unchanged,
        problems.len()
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::BadInput(format!("{} row(s) were rejected; the other rows were imported", problems.len())))
    }
}

type Rows = (Vec<(u64, MemberDraft)>, Vec<(u64, String)>);

/// Reads the whole file, keeping unreadable rows as problems rather than stopping.
fn read_rows(file: &PathBuf) -> Result<Rows, Failure> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(file)
        .map_err(|error| Failure::BadInput(format!("cannot read {}: {error}", file.display())))?;
    let headers =
        reader.headers().map_err(|error| Failure::BadInput(format!("cannot read the header row: {error}")))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
    let missing: Vec<&str> = ["membership_number", "first_name", "last_name", "workplace_id", "joined_on"]
        .into_iter()
        .filter(|name| column(name).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(Failure::BadInput(format!(
            "the header row lacks {}; expected columns: {}",
            missing.join(", "),
            CSV_COLUMNS.join(",")
        )));
    }
    let indexes: Vec<Option<usize>> = CSV_COLUMNS.iter().map(|name| column(name)).collect();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let fallback_line = index as u64 + 2;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(fallback_line, |p| p.line());
                problems.push((line, format!("unreadable row: {error}")));
                continue;
            }
        };
        let line = record.position().map_or(fallback_line, |p| p.line());
        let field = |i: usize| indexes[i].and_then(|at| record.get(at)).unwrap_or("").to_owned();
        let workplace_raw = field(5);
        let workplace_id = workplace_raw.parse::<i64>().ok();
        if workplace_id.is_none() && !workplace_raw.is_empty() {
            problems.push((line, format!("workplace_id: \"{workplace_raw}\" is not a workplace id")));
            continue;
        }
        rows.push((
            line,
            MemberDraft {
                membership_number: field(0),
                first_name: field(1),
                last_name: field(2),
                email: field(3),
                phone: field(4),
                workplace_id,
                job_title: field(6),
                joined_on: field(7),
                status: field(8),
            },
        ));
    }
    Ok((rows, problems))
}

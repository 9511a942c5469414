//! `steward import pay-bill FILE.csv`: employers' pay bills per facility-time reporting period,
//! for the publication figures. Columns: `employer_id` or `employer` (its name),
//! `period_start` (the 1 April the period starts), `pay_bill` (pounds: gross pay, employer's
//! NI and pension for all employees) and optionally `months_over_49_employees`. Each bad row
//! is reported with its line number and reason (exit status 2); the good rows are saved.
//! Re-running the same file changes nothing.

use std::path::PathBuf;

use crate::commands::cli_context;
use crate::config::DatabaseArgs;
use crate::exit::Failure;

pub async fn run(file: PathBuf, database: DatabaseArgs) -> Result<(), Failure> {
    let opened = std::fs::File::open(&file)
        .map_err(|error| Failure::BadInput(format!("cannot read {}: {error}", file.display())))?;
    let parsed =
        steward_app::facility::parse_pay_bill_csv(std::io::BufReader::new(opened)).map_err(Failure::BadInput)?;
    let mut problems: Vec<(u64, String)> = parsed.problems.into_iter().map(|p| (p.line, p.reason)).collect();
    let db = database.open_for_import().await?;
    let report = steward_app::facility::import_pay_bills(&db, &cli_context(), parsed.rows).await?;
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

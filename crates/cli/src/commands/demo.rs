//! A fictional union for trying Steward out: regions, branches, councils, NHS trusts and
//! academy trusts, schools and hospitals, and a few thousand members. Names are combined from
//! plainly invented parts; emails use example.org and phones the 07700 900xxx drama range.
//! Everything is written through the same use cases as real data, so it is audited too.

use chrono::{Duration, NaiveDate, Utc};
use clap::Args;
use steward_app::organisation::WorkplaceDraft;
use steward_app::ports::UserStore;
use steward_app::users::UserDraft;
use steward_app::Store;
use steward_domain::ids::WorkplaceId;
use steward_domain::member::MemberDraft;
use steward_store::Db;

use crate::commands::cli_context;
use crate::config::DatabaseArgs;
use crate::exit::Failure;

pub const DEFAULT_MEMBERS: u32 = 3_000;
pub const DEMO_PASSWORD: &str = "demo-password-2026";

#[derive(Args)]
pub struct DemoArgs {
    /// How many members to create [default: 3000, or 100000 with --scale].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=5_000_000))]
    pub members: Option<u32>,
    /// Also add a national union's caseload for benchmarks: --cases cases with
    /// --entries-per-case timeline entries each, worked by --users reps, caseworkers,
    /// officers and lawyers.
    #[arg(long)]
    pub scale: bool,
    /// Cases for --scale.
    #[arg(long, requires = "scale", default_value_t = super::demo_scale::DEFAULT_CASES,
          value_parser = clap::value_parser!(u32).range(1..=5_000_000))]
    pub cases: u32,
    /// Timeline entries on each case, for --scale.
    #[arg(long, requires = "scale", default_value_t = super::demo_scale::DEFAULT_ENTRIES_PER_CASE,
          value_parser = clap::value_parser!(u32).range(1..=200))]
    pub entries_per_case: u32,
    /// People who work on cases, for --scale (most of them reps).
    #[arg(long, requires = "scale", default_value_t = super::demo_scale::DEFAULT_USERS,
          value_parser = clap::value_parser!(u32).range(20..=100_000))]
    pub users: u32,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: DemoArgs) -> Result<(), Failure> {
    let default_members = if args.scale { super::demo_scale::DEFAULT_MEMBERS } else { DEFAULT_MEMBERS };
    let members = args.members.unwrap_or(default_members);
    // The scale demo is a bulk load, safe to redo from scratch: commits need not each wait
    // for the disk.
    let db = if args.scale { args.database.open_for_import().await? } else { args.database.open().await? };
    if !seed_if_empty(&db, members).await? {
        return Err(Failure::BadInput(
            "the database already has users; demo data goes only into an empty database".into(),
        ));
    }
    if args.scale {
        let scale =
            super::demo_scale::Scale { cases: args.cases, entries_per_case: args.entries_per_case, users: args.users };
        super::demo_scale::seed(&db, &scale).await?;
    }
    Ok(())
}

const REGIONS: [(&str, [&str; 2], &str); 5] = [
    ("Northern Region", ["Tynebridge Branch", "Moorside Branch"], "england-and-wales"),
    ("Midlands Region", ["Brackenford Branch", "Ashcombe Branch"], "england-and-wales"),
    ("Wales Region", ["Cwm Teg Branch", "Aberllyn Branch"], "england-and-wales"),
    ("Scotland Region", ["Glenmarrow Branch", "Kirkhallow Branch"], "scotland"),
    ("Northern Ireland Region", ["Loughmore Branch", "Carnfield Branch"], "northern-ireland"),
];

const EMPLOYERS: [&str; 4] =
    ["Fictional County Council", "Example Valley NHS Trust", "Imaginary Academies Trust", "Makebelieve City Council"];

const WORKPLACES: [(&str, usize); 6] = [
    ("Meadowlark Primary School", 2),
    ("Hollowmere Academy", 2),
    ("St Nowhere's Hospital", 1),
    ("Quillbrook Community Hospital", 1),
    ("Civic Offices", 0),
    ("Depot and Stores", 3),
];

pub(super) const FIRST_NAMES: [&str; 24] = [
    "Ada",
    "Bram",
    "Cressida",
    "Dorian",
    "Elowen",
    "Fenwick",
    "Greer",
    "Hollis",
    "Isolde",
    "Jasper",
    "Kestrel",
    "Linnea",
    "Merrick",
    "Nerys",
    "Orrin",
    "Peregrine",
    "Quilla",
    "Rowan",
    "Saffron",
    "Tamsin",
    "Ulric",
    "Verity",
    "Wren",
    "Yarrow",
];
pub(super) const LAST_NAMES: [&str; 24] = [
    "Applethwaite",
    "Brackenbury",
    "Cobblestone",
    "Dunwiddle",
    "Elderberry",
    "Fernsby",
    "Gorsemoor",
    "Hazelwick",
    "Inkpen",
    "Juniperfield",
    "Kettleburn",
    "Larkspur",
    "Mossgrove",
    "Nettlebed",
    "Oakenshaw",
    "Pebbleworth",
    "Quinceford",
    "Rushmere",
    "Thistledown",
    "Underhill",
    "Vetchley",
    "Willowmere",
    "Yewbarrow",
    "Zephyrton",
];
const JOBS: [&str; 8] = [
    "Teaching assistant",
    "Staff nurse",
    "Porter",
    "School cook",
    "Care worker",
    "Librarian",
    "Caretaker",
    "Admin officer",
];

/// Seeds the demo union when the database has no users. Returns whether it seeded.
pub async fn seed_if_empty(db: &Db, members: u32) -> Result<bool, Failure> {
    if db.count_users().await? > 0 {
        println!("The database already has users, so no demo data was added.");
        return Ok(false);
    }
    let store: &dyn Store = db;
    let ctx = cli_context();
    let mut employer_ids = Vec::new();
    for name in EMPLOYERS {
        employer_ids.push(steward_app::organisation::create_employer(store, &ctx, name).await?);
    }
    let mut workplace_ids = Vec::new();
    let mut first_region_branch = None;
    for (region_name, branches, nation) in REGIONS {
        let region = steward_app::organisation::create_region(store, &ctx, region_name).await?;
        for branch_name in branches {
            let branch = steward_app::organisation::create_branch(store, &ctx, region, branch_name).await?;
            first_region_branch.get_or_insert(branch);
            let town = branch_name.trim_end_matches(" Branch");
            for (workplace, employer_index) in WORKPLACES {
                let draft = WorkplaceDraft {
                    name: format!("{workplace}, {town}"),
                    branch_id: Some(branch.0),
                    employer_id: Some(employer_ids[employer_index].0),
                    nation: nation.into(),
                };
                workplace_ids.push(steward_app::organisation::create_workplace(store, &ctx, &draft).await?);
            }
        }
    }

    let today = Utc::now().date_naive();
    let rows = (0..members).map(|n| (u64::from(n) + 1, demo_member(n, &workplace_ids, today))).collect();
    let report = steward_app::members::import_members(store, &ctx, rows, &|_| {}).await?;
    if let Some(problem) = report.problems.first() {
        return Err(Failure::Other(format!("demo member {} was refused: {}", problem.line, problem.reason)));
    }

    let first_branch = first_region_branch.map_or_else(|| "union".to_owned(), |b| format!("branch:{b}"));
    let first_workplace = workplace_ids.first().map_or_else(|| "union".to_owned(), |w| format!("workplace:{w}"));
    let users = [
        ("admin@example.org", "Alex Administrator", "admin", "union".to_owned()),
        ("officer@example.org", "Olu Officer", "officer", "union".to_owned()),
        ("caseworker@example.org", "Cam Caseworker", "caseworker", first_branch),
        ("rep@example.org", "Robin Rep", "rep", first_workplace),
    ];
    for (email, name, role, scope) in users {
        let draft = UserDraft {
            email: email.into(),
            name: name.into(),
            role: role.into(),
            scope,
            password: DEMO_PASSWORD.into(),
        };
        steward_app::users::create_user_unchecked(store, &draft, Utc::now()).await?;
    }
    let enquiries = seed_enquiries(store, members).await?;
    let cases = super::demo_cases::seed_cases(store, members, today).await?;
    super::demo_cases::seed_training(store).await?;
    db.refresh_statistics().await?;
    println!("Demo union created with {} members, {enquiries} enquiries and {cases} cases.", report.counts.created);
    println!(
        "Sign in as admin@example.org (also officer@, caseworker@, rep@example.org) with the password {DEMO_PASSWORD}"
    );
    Ok(true)
}

const ENQUIRY_SUBJECTS: [(&str, &str); 6] = [
    (
        "Changes to my shift pattern",
        "My manager has changed my shifts from next week without asking me. Can they do that?",
    ),
    ("Overtime not paid", "I worked six hours of overtime in October and it is not on my payslip."),
    (
        "Disciplinary meeting next week",
        "I have been invited to a disciplinary meeting on Thursday. Can someone come with me?",
    ),
    ("Sick pay question", "I was off sick for four days. Will I get sick pay from the first day?"),
    ("Flexible working request refused", "My request to work compressed hours was turned down with no reason given."),
    ("Am I covered if I join today?", "I am not a member yet but I have a grievance meeting tomorrow."),
];

/// A few enquiries by e-mail, taken in through the real intake, some of them already overdue.
async fn seed_enquiries(store: &dyn Store, members: u32) -> Result<usize, Failure> {
    let settings = steward_app::enquiries::IntakeSettings::standard("enquiries@localhost");
    let today = Utc::now().date_naive();
    for (n, (subject, body)) in ENQUIRY_SUBJECTS.iter().enumerate() {
        let index = u32::try_from(n).unwrap_or(0);
        let from = if n + 1 == ENQUIRY_SUBJECTS.len() || index >= members {
            "new.starter@example.org".to_owned()
        } else {
            demo_member(index * 7 % members, &[WorkplaceId(1)], today).email
        };
        let raw = format!(
            "From: {from}\r\nTo: enquiries@localhost\r\nSubject: {subject}\r\nMessage-ID: <demo-{n}@steward.example>\r\n\r\n{body}\r\n"
        );
        let received_at = Utc::now() - Duration::hours(i64::from(index) * 20);
        steward_app::enquiries::receive_email(store, steward_mail::parse_email(raw.as_bytes()), &settings, received_at)
            .await?;
    }
    Ok(ENQUIRY_SUBJECTS.len())
}

/// A deterministic, plainly fictional member.
fn demo_member(n: u32, workplaces: &[steward_domain::ids::WorkplaceId], today: NaiveDate) -> MemberDraft {
    let n_usize = n as usize;
    let first = FIRST_NAMES[n_usize % FIRST_NAMES.len()];
    let last = LAST_NAMES[(n_usize / FIRST_NAMES.len() + n_usize * 7) % LAST_NAMES.len()];
    let workplace = workplaces[(n_usize * 13) % workplaces.len().max(1)];
    let status = match n % 20 {
        0 => "arrears",
        1 => "lapsed",
        _ => "active",
    };
    let joined = today - Duration::days(i64::from(30 + (n * 37) % 7_000));
    MemberDraft {
        membership_number: format!("DM{:07}", n + 1),
        first_name: first.into(),
        last_name: last.into(),
        email: format!("{}.{}.{}@example.org", first.to_lowercase(), last.to_lowercase(), n + 1),
        phone: format!("07700 900{:03}", n % 1000),
        workplace_id: Some(workplace.0),
        job_title: JOBS[n_usize % JOBS.len()].into(),
        joined_on: joined.to_string(),
        status: status.into(),
    }
}

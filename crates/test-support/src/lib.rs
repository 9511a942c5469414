//! Shared test fixtures. `backends()` gives a fresh, migrated database on SQLite always and on
//! PostgreSQL when `STEWARD_TEST_POSTGRES_URL` names a server; each test gets its own database.

use chrono::Utc;
use rand::Rng;
use steward_app::organisation::WorkplaceDraft;
use steward_app::RequestContext;
use steward_domain::ids::{BranchId, EmployerId, RegionId, UserId, WorkplaceId};
use steward_domain::member::MemberDraft;
use steward_domain::organisation::Scope;
use steward_domain::permissions::Actor;
use steward_domain::role::Role;
use steward_store::Db;

/// A fresh database; the SQLite file lives in a temporary directory removed on drop.
pub struct TestDb {
    pub db: Db,
    pub name: &'static str,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("steward.db").display());
    let db = Db::connect(&url).await.expect("open SQLite test database");
    TestDb { db, name: "sqlite", url, _dir: Some(dir) }
}

/// A fresh PostgreSQL database on the server named by `STEWARD_TEST_POSTGRES_URL`, if set.
pub async fn postgres() -> Option<TestDb> {
    let server = std::env::var("STEWARD_TEST_POSTGRES_URL").ok().filter(|url| !url.is_empty())?;
    let name = format!("steward_test_{}", rand::thread_rng().gen::<u64>());
    let url = create_postgres_database(&server, &name).await;
    let db = Db::connect(&url).await.expect("open PostgreSQL test database");
    Some(TestDb { db, name: "postgres", url, _dir: None })
}

/// Creates an empty database on the server and returns its URL.
pub async fn create_postgres_database(server_url: &str, name: &str) -> String {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(server_url).await.expect("connect to the PostgreSQL test server");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
    let (base, _) = server_url.rsplit_once('/').expect("a postgres URL ends with /DATABASE");
    format!("{base}/{name}")
}

/// Every backend available to this run; tell the reader when PostgreSQL was skipped.
pub async fn backends() -> Vec<TestDb> {
    let mut all = vec![sqlite().await];
    match postgres().await {
        Some(db) => all.push(db),
        None => eprintln!("STEWARD_TEST_POSTGRES_URL is not set: PostgreSQL skipped"),
    }
    all
}

/// A small organisation: two regions, each with one branch and one workplace.
#[derive(Debug, Clone, Copy)]
pub struct Org {
    pub region: RegionId,
    pub branch: BranchId,
    pub workplace: WorkplaceId,
    pub other_region: RegionId,
    pub other_branch: BranchId,
    pub other_workplace: WorkplaceId,
    pub employer: EmployerId,
}

pub async fn seed_org(db: &Db) -> Org {
    let ctx = context(Role::Admin, Scope::Union);
    let employer =
        steward_app::organisation::create_employer(db, &ctx, "Test Borough Council").await.expect("employer");
    let region = steward_app::organisation::create_region(db, &ctx, "North Test Region").await.expect("region");
    let other_region = steward_app::organisation::create_region(db, &ctx, "South Test Region").await.expect("region");
    let branch = steward_app::organisation::create_branch(db, &ctx, region, "North Branch").await.expect("branch");
    let other_branch =
        steward_app::organisation::create_branch(db, &ctx, other_region, "South Branch").await.expect("branch");
    let workplace = add_workplace(db, &ctx, "North School", branch, employer).await;
    let other_workplace = add_workplace(db, &ctx, "South Hospital", other_branch, employer).await;
    Org { region, branch, workplace, other_region, other_branch, other_workplace, employer }
}

async fn add_workplace(
    db: &Db,
    ctx: &RequestContext,
    name: &str,
    branch: BranchId,
    employer: EmployerId,
) -> WorkplaceId {
    let draft = WorkplaceDraft {
        name: name.into(),
        branch_id: Some(branch.0),
        employer_id: Some(employer.0),
        nation: "england-and-wales".into(),
    };
    steward_app::organisation::create_workplace(db, ctx, &draft).await.expect("workplace")
}

/// A request context for someone with this role and scope.
pub fn context(role: Role, scope: Scope) -> RequestContext {
    RequestContext {
        actor: Actor { user_id: UserId(1), role, scope },
        actor_label: format!("{}@example.org", role.as_str()),
        source: Some("127.0.0.1".into()),
        now: Utc::now(),
    }
}

/// A real account with this role and scope (so it can be put on case teams), and a request
/// context acting as it.
pub async fn user_context(db: &Db, role: Role, scope: Scope, email: &str) -> RequestContext {
    let draft = steward_app::users::UserDraft {
        email: email.into(),
        name: format!("{} Person", role.label()),
        role: role.as_str().into(),
        scope: scope.to_text(),
        password: "a long enough password".into(),
    };
    let id = steward_app::users::create_user_unchecked(db, &draft, Utc::now()).await.expect("test user");
    let mut ctx = context(role, scope);
    ctx.actor.user_id = id;
    ctx.actor_label = email.into();
    ctx
}

/// A valid member draft; `n` makes the membership number unique.
pub fn member_draft(n: u32, first: &str, last: &str, workplace: WorkplaceId) -> MemberDraft {
    MemberDraft {
        membership_number: format!("T{n:06}"),
        first_name: first.into(),
        last_name: last.into(),
        email: format!("{}.{}{n}@example.org", first.to_lowercase(), last.to_lowercase()),
        phone: "07700 900123".into(),
        workplace_id: Some(workplace.0),
        job_title: "Teaching assistant".into(),
        joined_on: "2020-01-15".into(),
        status: "active".into(),
    }
}

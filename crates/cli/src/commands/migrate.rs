use crate::config::DatabaseArgs;
use crate::exit::Failure;

pub async fn run(database: DatabaseArgs) -> Result<(), Failure> {
    let db = steward_store::Db::connect_without_migrating(&database.checked_url()?).await?;
    let applied = db.migrate().await?;
    println!("{applied} migration(s) applied; the database is up to date");
    Ok(())
}

//! Member records: create, change, view, search and bulk import.

mod create_member;
mod import_members;
mod member_csv;
mod search_members;
mod update_member;
mod view_member;

pub use create_member::create_member;
pub use import_members::{import_members, ImportReport, RowProblem};
pub use member_csv::{parse_member_csv, ParsedCsv, CSV_COLUMNS};
pub use search_members::search_members;
pub use update_member::update_member;
pub use view_member::{member_history, view_member};

use steward_domain::ids::WorkplaceId;
use steward_domain::organisation::OrgPath;

use crate::ports::Store;
use crate::AppError;

/// Where a workplace sits, or a field error when it does not exist.
async fn workplace_path(store: &dyn Store, workplace: WorkplaceId) -> Result<OrgPath, AppError> {
    store
        .workplace_path(workplace)
        .await?
        .ok_or_else(|| AppError::field("workplace_id", "Choose a workplace that exists"))
}

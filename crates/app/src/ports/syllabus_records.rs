//! The syllabus file of a training time-off request: at most one per request, its bytes kept
//! by the same `FileStore` as case documents (under a random `FileKey`), its row here. The
//! row changes only while the request is a draft of the person who made it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use steward_domain::case::document::DocumentType;
use steward_domain::ids::UserId;

use super::{AuditEntry, FileKey, StoreResult};

/// A syllabus file on a request (to record, its bytes already kept under `file_key`, or as read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyllabusFile {
    /// The time-off request it belongs to.
    pub request: i64,
    /// The sanitised name it is shown and downloaded under.
    pub filename: String,
    pub doc_type: DocumentType,
    pub size_bytes: u64,
    /// Of the bytes, lowercase hexadecimal: checked again on every download.
    pub sha256: String,
    pub file_key: FileKey,
    pub uploaded_by: Option<UserId>,
    /// How the uploader is named (their e-mail address).
    pub uploaded_by_label: String,
    pub uploaded_at: DateTime<Utc>,
}

/// The rows describing syllabus files. Each change bumps the request's `updated_at` and
/// records its audit entry in the same transaction.
#[async_trait]
pub trait TimeOffSyllabusStore: Send + Sync {
    /// Attaches `file` to one of `user`'s drafts (request `file.request`), replacing any
    /// earlier one, whose key comes back so its bytes can be removed. `NotFound` when the
    /// request is not theirs, `Stale` when it is no longer a draft.
    async fn set_time_off_syllabus(
        &self,
        user: UserId,
        file: &SyllabusFile,
        audit: &AuditEntry,
    ) -> StoreResult<Option<FileKey>>;
    /// Removes the syllabus file of one of `user`'s drafts and returns its key, or `None`
    /// (and nothing written) when it had none. `NotFound` / `Stale` as for setting it.
    async fn remove_time_off_syllabus(
        &self,
        id: i64,
        user: UserId,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<Option<FileKey>>;
    /// The request's syllabus file, if it has one.
    async fn time_off_syllabus(&self, id: i64) -> StoreResult<Option<SyllabusFile>>;
}

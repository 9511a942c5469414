//! Documents on cases: where their bytes are kept (`FileStore`, behind a key Steward makes,
//! never the uploader's file name) and the rows that describe them (`CaseDocumentStore`).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use steward_domain::case::document::DocumentType;
use steward_domain::ids::UserId;

use super::{AuditEntry, CaseId, NewTimelineEntry, StoreResult};

/// Where a document's bytes are kept: 32 lowercase hexadecimal digits (128 random bits), so a
/// key can never name a path outside the file store.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileKey(String);

impl FileKey {
    /// A new random key.
    pub fn random() -> Self {
        let bits: u128 = rand::random();
        Self(format!("{bits:032x}"))
    }

    /// A stored key, if it has the shape keys have.
    pub fn parse(raw: &str) -> Option<Self> {
        let ok = raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for FileKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Keeps the bytes of documents. The default keeps them in a directory under the data
/// directory (`steward_store::LocalFileStore`); several instances share it by pointing at
/// the same shared directory. A `put` that returns `Ok` survives a crash.
#[async_trait]
pub trait FileStore: Send + Sync {
    /// Writes the bytes under `key`, whole or not at all.
    async fn put(&self, key: &FileKey, bytes: &[u8]) -> StoreResult<()>;
    /// The bytes under `key`, or `None` if nothing is kept there.
    async fn get(&self, key: &FileKey) -> StoreResult<Option<Vec<u8>>>;
    /// Removes what is kept under `key`; nothing kept there is not an error.
    async fn delete(&self, key: &FileKey) -> StoreResult<()>;
}

/// The rows describing documents on cases. Adding one appends its timeline entry and
/// records its audit entry in the same transaction.
#[async_trait]
pub trait CaseDocumentStore: Send + Sync {
    /// Adds a document's row to an open case; `Stale` when the case was closed meanwhile.
    async fn add_case_document(
        &self,
        id: CaseId,
        document: &NewCaseDocument,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<i64>;
    /// A case's documents, newest first.
    async fn case_documents(&self, id: CaseId) -> StoreResult<Vec<CaseDocument>>;
    /// One document, if it is on case `id`.
    async fn case_document(&self, id: CaseId, document: i64) -> StoreResult<Option<CaseDocument>>;
}

/// A document to record, its bytes already kept under `file_key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCaseDocument {
    /// The sanitised name it is listed and downloaded under.
    pub filename: String,
    pub doc_type: DocumentType,
    pub size_bytes: u64,
    /// Of the bytes, lowercase hexadecimal: checked again on every download.
    pub sha256: String,
    pub file_key: FileKey,
    pub uploaded_by: Option<UserId>,
    /// How the uploader is named (their e-mail address, as on the timeline).
    pub uploaded_by_label: String,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDocument {
    pub id: i64,
    pub case: CaseId,
    pub filename: String,
    pub doc_type: DocumentType,
    pub size_bytes: u64,
    pub sha256: String,
    pub file_key: FileKey,
    pub uploaded_by: Option<UserId>,
    pub uploaded_by_label: String,
    pub uploaded_at: DateTime<Utc>,
}

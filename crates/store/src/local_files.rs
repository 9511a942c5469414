//! `LocalFileStore`: the file store that keeps document bytes in a directory (by default
//! `DATA_DIR/files`). Each file is written to a temporary name beside its final one, flushed
//! to disk, renamed into place and the directory flushed too, so a file either is there whole
//! after a crash or is not there at all. Files sit two levels down (`ab/abcdef...`) so no one
//! directory grows huge. Several instances share documents by sharing the directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use steward_app::ports::{FileKey, FileStore, StoreError, StoreResult};

#[derive(Debug)]
pub struct LocalFileStore {
    root: PathBuf,
    /// Makes temporary names unique within this process (the key makes them unique across).
    counter: AtomicU64,
}

impl LocalFileStore {
    /// A store rooted at `root`, created on the first write if it does not exist.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into(), counter: AtomicU64::new(0) }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, key: &FileKey) -> (PathBuf, PathBuf) {
        let dir = self.root.join(&key.as_str()[..2]);
        let file = dir.join(key.as_str());
        (dir, file)
    }
}

fn failed(what: &str, path: &Path, error: std::io::Error) -> StoreError {
    StoreError::Backend(format!("file store: cannot {what} {}: {error}", path.display()))
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> StoreResult<T> + Send + 'static) -> StoreResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| StoreError::Backend(format!("file store: the write was interrupted: {error}")))?
}

/// Writes `bytes` to the new file `temp`, flushes it to disk and renames it to `file`.
fn write_then_rename(temp: &Path, file: &Path, bytes: &[u8]) -> StoreResult<()> {
    let mut out =
        std::fs::OpenOptions::new().write(true).create_new(true).open(temp).map_err(|e| failed("create", temp, e))?;
    out.write_all(bytes).map_err(|e| failed("write", temp, e))?;
    out.sync_all().map_err(|e| failed("flush", temp, e))?;
    std::fs::rename(temp, file).map_err(|e| failed("rename into place", file, e))
}

#[async_trait]
impl FileStore for LocalFileStore {
    async fn put(&self, key: &FileKey, bytes: &[u8]) -> StoreResult<()> {
        let (dir, file) = self.path_of(key);
        let temp =
            dir.join(format!("{key}.{}-{}.tmp", std::process::id(), self.counter.fetch_add(1, Ordering::Relaxed)));
        let bytes = bytes.to_vec();
        blocking(move || {
            std::fs::create_dir_all(&dir).map_err(|e| failed("create", &dir, e))?;
            let written = write_then_rename(&temp, &file, &bytes);
            if written.is_err() {
                let _ = std::fs::remove_file(&temp);
            }
            written?;
            // The rename is durable only once the directory itself is flushed.
            std::fs::File::open(&dir).and_then(|handle| handle.sync_all()).map_err(|e| failed("flush", &dir, e))
        })
        .await
    }

    async fn get(&self, key: &FileKey) -> StoreResult<Option<Vec<u8>>> {
        let (_, file) = self.path_of(key);
        blocking(move || match std::fs::read(&file) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(failed("read", &file, error)),
        })
        .await
    }

    async fn delete(&self, key: &FileKey) -> StoreResult<()> {
        let (_, file) = self.path_of(key);
        blocking(move || match std::fs::remove_file(&file) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(failed("remove", &file, error)),
        })
        .await
    }
}

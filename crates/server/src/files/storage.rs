//! Where uploaded bytes live: the [`FileStore`] trait and its default, [`LocalDiskStore`]
//! (files under `<data-dir>/files`).
//!
//! An upload is first streamed into a staging file on local disk (so limits and type checks
//! see the whole file before anything is kept); the store then takes it over under the file's
//! id. Another store (object storage, say) implements the same two operations.

use std::io;
use std::path::{Path, PathBuf};

use axum::body::Body;
use futures_util::future::BoxFuture;
use tokio_util::io::ReaderStream;

use super::signing::is_file_id;

/// A stored file opened for download.
pub struct StoredBytes {
    pub body: Body,
    pub len: u64,
}

/// Keeps uploaded files by id.
pub trait FileStore: Send + Sync + 'static {
    /// Takes over the staged upload at `staged` as file `id` (the staging file may be moved).
    fn save<'a>(&'a self, id: &'a str, staged: &'a Path) -> BoxFuture<'a, io::Result<()>>;

    /// The bytes of file `id`, or `None` when the store does not have it.
    fn open<'a>(&'a self, id: &'a str) -> BoxFuture<'a, io::Result<Option<StoredBytes>>>;
}

/// Files on local disk: `<root>/<2 hex digits>/<file id>`, staged in `<root>/staging`.
pub struct LocalDiskStore {
    root: PathBuf,
}

impl LocalDiskStore {
    pub fn new(root: impl Into<PathBuf>) -> LocalDiskStore {
        LocalDiskStore { root: root.into() }
    }

    /// Where uploads are staged before they are checked (same disk, so saving is a rename).
    pub fn staging_dir(&self) -> PathBuf {
        self.root.join("staging")
    }

    /// The path of file `id`; `None` for anything that is not a file id (never a path outside
    /// the root).
    fn path_of(&self, id: &str) -> Option<PathBuf> {
        if !is_file_id(id) {
            return None;
        }
        let shard = id.get(5..7)?;
        Some(self.root.join(shard).join(id))
    }
}

fn invalid_id() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a file id")
}

impl FileStore for LocalDiskStore {
    fn save<'a>(&'a self, id: &'a str, staged: &'a Path) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            let path = self.path_of(id).ok_or_else(invalid_id)?;
            if let Some(dir) = path.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            tokio::fs::rename(staged, &path).await
        })
    }

    fn open<'a>(&'a self, id: &'a str) -> BoxFuture<'a, io::Result<Option<StoredBytes>>> {
        Box::pin(async move {
            let Some(path) = self.path_of(id) else {
                return Ok(None);
            };
            let file = match tokio::fs::File::open(&path).await {
                Ok(file) => file,
                Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(err) => return Err(err),
            };
            let len = file.metadata().await?.len();
            Ok(Some(StoredBytes {
                body: Body::from_stream(ReaderStream::new(file)),
                len,
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::signing::new_file_id;

    #[tokio::test]
    async fn saved_files_open_again_and_ids_cannot_escape() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDiskStore::new(dir.path().join("files"));
        tokio::fs::create_dir_all(store.staging_dir())
            .await
            .unwrap();
        let staged = store.staging_dir().join("upload");
        tokio::fs::write(&staged, b"hello").await.unwrap();
        let id = new_file_id();
        store.save(&id, &staged).await.unwrap();
        let opened = store.open(&id).await.unwrap().unwrap();
        assert_eq!(opened.len, 5);
        assert!(store.open(&new_file_id()).await.unwrap().is_none());
        assert!(store.open("../../etc/passwd").await.unwrap().is_none());
        assert!(store.save("../x", &staged).await.is_err());
    }
}

//! Blobs as files under a directory (`<root>/ab/cd/abcd…`), written to a temporary name
//! and renamed when kept, so a reader never sees half a file. The default with SQLite:
//! one node, one disk.

use anyhow::Context as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Directory {
    root: PathBuf,
}

impl Directory {
    #[must_use]
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub(super) fn root(&self) -> &Path {
        &self.root
    }

    /// The file of a blob (`sha256` is checked by the caller).
    fn path_of(&self, sha256: &str) -> PathBuf {
        self.root
            .join(&sha256[..2])
            .join(&sha256[2..4])
            .join(sha256)
    }

    /// Writes the bytes under a temporary name (nothing when the blob exists already).
    pub(super) async fn stage(&self, sha: &str, bytes: &[u8]) -> anyhow::Result<Staged> {
        super::check_name(sha)?;
        let path = self.path_of(sha);
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(Staged { path, tmp: None });
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        tokio::fs::create_dir_all(dir)
            .await
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let tmp = dir.join(format!(".{sha}.{}.tmp", uuid::Uuid::new_v4().simple()));
        let staged = Staged {
            path,
            tmp: Some(tmp.clone()),
        };
        tokio::fs::write(&tmp, bytes)
            .await
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        let file = tokio::fs::File::open(&tmp).await?;
        file.sync_all().await?;
        Ok(staged)
    }

    /// The bytes, or `None` when there is no such file.
    pub(super) async fn get(&self, sha256: &str) -> anyhow::Result<Option<Vec<u8>>> {
        match tokio::fs::read(self.path_of(sha256)).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(anyhow::Error::from(e).context(format!("cannot read blob {sha256}"))),
        }
    }

    pub(super) async fn contains(&self, sha256: &str) -> bool {
        tokio::fs::try_exists(self.path_of(sha256))
            .await
            .unwrap_or(false)
    }
}

/// A file written under a temporary name, removed when dropped unkept.
#[derive(Debug)]
pub(super) struct Staged {
    path: PathBuf,
    /// `None` when the same bytes are stored already.
    tmp: Option<PathBuf>,
}

impl Staged {
    pub(super) async fn keep(mut self) -> anyhow::Result<()> {
        if let Some(tmp) = &self.tmp {
            tokio::fs::rename(tmp, &self.path)
                .await
                .with_context(|| format!("cannot move the blob into {}", self.path.display()))?;
            // Moved: nothing left for the drop to remove.
            self.tmp = None;
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            // One unlink of a file this request wrote: not worth a blocking-pool trip.
            let _ = std::fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::BlobStore;
    use std::path::Path;

    /// A SQLite database in memory: the directory store keeps nothing in it, but
    /// keeping takes the caller's connection.
    async fn conn() -> sqlx::AnyConnection {
        use sqlx::Connection as _;
        sqlx::any::install_default_drivers();
        sqlx::AnyConnection::connect("sqlite::memory:")
            .await
            .unwrap()
    }

    fn temp_dir() -> std::path::PathBuf {
        std::env::temp_dir().join(format!("motcua-blobs-{}", uuid::Uuid::new_v4()))
    }

    #[tokio::test]
    async fn stores_once_and_reads_back() {
        let dir = temp_dir();
        let store = BlobStore::directory(&dir);
        let mut c = conn().await;
        let a = store.put(&mut c, b"%PDF-1.7 hello").await.unwrap();
        let b = store.put(&mut c, b"%PDF-1.7 hello").await.unwrap();
        assert_eq!(a, b);
        assert_eq!(store.get(&a).await.unwrap(), b"%PDF-1.7 hello");
        assert!(store.get("../../etc/passwd").await.is_err());
        let path = super::Directory::new(&dir).path_of(&a);
        std::fs::write(path, b"tampered").unwrap();
        assert!(store.get(&a).await.is_err(), "damage is noticed");
        let _ = std::fs::remove_dir_all(dir);
    }

    fn files(d: &Path) -> usize {
        std::fs::read_dir(d).map_or(0, |rd| {
            rd.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        files(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
    }

    /// Issue 15, item 6: a refused upload leaves no file behind.
    #[tokio::test]
    async fn a_staged_file_dropped_unkept_leaves_nothing() {
        let dir = temp_dir();
        let store = BlobStore::directory(&dir);
        let refused = store.stage(b"%PDF-1.7 refused").await.unwrap();
        let sha = refused.sha256().to_owned();
        assert_eq!(files(&dir), 1, "written under a temporary name");
        assert!(store.get(&sha).await.is_err(), "not a blob yet");
        drop(refused);
        assert_eq!(files(&dir), 0);
        let mut c = conn().await;
        let kept = store
            .stage(b"%PDF-1.7 kept")
            .await
            .unwrap()
            .keep(&mut c)
            .await
            .unwrap();
        assert_eq!(store.get(&kept).await.unwrap(), b"%PDF-1.7 kept");
        assert_eq!(files(&dir), 1);
        let _ = std::fs::remove_dir_all(dir);
    }
}

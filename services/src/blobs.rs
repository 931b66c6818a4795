//! The blob store: files kept by their SHA-256 under a directory of the data dir
//! (`<root>/ab/cd/abcd…`), written to a temporary name and renamed, so a reader never
//! sees half a file and the same bytes are stored once.

use anyhow::Context as _;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    #[must_use]
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The directory the blobs live in.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The hex SHA-256 of some bytes.
    #[must_use]
    pub fn digest(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    fn path_of(&self, sha256: &str) -> anyhow::Result<PathBuf> {
        anyhow::ensure!(
            sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit()),
            "not a SHA-256: {sha256}"
        );
        Ok(self
            .root
            .join(&sha256[..2])
            .join(&sha256[2..4])
            .join(sha256))
    }

    /// Stores the bytes and returns their SHA-256.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub async fn put(&self, bytes: &[u8]) -> anyhow::Result<String> {
        self.stage(bytes).await?.keep().await
    }

    /// Writes the bytes under a temporary name, not yet a blob: [`Staged::keep`] makes
    /// it one, and a staged file dropped without being kept is removed (a refused
    /// upload leaves nothing behind).
    ///
    /// # Errors
    /// When the file cannot be written.
    pub async fn stage(&self, bytes: &[u8]) -> anyhow::Result<Staged> {
        let sha = Self::digest(bytes);
        let path = self.path_of(&sha)?;
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(Staged {
                sha,
                path,
                tmp: None,
            });
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        tokio::fs::create_dir_all(dir)
            .await
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let tmp = dir.join(format!(".{sha}.{}.tmp", uuid::Uuid::new_v4().simple()));
        let staged = Staged {
            sha,
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

    /// Reads stored bytes back, checking they still hash to their name.
    ///
    /// # Errors
    /// When the blob is missing or damaged.
    pub async fn get(&self, sha256: &str) -> anyhow::Result<Vec<u8>> {
        let path = self.path_of(sha256)?;
        let bytes = tokio::fs::read(&path)
            .await
            .with_context(|| format!("cannot read blob {sha256}"))?;
        anyhow::ensure!(Self::digest(&bytes) == sha256, "blob {sha256} is damaged");
        Ok(bytes)
    }
}

/// Bytes written but not yet kept (see [`BlobStore::stage`]).
#[derive(Debug)]
pub struct Staged {
    sha: String,
    path: PathBuf,
    /// `None` when the same bytes are stored already.
    tmp: Option<PathBuf>,
}

impl Staged {
    /// The SHA-256 the blob will have.
    #[must_use]
    pub fn sha256(&self) -> &str {
        &self.sha
    }

    /// Makes the staged bytes a blob and returns its SHA-256.
    ///
    /// # Errors
    /// When the file cannot be moved into place.
    pub async fn keep(mut self) -> anyhow::Result<String> {
        if let Some(tmp) = &self.tmp {
            tokio::fs::rename(tmp, &self.path)
                .await
                .with_context(|| format!("cannot move the blob into {}", self.path.display()))?;
            // Moved: nothing left for the drop to remove.
            self.tmp = None;
        }
        Ok(std::mem::take(&mut self.sha))
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
    use super::*;

    #[tokio::test]
    async fn stores_once_and_reads_back() {
        let dir = std::env::temp_dir().join(format!("motcua-blobs-{}", uuid::Uuid::new_v4()));
        let store = BlobStore::new(&dir);
        let a = store.put(b"%PDF-1.7 hello").await.unwrap();
        let b = store.put(b"%PDF-1.7 hello").await.unwrap();
        assert_eq!(a, b);
        assert_eq!(store.get(&a).await.unwrap(), b"%PDF-1.7 hello");
        assert!(store.get("../../etc/passwd").await.is_err());
        std::fs::write(store.path_of(&a).unwrap(), b"tampered").unwrap();
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
        let dir = std::env::temp_dir().join(format!("motcua-blobs-{}", uuid::Uuid::new_v4()));
        let store = BlobStore::new(&dir);
        let refused = store.stage(b"%PDF-1.7 refused").await.unwrap();
        let sha = refused.sha256().to_owned();
        assert_eq!(files(&dir), 1, "written under a temporary name");
        assert!(store.get(&sha).await.is_err(), "not a blob yet");
        drop(refused);
        assert_eq!(files(&dir), 0);
        let kept = store
            .stage(b"%PDF-1.7 kept")
            .await
            .unwrap()
            .keep()
            .await
            .unwrap();
        assert_eq!(store.get(&kept).await.unwrap(), b"%PDF-1.7 kept");
        assert_eq!(files(&dir), 1);
        let _ = std::fs::remove_dir_all(dir);
    }
}

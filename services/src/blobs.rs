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
        let sha = Self::digest(bytes);
        let path = self.path_of(&sha)?;
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(sha);
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        tokio::fs::create_dir_all(dir)
            .await
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let tmp = dir.join(format!(".{sha}.{}.tmp", uuid::Uuid::new_v4().simple()));
        tokio::fs::write(&tmp, bytes)
            .await
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        let file = tokio::fs::File::open(&tmp).await?;
        file.sync_all().await?;
        tokio::fs::rename(&tmp, &path)
            .await
            .with_context(|| format!("cannot move the blob into {}", path.display()))?;
        Ok(sha)
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
}

//! `motcua backup`: an online copy of a SQLite deployment that stays consistent while
//! the node serves. The database is copied with SQLite's `VACUUM INTO` (one read
//! transaction: a snapshot, whatever is written meanwhile), then the directory store's
//! files. A file is in place before the row naming it commits, and files never change,
//! so every file the copied database names is copied too. With the database store the
//! files are in the copy already. PostgreSQL is backed up with `pg_dump` (README,
//! "Backups").

use crate::blobs::BlobStore;
use crate::db::{Db, Engine};
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// The file name of the database in a backup directory.
pub const DATABASE_FILE: &str = "motcua.db";

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub database: PathBuf,
    pub database_bytes: u64,
    /// Files copied from the directory store (0 with the database store).
    pub files: u64,
}

/// Copies the SQLite database and the directory store's files into `to` (a directory
/// that must not exist yet, or be empty): `to/motcua.db` and `to/blobs/…`, the layout
/// of a data directory, so a restore is pointing a node at it.
///
/// # Errors
/// On PostgreSQL, when `to` holds something, or when a copy fails.
pub async fn sqlite(db: &Db, blobs: &BlobStore, to: &Path) -> anyhow::Result<Backup> {
    anyhow::ensure!(
        db.engine == Engine::Sqlite,
        "motcua backup copies a SQLite database; back PostgreSQL up with pg_dump (README, Backups)"
    );
    if tokio::fs::try_exists(to).await? {
        let mut entries = tokio::fs::read_dir(to).await?;
        anyhow::ensure!(
            entries.next_entry().await?.is_none(),
            "{} is not empty: a backup goes into a new directory",
            to.display()
        );
    }
    tokio::fs::create_dir_all(to)
        .await
        .with_context(|| format!("cannot create {}", to.display()))?;
    // Never into the files being copied: it would copy itself.
    if let Some(root) = blobs.root()
        && let (Ok(root), Ok(dest)) = (
            tokio::fs::canonicalize(root).await,
            tokio::fs::canonicalize(to).await,
        )
        && dest.starts_with(&root)
    {
        let _ = tokio::fs::remove_dir(to).await;
        anyhow::bail!(
            "{} is inside the files being backed up ({}): choose another directory",
            to.display(),
            root.display()
        );
    }
    let database = to.join(DATABASE_FILE);
    let target = database
        .to_str()
        .context("the backup directory's path is not UTF-8")?
        .to_owned();
    sqlx::query("VACUUM INTO $1")
        .bind(&target)
        .execute(&db.pool)
        .await
        .context("copying the database")?;
    let database_bytes = tokio::fs::metadata(&database).await?.len();
    let files = match blobs.root() {
        Some(root) => copy_files(root, &to.join("blobs")).await?,
        None => 0,
    };
    Ok(Backup {
        database,
        database_bytes,
        files,
    })
}

/// Copies the blob files under `from` (not the temporary ones being written) to `to`.
async fn copy_files(from: &Path, to: &Path) -> anyhow::Result<u64> {
    let mut copied = 0;
    let mut pending = vec![(from.to_path_buf(), to.to_path_buf())];
    while let Some((src, dst)) = pending.pop() {
        let mut entries = match tokio::fs::read_dir(&src).await {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", src.display())),
        };
        tokio::fs::create_dir_all(&dst).await?;
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name();
            let path = entry.path();
            if entry.file_type().await?.is_dir() {
                pending.push((path, dst.join(&name)));
            } else if !name.to_string_lossy().starts_with('.') {
                tokio::fs::copy(&path, dst.join(&name))
                    .await
                    .with_context(|| format!("cannot copy {}", path.display()))?;
                copied += 1;
            }
        }
    }
    Ok(copied)
}

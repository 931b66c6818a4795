//! The blob store: files (attachments, receipt PDFs) kept by their SHA-256, the same
//! bytes once. Where they live is the deployment's choice (`MOTCUA_BLOB_STORE`):
//!
//! - [`directory`]: a directory of the data dir (`<root>/ab/cd/abcd…`), the default on
//!   SQLite, where one node serves;
//! - [`database`]: the `blobs` table, the default on PostgreSQL, so every node reads what
//!   any node wrote with no shared disk to set up.
//!
//! A write is staged, then kept: the directory writes a temporary file and renames it
//! when kept; the database inserts the row in the caller's transaction, so a file and
//! the row that names it are committed together; the bucket receives the object when it
//! is staged, before the caller's write lock (an upload never holds it). A staged blob
//! dropped unkept leaves nothing, except in a bucket (see [`s3`]). Every read checks the
//! bytes still hash to their name.
//! `motcua blobs migrate` copies every blob the tables name from one store to another.

pub mod database;
pub mod directory;
pub mod s3;

pub use s3::S3Settings;

use anyhow::Context as _;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// Which store (`MOTCUA_BLOB_STORE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Directory,
    Database,
    S3,
}

impl Kind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Directory => "directory",
            Self::Database => "database",
            Self::S3 => "s3",
        }
    }

    /// The store a deployment gets unless it chooses: the database with PostgreSQL
    /// (several nodes), a directory with SQLite (one node).
    #[must_use]
    pub fn default_for(engine: crate::db::Engine) -> Self {
        match engine {
            crate::db::Engine::Postgres => Self::Database,
            crate::db::Engine::Sqlite => Self::Directory,
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "directory" => Some(Self::Directory),
            "database" => Some(Self::Database),
            "s3" => Some(Self::S3),
            _ => None,
        }
    }
}

/// The deployment's store and what each kind needs: the directory's path, the bucket.
#[derive(Debug, Clone)]
pub struct Settings {
    pub kind: Kind,
    /// The directory store's files (`$MOTCUA_DATA_DIR/blobs`).
    pub dir: std::path::PathBuf,
    /// The bucket (`MOTCUA_S3_*`), when one is configured.
    pub s3: Option<S3Settings>,
}

impl Settings {
    /// The deployment's store.
    ///
    /// # Errors
    /// See [`Settings::open_kind`].
    pub fn open(&self, db: &crate::Db) -> anyhow::Result<BlobStore> {
        self.open_kind(self.kind, db)
    }

    /// A store of that kind with these settings (`motcua blobs migrate` opens two).
    ///
    /// # Errors
    /// When the bucket is asked for but not configured, or its settings make no client.
    pub fn open_kind(&self, kind: Kind, db: &crate::Db) -> anyhow::Result<BlobStore> {
        Ok(match kind {
            Kind::Directory => BlobStore::directory(&self.dir),
            Kind::Database => BlobStore::database(db.clone()),
            Kind::S3 => {
                let s3 = self.s3.as_ref().ok_or_else(|| {
                    anyhow::anyhow!(
                        "the s3 store needs a bucket: set MOTCUA_S3_BUCKET, MOTCUA_S3_ACCESS_KEY_ID \
                         and MOTCUA_S3_SECRET_ACCESS_KEY (and MOTCUA_S3_ENDPOINT for a server other than Amazon S3)"
                    )
                })?;
                BlobStore::s3(s3::S3::new(s3)?)
            }
        })
    }
}

#[derive(Debug, Clone)]
enum Backend {
    Directory(directory::Directory),
    Database(crate::Db),
    S3(s3::S3),
}

/// Where blobs are kept; cheap to clone.
#[derive(Debug, Clone)]
pub struct BlobStore {
    backend: Backend,
}

/// The hex SHA-256 of some bytes.
#[must_use]
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn check_name(sha256: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit()),
        "not a SHA-256: {sha256}"
    );
    Ok(())
}

impl BlobStore {
    /// Files under `root`.
    #[must_use]
    pub fn directory(root: impl Into<std::path::PathBuf>) -> Self {
        Self {
            backend: Backend::Directory(directory::Directory::new(root)),
        }
    }

    /// Rows of the `blobs` table of `db`.
    #[must_use]
    pub fn database(db: crate::Db) -> Self {
        Self {
            backend: Backend::Database(db),
        }
    }

    /// Objects of a bucket.
    #[must_use]
    pub fn s3(bucket: s3::S3) -> Self {
        Self {
            backend: Backend::S3(bucket),
        }
    }

    /// The directory of a directory store.
    #[must_use]
    pub fn root(&self) -> Option<&std::path::Path> {
        match &self.backend {
            Backend::Directory(d) => Some(d.root()),
            Backend::Database(_) | Backend::S3(_) => None,
        }
    }

    /// The bucket of an S3 store.
    #[must_use]
    pub fn bucket(&self) -> Option<&str> {
        match &self.backend {
            Backend::S3(b) => Some(b.bucket()),
            Backend::Directory(_) | Backend::Database(_) => None,
        }
    }

    #[must_use]
    pub fn kind(&self) -> Kind {
        match self.backend {
            Backend::Directory(_) => Kind::Directory,
            Backend::Database(_) => Kind::Database,
            Backend::S3(_) => Kind::S3,
        }
    }

    /// Asks the store once, so a node with a wrong bucket, address or key refuses to
    /// start instead of failing every upload: a lookup of a name no blob has; for a
    /// bucket, a listing and a write of the empty blob.
    ///
    /// # Errors
    /// When the store cannot be reached or refuses the node's credentials.
    pub async fn check(&self) -> anyhow::Result<()> {
        const NO_BLOB: &str = "0000000000000000000000000000000000000000000000000000000000000000";
        let checked = match &self.backend {
            Backend::S3(b) => b.check().await,
            Backend::Directory(_) | Backend::Database(_) => self.contains(NO_BLOB).await.map(drop),
        };
        checked.with_context(|| format!("the {} blob store cannot be used", self.kind().as_str()))
    }

    /// Stages the bytes: not yet a blob until [`Staged::keep`]. Call it before taking
    /// the write lock: a directory writes the file and a bucket receives the object here.
    ///
    /// # Errors
    /// When a directory or a bucket cannot be written.
    pub async fn stage(&self, bytes: &[u8]) -> anyhow::Result<Staged> {
        let sha = digest(bytes);
        let inner = match &self.backend {
            Backend::Directory(d) => StagedIn::Directory(d.stage(&sha, bytes).await?),
            Backend::Database(_) => StagedIn::Database(bytes.to_vec()),
            // Sent now, outside the caller's write lock (see `s3`).
            Backend::S3(b) => {
                b.put(&sha, bytes.to_vec()).await?;
                StagedIn::S3
            }
        };
        Ok(Staged { sha, inner })
    }

    /// Stores the bytes in the caller's transaction (see [`Staged::keep`]) and returns
    /// their SHA-256.
    ///
    /// # Errors
    /// When the bytes cannot be written.
    pub async fn put(&self, conn: &mut AnyConnection, bytes: &[u8]) -> anyhow::Result<String> {
        self.stage(bytes).await?.keep(conn).await
    }

    /// Reads stored bytes back, checking they still hash to their name.
    ///
    /// # Errors
    /// When the blob is missing or damaged.
    pub async fn get(&self, sha256: &str) -> anyhow::Result<Vec<u8>> {
        check_name(sha256)?;
        let bytes = match &self.backend {
            Backend::Directory(d) => d.get(sha256).await?,
            Backend::Database(db) => database::get(db, sha256).await?,
            Backend::S3(b) => b.get(sha256).await?,
        }
        .ok_or_else(|| anyhow::anyhow!("blob {sha256} is missing"))?;
        anyhow::ensure!(digest(&bytes) == sha256, "blob {sha256} is damaged");
        Ok(bytes)
    }

    /// Whether a blob of that name is stored (its bytes are not checked).
    ///
    /// # Errors
    /// When the store cannot be read.
    pub async fn contains(&self, sha256: &str) -> anyhow::Result<bool> {
        check_name(sha256)?;
        match &self.backend {
            Backend::Directory(d) => Ok(d.contains(sha256).await),
            Backend::Database(db) => database::contains(db, sha256).await,
            Backend::S3(b) => b.contains(sha256).await,
        }
    }
}

/// Bytes staged but not yet kept (see [`BlobStore::stage`]).
#[derive(Debug)]
pub struct Staged {
    sha: String,
    inner: StagedIn,
}

#[derive(Debug)]
enum StagedIn {
    Directory(directory::Staged),
    Database(Vec<u8>),
    /// In the bucket already.
    S3,
}

impl Staged {
    /// The SHA-256 the blob will have.
    #[must_use]
    pub fn sha256(&self) -> &str {
        &self.sha
    }

    /// Makes the staged bytes a blob and returns its SHA-256. The database store writes
    /// the row in `conn`'s transaction (kept only if it commits); the directory moves
    /// the file into place; the bucket has the object already.
    ///
    /// # Errors
    /// When the bytes cannot be stored.
    pub async fn keep(self, conn: &mut AnyConnection) -> anyhow::Result<String> {
        match self.inner {
            StagedIn::Directory(staged) => staged.keep().await?,
            StagedIn::Database(bytes) => database::insert(conn, &self.sha, &bytes).await?,
            StagedIn::S3 => {}
        }
        Ok(self.sha)
    }
}

/// What [`migrate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migrated {
    /// Copied to the destination.
    pub copied: u64,
    /// Already there.
    pub present: u64,
    /// Named by a table but found in neither store.
    pub missing: Vec<String>,
}

/// Copies every blob the tables name (attachments, receipt PDFs) from `from` to `to`,
/// each checked against its name; blobs already in `to` are left alone, so it can be
/// run again after an interruption. Reads the names in pages (no unbounded query).
///
/// # Errors
/// When a store cannot be read or written, or a blob is damaged.
pub async fn migrate(db: &crate::Db, from: &BlobStore, to: &BlobStore) -> anyhow::Result<Migrated> {
    let mut out = Migrated::default();
    let mut after = String::new();
    loop {
        let page: Vec<(String,)> = sqlx::query_as(
            "SELECT sha FROM (SELECT sha256 AS sha FROM attachments \
             UNION SELECT pdf_sha256 AS sha FROM receipts WHERE pdf_sha256 IS NOT NULL) named \
             WHERE sha > $1 ORDER BY sha LIMIT 200",
        )
        .bind(&after)
        .fetch_all(&db.pool)
        .await?;
        let Some((last,)) = page.last() else {
            return Ok(out);
        };
        after.clone_from(last);
        for (sha,) in page {
            if to.contains(&sha).await? {
                out.present += 1;
                continue;
            }
            if !from.contains(&sha).await? {
                out.missing.push(sha);
                continue;
            }
            let bytes = from.get(&sha).await?;
            match to.kind() {
                Kind::Database => {
                    let mut tx = db.begin_write().await?;
                    to.put(&mut tx, &bytes).await?;
                    tx.commit().await?;
                }
                // Files and objects are written without holding the database's write lock.
                Kind::Directory | Kind::S3 => {
                    let mut conn = db.pool.acquire().await?;
                    to.put(&mut conn, &bytes).await?;
                }
            }
            out.copied += 1;
        }
    }
}

//! Blobs as objects of an S3-compatible bucket (`<prefix>ab/cd/abcd…`), through the
//! `object_store` crate: for large deployments that keep files apart from the database.
//! An object is written when its blob is kept (before the caller's transaction
//! commits), with `If-None-Match: *`, so the same bytes are stored once; a transaction
//! that then rolls back leaves an object no row names, harmless under its content's
//! hash and reused by the next upload of the same bytes.

use anyhow::Context as _;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{
    ClientOptions, ObjectStore as _, ObjectStoreExt as _, PutMode, PutPayload, RetryConfig,
};
use std::sync::Arc;
use std::time::Duration;

/// Where the bucket is and how to sign in to it (`MOTCUA_S3_*`).
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    pub bucket: String,
    /// The server's address (`http://127.0.0.1:9000`); `None` for Amazon S3 itself.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Put before every key (`motcua/`), so one bucket can serve several uses.
    pub prefix: String,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"[redacted]")
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// A bucket's blobs; cheap to clone.
#[derive(Clone)]
pub struct S3 {
    store: Arc<AmazonS3>,
    bucket: String,
    prefix: String,
}

impl std::fmt::Debug for S3 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl S3 {
    /// A client of the bucket. Nothing is sent yet: a wrong address, bucket or key
    /// shows on the first request, which [`super::BlobStore::check`] makes at start.
    ///
    /// # Errors
    /// When the settings cannot make a client (an address that is not a URL).
    pub fn new(settings: &S3Settings) -> anyhow::Result<Self> {
        // A citizen waits on an upload: a few quick retries, not object_store's default
        // of ten over three minutes.
        let retry = RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(20),
            ..RetryConfig::default()
        };
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.secret_access_key)
            .with_retry(retry)
            .with_client_options(
                ClientOptions::new()
                    .with_connect_timeout(Duration::from_secs(5))
                    .with_timeout(Duration::from_secs(30)),
            );
        if let Some(endpoint) = &settings.endpoint {
            // Path-style requests (the builder's default) to the named server; plain
            // HTTP only when the address says so (configuration refuses it elsewhere
            // than this machine in production).
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        let store = builder
            .build()
            .with_context(|| format!("cannot use the S3 bucket {}", settings.bucket))?;
        Ok(Self {
            store: Arc::new(store),
            bucket: settings.bucket.clone(),
            prefix: settings.prefix.clone(),
        })
    }

    pub(super) fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The object of a blob (`sha256` is checked by the caller).
    fn path_of(&self, sha256: &str) -> Path {
        Path::from(format!(
            "{}{}/{}/{sha256}",
            self.prefix,
            &sha256[..2],
            &sha256[2..4]
        ))
    }

    /// Stores the bytes unless an object of that name exists already (`If-None-Match:
    /// *`); when the store says one does, it is looked up, so a conflicting write still
    /// in flight elsewhere is never taken for a stored object.
    pub(super) async fn put(&self, sha256: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        let path = self.path_of(sha256);
        match self
            .store
            .put_opts(&path, PutPayload::from(bytes), PutMode::Create.into())
            .await
        {
            Ok(_) => Ok(()),
            Err(object_store::Error::AlreadyExists { .. }) if self.contains(sha256).await? => {
                Ok(())
            }
            Err(e) => Err(anyhow::Error::from(e).context(format!(
                "cannot store blob {sha256} in bucket {}",
                self.bucket
            ))),
        }
    }

    /// Lists the prefix (a bucket that does not exist, or a key that may not list it,
    /// is an error, where a lookup of one object would only say "not found") and
    /// stores the empty blob, which proves the key may write and the store answers
    /// conditional writes.
    pub(super) async fn check(&self) -> anyhow::Result<()> {
        let prefix = Path::from(self.prefix.trim_end_matches('/'));
        self.store
            .list_with_delimiter(Some(&prefix))
            .await
            .with_context(|| format!("cannot list the S3 bucket {}", self.bucket))?;
        self.put(&super::digest(b""), Vec::new()).await
    }

    /// The bytes, or `None` when there is no such object.
    pub(super) async fn get(&self, sha256: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let read = async {
            let got = self.store.get(&self.path_of(sha256)).await?;
            got.bytes().await
        };
        match read.await {
            Ok(bytes) => Ok(Some(bytes.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(anyhow::Error::from(e).context(format!(
                "cannot read blob {sha256} from bucket {}",
                self.bucket
            ))),
        }
    }

    pub(super) async fn contains(&self, sha256: &str) -> anyhow::Result<bool> {
        match self.store.head(&self.path_of(sha256)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(anyhow::Error::from(e).context(format!(
                "cannot look up blob {sha256} in bucket {}",
                self.bucket
            ))),
        }
    }
}

//! A real S3 server for the tests of the S3 blob store: `s3s-fs` (crates.io, installed
//! by `make tools-test` into Cargo's `bin` directory), one per test, on a free loopback port, with
//! its objects under a temporary directory.

use services::blobs::S3Settings;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub const BUCKET: &str = "motcua-test";
const ACCESS_KEY: &str = "motcua-test-access";
const SECRET_KEY: &str = "motcua-test-secret-key-never-real";

/// A running `s3s-fs`, stopped when dropped.
#[derive(Debug)]
pub struct S3Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
    /// The directory it keeps objects in: `<root>/<bucket>/<key>`.
    pub root: PathBuf,
}

/// `MOTCUA_S3S_FS`, else `s3s-fs` on the `PATH`, else in Cargo's own `bin` directory
/// (where `make tools-test` installs it).
fn binary() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("MOTCUA_S3S_FS") {
        return Some(PathBuf::from(path));
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(cargo_home.map(|h| h.join("bin")))
        .map(|dir| dir.join("s3s-fs"))
        .find(|candidate| candidate.is_file())
}

impl S3Server {
    /// Starts a server with one empty bucket ([`BUCKET`]). `None` when `s3s-fs` is not
    /// installed and `MOTCUA_REQUIRE_S3` is not set (the test is then skipped with a
    /// note); `make test` installs it and sets it.
    ///
    /// # Panics
    /// When the server is required but missing, or does not start.
    pub async fn start() -> Option<Self> {
        let Some(bin) = binary() else {
            assert!(
                std::env::var("MOTCUA_REQUIRE_S3").is_err(),
                "s3s-fs is required (MOTCUA_REQUIRE_S3) but not installed: run `make tools-test`"
            );
            eprintln!("skipping: s3s-fs is not installed (make tools-test installs it)");
            return None;
        };
        let root = std::env::temp_dir()
            .join("motcua-tests")
            .join(format!("s3-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(root.join(BUCKET)).expect("the bucket's directory");
        // A port the system just gave out and took back: free unless another test took
        // it meanwhile, when the server exits and is started again on another.
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let log = std::fs::File::create(root.with_extension("log")).expect("a log file");
            let mut child = Command::new(&bin)
                .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
                .arg(&root)
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
            for _ in 0..100 {
                if child.try_wait().ok().flatten().is_some() {
                    break;
                }
                // Its own answer, not another listener's: an S3 error document.
                if answers_as_s3(port).await {
                    return Some(Self {
                        child,
                        endpoint: format!("http://127.0.0.1:{port}"),
                        root,
                    });
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!(
            "s3s-fs did not start; see {}",
            root.with_extension("log").display()
        );
    }

    /// The settings of a store in its bucket (a `prefix` such as `files/`, or "").
    #[must_use]
    pub fn settings(&self, prefix: &str) -> S3Settings {
        S3Settings {
            bucket: BUCKET.to_owned(),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".to_owned(),
            access_key_id: ACCESS_KEY.to_owned(),
            secret_access_key: SECRET_KEY.to_owned(),
            prefix: prefix.to_owned(),
        }
    }

    /// The same bucket as environment variables of a node (`MOTCUA_BLOB_STORE=s3`).
    #[must_use]
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("MOTCUA_BLOB_STORE", "s3".to_owned()),
            ("MOTCUA_S3_BUCKET", BUCKET.to_owned()),
            ("MOTCUA_S3_ENDPOINT", self.endpoint.clone()),
            ("MOTCUA_S3_ACCESS_KEY_ID", ACCESS_KEY.to_owned()),
            ("MOTCUA_S3_SECRET_ACCESS_KEY", SECRET_KEY.to_owned()),
        ]
    }

    /// Where the server keeps the object of a blob stored with `prefix`.
    #[must_use]
    pub fn object_file(&self, prefix: &str, sha256: &str) -> PathBuf {
        self.root.join(BUCKET).join(format!(
            "{prefix}{}/{}/{sha256}",
            &sha256[..2],
            &sha256[2..4]
        ))
    }
}

/// Whether an unsigned request to the port is refused the way an S3 server refuses it.
async fn answers_as_s3(port: u16) -> bool {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await else {
        return false;
    };
    let request = format!("GET /{BUCKET} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        stream.read_to_end(&mut answer),
    )
    .await;
    read.is_ok() && String::from_utf8_lossy(&answer).contains("<Error>")
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.root);
        let _ = std::fs::remove_file(self.root.with_extension("log"));
    }
}

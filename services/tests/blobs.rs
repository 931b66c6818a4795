//! Files in either store, and `motcua blobs migrate` between them (issue 17, item 1).

use crate::common::{TestEnv, bank_credit, lltp_form, receive_bank};
use crate::on_both_engines;
use domain::dossier::Channel;
use services::blobs::{self, BlobStore, Kind};
use services::dossiers::{self, Key, Who};
use services::{payments, receipts};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";

/// A citizen's dossier with one attachment, paid, its receipt delivered once (the
/// original PDF is kept): two files the tables name.
async fn two_files(env: &TestEnv) -> (String, String) {
    let s = &env.services;
    let owner = crate::common::register(env, "0912345678", "001190123456", "Lê Văn Bảo").await;
    let me = Who::Citizen(owner);
    let d = dossiers::submit(
        s,
        owner,
        "2.000488",
        &lltp_form("Lê Văn Bảo", "001190123456", "0912345678"),
        Channel::Online,
    )
    .await
    .unwrap();
    let code = d.summary.code.unwrap();
    let file = dossiers::attach(s, &me, Key::Code(&code), "to-khai.pdf", PDF)
        .await
        .unwrap();
    let (attempt, _) = payments::start_attempt(s, &me, &code).await.unwrap();
    receive_bank(
        s,
        &bank_credit("blob-1", &attempt.reference, attempt.amount_vnd),
    )
    .await
    .unwrap();
    receipts::pdf(s, &me, attempt.id, "https://motcua.example.gov.vn")
        .await
        .unwrap();
    let (kept,): (Option<String>,) =
        sqlx::query_as("SELECT r.pdf_sha256 FROM receipts r JOIN payment_attempts pa ON pa.id = r.attempt_id WHERE pa.id = $1")
            .bind(attempt.id)
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    (file.sha256, kept.expect("the original PDF is kept"))
}

async fn files_move_between_stores_and_a_rerun_copies_nothing(env: TestEnv) {
    let s = &env.services;
    assert_eq!(
        s.blobs.kind(),
        Kind::default_for(s.db.engine),
        "the database with PostgreSQL, a directory with SQLite"
    );
    let (attachment, receipt) = two_files(&env).await;
    assert_eq!(s.blobs.get(&attachment).await.unwrap(), PDF);
    let dir = std::env::temp_dir().join(format!("motcua-migrate-{}", uuid::Uuid::new_v4()));
    let other = match s.blobs.kind() {
        Kind::Database => BlobStore::directory(&dir),
        Kind::Directory => BlobStore::database(s.db.clone()),
        Kind::S3 => unreachable!("no engine's default"),
    };
    assert!(!other.contains(&attachment).await.unwrap());

    let first = blobs::migrate(&s.db, &s.blobs, &other).await.unwrap();
    assert_eq!((first.copied, first.present), (2, 0));
    assert!(first.missing.is_empty());
    assert_eq!(other.get(&attachment).await.unwrap(), PDF, "byte for byte");
    assert!(other.get(&receipt).await.unwrap().starts_with(b"%PDF-"));
    assert_eq!(
        other.get(&receipt).await.unwrap(),
        s.blobs.get(&receipt).await.unwrap()
    );

    let again = blobs::migrate(&s.db, &s.blobs, &other).await.unwrap();
    assert_eq!(
        (again.copied, again.present),
        (0, 2),
        "a rerun copies nothing"
    );

    // A file the tables name that neither store holds is reported, not skipped silently.
    let empty = BlobStore::directory(dir.join("empty"));
    let lost = blobs::migrate(&s.db, &empty, &BlobStore::directory(dir.join("to")))
        .await
        .unwrap();
    assert_eq!(lost.copied, 0);
    let mut want = vec![attachment, receipt];
    want.sort();
    assert_eq!(lost.missing, want);
    let _ = std::fs::remove_dir_all(dir);
}
on_both_engines!(
    files_move_between_stores_and_a_rerun_copies_nothing_on,
    files_move_between_stores_and_a_rerun_copies_nothing
);

/// The database store keeps a file only with the row that names it: a refused upload
/// (the checks run again under the write lock) and a dropped stage leave no row.
async fn the_database_store_keeps_nothing_unkept(env: TestEnv) {
    let s = &env.services;
    let store = BlobStore::database(s.db.clone());
    let staged = store.stage(b"%PDF-1.7 never kept").await.unwrap();
    let sha = staged.sha256().to_owned();
    drop(staged);
    assert!(!store.contains(&sha).await.unwrap());
    let mut tx = s.db.begin_write().await.unwrap();
    let kept = store.put(&mut tx, b"%PDF-1.7 rolled back").await.unwrap();
    tx.rollback().await.unwrap();
    assert!(
        !store.contains(&kept).await.unwrap(),
        "kept only if the transaction commits"
    );
    let mut tx = s.db.begin_write().await.unwrap();
    let kept = store.put(&mut tx, b"%PDF-1.7 committed").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.get(&kept).await.unwrap(), b"%PDF-1.7 committed");
    // Damage is noticed on read, as with files.
    sqlx::query("UPDATE blobs SET bytes = $1 WHERE sha256 = $2")
        .bind(&b"tampered"[..])
        .bind(&kept)
        .execute(&s.db.pool)
        .await
        .unwrap();
    assert!(store.get(&kept).await.is_err());
    assert!(store.get("../../etc/passwd").await.is_err());
}
on_both_engines!(
    the_database_store_keeps_nothing_unkept_on,
    the_database_store_keeps_nothing_unkept
);

/// Issue 17, item 1: the S3 store against a real S3 server (`s3s-fs`): the same bytes
/// once under their hash, read back checked, damage and missing objects noticed, and a
/// store it cannot sign in to refused rather than taken for empty.
#[tokio::test]
async fn the_s3_store_keeps_files_once_and_checks_them() {
    let Some(server) = testkit::s3::S3Server::start().await else {
        return;
    };
    let store = BlobStore::s3(blobs::s3::S3::new(&server.settings("tinh/")).unwrap());
    assert_eq!(store.kind(), Kind::S3);
    store.check().await.expect("reachable with the right key");
    let mut conn = {
        use sqlx::Connection as _;
        sqlx::any::install_default_drivers();
        sqlx::AnyConnection::connect("sqlite::memory:")
            .await
            .unwrap()
    };
    let staged = store.stage(PDF).await.unwrap();
    let sha = staged.sha256().to_owned();
    assert!(
        store.contains(&sha).await.unwrap(),
        "sent when staged, before the caller takes the write lock"
    );
    assert_eq!(staged.keep(&mut conn).await.unwrap(), sha);
    assert_eq!(sha, blobs::digest(PDF), "keys stay SHA-256");
    let file = server.object_file("tinh/", &sha);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        PDF,
        "under the prefix, ab/cd/abcd…"
    );
    assert_eq!(store.get(&sha).await.unwrap(), PDF);
    assert!(store.contains(&sha).await.unwrap());

    let absent = blobs::digest(b"never stored");
    assert!(!store.contains(&absent).await.unwrap());
    let err = format!("{:#}", store.get(&absent).await.unwrap_err());
    assert!(err.contains("missing"), "{err}");
    assert!(store.get("../../etc/passwd").await.is_err());

    // Stored once: a second upload of the same bytes is a conditional write the store
    // refuses (If-None-Match), seen here because it leaves a marked object alone...
    std::fs::write(&file, b"marked").unwrap();
    assert_eq!(store.put(&mut conn, PDF).await.unwrap(), sha);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        b"marked",
        "not written twice"
    );
    // ...and every read checks the bytes against their name.
    let err = format!("{:#}", store.get(&sha).await.unwrap_err());
    assert!(err.contains("damaged"), "{err}");

    let mut misspelt = server.settings("tinh/");
    misspelt.bucket = "motcua-tset".to_owned();
    let misspelt = BlobStore::s3(blobs::s3::S3::new(&misspelt).unwrap());
    let err = format!("{:#}", misspelt.check().await.unwrap_err());
    assert!(
        err.contains("motcua-tset"),
        "a bucket that does not exist: {err}"
    );

    // A wrong key, or no server: an error, never "no such file".
    let mut wrong = server.settings("tinh/");
    wrong.secret_access_key = "not the key".to_owned();
    let wrong = BlobStore::s3(blobs::s3::S3::new(&wrong).unwrap());
    assert!(wrong.check().await.is_err());
    assert!(wrong.contains(&absent).await.is_err());
    assert!(wrong.put(&mut conn, b"%PDF-1.7 refused").await.is_err());
    let mut gone = server.settings("tinh/");
    gone.endpoint = Some("http://127.0.0.1:9".to_owned());
    let gone = BlobStore::s3(blobs::s3::S3::new(&gone).unwrap());
    let started = std::time::Instant::now();
    assert!(gone.get(&sha).await.is_err());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(25),
        "a few quick retries, not minutes: {:?}",
        started.elapsed()
    );
}

/// `motcua blobs migrate` into a bucket and out of it again, on both engines.
async fn files_move_into_a_bucket_and_out(env: TestEnv) {
    let Some(server) = testkit::s3::S3Server::start().await else {
        return;
    };
    let s = &env.services;
    let (attachment, receipt) = two_files(&env).await;
    let bucket = BlobStore::s3(blobs::s3::S3::new(&server.settings("")).unwrap());
    let first = blobs::migrate(&s.db, &s.blobs, &bucket).await.unwrap();
    assert_eq!((first.copied, first.present), (2, 0));
    assert_eq!(bucket.get(&attachment).await.unwrap(), PDF);
    assert_eq!(
        bucket.get(&receipt).await.unwrap(),
        s.blobs.get(&receipt).await.unwrap()
    );
    let again = blobs::migrate(&s.db, &s.blobs, &bucket).await.unwrap();
    assert_eq!(
        (again.copied, again.present),
        (0, 2),
        "a rerun copies nothing"
    );

    let dir = std::env::temp_dir().join(format!("motcua-from-s3-{}", uuid::Uuid::new_v4()));
    let back = BlobStore::directory(&dir);
    let out = blobs::migrate(&s.db, &bucket, &back).await.unwrap();
    assert_eq!((out.copied, out.present), (2, 0));
    assert_eq!(back.get(&attachment).await.unwrap(), PDF);
    let _ = std::fs::remove_dir_all(dir);
}
on_both_engines!(
    files_move_into_a_bucket_and_out_on,
    files_move_into_a_bucket_and_out
);

//! The S3 blob store through the server (issue 17, item 1), against a real S3 server
//! (`s3s-fs`): two nodes that share nothing but PostgreSQL and a bucket, and
//! `motcua blobs migrate` moving a SQLite node's files into a bucket.

use crate::helpers::{spawn_app, spawn_app_with, spawn_node};
use crate::payments::paid_dossier_qr;
use reqwest::multipart::{Form, Part};
use std::process::Command;
use testkit::s3::S3Server;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";

async fn upload(app: &crate::helpers::TestApp, token: &str, code: &str) {
    let res = app
        .api_client(token)
        .post_multipart(
            &format!("/api/v1/dossiers/{code}/attachments"),
            Form::new().part("file", Part::bytes(PDF.to_vec()).file_name("to-khai.pdf")),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
}

async fn download(app: &crate::helpers::TestApp, token: &str, code: &str) -> Vec<u8> {
    let detail = app
        .api_client(token)
        .get(&format!("/api/v1/dossiers/{code}"))
        .await
        .json();
    let url = detail["attachments"][0]["url"].as_str().unwrap().to_owned();
    let res = app.api_client(token).get(&url).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.bytes
}

fn pairs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_files_through_a_bucket() {
    let Some(server) = S3Server::start().await else {
        return;
    };
    let env = server.env();
    let Some(a) = spawn_app_with("postgres", &pairs(&env)).await else {
        return;
    };
    let b = spawn_node(&a.database_url, &pairs(&env)).await;
    let (token, pay) = paid_dossier_qr(&a).await;
    let code = pay["dossier_code"].as_str().unwrap().to_owned();
    upload(&a, &token, &code).await;
    assert_eq!(
        download(&b, &token, &code).await,
        PDF,
        "written by A, read by B"
    );

    // The receipt's original, kept when B first delivers it, is an object too.
    let (status, _) = a
        .post_json(
            "/sandbox/bank/transfers",
            serde_json::json!({"qr": pay["qr_payload"]}),
        )
        .await;
    assert_eq!(status, 200);
    let id = pay["id"].as_i64().unwrap();
    let res = b
        .api_client(&token)
        .get(&format!("/api/v1/payments/{id}/receipt.pdf"))
        .await;
    assert_eq!(res.status, 200);
    let db = &a.services.db.pool;
    let (attachment,): (String,) = sqlx::query_as("SELECT sha256 FROM attachments")
        .fetch_one(db)
        .await
        .unwrap();
    let (receipt,): (Option<String>,) =
        sqlx::query_as("SELECT pdf_sha256 FROM receipts WHERE attempt_id = $1")
            .bind(id)
            .fetch_one(db)
            .await
            .unwrap();
    for sha in [attachment, receipt.expect("kept")] {
        let object = std::fs::read(server.object_file("", &sha)).expect("in the bucket");
        assert_eq!(services::blobs::digest(&object), sha);
    }
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM blobs")
        .fetch_one(db)
        .await
        .unwrap();
    assert_eq!(rows, 0, "nothing in the database's own store");
    a.shut_down().await;
    b.shut_down().await;
}

fn motcua(args: &[&str], env: &[(&str, String)]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("run motcua");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// A SQLite node's files move into a bucket with `motcua blobs migrate`, run again it
/// copies nothing, and a node then set to the bucket serves them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_moves_a_nodes_files_into_a_bucket() {
    let Some(server) = S3Server::start().await else {
        return;
    };
    let Some(app) = spawn_app("sqlite").await else {
        return;
    };
    let (token, pay) = paid_dossier_qr(&app).await;
    let code = pay["dossier_code"].as_str().unwrap().to_owned();
    upload(&app, &token, &code).await;

    let mut env: Vec<(&str, String)> = vec![
        ("MOTCUA_ENV", "development".to_owned()),
        ("MOTCUA_DATABASE_URL", app.database_url.clone()),
        ("MOTCUA_DATA_DIR", app.data_dir.display().to_string()),
    ];
    let migrate = ["blobs", "migrate", "--from", "directory", "--to", "s3"];
    let (ok, out) = motcua(&migrate, &env);
    assert!(!ok, "no bucket configured: {out}");
    assert!(out.contains("MOTCUA_S3_BUCKET"), "{out}");

    env.extend(
        server
            .env()
            .into_iter()
            .filter(|(k, _)| *k != "MOTCUA_BLOB_STORE"),
    );
    let (ok, out) = motcua(&migrate, &env);
    assert!(ok, "{out}");
    assert!(
        out.contains("1 copied, 0 already there, 0 missing"),
        "{out}"
    );
    let (ok, out) = motcua(&migrate, &env);
    assert!(ok, "{out}");
    assert!(out.contains("0 copied, 1 already there"), "{out}");

    let moved = spawn_node(&app.database_url, &pairs(&server.env())).await;
    assert_eq!(download(&moved, &token, &code).await, PDF);
    moved.shut_down().await;
    app.shut_down().await;
}

/// A node whose bucket refuses its key does not start (rather than failing every
/// citizen's upload later).
#[tokio::test]
async fn a_node_with_a_wrong_bucket_key_does_not_start() {
    let Some(server) = S3Server::start().await else {
        return;
    };
    let Some(url) = testkit::fresh_database("sqlite").await else {
        return;
    };
    let mut env = server.env();
    for (k, v) in &mut env {
        if *k == "MOTCUA_S3_SECRET_ACCESS_KEY" {
            *v = "not the key".to_owned();
        }
    }
    env.extend([
        ("MOTCUA_ENV", "development".to_owned()),
        ("MOTCUA_DATABASE_URL", url),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_owned()),
    ]);
    let settings = server::config::Settings::from_lookup(|k| {
        env.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
    })
    .expect("settings");
    let Err(err) = server::startup::Application::build(settings).await else {
        panic!("a node whose bucket refuses its key started");
    };
    let err = format!("{err:#}");
    assert!(err.contains("s3 blob store cannot be used"), "{err}");
    assert!(
        !err.contains("not the key"),
        "the secret is never printed: {err}"
    );
}

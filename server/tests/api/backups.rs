//! Backups and restores (issue 17, item 7): `motcua backup` of a SQLite node while it
//! serves, and PostgreSQL's `pg_dump` routine; each restored into a node that then
//! serves the same dossiers, files and receipts.

use crate::helpers::{TestApp, spawn_app, spawn_node};
use crate::payments::paid_dossier_qr;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use std::process::Command;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";

/// A paid dossier with one file and its receipt delivered: (token, attachment URL,
/// receipt URL).
async fn paid_dossier_with_a_file(app: &TestApp) -> (String, String, String) {
    let (token, pay) = paid_dossier_qr(app).await;
    let code = pay["dossier_code"].as_str().unwrap().to_owned();
    let api = app.api_client(&token);
    let res = api
        .post_multipart(
            &format!("/api/v1/dossiers/{code}/attachments"),
            Form::new().part("file", Part::bytes(PDF.to_vec()).file_name("to-khai.pdf")),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let (status, _) = app
        .post_json("/sandbox/bank/transfers", json!({"qr": pay["qr_payload"]}))
        .await;
    assert_eq!(status, 200);
    let receipt = format!("/api/v1/payments/{}/receipt.pdf", pay["id"]);
    assert_eq!(api.get(&receipt).await.status, 200);
    let detail = api.get(&format!("/api/v1/dossiers/{code}")).await.json();
    let file = detail["attachments"][0]["url"].as_str().unwrap().to_owned();
    (token, file, receipt)
}

/// What a restored node must serve as the original did.
async fn serves_the_same(node: &TestApp, token: &str, file: &str, receipt: &str) {
    let api = node.api_client(token);
    let res = api.get(file).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.bytes, PDF);
    let res = api.get(receipt).await;
    assert_eq!(res.status, 200);
    assert!(res.bytes.starts_with(b"%PDF-"));
    let list: Value = api.get("/api/v1/dossiers").await.json();
    assert!(list["total"].as_i64().unwrap() >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_serving_sqlite_node_is_backed_up_and_restored() {
    let Some(app) = spawn_app("sqlite").await else {
        return;
    };
    let (token, file, receipt) = paid_dossier_with_a_file(&app).await;
    // Citizens keep submitting while the backup runs.
    let busy = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let writer = {
        let (busy, url, token) = (busy.clone(), app.address.clone(), token.clone());
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut n = 0;
            while busy.load(std::sync::atomic::Ordering::Relaxed) {
                let res = client
                    .post(format!("{url}/api/v1/dossiers"))
                    .bearer_auth(&token)
                    .json(&json!({"procedure_code": "2.000488", "form": {
                        "ho_ten": "Nguyễn Văn An", "so_cccd": "001090123456",
                        "ngay_sinh": "1990-05-17", "so_dien_thoai": "0912345678",
                        "dia_chi": {"province": "Hà Nội", "commune": "Hà Đông", "street": "Số 5"},
                        "loai_phieu": "Phiếu số 1", "so_phieu": 1, "muc_dich": "Xin việc",
                        "cam_doan": true
                    }}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 201, "a dossier is written");
                n += 1;
            }
            n
        })
    };
    let dir = std::env::temp_dir().join(format!("motcua-backup-{}", uuid::Uuid::new_v4()));
    let out = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(["backup", "--to", dir.to_str().unwrap()])
        .env("MOTCUA_ENV", "development")
        .env("MOTCUA_DATABASE_URL", &app.database_url)
        .env("MOTCUA_DATA_DIR", &app.data_dir)
        .output()
        .expect("run motcua backup");
    busy.store(false, std::sync::atomic::Ordering::Relaxed);
    let writes = writer.await.unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("Backed up to"), "{said}");
    eprintln!("backup while {writes} dossiers were submitted: {said}");
    assert!(writes >= 1, "the node was written to while the backup ran");
    // A second backup into the same place is refused rather than mixed in.
    let again = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(["backup", "--to", dir.to_str().unwrap()])
        .env("MOTCUA_ENV", "development")
        .env("MOTCUA_DATABASE_URL", &app.database_url)
        .env("MOTCUA_DATA_DIR", &app.data_dir)
        .output()
        .unwrap();
    assert!(!again.status.success());
    // Nor into the files being copied (it would copy itself).
    let inside = app.data_dir.join("blobs").join("backup");
    let inside = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(["backup", "--to", inside.to_str().unwrap()])
        .env("MOTCUA_ENV", "development")
        .env("MOTCUA_DATABASE_URL", &app.database_url)
        .env("MOTCUA_DATA_DIR", &app.data_dir)
        .output()
        .unwrap();
    assert!(!inside.status.success());
    assert!(
        String::from_utf8_lossy(&inside.stderr).contains("inside the files"),
        "{}",
        String::from_utf8_lossy(&inside.stderr)
    );

    // Restored: a node on the copy serves the same dossier, file and receipt.
    let url = format!("sqlite://{}", dir.join("motcua.db").display());
    let restored = spawn_node(&url, &[("MOTCUA_DATA_DIR", dir.to_str().unwrap())]).await;
    serves_the_same(&restored, &token, &file, &receipt).await;
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&restored.services.db.pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let _ = std::fs::remove_dir_all(dir);
}

/// PostgreSQL: `pg_dump -Fc`, then `pg_restore` into an empty database (files are in
/// the dump: the database store is the default), as README "Backups" says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_database_is_restored_from_its_dump() {
    let Some(app) = spawn_app("postgres").await else {
        return;
    };
    let (token, file, receipt) = paid_dossier_with_a_file(&app).await;
    let dump = std::env::temp_dir().join(format!("motcua-{}.dump", uuid::Uuid::new_v4()));
    let out = Command::new("pg_dump")
        .args([
            "--format=custom",
            "--file",
            dump.to_str().unwrap(),
            &app.database_url,
        ])
        .output()
        .expect("pg_dump (postgresql-client)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let empty = testkit::fresh_database("postgres").await.unwrap();
    let out = Command::new("pg_restore")
        .args(["--no-owner", "--dbname", &empty, dump.to_str().unwrap()])
        .output()
        .expect("pg_restore");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = spawn_node(&empty, &[]).await;
    serves_the_same(&restored, &token, &file, &receipt).await;
    let _ = std::fs::remove_file(dump);
}

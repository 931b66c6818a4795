//! Several nodes on one PostgreSQL database (issue 17): a file written through one is
//! read through the other, a payment confirmed on one reaches a page waiting on the
//! other; and a node that is told to stop ends its live streams and stops in time.

use crate::helpers::{TestApp, spawn_app};
use crate::payments::{paid_dossier_qr, read_until};
use reqwest::multipart::{Form, Part};
use serde_json::json;
use std::time::{Duration, Instant};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_files_and_live_payments() {
    let Some(a) = spawn_app("postgres").await else {
        return;
    };
    let b = a.another_node().await;
    let (token, pay) = paid_dossier_qr(&a).await;
    let code = pay["dossier_code"].as_str().unwrap().to_owned();
    let id = pay["id"].as_i64().unwrap();

    // Uploaded through A, downloaded through B (its data directory is its own).
    let res = a
        .api_client(&token)
        .post_multipart(
            &format!("/api/v1/dossiers/{code}/attachments"),
            Form::new().part("file", Part::bytes(PDF.to_vec()).file_name("to-khai.pdf")),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let detail = b
        .api_client(&token)
        .get(&format!("/api/v1/dossiers/{code}"))
        .await
        .json();
    let url = detail["attachments"][0]["url"].as_str().unwrap().to_owned();
    let res = b.api_client(&token).get(&url).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.bytes, PDF);

    // A payment page waits on B; the bank's notification reaches A.
    let mut stream = b
        .api_client(&token)
        .stream(&format!("/api/v1/payments/{id}/events"))
        .await;
    assert_eq!(stream.status(), 200);
    let mut seen = String::new();
    read_until(&mut stream, &mut seen, "\"status\":\"pending\"").await;
    let sent = Instant::now();
    let (status, _) = a
        .post_json("/sandbox/bank/transfers", json!({"qr": pay["qr_payload"]}))
        .await;
    assert_eq!(status, 200);
    let confirmed = sent.elapsed();
    read_until(&mut stream, &mut seen, "\"status\":\"paid\"").await;
    let shown = sent.elapsed();
    let delay = shown.saturating_sub(confirmed);
    eprintln!(
        "cross-node: A confirmed after {confirmed:?}, B's page told after {shown:?} ({delay:?} after A answered)"
    );
    assert!(
        delay < Duration::from_millis(500),
        "B's page heard of A's payment {delay:?} after A answered the bank"
    );

    // The receipt's original PDF, kept when first delivered through B, is A's to read.
    let res = b
        .api_client(&token)
        .get(&format!("/api/v1/payments/{id}/receipt.pdf"))
        .await;
    assert_eq!(res.status, 200);
    let (kept,): (Option<String>,) =
        sqlx::query_as("SELECT pdf_sha256 FROM receipts WHERE attempt_id = $1")
            .bind(id)
            .fetch_one(&a.services.db.pool)
            .await
            .unwrap();
    let original = a.services.blobs.get(&kept.expect("kept")).await.unwrap();
    assert!(original.starts_with(b"%PDF-"));
    assert!(a.shut_down().await < Duration::from_secs(10));
    assert!(b.shut_down().await < Duration::from_secs(10));
}

/// A node told to stop (SIGTERM) ends its live payment streams at once, so browsers
/// reconnect to another node, and stops well within its 10-second grace.
async fn a_stopping_node_ends_its_streams(app: TestApp) {
    let (token, pay) = paid_dossier_qr(&app).await;
    let id = pay["id"].as_i64().unwrap();
    let mut stream = app
        .api_client(&token)
        .stream(&format!("/api/v1/payments/{id}/events"))
        .await;
    let mut seen = String::new();
    read_until(&mut stream, &mut seen, "\"status\":\"pending\"").await;
    let took = app.shut_down().await;
    eprintln!("shutdown with a live stream open: {took:?}");
    assert!(took < server::startup::SHUTDOWN_GRACE, "{took:?}");
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match stream.chunk().await {
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => return,
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the stream ended");
}
crate::on_both_engines!(
    a_stopping_node_ends_its_streams_on,
    a_stopping_node_ends_its_streams
);

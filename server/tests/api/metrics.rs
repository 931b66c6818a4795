//! `GET /metrics` (issue 17, item 4): Prometheus text, for a scraper on this machine or
//! one holding the token; what a node did is in it.

use crate::helpers::spawn_app_with;
use crate::payments::{paid_dossier_qr, post};
use serde_json::json;
use services::payments::signature::sign;

const TOKEN: &str = "a metrics token of at least 32 characters";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_what_the_node_did_for_a_scraper_only() {
    let Some(app) = spawn_app_with(
        "sqlite",
        &[
            ("MOTCUA_TRUSTED_PROXIES", "127.0.0.1"),
            ("MOTCUA_METRICS_TOKEN", TOKEN),
        ],
    )
    .await
    else {
        return;
    };
    // From elsewhere (through the trusted proxy): only with the token.
    let remote = || app.visitor().with_header("x-forwarded-for", "203.0.113.5");
    assert_eq!(remote().get("/metrics").await.status, 404);
    let wrong = format!("Bearer {}", "x".repeat(TOKEN.len()));
    assert_eq!(
        remote()
            .with_header("authorization", &wrong)
            .get("/metrics")
            .await
            .status,
        404
    );
    let res = remote()
        .with_header("authorization", &format!("Bearer {TOKEN}"))
        .get("/metrics")
        .await;
    assert_eq!(res.status, 200);

    // One notification applied, the same again (duplicate), one for nobody (exception).
    let (token, pay) = paid_dossier_qr(&app).await;
    let body = json!({
        "id": "EVT-M1", "gateway": "SANDBOX", "transaction_date": "2026-11-24 09:00:00",
        "account_number": pay["account_number"], "content": pay["reference"],
        "transfer_type": "in", "amount": pay["amount_vnd"], "reference_code": "FTM1",
    })
    .to_string();
    let signed = |b: &str| {
        Some(sign(
            &app.services.bank_webhook_secret,
            app.services.now(),
            b.as_bytes(),
        ))
    };
    assert_eq!(post(&app, &body, signed(&body)).await.0, 200);
    assert_eq!(post(&app, &body, signed(&body)).await.0, 200);
    let stray = body
        .replace("EVT-M1", "EVT-M2")
        .replace(pay["reference"].as_str().unwrap(), "MC000000AAAAAAAA");
    assert_eq!(post(&app, &stray, signed(&stray)).await.0, 200);
    assert_eq!(post(&app, &stray, None).await.0, 401);
    let code = pay["dossier_code"].as_str().unwrap();
    assert_eq!(
        app.api_client(&token)
            .get(&format!("/api/v1/dossiers/{code}"))
            .await
            .status,
        200
    );

    let res = app.visitor().get("/metrics").await;
    assert_eq!(res.status, 200, "this machine may read it");
    assert_eq!(
        res.header("content-type"),
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = res.body;
    for line in [
        "payment_notifications_total{provider=\"bank\",outcome=\"applied\"} 1",
        "payment_notifications_total{provider=\"bank\",outcome=\"duplicate\"} 1",
        "payment_notifications_total{provider=\"bank\",outcome=\"exception\"} 1",
        "payment_notifications_total{provider=\"bank\",outcome=\"refused\"} 1",
        "http_request_duration_seconds_count{route=\"/api/v1/dossiers/{code}\",method=\"GET\",status=\"200\"} 1",
        "payment_streams_open 0",
        "job_queue_depth 0",
        "job_queue_overdue_seconds 0",
        "job_queue_dead 0",
    ] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    assert!(text.contains("# TYPE http_request_duration_seconds histogram"));
    assert!(text.contains("db_pool_connections "));
    // Routes are patterns: no dossier code, token or phone number becomes a label.
    assert!(!text.contains(code), "{text}");
}

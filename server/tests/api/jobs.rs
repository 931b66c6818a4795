//! Issue 17, item 3, over HTTP: the job queue's page for administrators, and a dead job
//! queued again by a plain form (no JavaScript), then run by the node's own worker.

use crate::helpers::TestApp;
use crate::on_both_engines;
use services::staff::Role;
use std::time::Duration;

async fn an_administrator_sees_a_dead_job_and_runs_it_again(app: TestApp) {
    let now = app.services.now();
    // A text given up while the provider was down (six tries, as services::jobs does).
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO jobs (kind, payload, status, attempts, max_attempts, run_at, last_error, created_at, finished_at) \
         VALUES ('sms', $1, 'dead', 6, 6, $2, 'provider unavailable (HTTP 503)', $2, $2) RETURNING id",
    )
    .bind(r#"{"kind":"sms","to":"+84912345678","body":"Một Cửa: Hồ sơ X - Đã có kết quả."}"#)
    .bind(now)
    .fetch_one(&app.services.db.pool)
    .await
    .unwrap();
    let (admin, _) = app.as_staff("0900000201", Role::Admin, None).await;
    let (officer, _) = app
        .as_staff("0900000202", Role::Officer, Some("000.00.31.H53"))
        .await;

    let page = admin.get("/can-bo/hang-doi").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("data-testid=\"dead-job\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("SMS 0912 *** 678"),
        "whom it was for, masked"
    );
    assert!(page.body.contains("provider unavailable (HTTP 503)"));
    assert!(
        !page.body.contains("Đã có kết quả"),
        "the text of a message is not shown"
    );
    let page = officer.get("/can-bo/hang-doi").await;
    assert!(page.body.contains("Chỉ quản trị viên"));
    assert!(!page.body.contains("data-testid=\"dead-job\""));

    // Without JavaScript: the form posts, the page comes back with the flash.
    let id_text = id.to_string();
    let res = admin
        .clone()
        .on_page("/can-bo/hang-doi")
        .post_form("/api/staff/jobs/retry", &[("id", id_text.as_str())])
        .await;
    assert_eq!(res.location(), "/can-bo/hang-doi");
    assert!(res.flash().is_some_and(|f| f.ok), "{}", res.body);
    let audit = services::audit::recent(&app.services.db.pool, 1)
        .await
        .unwrap();
    assert_eq!(audit[0].action, "job.retry");

    // The node's worker sends it (it was woken by the retry).
    let phone = domain::PhoneNumber::parse("0912345678").unwrap();
    let mut sent = Vec::new();
    for _ in 0..50 {
        sent = services::sms::outbox(&app.services.db, Some(&phone), 1)
            .await
            .unwrap();
        if !sent.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        sent.first().map(|m| m.body.as_str()),
        Some("Một Cửa: Hồ sơ X - Đã có kết quả.")
    );
    let (status,): (String,) = sqlx::query_as("SELECT status FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(&app.services.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "done");
    let page = admin.get("/can-bo/hang-doi").await;
    assert!(page.body.contains("data-testid=\"no-dead-jobs\""));
}
on_both_engines!(
    a_dead_job_is_run_again_on,
    an_administrator_sees_a_dead_job_and_runs_it_again
);

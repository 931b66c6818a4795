//! Issue 15, item 8: text messages through a real provider (eSMS's API, served here by
//! a stand-in on this machine): queued, handed over once, retried, followed to
//! delivery, their bodies erased.

use crate::common::TestEnv;
use crate::on_both_engines;
use axum::Json;
use axum::extract::{Query, State};
use serde_json::{Value, json};
use services::sms::SmsSender as _;
use services::sms::esms::{Esms, EsmsConfig};
use services::sms::queue::{self, QueuedSender};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What the stand-in was sent.
#[derive(Default)]
struct Seen {
    hand_overs: Vec<Value>,
    status_asked: Vec<String>,
}

type Shared = Arc<Mutex<Seen>>;

/// eSMS's hand-over, as its documentation answers it: the phone decides what happens
/// here (…0500: the first try fails with HTTP 500; …0108: code 108, a badly formed
/// number; otherwise code 100 with an SMSID).
async fn hand_over(
    State(seen): State<Shared>,
    Json(body): Json<Value>,
) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let phone = body["Phone"].as_str().unwrap_or_default().to_owned();
    let request = body["RequestId"].as_str().unwrap_or_default().to_owned();
    let tries = {
        let mut s = seen.lock().unwrap();
        s.hand_overs.push(body);
        s.hand_overs
            .iter()
            .filter(|b| b["RequestId"] == request.as_str())
            .count()
    };
    if phone.ends_with("0500") && tries == 1 {
        return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "busy").into_response();
    }
    if phone.ends_with("0108") {
        return Json(
            json!({"CodeResult": "108", "ErrorMessage": "Phone number is not in correct format"}),
        )
        .into_response();
    }
    Json(json!({"CodeResult": "100", "CountRegenerate": 0, "SMSID": format!("esms-{request}")}))
        .into_response()
}

/// eSMS's GetSendStatus: every message sent to the operator and delivered.
async fn status(
    State(seen): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    seen.lock()
        .unwrap()
        .status_asked
        .push(q.get("RefId").cloned().unwrap_or_default());
    Json(
        json!({"CodeResponse": "100", "SMSID": q.get("RefId"), "SendFailed": 0, "SendStatus": 5,
        "SendSuccess": 1, "TotalPrice": 850.0, "TotalReceiver": 1, "TotalSent": 1}),
    )
}

async fn stand_in() -> (Esms, Shared) {
    let seen: Shared = Arc::default();
    let app = axum::Router::new()
        .route(
            "/MainService.svc/json/SendMultipleMessage_V4_post_json/",
            axum::routing::post(hand_over),
        )
        .route(
            "/MainService.svc/json/GetSendStatus",
            axum::routing::get(status),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let esms = Esms::new(EsmsConfig {
        base_url: format!("http://{addr}"),
        api_key: "key".to_owned(),
        secret_key: "secret".to_owned(),
        brandname: "MOTCUA".to_owned(),
        provider_sandbox: false,
    })
    .unwrap();
    (esms, seen)
}

async fn row(env: &TestEnv, id: i64) -> (String, String, i64, Option<String>) {
    sqlx::query_as("SELECT status, body, attempts, provider_id FROM sms_queue WHERE id = $1")
        .bind(id)
        .fetch_one(&env.services.db.pool)
        .await
        .unwrap()
}

fn phone(n: &str) -> domain::PhoneNumber {
    domain::PhoneNumber::parse(n).unwrap()
}

async fn messages_are_queued_handed_over_once_retried_and_followed(env: TestEnv) {
    let s = &env.services;
    let (esms, seen) = stand_in().await;
    let sender = QueuedSender::new(s.db.clone(), env.clock.clone());
    let code = "Ma xac thuc Mot Cua cua ban la 482913.";
    sender.send(&phone("0912340500"), code).await.unwrap();
    sender.send(&phone("0912340108"), code).await.unwrap();
    sender
        .send(&phone("0912340001"), "Một Cửa: Hồ sơ đã được tiếp nhận.")
        .await
        .unwrap();
    // Queued: the request that asked waited for nothing.
    assert_eq!(row(&env, 1).await.0, "queued");
    assert!(seen.lock().unwrap().hand_overs.is_empty());

    let r = queue::run_round(&s.db, env.clock.as_ref(), &esms)
        .await
        .unwrap();
    assert_eq!((r.sent, r.retried, r.failed), (1, 1, 1), "{r:?}");
    // The provider's trouble: tried again after the backoff (10 s), body kept till then.
    assert_eq!(
        row(&env, 1).await,
        ("queued".to_owned(), code.to_owned(), 1, None)
    );
    // A number the provider refuses is given up at once, its text erased.
    let (status, body, _, _) = row(&env, 2).await;
    assert_eq!((status.as_str(), body.as_str()), ("failed", queue::ERASED));
    // Handed over: the text erased, the provider's id kept.
    let (status, body, _, id) = row(&env, 3).await;
    assert_eq!(
        (status.as_str(), body.as_str(), id.as_deref()),
        ("sent", queue::ERASED, Some("esms-motcua-3"))
    );
    {
        let s = seen.lock().unwrap();
        let third = s
            .hand_overs
            .iter()
            .find(|b| b["RequestId"] == "motcua-3")
            .unwrap();
        assert_eq!(third["Phone"], "0912340001");
        assert_eq!(
            third["SmsType"], "2",
            "customer care, for codes and notices"
        );
        assert_eq!(third["Brandname"], "MOTCUA");
        assert_eq!(third["IsUnicode"], "1", "Vietnamese letters");
        assert_eq!(third["ApiKey"], "key");
        let first = s
            .hand_overs
            .iter()
            .find(|b| b["RequestId"] == "motcua-1")
            .unwrap();
        assert_eq!(first["IsUnicode"], "0", "a plain code");
    }
    // Not due yet: nothing happens.
    let r = queue::run_round(&s.db, env.clock.as_ref(), &esms)
        .await
        .unwrap();
    assert_eq!(r, queue::Round::default());
    env.clock.advance(queue::backoff_seconds(1));
    let r = queue::run_round(&s.db, env.clock.as_ref(), &esms)
        .await
        .unwrap();
    assert_eq!(r.sent, 1);
    assert_eq!(row(&env, 1).await.0, "sent");
    // Both tries carried the same RequestId, so eSMS sends it once.
    assert_eq!(
        seen.lock()
            .unwrap()
            .hand_overs
            .iter()
            .filter(|b| b["RequestId"] == "motcua-1")
            .count(),
        2
    );
    // A minute later their delivery is asked about, and recorded.
    env.clock.advance(60);
    let r = queue::run_round(&s.db, env.clock.as_ref(), &esms)
        .await
        .unwrap();
    assert_eq!(r.delivered, 2, "{r:?}");
    assert_eq!(row(&env, 1).await.0, "delivered");
    assert_eq!(row(&env, 3).await.0, "delivered");
    assert!(
        seen.lock()
            .unwrap()
            .status_asked
            .contains(&"esms-motcua-3".to_owned())
    );
    // What the staff may see: masked numbers, statuses, never the text.
    let listed = queue::recent(&s.db, 10).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().all(|m| m.to.contains("***")));
}
on_both_engines!(
    messages_are_queued_handed_over_once_retried_and_followed_on,
    messages_are_queued_handed_over_once_retried_and_followed
);

async fn a_message_not_handed_over_in_ten_minutes_is_given_up_and_erased(env: TestEnv) {
    let s = &env.services;
    let (esms, seen) = stand_in().await;
    let sender = QueuedSender::new(s.db.clone(), env.clock.clone());
    sender
        .send(
            &phone("0912340002"),
            "Ma xac thuc Mot Cua cua ban la 111111.",
        )
        .await
        .unwrap();
    env.clock.advance(queue::BODY_SECONDS);
    let r = queue::run_round(&s.db, env.clock.as_ref(), &esms)
        .await
        .unwrap();
    assert_eq!(r.failed, 1);
    let (status, body, _, _) = row(&env, 1).await;
    assert_eq!((status.as_str(), body.as_str()), ("failed", queue::ERASED));
    assert!(
        seen.lock().unwrap().hand_overs.is_empty(),
        "a dead code is not sent"
    );
}
on_both_engines!(
    a_message_not_handed_over_in_ten_minutes_is_given_up_and_erased_on,
    a_message_not_handed_over_in_ten_minutes_is_given_up_and_erased
);

/// Several nodes run the worker at once: each message is handed over once.
async fn workers_on_several_nodes_send_each_message_once(env: TestEnv) {
    let s = &env.services;
    let (esms, seen) = stand_in().await;
    let sender = QueuedSender::new(s.db.clone(), env.clock.clone());
    for i in 0..12 {
        sender
            .send(&phone(&format!("09123410{i:02}")), "Ma xac thuc 123456.")
            .await
            .unwrap();
    }
    let mut nodes = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (db, clock, esms) = (s.db.clone(), env.clock.clone(), esms.clone());
        nodes.spawn(async move { queue::run_round(&db, clock.as_ref(), &esms).await });
    }
    let mut sent = 0;
    while let Some(r) = nodes.join_next().await {
        sent += r.unwrap().unwrap().sent;
    }
    assert_eq!(sent, 12);
    assert_eq!(seen.lock().unwrap().hand_overs.len(), 12);
}
on_both_engines!(
    workers_on_several_nodes_send_each_message_once_on,
    workers_on_several_nodes_send_each_message_once
);

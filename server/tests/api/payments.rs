//! Signed bank notifications over HTTP.

use crate::helpers::{TestApp, spawn_app_with};
use serde_json::{Value, json};
use services::payments::signature::sign;
use services::staff::Role;

const SECRET: &str = "test bank webhook secret, 32+ chars long";

/// A criminal-record request for one record (200.000 đ, TT 244/2016/TT-BTC Điều 4) and
/// its live payment QR.
pub async fn paid_dossier_qr(app: &TestApp) -> (String, Value) {
    paid_dossier_qr_for(app, 1).await
}

/// As [`paid_dossier_qr`] for `records` criminal records.
pub async fn paid_dossier_qr_for(app: &TestApp, records: u32) -> (String, Value) {
    let token = app.citizen_token("0912345678", "001090123456").await;
    let form = json!({
        "ho_ten": "Nguyễn Văn An", "so_cccd": "001090123456", "ngay_sinh": "1990-05-17",
        "so_dien_thoai": "0912345678",
        "dia_chi": {"province": "Hà Nội", "commune": "Hà Đông", "street": "Số 5"},
        "loai_phieu": "Phiếu số 1", "so_phieu": records, "muc_dich": "Xin việc", "cam_doan": true
    });
    let api = app.api_client(&token);
    let res = api
        .post_json(
            "/api/v1/dossiers",
            &json!({"procedure_code": "2.000488", "form": form}),
        )
        .await;
    let code = res.json()["code"].as_str().unwrap().to_owned();
    let res = api.post(&format!("/api/v1/dossiers/{code}/payments")).await;
    (token, res.json())
}

/// A bank's notification: the raw body as the bank signed it, and its signature.
pub(crate) async fn post(app: &TestApp, body: &str, signature: Option<String>) -> (u16, Value) {
    let mut bank = app.visitor().without_origin();
    if let Some(sig) = signature {
        bank = bank.with_header("x-motcua-signature", &sig);
    }
    let res = bank
        .post_body(
            "/api/v1/payment-notifications/bank",
            "application/json",
            body.as_bytes().to_vec(),
        )
        .await;
    let json = serde_json::from_str(&res.body).unwrap_or(Value::Null);
    (res.status, json)
}

async fn signed_notifications_pay_and_forgeries_do_not(engine: &str) {
    let Some(app) = spawn_app_with(engine, &[("MOTCUA_BANK_WEBHOOK_SECRET", SECRET)]).await else {
        return;
    };
    let (token, pay) = paid_dossier_qr(&app).await;
    let body = json!({
        "id": "EVT-1", "gateway": "SANDBOX", "transaction_date": "2026-11-24 09:00:00",
        "account_number": pay["account_number"], "content": format!("CHUYEN TIEN {}", pay["reference"].as_str().unwrap()),
        "transfer_type": "in", "amount": pay["amount_vnd"], "reference_code": "FT1",
    })
    .to_string();
    let now = app.services.now();

    // Forged, tampered or stale: 401, nothing changes.
    let (status, _) = post(&app, &body, None).await;
    assert_eq!(status, 401);
    let (status, _) = post(
        &app,
        &body,
        Some(sign(b"wrong secret", now, body.as_bytes())),
    )
    .await;
    assert_eq!(status, 401);
    let tampered = body.replace("EVT-1", "EVT-2");
    let (status, _) = post(
        &app,
        &tampered,
        Some(sign(SECRET.as_bytes(), now, body.as_bytes())),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = post(
        &app,
        &body,
        Some(sign(SECRET.as_bytes(), now - 301, body.as_bytes())),
    )
    .await;
    assert_eq!(status, 401);
    let id = pay["id"].as_i64().unwrap();
    let api = app.api_client(&token);
    let get = || async { api.get(&format!("/api/v1/payments/{id}")).await.json() };
    assert_eq!(get().await["status"], "pending");

    // Signed: paid; the same again: 200 and no change.
    let (status, out) = post(
        &app,
        &body,
        Some(sign(SECRET.as_bytes(), now, body.as_bytes())),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["result"], "paid");
    assert_eq!(get().await["status"], "paid");
    let (status, out) = post(
        &app,
        &body,
        Some(sign(SECRET.as_bytes(), now, body.as_bytes())),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(out["result"], "replay");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_notifications_sqlite() {
    signed_notifications_pay_and_forgeries_do_not("sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_notifications_postgres() {
    signed_notifications_pay_and_forgeries_do_not("postgres").await;
}

async fn the_sandbox_bank_pays_over_real_http(app: TestApp) {
    let (token, pay) = paid_dossier_qr(&app).await;
    let (status, out) = app
        .post_json(
            "/sandbox/bank/transfers",
            json!({"qr": "000201010212630400"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(out["error"]["code"], "invalid_qr");
    let (status, out) = app
        .post_json("/sandbox/bank/transfers", json!({"qr": pay["qr_payload"]}))
        .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["delivered"], true);
    assert_eq!(out["server_answer"]["result"], "paid");
    assert_eq!(out["amount_vnd"], pay["amount_vnd"]);
    let id = pay["id"].as_i64().unwrap();
    let api = app.api_client(&token);
    let now = api.get(&format!("/api/v1/payments/{id}")).await.json();
    assert_eq!(now["status"], "paid");
    // Paying the same QR again is a duplicate the staff must refund, not a second payment.
    let (_, out) = app
        .post_json("/sandbox/bank/transfers", json!({"qr": pay["qr_payload"]}))
        .await;
    assert_eq!(out["server_answer"]["exception"], "duplicate");
    // An officer of the agency resolves it from the queue with a plain form (no
    // JavaScript): back to the queue, the outcome in the flash, the credit resolved.
    let (officer, _) = app
        .as_staff("0901234999", Role::Officer, Some("000.00.31.H53"))
        .await;
    let officer = officer.on_page("/can-bo/ngoai-le");
    let queue = officer.get("/can-bo/ngoai-le").await.body;
    let id = queue
        .split("name=\"id\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the duplicate in the queue")
        .to_owned();
    let res = officer
        .post_form(
            "/api/staff/payment-exceptions/resolve",
            &[
                ("id", &id),
                ("action", "refund"),
                ("reason", "Chuyển trùng, hoàn lại"),
            ],
        )
        .await;
    assert!((300..400).contains(&res.status), "{}", res.status);
    assert!(
        res.location().ends_with("/can-bo/ngoai-le"),
        "{}",
        res.location()
    );
    let html = officer.follow(&res).await.body;
    assert!(html.contains(&format!("Đã xử lý khoản #{id}.")), "{html}");
    let html = officer.get("/can-bo/ngoai-le?tat-ca=1").await.body;
    assert!(
        html.contains("data-testid=\"exception-resolved\""),
        "{html}"
    );
    // Without a choice of resolution it is refused, and the refusal is the form's.
    let res = officer
        .post_form(
            "/api/staff/payment-exceptions/resolve",
            &[("id", &id), ("reason", "Chưa chọn")],
        )
        .await;
    assert!(
        res.location().ends_with("/can-bo/ngoai-le"),
        "{}",
        res.location()
    );
    let html = officer.follow(&res).await.body;
    assert!(html.contains("Chưa chọn cách xử lý"), "{html}");
    // The page is the app's (in its Layout, without the wasm: the sandbox adds nothing to
    // the citizens' bundle) and works as a plain form: a QR the bank cannot read is
    // refused, in the visitor's language.
    for (lang, refusal) in [
        ("vi", "Ngân hàng từ chối mã QR"),
        ("en", "The bank refuses the QR"),
    ] {
        let res = app
            .visitor()
            .with_cookie(format!("lang={lang}"))
            .post_form("/sandbox/bank", &[("qr", "not a qr"), ("amount", "")])
            .await;
        assert_eq!(res.status, 400);
        let html = res.body;
        assert!(html.contains("data-testid=\"bank-error\""), "{html}");
        assert!(html.contains(refusal), "{lang}: {html}");
        assert!(html.contains("<main id=\"main\""), "in the Layout: {html}");
        assert!(
            !html.contains("/pkg/motcua.js") && !html.contains(".wasm"),
            "the app's scripts are not loaded: {html}"
        );
    }
}
crate::on_both_engines!(
    the_sandbox_bank_pays_over_real_http_on,
    the_sandbox_bank_pays_over_real_http
);

/// Reads a streaming response until `needle` has been seen (10 s at most).
pub(crate) async fn read_until(res: &mut reqwest::Response, seen: &mut String, needle: &str) {
    tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while !seen.contains(needle) {
            let chunk = res.chunk().await.unwrap().expect("stream open");
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await
    .expect(needle);
}

async fn the_payment_stream_reports_paid_at_once(app: TestApp) {
    let (token, pay) = paid_dossier_qr(&app).await;
    let id = pay["id"].as_i64().unwrap();
    let events = format!("/api/v1/payments/{id}/events");
    let mut res = app.api_client(&token).stream(&events).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut seen = String::new();
    read_until(&mut res, &mut seen, "\"status\":\"pending\"").await;
    let (status, _) = app
        .post_json("/sandbox/bank/transfers", json!({"qr": pay["qr_payload"]}))
        .await;
    assert_eq!(status, 200);
    read_until(&mut res, &mut seen, "\"status\":\"paid\"").await;
    assert!(seen.contains("event: status"));
    // Someone else cannot listen.
    let other = app.citizen_token("0987654321", "001190123457").await;
    let res = app.api_client(&other).get(&events).await;
    assert_eq!(res.status, 404);
}
crate::on_both_engines!(
    the_payment_stream_reports_paid_at_once_on,
    the_payment_stream_reports_paid_at_once
);

async fn one_caller_holds_at_most_four_streams_open(app: TestApp) {
    let (token, pay) = paid_dossier_qr(&app).await;
    let id = pay["id"].as_i64().unwrap();
    let events = format!("/api/v1/payments/{id}/events");
    let client = app.api_client(&token);
    // Four tabs of the payment page: each has its stream (server::state::STREAMS_PER_CALLER).
    let mut open = Vec::new();
    for _ in 0..server::state::STREAMS_PER_CALLER {
        let res = client.stream(&events).await;
        assert_eq!(res.status(), 200);
        open.push(res);
    }
    // A fifth is refused, with when to try again.
    let fifth = client.stream(&events).await;
    assert_eq!(fifth.status(), 429);
    assert!(fifth.headers().contains_key("retry-after"));
    // Closing one frees its slot (the server notices at its next write at the latest:
    // the keep-alive comment every 15 seconds).
    drop(open.pop());
    let mut freed = None;
    for _ in 0..250 {
        let res = client.stream(&events).await;
        if res.status() == 200 {
            freed = Some(res);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(freed.is_some(), "a closed stream gives its slot back");
}
crate::on_both_engines!(
    one_caller_holds_at_most_four_streams_open_on,
    one_caller_holds_at_most_four_streams_open
);

/// VNPAY through the sandbox gateway: the API gives a signed payment URL, the
/// "gateway" page opens it, paying calls our IPN over HTTP, and the browser comes
/// back to the payment page, which shows what the database says.
async fn vnpay_pays_through_the_sandbox_gateway(app: TestApp) {
    let (token, qr) = paid_dossier_qr(&app).await;
    let code = qr["dossier_code"].as_str().unwrap().to_owned();
    let api = app.api_client(&token);
    let payments = format!("/api/v1/dossiers/{code}/payments");
    let res = api.post_json(&payments, &json!({"provider": "momo"})).await;
    assert_eq!(res.status, 400);
    let res = api
        .post_json(&payments, &json!({"provider": "vnpay"}))
        .await;
    assert_eq!(res.status, 201);
    let pay = res.json();
    assert_eq!(pay["provider"], "vnpay");
    assert_eq!(pay["qr_payload"], Value::Null);
    let url = pay["payment_url"].as_str().unwrap().to_owned();
    let path = url.strip_prefix(&app.address).expect("the sandbox gateway");
    assert!(path.starts_with("/sandbox/vnpay/pay?vnp_Amount="), "{path}");

    // A tampered URL is refused by the gateway.
    let tampered = path.replace("vnp_Amount=", "vnp_Amount=1");
    let res = app.get_page(&tampered).await;
    assert_eq!(res.status, 400);
    let html = res.body;
    assert!(html.contains("data-testid=\"vnpay-error\""), "{html}");
    assert!(html.contains("Sai chữ ký (vnp_SecureHash)"), "{html}");
    let page = app.get_page(path).await.body;
    // One record: 200.000 đ (TT 244/2016/TT-BTC Điều 4).
    assert!(page.contains("200.000 đ"), "{page}");
    // The signed query goes back with the decision as it came, `&` escaped by the view.
    let query = path.split_once('?').unwrap().1;
    assert!(
        page.contains(&format!("value=\"{}\"", query.replace('&', "&amp;"))),
        "{page}"
    );

    // Paying: the IPN arrives before the browser is sent back.
    let res = app
        .post_form(
            "/sandbox/vnpay/pay",
            &[("query", query), ("decision", "pay")],
        )
        .await;
    assert_eq!(res.status, 303);
    let back = res.location().to_owned();
    assert!(back.contains("/thanh-toan/vnpay/ket-qua?"), "{back}");
    let back_path = back.strip_prefix(&app.address).unwrap_or(&back);
    let res = app.get_page(back_path).await;
    assert_eq!(res.status, 303);
    let id = pay["id"].as_i64().unwrap();
    assert_eq!(res.location(), format!("/thanh-toan/{id}?vnpay=00"));
    let now = api.get(&format!("/api/v1/payments/{id}")).await.json();
    assert_eq!(now["status"], "paid");
    assert!(now["receipt_pdf_url"].is_string());
    // The QR attempt opened earlier can no longer be paid.
    let qr_now = api
        .get(&format!("/api/v1/payments/{}", qr["id"]))
        .await
        .json();
    assert_eq!(qr_now["status"], "cancelled");

    // A forged IPN is answered 97, a replayed one 02; a forged return is refused.
    let (status, out) = app
        .get_json("/api/v1/payment-notifications/vnpay?vnp_TxnRef=X&vnp_SecureHash=00")
        .await;
    assert_eq!((status, out["RspCode"].as_str()), (200, Some("97")));
    let replay = back_path.replace(
        "/thanh-toan/vnpay/ket-qua",
        "/api/v1/payment-notifications/vnpay",
    );
    let (status, out) = app.get_json(&replay).await;
    assert_eq!((status, out["RspCode"].as_str()), (200, Some("02")));
    let forged = back_path.replace("vnp_ResponseCode=00", "vnp_ResponseCode=24");
    let res = app.get_page(&forged).await;
    assert_eq!(res.status, 400);
    let page = res.body;
    assert!(
        page.contains("data-testid=\"vnpay-return-error\""),
        "{page}"
    );
}
crate::on_both_engines!(
    vnpay_pays_through_the_sandbox_gateway_on,
    vnpay_pays_through_the_sandbox_gateway
);

/// Issue 16, item 3 (research/payments.md §C.2: VNPAY sends no IPN when a window lapses,
/// and an IPN can be lost): an order paid at the gateway whose IPN never came is found
/// by the status sweep, which asks the gateway over HTTP (`querydr`, signed both ways)
/// after the deadline and settles it, dated by when the gateway took the money.
async fn a_lost_vnpay_ipn_is_recovered_by_the_status_query(app: TestApp) {
    let (token, qr) = paid_dossier_qr(&app).await;
    let code = qr["dossier_code"].as_str().unwrap().to_owned();
    let api = app.api_client(&token);
    let pay = api
        .post_json(
            &format!("/api/v1/dossiers/{code}/payments"),
            &json!({"provider": "vnpay"}),
        )
        .await
        .json();
    let id = pay["id"].as_i64().unwrap();
    let url = pay["payment_url"].as_str().unwrap().to_owned();
    let query = url.split_once('?').unwrap().1.to_owned();
    let res = app
        .post_form(
            "/sandbox/vnpay/pay",
            &[("query", query.as_str()), ("decision", "pay_without_ipn")],
        )
        .await;
    assert_eq!(res.status, 303);
    let back = res.location().to_owned();
    let status = |v: Value| v["status"].as_str().unwrap_or_default().to_owned();
    assert_eq!(
        status(api.get(&format!("/api/v1/payments/{id}")).await.json()),
        "pending",
        "no IPN came"
    );
    let cfg = app.services.vnpay.clone().unwrap();
    let gateway = services::payments::vnpay::Vnpay(cfg);
    // Before the deadline nothing is asked.
    assert_eq!(
        services::payments::gateway::sweep(&app.services, &gateway)
            .await
            .unwrap(),
        0
    );
    // After it, the gateway is asked and the payment settled.
    let mut later = app.services.clone();
    later.clock = std::sync::Arc::new(services::FixedClock::at(
        app.services.now() + app.services.payment_ttl_seconds + 1,
    ));
    assert_eq!(
        services::payments::gateway::sweep(&later, &gateway)
            .await
            .unwrap(),
        1
    );
    let now = api.get(&format!("/api/v1/payments/{id}")).await.json();
    assert_eq!(status(now.clone()), "paid");
    assert!(now["receipt_pdf_url"].is_string());
    // The IPN, should it come after all, is the same event: a replay (02).
    let late_ipn = back.strip_prefix(&app.address).unwrap_or(&back).replace(
        "/thanh-toan/vnpay/ket-qua",
        "/api/v1/payment-notifications/vnpay",
    );
    let (code_http, out) = app.get_json(&late_ipn).await;
    assert_eq!((code_http, out["RspCode"].as_str()), (200, Some("02")));
    // Answered attempts are not asked again.
    assert_eq!(
        services::payments::gateway::sweep(&later, &gateway)
            .await
            .unwrap(),
        0
    );
    // A forged query to the sandbox's transaction API is answered 97.
    let forged = app
        .visitor()
        .without_origin()
        .post_body(
            "/sandbox/vnpay/merchant_webapi/api/transaction",
            "application/json",
            json!({"vnp_Command": "querydr", "vnp_TmnCode": "MOTCUA01", "vnp_TxnRef": pay["reference"],
                   "vnp_SecureHash": "00"})
            .to_string()
            .into_bytes(),
        )
        .await;
    assert_eq!(
        (
            forged.status,
            forged.json()["vnp_ResponseCode"]
                .as_str()
                .map(str::to_owned)
        ),
        (200, Some("97".to_owned()))
    );
}
crate::on_both_engines!(
    a_lost_vnpay_ipn_is_recovered_by_the_status_query_on,
    a_lost_vnpay_ipn_is_recovered_by_the_status_query
);

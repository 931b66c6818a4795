use crate::helpers::TestApp;
use crate::on_both_engines;
use serde_json::json;

async fn register_with_otp_then_call_me(app: TestApp) {
    let (status, _) = app
        .post_json("/api/v1/auth/otp", json!({"phone": "+84912345678"}))
        .await;
    assert_eq!(status, 202);
    let code = app.last_code("0912345678").await;
    let (status, body) = app
        .post_json(
            "/api/v1/auth/token",
            json!({"phone": "0912345678", "code": code}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "registration_required");
    let (status, body) = app
        .post_json(
            "/api/v1/auth/token",
            json!({"phone": "0912345678", "code": code, "full_name": "Lê Thị Hoa",
                   "date_of_birth": "2001-02-03", "national_id": "048301000123"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["citizen"]["phone"], "0912345678");
    let token = body["token"].as_str().unwrap();
    let res = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let me: serde_json::Value = res.json().await.unwrap();
    assert_eq!(me["full_name"], "Lê Thị Hoa");
    let (status, body) = app.get_json("/api/v1/me").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
    let res = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth("0".repeat(64))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}
on_both_engines!(
    register_with_otp_then_call_me_on,
    register_with_otp_then_call_me
);

async fn otp_limits_hold_over_http(app: TestApp) {
    let (status, _) = app
        .post_json("/api/v1/auth/otp", json!({"phone": "0987654321"}))
        .await;
    assert_eq!(status, 202);
    let res = app
        .client
        .post(app.url("/api/v1/auth/otp"))
        .json(&json!({"phone": "0987654321"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().get("retry-after").is_some());
    let code = app.last_code("0987654321").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        let (status, body) = app
            .post_json(
                "/api/v1/auth/token",
                json!({"phone": "0987654321", "code": wrong}),
            )
            .await;
        assert_eq!(status, 400);
        assert_eq!(body["error"]["code"], "invalid_code");
    }
    let (status, body) = app
        .post_json(
            "/api/v1/auth/token",
            json!({"phone": "0987654321", "code": wrong}),
        )
        .await;
    assert_eq!(status, 429);
    assert_eq!(body["error"]["code"], "rate_limited");
    let (status, _) = app
        .post_json(
            "/api/v1/auth/token",
            json!({"phone": "0987654321", "code": code}),
        )
        .await;
    assert_eq!(status, 429, "the dead code stays dead");
}
on_both_engines!(otp_limits_hold_over_http_on, otp_limits_hold_over_http);

async fn bad_input_gets_clear_json_errors(app: TestApp) {
    let (status, body) = app
        .post_json("/api/v1/auth/otp", json!({"phone": "12345"}))
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "invalid_phone");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Số điện thoại")
    );
    assert!(
        body["error"]["message_en"]
            .as_str()
            .unwrap()
            .starts_with("Invalid phone number"),
        "every error also comes in English"
    );
    let res = app
        .client
        .post(app.url("/api/v1/auth/otp"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_json");
    let (status, body) = app.get_json("/api/v1/nothing-here").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}
on_both_engines!(
    bad_input_gets_clear_json_errors_on,
    bad_input_gets_clear_json_errors
);

async fn a_photo_without_a_qr_is_refused_and_photos_are_rate_limited(app: TestApp) {
    let post = |body: Vec<u8>| {
        app.client
            .post(app.url("/api/v1/qr/read"))
            .header("content-type", "image/jpeg")
            .body(body)
            .send()
    };
    let res = post(b"not a photo".to_vec()).await.unwrap();
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_photo");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Không đọc được mã QR")
    );
    for _ in 1..services::qr::PHOTO_READS_PER_IP_PER_10_MIN {
        assert_eq!(post(vec![0; 16]).await.unwrap().status(), 400);
    }
    let res = post(vec![0; 16]).await.unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
}
on_both_engines!(
    a_photo_without_a_qr_is_refused_and_photos_are_rate_limited_on,
    a_photo_without_a_qr_is_refused_and_photos_are_rate_limited
);

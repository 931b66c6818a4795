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
    let res = app.api_client(token).get("/api/v1/me").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["full_name"], "Lê Thị Hoa");
    let (status, body) = app.get_json("/api/v1/me").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
    let forged = "0".repeat(64);
    assert_eq!(app.api_client(&forged).get("/api/v1/me").await.status, 401);
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
        .visitor()
        .post_json("/api/v1/auth/otp", &json!({"phone": "0987654321"}))
        .await;
    assert_eq!(res.status, 429);
    assert!(!res.header("retry-after").is_empty());
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
        .visitor()
        .post_body(
            "/api/v1/auth/otp",
            "application/json",
            b"{not json".to_vec(),
        )
        .await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["error"]["code"], "invalid_json");
    // A body that is not JSON at all, a query and a path that cannot be read: the same
    // JSON error body, never axum's plain text.
    let res = app
        .visitor()
        .post_body("/api/v1/auth/otp", "text/plain", b"0912345678".to_vec())
        .await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["error"]["code"], "invalid_json");
    let (status, body) = app.get_json("/api/v1/procedures?level=").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_query"))
    );
    let (status, body) = app.get_json("/api/v1/receipts/verify/%FF").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_path"))
    );
    // The API takes a phone as a program writes it (PhoneNumber::PATTERN), not with the
    // spaces a person may type into a page.
    let (status, body) = app
        .post_json("/api/v1/auth/otp", json!({"phone": "0912 345 678"}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_phone"))
    );
    let (status, body) = app.get_json("/api/v1/nothing-here").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
}
on_both_engines!(
    bad_input_gets_clear_json_errors_on,
    bad_input_gets_clear_json_errors
);

async fn a_photo_without_a_qr_is_refused_and_photos_are_rate_limited(app: TestApp) {
    // Reading a photo is costly work: nobody unknown may have it done (issue 15, item 6).
    let res = app
        .visitor()
        .post_body("/api/v1/qr/read", "image/jpeg", b"not a photo".to_vec())
        .await;
    assert_eq!(res.status, 401);
    // A person registering after a right code may (the card's QR fills the form in).
    let page = app
        .visitor()
        .on_page("/dang-nhap/xac-thuc?phone=0912345678");
    app.visitor()
        .on_page("/dang-nhap")
        .post_form("/api/auth/request-otp", &[("phone", "0912345678")])
        .await;
    let code = app.last_code("0912345678").await;
    let res = page
        .post_form(
            "/api/auth/verify-otp",
            &[("phone", "0912345678"), ("code", &code)],
        )
        .await;
    assert_eq!(
        res.refusal(),
        Some(app::error::AppError::RegistrationRequired)
    );
    let pass = res
        .set_cookie("motcua_registering")
        .expect("a registration pass");
    assert!(
        pass.contains("Path=/api/v1/qr") && pass.contains("Max-Age=600"),
        "{pass}"
    );
    let registering = app
        .visitor()
        .with_cookie(res.cookie("motcua_registering").unwrap());
    let res = registering
        .post_body("/api/v1/qr/read", "image/jpeg", b"not a photo".to_vec())
        .await;
    assert_eq!(res.status, 200);
    // A forged or expired pass is nobody's.
    let forged = app
        .visitor()
        .with_cookie("motcua_registering=99999999999-00-00".to_owned());
    assert_eq!(
        forged
            .post_body("/api/v1/qr/read", "image/jpeg", vec![0; 16])
            .await
            .status,
        401
    );

    let phone = app.as_citizen("0987654321", "001090123456").await;
    let post = |body: Vec<u8>| phone.post_body("/api/v1/qr/read", "image/jpeg", body);
    let res = post(b"not a photo".to_vec()).await;
    // Read, and nothing found: no text, and what to do about it.
    assert_eq!(res.status, 200);
    let body = res.json();
    assert_eq!(body["text"], serde_json::Value::Null);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Không đọc được mã QR")
    );
    assert!(
        body["message_en"]
            .as_str()
            .unwrap()
            .starts_with("No QR code")
    );
    // The registering visitor's photo counted too: same address.
    for _ in 2..services::qr::PHOTO_READS_PER_IP_PER_10_MIN {
        assert_eq!(
            post(vec![0; 16]).await.json()["text"],
            serde_json::Value::Null
        );
    }
    let res = post(vec![0; 16]).await;
    assert_eq!(res.status, 429);
    assert!(res.headers.contains_key("retry-after"));
}
on_both_engines!(
    a_photo_without_a_qr_is_refused_and_photos_are_rate_limited_on,
    a_photo_without_a_qr_is_refused_and_photos_are_rate_limited
);

/// 21 sign-in codes asked for from one address (the limit is 20 an hour), each for a
/// different phone, with `X-Forwarded-For` set to `forwarded(i)`; the statuses.
async fn codes_asked(app: &TestApp, forwarded: impl Fn(u32) -> String) -> Vec<u16> {
    let mut out = Vec::new();
    for i in 0..21 {
        let res = app
            .visitor()
            .with_header("x-forwarded-for", &forwarded(i))
            .post_json(
                "/api/v1/auth/otp",
                &serde_json::json!({ "phone": format!("09130000{i:02}") }),
            )
            .await;
        out.push(res.status);
    }
    out
}

async fn a_forged_forwarded_for_does_not_escape_the_limit(engine: &str) {
    // No trusted proxy (the default): the header is the client's own claim, ignored.
    let Some(app) = crate::helpers::spawn_app_with(engine, &[]).await else {
        return;
    };
    let statuses = codes_asked(&app, |i| format!("198.51.100.{i}")).await;
    assert_eq!(&statuses[..20], &[202; 20]);
    assert_eq!(statuses[20], 429, "one address, however it names itself");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_forwarded_for_does_not_escape_the_limit_on_sqlite() {
    a_forged_forwarded_for_does_not_escape_the_limit("sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_forwarded_for_does_not_escape_the_limit_on_postgres() {
    a_forged_forwarded_for_does_not_escape_the_limit("postgres").await;
}

async fn behind_a_trusted_proxy_each_client_has_its_own_limit(engine: &str) {
    let Some(app) =
        crate::helpers::spawn_app_with(engine, &[("MOTCUA_TRUSTED_PROXIES", "127.0.0.1")]).await
    else {
        return;
    };
    // The proxy appends the address it saw; what the client wrote before it is not believed.
    let statuses = codes_asked(&app, |i| format!("10.9.9.{i}, 203.0.113.5")).await;
    assert_eq!(&statuses[..20], &[202; 20]);
    assert_eq!(statuses[20], 429, "203.0.113.5 has used its 20 codes");
    let other = app
        .visitor()
        .with_header("x-forwarded-for", "203.0.113.6")
        .post_json(
            "/api/v1/auth/otp",
            &serde_json::json!({ "phone": "0913999999" }),
        )
        .await;
    assert_eq!(other.status, 202, "another client behind the same proxy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit_on_sqlite() {
    behind_a_trusted_proxy_each_client_has_its_own_limit("sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit_on_postgres() {
    behind_a_trusted_proxy_each_client_has_its_own_limit("postgres").await;
}

async fn a_kiosk_has_its_own_quota_beside_the_centres_address(app: TestApp) {
    use services::staff::Role;
    // Phones on the centre's Wi-Fi and its kiosks leave through one address. The
    // phones use up that address's 20 codes an hour…
    let statuses = codes_asked(&app, |_| String::new()).await;
    assert_eq!(&statuses[..20], &[202; 20]);
    assert_eq!(statuses[20], 429, "the address has used its 20 codes");
    // …and a kiosk behind the same address still sends codes: it is counted by its
    // device credential, on a quota of its own (60 an hour: one citizen after another).
    let admin = app
        .member("0901000001", "Quản trị", Role::Admin, None)
        .await;
    let kiosk = app.as_kiosk(&admin, "Ki-ốt A").await;
    for i in 0..60 {
        let res = kiosk
            .post_json(
                "/api/v1/auth/otp",
                &json!({ "phone": format!("09140000{i:02}") }),
            )
            .await;
        assert_eq!(res.status, 202, "kiosk code {i}: {}", res.body);
    }
    let res = kiosk
        .post_json("/api/v1/auth/otp", &json!({ "phone": "0914000099" }))
        .await;
    assert_eq!(res.status, 429, "and that quota is limited too");
}
on_both_engines!(
    a_kiosk_has_its_own_quota_beside_the_centres_address_on,
    a_kiosk_has_its_own_quota_beside_the_centres_address
);

use crate::helpers::{TestApp, spawn_app_with};
use crate::on_both_engines;

/// The nonce of a page's Content-Security-Policy and the policy, checked to be on every
/// script the page has (and it has some).
fn scripts_carry_the_nonce(res: &crate::visitor::Reply) -> (String, String) {
    let csp = res.header("content-security-policy").to_owned();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy")
        .to_owned();
    assert!(nonce.len() >= 32, "{csp}");
    let scripts = res.body.matches("<script").count();
    assert!(scripts > 0, "the page loads the app");
    assert_eq!(
        res.body.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "every script carries this response's nonce"
    );
    (nonce, csp)
}

async fn probes_and_openapi(app: TestApp) {
    let (status, health) = app.get_json("/healthz").await;
    assert_eq!(status, 200);
    // A release build (as make test runs it) has Leptos' production settings, a debug
    // build the development ones.
    let (build, env) = if cfg!(debug_assertions) {
        ("debug", "DEV")
    } else {
        ("release", "PROD")
    };
    assert_eq!(health["build"], build);
    assert_eq!(health["leptos_env"], env);
    let (status, _) = app.get_json("/readyz").await;
    assert_eq!(status, 200);
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/procedures",
        "/procedures/{code}",
        "/agencies",
        "/auth/otp",
        "/auth/token",
        "/me",
        "/dossiers",
        "/dossiers/{code}",
        "/dossiers/{code}/attachments",
        "/attachments/{id}",
        "/lookup",
        "/dossiers/{code}/payments",
        "/payments/{id}",
        "/payments/{id}/qr.svg",
        "/payments/{id}/receipt.pdf",
        "/receipts/verify/{token}",
        "/receipts/public-key",
        "/payment-notifications/vnpay",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} documented");
    }
    let res = app.get_page("/").await;
    assert_eq!(res.header("x-content-type-options"), "nosniff");
    assert_eq!(res.header("x-frame-options"), "DENY");
    // Pages carry a Content-Security-Policy whose nonce is on every script Leptos writes.
    let (nonce, csp) = scripts_carry_the_nonce(&res);
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
    // So does the page of an unknown address, which therefore hydrates too (issue 18,
    // item 3: its scripts had no nonce and were blocked).
    let missing = app.get_page("/khong-co-trang-nay").await;
    assert_eq!(missing.status, 404);
    scripts_carry_the_nonce(&missing);
    let compressed = app
        .visitor()
        .with_header("accept-encoding", "br")
        .get("/thu-tuc")
        .await;
    assert_eq!(
        compressed.header("content-encoding"),
        "br",
        "pages go out compressed"
    );
    let again = app.get_page("/").await;
    assert!(
        !again.header("content-security-policy").contains(&nonce),
        "a fresh nonce per response"
    );
    // When the database goes away, readiness says so and liveness does not.
    app.services.db.pool.close().await;
    assert_eq!(app.get_page("/readyz").await.status, 503);
    assert_eq!(app.get_page("/healthz").await.status, 200);
}
on_both_engines!(probes_and_openapi_on, probes_and_openapi);

#[tokio::test]
async fn sandbox_routes_exist_only_with_the_sandbox() {
    let mut settings = vec![("MOTCUA_SANDBOX", "false")];
    settings.extend(crate::helpers::REAL_SMS);
    let Some(app) = spawn_app_with("sqlite", &settings).await else {
        return;
    };
    // Without the sandbox its pages are the site's not-found page, whatever is asked.
    let html = app.visitor().with_header("accept", "text/html");
    for path in [
        "/sandbox/sms",
        "/sandbox/bank",
        "/sandbox/vnpay/pay?vnp_Amount=1",
    ] {
        let res = html.get(path).await;
        assert_eq!(res.status, 404, "{path}");
        assert!(res.body.contains("Không tìm thấy"), "{path}: {}", res.body);
        assert!(!res.body.contains("thử nghiệm"), "{path}: {}", res.body);
    }
    let res = app
        .post_form("/sandbox/bank", &[("qr", "x"), ("amount", "")])
        .await;
    assert_eq!(res.status, 404);
    assert!(!res.body.contains("Ngân hàng thử nghiệm"), "{}", res.body);
    let res = app
        .visitor()
        .post_json("/sandbox/bank/transfers", &serde_json::json!({"qr": "x"}))
        .await;
    assert_eq!(res.status, 404);
    let Some(app) = spawn_app_with("sqlite", &[]).await else {
        return;
    };
    let res = app
        .visitor()
        .with_header("accept", "text/html")
        .get("/sandbox/sms")
        .await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Hộp thư SMS thử nghiệm"));
    assert!(res.body.contains("<main id=\"main\""), "in the Layout");
    let res = app
        .visitor()
        .in_english()
        .with_header("accept", "text/html")
        .get("/sandbox/sms")
        .await;
    assert!(res.body.contains("Test SMS outbox"), "{}", res.body);
}

#[tokio::test]
async fn production_requires_a_secret_and_refuses_the_sandbox() {
    let url = testkit::fresh_database("sqlite").await.unwrap();
    let get = |k: &str| match k {
        "MOTCUA_ENV" => Some("production".to_owned()),
        "MOTCUA_SANDBOX" => Some("true".to_owned()),
        "MOTCUA_SECRET_KEY" => Some("0123456789abcdef0123456789abcdef".to_owned()),
        "MOTCUA_BANK_WEBHOOK_SECRET" => Some("fedcba9876543210fedcba9876543210".to_owned()),
        "MOTCUA_DATABASE_URL" => Some(url.clone()),
        _ => None,
    };
    let err = server::config::Settings::from_lookup(get).unwrap_err();
    assert!(err.to_string().contains("sandbox"));
}

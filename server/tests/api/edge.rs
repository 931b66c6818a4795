//! The web edge's guards, attacked over HTTP: cross-site writes, open redirects and
//! the headers every response carries.

use crate::helpers::{TestApp, spawn_app_with};
use crate::on_both_engines;

async fn outbox_len(app: &TestApp, phone: &str) -> usize {
    let (status, body) = app.get_json(&format!("/sandbox/sms?phone={phone}")).await;
    assert_eq!(status, 200);
    body["messages"].as_array().map_or(0, Vec::len)
}

/// Issue 14: a page on another site posted to the OTP server function and an SMS went
/// out (login CSRF, SMS pumping). It is refused now, and nothing is sent.
async fn cross_site_writes_are_refused(app: TestApp) {
    let phone = "0912345678";
    let otp = app.url("/api/auth/request-otp");
    let res = app
        .raw
        .post(&otp)
        .header("origin", "http://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[("phone", phone), ("next", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.headers()["x-frame-options"],
        "DENY",
        "refusals carry the headers too"
    );
    let body = res.text().await.unwrap();
    assert!(
        body.contains("bị từ chối") && body.contains("was refused"),
        "{body}"
    );
    // With nothing to say where it came from (no Sec-Fetch-Site, Origin or Referer).
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = bare
        .post(&otp)
        .form(&[("phone", phone)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // A page of another site that shares our host name's prefix is another site.
    let res = bare
        .post(&otp)
        .header("origin", format!("{}.evil.example", app.address))
        .form(&[("phone", phone)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        outbox_len(&app, phone).await,
        0,
        "no SMS for a refused request"
    );
    // The same post from our own page goes through, by Origin or by the browser's word.
    let res = bare
        .post(&otp)
        .header("sec-fetch-site", "same-origin")
        .form(&[("phone", phone), ("next", "")])
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_redirection() || res.status().is_success(),
        "{}",
        res.status()
    );
    assert_eq!(outbox_len(&app, phone).await, 1);
    // Forms handled by axum are under the same guard (multipart uploads included).
    let res = bare
        .post(app.url("/kiosk/dang-ky"))
        .header("referer", "https://evil.example/ki-ot")
        .form(&[("code", "123456")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // A provider's notification carries no cookie and no Origin: not a browser's write.
    let res = bare
        .post(app.url("/api/v1/payment-notifications/bank"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), 403);
}
/// A browser may add Basic or Negotiate credentials to a cross-site post by itself: such
/// a request is neither exempt from the guard nor signed in by its session cookie.
async fn other_authorization_is_not_a_session(app: TestApp) {
    let token = app.citizen_token("0912345111", "001090123456").await;
    let cookie = format!("motcua_session={token}");
    let me = |auth: Option<&'static str>| {
        let mut req = app
            .raw
            .get(app.url("/api/v1/dossiers"))
            .header("cookie", &cookie);
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        req.send()
    };
    let res = me(None).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "private, no-store",
        "someone's own answers are not cached"
    );
    assert_eq!(me(Some("Basic eDp5")).await.unwrap().status(), 401);
    // Server functions read the caller the same way.
    let get_me = |auth: Option<&'static str>| {
        let mut req = app
            .raw
            .post(app.url("/api/auth/me"))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("");
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        async move { req.send().await.unwrap().text().await.unwrap() }
    };
    assert!(get_me(None).await.contains("Nguyễn Văn An"));
    assert_eq!(get_me(Some("Basic eDp5")).await, "null");
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/dossiers"))
        .header("cookie", &cookie)
        .header("authorization", "Basic eDp5")
        .header("origin", "http://evil.example")
        .json(&serde_json::json!({"procedure_code": "2.000488"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
/// Who is calling is resolved in one place (`app::caller`) and refused the same way
/// everywhere: the REST API answers its JSON error, a page or form sends the person
/// to sign in and back to the page they were on, a citizen at a staff form is refused.
async fn callers_are_refused_one_way(app: TestApp) {
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // REST: 401 without credentials, 403 for a citizen at a staff report, as JSON.
    let res = bare
        .get(app.url("/api/v1/staff/reports/monthly"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert!(
        body["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("sign in")
    );
    let token = app.citizen_token("0912345222", "001090123457").await;
    let res = bare
        .get(app.url("/api/v1/staff/reports/monthly"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "forbidden");
    // A form posted without a session: to sign in, then back to the page it was on.
    let post = |referer: String| {
        bare.post(app.url("/can-bo/ngoai-le/1"))
            .header("origin", app.address.clone())
            .header("referer", referer)
            .form(&[("action", "refund"), ("reason", "thử nghiệm")])
            .send()
    };
    let res = post(app.url("/can-bo/ngoai-le?tat-ca=1")).await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/dang-nhap?next=/can-bo/ngoai-le%3Ftat-ca%3D1"
    );
    // A Referer of another site is no way back: the requested path is.
    let res = post("http://evil.example/can-bo/ngoai-le".to_owned())
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/dang-nhap?next=/can-bo/ngoai-le/1"
    );
    // A citizen at a staff form: refused, in both languages.
    let res = bare
        .post(app.url("/can-bo/ngoai-le/1"))
        .header("origin", app.address.clone())
        .header("cookie", format!("motcua_session={token}"))
        .form(&[("action", "refund"), ("reason", "thử nghiệm")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("không có quyền") && text.contains("not allowed"),
        "{text}"
    );
}
on_both_engines!(callers_are_refused_one_way_on, callers_are_refused_one_way);

on_both_engines!(
    other_authorization_is_not_a_session_on,
    other_authorization_is_not_a_session
);

on_both_engines!(
    cross_site_writes_are_refused_on,
    cross_site_writes_are_refused
);

/// Issue 14: `/ngon-ngu/vi?next=/%5Cevil.example` answered `Location: /\evil.example`,
/// which browsers follow to evil.example. Every return target stays on the site.
async fn return_targets_stay_on_the_site(app: TestApp) {
    for (next, expected) in [
        ("/ho-so?tab=phi", "/ho-so?tab=phi"),
        ("/%5Cevil.example", "/"),
        ("/%09/evil.example", "/"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/%0D%0ASet-Cookie:%20x=1", "/"),
    ] {
        let next_query = next.replace('?', "%3F").replace('=', "%3D");
        let res = app
            .raw
            .get(app.url(&format!("/ngon-ngu/en?next={next_query}")))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{next}");
        assert_eq!(res.headers()["location"], expected, "{next}");
    }
    // Signing in does not carry a foreign target to the code page.
    let res = app
        .raw
        .post(app.url("/api/auth/request-otp"))
        .form(&[("phone", "0912345679"), ("next", "/\\evil.example")])
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/dang-nhap/xac-thuc?phone="),
        "{location}"
    );
    assert!(!location.contains("evil"), "{location}");
}
on_both_engines!(
    return_targets_stay_on_the_site_on,
    return_targets_stay_on_the_site
);

async fn request_ids(app: &TestApp) -> Vec<String> {
    let mut ids = Vec::new();
    for path in ["/", "/api/v1/khong-co"] {
        let res = app
            .raw
            .get(app.url(path))
            .header("x-request-id", "forged-id")
            .send()
            .await
            .unwrap();
        ids.push(res.headers()["x-request-id"].to_str().unwrap().to_owned());
    }
    ids
}

/// Pages, missing files, API errors and refusals all carry the security headers; HSTS
/// only in production, where the site is served over HTTPS.
#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let Some(dev) = spawn_app_with("sqlite", &[]).await else {
        return;
    };
    for path in [
        "/",
        "/pkg/khong-co.js",
        "/api/v1/khong-co",
        "/thu-tuc/9.999999",
    ] {
        let res = dev.raw.get(dev.url(path)).send().await.unwrap();
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert!(
            h.get("strict-transport-security").is_none(),
            "{path}: no HSTS over plain HTTP in development"
        );
    }
    // Each response names its request, with an id of ours: one a client sends is replaced.
    let ids: Vec<String> = request_ids(&dev).await;
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    for id in &ids {
        assert!(
            id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
            "{id}"
        );
    }
    let Some(prod) = spawn_app_with(
        "sqlite",
        &[
            ("MOTCUA_ENV", "production"),
            ("MOTCUA_SANDBOX", "false"),
            ("MOTCUA_SECRET_KEY", "0123456789abcdef0123456789abcdef"),
            (
                "MOTCUA_BANK_WEBHOOK_SECRET",
                "fedcba9876543210fedcba9876543210",
            ),
            ("MOTCUA_PUBLIC_URL", "https://motcua.example.gov.vn"),
        ],
    )
    .await
    else {
        return;
    };
    for path in ["/", "/pkg/khong-co.js", "/api/v1/khong-co"] {
        let res = prod.raw.get(prod.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
    }
    // Every cookie is HttpOnly and, in production, Secure: the language (a handler), the
    // staff challenge (a server function) and a form's message (the flash layer).
    services::staff::create(
        &prod.services,
        services::staff::NewStaff {
            phone: "0901234567".into(),
            full_name: "Trần Thị Bình".into(),
            role: services::staff::Role::Officer,
            agency_code: Some("000.00.31.H53".into()),
            password: "mat-khau-du-dai".into(),
        },
        services::audit::Actor::Cli,
    )
    .await
    .unwrap();
    let lang = prod
        .raw
        .get(prod.url("/ngon-ngu/en?next=/"))
        .send()
        .await
        .unwrap();
    let challenge = prod
        .raw
        .post(prod.url("/api/staff/sign-in"))
        .header("origin", "https://motcua.example.gov.vn")
        .form(&[("phone", "0901234567"), ("password", "mat-khau-du-dai")])
        .send()
        .await
        .unwrap();
    let flash = prod
        .raw
        .post(prod.url("/kiosk/dang-ky"))
        .header("origin", "https://motcua.example.gov.vn")
        .form(&[("code", "000000")])
        .send()
        .await
        .unwrap();
    for (res, name, same_site) in [
        (&lang, "lang", "Lax"),
        (&challenge, "motcua_staff_challenge", "Strict"),
        (&flash, "motcua_flash", "Lax"),
    ] {
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name} is set"))
            .to_owned();
        assert!(cookie.contains("; HttpOnly"), "{cookie}");
        assert!(
            cookie.contains(&format!("; SameSite={same_site}")),
            "{cookie}"
        );
        assert!(cookie.ends_with("; Secure"), "{cookie}");
    }
    // Behind the province's proxy the browser's Origin is the public one.
    let res = prod
        .raw
        .post(prod.url("/api/auth/request-otp"))
        .header("origin", "https://motcua.example.gov.vn")
        .form(&[("phone", "0912345670")])
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), 403);
}

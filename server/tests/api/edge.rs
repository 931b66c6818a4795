//! The web edge's guards, attacked over HTTP: cross-site writes, open redirects and
//! the headers every response carries.

use crate::helpers::{STAFF_PASSWORD, TestApp, spawn_app_with};
use crate::on_both_engines;
use services::staff::Role;

/// A staff form handled by axum (printing a badge, whose answer is a page): its guards
/// are the staff extractors', as every such handler's are.
const STAFF_FORM: &str = "/can-bo/the-can-bo";

async fn outbox_len(app: &TestApp, phone: &str) -> usize {
    let (status, body) = app.get_json(&format!("/sandbox/sms?phone={phone}")).await;
    assert_eq!(status, 200);
    body["messages"].as_array().map_or(0, Vec::len)
}

/// Issue 14: a page on another site posted to the OTP server function and an SMS went
/// out (login CSRF, SMS pumping). It is refused now, and nothing is sent.
async fn cross_site_writes_are_refused(app: TestApp) {
    let phone = "0912345678";
    let otp = "/api/auth/request-otp";
    let res = app
        .visitor()
        .with_origin("http://evil.example")
        .with_header("sec-fetch-site", "cross-site")
        .post_form(otp, &[("phone", phone), ("next", "")])
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(
        res.header("x-frame-options"),
        "DENY",
        "refusals carry the headers too"
    );
    assert!(
        res.body.contains("bị từ chối") && res.body.contains("was refused"),
        "{}",
        res.body
    );
    // With nothing to say where it came from (no Sec-Fetch-Site, Origin or Referer).
    let unknown = app.visitor().without_origin();
    assert_eq!(
        unknown.post_form(otp, &[("phone", phone)]).await.status,
        403
    );
    // A page of another site that shares our host name's prefix is another site.
    let lookalike = format!("{}.evil.example", app.address);
    let res = app
        .visitor()
        .with_origin(&lookalike)
        .post_form(otp, &[("phone", phone)])
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(
        outbox_len(&app, phone).await,
        0,
        "no SMS for a refused request"
    );
    // The same post from our own page goes through, by Origin or by the browser's word.
    let res = unknown
        .clone()
        .with_header("sec-fetch-site", "same-origin")
        .post_form(otp, &[("phone", phone), ("next", "")])
        .await;
    assert!((200..400).contains(&res.status), "{}", res.status);
    assert_eq!(outbox_len(&app, phone).await, 1);
    // Forms handled by axum are under the same guard (multipart uploads included).
    let res = unknown
        .clone()
        .with_header("referer", "https://evil.example/nop-ho-so")
        .post_form("/nop-ho-so/2.000488", &[("intent", "submit")])
        .await;
    assert_eq!(res.status, 403);
    // A provider's notification carries no cookie and no Origin: not a browser's write.
    let res = unknown
        .post_json("/api/v1/payment-notifications/bank", &serde_json::json!({}))
        .await;
    assert_ne!(res.status, 403);
}
/// A browser may add Basic or Negotiate credentials to a cross-site post by itself: such
/// a request is neither exempt from the guard nor signed in by its session cookie.
async fn other_authorization_is_not_a_session(app: TestApp) {
    let citizen = app.as_citizen("0912345111", "001090123456").await;
    let with_basic = citizen.clone().with_header("authorization", "Basic eDp5");
    let res = citizen.get("/api/v1/dossiers").await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.header("cache-control"),
        "private, no-store",
        "someone's own answers are not cached"
    );
    assert_eq!(with_basic.get("/api/v1/dossiers").await.status, 401);
    // Server functions read the caller the same way.
    assert!(
        citizen
            .post_form("/api/auth/me", &[])
            .await
            .body
            .contains("Nguyễn Văn An")
    );
    assert_eq!(with_basic.post_form("/api/auth/me", &[]).await.body, "null");
    let res = with_basic
        .with_origin("http://evil.example")
        .post_json(
            "/api/v1/dossiers",
            &serde_json::json!({"procedure_code": "2.000488"}),
        )
        .await;
    assert_eq!(res.status, 403);
}
/// Who is calling is resolved in one place (`app::caller`) and refused the same way
/// everywhere: the REST API answers its JSON error, a page or form sends the person
/// to sign in and back to the page they were on, a citizen at a staff form is refused.
async fn callers_are_refused_one_way(app: TestApp) {
    // REST: 401 without credentials, 403 for a citizen at a staff report, as JSON.
    let api = app.visitor().without_origin();
    let res = api.get("/api/v1/staff/reports/monthly").await;
    assert_eq!(res.status, 401);
    let body = res.json();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert!(
        body["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("sign in")
    );
    let token = app.citizen_token("0912345222", "001090123457").await;
    let res = api
        .clone()
        .with_bearer(&token)
        .get("/api/v1/staff/reports/monthly")
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(res.json()["error"]["code"], "forbidden");
    // A form posted without a session: to sign in, then back to the page it was on.
    let refund = [("action", "refund"), ("reason", "thử nghiệm")];
    let from = |referer: String| app.visitor().with_header("referer", &referer);
    let res = from(app.url("/can-bo/ngoai-le?tat-ca=1"))
        .post_form(STAFF_FORM, &refund)
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.location(),
        "/dang-nhap?next=/can-bo/ngoai-le%3Ftat-ca%3D1"
    );
    // A Referer of another site is no way back: the requested path is.
    let res = from("http://evil.example/can-bo/ngoai-le".to_owned())
        .post_form(STAFF_FORM, &refund)
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location(), "/dang-nhap?next=/can-bo/the-can-bo");
    // A citizen at a staff form: refused, in both languages.
    let res = app
        .visitor()
        .with_cookie(format!("motcua_session={token}"))
        .post_form(STAFF_FORM, &refund)
        .await;
    assert_eq!(res.status, 403);
    assert!(
        res.body.contains("không có quyền") && res.body.contains("not allowed"),
        "{}",
        res.body
    );
    // A server function posted by a plain form is refused the way the sign-in form is:
    // back to its page, the refusal in the flash, shown by the form.
    let resolve = "/api/staff/payment-exceptions/resolve";
    let page = app.visitor().on_page("/can-bo/ngoai-le");
    let res = page
        .post_form(
            resolve,
            &[("id", "1"), ("action", "refund"), ("reason", "thử nghiệm")],
        )
        .await;
    assert_eq!(res.location(), "/can-bo/ngoai-le");
    assert!(page.follow(&res).await.body.contains("Vui lòng đăng nhập"));
    let res = page
        .clone()
        .with_cookie(format!("motcua_session={token}"))
        .post_form(
            resolve,
            &[("id", "1"), ("action", "refund"), ("reason", "thử nghiệm")],
        )
        .await;
    assert_eq!(res.location(), "/can-bo/ngoai-le");
    let flash = res.cookie("motcua_flash").expect("the refusal");
    let html = page
        .clone()
        .with_cookie(format!("motcua_session={token}"))
        .with_cookie(flash)
        .get("/can-bo/ngoai-le")
        .await
        .body;
    assert!(
        html.contains("Vui lòng đăng nhập"),
        "asked to sign in as staff: {html}"
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
            .get_page(&format!("/ngon-ngu/en?next={next_query}"))
            .await;
        assert!((300..400).contains(&res.status), "{next}");
        assert_eq!(res.location(), expected, "{next}");
    }
    // Signing in does not carry a foreign target to the code page.
    let res = app
        .post_form(
            "/api/auth/request-otp",
            &[("phone", "0912345679"), ("next", "/\\evil.example")],
        )
        .await;
    let location = res.location();
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
            .visitor()
            .with_header("x-request-id", "forged-id")
            .get(path)
            .await;
        ids.push(res.header("x-request-id").to_owned());
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
        let res = dev.get_page(path).await;
        assert_eq!(res.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(res.header("x-frame-options"), "DENY", "{path}");
        assert_eq!(res.header("referrer-policy"), "same-origin", "{path}");
        assert!(
            res.headers.get("strict-transport-security").is_none(),
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
            crate::helpers::REAL_SMS[0],
            crate::helpers::REAL_SMS[1],
            crate::helpers::REAL_SMS[2],
            crate::helpers::REAL_SMS[3],
            crate::helpers::REAL_SMS[4],
        ],
    )
    .await
    else {
        return;
    };
    for path in ["/", "/pkg/khong-co.js", "/api/v1/khong-co"] {
        let res = prod.get_page(path).await;
        assert_eq!(
            res.header("strict-transport-security"),
            "max-age=31536000",
            "{path}"
        );
    }
    // Every cookie is HttpOnly and, in production, Secure: the language (a handler), the
    // staff challenge (a server function) and a form's message (the flash layer).
    let agency = Some("000.00.31.H53");
    prod.member("0901234567", "Trần Thị Bình", Role::Officer, agency)
        .await;
    let lang = prod.get_page("/ngon-ngu/en?next=/").await;
    let browser = prod.visitor().with_origin("https://motcua.example.gov.vn");
    let challenge = browser
        .post_form(
            "/api/staff/sign-in",
            &[("phone", "0901234567"), ("password", STAFF_PASSWORD)],
        )
        .await;
    let flash = browser
        .clone()
        .on_page("/kiosk")
        .post_form("/api/kiosk/enrol", &[("code", "000000")])
        .await;
    for (res, name, same_site) in [
        (&lang, "lang", "Lax"),
        (&challenge, "motcua_staff_challenge", "Strict"),
        (&flash, "motcua_flash", "Lax"),
    ] {
        let cookie = res
            .set_cookie(name)
            .unwrap_or_else(|| panic!("{name} is set"));
        assert!(cookie.contains("; HttpOnly"), "{cookie}");
        assert!(
            cookie.contains(&format!("; SameSite={same_site}")),
            "{cookie}"
        );
        assert!(cookie.ends_with("; Secure"), "{cookie}");
    }
    // Behind the province's proxy the browser's Origin is the public one.
    let res = browser
        .post_form("/api/auth/request-otp", &[("phone", "0912345670")])
        .await;
    assert_ne!(res.status, 403);
}

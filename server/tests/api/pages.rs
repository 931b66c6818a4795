//! Pages render on the server, and forms work as plain HTML posts (JavaScript off).

use crate::helpers::TestApp;
use crate::on_both_engines;

const HTML: &str = "text/html,application/xhtml+xml";

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let res = app
        .client
        .get(app.url(path))
        .header("accept", HTML)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn catalog_pages_render_without_javascript(app: TestApp) {
    let (status, home) = page(&app, "/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Bạn cần làm thủ tục gì?"));
    assert!(home.contains("<html lang=\"vi\""));
    let (status, list) = page(&app, "/thu-tuc?q=khai+sinh").await;
    assert_eq!(status, 200);
    let first = list.find("/thu-tuc/1.001193").expect("khai sinh listed");
    let other = list
        .find("/thu-tuc/1.004884")
        .expect("đăng ký lại khai sinh listed");
    assert!(first < other, "Đăng ký khai sinh comes first");
    let (status, detail) = page(&app, "/thu-tuc/2.000488").await;
    assert_eq!(status, 200);
    assert!(detail.contains("200.000 đ"));
    assert!(detail.contains("TT 244/2016/TT-BTC"));
    assert!(detail.contains("Nộp hồ sơ"));
    let (status, missing) = page(&app, "/thu-tuc/9.999999").await;
    assert_eq!(status, 404);
    assert!(missing.contains("Không tìm thấy"));
}
on_both_engines!(
    catalog_pages_render_without_javascript_on,
    catalog_pages_render_without_javascript
);

async fn english_switch_sets_a_cookie_and_returns(app: TestApp) {
    let res = app
        .raw
        .get(app.url("/ngon-ngu/en?next=/thu-tuc"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/thu-tuc");
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("lang=en")
    );
    let res = app
        .raw
        .get(app.url("/ngon-ngu/en?next=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/", "no open redirect");
    let (_, _) = (
        app.client
            .get(app.url("/ngon-ngu/en?next=/"))
            .send()
            .await
            .unwrap()
            .status(),
        (),
    );
    let (_, home) = page(&app, "/").await;
    assert!(home.contains("What do you need to do?"));
    assert!(home.contains("<html lang=\"en\""));
}
on_both_engines!(
    english_switch_sets_a_cookie_and_returns_on,
    english_switch_sets_a_cookie_and_returns
);

/// Posts a form the way a browser without JavaScript does.
async fn post_form(
    app: &TestApp,
    fn_path: &str,
    referer: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.raw
        .post(app.url(fn_path))
        .header("accept", HTML)
        .header("referer", app.url(referer))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn sign_in_form_works_without_javascript(app: TestApp) {
    // A bad number comes back to the form with the error in the URL, shown next to the field.
    let res = post_form(
        &app,
        "/api/auth/request-otp",
        "/dang-nhap",
        &[("phone", "123")],
    )
    .await;
    assert!(res.status().is_redirection());
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("__err="), "{location}");
    let res = app
        .client
        .get(&location)
        .header("accept", HTML)
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Số điện thoại không hợp lệ"),
        "error shown on the page"
    );

    let res = post_form(
        &app,
        "/api/auth/request-otp",
        "/dang-nhap",
        &[("phone", "0912345678")],
    )
    .await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/dang-nhap/xac-thuc?phone=0912345678");
    let code = app.last_code("0912345678").await;

    // First code without details: the page asks for registration.
    let verify = "/dang-nhap/xac-thuc?phone=0912345678";
    let res = post_form(
        &app,
        "/api/auth/verify-otp",
        verify,
        &[("phone", "0912345678"), ("code", &code)],
    )
    .await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let html = app
        .client
        .get(&location)
        .header("accept", HTML)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("data-testid=\"registration\""),
        "registration fields shown"
    );

    let res = post_form(
        &app,
        "/api/auth/verify-otp",
        verify,
        &[
            ("phone", "0912345678"),
            ("code", &code),
            ("full_name", "Phạm Minh Đức"),
            ("date_of_birth", "1985-12-01"),
            ("national_id", "079085001234"),
        ],
    )
    .await;
    assert_eq!(res.headers()["location"], "/tai-khoan");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "development serves plain HTTP");
    let session = cookie.split(';').next().unwrap().to_owned();
    let html = app
        .raw
        .get(app.url("/tai-khoan"))
        .header("accept", HTML)
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Phạm Minh Đức"));
    assert!(html.contains("0790******34"), "CCCD shown masked");
}
on_both_engines!(
    sign_in_form_works_without_javascript_on,
    sign_in_form_works_without_javascript
);

async fn staff_sign_in_page(app: TestApp) {
    services::staff::create(
        &app.services,
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
    let res = post_form(
        &app,
        "/api/staff/sign-in",
        "/can-bo/dang-nhap",
        &[("phone", "0901234567"), ("password", "sai-roi-nhe")],
    )
    .await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let html = app
        .client
        .get(&location)
        .header("accept", HTML)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Số điện thoại hoặc mật khẩu không đúng"));
    let res = post_form(
        &app,
        "/api/staff/sign-in",
        "/can-bo/dang-nhap",
        &[("phone", "0901234567"), ("password", "mat-khau-du-dai")],
    )
    .await;
    // The password leads to the authenticator step, which enrols the app by QR first.
    assert_eq!(res.headers()["location"], "/can-bo/dang-nhap/ma-xac-thuc");
    let challenge = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert!(challenge.starts_with("motcua_staff_challenge="));
    let html = app
        .raw
        .get(app.url("/can-bo/dang-nhap/ma-xac-thuc"))
        .header("accept", HTML)
        .header("cookie", &challenge)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let qr = html
        .find("data-testid=\"totp-qr\"")
        .expect("the enrolment QR");
    assert!(html[qr..].contains("<svg"), "the enrolment QR is drawn");
    let at = html
        .find("data-testid=\"totp-secret\"")
        .expect("the enrolment key");
    let rest = &html[at..];
    let secret = rest[rest.find('>').unwrap() + 1..]
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let key = data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap();
    let code = services::totp::code_at_step(
        &key,
        services::totp::step_of(app.services.now()),
        services::totp::DIGITS,
    );
    let verify = |code: String| {
        app.raw
            .post(app.url("/api/staff/verify-code"))
            .header("accept", HTML)
            .header("referer", app.url("/can-bo/dang-nhap/ma-xac-thuc"))
            .header("cookie", challenge.clone())
            .form(&[("code", code)])
            .send()
    };
    let res = verify("000000".to_owned()).await.unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.contains("/can-bo/dang-nhap/ma-xac-thuc?"),
        "{location}"
    );
    let res = verify(code).await.unwrap();
    assert_eq!(res.headers()["location"], "/can-bo");
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("motcua_session="))
        .expect("a session")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let html = app
        .raw
        .get(app.url("/can-bo"))
        .header("cookie", session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Trần Thị Bình"));
}
on_both_engines!(staff_sign_in_page_on, staff_sign_in_page);

async fn form_errors_follow_the_page_language(app: TestApp) {
    app.client
        .get(app.url("/ngon-ngu/en?next=/"))
        .send()
        .await
        .unwrap();
    let res = app
        .client
        .post(app.url("/api/auth/request-otp"))
        .header("accept", HTML)
        .header("referer", app.url("/dang-nhap"))
        .form(&[("phone", "123")])
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Invalid phone number: enter 10 digits"),
        "the error is in English"
    );
    assert!(!html.contains("Số điện thoại không hợp lệ"));
}
on_both_engines!(
    form_errors_follow_the_page_language_on,
    form_errors_follow_the_page_language
);

async fn dossier_form_posts_are_guarded(app: TestApp) {
    // Not signed in: sent to sign-in, and back here afterwards.
    let form = reqwest::multipart::Form::new().text("intent", "save");
    let res = app
        .raw
        .post(app.url("/nop-ho-so/2.000488"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        res.headers()["location"],
        "/dang-nhap?next=/nop-ho-so/2.000488"
    );
    // A form posted from another site is refused outright.
    let form = reqwest::multipart::Form::new().text("action", "receive");
    let res = app
        .raw
        .post(app.url("/can-bo/ho-so/000.00.31.H53-261124-0001"))
        .header("origin", "https://evil.example")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    // The pages answer, asking people to sign in.
    let (status, html) = page(&app, "/nop-ho-so/2.000488").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"sign-in-link\""));
    let (status, html) = page(&app, "/can-bo/ho-so").await;
    assert_eq!(status, 200);
    assert!(html.contains("Trang này dành cho cán bộ"));
    let (status, _) = page(&app, "/nop-ho-so/9.999999").await;
    assert_eq!(status, 404);
}
on_both_engines!(
    dossier_form_posts_are_guarded_on,
    dossier_form_posts_are_guarded
);

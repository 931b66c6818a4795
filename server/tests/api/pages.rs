//! Pages render on the server, and forms work as plain HTML posts (JavaScript off).

use crate::helpers::{STAFF_PASSWORD, TestApp};
use crate::on_both_engines;
use services::staff::Role;

async fn catalog_pages_render_without_javascript(app: TestApp) {
    let home = app.get_page("/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Bạn cần làm thủ tục gì?"));
    assert!(home.body.contains("<html lang=\"vi\""));
    let list = app.get_page("/thu-tuc?q=khai+sinh").await;
    assert_eq!(list.status, 200);
    let first = list
        .body
        .find("/thu-tuc/1.001193")
        .expect("khai sinh listed");
    let other = list
        .body
        .find("/thu-tuc/1.004884")
        .expect("đăng ký lại khai sinh listed");
    assert!(first < other, "Đăng ký khai sinh comes first");
    let detail = app.get_page("/thu-tuc/2.000488").await;
    assert_eq!(detail.status, 200);
    // The seed's first record fee (TT 244/2016/TT-BTC Điều 4).
    assert!(detail.body.contains("200.000 đ"));
    assert!(detail.body.contains("TT 244/2016/TT-BTC"));
    assert!(detail.body.contains("Nộp hồ sơ"));
    let missing = app.get_page("/thu-tuc/9.999999").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Không tìm thấy"));
}
on_both_engines!(
    catalog_pages_render_without_javascript_on,
    catalog_pages_render_without_javascript
);

async fn english_switch_sets_a_cookie_and_returns(app: TestApp) {
    let res = app.get_page("/ngon-ngu/en?next=/thu-tuc").await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location(), "/thu-tuc");
    let lang = res.cookie("lang").expect("the language cookie");
    assert_eq!(lang, "lang=en");
    let res = app.get_page("/ngon-ngu/en?next=//evil.example").await;
    assert_eq!(res.location(), "/", "no open redirect");
    let home = app.visitor().with_cookie(lang).get("/").await.body;
    assert!(home.contains("What do you need to do?"));
    assert!(home.contains("<html lang=\"en\""));
}
on_both_engines!(
    english_switch_sets_a_cookie_and_returns_on,
    english_switch_sets_a_cookie_and_returns
);

async fn sign_in_form_works_without_javascript(app: TestApp) {
    // A bad number comes back to the form, the refusal in the flash (not in the
    // address), shown next to the field once.
    let browser = app.visitor().on_page("/dang-nhap");
    let res = browser
        .post_form("/api/auth/request-otp", &[("phone", "123")])
        .await;
    assert!((300..400).contains(&res.status));
    assert_eq!(res.location(), "/dang-nhap", "back to the clean address");
    let flash = res
        .cookie("motcua_flash")
        .expect("the refusal in the flash");
    let page = browser.clone().with_cookie(flash).get(res.location()).await;
    let html = &page.body;
    assert!(
        html.contains("id=\"phone-error\"") && html.contains("Số điện thoại không hợp lệ"),
        "error shown next to the field: {html}"
    );
    let cleared = page
        .set_cookie("motcua_flash")
        .expect("the flash is read once");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    let res = browser
        .post_form("/api/auth/request-otp", &[("phone", "0912345678")])
        .await;
    assert_eq!(res.location(), "/dang-nhap/xac-thuc?phone=0912345678");
    let code = app.last_code("0912345678").await;

    // First code without details: the page asks for registration.
    let browser = app
        .visitor()
        .on_page("/dang-nhap/xac-thuc?phone=0912345678");
    let res = browser
        .post_form(
            "/api/auth/verify-otp",
            &[("phone", "0912345678"), ("code", &code)],
        )
        .await;
    assert_eq!(res.location(), "/dang-nhap/xac-thuc?phone=0912345678");
    let flash = res
        .cookie("motcua_flash")
        .expect("the refusal in the flash");
    let html = browser
        .clone()
        .with_cookie(flash)
        .get(res.location())
        .await
        .body;
    assert!(
        html.contains("data-testid=\"registration\""),
        "registration fields shown"
    );

    let res = browser
        .post_form(
            "/api/auth/verify-otp",
            &[
                ("phone", "0912345678"),
                ("code", &code),
                ("full_name", "Phạm Minh Đức"),
                ("date_of_birth", "1985-12-01"),
                ("national_id", "079085001234"),
            ],
        )
        .await;
    assert_eq!(res.location(), "/tai-khoan");
    let cookie = res.set_cookie("motcua_session").expect("a session");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "development serves plain HTTP");
    let signed_in = browser.with_cookie(res.cookie("motcua_session").unwrap());
    let html = signed_in.get("/tai-khoan").await.body;
    assert!(html.contains("Phạm Minh Đức"));
    assert!(html.contains("0790******34"), "CCCD shown masked");
}
on_both_engines!(
    sign_in_form_works_without_javascript_on,
    sign_in_form_works_without_javascript
);

async fn staff_sign_in_page(app: TestApp) {
    let agency = Some("000.00.31.H53");
    app.member("0901234567", "Trần Thị Bình", Role::Officer, agency)
        .await;
    let browser = app.visitor().on_page("/can-bo/dang-nhap");
    let res = browser
        .post_form(
            "/api/staff/sign-in",
            &[("phone", "0901234567"), ("password", "sai-roi-nhe")],
        )
        .await;
    assert_eq!(res.location(), "/can-bo/dang-nhap");
    let html = browser.follow(&res).await.body;
    assert!(html.contains("Số điện thoại hoặc mật khẩu không đúng"));
    let res = browser
        .post_form(
            "/api/staff/sign-in",
            &[("phone", "0901234567"), ("password", STAFF_PASSWORD)],
        )
        .await;
    // The password leads to the authenticator step, which enrols the app by QR first.
    assert_eq!(res.location(), "/can-bo/dang-nhap/ma-xac-thuc");
    let challenge = res
        .cookie("motcua_staff_challenge")
        .expect("the challenge cookie");
    let browser = app
        .visitor()
        .on_page("/can-bo/dang-nhap/ma-xac-thuc")
        .with_cookie(challenge);
    let html = browser.get("/can-bo/dang-nhap/ma-xac-thuc").await.body;
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
    let res = browser
        .post_form("/api/staff/verify-code", &[("code", "000000")])
        .await;
    assert_eq!(res.location(), "/can-bo/dang-nhap/ma-xac-thuc");
    let html = browser.follow(&res).await.body;
    assert!(
        html.contains("data-testid=\"staff-code-error\""),
        "the refusal next to the code"
    );
    let res = browser
        .post_form("/api/staff/verify-code", &[("code", &code)])
        .await;
    assert_eq!(res.location(), "/can-bo");
    let session = res.cookie("motcua_session").expect("a session");
    let html = app.visitor().with_cookie(session).get("/can-bo").await.body;
    assert!(html.contains("Trần Thị Bình"));
}
on_both_engines!(staff_sign_in_page_on, staff_sign_in_page);

async fn form_errors_follow_the_page_language(app: TestApp) {
    // The server function answers its redirect; the page it leads to is in English.
    let browser = app.visitor().in_english().on_page("/dang-nhap");
    let res = browser
        .post_form("/api/auth/request-otp", &[("phone", "123")])
        .await;
    let html = browser.follow(&res).await.body;
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
        .visitor()
        .post_multipart("/nop-ho-so/2.000488", form)
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location(), "/dang-nhap?next=/nop-ho-so/2.000488");
    // A form posted from another site is refused outright.
    let form = reqwest::multipart::Form::new().text("action", "receive");
    let res = app
        .visitor()
        .with_origin("https://evil.example")
        .post_multipart("/can-bo/ho-so/000.00.31.H53-261124-0001", form)
        .await;
    assert_eq!(res.status, 403);
    // The pages answer, asking people to sign in.
    let res = app.get_page("/nop-ho-so/2.000488").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("data-testid=\"sign-in-link\""));
    let res = app.get_page("/can-bo/ho-so").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Trang này dành cho cán bộ"));
    assert_eq!(app.get_page("/nop-ho-so/9.999999").await.status, 404);
}
on_both_engines!(
    dossier_form_posts_are_guarded_on,
    dossier_form_posts_are_guarded
);

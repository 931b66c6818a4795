//! Kiosks over HTTP: enrolment sets the device cookie, pages render in the kiosk
//! frame, "Kết thúc" ends the citizen's session and clears every other cookie.

use crate::helpers::{TestApp, Visitor};
use app::error::AppError;
use services::staff::Role;

// The kiosk's writes are server functions, posted by plain forms (`app::api::kiosk`).
const ENROL: &str = "/api/kiosk/enrol";
const FINISH: &str = "/api/kiosk/finish";
const UNLOCK: &str = "/api/kiosk/assist/unlock";
const BADGE: &str = "/api/kiosk/assist/badge";
const ATTEST: &str = "/api/kiosk/assist/attest";
const LEAVE: &str = "/api/kiosk/assist/leave";
const ASSIST: &str = "/kiosk/ho-tro";

async fn a_kiosk_enrols_and_a_visit_ends_clean(app: TestApp) {
    let s = &app.services;
    let admin = app
        .member("0901000001", "Quản trị", Role::Admin, None)
        .await;
    let (_, code) = services::kiosks::register(s, &admin, "Ki-ốt sảnh A", "Sảnh A")
        .await
        .unwrap();

    // Not enrolled: the enrolment form.
    let page = app.get_page("/kiosk").await;
    assert!(
        page.body.contains(&format!("action=\"{ENROL}\"")),
        "{}",
        page.body
    );
    // A foreign page cannot enrol.
    let foreign = app.visitor().with_origin("https://evil.example");
    let res = foreign.post_form(ENROL, &[("code", code.as_str())]).await;
    assert_eq!(res.status, 403);
    // A wrong code: back to the form, refused in words; no device cookie.
    let browser = app.visitor().on_page("/kiosk");
    let res = browser.post_form(ENROL, &[("code", "000000")]).await;
    assert_eq!(res.location(), "/kiosk");
    assert!(res.refusal().is_some());
    assert!(res.set_cookie("motcua_kiosk").is_none());
    let res = browser.post_form(ENROL, &[("code", code.as_str())]).await;
    assert_eq!(res.location(), "/kiosk");
    let set = res.set_cookie("motcua_kiosk").expect("the device cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let kiosk = app
        .visitor()
        .with_cookie(res.cookie("motcua_kiosk").unwrap());

    // Every page now renders in the kiosk frame.
    let page = kiosk.get("/kiosk").await.body;
    assert!(page.contains("data-kiosk=\"Ki-ốt sảnh A\""), "{page}");
    assert!(page.contains("data-testid=\"attract\""));
    assert!(page.contains("data-kiosk-idle=\"90\""));
    let menu = kiosk.get("/kiosk/menu").await.body;
    assert!(menu.contains("data-testid=\"kiosk-finish\"") && menu.contains("tile-submit"));

    // A citizen signs in on the kiosk, then presses "Kết thúc".
    let token = app.citizen_token("0912345678", "001090123456").await;
    let visit = kiosk
        .clone()
        .with_cookie(format!("motcua_session={token}"))
        .in_english()
        .on_page("/kiosk/menu");
    let res = visit.post_form(FINISH, &[]).await;
    assert_eq!(res.location(), "/kiosk");
    assert_eq!(res.header("clear-site-data"), "\"cache\", \"storage\"");
    // Every cookie a visit may leave (a fee-notice link opened on the kiosk, a draft,
    // a half-done staff sign-in), not only the session (issue 15, item 3).
    for name in [
        "motcua_session",
        "motcua_notice",
        "lang",
        "motcua_flash",
        "motcua_intake",
        "motcua_fee_draft",
        "motcua_staff_challenge",
    ] {
        let cleared = res.set_cookie(name).unwrap_or_default();
        assert!(
            cleared.starts_with(&format!("{name}=;")) && cleared.contains("Max-Age=0"),
            "{name} {:?}",
            res.set_cookies()
        );
    }
    assert!(
        res.set_cookie("motcua_kiosk").is_none(),
        "the device stays enrolled"
    );
    // The session is over on the server too.
    let me = app.visitor().with_bearer(&token).get("/api/v1/me").await;
    assert_eq!(me.status, 401);

    // The console lists it online; revoked, the device is a plain browser again.
    let listed = services::kiosks::list(s, &admin).await.unwrap();
    assert!(listed[0].online && listed[0].enrolled);
    services::kiosks::revoke(s, &admin, listed[0].id)
        .await
        .unwrap();
    let page = kiosk.get("/kiosk").await.body;
    assert!(!page.contains("data-kiosk="), "revoked");
}
crate::on_both_engines!(
    a_kiosk_enrols_and_a_visit_ends_clean_on,
    a_kiosk_enrols_and_a_visit_ends_clean
);

async fn staff_assist_a_citizen_at_the_kiosk(app: TestApp) {
    let s = &app.services;
    let admin = app
        .member("0901000001", "Quản trị", Role::Admin, None)
        .await;
    let agency = Some("000.00.31.H53");
    let officer = app
        .member("0901000002", "Lê Thu Hà", Role::Officer, agency)
        .await;
    services::assist::set_pin(s, &officer, "480219")
        .await
        .unwrap();
    let kiosk = app.as_kiosk(&admin, "Ki-ốt B").await;
    let _registered = app.citizen_token("0912345678", "001090123456").await;
    let staff_code = services::assist::staff_code(s, officer.id).await.unwrap();

    // Not from a kiosk: refused. Wrong PIN: back with a message. Right PIN: the assist cookie.
    let opening = |pin| [("code", staff_code.as_str()), ("pin", pin)];
    let res = app
        .visitor()
        .on_page(ASSIST)
        .post_form(UNLOCK, &opening("480219"))
        .await;
    assert_eq!(res.refusal(), Some(AppError::NotFound), "kiosks only");
    assert!(res.set_cookie("motcua_assist").is_none());
    let kiosk = kiosk.on_page(ASSIST);
    let res = kiosk.post_form(UNLOCK, &opening("000001")).await;
    assert_eq!(res.location(), ASSIST);
    assert!(res.refusal().is_some(), "a wrong PIN is refused");
    assert!(res.set_cookie("motcua_assist").is_none());
    let res = kiosk.post_form(UNLOCK, &opening("480219")).await;
    assert_eq!(res.location(), ASSIST);
    let assist = res.set_cookie("motcua_assist").expect("assist cookie");
    assert!(assist.contains("HttpOnly") && assist.contains("SameSite=Strict"));
    let assisted = kiosk
        .clone()
        .with_cookie(res.cookie("motcua_assist").unwrap());

    // The page finds the citizen; the banner shows who assists.
    let page = assisted.get("/kiosk/ho-tro?tim=0912345678").await.body;
    assert!(
        page.contains("data-testid=\"assist-citizen\"")
            && page.contains("Nguyễn Văn An")
            && page.contains("0010******56")
            && !page.contains("001090123456"),
        "{page}"
    );
    assert!(page.contains("data-testid=\"assist-banner\"") && page.contains("Lê Thu Hà"));
    assert!(
        page.contains("data-testid=\"assist-verified\"") && page.contains("chưa xác minh"),
        "the typed number is shown as not verified"
    );
    let citizen = services::assist::find_citizen(s, &officer, "0912345678")
        .await
        .unwrap()[0]
        .id;
    let citizen_id = citizen.to_string();

    // Attesting without the officer's PIN (someone at a kiosk the officer stepped away
    // from) opens nothing.
    let res = assisted
        .clone()
        .post_form(
            ATTEST,
            &[("citizen_id", citizen_id.as_str()), ("pin", "000001")],
        )
        .await;
    assert!(
        matches!(res.refusal(), Some(AppError::Invalid { .. })),
        "{:?}",
        res.refusal()
    );
    assert!(res.set_cookie("motcua_session").is_none());
    // With it, the citizen's session opens on the kiosk, without an OTP; the number
    // read off the card verifies the account's (issue 15, item 1).
    let res = assisted
        .post_form(
            ATTEST,
            &[
                ("citizen_id", citizen_id.as_str()),
                ("pin", "480219"),
                ("national_id", "001090123456"),
            ],
        )
        .await;
    assert_eq!(res.location(), "/kiosk/menu");
    let session = res.cookie("motcua_session").expect("citizen session");
    let session_token = session.trim_start_matches("motcua_session=").to_owned();
    let me = app
        .visitor()
        .with_bearer(&session_token)
        .get("/api/v1/me")
        .await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["full_name"], "Nguyễn Văn An");
    assert_eq!(me.json()["national_id_verified"], true);

    // A dossier submitted now is "kiosk, assisted", with the officer as the recorded actor.
    let mut form = reqwest::multipart::Form::new().text("intent", "submit");
    for (k, v) in [
        ("ho_ten", "Nguyễn Văn An"),
        ("so_cccd", "001090123456"),
        ("ngay_sinh", "1990-05-17"),
        ("so_dien_thoai", "0912345678"),
        ("dia_chi.province", "Hà Nội"),
        ("dia_chi.commune", "Hà Đông"),
        ("dia_chi.street", "Số 5"),
        ("loai_phieu", "Phiếu số 1"),
        ("so_phieu", "1"),
        ("muc_dich", "Xin việc"),
        ("cam_doan", "on"),
    ] {
        form = form.text(k, v);
    }
    let citizen_at_kiosk = assisted.clone().with_cookie(session);
    let res = citizen_at_kiosk
        .post_multipart("/nop-ho-so/2.000488", form)
        .await;
    assert_eq!(res.status, 303);
    let code = res.location().trim_start_matches("/ho-so/").to_owned();
    assert!(code.starts_with("000.00.31.H53-"), "{}", res.location());
    let d = services::dossiers::get(
        s,
        &services::dossiers::Who::Citizen(citizen),
        services::dossiers::Key::Code(&code),
    )
    .await
    .unwrap();
    assert_eq!(d.summary.channel, domain::dossier::Channel::KioskAssisted);
    assert_eq!(d.history[0].actor_name, "Lê Thu Hà");

    // Leaving wipes both sessions and the cookies; the kiosk is self-service again.
    let res = citizen_at_kiosk.post_form(LEAVE, &[]).await;
    assert_eq!(res.location(), "/kiosk");
    assert_eq!(res.header("clear-site-data"), "\"cache\", \"storage\"");
    for name in ["motcua_assist", "motcua_session"] {
        let cleared = res.set_cookie(name).unwrap_or_default();
        assert!(
            cleared.starts_with(&format!("{name}=;")) && cleared.contains("Max-Age=0"),
            "{name}"
        );
    }
    let me = app
        .visitor()
        .with_bearer(&session_token)
        .get("/api/v1/me")
        .await;
    assert_eq!(me.status, 401);
    let listed = &services::kiosks::list(s, &admin).await.unwrap()[0];
    assert_eq!(listed.mode, services::kiosks::Mode::SelfService);
}
crate::on_both_engines!(
    staff_assist_a_citizen_at_the_kiosk_on,
    staff_assist_a_citizen_at_the_kiosk
);

/// Who assists the kiosk, as its pages poll it: the status and the answer.
async fn assisting(who: &Visitor<'_>) -> (u16, String) {
    let res = who.post_form("/api/kiosk/status", &[]).await;
    (res.status, res.body)
}

async fn a_badge_unlocks_and_the_console_ends_assistance(app: TestApp) {
    let s = &app.services;
    let admin = app
        .member("0901000001", "Quản trị", Role::Admin, None)
        .await;
    let agency = Some("000.00.31.H53");
    let officer = app
        .member("0901000002", "Lê Thu Hà", Role::Officer, agency)
        .await;
    let kiosk = app.as_kiosk(&admin, "Ki-ốt C").await;
    let kiosk_id = services::kiosks::list(s, &admin).await.unwrap()[0].id;

    // The officer prints a badge from the console: a QR page that is never cached.
    let console = app.signed_in("0901000002").await;
    let res = console.post("/can-bo/the-can-bo").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("cache-control"), "no-store");
    assert!(
        res.body.contains("data-testid=\"badge-qr\"")
            && res.body.contains("<svg")
            && res.body.contains("Lê Thu Hà"),
        "{}",
        res.body
    );
    // Opened on its own, the page holds no badge: it says where to make one.
    let res = console.get("/can-bo/the-can-bo").await;
    assert_eq!(res.status, 200);
    assert!(!res.body.contains("badge-qr") && res.body.contains("Thẻ chỉ hiện một lần"));
    // Without a staff session: sent to sign in; from a citizen: refused.
    assert_eq!(app.visitor().post("/can-bo/the-can-bo").await.status, 303);
    let citizen = app.as_citizen("0912345678", "001090123456").await;
    assert_eq!(citizen.post("/can-bo/the-can-bo").await.status, 403);

    // Scanned at the kiosk (the page's badge was replaced by this one; the scanner
    // types it with a trailing newline): assisted, with the officer's credential.
    let badge = services::badges::issue(s, &officer).await.unwrap();
    let res = app
        .visitor()
        .on_page(ASSIST)
        .post_form(BADGE, &[("badge", badge.as_str())])
        .await;
    assert_eq!(res.refusal(), Some(AppError::NotFound), "kiosks only");
    assert!(res.set_cookie("motcua_assist").is_none());
    let at_assist = kiosk.clone().on_page(ASSIST);
    let res = at_assist.post_form(BADGE, &[("badge", "MCCB-NOPE")]).await;
    assert_eq!(res.location(), ASSIST);
    assert!(res.refusal().is_some());
    assert!(res.set_cookie("motcua_assist").is_none());
    let scanned = format!("{badge}\n");
    let res = at_assist
        .post_form(BADGE, &[("badge", scanned.as_str())])
        .await;
    let assist = res.cookie("motcua_assist").expect("assist cookie");
    let assist_token = assist.trim_start_matches("motcua_assist=").to_owned();
    let assisted = kiosk.clone().with_cookie(assist);

    // The kiosk asks who assists it (its pages poll this to follow the console).
    assert_eq!(assisting(&kiosk).await, (200, "\"Lê Thu Hà\"".to_owned()));
    assert_ne!(assisting(&app.visitor()).await.0, 200, "not a kiosk");

    // The credential is the assist pages' only: it is no staff session and no API
    // token (issue 15, item 2).
    let me = app
        .visitor()
        .with_bearer(&assist_token)
        .get("/api/v1/me")
        .await;
    assert_eq!(me.status, 401);
    let console_page = app
        .visitor()
        .with_cookie(format!("motcua_session={assist_token}"))
        .get("/can-bo")
        .await;
    assert!(
        !console_page.body.contains("Lê Thu Hà"),
        "not a back-office session"
    );

    // "Kết thúc" ends the assistance with the visit: the credential is cleared and
    // ended, and the kiosk is self-service again.
    let res = assisted
        .clone()
        .on_page("/kiosk/menu")
        .post_form(FINISH, &[])
        .await;
    let cleared = res.set_cookie("motcua_assist").unwrap_or_default();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(
        services::sessions::resolve_assist(s, &assist_token)
            .await
            .unwrap(),
        None
    );
    assert_eq!(assisting(&kiosk).await, (200, "null".to_owned()));

    // Scanned again for the next person.
    let res = at_assist
        .post_form(BADGE, &[("badge", scanned.as_str())])
        .await;
    let assist = res.cookie("motcua_assist").expect("assist cookie");
    let assist_token = assist.trim_start_matches("motcua_assist=").to_owned();
    let assisted = kiosk.clone().with_cookie(assist);
    let page = assisted.get("/kiosk/ho-tro").await.body;
    assert!(page.contains("data-testid=\"assist-by\""), "{page}");

    // The console switches the kiosk back: the credential stops counting at once,
    // the kiosk's next status answer is "self-service", and its finish clears it.
    services::kiosks::set_mode(s, &admin, kiosk_id, services::kiosks::Mode::SelfService)
        .await
        .unwrap();
    assert_eq!(assisting(&kiosk).await, (200, "null".to_owned()));
    let page = assisted.get("/kiosk/ho-tro").await.body;
    assert!(!page.contains("data-testid=\"assist-by\"") && page.contains("assist-badge"));
    // Nor does it attest anyone: no citizen's session opens on the kiosk.
    let citizen_id = services::assist::find_citizen(s, &officer, "0912345678")
        .await
        .unwrap()[0]
        .id
        .to_string();
    let res = assisted
        .clone()
        .on_page(ASSIST)
        .post_form(
            ATTEST,
            &[("citizen_id", citizen_id.as_str()), ("pin", "480219")],
        )
        .await;
    assert_eq!(res.location(), ASSIST);
    assert!(res.set_cookie("motcua_session").is_none());
    let res = assisted
        .clone()
        .on_page("/kiosk/menu")
        .post_form(FINISH, &[])
        .await;
    let cleared = res
        .set_cookie("motcua_assist")
        .expect("assist cookie cleared");
    assert!(cleared.starts_with("motcua_assist=;") && cleared.contains("Max-Age=0"));
    assert_eq!(
        services::sessions::resolve_assist(s, &assist_token)
            .await
            .unwrap(),
        None
    );
}
crate::on_both_engines!(
    a_badge_unlocks_and_the_console_ends_assistance_on,
    a_badge_unlocks_and_the_console_ends_assistance
);

async fn a_sign_in_on_a_kiosk_lasts_the_visit_not_twelve_hours(app: TestApp) {
    let admin = app
        .member("0901000001", "Quản trị", Role::Admin, None)
        .await;
    let kiosk = app.as_kiosk(&admin, "Ki-ốt C").await;
    let at_code = kiosk
        .clone()
        .on_page("/dang-nhap/xac-thuc?phone=0912345678");
    let asked = kiosk
        .clone()
        .on_page("/dang-nhap")
        .post_form("/api/auth/request-otp", &[("phone", "0912345678")])
        .await;
    assert_eq!(asked.location(), "/dang-nhap/xac-thuc?phone=0912345678");
    let code = app.last_code("0912345678").await;
    let res = at_code
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
    assert_eq!(res.location(), "/tai-khoan", "{}", res.body);
    // A sign-in on a kiosk is a kiosk visit (accounts::Channel::Kiosk): 30 minutes
    // (KIOSK_VISIT_SESSION_SECONDS; the server's end of it is tested in the services'
    // accounts tests), not the 12 hours of a personal phone.
    let cookie = res.set_cookie("motcua_session").expect("a session");
    assert!(cookie.contains("Max-Age=1800"), "{cookie}");
}
crate::on_both_engines!(
    a_sign_in_on_a_kiosk_lasts_the_visit_not_twelve_hours_on,
    a_sign_in_on_a_kiosk_lasts_the_visit_not_twelve_hours
);

async fn a_phone_link_is_made_on_a_kiosk_and_asks_before_it_signs_in(app: TestApp) {
    let admin = app
        .member("0901000001", "Quản trị", Role::Admin, None)
        .await;
    let kiosk = app.as_kiosk(&admin, "Ki-ốt D").await;
    let token = app.citizen_token("0912345678", "001090123456").await;
    let session = format!("motcua_session={token}");
    // Only a kiosk makes phone links: from the citizen's own browser (or a stolen
    // session) it is refused.
    let at_home = app
        .visitor()
        .with_cookie(session.clone())
        .on_page("/tai-khoan");
    let res = at_home
        .post_form("/api/auth/phone-link", &[("next", "/tai-khoan")])
        .await;
    assert_eq!(res.refusal(), Some(AppError::NotFound), "kiosks only");
    let res = kiosk
        .clone()
        .with_cookie(session)
        .post_form("/api/auth/phone-link", &[("next", "/tai-khoan")])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let url = res.json()["url"].as_str().unwrap().to_owned();
    let path = url
        .split_once("/tiep-tuc/")
        .map(|(_, t)| format!("/tiep-tuc/{t}"))
        .unwrap();
    let link = path.trim_start_matches("/tiep-tuc/").to_owned();

    // Opening the link asks first, naming the account masked, and signs nobody in.
    let phone = app.visitor();
    let page = app.get_page(&path).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Tiếp tục với tài khoản N***** V** A*?"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Nguyễn Văn An"), "the name is masked");
    assert!(
        page.set_cookie("motcua_session").is_none(),
        "not signed in yet"
    );
    // "Tiếp tục": signed in, on the page the kiosk showed; once only.
    let res = phone
        .clone()
        .on_page(&path)
        .post_form("/api/auth/phone-link/continue", &[("token", &link)])
        .await;
    assert_eq!(res.location(), "/tai-khoan");
    let signed_in = res.cookie("motcua_session").expect("a session");
    let me = phone.clone().with_cookie(signed_in).get("/tai-khoan").await;
    assert!(me.body.contains("Nguyễn Văn An"));
    let again = phone
        .clone()
        .on_page(&path)
        .post_form("/api/auth/phone-link/continue", &[("token", &link)])
        .await;
    assert_eq!(again.location(), path, "back to the link's page");
    assert!(again.set_cookie("motcua_session").is_none());
    let gone = app.get_page(&path).await;
    assert_eq!(gone.status, 404);
    assert!(gone.body.contains("data-testid=\"handoff-expired\""));
}
crate::on_both_engines!(
    a_phone_link_is_made_on_a_kiosk_and_asks_before_it_signs_in_on,
    a_phone_link_is_made_on_a_kiosk_and_asks_before_it_signs_in
);

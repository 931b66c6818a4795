//! Kiosks over HTTP: enrolment sets the device cookie, pages render in the kiosk
//! frame, "Kết thúc" ends the citizen's session and clears every other cookie.

use crate::helpers::TestApp;
use services::audit::Actor;
use services::staff::{self, NewStaff, Role};

async fn member(app: &TestApp, phone: &str, full_name: &str, role: Role) -> staff::Staff {
    staff::create(
        &app.services,
        NewStaff {
            phone: phone.into(),
            full_name: full_name.into(),
            role,
            agency_code: (role != Role::Admin).then(|| "000.00.31.H53".into()),
            password: "mat-khau-du-dai".into(),
        },
        Actor::Cli,
    )
    .await
    .unwrap()
}

async fn a_kiosk_enrols_and_a_visit_ends_clean(app: TestApp) {
    let s = &app.services;
    let admin = member(&app, "0901000001", "Quản trị", Role::Admin).await;
    let (_, code) = services::kiosks::register(s, &admin, "Ki-ốt sảnh A", "Sảnh A")
        .await
        .unwrap();
    let origin = app.address.clone();

    // Not enrolled: the enrolment form.
    let page = app
        .raw
        .get(app.url("/kiosk"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("action=\"/kiosk/dang-ky\""), "{page}");
    // A foreign page cannot enrol.
    let res = app
        .raw
        .post(app.url("/kiosk/dang-ky"))
        .header("origin", "https://evil.example")
        .form(&[("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .raw
        .post(app.url("/kiosk/dang-ky"))
        .header("origin", &origin)
        .form(&[("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set.starts_with("motcua_kiosk=")
            && set.contains("HttpOnly")
            && set.contains("SameSite=Strict"),
        "{set}"
    );
    let device = set.split(';').next().unwrap().to_owned();

    // Every page now renders in the kiosk frame.
    let page = app
        .raw
        .get(app.url("/kiosk"))
        .header("cookie", &device)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-kiosk=\"Ki-ốt sảnh A\""), "{page}");
    assert!(page.contains("data-testid=\"attract\""));
    assert!(page.contains("data-kiosk-idle=\"90\""));
    let menu = app
        .raw
        .get(app.url("/kiosk/menu"))
        .header("cookie", &device)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(menu.contains("data-testid=\"kiosk-finish\"") && menu.contains("tile-submit"));

    // A citizen signs in on the kiosk, then presses "Kết thúc".
    let token = app.citizen_token("0912345678", "001090123456").await;
    let cookies = format!("{device}; motcua_session={token}; lang=en");
    let res = app
        .raw
        .post(app.url("/kiosk/ket-thuc"))
        .header("origin", &origin)
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/kiosk");
    assert_eq!(res.headers()["clear-site-data"], "\"cache\", \"storage\"");
    let cleared: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    for name in ["motcua_session=;", "lang=;", "motcua_flash=;"] {
        assert!(
            cleared
                .iter()
                .any(|c| c.starts_with(name) && c.contains("Max-Age=0")),
            "{name} {cleared:?}"
        );
    }
    assert!(
        !cleared.iter().any(|c| c.starts_with("motcua_kiosk")),
        "the device stays enrolled"
    );
    // The session is over on the server too.
    let me = app
        .raw
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);

    // The console lists it online; revoked, the device is a plain browser again.
    let listed = services::kiosks::list(s, &admin).await.unwrap();
    assert!(listed[0].online && listed[0].enrolled);
    services::kiosks::revoke(s, &admin, listed[0].id)
        .await
        .unwrap();
    let page = app
        .raw
        .get(app.url("/kiosk"))
        .header("cookie", &device)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("data-kiosk="), "revoked");
}
crate::on_both_engines!(
    a_kiosk_enrols_and_a_visit_ends_clean_on,
    a_kiosk_enrols_and_a_visit_ends_clean
);

async fn staff_assist_a_citizen_at_the_kiosk(app: TestApp) {
    let s = &app.services;
    let admin = member(&app, "0901000001", "Quản trị", Role::Admin).await;
    let officer = member(&app, "0901000002", "Lê Thu Hà", Role::Officer).await;
    services::assist::set_pin(s, &officer, "480219")
        .await
        .unwrap();
    let (_, code) = services::kiosks::register(s, &admin, "Ki-ốt B", "Sảnh B")
        .await
        .unwrap();
    let (_, credential) = services::kiosks::enrol(s, &code, "127.0.0.1")
        .await
        .unwrap();
    let device = format!("motcua_kiosk={credential}");
    let _registered = app.citizen_token("0912345678", "001090123456").await;
    let origin = app.address.clone();
    let post = |path: &str, cookies: String, form: Vec<(&'static str, String)>| {
        app.raw
            .post(app.url(path))
            .header("origin", origin.clone())
            .header("cookie", cookies)
            .form(&form)
            .send()
    };

    // Not from a kiosk: refused. Wrong PIN: back with a message. Right PIN: the assist cookie.
    let res = post(
        "/kiosk/ho-tro/mo",
        String::new(),
        vec![
            ("code", services::assist::staff_code(officer.id)),
            ("pin", "480219".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 403);
    let res = post(
        "/kiosk/ho-tro/mo",
        device.clone(),
        vec![
            ("code", services::assist::staff_code(officer.id)),
            ("pin", "000001".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 303);
    assert!(
        !res.headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("motcua_assist="))
    );
    let res = post(
        "/kiosk/ho-tro/mo",
        device.clone(),
        vec![
            ("code", services::assist::staff_code(officer.id)),
            ("pin", "480219".into()),
        ],
    )
    .await
    .unwrap();
    let assist = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("motcua_assist="))
        .expect("assist cookie");
    assert!(assist.contains("HttpOnly") && assist.contains("SameSite=Strict"));
    let assist = assist.split(';').next().unwrap().to_owned();
    let both = format!("{device}; {assist}");

    // The page finds the citizen; the banner shows who assists.
    let page = app
        .raw
        .get(app.url("/kiosk/ho-tro?tim=0912345678"))
        .header("cookie", &both)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("data-testid=\"assist-citizen\"") && page.contains("Nguyễn Văn An"),
        "{page}"
    );
    assert!(page.contains("data-testid=\"assist-banner\"") && page.contains("Lê Thu Hà"));
    let citizen_id = services::assist::find_citizen(s, &officer, "0912345678")
        .await
        .unwrap()
        .id;

    // Attesting identity opens the citizen's session on the kiosk, without an OTP.
    let res = post(
        "/kiosk/ho-tro/xac-nhan",
        both.clone(),
        vec![("citizen_id", citizen_id.to_string())],
    )
    .await
    .unwrap();
    assert_eq!(res.headers()["location"], "/kiosk/menu");
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("motcua_session="))
        .expect("citizen session");
    let session_token = session
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("motcua_session=")
        .to_owned();
    let (status, me) = {
        let res = app
            .raw
            .get(app.url("/api/v1/me"))
            .bearer_auth(&session_token)
            .send()
            .await
            .unwrap();
        (
            res.status().as_u16(),
            res.json::<serde_json::Value>().await.unwrap(),
        )
    };
    assert_eq!(status, 200);
    assert_eq!(me["full_name"], "Nguyễn Văn An");

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
    let res = app
        .raw
        .post(app.url("/nop-ho-so/2.000488"))
        .header("origin", &origin)
        .header("cookie", format!("{both}; motcua_session={session_token}"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let code = location.trim_start_matches("/ho-so/").to_owned();
    assert!(code.starts_with("000.00.31.H53-"), "{location}");
    let d = services::dossiers::get(
        s,
        &services::dossiers::Who::Citizen(citizen_id),
        services::dossiers::Key::Code(&code),
    )
    .await
    .unwrap();
    assert_eq!(d.summary.channel, domain::dossier::Channel::KioskAssisted);
    assert_eq!(d.history[0].actor_name, "Lê Thu Hà");

    // Leaving wipes both sessions and the cookies; the kiosk is self-service again.
    let all = format!("{both}; motcua_session={session_token}");
    let res = post("/kiosk/ho-tro/ket-thuc", all, vec![]).await.unwrap();
    assert_eq!(res.headers()["location"], "/kiosk");
    let cleared: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    for name in ["motcua_assist=;", "motcua_session=;"] {
        assert!(
            cleared
                .iter()
                .any(|c| c.starts_with(name) && c.contains("Max-Age=0")),
            "{name}"
        );
    }
    let res = app
        .raw
        .get(app.url("/api/v1/me"))
        .bearer_auth(&session_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let kiosk = &services::kiosks::list(s, &admin).await.unwrap()[0];
    assert_eq!(kiosk.mode, services::kiosks::Mode::SelfService);
}
crate::on_both_engines!(
    staff_assist_a_citizen_at_the_kiosk_on,
    staff_assist_a_citizen_at_the_kiosk
);

async fn a_badge_unlocks_and_the_console_ends_assistance(app: TestApp) {
    let s = &app.services;
    let admin = member(&app, "0901000001", "Quản trị", Role::Admin).await;
    let officer = member(&app, "0901000002", "Lê Thu Hà", Role::Officer).await;
    let (_, code) = services::kiosks::register(s, &admin, "Ki-ốt C", "Sảnh C")
        .await
        .unwrap();
    let (kiosk, credential) = services::kiosks::enrol(s, &code, "127.0.0.1")
        .await
        .unwrap();
    let device = format!("motcua_kiosk={credential}");
    let origin = app.address.clone();
    let post = |path: &str, cookies: String, form: Vec<(&'static str, String)>| {
        app.raw
            .post(app.url(path))
            .header("origin", origin.clone())
            .header("cookie", cookies)
            .form(&form)
            .send()
    };
    let set_cookie = |res: &reqwest::Response, name: &str| {
        res.headers()
            .get_all("set-cookie")
            .iter()
            .map(|c| c.to_str().unwrap().to_owned())
            .find(|c| c.starts_with(&format!("{name}=")))
    };

    // The officer prints a badge from the console: a QR page that is never cached.
    let (staff_session, _, _) =
        testkit::staff_session(s, "0901000002", "mat-khau-du-dai", "127.0.0.1", None)
            .await
            .unwrap();
    let res = post(
        "/can-bo/the-can-bo",
        format!("motcua_session={staff_session}"),
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let page = res.text().await.unwrap();
    assert!(
        page.contains("data-testid=\"badge-qr\"")
            && page.contains("<svg")
            && page.contains("Lê Thu Hà"),
        "{page}"
    );
    // Opened on its own, the page holds no badge: it says where to make one.
    let res = app
        .raw
        .get(app.url("/can-bo/the-can-bo"))
        .header("cookie", format!("motcua_session={staff_session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(!page.contains("badge-qr") && page.contains("Thẻ chỉ hiện một lần"));
    // Without a staff session: sent to sign in; from a citizen: refused.
    let res = post("/can-bo/the-can-bo", String::new(), vec![])
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let citizen = app.citizen_token("0912345678", "001090123456").await;
    let res = post(
        "/can-bo/the-can-bo",
        format!("motcua_session={citizen}"),
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 403);

    // Scanned at the kiosk (the page's badge was replaced by this one; the scanner
    // types it with a trailing newline): assisted, with the officer's credential.
    let badge = services::badges::issue(s, &officer).await.unwrap();
    let res = post(
        "/kiosk/ho-tro/the",
        String::new(),
        vec![("badge", badge.clone())],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 403, "kiosks only");
    let res = post(
        "/kiosk/ho-tro/the",
        device.clone(),
        vec![("badge", "MCCB-NOPE".into())],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 303);
    assert!(set_cookie(&res, "motcua_assist").is_none());
    let res = post(
        "/kiosk/ho-tro/the",
        device.clone(),
        vec![("badge", format!("{badge}\n"))],
    )
    .await
    .unwrap();
    let assist = set_cookie(&res, "motcua_assist").expect("assist cookie");
    let assist = assist.split(';').next().unwrap().to_owned();
    let assist_token = assist.trim_start_matches("motcua_assist=").to_owned();
    let both = format!("{device}; {assist}");

    // The kiosk asks who assists it (its pages poll this to follow the console).
    let status = |cookies: String| {
        let req = app
            .raw
            .post(app.url("/api/kiosk/status"))
            .header("origin", origin.clone())
            .header("cookie", cookies)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("");
        async move {
            let res = req.send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    assert_eq!(
        status(device.clone()).await,
        (200, "\"Lê Thu Hà\"".to_owned())
    );
    assert_ne!(status(String::new()).await.0, 200, "not a kiosk");

    // "Kết thúc" between two citizens keeps the officer assisting.
    let res = post("/kiosk/ket-thuc", both.clone(), vec![]).await.unwrap();
    assert!(set_cookie(&res, "motcua_assist").is_none());
    let page = app
        .raw
        .get(app.url("/kiosk/ho-tro"))
        .header("cookie", &both)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-testid=\"assist-by\""), "{page}");

    // The console switches the kiosk back: the credential stops counting at once,
    // the kiosk's next status answer is "self-service", and its finish clears it.
    services::kiosks::set_mode(s, &admin, kiosk.id, services::kiosks::Mode::SelfService)
        .await
        .unwrap();
    assert_eq!(status(device.clone()).await, (200, "null".to_owned()));
    let page = app
        .raw
        .get(app.url("/kiosk/ho-tro"))
        .header("cookie", &both)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("data-testid=\"assist-by\"") && page.contains("assist-badge"));
    // Nor does it attest anyone: no citizen's session opens on the kiosk.
    let citizen_id = services::assist::find_citizen(s, &officer, "0912345678")
        .await
        .unwrap()
        .id;
    let res = post(
        "/kiosk/ho-tro/xac-nhan",
        both.clone(),
        vec![("citizen_id", citizen_id.to_string())],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/kiosk/ho-tro");
    assert!(set_cookie(&res, "motcua_session").is_none());
    let res = post("/kiosk/ket-thuc", both.clone(), vec![]).await.unwrap();
    let cleared = set_cookie(&res, "motcua_assist").expect("assist cookie cleared");
    assert!(cleared.contains("Max-Age=0"));
    assert_eq!(
        services::accounts::resolve_session(s, &assist_token)
            .await
            .unwrap(),
        None
    );
}
crate::on_both_engines!(
    a_badge_unlocks_and_the_console_ends_assistance_on,
    a_badge_unlocks_and_the_console_ends_assistance
);

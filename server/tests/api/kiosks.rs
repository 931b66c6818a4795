//! Kiosks over HTTP: enrolment sets the device cookie, pages render in the kiosk
//! frame, "Kết thúc" ends the citizen's session and clears every other cookie.

use crate::helpers::TestApp;
use services::audit::Actor;
use services::staff::{self, NewStaff, Role};

async fn a_kiosk_enrols_and_a_visit_ends_clean(app: TestApp) {
    let s = &app.services;
    let admin = staff::create(
        s,
        NewStaff {
            phone: "0901000001".into(),
            full_name: "Quản trị".into(),
            role: Role::Admin,
            agency_code: None,
            password: "mat-khau-du-dai".into(),
        },
        Actor::Cli,
    )
    .await
    .unwrap();
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

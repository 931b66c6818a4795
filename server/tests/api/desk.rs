use crate::helpers::TestApp;
use crate::on_both_engines;
use services::audit::Actor;
use services::staff::{self, NewStaff, Role};

async fn member(app: &TestApp, phone: &str, agency: &str) -> String {
    crate::helpers::staff_cookie(app, phone, Role::Officer, Some(agency))
        .await
        .0
}

pub(crate) fn cookie_of(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

async fn an_officer_turns_a_desk_dossier_into_an_online_payment(app: TestApp) {
    let officer = member(&app, "0901000001", "000.00.31.H53").await;
    let police = member(&app, "0901000002", "000.00.15.H53").await;
    let post = |path: &str, cookie: &str, form: Vec<(&'static str, &'static str)>| {
        app.raw
            .post(app.url(path))
            .header("cookie", cookie.to_owned())
            .header("origin", app.address.clone())
            .form(&form)
            .send()
    };
    let form = vec![
        ("procedure", "2.000488"),
        ("channel", "desk"),
        ("full_name", "Lê Thị Hoa"),
        ("phone", "0987654321"),
        ("national_id", "001190123456"),
        ("date_of_birth", "1990-03-02"),
        ("so_phieu", "1"),
        ("send_sms", "1"),
    ];

    // A refused post goes back to the form, keeping what was typed.
    let mut bad = form.clone();
    bad[4] = ("national_id", "123");
    let res = post("/can-bo/tiep-nhan", &officer, bad).await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/can-bo/tiep-nhan");
    let kept = cookie_of(&res, "motcua_intake").expect("typed values kept");
    let flash = cookie_of(&res, "motcua_flash").unwrap();
    let page = app
        .raw
        .get(app.url("/can-bo/tiep-nhan"))
        .header("cookie", format!("{officer}; {kept}; {flash}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("value=\"Lê Thị Hoa\""),
        "the name stays typed"
    );
    assert!(page.contains("data-testid=\"desk-form\""));

    // Recorded and texted: the officer lands on the dossier.
    let res = post("/can-bo/tiep-nhan", &officer, form.clone())
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/can-bo/ho-so/000.00.31.H53-"),
        "{location}"
    );
    let code = location.trim_start_matches("/can-bo/ho-so/").to_owned();
    let (_, sms) = app.get_json("/sandbox/sms?phone=0987654321").await;
    let body = sms["messages"][0]["body"].as_str().unwrap().to_owned();
    assert!(body.contains(&code), "{body}");
    let path = &body[body.find("/tb/").expect("a link")..];

    // Another agency's officer cannot record its procedures nor see the slip.
    let res = post("/can-bo/tiep-nhan", &police, form.clone())
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/can-bo/tiep-nhan");
    let res = app
        .raw
        .get(app.url(&format!("/can-bo/ho-so/{code}/thong-bao-phi")))
        .header("cookie", police.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        404,
        "another agency's dossier answers like a missing one"
    );
    // A citizen or nobody: refused.
    let res = post(&format!("/can-bo/ho-so/{code}/thong-bao-phi"), "", vec![])
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/dang-nhap")
    );

    // The desk slip: the link's QR, no caching.
    let res = app
        .raw
        .get(app.url(&format!("/can-bo/ho-so/{code}/thong-bao-phi")))
        .header("cookie", officer.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let slip = res.text().await.unwrap();
    assert!(slip.contains("data-testid=\"notice-qr\"") && slip.contains("<svg"));
    assert!(slip.contains(path), "the slip's link is the texted one");

    // The citizen opens the link: no sign-in, straight to a live QR.
    let res = app.raw.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let pay = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(pay.starts_with("/thanh-toan/"), "{pay}");
    let holder = cookie_of(&res, "motcua_notice").expect("a scoped cookie");
    let id = pay.trim_start_matches("/thanh-toan/");
    let res = app
        .raw
        .get(app.url(&format!("/api/v1/payments/{id}")))
        .header("cookie", holder.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let attempt: serde_json::Value = res.json().await.unwrap();
    let res = app
        .raw
        .get(app.url(&format!("/api/v1/payments/{id}/qr.svg")))
        .header("cookie", holder.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = app
        .raw
        .get(app.url(&pay))
        .header("cookie", holder.clone())
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("data-testid=\"payment-qr\""),
        "the payment page shows the QR"
    );
    assert!(
        page.contains(&format!("href=\"{path}\"")),
        "back goes to the link"
    );
    // The cookie opens nothing else: not the dossier, not another payment.
    let res = app
        .raw
        .get(app.url(&format!("/api/v1/dossiers/{code}")))
        .header("cookie", holder.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // A forged link is a clear 404 page.
    let res = app
        .raw
        .get(app.url("/tb/1-0000000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("data-testid=\"notice-link-problem\"") && page.contains("không hợp lệ"),
        "{page}"
    );
    assert!(
        page.contains("id=\"main\"") && page.contains("/pkg/motcua.js"),
        "the app's own page, in its layout and hydrated"
    );
    let res = app
        .raw
        .get(app.url("/tb/1-0000000000"))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("This payment link is not valid")
    );

    // The bank pays; the link now leads to the paid attempt and its receipt.
    let reference = attempt["reference"].as_str().unwrap();
    services::payments::notifications::receive_bank(
        &app.services,
        &serde_json::json!({
            "id": "desk-http-1", "gateway": "SANDBOX", "transaction_date": "2026-11-24 09:01:00",
            "account_number": "0011000000031", "content": reference, "transfer_type": "in",
            "amount": attempt["amount_vnd"], "reference_code": "FTDESKHTTP1",
        })
        .to_string(),
    )
    .await
    .unwrap();
    let res = app.raw.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.headers()["location"].to_str().unwrap(), pay);
    let res = app
        .raw
        .get(app.url(&format!("/api/v1/payments/{id}/receipt.pdf")))
        .header("cookie", holder)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF"));

    // Reconciliation: the statement shows that credit and one we cannot place.
    let today = services::Services::today(&app.services).to_string();
    let statement = format!(
        "Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Nội dung\n\
         {d},FTX1,,{amount},1,{reference} NOP PHI\n{d},FTX2,,50000,2,UNG HO\n",
        d = today.split('-').rev().collect::<Vec<_>>().join("/"),
        amount = attempt["amount_vnd"],
    );
    let upload = |cookie: String, format: &'static str, layout: &'static str| {
        let form = reqwest::multipart::Form::new()
            .part(
                "statement",
                reqwest::multipart::Part::bytes(statement.clone().into_bytes())
                    .file_name("sao-ke.csv"),
            )
            .text("from", today.clone())
            .text("to", today.clone())
            .text("layout", layout)
            .text("format", format);
        app.raw
            .post(app.url("/can-bo/doi-soat"))
            .header("cookie", cookie)
            .header("origin", app.address.clone())
            .multipart(form)
            .send()
    };
    let res = upload(officer.clone(), "html", "mau-a").await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let page = res.text().await.unwrap();
    assert!(
        page.contains("data-matched=\"1\" data-bank-only=\"1\" data-system-only=\"0\"")
            && page.contains("Khớp: 1 · Chỉ có ở ngân hàng: 1 · Chỉ có ở hệ thống: 0"),
        "{page}"
    );
    assert!(page.contains(&code));
    assert!(
        page.contains("id=\"main\""),
        "the app's page, in its layout"
    );
    // In English too, reasons included (issue 14: they were shown in Vietnamese only).
    let page = upload(format!("{officer}; lang=en"), "html", "mau-a")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Matched: 1 · Only at the bank: 1"), "{page}");
    assert!(!page.contains("Khớp: 1"), "{page}");
    let res = upload(officer.clone(), "csv", "mau-a").await.unwrap();
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = res.text().await.unwrap();
    assert!(csv.contains(&format!(",{reference},{code},")), "{csv}");
    // Another agency sees the credit as unknown; a custom layout needs its columns.
    let page = upload(police.clone(), "html", "mau-a")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-matched=\"0\""), "{page}");
    let res = upload(officer, "html", "tuy-chinh").await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/can-bo/doi-soat");
    let res = upload(String::new(), "html", "mau-a").await.unwrap();
    assert_eq!(res.status(), 303, "sign in first");
}
on_both_engines!(
    an_officer_turns_a_desk_dossier_into_an_online_payment_on,
    an_officer_turns_a_desk_dossier_into_an_online_payment
);

async fn staff_endpoints_check_role_and_agency(app: TestApp) {
    let officer = member(&app, "0901000001", "000.00.31.H53").await;
    staff::create(
        &app.services,
        NewStaff {
            phone: "0901000009".into(),
            full_name: "Quản trị".into(),
            role: Role::Admin,
            agency_code: None,
            password: "mat-khau-du-dai".into(),
        },
        Actor::Cli,
    )
    .await
    .unwrap();
    let (admin, _, _) = testkit::staff_session(
        &app.services,
        "0901000009",
        "mat-khau-du-dai",
        "127.0.0.1",
        None,
    )
    .await
    .unwrap();
    let admin = format!("motcua_session={admin}");
    let citizen = app.citizen_token("0912345678", "001090123456").await;
    let get = |path: &str, auth: Option<String>| {
        let mut req = app.raw.get(app.url(path));
        if let Some(a) = auth {
            req = if a.starts_with("motcua_session=") {
                req.header("cookie", a)
            } else {
                req.bearer_auth(a)
            };
        }
        req.send()
    };
    let report = "/api/v1/staff/reports/monthly?month=2026-11";
    assert_eq!(get(report, None).await.unwrap().status(), 401);
    assert_eq!(
        get(report, Some(citizen.clone())).await.unwrap().status(),
        403
    );
    let res = get(report, Some(officer.clone())).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["month"], "2026-11");
    assert_eq!(body["agencies"].as_array().unwrap().len(), 1);
    assert_eq!(body["agencies"][0]["code"], "000.00.31.H53");
    assert_eq!(body["agencies"][0]["target_pct"], 30);
    assert!(
        body["agencies"][0]["figures"]["paid_online_rate_pct"].is_null(),
        "no dossier yet"
    );
    let body: serde_json::Value = get(report, Some(admin.clone()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["agencies"].as_array().unwrap().len(), 9);
    let res = get(
        "/api/v1/staff/reports/monthly?month=2026-13",
        Some(admin.clone()),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_month");
    let res = get(
        "/api/v1/staff/reports/monthly.csv?month=2026-11",
        Some(officer.clone()),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(res.text().await.unwrap().contains("co_quan,000.00.31.H53"));
    let res = get(
        "/api/v1/staff/reports/monthly.xlsx?month=2026-11",
        Some(officer.clone()),
    )
    .await
    .unwrap();
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(res.bytes().await.unwrap().starts_with(b"PK\x03\x04"));
    assert_eq!(
        get("/api/v1/staff/reports/monthly.csv", Some(citizen.clone()))
            .await
            .unwrap()
            .status(),
        403
    );

    // Form posts of the back office: staff only, officers of an agency for the desk.
    let post = |path: &str, cookie: String| {
        app.raw
            .post(app.url(path))
            .header("cookie", cookie)
            .header("origin", app.address.clone())
            .form(&[("action", "refund"), ("reason", "thử nghiệm")])
            .send()
    };
    for path in [
        "/can-bo/tiep-nhan",
        "/can-bo/ngoai-le/1",
        "/can-bo/ho-so/000.00.31.H53-261124-0001/thong-bao-phi",
        "/can-bo/cau-hinh/co-quan/000.00.31.H53",
        "/can-bo/cau-hinh/thu-tuc/2.000488/truc-tuyen",
        "/can-bo/cau-hinh/thu-tuc/2.000488/muc-phi",
        "/can-bo/cau-hinh/thu-tuc/2.000488/doi-tuong",
    ] {
        let res = post(path, String::new()).await.unwrap();
        assert_eq!(res.status(), 303, "{path}");
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/dang-nhap"),
            "{path}"
        );
        let res = post(path, format!("motcua_session={citizen}"))
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{path}: citizens are refused");
    }
    let res = post("/can-bo/tiep-nhan", admin.clone()).await.unwrap();
    assert_eq!(res.status(), 403, "an admin has no desk");
    // A cross-site post is refused before anything else.
    let res = app
        .raw
        .post(app.url("/can-bo/ngoai-le/1"))
        .header("cookie", officer.clone())
        .header("origin", "https://evil.example")
        .form(&[("action", "refund"), ("reason", "thử nghiệm")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // An exception outside the officer's scope answers like a missing one.
    let res = post("/can-bo/ngoai-le/999", officer.clone()).await.unwrap();
    assert_eq!(res.headers()["location"], "/can-bo/ngoai-le");

    // Configuration: an officer cannot change a procedure or an agency; an admin can.
    let form_post = |path: &str, cookie: String, form: Vec<(&'static str, &'static str)>| {
        app.raw
            .post(app.url(path))
            .header("cookie", cookie)
            .header("origin", app.address.clone())
            .form(&form)
            .send()
    };
    let res = form_post(
        "/can-bo/cau-hinh/thu-tuc/2.000488/truc-tuyen",
        officer.clone(),
        vec![("on", "0")],
    )
    .await
    .unwrap();
    assert_eq!(res.headers()["location"], "/can-bo/cau-hinh/thu-tuc");
    assert!(
        services::catalog::get(&app.services, "2.000488")
            .await
            .unwrap()
            .online_payment
    );
    let account = vec![
        ("bank_bin", "970415"),
        ("account_number", "113000000031"),
        ("account_name", "SO TU PHAP"),
        ("receipt_template", "EBL01"),
        ("receipt_series", "TAB"),
        ("online_target_pct", "40"),
    ];
    form_post(
        "/can-bo/cau-hinh/co-quan/000.00.31.H53",
        officer.clone(),
        account.clone(),
    )
    .await
    .unwrap();
    let body: serde_json::Value = get(report, Some(officer.clone()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["agencies"][0]["target_pct"], 30,
        "the officer changed nothing"
    );
    let res = form_post(
        "/can-bo/cau-hinh/co-quan/000.00.31.H53",
        admin.clone(),
        account,
    )
    .await
    .unwrap();
    assert_eq!(res.headers()["location"], "/can-bo/cau-hinh");
    let body: serde_json::Value = get(report, Some(officer.clone()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["agencies"][0]["target_pct"], 40,
        "the admin's change applied"
    );
    // The configuration pages render for staff; the change is in the audit log.
    let text = |path: &'static str, who: String| async move {
        get(path, Some(who)).await.unwrap().text().await.unwrap()
    };
    assert!(
        text("/can-bo/cau-hinh", admin.clone())
            .await
            .contains("data-testid=\"agency-config\"")
    );
    assert!(
        text("/can-bo/cau-hinh/thu-tuc", officer.clone())
            .await
            .contains("Chỉ lãnh đạo và quản trị viên")
    );
    assert!(
        text("/can-bo/nhat-ky", admin.clone())
            .await
            .contains("agency.update")
    );
    assert!(
        !text("/can-bo/nhat-ky", officer)
            .await
            .contains("agency.update")
    );
}
on_both_engines!(
    staff_endpoints_check_role_and_agency_on,
    staff_endpoints_check_role_and_agency
);

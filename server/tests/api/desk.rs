use crate::helpers::TestApp;
use crate::on_both_engines;
use app::error::AppError;
use services::staff::Role;

async fn an_officer_turns_a_desk_dossier_into_an_online_payment(app: TestApp) {
    let officer = app
        .as_staff("0901000001", Role::Officer, Some("000.00.31.H53"))
        .await
        .0;
    let police = app
        .as_staff("0901000002", Role::Officer, Some("000.00.15.H53"))
        .await
        .0;
    let form = [
        ("procedure", "2.000488"),
        ("channel", "desk"),
        ("full_name", "Lê Thị Hoa"),
        ("phone", "0987654321"),
        ("national_id", "001190123456"),
        ("date_of_birth", "1990-03-02"),
        ("so_phieu", "1"),
        ("send_sms", "1"),
        // A new applicant: the officer checked the original card (domain::identity).
        ("identity", "create"),
    ];

    // A refused post goes back to the form, keeping what was typed.
    let record = "/api/staff/desk/record";
    let desk = "/can-bo/tiep-nhan";
    let at_desk = officer.clone().on_page(desk);
    let police_desk = police.clone().on_page(desk);
    let mut bad = form;
    bad[4] = ("national_id", "123");
    let res = at_desk.post_form(record, &bad).await;
    assert_eq!(res.location(), desk);
    assert_eq!(
        res.refusal().and_then(|e| e.field()).as_deref(),
        Some("national_id")
    );
    let kept = res.cookie("motcua_intake").expect("typed values kept");
    let flash = res.cookie("motcua_flash").unwrap();
    let page = officer
        .clone()
        .with_cookie(kept)
        .with_cookie(flash)
        .get("/can-bo/tiep-nhan")
        .await
        .body;
    assert!(
        page.contains("value=\"Lê Thị Hoa\""),
        "the name stays typed"
    );
    assert!(page.contains("data-testid=\"desk-form\""));

    // Recorded and texted: the officer lands on the dossier, told so there.
    let res = at_desk.post_form(record, &form).await;
    assert!(res.flash().is_some_and(|f| f.ok));
    let location = res.location().to_owned();
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
    let slip_path = format!("/can-bo/ho-so/{code}/thong-bao-phi");
    let res = police_desk.post_form(record, &form).await;
    assert_eq!(res.location(), desk);
    assert!(res.refusal().is_some());
    assert_eq!(
        police.get(&slip_path).await.status,
        404,
        "another agency's dossier answers like a missing one"
    );
    // A citizen or nobody: refused (texting the link again is a server function).
    let page = app.visitor().on_page(&format!("/can-bo/ho-so/{code}"));
    let res = page
        .post_form("/api/staff/notice-link/send", &[("code", &code)])
        .await;
    assert_eq!(res.refusal(), Some(AppError::Unauthenticated));
    let res = police
        .clone()
        .on_page(&format!("/can-bo/ho-so/{code}"))
        .post_form("/api/staff/notice-link/send", &[("code", &code)])
        .await;
    assert_eq!(
        res.refusal(),
        Some(AppError::NotFound),
        "another agency's dossier answers like a missing one"
    );
    // Its officer texts it again: back to the dossier, the outcome in the flash.
    let at_dossier = officer.clone().on_page(&format!("/can-bo/ho-so/{code}"));
    let res = at_dossier
        .post_form("/api/staff/notice-link/send", &[("code", &code)])
        .await;
    assert_eq!(res.location(), format!("/can-bo/ho-so/{code}"));
    let html = at_dossier.follow(&res).await.body;
    assert!(
        html.contains("Đã gửi tin nhắn thông báo phí tới 0987654321."),
        "{html}"
    );

    // The desk slip: the link's QR, no caching.
    let res = officer.get(&slip_path).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("cache-control"), "no-store");
    assert!(res.body.contains("data-testid=\"notice-qr\"") && res.body.contains("<svg"));
    assert!(res.body.contains(path), "the slip's link is the texted one");

    // The citizen opens the link: no sign-in, straight to a live QR.
    let res = app.get_page(path).await;
    assert_eq!(res.status, 303);
    let pay = res.location().to_owned();
    assert!(pay.starts_with("/thanh-toan/"), "{pay}");
    let holder = app
        .visitor()
        .with_cookie(res.cookie("motcua_notice").expect("a scoped cookie"));
    let id = pay.trim_start_matches("/thanh-toan/");
    let res = holder.get(&format!("/api/v1/payments/{id}")).await;
    assert_eq!(res.status, 200);
    let attempt = res.json();
    let res = holder.get(&format!("/api/v1/payments/{id}/qr.svg")).await;
    assert_eq!(res.status, 200);
    let page = holder
        .clone()
        .with_header("accept", "text/html")
        .get(&pay)
        .await
        .body;
    assert!(
        page.contains("data-testid=\"payment-qr\""),
        "the payment page shows the QR"
    );
    assert!(
        page.contains(&format!("href=\"{path}\"")),
        "back goes to the link"
    );
    // The cookie opens nothing else: not the dossier, not another payment.
    assert_eq!(
        holder.get(&format!("/api/v1/dossiers/{code}")).await.status,
        401
    );
    // A forged link is a clear 404 page.
    let res = app.get_page("/tb/1-0000000000").await;
    assert_eq!(res.status, 404);
    assert!(
        res.body.contains("data-testid=\"notice-link-problem\"")
            && res.body.contains("không hợp lệ"),
        "{}",
        res.body
    );
    assert!(
        res.body.contains("id=\"main\"") && res.body.contains("/pkg/motcua.js"),
        "the app's own page, in its layout and hydrated"
    );
    let res = app.visitor().in_english().get("/tb/1-0000000000").await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("This payment link is not valid"));

    // The bank pays; the link now leads to the paid attempt and its receipt.
    let reference = attempt["reference"].as_str().unwrap();
    crate::helpers::receive_bank(
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
    assert_eq!(app.get_page(path).await.location(), pay);
    let res = holder
        .get(&format!("/api/v1/payments/{id}/receipt.pdf"))
        .await;
    assert_eq!(res.status, 200);
    assert!(res.bytes.starts_with(b"%PDF"));
    // Whoever holds the link (a forwarded SMS) gets the citizen ID number masked
    // (issue 15, item 3); the agency's staff get it whole.
    let text = crate::receipts::pdf_text(&res.bytes);
    assert!(
        text.contains("0011******56") && !text.contains("001190123456"),
        "{text}"
    );
    let staff_copy = officer
        .get(&format!("/api/v1/payments/{id}/receipt.pdf"))
        .await;
    assert_eq!(staff_copy.status, 200);
    assert!(crate::receipts::pdf_text(&staff_copy.bytes).contains("001190123456"));

    // Reconciliation: the statement shows that credit and one we cannot place.
    let today = services::Services::today(&app.services).to_string();
    let statement = format!(
        "Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Nội dung\n\
         {d},FTX1,,{amount},1,{reference} NOP PHI\n{d},FTX2,,50000,2,UNG HO\n",
        d = today.split('-').rev().collect::<Vec<_>>().join("/"),
        amount = attempt["amount_vnd"],
    );
    let statement_form = |format: &'static str, layout: &'static str| {
        reqwest::multipart::Form::new()
            .part(
                "statement",
                reqwest::multipart::Part::bytes(statement.clone().into_bytes())
                    .file_name("sao-ke.csv"),
            )
            .text("from", today.clone())
            .text("to", today.clone())
            .text("layout", layout)
            .text("format", format)
    };
    let upload = "/can-bo/doi-soat";
    let res = officer
        .clone()
        .post_multipart(upload, statement_form("html", "mau-a"))
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("cache-control"), "no-store");
    let page = res.body;
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
    let page = officer
        .clone()
        .in_english()
        .post_multipart(upload, statement_form("html", "mau-a"))
        .await
        .body;
    assert!(page.contains("Matched: 1 · Only at the bank: 1"), "{page}");
    assert!(!page.contains("Khớp: 1"), "{page}");
    let res = officer
        .clone()
        .post_multipart(upload, statement_form("csv", "mau-a"))
        .await;
    assert_eq!(res.header("content-type"), "text/csv; charset=utf-8");
    assert!(
        res.body.contains(&format!(",{reference},{code},")),
        "{}",
        res.body
    );
    // Another agency sees the credit as unknown; a custom layout needs its columns.
    let page = police
        .clone()
        .post_multipart(upload, statement_form("html", "mau-a"))
        .await
        .body;
    assert!(page.contains("data-matched=\"0\""), "{page}");
    let res = officer
        .post_multipart(upload, statement_form("html", "tuy-chinh"))
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location(), "/can-bo/doi-soat");
    let res = app
        .visitor()
        .post_multipart(upload, statement_form("html", "mau-a"))
        .await;
    assert_eq!(res.status, 303, "sign in first");
}
on_both_engines!(
    an_officer_turns_a_desk_dossier_into_an_online_payment_on,
    an_officer_turns_a_desk_dossier_into_an_online_payment
);

async fn staff_endpoints_check_role_and_agency(app: TestApp) {
    let officer = app
        .as_staff("0901000001", Role::Officer, Some("000.00.31.H53"))
        .await
        .0;
    let (admin, _) = app.as_staff("0901000009", Role::Admin, None).await;
    let token = app.citizen_token("0912345678", "001090123456").await;
    let citizen_api = app.visitor().with_bearer(&token);
    let citizen = app.visitor().with_cookie(format!("motcua_session={token}"));
    let report = "/api/v1/staff/reports/monthly?month=2026-11";
    assert_eq!(app.get_page(report).await.status, 401);
    assert_eq!(citizen_api.get(report).await.status, 403);
    let res = officer.get(report).await;
    assert_eq!(res.status, 200);
    let body = res.json();
    assert_eq!(body["month"], "2026-11");
    assert_eq!(body["agencies"].as_array().unwrap().len(), 1);
    assert_eq!(body["agencies"][0]["code"], "000.00.31.H53");
    assert_eq!(body["agencies"][0]["target_pct"], 30);
    assert!(
        body["agencies"][0]["figures"]["paid_online_rate_pct"].is_null(),
        "no dossier yet"
    );
    let body = admin.get(report).await.json();
    assert_eq!(body["agencies"].as_array().unwrap().len(), 9);
    let res = admin
        .get("/api/v1/staff/reports/monthly?month=2026-13")
        .await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["error"]["code"], "invalid_month");
    let res = officer
        .get("/api/v1/staff/reports/monthly.csv?month=2026-11")
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), "text/csv; charset=utf-8");
    assert!(res.body.contains("co_quan,000.00.31.H53"));
    let res = officer
        .get("/api/v1/staff/reports/monthly.xlsx?month=2026-11")
        .await;
    assert_eq!(
        res.header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(res.bytes.starts_with(b"PK\x03\x04"));
    assert_eq!(
        citizen_api
            .get("/api/v1/staff/reports/monthly.csv")
            .await
            .status,
        403
    );

    // The desk is for officers of an agency: an admin has none.
    let res = admin
        .clone()
        .on_page("/can-bo/tiep-nhan")
        .post_form("/api/staff/desk/record", &[("procedure", "2.000488")])
        .await;
    assert_eq!(
        res.refusal(),
        Some(AppError::Forbidden),
        "an admin has no desk"
    );
    // The configuration's server functions, posted by plain forms: refused back to
    // their page, without a session and for a citizen; nothing changes.
    for (page, write) in [
        ("/can-bo/cau-hinh", "/api/staff/config/agency"),
        (
            "/can-bo/cau-hinh/thu-tuc",
            "/api/staff/config/online-payment",
        ),
        (
            "/can-bo/cau-hinh/thu-tuc",
            "/api/staff/config/fee-categories",
        ),
        ("/can-bo/cau-hinh/thu-tuc", "/api/staff/config/fee-line"),
        ("/can-bo/tiep-nhan", "/api/staff/desk/record"),
        ("/can-bo/ki-ot", "/api/staff/kiosks/register"),
        ("/can-bo/ki-ot", "/api/staff/kiosks/mode"),
        ("/can-bo", "/api/staff/kiosk-pin"),
        (
            "/can-bo/ho-so/000.00.31.H53-261124-0001",
            "/api/staff/notice-link/send",
        ),
    ] {
        let form = [
            ("code", "2.000488"),
            ("on", "0"),
            ("categories", ""),
            ("id", "1"),
            ("mode", "assisted"),
            ("name", "Ki-ốt lạ"),
            ("location", "Sảnh"),
            ("pin", "480219"),
        ];
        let res = app.visitor().on_page(page).post_form(write, &form).await;
        assert_eq!(res.location(), page, "{write}");
        assert_eq!(res.refusal(), Some(AppError::Unauthenticated), "{write}");
        // A citizen's session is no staff session: asked to sign in as staff, as the
        // staff pages do.
        let res = citizen.clone().on_page(page).post_form(write, &form).await;
        assert_eq!(
            res.refusal(),
            Some(AppError::Unauthenticated),
            "{write}: citizens are refused"
        );
    }
    // A cross-site post is refused before anything else.
    let resolve = "/api/staff/payment-exceptions/resolve";
    let refund_one =
        |id: &'static str| [("id", id), ("action", "refund"), ("reason", "thử nghiệm")];
    let res = officer
        .clone()
        .with_origin("https://evil.example")
        .post_form(resolve, &refund_one("1"))
        .await;
    assert_eq!(res.status, 403);
    // An exception outside the officer's scope answers like a missing one.
    let queue = officer.clone().on_page("/can-bo/ngoai-le");
    let res = queue.post_form(resolve, &refund_one("999")).await;
    assert_eq!(res.location(), "/can-bo/ngoai-le");
    assert!(queue.follow(&res).await.body.contains("Không tìm thấy"));

    // Configuration: an officer cannot change a procedure or an agency; an admin can.
    let res = officer
        .clone()
        .on_page("/can-bo/cau-hinh/thu-tuc")
        .post_form(
            "/api/staff/config/online-payment",
            &[("code", "2.000488"), ("on", "0")],
        )
        .await;
    assert_eq!(res.location(), "/can-bo/cau-hinh/thu-tuc");
    assert!(
        services::catalog::get(&app.services, "2.000488")
            .await
            .unwrap()
            .online_payment
    );
    let account = [
        ("code", "000.00.31.H53"),
        ("bank_bin", "970415"),
        ("account_number", "113000000031"),
        ("account_name", "SO TU PHAP"),
        ("receipt_template", "EBL01"),
        ("receipt_series", "TAB"),
        ("online_target_pct", "40"),
    ];
    officer
        .clone()
        .on_page("/can-bo/cau-hinh")
        .post_form("/api/staff/config/agency", &account)
        .await;
    assert_eq!(
        officer.get(report).await.json()["agencies"][0]["target_pct"],
        30,
        "the officer changed nothing"
    );
    let admin_page = admin.clone().on_page("/can-bo/cau-hinh");
    let res = admin_page
        .post_form("/api/staff/config/agency", &account)
        .await;
    assert!(
        res.location().ends_with("/can-bo/cau-hinh"),
        "{}",
        res.location()
    );
    assert!(
        admin_page
            .follow(&res)
            .await
            .body
            .contains("Đã lưu thay đổi."),
        "the outcome in the flash"
    );
    assert_eq!(
        officer.get(report).await.json()["agencies"][0]["target_pct"],
        40,
        "the admin's change applied"
    );
    // The configuration pages render for staff; the change is in the audit log.
    assert!(
        admin
            .get("/can-bo/cau-hinh")
            .await
            .body
            .contains("data-testid=\"agency-config\"")
    );
    assert!(
        officer
            .get("/can-bo/cau-hinh/thu-tuc")
            .await
            .body
            .contains("Chỉ lãnh đạo và quản trị viên")
    );
    assert!(
        admin
            .get("/can-bo/nhat-ky")
            .await
            .body
            .contains("agency.update")
    );
    assert!(
        !officer
            .get("/can-bo/nhat-ky")
            .await
            .body
            .contains("agency.update")
    );
}
on_both_engines!(
    staff_endpoints_check_role_and_agency_on,
    staff_endpoints_check_role_and_agency
);

/// Issue 15, item 1, over HTTP: somebody registered online with the applicant's citizen
/// ID number. The desk attaches nothing to that account: it asks the officer, who has
/// the card in hand, before it creates a verified account (the button appears without
/// JavaScript too), and the claimant cannot read the dossier.
async fn the_desk_asks_before_it_makes_an_account_and_a_claim_takes_nothing(app: TestApp) {
    let officer = app
        .as_staff("0901000001", Role::Officer, Some("000.00.31.H53"))
        .await
        .0;
    let claimant = app.as_citizen("0911111111", "001090555555").await;
    let record = "/api/staff/desk/record";
    let desk = "/can-bo/tiep-nhan";
    let at_desk = officer.clone().on_page(desk);
    let form = [
        ("procedure", "2.000488"),
        ("channel", "desk"),
        ("full_name", "Nguyễn Văn An"),
        ("phone", "0987000222"),
        ("national_id", "001090555555"),
        ("date_of_birth", "1990-05-17"),
        ("so_phieu", "1"),
    ];
    let res = at_desk.post_form(record, &form).await;
    assert_eq!(res.location(), desk);
    assert_eq!(
        res.refusal().and_then(|e| e.field()).as_deref(),
        Some("identity_create")
    );
    let page = at_desk.follow(&res).await.body;
    assert!(
        page.contains("data-testid=\"desk-identity\"")
            && page.contains("value=\"create\"")
            && page.contains("value=\"0987000222\""),
        "the officer is offered to create the account, with what was typed kept"
    );
    let mut decided = form.to_vec();
    decided.push(("identity", "create"));
    let res = at_desk.post_form(record, &decided).await;
    let code = res
        .location()
        .strip_prefix("/can-bo/ho-so/")
        .expect("the dossier recorded")
        .to_owned();
    assert_eq!(
        claimant
            .get(&format!("/api/v1/dossiers/{code}"))
            .await
            .status,
        404,
        "the self-declared claim reads nothing"
    );
    let mine = claimant.get("/api/v1/dossiers").await;
    assert_eq!(mine.status, 200);
    assert!(!mine.body.contains(&code));
}
on_both_engines!(
    the_desk_asks_before_it_makes_an_account_and_a_claim_takes_nothing_on,
    the_desk_asks_before_it_makes_an_account_and_a_claim_takes_nothing
);

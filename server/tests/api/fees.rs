//! Fees over HTTP: the form shows the lawful total from the saved answers (JavaScript
//! off), a reduction is claimed with its proof through the form post, and only an
//! officer of the dossier's agency decides it; a refusal reissues the full amount.

use crate::helpers::{TestApp, Visitor};
use crate::on_both_engines;
use app::error::AppError;
use reqwest::multipart::{Form, Part};
use services::staff::Role;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn lltp(records: &str, extra: &[(&str, &str)]) -> Form {
    let mut form = Form::new();
    for (k, v) in [
        ("ho_ten", "Nguyễn Văn An"),
        ("so_cccd", "001090123456"),
        ("ngay_sinh", "1990-05-17"),
        ("so_dien_thoai", "0912345678"),
        ("dia_chi.province", "Hà Nội"),
        ("dia_chi.commune", "Hà Đông"),
        ("dia_chi.street", "Số 5"),
        ("loai_phieu", "Phiếu số 1"),
        ("so_phieu", records),
        ("muc_dich", "Xin việc"),
        ("cam_doan", "on"),
    ]
    .into_iter()
    .chain(extra.iter().copied())
    {
        form = form.text(k.to_owned(), v.to_owned());
    }
    form
}

async fn a_reduction_is_claimed_with_proof_and_decided_by_the_agency(app: TestApp) {
    let citizen = app.as_citizen("0912345678", "001090123456").await;
    let (justice, justice_member) = app
        .as_staff("0901000001", Role::Officer, Some("000.00.31.H53"))
        .await;
    let (police, _) = app
        .as_staff("0901000002", Role::Officer, Some("000.00.15.H53"))
        .await;

    // Saved with five records (JavaScript off: "Tính lại số tiền" saves the draft), the
    // form shows 215.000 đ (TT 244/2016/TT-BTC Điều 4: 200.000 đ + 3 × 5.000 đ).
    let res = citizen
        .post_multipart("/nop-ho-so/2.000488", lltp("5", &[("intent", "save")]))
        .await;
    assert_eq!(res.status, 303);
    let page = citizen.get("/nop-ho-so/2.000488").await.body;
    assert!(
        page.contains("data-testid=\"fee-total\">215.000 đ<"),
        "{page}"
    );
    assert!(page.contains("data-testid=\"fee-categories\""));

    // Claimed without the proof: refused, back on the form with the reason.
    let claim = [("doi_tuong_mien_giam", "sinh_vien"), ("intent", "submit")];
    let res = citizen
        .post_multipart("/nop-ho-so/2.000488", lltp("5", &claim))
        .await;
    assert_eq!(res.location(), "/nop-ho-so/2.000488?kiem-tra=1");
    // With the proof in its own input: submitted at the reduced amount, not yet payable.
    let with_proof = lltp("5", &claim).part(
        "proof",
        Part::bytes(PNG.to_vec())
            .file_name("the-sinh-vien.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let res = citizen
        .post_multipart("/nop-ho-so/2.000488", with_proof)
        .await;
    let to = res.location().to_owned();
    assert!(to.starts_with("/ho-so/000.00.31.H53-"), "{to}");
    let code = to.trim_start_matches("/ho-so/").to_owned();
    let who = services::dossiers::Who::Staff(justice_member);
    let get = || services::dossiers::get(&app.services, &who, services::dossiers::Key::Code(&code));
    let d = get().await.unwrap();
    // 100.000 đ for a student + 3 × 5.000 đ.
    assert_eq!(d.summary.fee_due_vnd, 115_000);
    assert!(d.attachments.iter().any(|a| a.fee_proof));
    let page = citizen.get(&format!("/ho-so/{code}")).await.body;
    assert!(page.contains("data-status=\"claimed\""), "{page}");
    assert!(
        !page.contains("data-testid=\"pay\""),
        "no QR before the check"
    );
    let dossier_page = format!("/ho-so/{code}");
    let res = start_payment(&citizen, &code).await;
    assert_eq!(res.location(), dossier_page, "no payment started");
    assert!(
        matches!(
            res.refusal(),
            Some(AppError::Conflict(_) | AppError::Invalid { .. })
        ),
        "refused in words: {:?}",
        res.refusal()
    );

    // Nobody but an officer of the agency decides: the citizen, another agency, another site.
    let decide = |reason: &str| {
        Form::new()
            .text("reduction", "refuse")
            .text("reason", reason.to_owned())
    };
    let staff_page = format!("/can-bo/ho-so/{code}");
    let accept = || Form::new().text("reduction", "accept");
    citizen.post_multipart(&staff_page, accept()).await;
    police.post_multipart(&staff_page, accept()).await;
    let forged = justice
        .clone()
        .with_origin("https://evil.example")
        .post_multipart(&staff_page, accept())
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(
        get().await.unwrap().fee_claim.unwrap().status,
        domain::fees::ReductionStatus::Claimed
    );

    // The agency's officer sees the proof and refuses with a reason: full amount again.
    let page = justice.get(&staff_page).await.body;
    assert!(page.contains("data-testid=\"reduction-form\""));
    assert!(page.contains("the-sinh-vien.png"));
    let res = justice
        .post_multipart(&staff_page, decide("Thẻ sinh viên đã hết hạn"))
        .await;
    assert_eq!(res.location(), staff_page);
    let d = get().await.unwrap();
    assert_eq!(d.summary.fee_due_vnd, 215_000);
    let page = citizen.get(&format!("/ho-so/{code}")).await.body;
    assert!(page.contains("data-status=\"refused\""));
    assert!(page.contains("Thẻ sinh viên đã hết hạn"));
    assert!(
        page.contains("data-testid=\"notice-total\">215.000 đ<"),
        "{page}"
    );
    assert!(
        page.contains("data-testid=\"pay\""),
        "payable at the full amount"
    );
    // "Pay by QR" leads to the payment page of a live QR; another citizen cannot.
    let res = start_payment(&citizen, &code).await;
    assert!(
        res.location().starts_with("/thanh-toan/"),
        "{}",
        res.location()
    );
    assert!(res.refusal().is_none());
    let stranger = app.as_citizen("0912000999", "001090123459").await;
    let res = start_payment(&stranger, &code).await;
    assert_eq!(res.location(), dossier_page);
    assert_eq!(res.refusal(), Some(AppError::NotFound));
}
on_both_engines!(
    a_reduction_is_claimed_with_proof_and_decided_by_the_agency_on,
    a_reduction_is_claimed_with_proof_and_decided_by_the_agency
);

/// "Thanh toán bằng mã QR" on the dossier's page, posted without JavaScript.
async fn start_payment(who: &Visitor<'_>, code: &str) -> crate::helpers::Reply {
    who.clone()
        .on_page(&format!("/ho-so/{code}"))
        .post_form("/api/payments/start", &[("code", code)])
        .await
}

async fn a_manager_sees_the_worked_example_before_saving_a_rule(app: TestApp) {
    let (manager, manager_staff) = app
        .as_staff("0901000005", Role::Manager, Some("000.00.31.H53"))
        .await;
    let (officer, _) = app
        .as_staff("0901000006", Role::Officer, Some("000.00.31.H53"))
        .await;
    let line = [
        ("name", "Phí cấp thêm Phiếu (mức mới)"),
        ("amount_vnd", "0"),
        ("unit", "phiếu"),
        ("valid_from", "2027-01-01"),
        ("legal_basis", "TT 244/2016/TT-BTC Điều 4"),
        ("count_field", "so_phieu"),
        ("tiers", "3: 5.000"),
    ];
    let with_intent = |intent: &'static str| {
        let mut form: Vec<(&str, &str)> = line.to_vec();
        form.push(("code", "2.000488"));
        form.push(("intent", intent));
        form
    };
    let fees = "/api/staff/config/fee-line";
    let screen = "/can-bo/cau-hinh/thu-tuc";
    let manager = manager.on_page(screen);
    let officer = officer.on_page(screen);
    let lines = || async {
        services::config::procedures(&app.services, &manager_staff)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.code == "2.000488")
            .unwrap()
            .fee_lines
            .len()
    };
    let before = lines().await;
    // "Xem ví dụ": nothing saved; the example comes back with what was typed.
    let res = manager.post_form(fees, &with_intent("preview")).await;
    assert_eq!(res.location(), screen);
    let typed = res.cookie("motcua_fee_draft").expect("typed values kept");
    let flash = res.cookie("motcua_flash").unwrap();
    assert_eq!(lines().await, before);
    let page = manager
        .clone()
        .with_cookie(typed)
        .with_cookie(flash)
        .get(screen)
        .await
        .body;
    // TT 244/2016 Điều 4: nothing for 1 or 2 records, 5.000 đ from the third.
    let example = "1 phiếu: 0 đ; 2 phiếu: 0 đ; 3 phiếu: 5.000 đ; 5 phiếu: 15.000 đ";
    assert!(page.contains(example), "{page}");
    assert!(page.contains("value=\"3: 5.000\""), "the tiers stay typed");
    // An officer cannot save it; the manager can.
    let res = officer.post_form(fees, &with_intent("save")).await;
    assert_eq!(res.refusal(), Some(AppError::Forbidden));
    assert!(
        res.cookie("motcua_fee_draft").is_none(),
        "nothing kept for who may not"
    );
    assert_eq!(lines().await, before);
    // A post that says neither "preview" nor "save" saves nothing.
    let res = manager.post_form(fees, &with_intent("")).await;
    assert!(matches!(res.refusal(), Some(AppError::Invalid { .. })));
    assert_eq!(lines().await, before);
    let res = manager.post_form(fees, &with_intent("save")).await;
    assert_eq!(res.location(), screen);
    assert!(res.refusal().is_none());
    assert!(res.flash().is_some_and(|f| f.ok), "saved, and said so");
    assert!(res.cookie("motcua_fee_draft").is_none());
    assert_eq!(lines().await, before + 1);
    // A rule that cannot price is refused with its reason, and stays typed.
    let res = manager
        .post_form(
            fees,
            &[
                ("code", "2.000488"),
                ("name", "Phí"),
                ("amount_vnd", "1000"),
                ("unit", "lần"),
                ("valid_from", "2027-01-01"),
                ("legal_basis", "TT"),
                ("tiers", "3: 5.000"),
                ("intent", "save"),
            ],
        )
        .await;
    assert!(res.cookie("motcua_fee_draft").is_some());
    assert!(
        matches!(
            res.refusal(),
            Some(AppError::Invalid { field: Some(_), .. })
        ),
        "refused with its reason"
    );
    assert_eq!(lines().await, before + 1);
    // Categories: one per line.
    let res = manager
        .clone()
        .post_form(
            "/api/staff/config/fee-categories",
            &[("code", "2.000488"), (
                "categories",
                "sinh_vien | Sinh viên | Thẻ sinh viên | TT 244/2016/TT-BTC Điều 4\n\
                nguoi_co_cong | Người có công | Giấy chứng nhận | TT 244/2016/TT-BTC Điều 4\n\
                than_nhan_liet_si | Thân nhân liệt sĩ | Giấy chứng nhận | TT 244/2016/TT-BTC Điều 4\n\
                ho_ngheo | Hộ nghèo | Giấy chứng nhận hộ nghèo | Nghị quyết thử nghiệm",
            )],
        )
        .await;
    assert!((300..400).contains(&res.status), "{}", res.status);
    let p = services::catalog::get(&app.services, "2.000488")
        .await
        .unwrap();
    assert_eq!(p.fee_categories.len(), 4);
    assert_eq!(p.fee_categories[3].name, "Hộ nghèo");
}
on_both_engines!(
    a_manager_sees_the_worked_example_before_saving_a_rule_on,
    a_manager_sees_the_worked_example_before_saving_a_rule
);

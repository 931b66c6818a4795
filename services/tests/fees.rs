//! Fees priced from the form by `domain::fees`, on both engines: the notice, the QR and
//! the receipt carry the lawful amount with quantities and unit prices; reductions need
//! proof and an officer's decision; old notices keep their amounts; the seed corrects
//! fee schedules written before fee rules existed.

use crate::common::{TestEnv, bank_credit, lltp_form, register, staff_member};
use crate::on_both_engines;
use domain::dossier::Channel;
use domain::fees::{CATEGORY_INPUT, ReductionStatus};
use domain::form::FormValues;
use services::ServiceError;
use services::dossiers::{self, Decision, Key, Purpose, Who};
use services::payments;
use services::staff::Role;

/// A PNG the attachment check accepts (its signature bytes and a little more).
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn lltp(n: u32, copies: &str) -> (String, String, FormValues) {
    let phone = format!("09123450{n:02}");
    let id = format!("0010901234{n:02}");
    let mut form = lltp_form("Nguyễn Văn An", &id, &phone);
    form.insert("so_phieu".into(), copies.into());
    (phone, id, form)
}

async fn submit_lltp(env: &TestEnv, n: u32, copies: &str) -> (i64, dossiers::Dossier) {
    let (phone, id, form) = lltp(n, copies);
    let citizen = register(env, &phone, &id, "Nguyễn Văn An").await;
    let d = dossiers::submit(&env.services, citizen, "2.000488", &form, Channel::Online)
        .await
        .unwrap();
    (citizen, d)
}

async fn pays_the_lawful_amount_for_each_number_of_records(env: TestEnv) {
    let s = &env.services;
    // TT 244/2016/TT-BTC Điều 4: 200.000 đ per request; from the 3rd record, 5.000 đ more each.
    for (n, copies, expected) in [(1, "1", 200_000), (2, "2", 200_000), (3, "5", 215_000)] {
        let (citizen, d) = submit_lltp(&env, n, copies).await;
        assert_eq!(d.summary.fee_due_vnd, expected, "{copies} records");
        let notice = payments::notice_for(s, d.id).await.unwrap().unwrap();
        assert_eq!(notice.amount_vnd, expected);
        assert!(
            notice
                .lines
                .iter()
                .all(|l| l.quantity * l.unit_price_vnd.get() == l.amount_vnd.get())
        );
        let code = d.summary.code.clone().unwrap();
        let (attempt, _) = payments::start_attempt(s, &Who::Citizen(citizen), &code)
            .await
            .unwrap();
        let qr = domain::vietqr::decode(&attempt.qr_payload);
        assert_eq!(
            qr.amount_vnd().map(domain::Vnd::get),
            Some(expected),
            "the QR carries the amount"
        );
        if copies == "5" {
            let lines: Vec<(i64, &str, i64, i64)> = notice
                .lines
                .iter()
                .map(|l| {
                    (
                        l.quantity,
                        l.unit.as_str(),
                        l.unit_price_vnd.get(),
                        l.amount_vnd.get(),
                    )
                })
                .collect();
            assert_eq!(
                lines,
                vec![
                    (1, "lần/người", 200_000, 200_000),
                    (3, "phiếu", 5_000, 15_000)
                ]
            );
            crate::common::receive_bank(
                s,
                &bank_credit("fee-5", &attempt.reference, attempt.amount_vnd),
            )
            .await
            .unwrap();
            let receipt = services::receipts::for_attempt(s, &Who::Citizen(citizen), attempt.id)
                .await
                .unwrap();
            assert_eq!(receipt.content.total_vnd, 215_000);
            assert_eq!(
                receipt.content.total_in_words,
                "Hai trăm mười lăm nghìn đồng"
            );
            let r: Vec<(i64, i64, i64)> = receipt
                .content
                .lines
                .iter()
                .map(|l| (l.quantity, l.unit_price().get(), l.amount_vnd.get()))
                .collect();
            assert_eq!(r, vec![(1, 200_000, 200_000), (3, 5_000, 15_000)]);
        }
    }
}
on_both_engines!(
    pays_the_lawful_amount_for_each_number_of_records_on,
    pays_the_lawful_amount_for_each_number_of_records
);

async fn a_certified_copy_is_priced_by_pages_and_copies(env: TestEnv) {
    let s = &env.services;
    let citizen = register(&env, "0912345601", "001090123401", "Trần Văn Bảo").await;
    let mut form: FormValues = lltp_form("Trần Văn Bảo", "001090123401", "0912345601")
        .into_iter()
        .filter(|(k, _)| !["loai_phieu", "so_phieu", "muc_dich"].contains(&k.as_str()))
        .collect();
    form.insert("ten_giay_to".into(), "Bằng tốt nghiệp".into());
    form.insert("so_trang".into(), "7".into());
    form.insert("so_ban".into(), "1".into());
    let d = dossiers::submit(s, citizen, "2.000815", &form, Channel::Online)
        .await
        .unwrap();
    // TT 226/2016/TT-BTC Điều 4 mục 1: 2 × 2.000 + 5 × 1.000 = 9.000 đ for one copy of 7 pages.
    assert_eq!(d.summary.fee_due_vnd, 9_000);
    let notice = payments::notice_for(s, d.id).await.unwrap().unwrap();
    let lines: Vec<(i64, i64, i64)> = notice
        .lines
        .iter()
        .map(|l| (l.quantity, l.unit_price_vnd.get(), l.amount_vnd.get()))
        .collect();
    assert_eq!(lines, vec![(2, 2_000, 4_000), (5, 1_000, 5_000)]);
    // The count is needed: without it nothing is priced, and the form says which field.
    form.remove("so_trang");
    match dossiers::submit(s, citizen, "2.000815", &form, Channel::Online).await {
        Err(ServiceError::InvalidForm(p)) => assert!(p.iter().any(|p| p.field == "so_trang")),
        other => panic!("{other:?}"),
    }
}
on_both_engines!(
    a_certified_copy_is_priced_by_pages_and_copies_on,
    a_certified_copy_is_priced_by_pages_and_copies
);

async fn a_reduction_needs_proof_and_an_officer(env: TestEnv) {
    let s = &env.services;
    let officer = staff_member(
        &env,
        "0901000001",
        "Cán bộ Tư pháp",
        Role::Officer,
        Some("000.00.31.H53"),
    )
    .await;
    let police = staff_member(
        &env,
        "0901000002",
        "Cán bộ Công an",
        Role::Officer,
        Some("000.00.15.H53"),
    )
    .await;
    let (phone, id, mut form) = lltp(1, "1");
    form.insert(CATEGORY_INPUT.into(), "sinh_vien".into());
    let citizen = register(&env, &phone, &id, "Nguyễn Văn An").await;
    let me = Who::Citizen(citizen);
    // Claimed without its proof: refused next to the choice.
    match dossiers::submit(s, citizen, "2.000488", &form, Channel::Online).await {
        Err(ServiceError::InvalidForm(p)) => {
            assert_eq!(p[0].field, CATEGORY_INPUT);
            assert!(p[0].message.vi.contains("Thẻ sinh viên"), "{:?}", p[0]);
        }
        other => panic!("{other:?}"),
    }
    // An unknown category is refused too.
    let mut fake = form.clone();
    fake.insert(CATEGORY_INPUT.into(), "vip".into());
    assert!(matches!(
        dossiers::submit(s, citizen, "2.000488", &fake, Channel::Online).await,
        Err(ServiceError::InvalidForm(_))
    ));
    // With the proof attached to the draft: 100.000 đ (TT 244/2016/TT-BTC Điều 4), and
    // nothing can be paid until an officer has checked it.
    let draft = dossiers::save_draft(s, citizen, "2.000488", &form)
        .await
        .unwrap();
    let proof = dossiers::attach_as(s, &me, Key::Id(draft), "the-sv.png", PNG, Purpose::FeeProof)
        .await
        .unwrap();
    assert!(proof.fee_proof);
    let d = dossiers::submit(s, citizen, "2.000488", &form, Channel::Online)
        .await
        .unwrap();
    let code = d.summary.code.clone().unwrap();
    assert_eq!(d.summary.fee_due_vnd, 100_000);
    let claim = d.fee_claim.clone().unwrap();
    assert_eq!(
        (claim.category.as_str(), claim.status),
        ("sinh_vien", ReductionStatus::Claimed)
    );
    assert!(matches!(
        payments::start_attempt(s, &me, &code).await,
        Err(ServiceError::Conflict(_))
    ));
    // Another agency's officer cannot decide it; a refusal needs a reason.
    assert!(matches!(
        dossiers::decide_reduction(s, &police, &code, &Decision::Accept).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        dossiers::decide_reduction(s, &officer, &code, &Decision::Refuse(" ".into())).await,
        Err(ServiceError::Invalid {
            field: Some("reason"),
            ..
        })
    ));
    // Refused: the notice is reissued at the full amount and the citizen is told why.
    let first = payments::notice_for(s, d.id).await.unwrap().unwrap();
    let reason = "Thẻ sinh viên đã hết hạn";
    let d = dossiers::decide_reduction(s, &officer, &code, &Decision::Refuse(reason.into()))
        .await
        .unwrap();
    assert_eq!(d.summary.fee_due_vnd, 200_000);
    let claim = d.fee_claim.clone().unwrap();
    assert_eq!(
        (claim.status, claim.note.as_str()),
        (ReductionStatus::Refused, reason)
    );
    let second = payments::notice_for(s, d.id).await.unwrap().unwrap();
    assert_ne!(second.id, first.id);
    assert_eq!(second.amount_vnd, 200_000);
    let (cancelled,): (String,) = sqlx::query_as("SELECT status FROM fee_notices WHERE id = $1")
        .bind(first.id)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(cancelled, "cancelled");
    // The text goes out through the job queue.
    services::jobs::run_due(s).await.unwrap();
    let sms = services::sms::outbox(&s.db, Some(&domain::PhoneNumber::parse(&phone).unwrap()), 1)
        .await
        .unwrap();
    assert!(
        sms[0].body.contains(reason) && sms[0].body.contains("200.000"),
        "{}",
        sms[0].body
    );
    let (attempt, _) = payments::start_attempt(s, &me, &code).await.unwrap();
    assert_eq!(attempt.amount_vnd, 200_000);
    // Decided once only.
    assert!(matches!(
        dossiers::decide_reduction(s, &officer, &code, &Decision::Accept).await,
        Err(ServiceError::Conflict(_))
    ));
    let log = services::audit::search(
        s,
        &staff_member(&env, "0901000003", "Quản trị", Role::Admin, None).await,
        "fee.reduction",
        None,
        10,
    )
    .await
    .unwrap();
    assert!(
        log.iter()
            .any(|l| l.action == "fee.reduction.refuse" && l.detail.contains(reason))
    );

    // Accepted: payable at the reduced amount.
    let (phone, id, mut form) = lltp(2, "5");
    form.insert(CATEGORY_INPUT.into(), "nguoi_co_cong".into());
    let citizen = register(&env, &phone, &id, "Nguyễn Văn An").await;
    let me = Who::Citizen(citizen);
    let draft = dossiers::save_draft(s, citizen, "2.000488", &form)
        .await
        .unwrap();
    dossiers::attach_as(
        s,
        &me,
        Key::Id(draft),
        "giay-cn.png",
        PNG,
        Purpose::FeeProof,
    )
    .await
    .unwrap();
    let d = dossiers::submit(s, citizen, "2.000488", &form, Channel::Online)
        .await
        .unwrap();
    // 100.000 đ for the request and 3 × 5.000 đ for the 3rd to 5th records.
    assert_eq!(d.summary.fee_due_vnd, 115_000);
    let code = d.summary.code.clone().unwrap();
    let d = dossiers::decide_reduction(s, &officer, &code, &Decision::Accept)
        .await
        .unwrap();
    assert_eq!(d.fee_claim.unwrap().status, ReductionStatus::Accepted);
    let (attempt, _) = payments::start_attempt(s, &me, &code).await.unwrap();
    assert_eq!(attempt.amount_vnd, 115_000);
}
on_both_engines!(
    a_reduction_needs_proof_and_an_officer_on,
    a_reduction_needs_proof_and_an_officer
);

async fn the_desk_counts_and_checks_the_category_in_person(env: TestEnv) {
    let s = &env.services;
    let officer = staff_member(
        &env,
        "0901000001",
        "Cán bộ Tư pháp",
        Role::Officer,
        Some("000.00.31.H53"),
    )
    .await;
    let intake = |answers: &[(&str, &str)]| dossiers::DeskIntake {
        procedure_code: "2.000488".into(),
        channel: "desk".into(),
        full_name: "Lê Thị Hoa".into(),
        phone: "0987654321".into(),
        national_id: "001190123456".into(),
        date_of_birth: "1990-03-02".into(),
        fee_answers: answers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        identity: "create".into(),
    };
    match dossiers::record_desk(s, &officer, &intake(&[])).await {
        Err(ServiceError::InvalidForm(p)) => assert_eq!(p[0].field, "so_phieu"),
        other => panic!("{other:?}"),
    }
    let d = dossiers::record_desk(
        s,
        &officer,
        &intake(&[("so_phieu", "5"), (CATEGORY_INPUT, "than_nhan_liet_si")]),
    )
    .await
    .unwrap();
    // TT 244/2016/TT-BTC Điều 4: 100.000 đ for a martyr's relative + 3 × 5.000 đ.
    assert_eq!(d.summary.fee_due_vnd, 115_000);
    assert_eq!(d.fee_claim.unwrap().status, ReductionStatus::Accepted);
    assert_eq!(d.form.get("so_phieu").map(String::as_str), Some("5"));
}
on_both_engines!(
    the_desk_counts_and_checks_the_category_in_person_on,
    the_desk_counts_and_checks_the_category_in_person
);

async fn notices_of_before_keep_their_amounts(env: TestEnv) {
    let s = &env.services;
    let (citizen, d) = submit_lltp(&env, 1, "1").await;
    // A line as notices were written before quantities were kept.
    let notice = payments::notice_for(s, d.id).await.unwrap().unwrap();
    sqlx::query("DELETE FROM fee_notice_lines WHERE notice_id = $1")
        .bind(notice.id)
        .execute(&s.db.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO fee_notice_lines (notice_id, position, name, amount_vnd, unit, legal_basis) \
         VALUES ($1, 0, 'Phí cấp Phiếu lý lịch tư pháp', 205000, 'lần/người', 'TT 244/2016/TT-BTC Điều 4')",
    )
    .bind(notice.id)
    .execute(&s.db.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE fee_notices SET amount_vnd = 205000 WHERE id = $1")
        .bind(notice.id)
        .execute(&s.db.pool)
        .await
        .unwrap();
    let old = payments::notice_for(s, d.id).await.unwrap().unwrap();
    assert_eq!(old.amount_vnd, 205_000);
    assert_eq!(
        (old.lines[0].quantity, old.lines[0].unit_price_vnd.get()),
        (1, 205_000)
    );
    let code = d.summary.code.clone().unwrap();
    let (attempt, _) = payments::start_attempt(s, &Who::Citizen(citizen), &code)
        .await
        .unwrap();
    assert_eq!(
        attempt.amount_vnd, 205_000,
        "the notice as issued is what is paid"
    );
}
on_both_engines!(
    notices_of_before_keep_their_amounts_on,
    notices_of_before_keep_their_amounts
);

async fn the_seed_corrects_schedules_written_before_fee_rules(env: TestEnv) {
    let s = &env.services;
    // 2.000488 as seeded before: two flat lines, the extra-record fee charged every time.
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM procedures WHERE code = '2.000488'")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE fee_lines SET pricing = '{}', amount_vnd = 5000 WHERE procedure_id = $1 AND position = 1")
        .bind(id)
        .execute(&s.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE procedures SET fee_categories = '[]' WHERE id = $1")
        .bind(id)
        .execute(&s.db.pool)
        .await
        .unwrap();
    let p = services::catalog::get(s, "2.000488").await.unwrap();
    let one = lltp(1, "1").2;
    assert_eq!(
        p.price(&one, true, s.today()).unwrap().total_vnd,
        205_000,
        "the old, wrong fee"
    );
    services::seed::seed_demo(s).await.unwrap();
    let p = services::catalog::get(s, "2.000488").await.unwrap();
    assert_eq!(p.price(&one, true, s.today()).unwrap().total_vnd, 200_000);
    assert_eq!(p.fee_categories.len(), 3);
    // A schedule staff have configured is theirs: the seed leaves it alone.
    let manager = staff_member(
        &env,
        "0901000002",
        "Lãnh đạo",
        Role::Manager,
        Some("001.01.01.H53"),
    )
    .await;
    services::config::add_fee_line(
        s,
        &manager,
        "2.000884",
        &services::config::FeeLineInput {
            name: "Phí chứng thực chữ ký (mới)".into(),
            amount_vnd: "12.000".into(),
            unit: "trường hợp".into(),
            legal_basis: "Nghị quyết thử nghiệm".into(),
            valid_from: "2026-01-01".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e:?}"));
    services::seed::seed_demo(s).await.unwrap();
    let p = services::catalog::get(s, "2.000884").await.unwrap();
    assert!(
        p.fees
            .iter()
            .any(|f| f.name == "Phí chứng thực chữ ký (mới)")
    );
}
on_both_engines!(
    the_seed_corrects_schedules_written_before_fee_rules_on,
    the_seed_corrects_schedules_written_before_fee_rules
);

async fn staff_configure_rules_and_see_the_example_first(env: TestEnv) {
    use services::config::{self, FeeLineInput};
    let s = &env.services;
    let manager = staff_member(
        &env,
        "0901000002",
        "Lãnh đạo",
        Role::Manager,
        Some("001.01.01.H53"),
    )
    .await;
    let line = FeeLineInput {
        name: "Phí chứng thực bản sao (mức mới)".into(),
        amount_vnd: "2.000".into(),
        unit: "trang".into(),
        legal_basis: "TT 226/2016/TT-BTC Điều 4".into(),
        valid_from: "2027-01-01".into(),
        count_field: "so_trang".into(),
        tiers: "3: 1.000".into(),
        cap_vnd: "200.000".into(),
        per_field: "so_ban".into(),
        per_unit: "bản".into(),
        ..FeeLineInput::default()
    };
    // TT 226/2016 Điều 4 mục 1 for 1, 2, 3 and 5 pages; 198 pages reach the cap.
    let example = config::preview_fee_line(s, &manager, "2.000815", &line)
        .await
        .unwrap();
    let text = domain::fees::example_text(&example, false);
    assert!(
        text.starts_with(
            "1 bản × 1 trang: 2.000 đ; 1 bản × 2 trang: 4.000 đ; 1 bản × 3 trang: 5.000 đ"
        ),
        "{text}"
    );
    assert!(text.contains("1 bản × 198 trang: 200.000 đ"), "{text}");
    // Nothing saved by a preview.
    let before = config::procedures(s, &manager).await.unwrap();
    let count = |ps: &[config::ProcedureSettings]| {
        ps.iter()
            .find(|p| p.code == "2.000815")
            .unwrap()
            .fee_lines
            .len()
    };
    let n = count(&before);
    // Rules that cannot price are refused, each next to its input.
    for (bad, field) in [
        (
            FeeLineInput {
                count_field: "ho_ten".into(),
                ..line.clone()
            },
            "count_field",
        ),
        (
            FeeLineInput {
                tiers: "ba: 1000".into(),
                ..line.clone()
            },
            "tiers",
        ),
        (
            FeeLineInput {
                reductions: "sinh_vien: 50%".into(),
                ..line.clone()
            },
            "reductions",
        ),
    ] {
        match config::add_fee_line(s, &manager, "2.000815", &bad).await {
            Err(ServiceError::InvalidForm(p)) => {
                assert!(p.iter().any(|p| p.field == field), "{field}: {p:?}")
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    config::add_fee_line(s, &manager, "2.000815", &line)
        .await
        .unwrap();
    assert_eq!(
        count(&config::procedures(s, &manager).await.unwrap()),
        n + 1
    );
    // Categories: declared, then usable in a reduction; one in use cannot be removed.
    config::set_fee_categories(
        s,
        &manager,
        "2.000815",
        "ho_ngheo | Thành viên hộ nghèo | Giấy chứng nhận hộ nghèo | Nghị quyết thử nghiệm",
    )
    .await
    .unwrap();
    let reduced = FeeLineInput {
        name: "Phí chứng thực bản sao (hộ nghèo)".into(),
        reductions: "ho_ngheo: 0%".into(),
        ..line.clone()
    };
    config::add_fee_line(s, &manager, "2.000815", &reduced)
        .await
        .unwrap();
    assert!(matches!(
        config::set_fee_categories(s, &manager, "2.000815", "").await,
        Err(ServiceError::Invalid {
            field: Some("categories"),
            ..
        })
    ));
    let admin = staff_member(&env, "0901000003", "Quản trị", Role::Admin, None).await;
    let log = services::audit::search(s, &admin, "procedure", None, 20)
        .await
        .unwrap();
    assert!(log.iter().any(|l| l.action == "procedure.fee_line_add"
        && l.detail.contains("ví dụ: 1 bản × 1 trang: 2.000 đ")));
    assert!(
        log.iter()
            .any(|l| l.action == "procedure.fee_categories" && l.detail.contains("ho_ngheo"))
    );
}
on_both_engines!(
    staff_configure_rules_and_see_the_example_first_on,
    staff_configure_rules_and_see_the_example_first
);

//! The exceptions queue: every unmatched credit visible to the right staff and
//! resolvable with a reason.

use crate::common::receive_bank;
use crate::common::{TestEnv, bank_credit, desk_dossier, staff_member};
use crate::on_both_engines;
use domain::payment::ExceptionKind;
use services::ServiceError;
use services::dossiers::{self, Who};
use services::payments::exceptions::{self, Resolution};
use services::payments::notifications::Outcome;
use services::payments::{self};
use services::staff::Role;

async fn every_unmatched_credit_is_visible_and_resolvable(env: TestEnv) {
    let s = &env.services;
    let officer = staff_member(
        &env,
        "0901000001",
        "Cán bộ Đối soát",
        Role::Officer,
        Some("000.00.31.H53"),
    )
    .await;
    let police = staff_member(
        &env,
        "0901000002",
        "Cán bộ Đối soát",
        Role::Officer,
        Some("000.00.15.H53"),
    )
    .await;
    let (code, fee) = desk_dossier(&env, &officer, 1).await;

    // A transfer without our reference, for the right amount.
    assert_eq!(
        receive_bank(s, &bank_credit("x1", "NGUYEN VAN A NOP PHI LLTP", fee))
            .await
            .unwrap(),
        Outcome::Exception {
            kind: ExceptionKind::UnknownReference
        }
    );
    let mine = exceptions::list(s, &officer, true).await.unwrap();
    assert_eq!(mine.len(), 1, "the receiving account's agency sees it");
    assert_eq!(mine[0].content, "NGUYEN VAN A NOP PHI LLTP");
    assert!(exceptions::list(s, &police, true).await.unwrap().is_empty());
    let id = mine[0].id;
    // Another agency cannot resolve it; a reason is required.
    assert!(matches!(
        exceptions::resolve(s, &police, id, &Resolution::Refund, "không thuộc cơ quan").await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        exceptions::resolve(s, &officer, id, &Resolution::Refund, " ").await,
        Err(ServiceError::Invalid {
            field: Some("reason"),
            ..
        })
    ));
    assert!(matches!(
        exceptions::resolve(s, &officer, id, &Resolution::AcceptLate, "không phải muộn").await,
        Err(ServiceError::Invalid { .. })
    ));
    // Matched to the desk dossier: its notice is paid, by bank transfer (not the QR).
    let done = exceptions::resolve(
        s,
        &officer,
        id,
        &Resolution::Match {
            dossier_code: code.clone(),
        },
        "Công dân xuất trình uỷ nhiệm chi",
    )
    .await
    .unwrap();
    assert_eq!(done.status, domain::payment::ExceptionStatus::Resolved);
    assert_eq!(done.resolution.as_deref(), Some("matched"));
    assert_eq!(done.resolved_by.as_deref(), Some("Cán bộ Đối soát"));
    let d = dossiers::get(s, &Who::Staff(officer.clone()), dossiers::Key::Code(&code))
        .await
        .unwrap();
    let notice = payments::notice_for(s, d.id).await.unwrap().unwrap();
    assert_eq!(notice.status, domain::payment::NoticeStatus::Paid);
    let attempts = payments::attempts_for(s, &Who::Staff(officer.clone()), &code)
        .await
        .unwrap();
    assert_eq!(
        attempts[0].provider,
        domain::payment::Provider::BankTransfer
    );
    assert!(matches!(
        exceptions::resolve(s, &officer, id, &Resolution::Refund, "lần hai nhé").await,
        Err(ServiceError::Conflict(_))
    ));
    assert!(
        exceptions::list(s, &officer, true)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(exceptions::list(s, &officer, false).await.unwrap().len(), 1);

    // A wrong amount cannot be matched; it is marked for refund.
    let (code2, fee2) = desk_dossier(&env, &officer, 2).await;
    let (attempt, _) = payments::start_attempt(s, &Who::Staff(officer.clone()), &code2)
        .await
        .unwrap();
    receive_bank(s, &bank_credit("x2", &attempt.reference, fee2 - 1000))
        .await
        .unwrap();
    let wrong = exceptions::list(s, &officer, true).await.unwrap();
    assert_eq!(wrong[0].kind, ExceptionKind::WrongAmount);
    assert_eq!(wrong[0].due_vnd.map(domain::Vnd::get), Some(fee2));
    assert_eq!(wrong[0].dossier_code.as_deref(), Some(code2.as_str()));
    assert!(exceptions::list(s, &police, true).await.unwrap().is_empty());
    assert!(matches!(
        exceptions::resolve(
            s,
            &officer,
            wrong[0].id,
            &Resolution::Match {
                dossier_code: code2.clone()
            },
            "ghép thử xem"
        )
        .await,
        Err(ServiceError::Invalid { .. })
    ));
    let refunded = exceptions::resolve(
        s,
        &officer,
        wrong[0].id,
        &Resolution::Refund,
        "Hoàn tiền, chuyển thiếu 1.000 đ",
    )
    .await
    .unwrap();
    assert_eq!(refunded.resolution.as_deref(), Some("refund"));

    // Late: paid after the QR expired, accepted: the notice is paid by a record of its
    // own that names the exception; the expired attempt stays expired (terminal states
    // stay terminal, DESIGN.md "Payments").
    env.clock.advance(16 * 60);
    receive_bank(s, &bank_credit("x3", &attempt.reference, fee2))
        .await
        .unwrap();
    let late = exceptions::list(s, &officer, true).await.unwrap();
    assert_eq!(late[0].kind, ExceptionKind::Late);
    exceptions::resolve(
        s,
        &officer,
        late[0].id,
        &Resolution::AcceptLate,
        "Chấp nhận, chuyển muộn 1 phút",
    )
    .await
    .unwrap();
    let staff = Who::Staff(officer.clone());
    let got = payments::get_attempt(s, &staff, attempt.id).await.unwrap();
    assert_eq!(got.status, domain::payment::PaymentStatus::Expired);
    let history = payments::attempts_for(s, &staff, &attempt.dossier_code)
        .await
        .unwrap();
    let record = &history[0];
    assert_eq!(
        (record.status, record.reference.clone(), record.provider),
        (
            domain::payment::PaymentStatus::Paid,
            format!("{}-L", attempt.reference),
            domain::payment::Provider::VietQr
        ),
        "accepted through the system's dynamic QR, so it counts as online"
    );
    let (exception_id,): (Option<i64>,) =
        sqlx::query_as("SELECT exception_id FROM payment_attempts WHERE id = $1")
            .bind(record.id)
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(exception_id, Some(late[0].id));
    let d2 = dossiers::get(s, &staff, dossiers::Key::Code(&code2))
        .await
        .unwrap();
    assert_eq!(
        payments::notice_for(s, d2.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        domain::payment::NoticeStatus::Paid
    );

    // The same transfer again: the notice is paid already, only a refund fits.
    receive_bank(s, &bank_credit("x4", &attempt.reference, fee2))
        .await
        .unwrap();
    let dup = exceptions::list(s, &officer, true).await.unwrap();
    assert_eq!(dup[0].kind, ExceptionKind::NoticePaid);
    assert!(
        exceptions::resolve(
            s,
            &officer,
            dup[0].id,
            &Resolution::Match {
                dossier_code: code2
            },
            "ghép trùng"
        )
        .await
        .is_err()
    );
    exceptions::resolve(
        s,
        &officer,
        dup[0].id,
        &Resolution::Refund,
        "Chuyển trùng, hoàn lại",
    )
    .await
    .unwrap();

    // Wrong account (issue 15, item 9; issue 16): our reference and the exact amount,
    // in time, but credited to the police's account (seed: 000.00.15.H53 collects into
    // 21510000000015). It pays nothing; both agencies see it; the notice's agency
    // cannot match it to its own dossier; the police, who hold the money, refund it.
    let (code3, fee3) = desk_dossier(&env, &officer, 3).await;
    let (third, _) = payments::start_attempt(s, &staff, &code3).await.unwrap();
    let elsewhere = serde_json::json!({
        "id": "x5", "gateway": "SANDBOX", "transaction_date": "2026-11-24 09:20:00",
        "account_number": "21510000000015", "content": third.reference, "transfer_type": "in",
        "amount": fee3, "reference_code": "FTx5",
    })
    .to_string();
    assert_eq!(
        receive_bank(s, &elsewhere).await.unwrap(),
        Outcome::Exception {
            kind: ExceptionKind::WrongAccount
        }
    );
    assert_eq!(
        payments::get_attempt(s, &staff, third.id)
            .await
            .unwrap()
            .status,
        domain::payment::PaymentStatus::Pending,
        "the QR is still payable into the right account"
    );
    let seen_by_police = exceptions::list(s, &police, true).await.unwrap();
    assert_eq!(seen_by_police.len(), 1);
    assert_eq!(seen_by_police[0].kind, ExceptionKind::WrongAccount);
    let ours = exceptions::list(s, &officer, true).await.unwrap();
    assert_eq!(ours[0].id, seen_by_police[0].id);
    let refused = exceptions::resolve(
        s,
        &officer,
        ours[0].id,
        &Resolution::Match {
            dossier_code: code3.clone(),
        },
        "ghép vào hồ sơ của sở",
    )
    .await;
    assert!(
        matches!(&refused, Err(ServiceError::Invalid { message, .. }) if message.en.contains("another account")),
        "{refused:?}"
    );
    exceptions::resolve(
        s,
        &police,
        ours[0].id,
        &Resolution::Refund,
        "Chuyển nhầm tài khoản Công an, hoàn lại",
    )
    .await
    .unwrap();
    // The same transfer into the right account pays.
    assert!(matches!(
        receive_bank(s, &bank_credit("x6", &third.reference, fee3))
            .await
            .unwrap(),
        Outcome::Paid { .. }
    ));

    let audit = services::audit::recent(&s.db.pool, 30).await.unwrap();
    for action in [
        "payment_exception.matched",
        "payment_exception.refund",
        "payment_exception.accepted_late",
    ] {
        assert!(audit.iter().any(|e| e.action == action), "{action}");
    }
}
on_both_engines!(
    every_unmatched_credit_is_visible_and_resolvable_on,
    every_unmatched_credit_is_visible_and_resolvable
);

async fn a_fixture_statement_reconciles(env: TestEnv) {
    use services::payments::reconcile;
    let s = &env.services;
    let officer = staff_member(
        &env,
        "0901000001",
        "Cán bộ Đối soát",
        Role::Officer,
        Some("000.00.31.H53"),
    )
    .await;
    let police = staff_member(
        &env,
        "0901000002",
        "Cán bộ Đối soát",
        Role::Officer,
        Some("000.00.15.H53"),
    )
    .await;
    // Paid here: one by QR that the statement shows, one by QR it does not, and one
    // matched by staff from an unknown-reference credit.
    let (a, fee) = desk_dossier(&env, &officer, 1).await;
    let (b, _) = desk_dossier(&env, &officer, 2).await;
    let (c, _) = desk_dossier(&env, &officer, 3).await;
    let who = Who::Staff(officer.clone());
    let (pay_a, _) = payments::start_attempt(s, &who, &a).await.unwrap();
    receive_bank(s, &bank_credit("s1", &pay_a.reference, fee))
        .await
        .unwrap();
    let (pay_b, _) = payments::start_attempt(s, &who, &b).await.unwrap();
    receive_bank(s, &bank_credit("s2", &pay_b.reference, fee))
        .await
        .unwrap();
    receive_bank(s, &bank_credit("s3", "CHUYEN TIEN LLTP", fee))
        .await
        .unwrap();
    let open = exceptions::list(s, &officer, true).await.unwrap();
    exceptions::resolve(
        s,
        &officer,
        open[0].id,
        &Resolution::Match {
            dossier_code: c.clone(),
        },
        "Đối chiếu uỷ nhiệm chi",
    )
    .await
    .unwrap();

    let statement = format!(
        "Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Nội dung\n\
         24/11/2026 09:01,FTs1,,\"{fee}\",1,{ref_a} NOP PHI\n\
         24/11/2026 09:05,FTs3,,{fee},2,CHUYEN TIEN LLTP\n\
         24/11/2026 10:00,FT9,,50000,3,UNG HO QUY\n\
         24/11/2026 10:30,FT10,,{fee},4,{ref_a} LAN 2\n\
         24/11/2026 11:00,FT11,,{short},5,MC261124ZZZZZZZZ\n\
         24/11/2026 12:00,FT12,10000,,4,PHI SMS\n\
         20/11/2026 08:00,FT13,,{fee},6,{ref_b} NGOAI KHOANG\n",
        ref_a = pay_a.reference,
        ref_b = pay_b.reference,
        short = fee - 1000,
    );
    let layout = domain::statement::preset("mau-a").unwrap();
    let (credits, problems) = domain::statement::credits(&statement, &layout);
    assert!(problems.is_empty(), "{problems:?}");
    let day = domain::Date::parse("2026-11-24").unwrap();
    let r = reconcile::reconcile(s, &officer, day, day, credits.clone())
        .await
        .unwrap();
    let matched: Vec<_> = r.matched.iter().map(|m| m.dossier_code.as_str()).collect();
    assert_eq!(
        matched,
        [a.as_str(), c.as_str()],
        "by reference, and by the recorded bank reference"
    );
    let bank_rows: Vec<_> = r.bank_only.iter().map(|b| b.credit.row).collect();
    assert_eq!(
        bank_rows,
        [4, 5, 6],
        "no reference, a duplicate line, an unknown reference"
    );
    assert!(r.bank_only[0].reason.vi.contains("Không có mã"));
    assert!(r.bank_only[1].reason.vi.contains("Trùng"));
    assert_eq!(r.system_only.len(), 1);
    assert_eq!(
        r.system_only[0].dossier_code, b,
        "paid here, not on the statement"
    );
    // Another agency's officer sees none of these payments.
    let theirs = reconcile::reconcile(s, &police, day, day, credits)
        .await
        .unwrap();
    assert!(theirs.matched.is_empty() && theirs.system_only.is_empty());
    // The export lists every item with its category.
    let csv = reconcile::csv(&r);
    assert_eq!(csv.matches("\r\nkhop,").count(), 2);
    assert_eq!(csv.matches("\r\nchi_ngan_hang,").count(), 3);
    assert_eq!(csv.matches("\r\nchi_he_thong,").count(), 1);
    // Ranges are checked.
    let later = domain::Date::parse("2026-11-20").unwrap();
    assert!(matches!(
        reconcile::reconcile(s, &officer, day, later, vec![]).await,
        Err(ServiceError::Invalid { .. })
    ));
    let audit = services::audit::recent(&s.db.pool, 5).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "reconciliation.run" && e.detail.contains("2 khớp"))
    );
}
on_both_engines!(
    a_fixture_statement_reconciles_on,
    a_fixture_statement_reconciles
);

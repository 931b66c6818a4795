//! Refunds (issue 16, item 6): asked with a reason, approved by another person who
//! manages the agency, paid out with the bank's reference; the receipt is cancelled and
//! kept, the citizen texted, the report counts the money apart.

use crate::common::{TestEnv, bank_credit, desk_dossier, receive_bank, staff_member};
use crate::on_both_engines;
use domain::payment::RefundStatus;
use domain::report::Month;
use services::ServiceError;
use services::dossiers::Who;
use services::payments::exceptions::{self, Resolution};
use services::payments::{self, refunds};
use services::staff::Role;

const JUSTICE: &str = "000.00.31.H53";
const POLICE: &str = "000.00.15.H53";

async fn a_paid_fee_goes_back_after_two_people_decide(env: TestEnv) {
    let s = &env.services;
    let officer = staff_member(
        &env,
        "0901000011",
        "Cán bộ Một Cửa",
        Role::Officer,
        Some(JUSTICE),
    )
    .await;
    let manager = staff_member(
        &env,
        "0901000012",
        "Lãnh đạo Sở",
        Role::Manager,
        Some(JUSTICE),
    )
    .await;
    let deputy = staff_member(
        &env,
        "0901000013",
        "Phó Giám đốc",
        Role::Manager,
        Some(JUSTICE),
    )
    .await;
    let other = staff_member(
        &env,
        "0901000014",
        "Lãnh đạo Công an",
        Role::Manager,
        Some(POLICE),
    )
    .await;
    let (code, fee) = desk_dossier(&env, &officer, 1).await;
    let staff = Who::Staff(officer.clone());

    // Nothing paid, nothing to refund.
    assert!(matches!(
        refunds::request_for_dossier(s, &officer, &code, "Hồ sơ bị từ chối").await,
        Err(ServiceError::Conflict(_))
    ));
    let (attempt, _) = payments::start_attempt(s, &staff, &code).await.unwrap();
    receive_bank(s, &bank_credit("r1", &attempt.reference, fee))
        .await
        .unwrap();
    let receipt = services::receipts::for_attempt(s, &staff, attempt.id)
        .await
        .unwrap();
    assert_eq!(receipt.status, "issued");

    // Asked with a reason, by staff of the agency only.
    assert!(matches!(
        refunds::request_for_dossier(s, &officer, &code, " ").await,
        Err(ServiceError::Invalid { .. })
    ));
    assert!(matches!(
        refunds::request_for_dossier(s, &other, &code, "Không phải của tôi").await,
        Err(ServiceError::NotFound)
    ));
    let asked = refunds::request_for_dossier(s, &officer, &code, "Hồ sơ bị từ chối, hoàn phí")
        .await
        .unwrap();
    assert_eq!(asked.status, RefundStatus::Requested);
    assert_eq!(asked.amount_vnd, fee, "the whole fee paid");
    assert_eq!(asked.dossier_code.as_deref(), Some(code.as_str()));
    assert!(matches!(
        refunds::request_for_dossier(s, &manager, &code, "Yêu cầu lần hai").await,
        Err(ServiceError::Conflict(_))
    ));

    // Only a manager of the agency, and never the one who asked, decides.
    assert!(matches!(
        refunds::decide(s, &officer, asked.id, true, "").await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        refunds::decide(s, &other, asked.id, true, "").await,
        Err(ServiceError::NotFound)
    ));
    // Paying out before approval is refused.
    assert!(matches!(
        refunds::pay_out(s, &officer, asked.id, "FT26341000001").await,
        Err(ServiceError::Conflict(_))
    ));
    let approved = refunds::decide(s, &manager, asked.id, true, "Đồng ý")
        .await
        .unwrap();
    assert_eq!(approved.status, RefundStatus::Approved);
    assert_eq!(approved.decided_by.as_deref(), Some("Lãnh đạo Sở"));
    assert!(matches!(
        refunds::decide(s, &deputy, asked.id, false, "Từ chối muộn").await,
        Err(ServiceError::Conflict(_))
    ));

    // Paid out with the bank's reference: the receipt is cancelled, not deleted.
    assert!(matches!(
        refunds::pay_out(s, &officer, asked.id, "FT 1").await,
        Err(ServiceError::Invalid { .. })
    ));
    let done = refunds::pay_out(s, &officer, asked.id, "ft26341000001")
        .await
        .unwrap();
    assert_eq!(done.status, RefundStatus::PaidOut);
    assert_eq!(done.bank_reference.as_deref(), Some("FT26341000001"));
    let after = services::receipts::for_attempt(s, &staff, attempt.id)
        .await
        .unwrap();
    assert_eq!(after.status, "cancelled");
    assert_eq!(
        after.content.number_display(),
        receipt.content.number_display(),
        "its number stays used"
    );
    let (reason, refund_id, token): (Option<String>, Option<i64>, String) =
        sqlx::query_as("SELECT cancellation_reason, refund_id, token FROM receipts WHERE id = $1")
            .bind(after.id)
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(refund_id, Some(asked.id));
    assert!(reason.unwrap().contains("Hồ sơ bị từ chối"));
    let pdf = services::receipts::pdf(s, &staff, attempt.id, "https://motcua.example.gov.vn")
        .await
        .unwrap();
    let text = crate::common::pdf_text(&pdf.bytes);
    assert!(
        text.contains("ĐÃ HUỶ") && text.contains("Hồ sơ bị từ chối"),
        "{text}"
    );
    let check = services::receipts::verify(s, &token).await.unwrap();
    assert!(
        !check.valid,
        "a cancelled receipt no longer verifies as valid"
    );
    assert!(matches!(
        refunds::pay_out(s, &officer, asked.id, "FT26341000002").await,
        Err(ServiceError::Conflict(_))
    ));
    assert_eq!(
        refunds::of_dossier(s, &staff, &code).await.unwrap(),
        Some(RefundStatus::PaidOut)
    );

    // The citizen is told.
    let phone = domain::PhoneNumber::parse("0987000001").unwrap();
    // The text goes out through the job queue.
    services::jobs::run_due(s).await.unwrap();
    let sms = services::sms::outbox(&s.db, Some(&phone), 1).await.unwrap();
    assert!(
        sms[0].body.contains("Đã hoàn phí") && sms[0].body.contains("FT26341000001"),
        "{}",
        sms[0].body
    );

    // The month's report counts the money given back apart from what was collected.
    let november = Month::parse("2026-11").unwrap();
    let report = services::reports::monthly(s, &manager, november)
        .await
        .unwrap();
    let justice = report.agencies.iter().find(|a| a.code == JUSTICE).unwrap();
    assert_eq!(justice.figures.refunded_vnd, fee);
    assert_eq!(
        justice.figures.collected_vnd, fee,
        "collected stays what came in"
    );
    assert_eq!(report.total.refunded_vnd, fee);

    let audit = services::audit::recent(&s.db.pool, 30).await.unwrap();
    for action in ["refund.request", "refund.approve", "refund.pay_out"] {
        assert!(audit.iter().any(|e| e.action == action), "{action}");
    }
    // A rejected refund frees the payment for another request.
    let (code2, fee2) = desk_dossier(&env, &officer, 2).await;
    let (a2, _) = payments::start_attempt(s, &staff, &code2).await.unwrap();
    receive_bank(s, &bank_credit("r2", &a2.reference, fee2))
        .await
        .unwrap();
    let mine = refunds::request_for_dossier(s, &manager, &code2, "Nộp nhầm hồ sơ")
        .await
        .unwrap();
    assert!(
        matches!(
            refunds::decide(s, &manager, mine.id, true, "").await,
            Err(ServiceError::Conflict(_))
        ),
        "the manager who asked cannot approve"
    );
    assert!(
        matches!(
            refunds::decide(s, &deputy, mine.id, false, "").await,
            Err(ServiceError::Invalid { .. })
        ),
        "a rejection gives its reason"
    );
    let rejected = refunds::decide(s, &deputy, mine.id, false, "Hồ sơ vẫn được giải quyết")
        .await
        .unwrap();
    assert_eq!(rejected.status, RefundStatus::Rejected);
    refunds::request_for_dossier(s, &officer, &code2, "Công dân rút hồ sơ")
        .await
        .unwrap();
    let open = refunds::list(s, &manager, true).await.unwrap();
    assert_eq!(open.len(), 1);
    assert!(refunds::list(s, &other, false).await.unwrap().is_empty());
}
on_both_engines!(
    a_paid_fee_goes_back_after_two_people_decide_on,
    a_paid_fee_goes_back_after_two_people_decide
);

/// A credit marked for refund in the exceptions queue becomes a refund of the agency
/// whose account received it, decided and paid out the same way.
async fn a_credit_marked_for_refund_is_a_refund_request(env: TestEnv) {
    let s = &env.services;
    let officer = staff_member(
        &env,
        "0901000021",
        "Cán bộ Đối soát",
        Role::Officer,
        Some(JUSTICE),
    )
    .await;
    let manager = staff_member(
        &env,
        "0901000022",
        "Lãnh đạo Sở",
        Role::Manager,
        Some(JUSTICE),
    )
    .await;
    receive_bank(s, &bank_credit("r9", "UNG HO KHONG RO", 150_000))
        .await
        .unwrap();
    let credit = exceptions::list(s, &officer, true).await.unwrap().remove(0);
    exceptions::resolve(
        s,
        &officer,
        credit.id,
        &Resolution::Refund,
        "Không rõ người nộp, hoàn trả",
    )
    .await
    .unwrap();
    let asked = refunds::list(s, &manager, true).await.unwrap();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].exception_id, Some(credit.id));
    assert_eq!(asked[0].amount_vnd, 150_000);
    assert_eq!(
        asked[0].agency_code, JUSTICE,
        "the receiving account's agency"
    );
    // Refused: the credit goes back to the queue, to be refunded (or matched) again.
    refunds::decide(
        s,
        &manager,
        asked[0].id,
        false,
        "Chưa xác minh được người nộp",
    )
    .await
    .unwrap();
    let reopened = exceptions::list(s, &officer, true).await.unwrap();
    assert_eq!(reopened.len(), 1);
    assert_eq!(reopened[0].id, credit.id);
    exceptions::resolve(
        s,
        &officer,
        credit.id,
        &Resolution::Refund,
        "Đã xác minh, hoàn trả",
    )
    .await
    .unwrap();
    let asked = refunds::list(s, &manager, true).await.unwrap();
    assert_eq!(asked.len(), 1);
    refunds::decide(s, &manager, asked[0].id, true, "Đồng ý")
        .await
        .unwrap();
    // Only staff of the agency that holds the money record it: not an admin.
    let admin = staff_member(&env, "0901000029", "Quản trị", Role::Admin, None).await;
    assert!(matches!(
        refunds::pay_out(s, &admin, asked[0].id, "FT26341000008").await,
        Err(ServiceError::Forbidden)
    ));
    let done = refunds::pay_out(s, &officer, asked[0].id, "FT26341000009")
        .await
        .unwrap();
    assert_eq!(done.status, RefundStatus::PaidOut);
    let report = services::reports::monthly(s, &manager, Month::parse("2026-11").unwrap())
        .await
        .unwrap();
    let justice = report.agencies.iter().find(|a| a.code == JUSTICE).unwrap();
    assert_eq!(justice.figures.refunded_vnd, 150_000);
}
on_both_engines!(
    a_credit_marked_for_refund_is_a_refund_request_on,
    a_credit_marked_for_refund_is_a_refund_request
);

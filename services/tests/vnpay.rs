//! VNPAY: the IPN answers in VNPAY's order of checks, pays once, and keeps money
//! it cannot apply for staff.

use crate::common::{TestEnv, lltp_form, register};
use crate::on_both_engines;
use domain::dossier::Channel;
use domain::payment::PaymentStatus;
use domain::vnpay::{self, IpnAnswer};
use services::dossiers::{self, Who};
use services::payments::{self, vnpay as gateway};
use std::collections::BTreeMap;
use std::sync::Arc;

const SECRET: &str = "VNPAYTESTSECRETKEY0123456789ABCD";

fn enable(env: &mut TestEnv) {
    env.services.vnpay = Some(Arc::new(gateway::VnpayConfig {
        tmn_code: "MOTCUA01".into(),
        hash_secret: SECRET.into(),
        pay_url: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html".into(),
        return_url: "https://motcua.example.gov.vn/thanh-toan/vnpay/ket-qua".into(),
        api_url: "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction".into(),
    }));
}

async fn dossier(env: &TestEnv) -> (Who, String) {
    let phone = "0912345678";
    let id = register(env, phone, "001090123456", "Nguyễn Văn An").await;
    let form = lltp_form("Nguyễn Văn An", "001090123456", phone);
    let d = dossiers::submit(&env.services, id, "2.000488", &form, Channel::Online)
        .await
        .unwrap();
    (Who::Citizen(id), d.summary.code.unwrap())
}

/// An IPN query as VNPAY sends it, signed with `secret`, paid at 09:10 on the day
/// the tests run (the clock's T0 is 09:00 GMT+7).
fn ipn_query(
    secret: &str,
    txn_ref: &str,
    amount_vnd: impl Into<i64>,
    response: &str,
    txn_no: &str,
) -> String {
    ipn_query_paid_at(
        secret,
        txn_ref,
        amount_vnd.into(),
        response,
        txn_no,
        "20261124091000",
    )
}

/// As [`ipn_query`], paid at `pay_date` (`yyyyMMddHHmmss`, GMT+7).
fn ipn_query_paid_at(
    secret: &str,
    txn_ref: &str,
    amount_vnd: i64,
    response: &str,
    txn_no: &str,
    pay_date: &str,
) -> String {
    let mut p = BTreeMap::new();
    for (k, v) in [
        (
            "vnp_Amount",
            vnpay::amount_param(domain::Vnd::try_from(amount_vnd).unwrap()),
        ),
        ("vnp_BankCode", "NCB".to_owned()),
        ("vnp_CardType", "ATM".to_owned()),
        ("vnp_OrderInfo", format!("Thanh toan phi le phi {txn_ref}")),
        ("vnp_PayDate", pay_date.to_owned()),
        ("vnp_ResponseCode", response.to_owned()),
        ("vnp_TmnCode", "MOTCUA01".to_owned()),
        ("vnp_TransactionNo", txn_no.to_owned()),
        (
            "vnp_TransactionStatus",
            if response == "00" { "00" } else { "02" }.to_owned(),
        ),
        ("vnp_TxnRef", txn_ref.to_owned()),
    ] {
        p.insert(k.to_owned(), v);
    }
    format!(
        "{}&vnp_SecureHash={}",
        vnpay::signing_string(&p),
        gateway::sign(secret, &p)
    )
}

async fn the_ipn_answers_with_the_documented_codes(mut env: TestEnv) {
    enable(&mut env);
    let s = &env.services;
    let (me, code) = dossier(&env).await;
    let (attempt, created) = gateway::start(s, &me, &code, "203.0.113.5", false)
        .await
        .unwrap();
    assert!(created);
    assert_eq!(attempt.provider, domain::payment::Provider::Vnpay);
    // The payment URL is signed and carries the documented parameters.
    let (base, query) = attempt.pay_url.split_once('?').unwrap();
    assert_eq!(base, "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html");
    let params = vnpay::parse_query(query);
    assert!(gateway::verify(SECRET, &params));
    assert_eq!(
        params["vnp_Amount"],
        vnpay::amount_param(attempt.amount_vnd)
    );
    assert_eq!(params["vnp_TxnRef"], attempt.reference);
    assert_eq!(params["vnp_IpAddr"], "203.0.113.5");
    assert_eq!(params["vnp_CreateDate"], "20261124090000");
    assert_eq!(params["vnp_ExpireDate"], "20261124091500");
    assert_eq!(params["vnp_Version"], "2.1.0");
    assert!(!params.contains_key("vnp_SecureHashType"));
    // Asking again gives the same live attempt.
    let (again, created) = gateway::start(s, &me, &code, "203.0.113.5", false)
        .await
        .unwrap();
    assert!(!created);
    assert_eq!(again.id, attempt.id);

    let r = &attempt.reference;
    let amount = attempt.amount_vnd;
    assert_eq!(
        gateway::ipn(s, &ipn_query("wrong secret", r, amount, "00", "1")).await,
        IpnAnswer::InvalidSignature
    );
    assert_eq!(
        gateway::ipn(s, &ipn_query(SECRET, "MC261124ZZZZZZZZ", amount, "00", "2")).await,
        IpnAnswer::OrderNotFound
    );
    assert_eq!(
        gateway::ipn(s, &ipn_query(SECRET, r, amount.get() + 1000, "00", "3")).await,
        IpnAnswer::InvalidAmount
    );
    let garbage = gateway::ipn(s, "vnp_SecureHash=zz").await;
    assert_eq!(garbage, IpnAnswer::InvalidSignature);
    assert_eq!(
        payments::get_attempt(s, &me, attempt.id)
            .await
            .unwrap()
            .status,
        PaymentStatus::Pending
    );

    // Success, concurrently delivered 20 times: paid once, receipt once, the rest 02.
    let body = ipn_query(SECRET, r, amount, "00", "14123456");
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (s, body) = (s.clone(), body.clone());
        tasks.push(tokio::spawn(async move { gateway::ipn(&s, &body).await }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    assert_eq!(
        answers
            .iter()
            .filter(|a| **a == IpnAnswer::Confirmed)
            .count(),
        1
    );
    assert!(
        answers
            .iter()
            .all(|a| matches!(a, IpnAnswer::Confirmed | IpnAnswer::AlreadyConfirmed))
    );
    assert_eq!(
        payments::get_attempt(s, &me, attempt.id)
            .await
            .unwrap()
            .status,
        PaymentStatus::Paid
    );
    let receipt = services::receipts::for_attempt(s, &me, attempt.id)
        .await
        .unwrap();
    assert_eq!(receipt.content.payment_method, gateway::METHOD_VNPAY);
    let (receipts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM receipts")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(receipts, 1);
    // A second, different success for the paid order: 02, and kept for a refund.
    assert_eq!(
        gateway::ipn(s, &ipn_query(SECRET, r, amount, "00", "14123999")).await,
        IpnAnswer::AlreadyConfirmed
    );
    let kinds: Vec<(String,)> = sqlx::query_as("SELECT kind FROM payment_exceptions ORDER BY id")
        .fetch_all(&s.db.pool)
        .await
        .unwrap();
    let kinds: Vec<String> = kinds.into_iter().map(|k| k.0).collect();
    assert_eq!(kinds, ["unknown_reference", "wrong_amount", "duplicate"]);

    // The return URL finds the attempt but decides nothing.
    let (id, response) = gateway::returned(s, &body).await.unwrap();
    assert_eq!((id, response.as_str()), (attempt.id, "00"));
    assert!(
        gateway::returned(s, &ipn_query("forged", r, amount, "00", "1"))
            .await
            .is_err()
    );

    // A gateway names no receiving account: its credits belong to the notice's agency
    // (here none names one) and never to an agency that has no account either.
    sqlx::query("UPDATE agencies SET account_number = '' WHERE code = '000.00.15.H53'")
        .execute(&s.db.pool)
        .await
        .unwrap();
    let police = crate::common::staff_member(
        &env,
        "0901000031",
        "Cán bộ Công an",
        services::staff::Role::Officer,
        Some("000.00.15.H53"),
    )
    .await;
    assert!(
        services::payments::exceptions::list(s, &police, false)
            .await
            .unwrap()
            .is_empty()
    );
}
on_both_engines!(
    the_ipn_answers_with_the_documented_codes_on,
    the_ipn_answers_with_the_documented_codes
);

async fn a_declined_payment_is_recorded_and_another_can_start(mut env: TestEnv) {
    enable(&mut env);
    let s = &env.services;
    let (me, code) = dossier(&env).await;
    let (attempt, _) = gateway::start(s, &me, &code, "203.0.113.5", true)
        .await
        .unwrap();
    assert!(attempt.pay_url.contains("vnp_Locale=en"));
    let cancelled = ipn_query(SECRET, &attempt.reference, attempt.amount_vnd, "24", "0");
    assert_eq!(gateway::ipn(s, &cancelled).await, IpnAnswer::Confirmed);
    assert_eq!(
        payments::get_attempt(s, &me, attempt.id)
            .await
            .unwrap()
            .status,
        PaymentStatus::Failed
    );
    assert_eq!(
        gateway::ipn(s, &cancelled).await,
        IpnAnswer::AlreadyConfirmed
    );
    let (next, created) = gateway::start(s, &me, &code, "203.0.113.5", false)
        .await
        .unwrap();
    assert!(created && next.id != attempt.id);
    // Without settings VNPAY is refused clearly.
    env.services.vnpay = None;
    assert!(
        gateway::start(&env.services, &me, &code, "203.0.113.5", false)
            .await
            .is_err()
    );
    assert_eq!(
        gateway::ipn(&env.services, &cancelled).await,
        IpnAnswer::Unknown
    );
}
on_both_engines!(
    a_declined_payment_is_recorded_and_another_can_start_on,
    a_declined_payment_is_recorded_and_another_can_start
);

/// A `querydr` answer as VNPAY signs it (research/payments.md §C.2: its fields joined
/// by `|`, HMAC-SHA512).
fn query_answer(
    txn_ref: &str,
    amount_vnd: i64,
    response: &str,
    status: &str,
) -> BTreeMap<String, String> {
    let mut a = BTreeMap::new();
    for (k, v) in [
        ("vnp_ResponseId", "4f3c".to_owned()),
        ("vnp_Command", "querydr".to_owned()),
        ("vnp_ResponseCode", response.to_owned()),
        ("vnp_Message", "QueryDR Success".to_owned()),
        ("vnp_TmnCode", "MOTCUA01".to_owned()),
        ("vnp_TxnRef", txn_ref.to_owned()),
        (
            "vnp_Amount",
            vnpay::amount_param(domain::Vnd::try_from(amount_vnd).unwrap()),
        ),
        ("vnp_BankCode", "NCB".to_owned()),
        ("vnp_PayDate", "20261124091000".to_owned()),
        ("vnp_TransactionNo", "14123456".to_owned()),
        ("vnp_TransactionType", "01".to_owned()),
        ("vnp_TransactionStatus", status.to_owned()),
        ("vnp_OrderInfo", format!("Thanh toan phi le phi {txn_ref}")),
    ] {
        a.insert(k.to_owned(), v);
    }
    let hash = gateway::querydr::sign_data(SECRET, &vnpay::query_response_data(&a));
    a.insert("vnp_SecureHash".to_owned(), hash);
    a
}

/// Issue 16, item 3: what VNPAY answers when asked is read like an IPN, trusted only
/// with its checksum, and dated by when VNPAY took the money.
async fn a_status_query_answer_is_read_like_an_ipn(mut env: TestEnv) {
    enable(&mut env);
    let cfg = env.services.vnpay.clone().unwrap();
    let asked = services::payments::gateway::Queried {
        reference: "MC261124K7QX9M2A".to_owned(),
        amount_vnd: domain::Vnd::try_from(200_000).unwrap(),
        created_at: 1_795_485_600,
    };
    let paid = gateway::querydr::read(
        &cfg,
        &asked,
        &query_answer(&asked.reference, 200_000, "00", "00"),
    )
    .unwrap()
    .expect("a completed payment");
    assert_eq!(paid.movement, services::payments::gateway::Movement::In);
    assert_eq!(paid.amount_vnd, 200_000);
    assert_eq!(
        paid.event_id, "MC261124K7QX9M2A:14123456:00",
        "the same id as its IPN"
    );
    assert_eq!(paid.at, vnpay::parse_timestamp("20261124091000"));
    // Not known to VNPAY (91), or not finished (01): nothing to apply yet.
    assert_eq!(
        gateway::querydr::read(
            &cfg,
            &asked,
            &query_answer(&asked.reference, 200_000, "91", "")
        )
        .unwrap(),
        None
    );
    assert_eq!(
        gateway::querydr::read(
            &cfg,
            &asked,
            &query_answer(&asked.reference, 200_000, "00", "01")
        )
        .unwrap(),
        None
    );
    // A failed payment is a failure report.
    let failed = gateway::querydr::read(
        &cfg,
        &asked,
        &query_answer(&asked.reference, 200_000, "00", "02"),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        failed.movement,
        services::payments::gateway::Movement::Failed
    );
    // A forged or altered answer, or one about another order, is not trusted.
    let mut forged = query_answer(&asked.reference, 200_000, "00", "00");
    forged.insert(
        "vnp_Amount".into(),
        vnpay::amount_param(domain::Vnd::try_from(1_000).unwrap()),
    );
    assert!(gateway::querydr::read(&cfg, &asked, &forged).is_err());
    let other = query_answer("MC261124ZZZZZZZZ", 200_000, "00", "00");
    assert!(gateway::querydr::read(&cfg, &asked, &other).is_err());
}
on_both_engines!(
    a_status_query_answer_is_read_like_an_ipn_on,
    a_status_query_answer_is_read_like_an_ipn
);

/// The payment core's deadline holds for VNPAY too (DESIGN.md "Payments"), checked
/// against when VNPAY took the money (`vnp_PayDate`, signed): paid after the deadline
/// it does not pay the notice and is kept for staff; paid before it, an IPN that
/// arrives after the deadline still pays.
async fn a_vnpay_success_after_the_deadline_is_late(mut env: TestEnv) {
    enable(&mut env);
    let s = &env.services;
    let (me, code) = dossier(&env).await;
    let (attempt, _) = gateway::start(s, &me, &code, "203.0.113.5", false)
        .await
        .unwrap();
    // The attempt opened at 09:00 for 15 minutes; the IPN comes at 09:15.
    env.clock.advance(s.payment_ttl_seconds);
    assert_eq!(
        gateway::ipn(
            s,
            &ipn_query_paid_at(
                SECRET,
                &attempt.reference,
                attempt.amount_vnd.get(),
                "00",
                "77",
                "20261124091500"
            )
        )
        .await,
        IpnAnswer::AlreadyConfirmed
    );
    let kinds: Vec<(String,)> = sqlx::query_as("SELECT kind FROM payment_exceptions")
        .fetch_all(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(kinds, [("late".to_owned(),)]);
    assert_ne!(
        payments::get_attempt(s, &me, attempt.id)
            .await
            .unwrap()
            .status,
        PaymentStatus::Paid
    );
}
on_both_engines!(
    a_vnpay_success_after_the_deadline_is_late_on,
    a_vnpay_success_after_the_deadline_is_late
);

async fn a_vnpay_payment_made_in_time_pays_whenever_its_ipn_comes(mut env: TestEnv) {
    enable(&mut env);
    let s = &env.services;
    let (me, code) = dossier(&env).await;
    let (attempt, _) = gateway::start(s, &me, &code, "203.0.113.5", false)
        .await
        .unwrap();
    // Paid at 09:14:59, one second before the deadline; the IPN comes at 09:16.
    env.clock.advance(s.payment_ttl_seconds + 60);
    assert_eq!(
        gateway::ipn(
            s,
            &ipn_query_paid_at(
                SECRET,
                &attempt.reference,
                attempt.amount_vnd.get(),
                "00",
                "78",
                "20261124091459"
            )
        )
        .await,
        IpnAnswer::Confirmed
    );
    assert_eq!(
        payments::get_attempt(s, &me, attempt.id)
            .await
            .unwrap()
            .status,
        PaymentStatus::Paid
    );
}
on_both_engines!(
    a_vnpay_payment_made_in_time_pays_whenever_its_ipn_comes_on,
    a_vnpay_payment_made_in_time_pays_whenever_its_ipn_comes
);

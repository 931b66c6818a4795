use crate::common::{TestEnv, lltp_form};
use crate::on_both_engines;
use domain::dossier::Channel;
use domain::form::FormValues;
use domain::payment::{ExceptionKind, PaymentStatus};
use services::ServiceError;
use services::dossiers::{self, Who};
use services::payments;

async fn a_notice_is_issued_and_paid_by_one_live_qr_at_a_time(env: TestEnv) {
    let s = &env.services;
    let owner = crate::common::register(&env, "0912345678", "001090123456", "Nguyễn Văn An").await;
    let me = Who::Citizen(owner);
    let d = dossiers::submit(
        s,
        owner,
        "2.000488",
        &lltp_form("Nguyễn Văn An", "001090123456", "0912345678"),
        Channel::Online,
    )
    .await
    .unwrap();
    let code = d.summary.code.clone().unwrap();
    let notice = payments::notice_for(s, d.id)
        .await
        .unwrap()
        .expect("a notice");
    assert_eq!(notice.status, domain::payment::NoticeStatus::Unpaid);
    assert_eq!(notice.amount_vnd, d.summary.fee_due_vnd);
    assert_eq!(
        notice
            .lines
            .iter()
            .map(|l| l.amount_vnd)
            .sum::<domain::Vnd>(),
        notice.amount_vnd
    );
    assert!(notice.lines.iter().all(|l| !l.legal_basis.is_empty()));

    let (first, created) = payments::start_attempt(s, &me, &code).await.unwrap();
    assert!(created);
    assert_eq!(first.status, PaymentStatus::Pending);
    assert_eq!(first.amount_vnd, notice.amount_vnd);
    assert_eq!(first.expires_at - first.created_at, 15 * 60);
    assert!(first.reference.starts_with("MC261124") && first.reference.len() <= 25);
    let qr = domain::vietqr::decode(&first.qr_payload);
    assert!(qr.is_valid(), "{:?}", qr.errors);
    assert_eq!(qr.point_of_initiation.as_deref(), Some("12"));
    assert_eq!(
        qr.bank_bin.as_deref(),
        Some("970436"),
        "Sở Tư pháp's collection account"
    );
    assert_eq!(qr.account.as_deref(), Some("0011000000031"));
    assert_eq!(qr.amount_vnd(), Some(notice.amount_vnd));
    assert_eq!(qr.purpose.as_deref(), Some(first.reference.as_str()));
    assert_eq!(first.account_name, "SO TU PHAP");

    // While it is live, asking again gives the same QR.
    let (again, created) = payments::start_attempt(s, &me, &code).await.unwrap();
    assert!(!created);
    assert_eq!(again.id, first.id);

    // After expiry it reads as expired, and a new QR with a new reference is issued.
    env.clock.advance(15 * 60);
    assert_eq!(
        payments::get_attempt(s, &me, first.id)
            .await
            .unwrap()
            .status,
        PaymentStatus::Expired
    );
    let (second, created) = payments::start_attempt(s, &me, &code).await.unwrap();
    assert!(created);
    assert_ne!(second.reference, first.reference);
    let all = payments::attempts_for(s, &me, &code).await.unwrap();
    let statuses: Vec<PaymentStatus> = all.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [PaymentStatus::Pending, PaymentStatus::Expired]);

    // Someone else cannot see or start it.
    let other = Who::Citizen(
        crate::common::register(&env, "0987654321", "001190123457", "Nguyễn Văn An").await,
    );
    assert!(matches!(
        payments::get_attempt(s, &other, first.id).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        payments::start_attempt(s, &other, &code).await,
        Err(ServiceError::NotFound)
    ));
}
on_both_engines!(
    a_notice_is_issued_and_paid_by_one_live_qr_at_a_time_on,
    a_notice_is_issued_and_paid_by_one_live_qr_at_a_time
);

async fn free_procedures_have_no_notice(env: TestEnv) {
    let s = &env.services;
    let owner = crate::common::register(&env, "0912345678", "001090123456", "Nguyễn Văn An").await;
    let procedure = services::catalog::get(s, "1.001193").await.unwrap();
    assert!(procedure.fees.is_empty());
    let mut form = FormValues::new();
    for f in &procedure.form.fields {
        let v = match f.name.as_str() {
            "ho_ten" | "ten_nguoi_duoc_dang_ky" => "Nguyễn Văn Bình",
            "so_cccd" => "001090123456",
            "ngay_sinh" => "1990-05-17",
            "ngay_su_kien" => "2026-11-01",
            "so_dien_thoai" => "0912345678",
            "gioi_tinh" => "Nam",
            "quan_he" => "Con",
            "cam_doan" => "on",
            "email" => "an@example.vn",
            _ => "Nội dung",
        };
        form.insert(f.name.clone(), v.to_owned());
    }
    form.insert("dia_chi.province".into(), "Hà Nội".into());
    form.insert("dia_chi.commune".into(), "Hà Đông".into());
    form.insert("dia_chi.street".into(), "Số 5".into());
    let d = dossiers::submit(s, owner, "1.001193", &form, Channel::Online)
        .await
        .unwrap();
    assert_eq!(d.summary.fee_due_vnd, 0);
    assert!(payments::notice_for(s, d.id).await.unwrap().is_none());
    let code = d.summary.code.unwrap();
    assert!(matches!(
        payments::start_attempt(s, &Who::Citizen(owner), &code).await,
        Err(ServiceError::Invalid { .. })
    ));
}
on_both_engines!(
    free_procedures_have_no_notice_on,
    free_procedures_have_no_notice
);

fn credit(id: &str, content: &str, amount: impl Into<i64>) -> String {
    let amount: i64 = amount.into();
    serde_json::json!({
        "id": id, "gateway": "SANDBOX", "transaction_date": "2026-11-24 09:01:00",
        "account_number": "0011000000031", "content": content, "transfer_type": "in",
        "amount": amount, "reference_code": format!("FT{id}"),
    })
    .to_string()
}

async fn exceptions(s: &services::Services) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT kind FROM payment_exceptions ORDER BY id")
        .fetch_all(&s.db.pool)
        .await
        .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

async fn bank_credits_are_matched_once_and_mismatches_kept(env: TestEnv) {
    use crate::common::receive_bank;
    use services::payments::notifications::Outcome;
    let s = &env.services;
    let owner = crate::common::register(&env, "0912345678", "001090123456", "Nguyễn Văn An").await;
    let me = Who::Citizen(owner);
    let d = dossiers::submit(
        s,
        owner,
        "2.000488",
        &lltp_form("Nguyễn Văn An", "001090123456", "0912345678"),
        Channel::Online,
    )
    .await
    .unwrap();
    let code = d.summary.code.unwrap();
    let (attempt, _) = payments::start_attempt(s, &me, &code).await.unwrap();
    let amount = attempt.amount_vnd;
    let spaced = format!(
        "NGUYEN VAN AN chuyen tien {} {}",
        &attempt.reference[..6].to_lowercase(),
        &attempt.reference[6..]
    );

    // Nothing we cannot match is dropped: it is kept for staff.
    assert_eq!(
        receive_bank(s, &credit("1", "ung ho", amount))
            .await
            .unwrap(),
        Outcome::Exception {
            kind: ExceptionKind::UnknownReference
        }
    );
    assert_eq!(
        receive_bank(s, &credit("2", &spaced, amount.get() - 1000))
            .await
            .unwrap(),
        Outcome::Exception {
            kind: ExceptionKind::WrongAmount
        }
    );
    assert_eq!(
        payments::get_attempt(s, &me, attempt.id)
            .await
            .unwrap()
            .status,
        PaymentStatus::Pending
    );

    // The same notification 50 times at once pays exactly once.
    let mut listener = s.payment_events.subscribe();
    let body = credit("3", &spaced, amount);
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (s, body) = (s.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            receive_bank(&s, &body).await.unwrap()
        }));
    }
    let mut paid = 0;
    for t in tasks {
        match t.await.unwrap() {
            Outcome::Paid { attempt_id } => {
                assert_eq!(attempt_id, attempt.id);
                paid += 1;
            }
            Outcome::Replay => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(paid, 1);
    let (receipts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM receipts")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(receipts, 1, "one receipt for 50 deliveries");
    assert_eq!(
        listener.recv().await.unwrap(),
        attempt.id,
        "waiting pages are told"
    );
    assert_eq!(
        payments::get_attempt(s, &me, attempt.id)
            .await
            .unwrap()
            .status,
        PaymentStatus::Paid
    );
    let notice = payments::notice_for(s, d.id).await.unwrap().unwrap();
    assert_eq!(notice.status, domain::payment::NoticeStatus::Paid);
    assert!(matches!(
        payments::start_attempt(s, &me, &code).await,
        Err(ServiceError::Conflict(_))
    ));

    // A second transfer for a paid notice is a duplicate to refund.
    assert_eq!(
        receive_bank(s, &credit("4", &spaced, amount))
            .await
            .unwrap(),
        Outcome::Exception {
            kind: ExceptionKind::Duplicate
        }
    );
    assert_eq!(
        exceptions(s).await,
        ["unknown_reference", "wrong_amount", "duplicate"]
    );
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bank_notifications")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 4, "every notification kept raw once");
    // Not JSON: refused, so the sender keeps it.
    assert!(receive_bank(s, "not json").await.is_err());
}
on_both_engines!(
    bank_credits_are_matched_once_and_mismatches_kept_on,
    bank_credits_are_matched_once_and_mismatches_kept
);

async fn money_after_the_deadline_is_late(env: TestEnv) {
    use crate::common::receive_bank;
    use services::payments::notifications::Outcome;
    let s = &env.services;
    let owner = crate::common::register(&env, "0912345678", "001090123456", "Nguyễn Văn An").await;
    let me = Who::Citizen(owner);
    let d = dossiers::submit(
        s,
        owner,
        "2.000488",
        &lltp_form("Nguyễn Văn An", "001090123456", "0912345678"),
        Channel::Online,
    )
    .await
    .unwrap();
    let (attempt, _) = payments::start_attempt(s, &me, d.summary.code.as_deref().unwrap())
        .await
        .unwrap();
    env.clock.advance(15 * 60 + 1);
    let out = receive_bank(s, &credit("9", &attempt.reference, attempt.amount_vnd))
        .await
        .unwrap();
    assert_eq!(
        out,
        Outcome::Exception {
            kind: ExceptionKind::Late
        }
    );
    assert_eq!(
        payments::notice_for(s, d.id).await.unwrap().unwrap().status,
        domain::payment::NoticeStatus::Unpaid
    );
}
on_both_engines!(
    money_after_the_deadline_is_late_on,
    money_after_the_deadline_is_late
);

/// Issue 16, item 5: one live attempt per notice (and provider), enforced by the
/// database on both engines: 20 concurrent starts create one QR and all get it.
async fn twenty_concurrent_starts_make_one_live_qr(env: TestEnv) {
    let s = &env.services;
    let owner = crate::common::register(&env, "0912345678", "001090123456", "Nguyễn Văn An").await;
    let d = dossiers::submit(
        s,
        owner,
        "2.000488",
        &lltp_form("Nguyễn Văn An", "001090123456", "0912345678"),
        Channel::Online,
    )
    .await
    .unwrap();
    let code = d.summary.code.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (s, code) = (s.clone(), code.clone());
        tasks.push(tokio::spawn(async move {
            payments::start_attempt(&s, &Who::Citizen(owner), &code)
                .await
                .unwrap()
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    let mut created = 0;
    for t in tasks {
        let (attempt, new) = t.await.unwrap();
        ids.insert(attempt.id);
        created += usize::from(new);
    }
    assert_eq!(ids.len(), 1, "every caller got the same QR");
    assert_eq!(created, 1);
    let (live,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM payment_attempts pa JOIN fee_notices n ON n.id = pa.notice_id \
         WHERE n.dossier_id = $1 AND pa.status = 'pending'",
    )
    .bind(d.id)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(live, 1);
    // The database itself refuses a second live QR, whatever the code does.
    let attempt_id = *ids.iter().next().unwrap();
    let second = sqlx::query(
        "INSERT INTO payment_attempts (notice_id, reference, amount_vnd, status, provider, qr_payload, \
         pay_url, created_at, expires_at, updated_at) \
         SELECT notice_id, 'MC261124TWICE222', amount_vnd, 'pending', provider, '', '', 1, 2, 1 \
         FROM payment_attempts WHERE id = $1",
    )
    .bind(attempt_id)
    .execute(&s.db.pool)
    .await;
    assert!(second.is_err(), "payment_attempts_one_live holds");
}
on_both_engines!(
    twenty_concurrent_starts_make_one_live_qr_on,
    twenty_concurrent_starts_make_one_live_qr
);

/// Issue 16, item 3: the bank gateway verifies what it is sent before anything is
/// stored (DESIGN.md "Payments": constant-time HMAC, replay window).
async fn an_unsigned_or_forged_bank_notification_changes_nothing(env: TestEnv) {
    use services::payments::notifications::receive_bank;
    let s = &env.services;
    let body = credit("f1", "MC261124K7QX9M2A", 200_000);
    let forged = services::payments::signature::sign(b"not the key", s.now(), body.as_bytes());
    let stale = services::payments::signature::sign(
        &s.bank_webhook_secret,
        s.now() - 3600,
        body.as_bytes(),
    );
    for signature in [None, Some(forged.as_str()), Some(stale.as_str())] {
        assert!(matches!(
            receive_bank(s, &body, signature).await,
            Err(ServiceError::Unauthenticated)
        ));
    }
    // Without a configured key nothing is accepted, whatever it is signed with.
    let mut unset = s.clone();
    unset.bank_webhook_secret = std::sync::Arc::from(&[][..]);
    let empty_key = services::payments::signature::sign(b"", s.now(), body.as_bytes());
    assert!(matches!(
        receive_bank(&unset, &body, Some(&empty_key)).await,
        Err(ServiceError::Unauthenticated)
    ));
    // Signed, but a negative amount is no amount of đồng (domain::Vnd): refused as
    // malformed, whatever reference it names.
    let negative = credit("f2", "MC261124K7QX9M2A", -200_000);
    let signed =
        services::payments::signature::sign(&s.bank_webhook_secret, s.now(), negative.as_bytes());
    assert!(matches!(
        receive_bank(s, &negative, Some(&signed)).await,
        Err(ServiceError::Invalid { field: None, .. })
    ));
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bank_notifications")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}
on_both_engines!(
    an_unsigned_or_forged_bank_notification_changes_nothing_on,
    an_unsigned_or_forged_bank_notification_changes_nothing
);

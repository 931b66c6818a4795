use crate::common::{TestEnv, last_code};
use crate::on_both_engines;
use domain::dossier::Channel;
use domain::form::FormValues;
use domain::payment::PaymentStatus;
use services::ServiceError;
use services::accounts::{self, Channel as SessionChannel, Registration};
use services::dossiers::{self, Who};
use services::payments;

const IP: &str = "198.51.100.9";

async fn citizen(env: &TestEnv, phone: &str, national_id: &str) -> i64 {
    let s = &env.services;
    accounts::request_otp(s, phone, IP).await.unwrap();
    let code = last_code(s, phone).await;
    let reg = Registration {
        full_name: "Nguyễn Văn An".into(),
        date_of_birth: "1990-05-17".into(),
        national_id: national_id.into(),
    };
    accounts::sign_in(s, phone, &code, Some(reg), IP, SessionChannel::Web)
        .await
        .unwrap()
        .citizen
        .id
}

fn lltp_form() -> FormValues {
    [
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
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

async fn a_notice_is_issued_and_paid_by_one_live_qr_at_a_time(env: TestEnv) {
    let s = &env.services;
    let owner = citizen(&env, "0912345678", "001090123456").await;
    let me = Who::Citizen(owner);
    let d = dossiers::submit(s, owner, "2.000488", &lltp_form(), Channel::Online)
        .await
        .unwrap();
    let code = d.summary.code.clone().unwrap();
    let notice = payments::notice_for(s, d.id)
        .await
        .unwrap()
        .expect("a notice");
    assert_eq!(notice.status, "unpaid");
    assert_eq!(notice.amount_vnd, d.summary.fee_due_vnd);
    assert_eq!(
        notice.lines.iter().map(|l| l.amount_vnd).sum::<i64>(),
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
    let other = Who::Citizen(citizen(&env, "0987654321", "001190123457").await);
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
    let owner = citizen(&env, "0912345678", "001090123456").await;
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

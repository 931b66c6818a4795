//! Test harness: a fresh, migrated database per test on SQLite or PostgreSQL.

use services::sms::OutboxSender;
use services::{Db, FixedClock, Services};
use std::sync::Arc;

/// 2026-11-24 09:00 in Hà Nội.
pub const T0: i64 = 1_795_485_600;

#[derive(Debug)]
pub struct TestEnv {
    pub services: Services,
    pub clock: Arc<FixedClock>,
}

pub async fn env(engine: &str) -> Option<TestEnv> {
    let url = testkit::fresh_database(engine).await?;
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let clock = Arc::new(FixedClock::at(T0));
    let sms = Arc::new(OutboxSender::new(db.clone(), clock.clone()));
    // Each engine's default store: the database with PostgreSQL, a directory with SQLite.
    let blobs = services::blobs::Settings {
        kind: services::blobs::Kind::default_for(db.engine),
        dir: std::env::temp_dir().join(format!("motcua-test-blobs-{}", uuid::Uuid::new_v4())),
        s3: None,
    }
    .open(&db)
    .expect("blob store");
    let mut services = Services::new(
        db,
        clock.clone(),
        sms,
        blobs,
        b"test secret key, not for production",
    );
    services.bank_webhook_secret = Arc::from(&b"test bank webhook key"[..]);
    services::seed::seed_demo(&services).await.expect("seed");
    Some(TestEnv { services, clock })
}

/// Runs one async test body against each engine.
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(env) = $crate::common::env("sqlite").await {
                    super::$body(env).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(env) = $crate::common::env("postgres").await {
                    super::$body(env).await;
                }
            }
        }
    };
}

/// The newest code sent to a phone, read from the sandbox outbox.
pub async fn last_code(s: &Services, phone: &str) -> String {
    let phone = domain::PhoneNumber::parse(phone).expect("phone");
    let msgs = services::sms::outbox(&s.db, Some(&phone), 1)
        .await
        .expect("outbox");
    let body = &msgs.first().expect("a message").body;
    body.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a 6-digit code")
        .to_owned()
}

/// Registers a citizen by phone and OTP (through the sandbox outbox) and returns their id.
pub async fn register(env: &TestEnv, phone: &str, national_id: &str, full_name: &str) -> i64 {
    let s = &env.services;
    let ip = "198.51.100.20";
    services::accounts::request_otp(s, phone, ip)
        .await
        .expect("OTP");
    let code = last_code(s, phone).await;
    let reg = services::accounts::Registration {
        full_name: full_name.into(),
        date_of_birth: "1990-05-17".into(),
        national_id: national_id.into(),
    };
    services::accounts::sign_in(
        s,
        phone,
        &code,
        Some(reg),
        ip,
        services::accounts::Channel::Web,
    )
    .await
    .expect("registration")
    .citizen
    .id
}

/// A complete criminal-record certificate (2.000488) form for an applicant.
pub fn lltp_form(full_name: &str, national_id: &str, phone: &str) -> domain::form::FormValues {
    [
        ("ho_ten", full_name),
        ("so_cccd", national_id),
        ("ngay_sinh", "1990-05-17"),
        ("so_dien_thoai", phone),
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

/// A member of staff with the tests' password.
pub async fn staff_member(
    env: &TestEnv,
    phone: &str,
    full_name: &str,
    role: services::staff::Role,
    agency: Option<&str>,
) -> services::staff::Staff {
    services::staff::create(
        &env.services,
        services::staff::NewStaff {
            phone: phone.into(),
            full_name: full_name.into(),
            role,
            agency_code: agency.map(str::to_owned),
            password: "mat-khau-du-dai".into(),
        },
        services::audit::Actor::Cli,
    )
    .await
    .expect("staff member")
}

/// The `n`-th criminal-record dossier recorded at the desk by `officer` (its applicant
/// unique to `n`): its code and the fee due.
pub async fn desk_dossier(
    env: &TestEnv,
    officer: &services::staff::Staff,
    n: u32,
) -> (String, i64) {
    let d = services::dossiers::record_desk(
        &env.services,
        officer,
        &services::dossiers::DeskIntake {
            procedure_code: "2.000488".into(),
            channel: "desk".into(),
            full_name: format!(
                "Người Nộp {}",
                ["An", "Bình", "Cường", "Dũng", "Em"][n as usize % 5]
            ),
            phone: format!("09870000{n:02}"),
            national_id: format!("0011900000{n:02}"),
            date_of_birth: "1990-01-01".into(),
            // One record: 200.000 đ (TT 244/2016/TT-BTC Điều 4).
            fee_answers: [("so_phieu".to_owned(), "1".to_owned())].into(),
            // The officer checked the card: a new applicant's account is made verified.
            identity: "create".into(),
        },
    )
    .await
    .expect("desk dossier");
    (d.summary.code.expect("a code"), d.summary.fee_due_vnd.get())
}

/// A bank's credit notification to the Department of Justice's account.
pub fn bank_credit(id: &str, content: &str, amount: impl Into<i64>) -> String {
    let amount: i64 = amount.into();
    serde_json::json!({
        "id": id, "gateway": "SANDBOX", "transaction_date": "2026-11-24 09:01:00",
        "account_number": "0011000000031", "content": content, "transfer_type": "in",
        "amount": amount, "reference_code": format!("FT{id}"),
    })
    .to_string()
}

/// A bank notification as the bank sends it: signed, now, with the services' key.
pub async fn receive_bank(
    s: &Services,
    body: &str,
) -> services::error::ServiceResult<services::payments::notifications::Outcome> {
    let signature =
        services::payments::signature::sign(&s.bank_webhook_secret, s.now(), body.as_bytes());
    services::payments::notifications::receive_bank(s, body, Some(&signature)).await
}

/// The text of a PDF, as `pdftotext` (poppler-utils, installed by `make test`) reads it.
pub fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext is installed (poppler-utils)");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

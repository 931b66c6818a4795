use crate::common::receive_bank;
use crate::common::{TestEnv, lltp_form};
use crate::on_both_engines;
use domain::dossier::Channel;
use services::audit::Actor;
use services::dossiers::{self, Who};
use services::payments::{self, notifications::Outcome};
use services::receipts;
use services::staff::{self, NewStaff, Role};
use services::{Clock as _, ServiceError};

const BASE: &str = "https://motcua.example.gov.vn";

async fn officer(env: &TestEnv, phone: &str, agency: &str) -> Who {
    Who::Staff(
        staff::create(
            &env.services,
            NewStaff {
                phone: phone.into(),
                full_name: "Trần Thị Bình".into(),
                role: Role::Officer,
                agency_code: Some(agency.into()),
                password: "mat-khau-du-dai".into(),
            },
            Actor::Cli,
        )
        .await
        .unwrap(),
    )
}

fn credit(id: &str, content: &str, amount: impl Into<i64>) -> String {
    credit_to("0011000000031", id, content, amount)
}

/// A credit into `account` (each agency collects into its own, seed/agencies.json).
fn credit_to(account: &str, id: &str, content: &str, amount: impl Into<i64>) -> String {
    let amount: i64 = amount.into();
    serde_json::json!({
        "id": id, "gateway": "SANDBOX", "transaction_date": "2026-11-24 09:01:00",
        "account_number": account, "content": content, "transfer_type": "in",
        "amount": amount, "reference_code": format!("FT{id}"),
    })
    .to_string()
}

async fn a_paid_fee_gets_a_signed_receipt(env: TestEnv) {
    let s = &env.services;
    let owner =
        crate::common::register(&env, "0912345678", "001190123456", "Nguyễn Thị Ánh Tuyết").await;
    let me = Who::Citizen(owner);
    let d = dossiers::submit(
        s,
        owner,
        "2.000488",
        &lltp_form("Nguyễn Thị Ánh Tuyết", "001190123456", "0912345678"),
        Channel::Online,
    )
    .await
    .unwrap();
    let code = d.summary.code.clone().unwrap();
    let (attempt, _) = payments::start_attempt(s, &me, &code).await.unwrap();
    assert!(matches!(
        receipts::for_attempt(s, &me, attempt.id).await,
        Err(ServiceError::NotFound)
    ));
    let out = receive_bank(s, &credit("1", &attempt.reference, attempt.amount_vnd))
        .await
        .unwrap();
    assert_eq!(
        out,
        Outcome::Paid {
            attempt_id: attempt.id
        }
    );

    let r = receipts::for_attempt(s, &me, attempt.id).await.unwrap();
    let c = &r.content;
    assert!(r.signature_valid);
    assert_eq!(c.receipt_name, "BIÊN LAI THU PHÍ, LỆ PHÍ");
    assert_eq!(
        (c.template_symbol.as_str(), c.series_symbol.as_str()),
        ("EBL01", "26TTP")
    );
    assert_eq!(c.number, 1);
    assert_eq!(c.issuer_name, "Sở Tư pháp");
    assert_eq!(c.issuer_tax_code, "0100000031");
    assert_eq!(c.payer_name, "Nguyễn Thị Ánh Tuyết");
    assert_eq!(c.payer_id_number, "001190123456");
    assert_eq!(c.dossier_code, code);
    assert_eq!(c.total_vnd, attempt.amount_vnd);
    assert_eq!(
        c.lines.iter().map(|l| l.amount_vnd).sum::<domain::Vnd>(),
        c.total_vnd
    );
    assert_eq!(
        c.total_in_words,
        domain::receipt::vnd_in_words(u64::try_from(c.total_vnd.get()).unwrap())
    );
    assert_eq!(c.issued_on, "24/11/2026");
    assert_eq!(c.payment_reference, attempt.reference);

    // Public verification: valid, masked, no identity number.
    let v = receipts::verify(s, &c.verify_token).await.unwrap();
    assert!(v.valid);
    assert_eq!(v.payer, "N***** T** Á** T****");
    assert_eq!(v.number, "00000001");
    assert!(!serde_json::to_string(&v).unwrap().contains("001190123456"));
    for bad in ["", "zz", &"0".repeat(32), &c.verify_token[..31]] {
        assert!(
            matches!(receipts::verify(s, bad).await, Err(ServiceError::NotFound)),
            "{bad}"
        );
    }

    // Tampering with the stored content breaks the signature.
    let tampered = serde_json::to_string(&domain::receipt::ReceiptContent {
        total_vnd: domain::Vnd::try_from(1).unwrap(),
        ..c.clone()
    })
    .unwrap();
    sqlx::query("UPDATE receipts SET content = $1 WHERE id = $2")
        .bind(&tampered)
        .bind(r.id)
        .execute(&s.db.pool)
        .await
        .unwrap();
    assert!(!receipts::verify(s, &c.verify_token).await.unwrap().valid);
    assert!(receipts::pdf(s, &me, attempt.id, BASE).await.is_err());
    sqlx::query("UPDATE receipts SET content = $1 WHERE id = $2")
        .bind(serde_json::to_string(c).unwrap())
        .bind(r.id)
        .execute(&s.db.pool)
        .await
        .unwrap();
    assert!(receipts::verify(s, &c.verify_token).await.unwrap().valid);

    // First delivery is the original (kept), then copies.
    let first = receipts::pdf(s, &me, attempt.id, BASE).await.unwrap();
    assert!(!first.copy);
    assert!(first.bytes.starts_with(b"%PDF-"));
    assert_eq!(first.file_name, "bien-lai-26TTP-00000001.pdf");
    let (kept,): (Option<String>,) =
        sqlx::query_as("SELECT pdf_sha256 FROM receipts WHERE id = $1")
            .bind(r.id)
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert_eq!(kept.unwrap().len(), 64);
    let desk = officer(&env, "0901234567", "000.00.31.H53").await;
    let second = receipts::pdf(s, &desk, attempt.id, BASE).await.unwrap();
    assert!(second.copy, "a reprint is a copy");
    assert_eq!(second.file_name, "bien-lai-26TTP-00000001-ban-sao.pdf");
    // Each reprint is rendered anew: a loop of downloads stops at the hour's limit
    // (issue 15, item 6), counted per caller (one caller's loop does not lock out the
    // agency), and the next hour may print again.
    for _ in 1..receipts::PRINTS.max {
        receipts::pdf(s, &me, attempt.id, BASE).await.unwrap();
    }
    assert!(matches!(
        receipts::pdf(s, &me, attempt.id, BASE).await,
        Err(ServiceError::RateLimited { .. })
    ));
    assert!(
        receipts::pdf(s, &desk, attempt.id, BASE)
            .await
            .unwrap()
            .copy
    );
    env.clock.advance(receipts::PRINTS.window_seconds + 1);
    assert!(receipts::pdf(s, &me, attempt.id, BASE).await.unwrap().copy);

    // Nobody else reaches it.
    let stranger = Who::Citizen(
        crate::common::register(&env, "0987654321", "001090654321", "Lê Văn Cường").await,
    );
    let elsewhere = officer(&env, "0907654321", "000.00.15.H53").await;
    for who in [stranger, elsewhere] {
        assert!(matches!(
            receipts::pdf(s, &who, attempt.id, BASE).await,
            Err(ServiceError::NotFound)
        ));
    }
}
on_both_engines!(
    a_paid_fee_gets_a_signed_receipt_on,
    a_paid_fee_gets_a_signed_receipt
);

/// 200 payments at once across four agencies: each agency's receipt numbers are
/// 1..n with no gap and no repeat.
async fn receipt_numbers_stay_contiguous_under_concurrency(env: TestEnv) {
    let s = &env.services;
    let owner =
        crate::common::register(&env, "0912345678", "001190123456", "Nguyễn Thị Ánh Tuyết").await;
    let me = Who::Citizen(owner);
    let template = dossiers::submit(
        s,
        owner,
        "2.000488",
        &lltp_form("Nguyễn Thị Ánh Tuyết", "001190123456", "0912345678"),
        Channel::Online,
    )
    .await
    .unwrap();
    let agencies = [
        "000.00.31.H53",
        "001.01.01.H53",
        "000.00.15.H53",
        "000.00.12.H53",
    ];
    let mut bodies = Vec::new();
    for i in 0..200_usize {
        let agency = agencies[i % agencies.len()];
        let code = format!("{agency}-261124-{:04}", 1000 + i);
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO dossiers (code, procedure_id, agency_id, citizen_id, status, channel, form_json, \
             created_at, submitted_at, updated_at) SELECT $1, procedure_id, \
             (SELECT id FROM agencies WHERE code = $2), citizen_id, 'submitted', channel, form_json, \
             created_at, submitted_at, updated_at FROM dossiers WHERE id = $3 RETURNING id",
        )
        .bind(&code)
        .bind(agency)
        .bind(template.id)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
        let mut conn = s.db.pool.acquire().await.unwrap();
        let (agency_id,): (i64,) = sqlx::query_as("SELECT agency_id FROM dossiers WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let lines = [domain::fees::FeeLine {
            name: "Lệ phí".into(),
            name_en: String::new(),
            amount_vnd: domain::Vnd::try_from(10_000 + i64::try_from(i).unwrap()).unwrap(),
            online_amount_vnd: None,
            unit: "hồ sơ".into(),
            legal_basis: "Thông tư thử nghiệm".into(),
            valid_from: domain::Date::from_ymd(2026, 1, 1).unwrap(),
            pricing: domain::fees::Pricing::default(),
        }];
        let fee = domain::fees::compute(
            &lines,
            &[],
            &domain::fees::FeeRequest {
                answers: &domain::form::FormValues::new(),
                category: None,
                online: true,
                day: domain::Date::from_ymd(2026, 11, 24).unwrap(),
            },
        )
        .unwrap();
        payments::create_notice(&mut conn, id, agency_id, &fee, env.clock.now(), None)
            .await
            .unwrap();
        drop(conn);
        let (attempt, _) = payments::start_attempt(s, &me, &code).await.unwrap();
        bodies.push(credit_to(
            &attempt.account_number,
            &format!("c{i}"),
            &attempt.reference,
            attempt.amount_vnd,
        ));
    }
    let mut tasks = Vec::new();
    for body in bodies {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            receive_bank(&s, &body).await.unwrap()
        }));
    }
    for t in tasks {
        assert!(matches!(t.await.unwrap(), Outcome::Paid { .. }));
    }
    for agency in agencies {
        let numbers: Vec<(i64,)> = sqlx::query_as(
            "SELECT r.number FROM receipts r JOIN agencies a ON a.id = r.agency_id \
             WHERE a.code = $1 ORDER BY r.number",
        )
        .bind(agency)
        .fetch_all(&s.db.pool)
        .await
        .unwrap();
        let numbers: Vec<i64> = numbers.into_iter().map(|r| r.0).collect();
        assert_eq!(numbers, (1..=50).collect::<Vec<i64>>(), "{agency}");
    }
}
on_both_engines!(
    receipt_numbers_stay_contiguous_under_concurrency_on,
    receipt_numbers_stay_contiguous_under_concurrency
);

/// Numbers restart at 1 on the first of January.
async fn numbering_restarts_each_year(env: TestEnv) {
    let s = &env.services;
    let owner =
        crate::common::register(&env, "0912345678", "001190123456", "Nguyễn Thị Ánh Tuyết").await;
    let me = Who::Citizen(owner);
    let mut seen = Vec::new();
    for (i, advance) in [0_i64, 60, 38 * 86_400].into_iter().enumerate() {
        env.clock.advance(advance);
        let d = dossiers::submit(
            s,
            owner,
            "2.000488",
            &lltp_form("Nguyễn Thị Ánh Tuyết", "001190123456", "0912345678"),
            Channel::Online,
        )
        .await
        .unwrap();
        let code = d.summary.code.unwrap();
        let (a, _) = payments::start_attempt(s, &me, &code).await.unwrap();
        receive_bank(s, &credit(&format!("y{i}"), &a.reference, a.amount_vnd))
            .await
            .unwrap();
        let r = receipts::for_attempt(s, &me, a.id).await.unwrap();
        seen.push((r.content.series_symbol, r.content.number));
    }
    assert_eq!(
        seen,
        [
            ("26TTP".to_owned(), 1),
            ("26TTP".to_owned(), 2),
            ("27TTP".to_owned(), 1)
        ]
    );
}
on_both_engines!(
    numbering_restarts_each_year_on,
    numbering_restarts_each_year
);

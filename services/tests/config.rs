//! Configuration screens' rules: who may change what, validation, and the history.

use crate::common::{TestEnv, staff_member};
use crate::on_both_engines;
use services::ServiceError;
use services::config::{self, AgencyInput, FeeLineInput};
use services::staff::Role;

fn account() -> AgencyInput {
    AgencyInput {
        bank_bin: "970415".into(),
        account_number: "1130 0000 0031".into(),
        account_name: "So Tu phap tinh".into(),
        receipt_template: "EBL01".into(),
        receipt_series: "tab".into(),
        online_target_pct: "50 %".into(),
    }
}

async fn agencies_and_procedures_are_configured_with_history(env: TestEnv) {
    let s = &env.services;
    let admin = staff_member(&env, "0901000001", "Cán bộ Cấu hình", Role::Admin, None).await;
    let manager = staff_member(
        &env,
        "0901000002",
        "Cán bộ Cấu hình",
        Role::Manager,
        Some("000.00.31.H53"),
    )
    .await;
    let officer = staff_member(
        &env,
        "0901000003",
        "Cán bộ Cấu hình",
        Role::Officer,
        Some("000.00.31.H53"),
    )
    .await;

    // Agencies: admins only, every field checked.
    assert!(matches!(
        config::update_agency(s, &manager, "000.00.31.H53", &account()).await,
        Err(ServiceError::Forbidden)
    ));
    for (bad, field) in [
        (
            AgencyInput {
                bank_bin: "999999".into(),
                ..account()
            },
            "bank_bin",
        ),
        (
            AgencyInput {
                account_number: "12a45".into(),
                ..account()
            },
            "account_number",
        ),
        (
            AgencyInput {
                account_name: " ".into(),
                ..account()
            },
            "account_name",
        ),
        (
            AgencyInput {
                receipt_series: "XAB".into(),
                ..account()
            },
            "receipt_series",
        ),
        (
            AgencyInput {
                online_target_pct: "120".into(),
                ..account()
            },
            "online_target_pct",
        ),
    ] {
        match config::update_agency(s, &admin, "000.00.31.H53", &bad).await {
            Err(ServiceError::Invalid { field: Some(f), .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let after = config::update_agency(s, &admin, "000.00.31.H53", &account())
        .await
        .unwrap();
    assert_eq!(after.account_number, "113000000031");
    assert_eq!(after.account_name, "SO TU PHAP TINH");
    assert_eq!(after.receipt_series, "TAB");
    assert_eq!(after.online_target_pct, 50);
    assert!(matches!(
        config::update_agency(s, &admin, "999.99.99.H53", &account()).await,
        Err(ServiceError::NotFound)
    ));
    // The manager sees their agency's settings only; the report uses the new target.
    let theirs = config::agencies(s, &manager).await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].bank_bin.as_deref(), Some("970415"));
    let report = services::reports::monthly(s, &manager, domain::report::Month::of(s.today()))
        .await
        .unwrap();
    assert_eq!(report.agencies[0].target_pct, 50);
    // New QRs go to the new account.
    assert!(
        config::banks(s)
            .await
            .unwrap()
            .iter()
            .any(|b| b.bin == "970415")
    );

    // Procedures: the agency's managers (and admins), not officers, not other agencies.
    assert!(matches!(
        config::procedures(s, &officer).await,
        Err(ServiceError::Forbidden)
    ));
    let mine = config::procedures(s, &manager).await.unwrap();
    assert!(mine.iter().all(|p| p.agency_code == "000.00.31.H53"));
    let all = config::procedures(s, &admin).await.unwrap();
    assert!(all.len() > mine.len());
    let elsewhere = all
        .iter()
        .find(|p| p.agency_code != "000.00.31.H53")
        .unwrap();
    assert!(matches!(
        config::set_online_payment(s, &manager, &elsewhere.code, true).await,
        Err(ServiceError::NotFound)
    ));
    config::set_online_payment(s, &manager, "2.000488", false)
        .await
        .unwrap();
    let lltp = config::procedures(s, &manager)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.code == "2.000488")
        .unwrap();
    assert!(!lltp.online_payment);
    config::set_online_payment(s, &manager, "2.000488", true)
        .await
        .unwrap();

    let line = FeeLineInput {
        name: "Lệ phí cấp phiếu lý lịch tư pháp".into(),
        amount_vnd: "200.000".into(),
        online_amount_vnd: "100.000".into(),
        unit: "lần".into(),
        legal_basis: "Thông tư 244/2016/TT-BTC".into(),
        valid_from: "2027-01-01".into(),
        ..FeeLineInput::default()
    };
    for (bad, field) in [
        (
            FeeLineInput {
                amount_vnd: "-5".into(),
                ..line.clone()
            },
            "amount_vnd",
        ),
        (
            FeeLineInput {
                online_amount_vnd: "300000".into(),
                ..line.clone()
            },
            "online_amount_vnd",
        ),
        (
            FeeLineInput {
                legal_basis: "".into(),
                ..line.clone()
            },
            "legal_basis",
        ),
        (
            FeeLineInput {
                valid_from: "2027-02-30".into(),
                ..line.clone()
            },
            "valid_from",
        ),
        (
            FeeLineInput {
                name: " ".into(),
                ..line.clone()
            },
            "name",
        ),
    ] {
        match config::add_fee_line(s, &manager, "2.000488", &bad).await {
            Err(ServiceError::InvalidForm(problems)) => {
                assert!(
                    problems.iter().any(|p| p.field == field),
                    "{field}: {problems:?}"
                );
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    let added = config::add_fee_line(s, &manager, "2.000488", &line)
        .await
        .unwrap();
    assert_eq!(
        (
            added.amount_vnd.get(),
            added.online_amount_vnd.map(domain::Vnd::get)
        ),
        (200_000, Some(100_000))
    );
    // Not in force before its date: today's fee is unchanged.
    let today = services::catalog::get(s, "2.000488").await.unwrap();
    assert!(
        today
            .fees
            .iter()
            .all(|f| f.valid_from.to_string() != "2027-01-01")
    );

    // Every change is in the history.
    let log = services::audit::search(s, &admin, "", None, 50)
        .await
        .unwrap();
    let agency = log.iter().find(|l| l.action == "agency.update").unwrap();
    assert!(
        agency.detail.contains("online_target_pct: 30 → 50"),
        "{}",
        agency.detail
    );
    assert!(
        agency.detail.contains("bank_bin: 970436 → 970415"),
        "{}",
        agency.detail
    );
    assert!(
        log.iter().any(|l| l.action == "procedure.online_payment"
            && l.detail == "online_payment: true → false")
    );
    assert!(
        log.iter()
            .any(|l| l.action == "procedure.fee_line_add" && l.subject == "procedure:2.000488")
    );
}
on_both_engines!(
    agencies_and_procedures_are_configured_with_history_on,
    agencies_and_procedures_are_configured_with_history
);

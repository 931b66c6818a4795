use crate::common::TestEnv;
use crate::on_both_engines;
use domain::catalog::Level;
use services::catalog::{self, SearchFilter};

async fn top_codes(env: &TestEnv, q: &str) -> Vec<String> {
    let filter = SearchFilter {
        q: q.to_owned(),
        ..SearchFilter::default()
    };
    catalog::search(&env.services, &filter)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.code)
        .collect()
}

async fn seeds_the_whole_catalog_once(env: TestEnv) {
    let s = &env.services;
    let all = catalog::search(s, &SearchFilter::default()).await.unwrap();
    assert_eq!(all.len(), 50);
    assert_eq!(catalog::banks(s).await.unwrap().len(), 45);
    let agencies = catalog::agencies(s).await.unwrap();
    assert!(agencies.len() >= 5);
    for a in &agencies {
        assert!(
            a.bank_name.is_some(),
            "{} has a bank from the BIN table",
            a.code
        );
        assert!(!a.account_number.is_empty() && !a.account_name.is_empty());
    }
    let again = services::seed::seed_demo(s).await.unwrap();
    assert_eq!((again.banks, again.agencies, again.procedures), (0, 0, 0));
}
on_both_engines!(
    seeds_the_whole_catalog_once_on,
    seeds_the_whole_catalog_once
);

async fn search_finds_the_right_procedures_first(env: TestEnv) {
    assert_eq!(top_codes(&env, "ly lich tu phap").await[0], "2.000488");
    assert_eq!(top_codes(&env, "khai sinh").await[0], "1.001193");
    assert_eq!(top_codes(&env, "dang ky tam tru").await[0], "1.004194");
    let chung_thuc = catalog::search(
        &env.services,
        &SearchFilter {
            q: "chung thuc".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(chung_thuc.len() >= 6);
    assert!(
        chung_thuc[..6].iter().all(|p| p.field.name == "Chứng thực"),
        "chứng thực procedures first"
    );
    assert_eq!(
        top_codes(&env, "Đăng ký tạm trú").await,
        top_codes(&env, "dang ky tam tru").await
    );
    assert!(top_codes(&env, "zzzz qqqq").await.is_empty());
}
on_both_engines!(
    search_finds_the_right_procedures_first_on,
    search_finds_the_right_procedures_first
);

async fn filters_by_agency_field_and_level(env: TestEnv) {
    let s = &env.services;
    let tinh = catalog::search(
        s,
        &SearchFilter {
            level: Some(Level::Tinh),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(tinh.len(), 10);
    assert!(tinh.iter().all(|p| p.level == Level::Tinh));
    let ho_tich = catalog::search(
        s,
        &SearchFilter {
            field: Some("ho-tich".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(ho_tich.len() >= 10 && ho_tich.iter().all(|p| p.field.slug == "ho-tich"));
    let tu_phap = catalog::search(
        s,
        &SearchFilter {
            agency: Some("000.00.31.H53".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        tu_phap.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(),
        vec!["2.000488"]
    );
    let none = catalog::search(
        s,
        &SearchFilter {
            q: "khai sinh".into(),
            level: Some(Level::Tinh),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(none.is_empty());
}
on_both_engines!(
    filters_by_agency_field_and_level_on,
    filters_by_agency_field_and_level
);

async fn procedure_detail_has_fees_documents_and_form(env: TestEnv) {
    let s = &env.services;
    let p = catalog::get(s, "2.000488").await.unwrap();
    assert_eq!(p.fees[0].amount_vnd, 200_000);
    assert!(p.fees[0].legal_basis.contains("244/2016"));
    assert!(p.online_payment);
    assert!(!p.documents.is_empty());
    assert!(p.processing_days > 0);
    assert!(p.form.fields.iter().any(|f| f.name == "so_cccd"));
    // The 50 % reduction of TT 64/2025 is in force on the test date.
    let cccd = catalog::get(s, "1.116410").await.unwrap();
    assert_eq!(cccd.fees.len(), 1);
    assert_eq!(cccd.fees[0].amount_vnd, 25_000);
    // Online rate of residence registration.
    let tam_tru = catalog::get(s, "1.004194").await.unwrap();
    assert_eq!(
        tam_tru.fees[0].online_amount_vnd.map(domain::Vnd::get),
        Some(7_000)
    );
    let free = catalog::get(s, "1.001193").await.unwrap();
    assert!(free.fees.is_empty() && !free.online_payment);
    assert_eq!(free.fee_summary, "Miễn lệ phí");
    assert!(matches!(
        catalog::get(s, "9.999999").await,
        Err(services::ServiceError::NotFound)
    ));
}
on_both_engines!(
    procedure_detail_has_fees_documents_and_form_on,
    procedure_detail_has_fees_documents_and_form
);

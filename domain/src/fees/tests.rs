//! Known answers from the fee law each schedule comes from.

use super::*;
use crate::catalog::{FieldType, FormSchema, field};
use crate::form::FormValues;

fn v(amount: i64) -> Vnd {
    Vnd::try_new(amount).unwrap()
}

fn day(y: i32, m: u8, d: u8) -> Date {
    Date::from_ymd(y, m, d).unwrap()
}

fn line(name: &str, amount: i64, unit: &str, basis: &str) -> FeeLine {
    FeeLine {
        name: name.to_owned(),
        name_en: String::new(),
        amount_vnd: v(amount),
        online_amount_vnd: None,
        unit: unit.to_owned(),
        legal_basis: basis.to_owned(),
        valid_from: day(2017, 1, 1),
        pricing: Pricing::default(),
    }
}

fn answers(pairs: &[(&str, &str)]) -> FormValues {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn total(
    lines: &[FeeLine],
    cats: &[PayerCategory],
    pairs: &[(&str, &str)],
    cat: Option<&str>,
    online: bool,
) -> i64 {
    let a = answers(pairs);
    compute(
        lines,
        cats,
        &FeeRequest {
            answers: &a,
            category: cat,
            online,
            day: day(2026, 11, 24),
        },
    )
    .unwrap()
    .total_vnd
    .get()
}

const TT244: &str = "TT 244/2016/TT-BTC Điều 4";
const TT226: &str = "TT 226/2016/TT-BTC Điều 4";

/// TT 244/2016/TT-BTC Điều 4: 200.000 đ per request; 100.000 đ for students, people with
/// meritorious services and martyrs' relatives; from the 3rd record in one request,
/// 5.000 đ more per record.
fn criminal_record() -> (Vec<FeeLine>, Vec<PayerCategory>) {
    let cats = ["sinh_vien", "nguoi_co_cong", "than_nhan_liet_si"]
        .iter()
        .map(|code| PayerCategory {
            code: (*code).to_owned(),
            name: (*code).to_owned(),
            name_en: String::new(),
            proof: "Giấy tờ chứng minh".to_owned(),
            proof_en: String::new(),
            legal_basis: TT244.to_owned(),
        })
        .collect::<Vec<_>>();
    let mut request = line("Phí cấp Phiếu lý lịch tư pháp", 200_000, "lần/người", TT244);
    request.pricing.reductions = cats
        .iter()
        .map(|c| Reduction {
            category: c.code.clone(),
            pays: Pays::AmountVnd(v(100_000)),
        })
        .collect();
    let mut extra = line("Phí cấp thêm Phiếu (từ Phiếu thứ 3)", 0, "phiếu", TT244);
    extra.pricing.count_field = Some("so_phieu".to_owned());
    extra.pricing.tiers = vec![Tier {
        from: 3,
        amount_vnd: v(5_000),
    }];
    (vec![request, extra], cats)
}

/// TT 226/2016/TT-BTC Điều 4 mục 1: 2.000 đ per page for the first two pages, 1.000 đ per
/// page from the third, at most 200.000 đ per copy.
fn certified_copy() -> FeeLine {
    let mut l = line("Phí chứng thực bản sao từ bản chính", 2_000, "trang", TT226);
    l.pricing = Pricing {
        count_field: Some("so_trang".to_owned()),
        tiers: vec![Tier {
            from: 3,
            amount_vnd: v(1_000),
        }],
        cap_vnd: Some(v(200_000)),
        per_field: Some("so_ban".to_owned()),
        per_unit: "bản".to_owned(),
        ..Pricing::default()
    };
    l
}

#[test]
fn a_criminal_record_costs_200_000_for_one_or_two_copies_and_5_000_more_from_the_third() {
    let (lines, cats) = criminal_record();
    for (copies, expected) in [
        ("1", 200_000),
        ("2", 200_000),
        ("3", 205_000),
        ("5", 215_000),
    ] {
        assert_eq!(
            total(&lines, &cats, &[("so_phieu", copies)], None, false),
            expected,
            "{copies} copies (TT 244/2016 Điều 4)"
        );
    }
    // The reduced rate replaces the request fee only; the extra records are still charged.
    assert_eq!(
        total(
            &lines,
            &cats,
            &[("so_phieu", "1")],
            Some("sinh_vien"),
            false
        ),
        100_000
    );
    assert_eq!(
        total(
            &lines,
            &cats,
            &[("so_phieu", "5")],
            Some("than_nhan_liet_si"),
            false
        ),
        115_000
    );
}

#[test]
fn the_lines_say_quantity_unit_price_and_amount() {
    let (lines, cats) = criminal_record();
    let a = answers(&[("so_phieu", "5")]);
    let b = compute(
        &lines,
        &cats,
        &FeeRequest {
            answers: &a,
            category: None,
            online: false,
            day: day(2026, 11, 24),
        },
    )
    .unwrap();
    let got: Vec<(i64, &str, i64, i64)> = b
        .lines
        .iter()
        .map(|c| {
            (
                c.quantity,
                c.unit.as_str(),
                c.unit_price_vnd.get(),
                c.amount_vnd.get(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (1, "lần/người", 200_000, 200_000),
            (3, "phiếu", 5_000, 15_000)
        ]
    );
    assert!(
        b.lines
            .iter()
            .all(|c| c.quantity * c.unit_price_vnd.get() == c.amount_vnd.get())
    );
    assert!(b.lines.iter().all(|c| c.legal_basis == TT244));
    assert!(!b.reduced);

    let a = answers(&[("so_phieu", "1")]);
    let b = compute(
        &lines,
        &cats,
        &FeeRequest {
            answers: &a,
            category: Some("nguoi_co_cong"),
            online: false,
            day: day(2026, 11, 24),
        },
    )
    .unwrap();
    assert!(b.reduced);
    assert_eq!(b.category.unwrap().code, "nguoi_co_cong");
    assert_eq!(b.lines.len(), 1, "no extra record below the third");
    assert!(b.lines[0].note.as_ref().unwrap().vi.contains("Mức giảm"));
}

#[test]
fn certified_copies_are_priced_per_page_with_a_cap_per_copy() {
    let l = vec![certified_copy()];
    let cases = [
        // pages, copies, TT 226/2016 Điều 4 mục 1
        ("1", "1", 2_000),
        ("2", "1", 4_000),
        ("3", "1", 5_000),
        ("7", "1", 9_000),
        ("7", "2", 18_000),
        ("198", "1", 200_000),
        ("199", "1", 200_000),
        ("500", "3", 600_000),
    ];
    for (pages, copies, expected) in cases {
        assert_eq!(
            total(
                &l,
                &[],
                &[("so_trang", pages), ("so_ban", copies)],
                None,
                false
            ),
            expected,
            "{pages} pages × {copies} copies"
        );
    }
    let a = answers(&[("so_trang", "7"), ("so_ban", "2")]);
    let req = FeeRequest {
        answers: &a,
        category: None,
        online: false,
        day: day(2026, 11, 24),
    };
    let b = compute(&l, &[], &req).unwrap();
    let got: Vec<(&str, i64, i64, i64)> = b
        .lines
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.quantity,
                c.unit_price_vnd.get(),
                c.amount_vnd.get(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "Phí chứng thực bản sao từ bản chính (trang 1–2)",
                4,
                2_000,
                8_000
            ),
            (
                "Phí chứng thực bản sao từ bản chính (từ trang thứ 3)",
                10,
                1_000,
                10_000
            ),
        ]
    );
    let a = answers(&[("so_trang", "300"), ("so_ban", "2")]);
    let capped = compute(&l, &[], &FeeRequest { answers: &a, ..req }).unwrap();
    assert_eq!(capped.lines.len(), 1);
    assert_eq!(
        (
            capped.lines[0].quantity,
            capped.lines[0].unit.as_str(),
            capped.lines[0].unit_price_vnd.get()
        ),
        (2, "bản", 200_000)
    );
    assert!(capped.lines[0].note.as_ref().unwrap().vi.contains("tối đa"));
}

#[test]
fn the_online_rate_applies_only_online() {
    // TT 75/2022/TT-BTC: permanent residence 20.000 đ at the desk, 10.000 đ online.
    let mut l = line(
        "Lệ phí đăng ký thường trú",
        20_000,
        "lần",
        "TT 75/2022/TT-BTC",
    );
    l.online_amount_vnd = Some(v(10_000));
    assert_eq!(
        total(std::slice::from_ref(&l), &[], &[], None, false),
        20_000
    );
    assert_eq!(total(&[l], &[], &[], None, true), 10_000);
    // TT 25/2021/TT-BTC Điều 4.3 (amended by TT 63/2023): online filings pay 90 %.
    let mut p = line("Lệ phí cấp mới", 200_000, "lần", "TT 25/2021/TT-BTC");
    p.pricing.online_percent = Some(90);
    assert_eq!(
        total(std::slice::from_ref(&p), &[], &[], None, true),
        180_000
    );
    assert_eq!(total(&[p], &[], &[], None, false), 200_000);
}

#[test]
fn lines_follow_the_date() {
    // TT 73/2024/TT-BTC: 50.000 đ; TT 64/2025/TT-BTC: 50 % off from 1 July 2025.
    let mut after = line(
        "Lệ phí cấp đổi thẻ căn cước",
        25_000,
        "thẻ",
        "TT 64/2025/TT-BTC",
    );
    after.valid_from = day(2025, 7, 1);
    let mut before = line(
        "Lệ phí cấp đổi thẻ căn cước",
        50_000,
        "thẻ",
        "TT 73/2024/TT-BTC",
    );
    before.valid_from = day(2024, 12, 1);
    let lines = vec![before, after];
    let on = |d: Date| {
        compute(
            &lines,
            &[],
            &FeeRequest {
                answers: &FormValues::new(),
                category: None,
                online: false,
                day: d,
            },
        )
        .unwrap()
        .total_vnd
    };
    assert_eq!(on(day(2025, 6, 30)), 50_000);
    assert_eq!(on(day(2025, 7, 1)), 25_000);
    assert_eq!(on(day(2024, 11, 30)), 0, "nothing in force yet");
}

#[test]
fn free_procedures_and_exemptions_cost_nothing() {
    // Luật Hộ tịch Điều 11.1: birth registration on time has no fee line at all.
    let b = compute(
        &[],
        &[],
        &FeeRequest {
            answers: &FormValues::new(),
            category: None,
            online: true,
            day: day(2026, 11, 24),
        },
    )
    .unwrap();
    assert_eq!((b.lines.len(), b.total_vnd.get()), (0, 0));
    let cat = PayerCategory {
        code: "ho_ngheo".to_owned(),
        name: "Hộ nghèo".to_owned(),
        name_en: "Poor household".to_owned(),
        proof: "Giấy chứng nhận hộ nghèo".to_owned(),
        proof_en: String::new(),
        legal_basis: "TT 75/2022/TT-BTC Điều 4".to_owned(),
    };
    let mut l = line(
        "Lệ phí đăng ký thường trú",
        20_000,
        "lần",
        "TT 75/2022/TT-BTC",
    );
    l.pricing.reductions = vec![Reduction {
        category: "ho_ngheo".to_owned(),
        pays: Pays::Percent(0),
    }];
    let a = FormValues::new();
    let b = compute(
        &[l],
        std::slice::from_ref(&cat),
        &FeeRequest {
            answers: &a,
            category: Some("ho_ngheo"),
            online: false,
            day: day(2026, 11, 24),
        },
    )
    .unwrap();
    assert_eq!(b.total_vnd, 0);
    assert!(b.reduced);
    assert!(b.lines[0].note.as_ref().unwrap().vi.starts_with("Miễn"));
}

#[test]
fn a_missing_count_or_an_unknown_category_is_not_priced() {
    let (lines, cats) = criminal_record();
    let req = |pairs: &[(&str, &str)], cat: Option<&str>| {
        let a = answers(pairs);
        compute(
            &lines,
            &cats,
            &FeeRequest {
                answers: &a,
                category: cat,
                online: false,
                day: day(2026, 11, 24),
            },
        )
    };
    let missing = FeeError::Count {
        field: "so_phieu".to_owned(),
    };
    assert_eq!(req(&[], None), Err(missing.clone()));
    assert_eq!(req(&[("so_phieu", "0")], None), Err(missing.clone()));
    assert_eq!(req(&[("so_phieu", "hai")], None), Err(missing));
    assert_eq!(
        req(&[("so_phieu", "1")], Some("vip")),
        Err(FeeError::UnknownCategory)
    );
    assert_eq!(
        req(&[("so_phieu", "1.000")], None).unwrap().total_vnd,
        200_000 + 998 * 5_000
    );
}

fn form() -> FormSchema {
    FormSchema {
        fields: vec![
            field("ho_ten", "Họ và tên", FieldType::Text, true),
            field("so_trang", "Số trang", FieldType::Number, true),
            field("so_ban", "Số bản", FieldType::Number, true),
        ],
    }
}

#[test]
fn the_configuration_refuses_rules_that_cannot_price() {
    let ok = certified_copy();
    assert_eq!(check_line(&ok, &form(), &[]), Ok(()));
    let fields = |l: &FeeLine| -> Vec<&'static str> {
        check_line(l, &form(), &[])
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect()
    };
    let mut l = ok.clone();
    l.pricing.count_field = Some("ho_ten".to_owned());
    assert_eq!(fields(&l), vec!["count_field"], "a text field cannot count");
    let mut l = ok.clone();
    l.pricing.count_field = None;
    assert!(fields(&l).contains(&"tiers"));
    assert!(fields(&l).contains(&"cap_vnd"));
    let mut l = ok.clone();
    l.pricing.tiers = vec![Tier {
        from: 1,
        amount_vnd: v(5),
    }];
    assert_eq!(fields(&l), vec!["tiers"]);
    let mut l = ok.clone();
    l.pricing.per_field = Some("so_trang".to_owned());
    assert_eq!(fields(&l), vec!["per_field"]);
    let mut l = ok;
    l.pricing.reductions = vec![Reduction {
        category: "sinh_vien".to_owned(),
        pays: Pays::Percent(50),
    }];
    assert_eq!(
        fields(&l),
        vec!["reductions"],
        "the category must be declared"
    );
    let mut l = line("Lệ phí", 10_000, "lần", "TT");
    l.online_amount_vnd = Some(v(20_000));
    assert_eq!(
        check_line(&l, &form(), &[]).unwrap_err()[0].field,
        "online_amount_vnd"
    );
    let bad = PayerCategory {
        code: "Sinh Viên".to_owned(),
        name: String::new(),
        name_en: String::new(),
        proof: String::new(),
        proof_en: String::new(),
        legal_basis: String::new(),
    };
    assert_eq!(check_categories(&[bad]).unwrap_err().len(), 2);
}

#[test]
fn the_worked_example_is_priced_by_the_same_function() {
    let ex = examples(&certified_copy(), &[]);
    let got: Vec<(&str, i64)> = ex
        .iter()
        .map(|e| (e.case.vi.as_str(), e.amount_vnd.get()))
        .collect();
    // TT 226/2016 Điều 4 mục 1: 2.000, 4.000, 5.000 and 7.000 đ; 198 pages reach the 200.000 đ cap.
    assert_eq!(
        got,
        vec![
            ("1 bản × 1 trang", 2_000),
            ("1 bản × 2 trang", 4_000),
            ("1 bản × 3 trang", 5_000),
            ("1 bản × 5 trang", 7_000),
            ("1 bản × 198 trang", 200_000),
            ("2 bản × 198 trang", 400_000),
        ]
    );
    let (lines, cats) = criminal_record();
    let text = example_text(&examples(&lines[1], &cats), false);
    assert_eq!(
        text,
        "1 phiếu: 0 đ; 2 phiếu: 0 đ; 3 phiếu: 5.000 đ; 5 phiếu: 15.000 đ"
    );
    let text = example_text(&examples(&lines[0], &cats), false);
    assert!(
        text.starts_with("1 lần/người: 200.000 đ; sinh_vien, 1 lần/người: 100.000 đ"),
        "{text}"
    );
}

#[test]
fn count_fields_are_listed_once_in_order() {
    let (lines, _) = criminal_record();
    assert_eq!(count_fields(&lines), vec!["so_phieu"]);
    assert_eq!(
        count_fields(&[certified_copy()]),
        vec!["so_trang", "so_ban"]
    );
}

#[test]
fn old_fee_lines_read_as_a_fixed_amount() {
    // Lines stored before pricing rules existed carry no `pricing`.
    let json = r#"{"name":"Lệ phí","amount_vnd":20000,"unit":"lần","legal_basis":"TT","valid_from":{"year":2023,"month":2,"day":6}}"#;
    let l: FeeLine = serde_json::from_str(json).unwrap();
    assert!(l.pricing.is_fixed());
    assert!(!serde_json::to_string(&l).unwrap().contains("pricing"));
}

#[test]
fn a_line_free_for_its_first_units_headlines_its_first_price() {
    let (lines, cats) = criminal_record();
    assert_eq!(lines[1].headline(), (v(5_000), 3));
    assert_eq!(lines[0].headline(), (v(200_000), 1));
    let words: Vec<String> = describe(&lines[1], &cats)
        .into_iter()
        .map(|t| t.vi)
        .collect();
    assert_eq!(
        words,
        vec![
            "Không thu cho phiếu thứ 1 đến 2",
            "Từ phiếu thứ 3: 5.000 đ mỗi phiếu"
        ]
    );
}

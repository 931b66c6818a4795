//! A fixture month with known answers for every figure of the monthly report.

use crate::common::{T0, TestEnv, bank_credit, desk_dossier, staff_member};
use crate::on_both_engines;
use domain::report::Month;
use services::dossiers::Who;
use services::payments;
use services::reports;
use services::staff::{Role, Staff};

async fn pay_by_qr(env: &TestEnv, officer: &Staff, code: &str, n: u32) -> i64 {
    let s = &env.services;
    let (attempt, _) = payments::start_attempt(s, &Who::Staff(officer.clone()), code)
        .await
        .unwrap();
    let body = bank_credit(
        &format!("report-{n}"),
        &attempt.reference,
        attempt.amount_vnd,
    );
    crate::common::receive_bank(s, &body).await.unwrap();
    attempt.amount_vnd.get()
}

async fn the_fixture_month_gives_known_answers(env: TestEnv) {
    let s = &env.services;
    let officer = staff_member(
        &env,
        "0901000001",
        "Cán bộ Báo cáo",
        Role::Officer,
        Some("000.00.31.H53"),
    )
    .await;
    let manager = staff_member(
        &env,
        "0901000002",
        "Cán bộ Báo cáo",
        Role::Manager,
        Some("000.00.15.H53"),
    )
    .await;
    let admin = staff_member(&env, "0901000003", "Cán bộ Báo cáo", Role::Admin, None).await;
    let november = Month::parse("2026-11").unwrap();
    let october = november.previous();

    // 31 October, 23:30 in Hà Nội: one dossier, paid only in November.
    env.clock.set(november.bounds_unix().0 - 30 * 60);
    let (late_code, late_fee) = desk_dossier(&env, &officer, 1).await;
    env.clock.set(T0);
    // November: three fee-bearing dossiers, one paid by QR.
    let (paid_code, fee) = desk_dossier(&env, &officer, 2).await;
    desk_dossier(&env, &officer, 3).await;
    desk_dossier(&env, &officer, 4).await;
    let paid = pay_by_qr(&env, &officer, &paid_code, 2).await;
    let paid_late = pay_by_qr(&env, &officer, &late_code, 1).await;
    assert_eq!((paid, paid_late), (fee, late_fee));

    let report = reports::monthly(s, &officer, november).await.unwrap();
    assert_eq!(
        report.agencies.len(),
        1,
        "an officer sees their agency only"
    );
    let justice = &report.agencies[0];
    assert_eq!(justice.code, "000.00.31.H53");
    assert_eq!(justice.target_pct, 30);
    let f = &justice.figures;
    assert_eq!(f.fee_bearing_dossiers, 3);
    assert_eq!(f.paid_online_qr, 1);
    assert_eq!(f.paid_online().display(false), "33,3 %");
    assert_eq!(justice.target_met, Some(true), "33.3 % meets 30 %");
    assert_eq!(
        f.collected_vnd,
        fee + late_fee,
        "money is counted when it arrives"
    );
    assert_eq!(f.collected_qr_vnd, fee + late_fee);
    let (procedures, online): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(p.online_payment), 0) AS BIGINT) FROM procedures p JOIN agencies a ON a.id = p.agency_id \
         WHERE a.code = '000.00.31.H53' AND EXISTS (SELECT 1 FROM fee_lines f WHERE f.procedure_id = p.id AND f.amount_vnd > 0)",
    )
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert!(procedures > 0);
    assert_eq!(f.fee_bearing_procedures, procedures);
    assert_eq!(f.procedures_online, online);
    let lltp = justice
        .procedures
        .iter()
        .find(|p| p.code == "2.000488")
        .expect("the LLTP line");
    assert_eq!(lltp.figures.fee_bearing_dossiers, 3);
    assert_eq!(lltp.figures.paid_online_qr, 1);

    // October: its one dossier, paid by QR (in November): 100 %, nothing collected.
    let oct = reports::monthly(s, &officer, october).await.unwrap();
    let f = &oct.agencies[0].figures;
    assert_eq!((f.fee_bearing_dossiers, f.paid_online_qr), (1, 1));
    assert_eq!(f.collected_vnd, 0);

    // A target of 50 % is not met by 33.3 %.
    sqlx::query("UPDATE agencies SET online_target_pct = 50 WHERE code = '000.00.31.H53'")
        .execute(&s.db.pool)
        .await
        .unwrap();
    let report = reports::monthly(s, &admin, november).await.unwrap();
    assert_eq!(report.agencies.len(), 9, "an admin sees every agency");
    let justice = report
        .agencies
        .iter()
        .find(|a| a.code == "000.00.31.H53")
        .unwrap();
    assert_eq!(justice.target_met, Some(false));
    let police = report
        .agencies
        .iter()
        .find(|a| a.code == "000.00.15.H53")
        .unwrap();
    assert_eq!(
        police.target_met, None,
        "no fee-bearing dossier: nothing to measure"
    );
    assert_eq!(report.total.fee_bearing_dossiers, 3);
    assert_eq!(report.total.collected_vnd, fee + late_fee);

    // A manager sees their own agency only.
    let theirs = reports::monthly(s, &manager, november).await.unwrap();
    assert_eq!(theirs.agencies.len(), 1);
    assert_eq!(theirs.agencies[0].code, "000.00.15.H53");

    // The CSV: a header, one line per agency and procedure, and the total.
    let csv = reports::csv(&report);
    assert!(csv.starts_with("\u{feff}thang,cap,ma,ten,"));
    assert!(
        csv.contains("2026-11,co_quan,000.00.31.H53,Sở Tư pháp,3,1,33.3,50,khong,"),
        "{csv}"
    );
    assert!(
        csv.trim_end()
            .ends_with(&format!("{},{}", fee + late_fee, fee + late_fee))
    );

    // The XLSX opens as a spreadsheet (read back with Python's zipfile and XML parser).
    let path = std::env::temp_dir().join(format!("motcua-report-{}.xlsx", uuid::Uuid::new_v4()));
    std::fs::write(&path, services::reports::xlsx(&report)).unwrap();
    let script = r#"
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
ET.fromstring(z.read("xl/workbook.xml"))
sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
for row in sheet.findall("m:sheetData/m:row", ns):
    cells = [c.findtext("m:is/m:t", namespaces=ns) or c.findtext("m:v", namespaces=ns) or "" for c in row]
    print("|".join(cells))
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 reads the workbook");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Tháng|Cấp|Mã|Tên|"), "{text}");
    assert!(
        text.contains("2026-11|Cơ quan|000.00.31.H53|Sở Tư pháp|3|1|0.333|50|Chưa đạt|"),
        "{text}"
    );
    std::fs::remove_file(path).ok();
}
on_both_engines!(
    the_fixture_month_gives_known_answers_on,
    the_fixture_month_gives_known_answers
);

/// The plan the engine picks for `sql` (SQLite's `EXPLAIN QUERY PLAN`; PostgreSQL's
/// `EXPLAIN` with sequential scans priced out, since a test's tables are tiny).
async fn plan(env: &TestEnv, sql: &str) -> String {
    let mut conn = env.services.db.pool.acquire().await.unwrap();
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SET enable_seqscan = off")
            .execute(&mut *conn)
            .await
            .unwrap();
        let rows: Vec<(String,)> = sqlx::query_as(&format!("EXPLAIN {sql}"))
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        sqlx::query("RESET enable_seqscan")
            .execute(&mut *conn)
            .await
            .unwrap();
        rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("\n")
    } else {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("\n")
    }
}

/// Issue 18, item 3: the report's month is read through an index on each date it
/// selects by (dossiers by submission, payments by when they were paid, refunds by
/// when they were paid out), not by reading the tables whole.
async fn the_report_reads_a_month_through_indexes(env: TestEnv) {
    for (sql, index) in [
        (
            "SELECT d.procedure_id FROM dossiers d WHERE d.submitted_at >= 1 AND d.submitted_at < 2",
            "dossiers_submitted_at",
        ),
        (
            "SELECT pa.id FROM payment_attempts pa WHERE pa.status = 'paid' AND pa.paid_at >= 1 AND pa.paid_at < 2",
            "payment_attempts_paid_at",
        ),
        (
            "SELECT r.id FROM refunds r WHERE r.status = 'paid_out' AND r.paid_out_at >= 1 AND r.paid_out_at < 2",
            "refunds_paid_out_at",
        ),
    ] {
        let plan = plan(&env, sql).await;
        assert!(plan.contains(index), "{sql}\nuses {index}, not:\n{plan}");
    }
}
on_both_engines!(
    the_report_reads_a_month_through_indexes_on,
    the_report_reads_a_month_through_indexes
);

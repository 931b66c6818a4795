//! The monthly online-payment report per agency and per procedure (formulas in
//! `domain::report`). Officers and managers see their agency; admins see every agency.

use crate::Services;
use crate::error::ServiceResult;
use crate::staff::Staff;
use domain::Vnd;
use domain::report::Month;
pub use domain::report::{AgencyReport, Figures, MonthlyReport, ProcedureReport};
use std::collections::BTreeMap;

#[derive(sqlx::FromRow)]
struct ProcedureRow {
    id: i64,
    agency_id: i64,
    code: String,
    name: String,
    online_payment: i64,
    fee_bearing: i64,
}

/// The report of `month` for what `me` may see.
///
/// # Errors
/// `Forbidden` for officers and managers without an agency.
pub async fn monthly(s: &Services, me: &Staff, month: Month) -> ServiceResult<MonthlyReport> {
    let scope = me.agency_scope()?;
    let (start, end) = month.bounds_unix();
    let agencies: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, code, name, online_target_pct FROM agencies WHERE ($1 = '' OR code = $1) ORDER BY code",
    )
    .bind(&scope)
    .fetch_all(&s.db.pool)
    .await?;
    let procedures: Vec<ProcedureRow> = sqlx::query_as(
        "SELECT p.id, p.agency_id, p.code, p.name, p.online_payment, \
         CASE WHEN EXISTS (SELECT 1 FROM fee_lines f WHERE f.procedure_id = p.id \
         AND (f.amount_vnd > 0 OR f.pricing LIKE '%\"tiers\"%')) \
         THEN 1 ELSE 0 END AS fee_bearing FROM procedures p ORDER BY p.code",
    )
    .fetch_all(&s.db.pool)
    .await?;
    // Per procedure: fee-bearing dossiers submitted in the month, and those paid by QR.
    let dossiers: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT d.procedure_id, COUNT(*), \
         CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM fee_notices n JOIN payment_attempts pa ON pa.id = n.paid_attempt_id \
         WHERE n.dossier_id = d.id AND n.status = 'paid' AND pa.provider = 'vietqr') THEN 1 ELSE 0 END) AS BIGINT) \
         FROM dossiers d WHERE d.submitted_at >= $1 AND d.submitted_at < $2 AND d.fee_due_vnd > 0 \
         GROUP BY d.procedure_id",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&s.db.pool)
    .await?;
    // Per procedure: money received in the month.
    let collected: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT d.procedure_id, CAST(SUM(pa.amount_vnd) AS BIGINT), \
         CAST(SUM(CASE WHEN pa.provider = 'vietqr' THEN pa.amount_vnd ELSE 0 END) AS BIGINT) \
         FROM payment_attempts pa JOIN fee_notices n ON n.id = pa.notice_id \
         JOIN dossiers d ON d.id = n.dossier_id \
         WHERE pa.status = 'paid' AND pa.paid_at >= $1 AND pa.paid_at < $2 GROUP BY d.procedure_id",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&s.db.pool)
    .await?;
    // Per agency and procedure (none for a credit that named no dossier): money given
    // back in the month.
    let refunded: Vec<(i64, Option<i64>, i64)> = sqlx::query_as(
        "SELECT r.agency_id, COALESCE(dn.procedure_id, de.procedure_id) AS procedure_id, \
         CAST(SUM(r.amount_vnd) AS BIGINT) FROM refunds r \
         LEFT JOIN fee_notices n ON n.id = r.notice_id LEFT JOIN dossiers dn ON dn.id = n.dossier_id \
         LEFT JOIN payment_exceptions e ON e.id = r.exception_id \
         LEFT JOIN payment_attempts ea ON ea.id = e.attempt_id \
         LEFT JOIN fee_notices en ON en.id = ea.notice_id LEFT JOIN dossiers de ON de.id = en.dossier_id \
         WHERE r.status = 'paid_out' AND r.paid_out_at >= $1 AND r.paid_out_at < $2 \
         GROUP BY r.agency_id, COALESCE(dn.procedure_id, de.procedure_id)",
    )
    .bind(start)
    .bind(end)
    .fetch_all(&s.db.pool)
    .await?;
    let dossiers: BTreeMap<i64, (i64, i64)> =
        dossiers.into_iter().map(|(p, n, q)| (p, (n, q))).collect();
    let collected: BTreeMap<i64, (i64, i64)> = collected
        .into_iter()
        .map(|(p, all, qr)| (p, (all, qr)))
        .collect();

    let mut total = Figures::default();
    let mut out = Vec::new();
    for (agency_id, code, name, target_pct) in agencies {
        let mut figures = Figures::default();
        let mut lines = Vec::new();
        for p in procedures.iter().filter(|p| p.agency_id == agency_id) {
            let (n, q) = dossiers.get(&p.id).copied().unwrap_or_default();
            let (all, qr) = collected.get(&p.id).copied().unwrap_or_default();
            let f = Figures {
                fee_bearing_dossiers: n,
                paid_online_qr: q,
                fee_bearing_procedures: p.fee_bearing,
                procedures_online: p.fee_bearing * p.online_payment.min(1),
                collected_vnd: Vnd::stored(all),
                collected_qr_vnd: Vnd::stored(qr),
                refunded_vnd: refunded
                    .iter()
                    .filter(|(a, p2, _)| *a == agency_id && *p2 == Some(p.id))
                    .map(|r| Vnd::stored(r.2))
                    .sum(),
            };
            add(&mut figures, &f);
            if p.fee_bearing > 0 || n > 0 || all > 0 || f.refunded_vnd > Vnd::ZERO {
                lines.push(ProcedureReport {
                    code: p.code.clone(),
                    name: p.name.clone(),
                    online_payment: p.online_payment != 0,
                    figures: f,
                });
            }
        }
        // Everything the agency gave back, including credits that named no dossier of
        // its own (those count for the agency only).
        figures.refunded_vnd = refunded
            .iter()
            .filter(|(a, _, _)| *a == agency_id)
            .map(|r| Vnd::stored(r.2))
            .sum();
        add(&mut total, &figures);
        out.push(AgencyReport {
            target_met: figures.paid_online().meets(target_pct),
            code,
            name,
            target_pct,
            figures,
            procedures: lines,
        });
    }
    Ok(MonthlyReport {
        month,
        agencies: out,
        total,
    })
}

fn add(sum: &mut Figures, f: &Figures) {
    sum.fee_bearing_dossiers += f.fee_bearing_dossiers;
    sum.paid_online_qr += f.paid_online_qr;
    sum.fee_bearing_procedures += f.fee_bearing_procedures;
    sum.procedures_online += f.procedures_online;
    sum.collected_vnd += f.collected_vnd;
    sum.collected_qr_vnd += f.collected_qr_vnd;
    sum.refunded_vnd += f.refunded_vnd;
}

/// The report as CSV (UTF-8 with a byte-order mark so spreadsheet programs read the
/// Vietnamese letters): one line per agency and per procedure.
#[must_use]
pub fn csv(report: &MonthlyReport) -> String {
    let mut out = String::from(
        "\u{feff}thang,cap,ma,ten,ho_so_co_phi,ho_so_thanh_toan_qr,ty_le_thanh_toan_truc_tuyen,chi_tieu,dat_chi_tieu,\
         tthc_co_phi,tthc_thanh_toan_truc_tuyen,ty_le_tthc,so_tien_thu,so_tien_thu_qr\r\n",
    );
    let line = |out: &mut String,
                level: &str,
                code: &str,
                name: &str,
                f: &Figures,
                target: Option<(i64, Option<bool>)>| {
        let (target, met) = match target {
            Some((t, met)) => (
                t.to_string(),
                match met {
                    Some(true) => "co",
                    Some(false) => "khong",
                    None => "",
                }
                .to_owned(),
            ),
            None => (String::new(), String::new()),
        };
        let cells = [
            report.month.to_string(),
            level.to_owned(),
            code.to_owned(),
            name.to_owned(),
            f.fee_bearing_dossiers.to_string(),
            f.paid_online_qr.to_string(),
            f.paid_online()
                .permille()
                .map(|p| format!("{}.{}", p / 10, p % 10))
                .unwrap_or_default(),
            target,
            met,
            f.fee_bearing_procedures.to_string(),
            f.procedures_online.to_string(),
            f.procedures_configured()
                .permille()
                .map(|p| format!("{}.{}", p / 10, p % 10))
                .unwrap_or_default(),
            f.collected_vnd.get().to_string(),
            f.collected_qr_vnd.get().to_string(),
        ];
        let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    for a in &report.agencies {
        line(
            &mut out,
            "co_quan",
            &a.code,
            &a.name,
            &a.figures,
            Some((a.target_pct, a.target_met)),
        );
        for p in &a.procedures {
            line(&mut out, "thu_tuc", &p.code, &p.name, &p.figures, None);
        }
    }
    line(&mut out, "tong", "", "Tổng cộng", &report.total, None);
    out
}

/// The report as an XLSX workbook: the same lines as the CSV, with numbers as numbers
/// and rates as percentages.
#[must_use]
pub fn xlsx(report: &MonthlyReport) -> Vec<u8> {
    use crate::xlsx::Cell;
    let rate = |share: domain::report::Share| {
        share
            .permille()
            .map_or(Cell::Empty, |p| Cell::Percent(p as f64 / 1000.0))
    };
    let mut rows = vec![
        [
            "Tháng",
            "Cấp",
            "Mã",
            "Tên",
            "Hồ sơ có phí",
            "Hồ sơ thanh toán QR",
            "Tỷ lệ thanh toán trực tuyến",
            "Chỉ tiêu (%)",
            "Đạt chỉ tiêu",
            "TTHC có phí",
            "TTHC thanh toán trực tuyến",
            "Tỷ lệ TTHC",
            "Số tiền thu (đ)",
            "Số tiền thu qua QR (đ)",
        ]
        .into_iter()
        .map(|h| Cell::Text(h.to_owned()))
        .collect::<Vec<_>>(),
    ];
    let month = report.month.to_string();
    let mut line =
        |level: &str, code: &str, name: &str, f: &Figures, target: Option<(i64, Option<bool>)>| {
            rows.push(vec![
                Cell::Text(month.clone()),
                Cell::Text(level.to_owned()),
                Cell::Text(code.to_owned()),
                Cell::Text(name.to_owned()),
                Cell::Number(f.fee_bearing_dossiers),
                Cell::Number(f.paid_online_qr),
                rate(f.paid_online()),
                target.map_or(Cell::Empty, |(t, _)| Cell::Number(t)),
                match target.and_then(|(_, met)| met) {
                    Some(true) => Cell::Text("Đạt".to_owned()),
                    Some(false) => Cell::Text("Chưa đạt".to_owned()),
                    None => Cell::Empty,
                },
                Cell::Number(f.fee_bearing_procedures),
                Cell::Number(f.procedures_online),
                rate(f.procedures_configured()),
                Cell::Number(f.collected_vnd.get()),
                Cell::Number(f.collected_qr_vnd.get()),
            ]);
        };
    for a in &report.agencies {
        line(
            "Cơ quan",
            &a.code,
            &a.name,
            &a.figures,
            Some((a.target_pct, a.target_met)),
        );
        for p in &a.procedures {
            line("Thủ tục", &p.code, &p.name, &p.figures, None);
        }
    }
    line("Tổng", "", "Tổng cộng", &report.total, None);
    crate::xlsx::workbook_bytes(&format!("Báo cáo {month}"), &rows)
}

/// One CSV cell: quoted when needed, and never read as a formula by a spreadsheet.
#[must_use]
pub fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("Sở Tư pháp"), "Sở Tư pháp");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-5"), "-5");
    }
}

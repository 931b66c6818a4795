//! `POST /can-bo/doi-soat` (multipart): reconciles the uploaded statement and answers
//! with the result page, or with `format=csv` the result as a file.

use crate::state::AppState;
use crate::web::forms::{back, problem};
use crate::web::html::escape;
use app::caller::StaffMember;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use domain::statement::{DateFormat, Layout, preset};
use domain::{Date, Text};
use services::ServiceError;
use services::payments::reconcile::{self, Reconciliation};
use std::collections::BTreeMap;

const PAGE: &str = "/can-bo/doi-soat";
/// The largest statement accepted.
pub const STATEMENT_MAX_BYTES: usize = 5 * 1024 * 1024;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route(
        PAGE,
        axum::routing::post(run).layer(DefaultBodyLimit::max(STATEMENT_MAX_BYTES + 64 * 1024)),
    )
}

fn bad(vi: &str, en: &str) -> ServiceError {
    ServiceError::invalid_input(Text::new(vi, en))
}

fn layout(fields: &BTreeMap<String, String>) -> Result<Layout, ServiceError> {
    let name = fields.get("layout").map_or("mau-a", String::as_str);
    if let Some(l) = preset(name) {
        return Ok(l);
    }
    let col = |key: &str| {
        fields
            .get(key)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|c| (1..=50).contains(c))
    };
    let (Some(date_col), Some(credit_col), Some(content_col), Some(reference_col)) = (
        col("date_col"),
        col("credit_col"),
        col("content_col"),
        col("reference_col"),
    ) else {
        return Err(bad(
            "Mẫu tự khai báo cần số cột (1–50) của ngày, ghi có, nội dung và mã giao dịch",
            "A custom layout needs the column numbers (1–50) of date, credit, message and bank reference",
        ));
    };
    Ok(Layout {
        delimiter: match fields.get("delimiter").map(String::as_str) {
            Some(";") => ';',
            Some("tab") => '\t',
            _ => ',',
        },
        skip_rows: fields
            .get("skip_rows")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(1)
            .min(50),
        date_col,
        credit_col,
        content_col,
        reference_col,
        date_format: if fields.get("date_format").map(String::as_str) == Some("iso") {
            DateFormat::Iso
        } else {
            DateFormat::DayMonthYear
        },
    })
}

async fn read(
    mut multipart: Multipart,
) -> Result<(BTreeMap<String, String>, String), ServiceError> {
    let mut fields = BTreeMap::new();
    let mut statement = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| {
        bad(
            "Không đọc được biểu mẫu gửi lên",
            "The form could not be read",
        )
    })? {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| {
            bad(
                "Tệp quá lớn (tối đa 5 MB)",
                "The file is too large (5 MB at most)",
            )
        })?;
        if name == "statement" {
            if bytes.len() > STATEMENT_MAX_BYTES {
                return Err(bad(
                    "Tệp quá lớn (tối đa 5 MB)",
                    "The file is too large (5 MB at most)",
                ));
            }
            statement = Some(String::from_utf8(bytes.to_vec()).map_err(|_| {
                bad(
                    "Tệp sao kê phải là CSV mã hoá UTF-8",
                    "The statement must be a UTF-8 CSV file",
                )
            })?);
        } else {
            fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    let statement = statement
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| bad("Chưa chọn tệp sao kê", "No statement file chosen"))?;
    Ok((fields, statement))
}

async fn run(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    multipart: Multipart,
) -> Response {
    let outcome = async {
        let (fields, statement) = read(multipart).await?;
        let date = |key: &str| {
            fields
                .get(key)
                .and_then(|v| Date::parse(v).ok())
                .ok_or_else(|| bad("Chọn từ ngày và đến ngày", "Choose the start and end dates"))
        };
        let (from, to) = (date("from")?, date("to")?);
        let layout = layout(&fields)?;
        let (credits, problems) = domain::statement::credits(&statement, &layout);
        let result = reconcile::reconcile(&state.services, &me, from, to, credits).await?;
        Ok::<_, ServiceError>((
            fields.get("format").cloned().unwrap_or_default(),
            result,
            problems,
        ))
    }
    .await;
    let (format, result, problems) = match outcome {
        Ok(v) => v,
        Err(e) => return back(PAGE, problem(&e)),
    };
    let mut res = if format == "csv" {
        let mut res = reconcile::csv(&result).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        );
        if let Ok(v) = HeaderValue::from_str(&format!(
            "attachment; filename=\"doi-soat-{}-{}.csv\"",
            result.from, result.to
        )) {
            res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
        res
    } else {
        Html(page(&result, &problems)).into_response()
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn money(v: i64) -> String {
    domain::Vnd::try_new(v).unwrap_or_default().display_vi()
}

fn page(r: &Reconciliation, problems: &[domain::statement::RowProblem]) -> String {
    let rows = |cells: Vec<String>| {
        format!(
            "<tr>{}</tr>",
            cells
                .iter()
                .map(|c| format!("<td>{}</td>", escape(c)))
                .collect::<String>()
        )
    };
    let matched: String = r
        .matched
        .iter()
        .map(|m| {
            rows(vec![
                m.credit.row.to_string(),
                m.credit.date.to_string(),
                money(m.credit.amount_vnd),
                m.credit.content.clone(),
                m.credit.bank_reference.clone(),
                m.reference.clone(),
                m.dossier_code.clone(),
            ])
        })
        .collect();
    let bank: String = r
        .bank_only
        .iter()
        .map(|b| {
            rows(vec![
                b.credit.row.to_string(),
                b.credit.date.to_string(),
                money(b.credit.amount_vnd),
                b.credit.content.clone(),
                b.credit.bank_reference.clone(),
                b.reason.vi.clone(),
            ])
        })
        .collect();
    let system: String = r
        .system_only
        .iter()
        .map(|p| {
            rows(vec![
                Date::time_vn(p.paid_at),
                money(p.amount_vnd),
                p.reference.clone(),
                p.dossier_code.clone(),
            ])
        })
        .collect();
    let unread: String = problems
        .iter()
        .map(|p| format!("<li>{}</li>", escape(&p.message.vi)))
        .collect();
    let body = format!(
        "<main>\
         <h1>Kết quả đối soát {from} – {to}</h1>\
         <p data-testid=\"reconcile-summary\">Khớp: <strong>{m}</strong> · Chỉ có ở ngân hàng: <strong>{b}</strong> · \
         Chỉ có ở hệ thống: <strong>{s}</strong></p>\
         {unread_block}\
         <h2>Khớp</h2><table data-testid=\"reconcile-matched\"><thead><tr><th>Dòng</th><th>Ngày</th><th>Số tiền</th>\
         <th>Nội dung</th><th>Mã GD ngân hàng</th><th>Mã thanh toán</th><th>Hồ sơ</th></tr></thead><tbody>{matched}</tbody></table>\
         <h2>Chỉ có ở ngân hàng</h2><p>Xử lý tại <a href=\"/can-bo/ngoai-le\">Khoản thanh toán cần xử lý</a> nếu chưa có ở đó.</p>\
         <table data-testid=\"reconcile-bank-only\"><thead><tr><th>Dòng</th><th>Ngày</th><th>Số tiền</th><th>Nội dung</th>\
         <th>Mã GD ngân hàng</th><th>Lý do</th></tr></thead><tbody>{bank}</tbody></table>\
         <h2>Chỉ có ở hệ thống</h2><table data-testid=\"reconcile-system-only\"><thead><tr><th>Thời điểm</th><th>Số tiền</th>\
         <th>Mã thanh toán</th><th>Hồ sơ</th></tr></thead><tbody>{system}</tbody></table>\
         <p class=\"reconcile-actions\"><a href=\"/can-bo/doi-soat\">Đối soát tệp khác</a> · <a href=\"/can-bo\">Trang cán bộ</a></p>\
         </main>",
        from = r.from,
        to = r.to,
        m = r.matched.len(),
        b = r.bank_only.len(),
        s = r.system_only.len(),
        unread_block = if unread.is_empty() {
            String::new()
        } else {
            format!(
                "<h2>Dòng không đọc được</h2><ul data-testid=\"reconcile-unread\">{unread}</ul>"
            )
        },
    );
    crate::web::html::page("Kết quả đối soát — Một Cửa", "reconcile-page", &body)
}

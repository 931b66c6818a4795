//! `POST /can-bo/doi-soat` (multipart): reconciles the uploaded statement and answers
//! with the result page, or with `format=csv` the result as a file.

use crate::state::AppState;
use crate::web::forms::{back, problem};
use app::caller::StaffMember;
use app::i18n::Messages;
use axum::extract::{DefaultBodyLimit, FromRequest as _, Multipart, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
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

fn bad(why: Text) -> ServiceError {
    ServiceError::invalid_input(why)
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
        return Err(bad(app::text!(Messages.custom_layout_needs_column)));
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
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| bad(app::text!(Messages.form_could_not_be)))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| bad(app::text!(Messages.file_is_too_large)))?;
        if name == "statement" {
            if bytes.len() > STATEMENT_MAX_BYTES {
                return Err(bad(app::text!(Messages.file_is_too_large)));
            }
            statement = Some(
                String::from_utf8(bytes.to_vec())
                    .map_err(|_| bad(app::text!(Messages.statement_must_be_utf)))?,
            );
        } else {
            fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    let statement = statement
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| bad(app::text!(Messages.no_statement_file_chosen)))?;
    Ok((fields, statement))
}

async fn run(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    req: Request,
) -> Response {
    // The body is the upload; the rest of the request renders the result page.
    let (parts, body) = req.into_parts();
    let page_request = Request::from_parts(parts.clone(), axum::body::Body::empty());
    let Ok(multipart) = Multipart::from_request(Request::from_parts(parts, body), &state).await
    else {
        return back(
            PAGE,
            problem(&bad(app::text!(Messages.no_statement_file_chosen))),
        );
    };
    let outcome = async {
        let (fields, statement) = read(multipart).await?;
        let date = |key: &str| {
            fields
                .get(key)
                .and_then(|v| Date::parse(v).ok())
                .ok_or_else(|| bad(app::text!(Messages.choose_start_and_end)))
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
        crate::web::render_with(&state, page_request, view_of(result, problems)).await
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The app's view of a result.
fn view_of(
    r: Reconciliation,
    unread: Vec<domain::statement::RowProblem>,
) -> app::routes::staff_reconcile::ReconcileResult {
    use app::routes::staff_reconcile::{BankOnlyRow, MatchedRow, ReconcileResult, SystemOnlyRow};
    ReconcileResult {
        from: r.from,
        to: r.to,
        matched: r
            .matched
            .into_iter()
            .map(|m| MatchedRow {
                credit: m.credit,
                reference: m.reference,
                dossier_code: m.dossier_code,
            })
            .collect(),
        bank_only: r
            .bank_only
            .into_iter()
            .map(|b| BankOnlyRow {
                credit: b.credit,
                reason: b.reason,
            })
            .collect(),
        system_only: r
            .system_only
            .into_iter()
            .map(|p| SystemOnlyRow {
                paid_at: p.paid_at,
                amount_vnd: p.amount_vnd,
                reference: p.reference,
                dossier_code: p.dossier_code,
            })
            .collect(),
        unread,
    }
}

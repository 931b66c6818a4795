//! `GET /api/v1/staff/reports/monthly?month=YYYY-MM` (JSON) and `.csv`: the monthly
//! online-payment report, for staff only, scoped to their agency (admins: all).

use crate::api::body::{Binary, ErrorDoc};
use crate::api::error::ApiError;
use crate::api::extract::Query;
use crate::state::AppState;
use app::caller::StaffMember;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::report::{Figures, Month, MonthlyReport, Share};
use serde::{Deserialize, Serialize};
use services::staff::Staff;
use utoipa::{IntoParams, ToSchema};

/// The report `me` may see for the month asked (this month when none is given).
pub async fn report_for(
    state: &AppState,
    me: &Staff,
    month: &str,
) -> Result<MonthlyReport, ApiError> {
    let month = if month.trim().is_empty() {
        Month::of(state.services.today())
    } else {
        Month::parse(month).map_err(|m| ApiError::bad_request("invalid_month", m))?
    };
    Ok(services::reports::monthly(&state.services, me, month).await?)
}

/// A percentage to one decimal; none when there is nothing to count.
fn rate(share: Share) -> Option<f64> {
    share.permille().map(|p| p as f64 / 10.0)
}

/// The counts the indicators are computed from (research/product.md §1.3).
#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresView {
    /// Dossiers submitted in the month whose fee is not 0.
    pub fee_bearing_dossiers: i64,
    /// Of those, paid by dynamic QR.
    pub paid_online_qr: i64,
    pub paid_online_rate_pct: Option<f64>,
    /// Fee-bearing procedures.
    pub fee_bearing_procedures: i64,
    /// Of those, open to online payment.
    pub procedures_online: i64,
    pub procedures_online_rate_pct: Option<f64>,
    /// Paid in the month, all online providers (VND).
    #[schema(value_type = i64)]
    pub collected_vnd: domain::Vnd,
    /// Paid in the month by dynamic QR (VND).
    #[schema(value_type = i64)]
    pub collected_qr_vnd: domain::Vnd,
    /// Given back in the month (refunds paid out), apart from what was collected.
    #[schema(value_type = i64)]
    pub refunded_vnd: domain::Vnd,
}

impl From<&Figures> for FiguresView {
    fn from(f: &Figures) -> Self {
        Self {
            fee_bearing_dossiers: f.fee_bearing_dossiers,
            paid_online_qr: f.paid_online_qr,
            paid_online_rate_pct: rate(f.paid_online()),
            fee_bearing_procedures: f.fee_bearing_procedures,
            procedures_online: f.procedures_online,
            procedures_online_rate_pct: rate(f.procedures_configured()),
            collected_vnd: f.collected_vnd,
            collected_qr_vnd: f.collected_qr_vnd,
            refunded_vnd: f.refunded_vnd,
        }
    }
}

/// A procedure's line.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcedureLine {
    pub code: String,
    pub name: String,
    pub online_payment: bool,
    pub figures: FiguresView,
}

/// An agency's part of the report.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyLine {
    pub code: String,
    pub name: String,
    /// The share of fee-bearing dossiers to be paid online.
    pub target_pct: i64,
    /// None when the agency had no fee-bearing dossier in the month.
    pub target_met: Option<bool>,
    pub figures: FiguresView,
    pub procedures: Vec<ProcedureLine>,
}

/// The month's online-payment report.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthlyView {
    #[schema(example = "2026-11")]
    pub month: String,
    pub agencies: Vec<AgencyLine>,
    /// All agencies shown, together.
    pub total: FiguresView,
}

/// The month asked for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// `YYYY-MM` (this month when left out).
    #[serde(default)]
    #[param(pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", example = "2026-11")]
    month: String,
}

/// The monthly online-payment report, for staff, scoped to their agency (admins: all).
#[utoipa::path(get, path = "/staff/reports/monthly", tag = "reports", security(("bearer" = [])),
    params(MonthQuery),
    responses(
        (status = 200, description = "The report", body = MonthlyView),
        (status = 400, description = "invalid_month", body = ErrorDoc),
        (status = 401, description = "Not signed in", body = ErrorDoc),
        (status = 403, description = "Not staff", body = ErrorDoc),
    ))]
pub async fn monthly(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    Query(q): Query<MonthQuery>,
) -> Result<Json<MonthlyView>, ApiError> {
    let report = report_for(&state, &me, &q.month).await?;
    Ok(Json(MonthlyView {
        month: report.month.to_string(),
        agencies: report
            .agencies
            .iter()
            .map(|a| AgencyLine {
                code: a.code.clone(),
                name: a.name.clone(),
                target_pct: a.target_pct,
                target_met: a.target_met,
                figures: (&a.figures).into(),
                procedures: a
                    .procedures
                    .iter()
                    .map(|p| ProcedureLine {
                        code: p.code.clone(),
                        name: p.name.clone(),
                        online_payment: p.online_payment,
                        figures: (&p.figures).into(),
                    })
                    .collect(),
            })
            .collect(),
        total: (&report.total).into(),
    }))
}

/// The monthly report as CSV (UTF-8).
#[utoipa::path(get, path = "/staff/reports/monthly.csv", tag = "reports", security(("bearer" = [])),
    params(MonthQuery),
    responses(
        (status = 200, description = "The report", content_type = "text/csv; charset=utf-8", body = String),
        (status = 400, description = "invalid_month", body = ErrorDoc),
        (status = 401, description = "Not signed in", body = ErrorDoc),
        (status = 403, description = "Not staff", body = ErrorDoc),
    ))]
pub async fn monthly_csv(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    Query(q): Query<MonthQuery>,
) -> Result<Response, ApiError> {
    let report = report_for(&state, &me, &q.month).await?;
    let mut res = services::reports::csv(&report).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"bao-cao-thanh-toan-{}.csv\"",
        report.month
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// The monthly report as an Excel workbook.
#[utoipa::path(get, path = "/staff/reports/monthly.xlsx", tag = "reports", security(("bearer" = [])),
    params(MonthQuery),
    responses(
        (status = 200, description = "The report",
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Binary),
        (status = 400, description = "invalid_month", body = ErrorDoc),
        (status = 401, description = "Not signed in", body = ErrorDoc),
        (status = 403, description = "Not staff", body = ErrorDoc),
    ))]
pub async fn monthly_xlsx(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    Query(q): Query<MonthQuery>,
) -> Result<Response, ApiError> {
    let report = report_for(&state, &me, &q.month).await?;
    let mut res = services::reports::xlsx(&report).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"bao-cao-thanh-toan-{}.xlsx\"",
        report.month
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

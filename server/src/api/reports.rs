//! `GET /api/v1/staff/reports/monthly?month=YYYY-MM` (JSON) and `.csv`: the monthly
//! online-payment report, for staff only, scoped to their agency (admins: all).

use crate::api::error::ApiError;
use crate::state::AppState;
use app::caller::StaffMember;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::report::{Figures, Month, MonthlyReport, Share};
use serde::Deserialize;
use serde_json::{Value, json};
use services::staff::Staff;

#[derive(Debug, Deserialize)]
pub struct MonthQuery {
    #[serde(default)]
    month: String,
}

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

fn rate(share: Share) -> Value {
    share
        .permille()
        .map_or(Value::Null, |p| json!(p as f64 / 10.0))
}

fn figures(f: &Figures) -> Value {
    json!({
        "fee_bearing_dossiers": f.fee_bearing_dossiers,
        "paid_online_qr": f.paid_online_qr,
        "paid_online_rate_pct": rate(f.paid_online()),
        "fee_bearing_procedures": f.fee_bearing_procedures,
        "procedures_online": f.procedures_online,
        "procedures_online_rate_pct": rate(f.procedures_configured()),
        "collected_vnd": f.collected_vnd,
        "collected_qr_vnd": f.collected_qr_vnd,
    })
}

/// `GET /api/v1/staff/reports/monthly`.
pub async fn monthly(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    Query(q): Query<MonthQuery>,
) -> Result<Json<Value>, ApiError> {
    let report = report_for(&state, &me, &q.month).await?;
    let agencies: Vec<Value> = report
        .agencies
        .iter()
        .map(|a| {
            json!({
                "code": a.code,
                "name": a.name,
                "target_pct": a.target_pct,
                "target_met": a.target_met,
                "figures": figures(&a.figures),
                "procedures": a.procedures.iter().map(|p| json!({
                    "code": p.code,
                    "name": p.name,
                    "online_payment": p.online_payment,
                    "figures": figures(&p.figures),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({
        "month": report.month.to_string(),
        "agencies": agencies,
        "total": figures(&report.total),
    })))
}

/// `GET /api/v1/staff/reports/monthly.csv`.
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

/// `GET /api/v1/staff/reports/monthly.xlsx`.
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

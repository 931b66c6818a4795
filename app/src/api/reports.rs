//! The monthly online-payment report for the staff page.

use crate::error::AppError;
use domain::report::MonthlyReport;
use leptos::prelude::*;

/// The report of `month` (`YYYY-MM`; this month when empty) the caller may see.
#[server(endpoint = "staff/reports/monthly")]
pub async fn get_monthly_report(month: String) -> Result<MonthlyReport, AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    let month = if month.trim().is_empty() {
        domain::report::Month::of(s.today())
    } else {
        domain::report::Month::parse(&month).map_err(|message| AppError::Invalid {
            field: Some("thang".to_owned()),
            message,
        })?
    };
    Ok(services::reports::monthly(&s, &me, month).await?)
}

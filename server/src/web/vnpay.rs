//! VNPAY's return URL (`GET /thanh-toan/vnpay/ket-qua`), which only sends the payer to
//! the payment page: what that page shows comes from the database, never from the
//! return parameters. The IPN is part of the API (`crate::api::notifications`).

use crate::state::AppState;
use app::i18n::Messages;
use axum::extract::{RawQuery, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use services::payments::vnpay;

/// `GET /thanh-toan/vnpay/ket-qua`.
pub async fn returned(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    req: Request,
) -> Response {
    let query = query.unwrap_or_default();
    match vnpay::returned(&state.services, &query).await {
        Ok((id, code)) => {
            let code: String = code.chars().filter(char::is_ascii_digit).take(2).collect();
            Redirect::to(&format!("/thanh-toan/{id}?vnpay={code}")).into_response()
        }
        Err(e) => {
            tracing::warn!(error = ?e, "VNPAY return refused");
            let problem = app::problem::Problem {
                status: 400,
                title: app::text!(Messages.result_from_vnpay_could),
                message: app::text!(Messages.data_vnpay_sent_back),
                testid: "vnpay-return-error".to_owned(),
                next: Some(("/ho-so".to_owned(), app::text!(Messages.my_dossiers))),
            };
            crate::web::problem_page(&state, req, problem).await
        }
    }
}

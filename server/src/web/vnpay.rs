//! VNPAY's return URL (`GET /thanh-toan/vnpay/ket-qua`), which only sends the payer to
//! the payment page: what that page shows comes from the database, never from the
//! return parameters. The IPN is part of the API (`crate::api::notifications`).

use crate::state::AppState;
use axum::extract::{RawQuery, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Text;
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
                title: Text::new(
                    "Không xác nhận được kết quả từ VNPAY",
                    "The result from VNPAY could not be confirmed",
                ),
                message: Text::new(
                    "Dữ liệu trả về không hợp lệ. Trạng thái thanh toán của bạn vẫn được cập nhật tự động; xem lại tại mục Hồ sơ của tôi.",
                    "The data VNPAY sent back is not valid. Your payment status still updates by itself; see My dossiers.",
                ),
                testid: "vnpay-return-error".to_owned(),
                next: Some((
                    "/ho-so".to_owned(),
                    Text::new("Hồ sơ của tôi", "My dossiers"),
                )),
            };
            crate::web::problem_page(&state, req, problem).await
        }
    }
}

//! Back-office form posts: resolving a payment exception (`POST /can-bo/ngoai-le/{id}`).

use crate::forms::{back, ok, problem, signed_in};
use crate::startup::AppState;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::Text;
use serde::Deserialize;
use services::dossiers::Who;
use services::payments::exceptions::{self, Resolution};

const QUEUE: &str = "/can-bo/ngoai-le";

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route("/can-bo/ngoai-le/{id}", axum::routing::post(resolve))
}

#[derive(Debug, Deserialize)]
struct ResolveForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    reason: String,
}

async fn resolve(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<ResolveForm>,
) -> Response {
    let me = match signed_in(&state, &headers, QUEUE).await {
        Ok(Who::Staff(s)) => s,
        Ok(_) => return (StatusCode::FORBIDDEN, "staff only").into_response(),
        Err(res) => return res,
    };
    let Some(resolution) = Resolution::parse(&form.action, &form.code) else {
        return back(
            QUEUE,
            problem(&services::ServiceError::invalid_input(Text::new(
                "Chưa chọn cách xử lý",
                "No resolution chosen",
            ))),
        );
    };
    match exceptions::resolve(&state.services, &me, id, &resolution, &form.reason).await {
        Ok(_) => back(
            QUEUE,
            ok(Text::new(
                format!("Đã xử lý khoản #{id}."),
                format!("Credit #{id} resolved."),
            )),
        ),
        Err(e) => back(QUEUE, problem(&e)),
    }
}

//! Kiosks over HTTP: the device credential cookie, recognised on every request and
//! handed to the pages and server functions, and the single-use link that continues a
//! kiosk visit on the citizen's phone. Enrolment, "Kết thúc" and guided assistance
//! are server functions (`app::api::kiosk`).

use crate::state::AppState;
use app::i18n::Messages;
use axum::extract::{Path, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use services::kiosks;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route("/tiep-tuc/{token}", axum::routing::get(continue_on_phone))
}

/// `GET /tiep-tuc/{token}`: the phone opens the kiosk's single-use link, is signed in
/// as the citizen and lands on the same page.
pub async fn continue_on_phone(
    State(state): State<AppState>,
    Path(token): Path<String>,
    req: Request,
) -> Response {
    match services::handoff::redeem(&state.services, &token).await {
        Ok((session, next)) => {
            let mut res = Redirect::to(&next).into_response();
            app::cookies::SESSION.set_on(
                res.headers_mut(),
                &session,
                services::accounts::CITIZEN_WEB_SESSION_SECONDS,
                state.secure_cookies,
            );
            res
        }
        Err(e) => {
            if !matches!(e, services::ServiceError::NotFound) {
                tracing::error!(error = ?e, "phone link failed");
            }
            let problem = app::problem::Problem {
                status: 404,
                title: app::text!(Messages.this_link_can_no),
                message: app::text!(Messages.this_link_works_once),
                testid: "handoff-expired".to_owned(),
                next: Some(("/dang-nhap".to_owned(), app::text!(Messages.sign_in))),
            };
            crate::web::problem_page(&state, req, problem).await
        }
    }
}

/// Recognises an enrolled kiosk on page and API requests and marks it seen; the
/// pages read it from the request (`services::kiosks::Kiosk`).
pub async fn recognise(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let wanted = !path.starts_with("/pkg/") && !path.starts_with("/favicon");
    if wanted
        && let Some(credential) = app::cookies::KIOSK.read(req.headers())
        && let Ok(kiosk) = kiosks::device(&state.services, &credential).await
    {
        req.extensions_mut().insert(kiosk);
    }
    next.run(req).await
}

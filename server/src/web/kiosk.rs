//! Kiosks over HTTP: the device credential cookie (recognised on every request and
//! handed to the pages), enrolment, "Kết thúc" (end the visit: the server session
//! ends and every cookie but the device's is cleared, with `Clear-Site-Data` for
//! storage), and the staff console's forms (register, switch mode).

use crate::state::AppState;
use crate::web::forms::{back, problem};
use app::caller::{Assistant, Refusal};
use app::i18n::Messages;
use axum::extract::{Form, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use services::kiosks;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/kiosk/dang-ky", post(enrol))
        .route("/kiosk/ket-thuc", post(finish))
        .route("/tiep-tuc/{token}", axum::routing::get(continue_on_phone))
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

#[derive(Debug, Deserialize)]
pub struct EnrolForm {
    code: String,
}

/// `POST /kiosk/dang-ky`: the device enters its one-time code.
pub async fn enrol(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientIp>,
    Form(f): Form<EnrolForm>,
) -> Response {
    match kiosks::enrol(&state.services, &f.code, &client.to_string()).await {
        Ok((kiosk, credential)) => {
            tracing::info!(kiosk = kiosk.id, "kiosk enrolled");
            let mut res = Redirect::to("/kiosk").into_response();
            // Five years: the credential lives until an admin revokes it.
            app::cookies::KIOSK.set_on(
                res.headers_mut(),
                &credential,
                5 * app::cookies::YEAR_SECONDS,
                state.secure_cookies,
            );
            res
        }
        Err(e) => back("/kiosk", problem(&e)),
    }
}

/// `POST /kiosk/ket-thuc`: ends the visit. The citizen's server session ends, every
/// cookie but the device credential is cleared and the browser is told to clear its
/// storage; the attract screen comes back.
///
/// An officer's assistance credential survives only while the kiosk is still in
/// assisted mode by that officer (they go on to help the next person); once the
/// console has switched the kiosk back to self-service it ends too.
pub async fn finish(
    State(state): State<AppState>,
    assisting: Result<Assistant, Refusal>,
    headers: HeaderMap,
) -> Response {
    if let Some(token) = app::cookies::SESSION.read(&headers)
        && let Err(e) = services::sessions::sign_out(&state.services, &token).await
    {
        tracing::warn!(error = ?e, "kiosk: session not ended");
    }
    // When the assistant cannot be read, the visit still ends, with the assistance.
    let still_assisting = match assisting {
        Ok(Assistant(a)) => a.is_some(),
        Err(refusal) => {
            tracing::warn!(
                ?refusal,
                "kiosk: assistant not read; ending the assistance too"
            );
            false
        }
    };
    let mut res = Redirect::to("/kiosk").into_response();
    let assist = (!still_assisting).then_some(app::cookies::ASSIST);
    if assist.is_some()
        && let Some(token) = app::cookies::ASSIST.read(&headers)
    {
        let _ = services::sessions::sign_out(&state.services, &token).await;
    }
    for c in app::cookies::VISIT.into_iter().chain(assist) {
        c.clear_on(res.headers_mut(), state.secure_cookies);
    }
    res.headers_mut().insert(
        "clear-site-data",
        HeaderValue::from_static("\"cache\", \"storage\""),
    );
    res
}

//! Staff badges over HTTP: a member of staff prints a badge (a QR shown once, on a
//! page of its own), and a kiosk's 2D scanner types it into the assistance page to
//! unlock guided assistance.

use crate::state::AppState;
use crate::web::forms::{back, problem};
use crate::web::kiosk_assist::{PAGE, start_assisting};
use app::caller::{KioskDevice, StaffMember};
use axum::extract::{Form, FromRequest as _, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/can-bo/the-can-bo", post(issue))
        .route("/kiosk/ho-tro/the", post(unlock))
}

/// `POST /can-bo/the-can-bo`: issues a new badge for the signed-in member of staff
/// (the old one stops working) and shows it once, ready to print, on the app's badge
/// page (`app::routes::staff_badge`).
pub async fn issue(
    State(state): State<AppState>,
    StaffMember(who): StaffMember,
    req: Request,
) -> Response {
    let secret = match services::badges::issue(&state.services, &who).await {
        Ok(s) => s,
        Err(e) => return back("/can-bo", problem(&e)),
    };
    let Some(qr_svg) = services::qr::svg_inline(&secret) else {
        return back(
            "/can-bo",
            problem(&services::ServiceError::Unexpected(
                std::io::Error::other("badge QR not drawn").into(),
            )),
        );
    };
    let badge = app::routes::staff_badge::IssuedBadge {
        full_name: who.full_name.clone(),
        staff_code: services::assist::staff_code(who.id),
        qr_svg,
    };
    let mut res = crate::web::render_with(&state, req, badge).await;
    // The secret must not linger in caches or history.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[derive(Debug, Deserialize)]
pub struct BadgeForm {
    badge: String,
}

/// `POST /kiosk/ho-tro/the`: the badge a scanner typed at the kiosk.
pub async fn unlock(
    State(state): State<AppState>,
    KioskDevice(kiosk): KioskDevice,
    req: Request,
) -> Response {
    let Ok(Form(f)) = Form::<BadgeForm>::from_request(req, &state).await else {
        return (StatusCode::BAD_REQUEST, "bad form").into_response();
    };
    match services::badges::unlock(&state.services, &kiosk, &f.badge).await {
        Ok(who) => start_assisting(&state, who.id).await,
        Err(e) => back(PAGE, problem(&e)),
    }
}

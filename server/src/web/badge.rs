//! Printing a staff badge: a member of staff gets a new badge (a QR shown once, on a
//! page of its own, so an axum handler whose answer is that page). A kiosk's 2D scanner
//! types it into the assistance page (`app::api::kiosk::unlock_with_badge`).

use crate::state::AppState;
use crate::web::forms::{back, problem};
use app::caller::StaffMember;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new().route("/can-bo/the-can-bo", post(issue))
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
    let staff_code = match services::assist::staff_code(&state.services, who.id).await {
        Ok(c) => c,
        Err(e) => return back("/can-bo", problem(&e)),
    };
    let badge = app::routes::staff_badge::IssuedBadge {
        full_name: who.full_name.clone(),
        staff_code,
        qr_svg,
    };
    let mut res = crate::web::render_with(&state, req, badge).await;
    // The secret must not linger in caches or history.
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

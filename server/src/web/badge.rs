//! Staff badges over HTTP: a member of staff prints a badge (a QR shown once, on a
//! page of its own), and a kiosk's 2D scanner types it into the assistance page to
//! unlock guided assistance.

use crate::state::AppState;
use crate::web::forms::{back, problem};
use crate::web::kiosk_assist::{PAGE, start_assisting};
use app::caller::{KioskDevice, StaffMember};
use axum::extract::{Form, FromRequest as _, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/can-bo/the-can-bo", post(issue))
        .route("/kiosk/ho-tro/the", post(unlock))
}

/// `POST /can-bo/the-can-bo`: issues a new badge for the signed-in member of staff
/// (the old one stops working) and shows it once, ready to print.
pub async fn issue(State(state): State<AppState>, StaffMember(who): StaffMember) -> Response {
    let secret = match services::badges::issue(&state.services, &who).await {
        Ok(s) => s,
        Err(e) => return back("/can-bo", problem(&e)),
    };
    let Some(qr) = services::qr::svg_inline(&secret) else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "QR").into_response();
    };
    let code = services::assist::staff_code(who.id);
    let name = crate::web::html::escape(&who.full_name);
    let mut res = Html(crate::web::html::page(
"Thẻ cán bộ — Một Cửa",
"badge-page",
&format!(
        "<main>\
         <section class=\"badge-card\" data-testid=\"badge-card\">\
         <p class=\"badge-org\">Trung tâm Phục vụ hành chính công</p>\
         <p class=\"badge-name\" data-testid=\"badge-name\">{name}</p>\
         <p class=\"badge-code\">{code}</p>\
         <div class=\"badge-qr\" data-testid=\"badge-qr\">{qr}</div>\
         <p class=\"badge-hint\">Quét tại ki-ốt để mở chế độ hỗ trợ. Không cho người khác mượn thẻ.</p>\
         </section>\
         <p class=\"badge-note\">Thẻ này chỉ hiện một lần: hãy in ngay (Ctrl+P). Thẻ cũ của bạn (nếu có) đã hết hiệu lực; \
         mất thẻ thì tạo thẻ mới để thẻ bị mất không dùng được nữa.<br>\
         (This badge is shown once: print it now. Your previous badge no longer works.)</p>\
         <p class=\"badge-note\"><a href=\"/can-bo\">Về trang cán bộ</a></p>\
         </main>"
    )))
    .into_response();
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

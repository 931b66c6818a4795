//! Kiosks over HTTP: the device credential cookie, recognised on every request and
//! handed to the pages and server functions. Enrolment, "Kết thúc", guided assistance
//! and the link that continues a visit on the citizen's phone are the app's
//! (`app::api::kiosk`, `app::api::auth`, `app::routes::phone_continue`).

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use services::kiosks;

/// Recognises an enrolled kiosk on page and API requests and marks it seen; the
/// pages read it from the request (`services::kiosks::Kiosk`), and the per-client
/// limits count the kiosk by its device rather than by the centre's shared address.
pub async fn recognise(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let wanted = !path.starts_with("/pkg/") && !path.starts_with("/favicon");
    if wanted
        && let Some(credential) = app::cookies::KIOSK.read(req.headers())
        && let Ok(kiosk) = kiosks::device(&state.services, &credential).await
    {
        req.extensions_mut()
            .insert(services::net::ClientKey::kiosk(kiosk.id));
        req.extensions_mut().insert(kiosk);
    }
    next.run(req).await
}

//! Guided assistance over HTTP: staff set their kiosk PIN in the console; at the
//! kiosk they unlock assisted mode (a 30-minute staff credential in its own HttpOnly
//! cookie), attest a citizen's identity checked in person (which opens the citizen's
//! session on the kiosk), and leave, which wipes everything.

use crate::state::AppState;
use crate::web::forms::{back, problem};
use app::caller::{Assistant, KioskDevice, Refusal};
use axum::extract::{Form, FromRequest as _, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use services::accounts::{Channel, Identity};
use services::assist;
use services::kiosks::Kiosk;

pub(crate) const PAGE: &str = "/kiosk/ho-tro";

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/kiosk/ho-tro/mo", post(unlock))
        .route("/kiosk/ho-tro/xac-nhan", post(attest))
        .route("/kiosk/ho-tro/ket-thuc", post(leave))
}

#[derive(Debug, Deserialize)]
pub struct UnlockForm {
    code: String,
    pin: String,
}

/// `POST /kiosk/ho-tro/mo`: staff code + PIN at the kiosk.
pub async fn unlock(
    State(state): State<AppState>,
    KioskDevice(kiosk): KioskDevice,
    req: Request,
) -> Response {
    let Ok(Form(f)) = Form::<UnlockForm>::from_request(req, &state).await else {
        return (StatusCode::BAD_REQUEST, "bad form").into_response();
    };
    match assist::unlock(&state.services, &kiosk, &f.code, &f.pin).await {
        Ok(who) => start_assisting(&state, who.id).await,
        Err(e) => back(PAGE, problem(&e)),
    }
}

/// The officer is assisting: their 30-minute kiosk credential goes into its cookie.
pub(crate) async fn start_assisting(state: &AppState, staff_id: i64) -> Response {
    let token = match open_staff_session(state, staff_id).await {
        Ok(t) => t,
        Err(e) => return back(PAGE, problem(&e)),
    };
    let mut res = Redirect::to(PAGE).into_response();
    app::cookies::ASSIST.set_on(
        res.headers_mut(),
        &token,
        assist::ASSISTED_SESSION_SECONDS,
        state.secure_cookies,
    );
    res
}

async fn open_staff_session(
    state: &AppState,
    staff_id: i64,
) -> Result<String, services::ServiceError> {
    let mut tx = state.services.db.begin_write().await?;
    let token = services::sessions::create_session(
        &state.services,
        &mut tx,
        Identity::Staff(staff_id),
        Channel::Web,
        assist::ASSISTED_SESSION_SECONDS,
    )
    .await?;
    tx.commit().await.map_err(services::ServiceError::from)?;
    Ok(token)
}

#[derive(Debug, Deserialize)]
pub struct AttestForm {
    citizen_id: i64,
}

/// `POST /kiosk/ho-tro/xac-nhan`: the officer attests the citizen's identity; the
/// citizen's session opens on the kiosk.
pub async fn attest(
    State(state): State<AppState>,
    KioskDevice(kiosk): KioskDevice,
    Assistant(assisting): Assistant,
    req: Request,
) -> Response {
    let Some(who) = assisting else {
        return Redirect::to(PAGE).into_response();
    };
    let Ok(Form(f)) = Form::<AttestForm>::from_request(req, &state).await else {
        return (StatusCode::BAD_REQUEST, "bad form").into_response();
    };
    match assist::attest(&state.services, &who, &kiosk, f.citizen_id).await {
        Ok(token) => {
            let mut res = Redirect::to("/kiosk/menu").into_response();
            app::cookies::SESSION.set_on(
                res.headers_mut(),
                &token,
                assist::ASSISTED_SESSION_SECONDS,
                state.secure_cookies,
            );
            res
        }
        Err(e) => back(PAGE, problem(&e)),
    }
}

/// `POST /kiosk/ho-tro/ket-thuc`: assistance ends; the kiosk is self-service again and
/// every session and cookie but the device's is gone.
pub async fn leave(
    State(state): State<AppState>,
    assisting: Result<Assistant, Refusal>,
    req: Request,
) -> Response {
    let headers = req.headers().clone();
    // When the assistant cannot be read, everything below still ends the visit.
    let assisting = match assisting {
        Ok(Assistant(a)) => a,
        Err(refusal) => {
            tracing::warn!(
                ?refusal,
                "kiosk: assistant not read; ending the visit anyway"
            );
            None
        }
    };
    if let (Some(kiosk), Some(who)) = (req.extensions().get::<Kiosk>(), assisting)
        && let Err(e) = assist::leave(&state.services, &who, kiosk).await
    {
        tracing::warn!(error = ?e, "kiosk: assistance not ended cleanly");
    }
    for c in [app::cookies::ASSIST, app::cookies::SESSION] {
        if let Some(token) = c.read(&headers) {
            let _ = services::sessions::sign_out(&state.services, &token).await;
        }
    }
    let mut res = Redirect::to("/kiosk").into_response();
    for c in app::cookies::VISIT
        .into_iter()
        .chain([app::cookies::ASSIST])
    {
        c.clear_on(res.headers_mut(), state.secure_cookies);
    }
    res.headers_mut().insert(
        "clear-site-data",
        HeaderValue::from_static("\"cache\", \"storage\""),
    );
    res
}

//! A kiosk's own writes: enrolling the device, ending a visit, and guided assistance
//! (an officer unlocks it with their staff code and PIN or their badge, attests a
//! citizen's identity checked in person, and leaves). Each sets or clears the
//! credentials' cookies (`crate::cookies`) and leads to the kiosk page it belongs on.

use crate::error::AppError;
use leptos::prelude::*;

/// The assistance page, where its refusals are shown.
#[cfg(feature = "ssr")]
const ASSIST_PAGE: &str = "/kiosk/ho-tro";

/// The device enters its one-time enrolment code (from the staff console): it gets its
/// five-year credential and shows the attract screen. Guessing is rate-limited by the
/// client's address (`services::kiosks::enrol`).
#[server(endpoint = "kiosk/enrol")]
pub async fn enrol_kiosk(code: String) -> Result<(), AppError> {
    let s = crate::api::ssr::services()?;
    let ip = crate::api::ssr::client_ip();
    let (kiosk, credential) = services::kiosks::enrol(&s, &code, &ip).await?;
    tracing::info!(kiosk = kiosk.id, "kiosk enrolled");
    // The credential lives until an admin revokes it.
    crate::cookies::KIOSK.respond(&credential, 5 * crate::cookies::YEAR_SECONDS);
    leptos_axum::redirect("/kiosk");
    Ok(())
}

/// "Kết thúc": ends the visit, and with it any assistance: the citizen's and the
/// officer's server sessions end, the kiosk is self-service again, every cookie but the
/// device credential is cleared and the browser is told to clear its storage; the
/// attract screen comes back. An officer helping the next person unlocks again (badge,
/// or code and PIN), so that no credential outlives the visit it was opened for.
#[server(endpoint = "kiosk/finish")]
pub async fn finish_visit() -> Result<(), AppError> {
    end_visit().await
}

/// The officer's staff code and kiosk PIN at the kiosk: assisted mode for 30 minutes.
/// A wrong PIN is refused (and locks after repeated tries, `services::assist::unlock`).
#[server(endpoint = "kiosk/assist/unlock")]
pub async fn unlock_assist(code: String, pin: String) -> Result<(), AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::KioskDevice(kiosk) = crate::caller::get().await?;
    let who = services::assist::unlock(&s, &kiosk, &code, &pin).await?;
    start_assisting(&s, who.id).await
}

/// The badge a kiosk's 2D scanner typed into the assistance page: assisted mode, as
/// with the staff code and PIN.
#[server(endpoint = "kiosk/assist/badge")]
pub async fn unlock_with_badge(badge: String) -> Result<(), AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::KioskDevice(kiosk) = crate::caller::get().await?;
    let who = services::badges::unlock(&s, &kiosk, &badge).await?;
    start_assisting(&s, who.id).await
}

/// The officer attests the identity of the citizen they checked in person, with their
/// PIN: the citizen's session opens on the kiosk (no OTP), marked as assisted. With
/// `national_id`, the number read off the card, the account's CCCD is verified too.
#[server(endpoint = "kiosk/assist/attest")]
pub async fn attest_citizen(
    citizen_id: i64,
    #[server(default)] pin: String,
    #[server(default)] national_id: String,
) -> Result<(), AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::KioskDevice(kiosk) = crate::caller::get().await?;
    let crate::caller::Assistant(assisting) = crate::caller::get().await?;
    let Some(who) = assisting else {
        leptos_axum::redirect(ASSIST_PAGE);
        return Ok(());
    };
    let token = services::assist::attest(&s, &who, &kiosk, citizen_id, &pin, &national_id).await?;
    crate::cookies::SESSION.respond(&token, services::assist::ASSISTED_SESSION_SECONDS);
    leptos_axum::redirect("/kiosk/menu");
    Ok(())
}

/// "Kết thúc hỗ trợ": as "Kết thúc" (the visit and the assistance end together).
#[server(endpoint = "kiosk/assist/leave")]
pub async fn stop_assisting() -> Result<(), AppError> {
    end_visit().await
}

/// Ends the assistance (if any) and the visit; whatever cannot be read or ended
/// cleanly, the cookies are cleared and the attract screen comes back.
#[cfg(feature = "ssr")]
async fn end_visit() -> Result<(), AppError> {
    let s = crate::api::ssr::services()?;
    let assisting = match crate::caller::get::<crate::caller::Assistant>().await {
        Ok(crate::caller::Assistant(a)) => a,
        Err(e) => {
            tracing::warn!(error = ?e, "kiosk: assistant not read; ending the visit anyway");
            None
        }
    };
    if let Ok(crate::caller::KioskDevice(kiosk)) = crate::caller::get().await {
        let ended = match assisting {
            Some(who) => services::assist::leave(&s, &who, &kiosk).await.map(drop),
            // An officer unlocked here, and their credential idled out meanwhile: the
            // kiosk is still shown as assisted by them, and must not be after the visit.
            // (A kiosk the console switched to assisted mode, with nobody unlocked at it
            // yet, stays so: the officer is on their way.)
            None if kiosk.mode == services::kiosks::Mode::Assisted
                && crate::cookies::ASSIST.in_request().is_some() =>
            {
                services::kiosks::end_assistance(&s, kiosk.id).await
            }
            None => Ok(()),
        };
        if let Err(e) = ended {
            tracing::warn!(error = ?e, "kiosk: assistance not ended cleanly");
        }
    }
    wipe(&s, &[crate::cookies::ASSIST, crate::cookies::SESSION]).await;
    Ok(())
}

/// The officer is assisting: their 30-minute kiosk credential goes into its cookie.
#[cfg(feature = "ssr")]
async fn start_assisting(s: &services::Services, staff_id: i64) -> Result<(), AppError> {
    let token = services::assist::open_session(s, staff_id).await?;
    crate::cookies::ASSIST.respond(&token, services::assist::ASSISTED_SESSION_SECONDS);
    leptos_axum::redirect(ASSIST_PAGE);
    Ok(())
}

/// Ends the server sessions of `ended` (the credentials this request holds), clears
/// them with the visit's other cookies, tells the browser to clear its storage and
/// goes back to the attract screen.
#[cfg(feature = "ssr")]
async fn wipe(s: &services::Services, ended: &[crate::cookies::Cookie]) {
    for c in ended {
        if let Some(token) = c.in_request()
            && let Err(e) = services::sessions::sign_out(s, &token).await
        {
            tracing::warn!(error = ?e, "kiosk: session not ended");
        }
    }
    let others = ended.iter().filter(|c| !crate::cookies::VISIT.contains(c));
    for c in crate::cookies::VISIT.iter().chain(others) {
        c.respond_clear();
    }
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.insert_header(
            axum::http::HeaderName::from_static("clear-site-data"),
            axum::http::HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
    leptos_axum::redirect("/kiosk");
}

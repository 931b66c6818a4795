//! Staff sign-in (password, then the authenticator code) and the kiosk console.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::{Messages, text};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn challenge() -> Option<String> {
    crate::cookies::STAFF_CHALLENGE.in_request()
}

/// Step 1: phone and password; on to the code page.
#[server(endpoint = "staff/sign-in")]
pub async fn staff_sign_in(phone: String, password: String) -> Result<(), AppError> {
    let s = crate::api::ssr::services()?;
    let accepted =
        services::staff::sign_in(&s, &phone, &password, &crate::api::ssr::client_key()).await?;
    crate::cookies::STAFF_CHALLENGE
        .respond(&accepted.challenge, services::staff::CHALLENGE_SECONDS);
    leptos_axum::redirect("/can-bo/dang-nhap/ma-xac-thuc");
    Ok(())
}

/// What the code page shows: the enrolment QR (inline SVG) and secret for a member
/// without an authenticator yet; `None` fields otherwise.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct CodeStep {
    pub enrol_qr_svg: Option<String>,
    pub enrol_secret: Option<String>,
}

/// The code page's contents for this browser's challenge.
#[server(endpoint = "staff/code-step")]
pub async fn staff_code_step() -> Result<CodeStep, AppError> {
    let s = crate::api::ssr::services()?;
    let Some(challenge) = challenge() else {
        return Err(AppError::Unauthenticated);
    };
    let enrolment = services::staff::enrolment(&s, &challenge).await?;
    Ok(CodeStep {
        enrol_qr_svg: enrolment
            .as_ref()
            .and_then(|e| services::qr::svg_inline(&e.otpauth_uri)),
        enrol_secret: enrolment.map(|e| e.secret_base32),
    })
}

/// Step 2: the authenticator code; signed in.
#[server(endpoint = "staff/verify-code")]
pub async fn staff_verify_code(code: String) -> Result<(), AppError> {
    let s = crate::api::ssr::services()?;
    let Some(challenge) = challenge() else {
        return Err(AppError::Invalid {
            field: Some("code".to_owned()),
            message: text!(Messages.staff_sign_in_expired),
        });
    };
    let (token, _staff) = services::staff::verify_code(&s, &challenge, &code).await?;
    crate::cookies::STAFF_CHALLENGE.respond_clear();
    crate::cookies::SESSION.respond(&token, services::accounts::STAFF_SESSION_SECONDS);
    leptos_axum::redirect("/can-bo");
    Ok(())
}

/// A kiosk as the staff console lists it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct KioskRow {
    pub id: i64,
    pub name: String,
    pub location: String,
    pub enrolled: bool,
    pub online: bool,
    pub last_seen_at: Option<i64>,
    pub assisted: bool,
    pub assisted_by: Option<String>,
    pub revoked: bool,
}

/// Every kiosk with its status, and whether the caller may register kiosks.
#[server(endpoint = "staff/kiosks")]
pub async fn list_kiosks() -> Result<(Vec<KioskRow>, bool), AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    let rows = services::kiosks::list(&s, &me)
        .await?
        .into_iter()
        .map(|k| KioskRow {
            id: k.id,
            name: k.name,
            location: k.location,
            enrolled: k.enrolled,
            online: k.online,
            last_seen_at: k.last_seen_at,
            assisted: k.mode == services::kiosks::Mode::Assisted,
            assisted_by: k.assisted_by,
            revoked: k.revoked,
        })
        .collect();
    Ok((rows, services::staff::StaffGuard::Admin.admits(&me)))
}

/// Who is assisting at this kiosk now (`None` in self-service); the kiosk frame
/// asks every few seconds so a switch made in the staff console shows at once.
/// Also keeps the kiosk "online" in the console while a page stays open.
#[server(endpoint = "kiosk/status")]
pub async fn kiosk_status() -> Result<Option<String>, AppError> {
    let crate::caller::KioskDevice(kiosk) = crate::caller::get().await?;
    Ok((kiosk.mode == services::kiosks::Mode::Assisted)
        .then(|| kiosk.assisted_by.clone())
        .flatten())
}

/// What the assistance page at a kiosk shows.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct AssistView {
    /// The officer assisting at this kiosk, when unlocked.
    pub staff_name: Option<String>,
    /// Who the search found: the verified holder of a CCCD first, then the accounts
    /// that only declared it.
    pub citizens: Vec<CitizenFound>,
    pub problem: Option<domain::Text>,
}

/// A citizen found by the assisting officer.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct CitizenFound {
    pub id: i64,
    pub full_name: String,
    pub phone: String,
    pub date_of_birth: String,
    pub national_id: String,
    pub verified: bool,
}

/// The assistance state of this kiosk, finding a citizen when `query` is given.
#[server(endpoint = "kiosk/assist")]
pub async fn assist_state(query: String) -> Result<AssistView, AppError> {
    use crate::caller::{Assistant, KioskDevice};
    let s = crate::api::ssr::services()?;
    let KioskDevice(_) = crate::caller::get().await?;
    // The credential counts only while the kiosk is in assisted mode by its holder
    // (the console may have switched it back).
    let Assistant(staff) = crate::caller::get().await?;
    let Some(staff) = staff else {
        return Ok(AssistView {
            staff_name: None,
            citizens: Vec::new(),
            problem: None,
        });
    };
    let (citizens, problem) = if query.trim().is_empty() {
        (Vec::new(), None)
    } else {
        match services::assist::find_citizen(&s, &staff, &query).await {
            Ok(found) => (
                found
                    .into_iter()
                    .map(|c| CitizenFound {
                        id: c.id,
                        full_name: c.full_name,
                        phone: c.phone,
                        date_of_birth: c.date_of_birth,
                        national_id: c.national_id,
                        verified: c.verified,
                    })
                    .collect(),
                None,
            ),
            Err(services::ServiceError::NotFound) => {
                (Vec::new(), Some(text!(Messages.no_such_citizen)))
            }
            Err(e) => (Vec::new(), Some(AppError::from(e).text())),
        }
    };
    Ok(AssistView {
        staff_name: Some(staff.full_name),
        citizens,
        problem,
    })
}

/// Registers a kiosk (admins); the answer carries its one-time enrolment code, shown once.
#[server(endpoint = "staff/kiosks/register")]
pub async fn register_kiosk(
    #[server(default)] name: String,
    #[server(default)] location: String,
) -> Result<domain::Text, AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    let (kiosk, code) = services::kiosks::register(&s, &me, &name, &location).await?;
    Ok(crate::flash::done(text!(
        Messages.kiosk_registered,
        name = kiosk.name,
        code = code
    )))
}

/// Switches a kiosk to assisted mode (by the caller) or back to self-service.
#[server(endpoint = "staff/kiosks/mode")]
pub async fn set_kiosk_mode(
    id: i64,
    #[server(default)] mode: String,
) -> Result<domain::Text, AppError> {
    use crate::i18n::{Lang, fill};
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    let mode = services::kiosks::Mode::parse(&mode)
        .ok_or_else(|| services::ServiceError::invalid_input(text!(Messages.unknown_kiosk_mode)))?;
    let k = services::kiosks::set_mode(&s, &me, id, mode).await?;
    let label = k.mode.label();
    Ok(crate::flash::done(Lang::both(|l| {
        fill!(
            l.of::<Messages>().kiosk_mode,
            name = k.name,
            mode = label.get(l.is_en())
        )
    })))
}

/// Sets the caller's kiosk PIN (6 digits), for guided assist; answers their staff code.
#[server(endpoint = "staff/kiosk-pin")]
pub async fn set_kiosk_pin(#[server(default)] pin: String) -> Result<domain::Text, AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    services::assist::set_pin(&s, &me, &pin).await?;
    let code = services::assist::staff_code(&s, me.id).await?;
    Ok(crate::flash::done(text!(
        Messages.kiosk_pin_set_your,
        code = code
    )))
}

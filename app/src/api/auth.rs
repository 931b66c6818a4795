//! Citizen sign-in by phone and OTP.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as the header and account page show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub enum Me {
    Citizen {
        full_name: String,
        phone: String,
        date_of_birth: String,
        national_id: String,
        /// Checked against the card by an officer ([`domain::identity`]).
        national_id_verified: bool,
    },
    Staff {
        full_name: String,
        role: String,
        agency_code: Option<String>,
    },
}

/// Sends a code by SMS and moves to the code page.
#[server(endpoint = "auth/request-otp")]
pub async fn request_otp(phone: String, #[server(default)] next: String) -> Result<(), AppError> {
    let s = crate::api::ssr::services()?;
    let sent = services::accounts::request_otp(&s, &phone, &crate::api::ssr::client_key()).await?;
    let next = domain::return_path::safe_return(next.trim())
        .map(|n| format!("&next={}", domain::return_path::urlencode(n)))
        .unwrap_or_default();
    leptos_axum::redirect(&format!(
        "/dang-nhap/xac-thuc?phone={}{next}",
        sent.phone.national()
    ));
    Ok(())
}

/// Checks the code (registering a new account when the details are given) and signs in.
#[server(endpoint = "auth/verify-otp")]
pub async fn verify_otp(
    phone: String,
    code: String,
    #[server(default)] full_name: String,
    #[server(default)] date_of_birth: String,
    #[server(default)] national_id: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use services::accounts::{self, Channel, Registration};
    let s = crate::api::ssr::services()?;
    let registration =
        (!full_name.trim().is_empty() || !national_id.trim().is_empty()).then_some(Registration {
            full_name,
            date_of_birth,
            national_id,
        });
    // On a shared kiosk the session ends with the visit; the server keeps it for 30
    // minutes at most, whatever the kiosk's browser does.
    let channel = if crate::caller::get::<crate::caller::KioskDevice>()
        .await
        .is_ok()
    {
        Channel::Kiosk
    } else {
        Channel::Web
    };
    let signed = match accounts::sign_in(
        &s,
        &phone,
        &code,
        registration,
        &crate::api::ssr::client_key(),
        channel,
    )
    .await
    {
        Ok(signed) => signed,
        // A right code for a new phone: the registration form may read the card's QR
        // from a photo for the next few minutes.
        Err(e @ services::ServiceError::RegistrationRequired) => {
            crate::cookies::REGISTERING.respond(
                &accounts::registration_pass(&s),
                accounts::REGISTRATION_PASS_SECONDS,
            );
            return Err(e.into());
        }
        Err(e) => return Err(e.into()),
    };
    crate::cookies::REGISTERING.respond_clear();
    crate::cookies::SESSION.respond(&signed.token, channel.citizen_session_seconds());
    leptos_axum::redirect(domain::return_path::safe_return(next.trim()).unwrap_or("/tai-khoan"));
    Ok(())
}

/// Ends the session.
#[server(endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::api::ssr::end_session().await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Who is signed in, if anyone.
#[server(endpoint = "auth/me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    use services::dossiers::Who;
    let s = crate::api::ssr::services()?;
    let crate::caller::Caller(who) = crate::caller::get().await?;
    Ok(match who {
        None | Some(Who::NoticeHolder(_)) => None,
        Some(Who::Citizen(id)) => {
            let c = services::accounts::citizen(&s, id).await?;
            Some(Me::Citizen {
                full_name: c.full_name,
                phone: c.phone,
                date_of_birth: c.date_of_birth,
                national_id: c.national_id,
                national_id_verified: c.national_id_verified,
            })
        }
        Some(Who::Staff(st)) => Some(Me::Staff {
            full_name: st.full_name,
            role: st.role.as_str().to_owned(),
            agency_code: st.agency_code,
        }),
    })
}

/// A single-use link (and its QR) that opens `next` on the citizen's phone, signed in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct PhoneLinkView {
    pub url: String,
    pub qr_svg: String,
    pub expires_at: i64,
}

/// Makes a "continue on your phone" link for the citizen signed in at a kiosk (only
/// there: elsewhere the person already is on their own device, and a link made from a
/// stolen session would only spread it).
#[server(endpoint = "auth/phone-link")]
pub async fn phone_link(next: String) -> Result<PhoneLinkView, AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::KioskDevice(_) = crate::caller::get().await?;
    let crate::caller::Citizen(id) = crate::caller::get().await?;
    let (token, expires_at) = services::handoff::create(&s, id, &next).await?;
    let base = crate::api::ssr::web_config().public_url;
    let url = format!("{}/tiep-tuc/{token}", base.trim_end_matches('/'));
    let qr_svg = services::qr::svg(&url).unwrap_or_default();
    Ok(PhoneLinkView {
        url,
        qr_svg,
        expires_at,
    })
}

/// Whose account a phone link opens, masked: what the phone asks before it signs in.
/// An unknown, used or expired link answers not found (and the page 404).
#[server(endpoint = "auth/phone-link/preview")]
pub async fn phone_link_preview(token: String) -> Result<String, AppError> {
    let s = crate::api::ssr::services()?;
    let preview = services::handoff::preview(&s, &token).await;
    crate::api::ssr::not_found_status(&preview);
    Ok(preview?)
}

/// The phone confirmed the account: signed in as the citizen, on the page the kiosk
/// showed. Posted by a plain form (the answer sets the session and leaves the page); a
/// link used or expired meanwhile goes back to its page, which says so.
#[server(endpoint = "auth/phone-link/continue")]
pub async fn continue_on_phone(token: String) -> Result<(), AppError> {
    let s = crate::api::ssr::services()?;
    match services::handoff::redeem(&s, &token).await {
        Ok((session, next)) => {
            crate::cookies::SESSION
                .respond(&session, services::accounts::CITIZEN_WEB_SESSION_SECONDS);
            leptos_axum::redirect(&next);
        }
        Err(services::ServiceError::NotFound) => leptos_axum::redirect(&format!(
            "/tiep-tuc/{}",
            domain::return_path::urlencode(token.trim())
        )),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

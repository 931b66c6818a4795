//! Staff sign-in.

use crate::error::AppError;
use leptos::prelude::*;

/// Signs a member of staff in with phone and password.
#[server(endpoint = "staff/sign-in")]
pub async fn staff_sign_in(phone: String, password: String) -> Result<(), AppError> {
    let s = crate::api::ssr::services()?;
    let (token, _staff) =
        services::staff::sign_in(&s, &phone, &password, &crate::api::ssr::client_ip()).await?;
    crate::api::ssr::set_session_cookie(&token, services::accounts::STAFF_SESSION_SECONDS);
    leptos_axum::redirect("/can-bo");
    Ok(())
}

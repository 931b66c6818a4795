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
    use services::accounts::Identity;
    let s = crate::api::ssr::services()?;
    let Some(Identity::Staff(id)) = crate::api::ssr::identity().await? else {
        return Err(AppError::Unauthenticated);
    };
    let me = services::staff::get(&s, id).await?;
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
    Ok((rows, me.role == services::staff::Role::Admin))
}

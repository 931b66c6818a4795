//! Who is calling: a bearer token (API) or the session cookie (web pages and plain
//! form posts), resolved to a citizen or a member of staff.

use crate::api::error::ApiError;
use crate::startup::AppState;
use axum::http::{HeaderMap, header};
use services::accounts::{self, Identity};
use services::dossiers::Who;

/// The bearer token of a request, if well-formed.
#[must_use]
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// The caller, from the bearer token or else the session cookie. A request with any
/// other `Authorization` (Basic, Negotiate: a browser may add those by itself to a
/// cross-site post) is not signed in by its cookie either.
///
/// # Errors
/// Database errors.
pub async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Option<Who>, ApiError> {
    let token = if headers.contains_key(header::AUTHORIZATION) {
        bearer(headers).map(str::to_owned)
    } else {
        app::cookies::SESSION.read(headers)
    };
    let Some(token) = token else {
        return Ok(None);
    };
    Ok(
        match accounts::resolve_session(&state.services, &token).await? {
            Some(Identity::Citizen(id)) => Some(Who::Citizen(id)),
            Some(Identity::Staff(id)) => {
                Some(Who::Staff(services::staff::get(&state.services, id).await?))
            }
            None => None,
        },
    )
}

/// The caller, who must be signed in.
///
/// # Errors
/// `Unauthorized` when nobody is.
pub async fn required(state: &AppState, headers: &HeaderMap) -> Result<Who, ApiError> {
    caller(state, headers).await?.ok_or(ApiError::Unauthorized)
}

/// The calling citizen's id.
///
/// # Errors
/// `Unauthorized` without a session, `Forbidden` for staff.
pub async fn citizen(state: &AppState, headers: &HeaderMap) -> Result<i64, ApiError> {
    match required(state, headers).await? {
        Who::Citizen(id) => Ok(id),
        Who::Staff(_) | Who::NoticeHolder(_) => Err(ApiError::Forbidden),
    }
}

/// The caller of a payment page or file: signed in, or else holding the cookie a
/// fee-notice link leaves (then only that dossier's payments are visible).
///
/// # Errors
/// `Unauthorized` with neither.
pub async fn payer(state: &AppState, headers: &HeaderMap) -> Result<Who, ApiError> {
    if let Some(who) = caller(state, headers).await? {
        return Ok(who);
    }
    notice_holder(state, headers)
        .await?
        .ok_or(ApiError::Unauthorized)
}

/// The holder of a fee-notice link's cookie, if it is still good.
///
/// # Errors
/// Database errors.
pub async fn notice_holder(state: &AppState, headers: &HeaderMap) -> Result<Option<Who>, ApiError> {
    let Some(token) = app::cookies::NOTICE.read(headers) else {
        return Ok(None);
    };
    Ok(services::payments::links::holder(&state.services, &token).await?)
}

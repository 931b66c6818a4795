//! The desk intake form: the procedures of the officer's agency, and what the officer
//! typed before a refused post (kept for five minutes so nothing is typed twice).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The cookie a refused intake post leaves with the typed values.
pub const INTAKE_DRAFT_COOKIE: &str = "motcua_intake";

/// A procedure the officer may record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IntakeProcedure {
    pub code: String,
    pub name: String,
    /// The desk fee (0 when none).
    pub fee_vnd: i64,
}

/// The form's choices and its values.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct IntakeForm {
    pub agency_name: String,
    pub procedures: Vec<IntakeProcedure>,
    /// Field name → value typed before a refused post.
    pub values: std::collections::BTreeMap<String, String>,
}

/// The desk intake form for the signed-in officer.
#[server(endpoint = "staff/desk-form")]
pub async fn desk_form() -> Result<IntakeForm, AppError> {
    use services::accounts::Identity;
    let s = crate::api::ssr::services()?;
    let Some(Identity::Staff(id)) = crate::api::ssr::identity().await? else {
        return Err(AppError::Unauthenticated);
    };
    let me = services::staff::get(&s, id).await?;
    let Some(agency) = me.agency_code.clone() else {
        return Err(AppError::Forbidden);
    };
    let procedures = services::catalog::search(
        &s,
        &services::catalog::SearchFilter {
            agency: Some(agency),
            ..Default::default()
        },
    )
    .await?;
    let agency_name = procedures
        .first()
        .map(|p| p.agency_name.clone())
        .unwrap_or_default();
    let procedures = procedures
        .into_iter()
        .map(|p| IntakeProcedure {
            fee_vnd: domain::fees::amount_due(&p.fees, false),
            code: p.code,
            name: p.name,
        })
        .collect();
    let values = use_context::<http::request::Parts>()
        .and_then(|p| crate::api::ssr::cookie(&p.headers, INTAKE_DRAFT_COOKIE))
        .map(|raw| {
            url_decode_pairs(&raw)
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>()
        })
        .unwrap_or_default();
    if !values.is_empty()
        && let (Some(opts), Ok(v)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&format!(
                "{INTAKE_DRAFT_COOKIE}=; Path=/can-bo; Max-Age=0; HttpOnly; SameSite=Strict"
            )),
        )
    {
        opts.append_header(http::header::SET_COOKIE, v);
    }
    Ok(IntakeForm {
        agency_name,
        procedures,
        values,
    })
}

/// `a=1&b=2` (form encoding) into pairs.
#[cfg(feature = "ssr")]
#[must_use]
pub fn url_decode_pairs(raw: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw).unwrap_or_default()
}

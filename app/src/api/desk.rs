//! The desk intake form: the procedures of the officer's agency, and what the officer
//! typed before a refused post (kept for five minutes so nothing is typed twice).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A procedure the officer may record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IntakeProcedure {
    pub code: String,
    pub name: String,
    /// It has fee lines.
    pub has_fee: bool,
}

/// The procedure chosen, with what its fee counts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChosenProcedure {
    pub procedure: domain::catalog::Procedure,
    /// The number fields the fee counts (copies, pages), asked at the desk.
    pub count_fields: Vec<domain::catalog::FormField>,
}

/// The form's choices and its values.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IntakeForm {
    pub agency_name: String,
    pub procedures: Vec<IntakeProcedure>,
    /// The procedure picked in the first step.
    pub chosen: Option<ChosenProcedure>,
    /// Field name → value typed before a refused post.
    pub values: std::collections::BTreeMap<String, String>,
    pub today: domain::Date,
}

/// The desk intake form for the signed-in officer; `procedure` is the one picked.
#[server(endpoint = "staff/desk-form")]
pub async fn desk_form(procedure: String) -> Result<IntakeForm, AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
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
    let values = crate::api::ssr::take_typed_values(crate::cookies::INTAKE_DRAFT);
    // A refused post comes back to the procedure it was for.
    let wanted = values.get("procedure").cloned().unwrap_or(procedure);
    let chosen = procedures
        .iter()
        .find(|p| p.code == wanted.trim())
        .map(|p| ChosenProcedure {
            count_fields: domain::fees::count_fields(&p.fees)
                .into_iter()
                .filter_map(|name| p.form.fields.iter().find(|f| f.name == name).cloned())
                .collect(),
            procedure: p.clone(),
        });
    let procedures = procedures
        .into_iter()
        .map(|p| IntakeProcedure {
            has_fee: !p.fees.is_empty(),
            code: p.code,
            name: p.name,
        })
        .collect();
    Ok(IntakeForm {
        agency_name,
        procedures,
        chosen,
        values,
        today: s.today(),
    })
}

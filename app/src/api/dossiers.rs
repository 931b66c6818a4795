//! Dossier reads for the pages. Writes with files go through plain form posts to the
//! server (see `server/src/web/forms.rs`), so they work the same with JavaScript off.

use crate::error::AppError;
use domain::catalog::Procedure;
use domain::dossier::view::{Dossier, DossierSummary, PublicDossier};
use domain::form::{FieldProblem, FormValues};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the submission page needs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SubmitPageData {
    pub procedure: Procedure,
    /// The draft's answers so far (or the account's details for a new dossier).
    pub values: FormValues,
    /// Problems of the draft, when the page was asked to check it.
    pub problems: Vec<FieldProblem>,
    pub draft: Option<Dossier>,
    /// (id, name) of every province, for the address picker.
    pub provinces: Vec<(String, String)>,
    /// For each address field whose province is chosen, the names of its communes.
    pub communes: std::collections::BTreeMap<String, Vec<String>>,
    pub today: domain::Date,
}

#[cfg(feature = "ssr")]
async fn who() -> Result<services::dossiers::Who, AppError> {
    let crate::caller::SignedIn(who) = crate::caller::get().await?;
    Ok(who)
}

#[cfg(feature = "ssr")]
async fn citizen_id() -> Result<i64, AppError> {
    let crate::caller::Citizen(id) = crate::caller::get().await?;
    Ok(id)
}

/// The submission page: the procedure, the citizen's draft and, with `check`, its problems.
#[server(endpoint = "dossiers/submit-view")]
pub async fn submit_view(code: String, check: bool) -> Result<SubmitPageData, AppError> {
    let s = crate::api::ssr::services()?;
    let procedure = services::catalog::get(&s, &code).await;
    crate::api::ssr::not_found_status(&procedure);
    let procedure = procedure?;
    let citizen = citizen_id().await?;
    let draft = services::dossiers::draft_for(&s, citizen, &procedure.code).await?;
    let values = match &draft {
        Some(d) => d.form.clone(),
        None => {
            // Start from what the account already knows.
            let c = services::accounts::citizen(&s, citizen).await?;
            [
                ("ho_ten", c.full_name),
                ("ngay_sinh", c.date_of_birth),
                ("so_dien_thoai", c.phone),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect()
        }
    };
    let problems = if check {
        let places = services::places::list();
        let mut problems =
            domain::form::validate(&procedure.form, &values, s.today(), Some(places))
                .err()
                .unwrap_or_default();
        // What the fee needs that the form alone does not say (a count, the category).
        if let Err(e) = procedure.price(&values, true, s.today())
            && !problems.iter().any(|p| p.field == e.field())
        {
            problems.push(e.problem());
        }
        problems
    } else {
        Vec::new()
    };
    let communes = procedure
        .form
        .fields
        .iter()
        .filter(|f| f.kind == domain::catalog::FieldType::Address)
        .filter_map(|f| {
            let province = values.get(&format!("{}.province", f.name))?;
            let names = services::places::list()
                .communes(province)
                .into_iter()
                .map(|c| c.name)
                .collect();
            Some((f.name.clone(), names))
        })
        .collect();
    let provinces = services::places::list()
        .provinces()
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(SubmitPageData {
        procedure,
        values,
        problems,
        draft,
        provinces,
        communes,
        today: s.today(),
    })
}

/// The communes of a province, for the address picker's suggestions.
#[server(endpoint = "places/communes")]
pub async fn communes(province: String) -> Result<Vec<String>, AppError> {
    Ok(services::places::list()
        .communes(&province)
        .into_iter()
        .map(|c| c.name)
        .collect())
}

/// The signed-in citizen's dossiers.
#[server(endpoint = "dossiers/mine")]
pub async fn my_dossiers() -> Result<Vec<DossierSummary>, AppError> {
    let s = crate::api::ssr::services()?;
    Ok(services::dossiers::mine(&s, citizen_id().await?).await?)
}

/// One dossier, for its owner or the staff of its agency.
#[server(endpoint = "dossiers/one")]
pub async fn get_dossier(code: String) -> Result<Dossier, AppError> {
    let s = crate::api::ssr::services()?;
    let who = who().await?;
    let r = services::dossiers::get(&s, &who, services::dossiers::Key::Code(&code)).await;
    crate::api::ssr::not_found_status(&r);
    Ok(r?)
}

/// The staff member's agency queue.
#[server(endpoint = "dossiers/queue")]
pub async fn staff_queue(status: String, q: String) -> Result<Vec<DossierSummary>, AppError> {
    let s = crate::api::ssr::services()?;
    let filter = services::dossiers::QueueFilter {
        status: domain::dossier::Status::parse(status.trim()),
        q: domain::text::clean(&q),
    };
    Ok(services::dossiers::queue(&s, &who().await?, &filter).await?)
}

/// The public lookup; nothing when either part is empty.
#[server(endpoint = "dossiers/lookup")]
pub async fn lookup(code: String, phone: String) -> Result<Option<PublicDossier>, AppError> {
    if code.trim().is_empty() || phone.trim().is_empty() {
        return Ok(None);
    }
    let s = crate::api::ssr::services()?;
    let key = crate::api::ssr::client_key();
    match services::dossiers::lookup(&s, &code, &phone, &key).await {
        Ok(found) => Ok(Some(found)),
        Err(services::ServiceError::NotFound) => {
            Err(services::ServiceError::invalid("code", services::dossiers::lookup_miss()).into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Reads and clears the message a form post left for this page.
#[server(endpoint = "flash")]
pub async fn take_flash() -> Result<Option<crate::flash::Flash>, AppError> {
    let Some(raw) = crate::cookies::FLASH.in_request() else {
        return Ok(None);
    };
    crate::cookies::FLASH.respond_clear();
    // A server function's refusal is its form's to show (`flash::provide_refusal`).
    Ok(crate::flash::decode(&raw).filter(|f| f.refusal.is_none()))
}

//! The desk: the intake form (the procedures of the officer's agency, and what the
//! officer typed before a refused post, kept for five minutes so nothing is typed
//! twice), recording a paper dossier, its fee-notice slip and texting its payment link.

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

/// Records a paper dossier received at the desk or by post for the officer's agency, and
/// issues its fee notice; with `send_sms=1` texts the notice's payment link. The inputs
/// are the form's: `procedure`, `channel`, the applicant's `full_name`, `phone`,
/// `national_id`, `date_of_birth`, what the fee counts (copies, pages, the category
/// checked in person) and, once the identity check has asked for it, the officer's
/// `identity` decision (`create` or `verify`, [`domain::identity::Decision`]). The officer is then shown the dossier; a refused intake comes
/// back to the form with what was typed (five minutes, `INTAKE_DRAFT`, for a post made
/// without JavaScript: with it the form keeps its values). A failed text does not undo
/// the recording: the officer is shown the dossier, and why no text went.
#[server(endpoint = "staff/desk/record")]
pub async fn record_desk_dossier(
    #[server(flatten)]
    #[server(default)]
    values: std::collections::BTreeMap<String, String>,
) -> Result<domain::Text, AppError> {
    use crate::flash::{Flash, done_at};
    use crate::i18n::{Lang, Messages, fill, text};
    let s = crate::api::ssr::services()?;
    let crate::caller::Officer(me) = crate::caller::get().await?;
    let field = |name: &str| values.get(name).cloned().unwrap_or_default();
    let intake = services::dossiers::DeskIntake {
        procedure_code: field("procedure"),
        channel: field("channel"),
        full_name: field("full_name"),
        phone: field("phone"),
        national_id: field("national_id"),
        date_of_birth: field("date_of_birth"),
        // The service keeps only the fee's counts and the category.
        fee_answers: values.clone(),
        identity: field("identity"),
    };
    let dossier = match services::dossiers::record_desk(&s, &me, &intake).await {
        Ok(d) => d,
        Err(e) => {
            crate::api::ssr::keep_typed_values(crate::cookies::INTAKE_DRAFT, &values);
            return Err(AppError::from(e).listed());
        }
    };
    // A dossier recorded at the desk has its code at once (`record_desk` numbers it).
    let code = dossier
        .summary
        .code
        .clone()
        .ok_or_else(|| AppError::Internal {
            error_id: "desk-dossier-without-code".to_owned(),
        })?;
    let page = format!("/can-bo/ho-so/{code}");
    if dossier.summary.fee_due_vnd == 0 || field("send_sms") != "1" {
        return Ok(done_at(
            &page,
            Flash::done(text!(Messages.dossier_code_recorded, code = code)),
        ));
    }
    let public_url = crate::api::ssr::web_config().public_url;
    let flash = match services::payments::links::send(&s, &me, &code, &public_url).await {
        Ok(sent) => Flash::done(text!(
            Messages.recorded_and_texted,
            code = code,
            phone = sent.phone
        )),
        // Recorded all the same: the officer sees the dossier, and why no text went.
        Err(e) => {
            let why = e.text();
            Flash {
                ok: false,
                field: None,
                message: Lang::both(|l| {
                    fill!(
                        l.of::<Messages>().recorded_not_texted,
                        code = code,
                        why = why.get(l.is_en())
                    )
                }),
                refusal: None,
            }
        }
    };
    Ok(done_at(&page, flash))
}

/// The printable fee-notice slip of a dossier recorded at the desk.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct NoticeSlip {
    pub code: String,
    pub agency_name: String,
    pub procedure_name: String,
    pub applicant_name: String,
    pub amount_vnd: domain::Vnd,
    /// The payment link texted to the applicant (the QR's contents).
    pub link: String,
    /// The link's QR as inline SVG (made by `services::qr`).
    pub qr_svg: String,
}

/// The notice slip of `code`, for an officer of its agency.
#[server(endpoint = "staff/notice-slip")]
pub async fn get_notice_slip(code: String) -> Result<NoticeSlip, AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::Officer(me) = crate::caller::get().await?;
    let who = services::dossiers::Who::Staff(me.clone());
    let d = services::dossiers::get(&s, &who, services::dossiers::Key::Code(&code)).await?;
    let public_url = crate::api::ssr::web_config().public_url;
    let n = services::payments::links::notice_link(&s, &me, &code, &public_url).await?;
    let qr_svg = services::qr::svg_inline(&n.link).ok_or_else(|| AppError::Internal {
        error_id: "notice-qr".to_owned(),
    })?;
    Ok(NoticeSlip {
        code,
        agency_name: d.summary.agency_name,
        procedure_name: d.summary.procedure_name,
        applicant_name: d.summary.applicant_name,
        amount_vnd: n.amount_vnd,
        link: n.link,
        qr_svg,
    })
}

/// Texts the payment link of a dossier's fee notice to its applicant (officers of the
/// agency).
#[server(endpoint = "staff/notice-link/send")]
pub async fn text_payment_link(code: String) -> Result<domain::Text, AppError> {
    use crate::i18n::{Messages, text};
    let s = crate::api::ssr::services()?;
    let crate::caller::Officer(me) = crate::caller::get().await?;
    let public_url = crate::api::ssr::web_config().public_url;
    let sent = services::payments::links::send(&s, &me, &code, &public_url).await?;
    Ok(crate::flash::done(text!(
        Messages.notice_texted,
        phone = sent.phone
    )))
}

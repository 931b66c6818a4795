//! The configuration screens: agencies, procedures' online payment, fee lines and
//! categories of payer, read and changed (every change audited by `services::config`).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An agency's settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AgencyRow {
    pub code: String,
    pub name: String,
    pub bank_bin: String,
    pub account_number: String,
    pub account_name: String,
    pub receipt_template: String,
    pub receipt_series: String,
    pub online_target_pct: i64,
}

/// The agencies screen.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AgenciesView {
    pub can_edit: bool,
    /// (BIN, short name).
    pub banks: Vec<(String, String)>,
    pub agencies: Vec<AgencyRow>,
}

/// A procedure's payment settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ProcedureRow {
    pub code: String,
    pub name: String,
    pub agency_code: String,
    pub online_payment: bool,
    /// Every line, newest first within a name.
    pub fees: Vec<domain::fees::FeeLine>,
    pub categories: Vec<domain::fees::PayerCategory>,
    /// The form's number fields (name, label): what a fee can count.
    pub number_fields: Vec<(String, String)>,
    /// A fee line typed for this procedure before a preview or a refused post.
    pub draft: Option<FeeDraft>,
}

/// A fee line as typed (the inputs of the form), kept for its preview.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct FeeDraft {
    pub code: String,
    pub values: std::collections::BTreeMap<String, String>,
}

#[cfg(feature = "ssr")]
async fn me() -> Result<(services::Services, services::staff::Staff), AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    Ok((s, me))
}

/// Agencies with their collection accounts, receipt series and targets.
#[server(endpoint = "staff/config/agencies")]
pub async fn config_agencies() -> Result<AgenciesView, AppError> {
    let (s, me) = me().await?;
    let agencies = services::config::agencies(&s, &me)
        .await?
        .into_iter()
        .map(|a| AgencyRow {
            code: a.code,
            name: a.name,
            bank_bin: a.bank_bin.unwrap_or_default(),
            account_number: a.account_number,
            account_name: a.account_name,
            receipt_template: a.receipt_template,
            receipt_series: a.receipt_series,
            online_target_pct: a.online_target_pct,
        })
        .collect();
    let banks = services::config::banks(&s)
        .await?
        .into_iter()
        .map(|b| (b.bin, b.short_name))
        .collect();
    Ok(AgenciesView {
        can_edit: services::staff::StaffGuard::Admin.admits(&me),
        banks,
        agencies,
    })
}

/// Procedures with their online payment, fee lines and categories.
#[server(endpoint = "staff/config/procedures")]
pub async fn config_procedures() -> Result<Vec<ProcedureRow>, AppError> {
    let (s, me) = me().await?;
    let values = crate::api::ssr::take_typed_values(crate::cookies::FEE_DRAFT);
    let draft = (!values.is_empty()).then(|| FeeDraft {
        code: values.get("procedure").cloned().unwrap_or_default(),
        values,
    });
    let mut rows = Vec::new();
    for p in services::config::procedures(&s, &me).await? {
        let fees = p
            .fee_lines
            .iter()
            .map(services::config::FeeLineSettings::fee_line)
            .collect::<Result<Vec<_>, _>>()?;
        rows.push(ProcedureRow {
            number_fields: p
                .form
                .fields
                .iter()
                .filter(|f| f.kind == domain::catalog::FieldType::Number)
                .map(|f| (f.name.clone(), f.label.clone()))
                .collect(),
            draft: draft.clone().filter(|d| d.code == p.code),
            fees,
            categories: p.fee_categories,
            code: p.code,
            name: p.name,
            agency_code: p.agency_code,
            online_payment: p.online_payment,
        });
    }
    Ok(rows)
}

/// Saves an agency's collection account, receipt series and target (admins).
#[server(endpoint = "staff/config/agency")]
pub async fn save_agency(
    code: String,
    #[server(default)] bank_bin: String,
    #[server(default)] account_number: String,
    #[server(default)] account_name: String,
    #[server(default)] receipt_template: String,
    #[server(default)] receipt_series: String,
    #[server(default)] online_target_pct: String,
) -> Result<domain::Text, AppError> {
    let (s, me) = me().await?;
    let input = services::config::AgencyInput {
        bank_bin,
        account_number,
        account_name,
        receipt_template,
        receipt_series,
        online_target_pct,
    };
    services::config::update_agency(&s, &me, &code, &input).await?;
    Ok(saved())
}

/// Opens (`on=1`) or closes (`on=0`) a procedure to online payment (managers, admins).
#[server(endpoint = "staff/config/online-payment")]
pub async fn set_online_payment(
    code: String,
    #[server(default)] on: String,
) -> Result<domain::Text, AppError> {
    let (s, me) = me().await?;
    services::config::set_online_payment(&s, &me, &code, on == "1").await?;
    Ok(saved())
}

/// Replaces a procedure's categories of payers with a reduction, one per line
/// (managers, admins).
#[server(endpoint = "staff/config/fee-categories")]
pub async fn save_fee_categories(
    code: String,
    #[server(default)] categories: String,
) -> Result<domain::Text, AppError> {
    let (s, me) = me().await?;
    services::config::set_fee_categories(&s, &me, &code, &categories).await?;
    Ok(saved())
}

/// A new fee line for a procedure (managers, admins), from the form's inputs (see
/// `services::config::FeeLineInput`). With `intent=preview` it is checked and priced for
/// its worked example ("1 bản: …, 5 bản: …"), not saved; with `intent=save` it is saved;
/// anything else is refused. What was typed, unless saved, stays in the form: with
/// JavaScript the page reads the list again only after a save, without it the values
/// come back for five minutes (the `FEE_DRAFT` cookie).
#[server(endpoint = "staff/config/fee-line")]
pub async fn add_fee_line(
    code: String,
    #[server(default)] intent: String,
    #[server(flatten)]
    #[server(default)]
    values: std::collections::BTreeMap<String, String>,
) -> Result<FeeLineAnswer, AppError> {
    use crate::i18n::{Lang, Messages, fill, text};
    let (s, me) = me().await?;
    // Inputs that are missing read as empty, and are refused as such.
    let input: services::config::FeeLineInput = serde_json::to_value(&values)
        .and_then(serde_json::from_value)
        .unwrap_or_default();
    let saving = match intent.as_str() {
        "save" => true,
        "preview" => false,
        _ => {
            return Err(AppError::Invalid {
                field: None,
                message: text!(Messages.no_action_chosen),
            });
        }
    };
    let result: Result<domain::Text, AppError> = if saving {
        services::config::add_fee_line(&s, &me, &code, &input)
            .await
            .map(|_| saved())
            .map_err(AppError::from)
    } else {
        services::config::preview_fee_line(&s, &me, &code, &input)
            .await
            .map(|examples| {
                crate::flash::done(Lang::both(|l| {
                    let example = domain::fees::example_text(&examples, l.is_en());
                    fill!(l.of::<Messages>().fee_example, example = example)
                }))
            })
            .map_err(AppError::from)
    };
    // What was typed comes back unless it was saved, or refused for who is asking.
    let keep = match &result {
        Ok(_) => !saving,
        Err(e) => !matches!(
            e,
            AppError::Forbidden | AppError::Unauthenticated | AppError::NotFound
        ),
    };
    if keep {
        let mut typed = values;
        typed.insert("procedure".to_owned(), code);
        crate::api::ssr::keep_typed_values(crate::cookies::FEE_DRAFT, &typed);
    }
    match result {
        Ok(message) => Ok(FeeLineAnswer {
            saved: saving,
            message,
        }),
        Err(e) => Err(e.listed()),
    }
}

/// What the fee-line form's post answers: whether the line was saved (the list is then
/// read again), and the message.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FeeLineAnswer {
    pub saved: bool,
    pub message: domain::Text,
}

impl crate::components::notice::Answer for FeeLineAnswer {
    fn message(&self) -> Option<domain::Text> {
        Some(self.message.clone())
    }
}

#[cfg(feature = "ssr")]
fn saved() -> domain::Text {
    use crate::i18n::{Messages, text};
    crate::flash::done(text!(Messages.changes_saved))
}

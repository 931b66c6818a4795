//! What people see of dossiers: plain data shared by the server and the browser.

use super::{Action, Channel, Status};
use crate::Vnd;
use crate::attachment::FileKind;
use crate::catalog::FormSchema;
use crate::fees::FeeLine;
use crate::form::FormValues;
use serde::{Deserialize, Serialize};

/// A line of a dossier list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierSummary {
    /// None while a draft.
    pub code: Option<String>,
    pub procedure_code: String,
    pub procedure_name: String,
    pub procedure_name_en: String,
    pub agency_code: String,
    pub agency_name: String,
    pub status: Status,
    pub channel: Channel,
    pub applicant_name: String,
    pub fee_due_vnd: Vnd,
    pub submitted_at: Option<i64>,
    pub updated_at: i64,
}

/// One change in a dossier's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: i64,
    pub action: Action,
    pub from: Option<Status>,
    pub to: Status,
    /// `citizen`, `staff` or `system`.
    pub actor_kind: String,
    pub actor_name: String,
    pub note: String,
}

/// A file attached to a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: i64,
    pub file_name: String,
    pub kind: FileKind,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: i64,
    /// `citizen` or `staff`.
    pub uploaded_by: String,
    /// 0 with the submission, n with the n-th supplement.
    pub round: i64,
    /// The proof of the category of payer claimed for a fee reduction.
    #[serde(default)]
    pub fee_proof: bool,
}

/// A fee reduction claimed for a category of payer, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeClaim {
    /// The [`crate::fees::PayerCategory`] code claimed.
    pub category: String,
    /// Its name when claimed.
    pub category_name: String,
    pub status: crate::fees::ReductionStatus,
    /// The officer's reason when refused.
    pub note: String,
}

/// Everything about one dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub id: i64,
    pub summary: DossierSummary,
    pub form: FormValues,
    pub schema: FormSchema,
    /// The officer's latest note for the citizen (supplement request, refusal reason).
    pub citizen_note: String,
    pub fees: Vec<FeeLine>,
    pub processing_days: i64,
    pub history: Vec<Event>,
    pub attachments: Vec<Attachment>,
    /// A fee reduction claimed for a category of payer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_claim: Option<FeeClaim>,
}

impl Dossier {
    /// Bytes attached so far.
    #[must_use]
    pub fn attached_bytes(&self) -> u64 {
        self.attachments
            .iter()
            .map(|a| u64::try_from(a.size_bytes).unwrap_or(0))
            .sum()
    }
}

/// The public view of a dossier, for lookup by code and phone without signing in:
/// no form answers, no files, no officer notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicDossier {
    pub code: String,
    pub procedure_name: String,
    pub procedure_name_en: String,
    pub agency_name: String,
    pub status: Status,
    pub fee_due_vnd: Vnd,
    pub submitted_at: Option<i64>,
    pub history: Vec<(i64, Status)>,
}

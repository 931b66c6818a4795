//! Dossiers: drafts, submission with the national code, the workflow, attachments,
//! and the views citizens, staff and the public get of them.

mod files;
mod queries;
mod submit;
mod workflow;

pub use files::{attach, download};
pub use queries::{QueueFilter, draft_for, get, lookup, mine, queue};
pub use submit::{save_draft, submit};
pub use workflow::act;

use crate::staff::Staff;
use crate::{ServiceError, error::ServiceResult};
use domain::attachment::FileKind;
use domain::catalog::FormSchema;
use domain::dossier::{Action, Channel, Status};
use domain::fees::FeeLine;
use domain::form::FormValues;
use serde::{Deserialize, Serialize};

/// Who is asking.
#[derive(Debug, Clone)]
pub enum Who {
    Citizen(i64),
    Staff(Staff),
}

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
    pub fee_due_vnd: i64,
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
    pub fee_due_vnd: i64,
    pub submitted_at: Option<i64>,
    pub history: Vec<(i64, Status)>,
}

#[derive(sqlx::FromRow)]
struct DossierRow {
    id: i64,
    code: Option<String>,
    status: String,
    channel: String,
    form_json: String,
    applicant_name: String,
    fee_due_vnd: i64,
    citizen_note: String,
    submitted_at: Option<i64>,
    updated_at: i64,
    citizen_id: i64,
    procedure_code: String,
    procedure_name: String,
    procedure_name_en: String,
    agency_code: String,
    agency_name: String,
}

const DOSSIER_SELECT: &str = "SELECT d.id, d.code, d.status, d.channel, d.form_json, \
     d.applicant_name, d.fee_due_vnd, d.citizen_note, d.submitted_at, d.updated_at, \
     d.citizen_id, p.code AS procedure_code, p.name AS procedure_name, \
     p.name_en AS procedure_name_en, a.code AS agency_code, a.name AS agency_name \
     FROM dossiers d JOIN procedures p ON p.id = d.procedure_id JOIN agencies a ON a.id = d.agency_id";

impl DossierRow {
    fn summary(&self) -> ServiceResult<DossierSummary> {
        let status = Status::parse(&self.status)
            .ok_or_else(|| anyhow::anyhow!("unknown dossier status {}", self.status))?;
        let channel = Channel::parse(&self.channel)
            .ok_or_else(|| anyhow::anyhow!("unknown channel {}", self.channel))?;
        Ok(DossierSummary {
            code: self.code.clone(),
            procedure_code: self.procedure_code.clone(),
            procedure_name: self.procedure_name.clone(),
            procedure_name_en: self.procedure_name_en.clone(),
            agency_code: self.agency_code.clone(),
            agency_name: self.agency_name.clone(),
            status,
            channel,
            applicant_name: self.applicant_name.clone(),
            fee_due_vnd: self.fee_due_vnd,
            submitted_at: self.submitted_at,
            updated_at: self.updated_at,
        })
    }

    /// Whether `who` may see this dossier: its owner, or staff of its agency.
    fn visible_to(&self, who: &Who) -> bool {
        match who {
            Who::Citizen(id) => *id == self.citizen_id,
            Who::Staff(staff) => staff.agency_code.as_deref() == Some(self.agency_code.as_str()),
        }
    }
}

/// Finds a dossier by code (or, for drafts, id) that `who` may see. Others' dossiers
/// answer `NotFound`, exactly like missing ones.
async fn row_for(
    conn: &mut sqlx::AnyConnection,
    who: &Who,
    key: Key<'_>,
) -> ServiceResult<DossierRow> {
    let row: Option<DossierRow> = match key {
        Key::Code(code) => {
            let code =
                domain::dossier::DossierCode::parse(code).map_err(|_| ServiceError::NotFound)?;
            sqlx::query_as(&format!("{DOSSIER_SELECT} WHERE d.code = $1"))
                .bind(code.as_str().to_owned())
                .fetch_optional(&mut *conn)
                .await?
        }
        Key::Id(id) => {
            sqlx::query_as(&format!("{DOSSIER_SELECT} WHERE d.id = $1"))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
        }
    };
    row.filter(|r| r.visible_to(who))
        .ok_or(ServiceError::NotFound)
}

/// How a dossier is named in a request.
#[derive(Debug, Clone, Copy)]
pub enum Key<'a> {
    Code(&'a str),
    Id(i64),
}

fn actor_name(who: &Who) -> String {
    match who {
        Who::Citizen(_) => String::new(),
        Who::Staff(s) => s.full_name.clone(),
    }
}

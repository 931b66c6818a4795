//! Dossiers: drafts, submission with the national code, the workflow, attachments,
//! and the views citizens, staff and the public get of them.

mod files;
mod intake;
mod queries;
mod reduction;
mod submit;
mod workflow;

pub use files::{attach, attach_as, download};
pub use intake::{DeskIntake, record_desk};
pub use queries::{QUEUE_LIMIT, QueueFilter, draft_for, get, lookup, lookup_miss, mine, queue};
pub use reduction::{Decision, decide_reduction};
pub use submit::{save_draft, submit, submit_assisted};
pub use workflow::act;

use crate::staff::Staff;
use crate::{ServiceError, error::ServiceResult};
pub use domain::dossier::view::{Attachment, Dossier, DossierSummary, Event, PublicDossier};
use domain::dossier::{Channel, Status};

/// Who is asking.
#[derive(Debug, Clone)]
pub enum Who {
    Citizen(i64),
    Staff(Staff),
    /// Whoever opened a fee-notice link: may see that dossier's payments, nothing else
    /// (the dossier's id).
    NoticeHolder(i64),
}

impl Who {
    /// Refuses the holder of a fee-notice link: they may only pay.
    ///
    /// # Errors
    /// `NotFound` for a notice-link holder.
    pub fn signed_in(&self) -> ServiceResult<()> {
        match self {
            Self::NoticeHolder(_) => Err(ServiceError::NotFound),
            Self::Citizen(_) | Self::Staff(_) => Ok(()),
        }
    }
}

/// A stored attachment.
#[derive(sqlx::FromRow)]
struct AttachmentRow {
    id: i64,
    dossier_id: i64,
    file_name: String,
    kind: String,
    size_bytes: i64,
    sha256: String,
    uploaded_at: i64,
    uploaded_by: String,
    round: i64,
    purpose: String,
}

const ATTACHMENT_SELECT: &str = "SELECT id, dossier_id, file_name, kind, size_bytes, sha256, \
     uploaded_at, uploaded_by, round, purpose FROM attachments";

/// What an attached file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// One of the procedure's documents (the default).
    Document,
    /// The proof of a category of payer claimed for a fee reduction.
    FeeProof,
}

impl Purpose {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Document => "document",
            Self::FeeProof => "fee_proof",
        }
    }
}

impl AttachmentRow {
    fn into_attachment(self) -> ServiceResult<Attachment> {
        Ok(Attachment {
            id: self.id,
            kind: domain::attachment::FileKind::parse(&self.kind)
                .ok_or_else(|| anyhow::anyhow!("unknown file kind {}", self.kind))?,
            file_name: self.file_name,
            size_bytes: self.size_bytes,
            sha256: self.sha256,
            uploaded_at: self.uploaded_at,
            uploaded_by: self.uploaded_by,
            round: self.round,
            fee_proof: self.purpose == Purpose::FeeProof.as_str(),
        })
    }
}

#[derive(sqlx::FromRow)]
struct DossierRow {
    id: i64,
    code: Option<String>,
    status: String,
    channel: String,
    form_json: String,
    applicant_name: String,
    #[sqlx(try_from = "i64")]
    fee_due_vnd: domain::Vnd,
    citizen_note: String,
    submitted_at: Option<i64>,
    updated_at: i64,
    citizen_id: i64,
    procedure_code: String,
    procedure_name: String,
    procedure_name_en: String,
    agency_code: String,
    agency_name: String,
    fee_category: Option<String>,
    fee_category_name: String,
    fee_reduction: Option<String>,
    fee_reduction_note: String,
}

const DOSSIER_SELECT: &str = "SELECT d.id, d.code, d.status, d.channel, d.form_json, \
     d.applicant_name, d.fee_due_vnd, d.citizen_note, d.submitted_at, d.updated_at, \
     d.citizen_id, p.code AS procedure_code, p.name AS procedure_name, \
     p.name_en AS procedure_name_en, a.code AS agency_code, a.name AS agency_name, \
     d.fee_category, d.fee_category_name, d.fee_reduction, d.fee_reduction_note \
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

    fn fee_claim(&self) -> Option<domain::dossier::view::FeeClaim> {
        let status = self
            .fee_reduction
            .as_deref()
            .and_then(domain::fees::ReductionStatus::parse)?;
        Some(domain::dossier::view::FeeClaim {
            category: self.fee_category.clone().unwrap_or_default(),
            category_name: self.fee_category_name.clone(),
            status,
            note: self.fee_reduction_note.clone(),
        })
    }

    /// Whether `who` may see this dossier: its owner, or staff of its agency.
    fn visible_to(&self, who: &Who) -> bool {
        match who {
            Who::Citizen(id) => *id == self.citizen_id,
            Who::Staff(staff) => staff.agency_code.as_deref() == Some(self.agency_code.as_str()),
            Who::NoticeHolder(dossier_id) => *dossier_id == self.id,
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
        Who::Citizen(_) | Who::NoticeHolder(_) => String::new(),
        Who::Staff(s) => s.full_name.clone(),
    }
}

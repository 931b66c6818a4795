//! Drafts and submission. A citizen has at most one draft per procedure; submitting
//! validates the form on the server, computes the fee due, allocates the day's next
//! code of the agency inside the same transaction and records the first history event.

use super::{Dossier, Key, Who, queries};
use crate::audit::{self, Actor as AuditActor};
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::catalog::AgencyCode;
use domain::dossier::{Action, Actor, Channel, DossierCode, Status};
use domain::fees::ReductionStatus;
use domain::form::{self, FormValues};
use domain::{Date, Text};
use sqlx::AnyConnection;

pub(super) struct ProcedureRef {
    pub(super) id: i64,
    pub(super) agency_id: i64,
    pub(super) agency_code: String,
    pub(super) procedure: domain::catalog::Procedure,
}

pub(super) async fn procedure(s: &Services, code: &str) -> ServiceResult<ProcedureRef> {
    let procedure = crate::catalog::get(s, code).await?;
    let (id, agency_id): (i64, i64) =
        sqlx::query_as("SELECT id, agency_id FROM procedures WHERE code = $1")
            .bind(&procedure.code)
            .fetch_one(&s.db.pool)
            .await?;
    Ok(ProcedureRef {
        id,
        agency_id,
        agency_code: procedure.agency_code.clone(),
        procedure,
    })
}

/// Saves what the citizen typed so far, without checking it: nothing typed is lost.
/// Returns the draft's id.
///
/// # Errors
/// `NotFound` for an unknown procedure.
pub async fn save_draft(
    s: &Services,
    citizen_id: i64,
    procedure_code: &str,
    raw: &FormValues,
) -> ServiceResult<i64> {
    let p = procedure(s, procedure_code).await?;
    let values = form::clean(&p.procedure.form, raw);
    let mut tx = s.db.begin_write().await?;
    let id = upsert_draft(s, &mut tx, citizen_id, &p, &values).await?;
    tx.commit().await?;
    Ok(id)
}

async fn upsert_draft(
    s: &Services,
    conn: &mut AnyConnection,
    citizen_id: i64,
    p: &ProcedureRef,
    values: &FormValues,
) -> ServiceResult<i64> {
    let now = s.now();
    let json = serde_json::to_string(values).map_err(anyhow::Error::from)?;
    let existing: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM dossiers WHERE citizen_id = $1 AND procedure_id = $2 AND status = 'draft'",
    )
    .bind(citizen_id)
    .bind(p.id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((id,)) = existing {
        sqlx::query("UPDATE dossiers SET form_json = $1, updated_at = $2 WHERE id = $3")
            .bind(json)
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        return Ok(id);
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO dossiers (procedure_id, agency_id, citizen_id, status, channel, form_json, \
         created_at, updated_at) VALUES ($1, $2, $3, 'draft', 'online', $4, $5, $5) RETURNING id",
    )
    .bind(p.id)
    .bind(p.agency_id)
    .bind(citizen_id)
    .bind(json)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// The next code of the agency for the day, allocated in the caller's transaction.
/// The counter row is locked by the upsert until the transaction ends (PostgreSQL) or
/// the whole database is (SQLite `BEGIN IMMEDIATE`), so no two dossiers share a code.
pub(super) async fn next_code(
    conn: &mut AnyConnection,
    agency_id: i64,
    agency_code: &str,
    day: Date,
) -> ServiceResult<DossierCode> {
    let (seq,): (i64,) = sqlx::query_as(
        "INSERT INTO dossier_counters (agency_id, day, last_seq) VALUES ($1, $2, 1) \
         ON CONFLICT (agency_id, day) DO UPDATE SET last_seq = dossier_counters.last_seq + 1 \
         RETURNING last_seq",
    )
    .bind(agency_id)
    .bind(day.to_string())
    .fetch_one(&mut *conn)
    .await?;
    let agency = AgencyCode::parse(agency_code)
        .map_err(|_| anyhow::anyhow!("agency code {agency_code} is not in the national format"))?;
    let seq = u32::try_from(seq).map_err(|_| anyhow::anyhow!("sequence overflow"))?;
    Ok(DossierCode::new(&agency, day, seq))
}

/// Submits a dossier for a procedure: the citizen's draft for it if there is one (with
/// its files), otherwise a new one. The form is checked in full on the server.
///
/// # Errors
/// `NotFound` for an unknown procedure, `InvalidForm` with every problem.
pub async fn submit(
    s: &Services,
    citizen_id: i64,
    procedure_code: &str,
    raw: &FormValues,
    channel: Channel,
) -> ServiceResult<Dossier> {
    submit_as(s, citizen_id, procedure_code, raw, channel, None).await
}

/// As [`submit`], by a member of staff acting for the citizen at a kiosk after checking
/// their identity in person: the channel is "kiosk, assisted" and the officer is the
/// recorded actor of the submission (history and audit).
///
/// # Errors
/// As [`submit`].
pub async fn submit_assisted(
    s: &Services,
    citizen_id: i64,
    procedure_code: &str,
    raw: &FormValues,
    officer: &crate::staff::Staff,
) -> ServiceResult<Dossier> {
    submit_as(
        s,
        citizen_id,
        procedure_code,
        raw,
        Channel::KioskAssisted,
        Some(officer),
    )
    .await
}

/// A reduction is claimed only with its proof attached (the officer checks it before the
/// fee can be paid).
async fn require_fee_proof(
    conn: &mut sqlx::AnyConnection,
    dossier_id: i64,
    fee: &domain::fees::FeeBreakdown,
) -> ServiceResult<()> {
    let (proofs,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM attachments WHERE dossier_id = $1 AND purpose = 'fee_proof'",
    )
    .bind(dossier_id)
    .fetch_one(&mut *conn)
    .await?;
    if proofs > 0 {
        return Ok(());
    }
    let (vi, en) = fee.category.as_ref().map_or_else(Default::default, |c| {
        (c.proof.clone(), c.proof_in(true).to_owned())
    });
    Err(ServiceError::InvalidForm(vec![
        domain::form::FieldProblem {
            field: domain::fees::CATEGORY_INPUT.to_owned(),
            message: Text::new(
                format!("Đính kèm giấy tờ chứng minh để được giảm phí: {vi}"),
                format!("Attach the proof to get the reduction: {en}"),
            ),
        },
    ]))
}

async fn submit_as(
    s: &Services,
    citizen_id: i64,
    procedure_code: &str,
    raw: &FormValues,
    channel: Channel,
    officer: Option<&crate::staff::Staff>,
) -> ServiceResult<Dossier> {
    let p = procedure(s, procedure_code).await?;
    let today = s.today();
    let cleaned = form::clean(&p.procedure.form, raw);
    let values = match form::validate(
        &p.procedure.form,
        &cleaned,
        today,
        Some(crate::places::list()),
    ) {
        Ok(v) => v,
        Err(problems) => return Err(ServiceError::InvalidForm(problems)),
    };
    let online = channel.national_code() == 2;
    let fee = p
        .procedure
        .price(&values, online, today)
        .map_err(|e| ServiceError::InvalidForm(vec![e.problem()]))?;
    let status = Status::Draft
        .apply(Action::Submit, Actor::Citizen, "")
        .map_err(ServiceError::invalid_input)?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let id = upsert_draft(s, &mut tx, citizen_id, &p, &values).await?;
    // A category counts only where it lowers the fee; then its proof must be attached.
    let claimed = fee.category.as_ref().filter(|_| fee.reduced);
    if claimed.is_some() {
        require_fee_proof(&mut tx, id, &fee).await?;
    }
    let code = next_code(&mut tx, p.agency_id, &p.agency_code, today).await?;
    let (account_phone,): (String,) = sqlx::query_as("SELECT phone FROM citizens WHERE id = $1")
        .bind(citizen_id)
        .fetch_one(&mut *tx)
        .await?;
    let applicant_phone = values
        .get("so_dien_thoai")
        .and_then(|p| domain::PhoneNumber::parse(p).ok())
        .map_or(account_phone, |p| p.e164().to_owned());
    let done = sqlx::query(
        "UPDATE dossiers SET code = $1, status = $2, channel = $3, form_json = $4, \
         applicant_name = $5, applicant_phone = $6, fee_due_vnd = $7, submitted_at = $8, \
         updated_at = $8, due_date = $9, fee_category = $11, fee_category_name = $12, \
         fee_reduction = $13 WHERE id = $10 AND status = 'draft'",
    )
    .bind(code.as_str())
    .bind(status.as_str())
    .bind(channel.as_str())
    .bind(serde_json::to_string(&values).map_err(anyhow::Error::from)?)
    .bind(values.get("ho_ten").cloned().unwrap_or_default())
    .bind(applicant_phone)
    .bind(fee.total_vnd.get())
    .bind(now)
    .bind(
        Date::from_days_since_epoch(today.days_since_epoch() + p.procedure.processing_days)
            .to_string(),
    )
    .bind(id)
    .bind(claimed.map(|c| c.code.clone()))
    .bind(claimed.map(|c| c.name.clone()).unwrap_or_default())
    .bind(claimed.map(|_| ReductionStatus::Claimed.as_str()))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ServiceError::Conflict(Text::new(
            "Hồ sơ này vừa được nộp từ một cửa sổ khác.",
            "This dossier was just submitted from another window.",
        )));
    }
    if fee.total_vnd > domain::Vnd::ZERO {
        crate::payments::create_notice(&mut tx, id, p.agency_id, &fee, now, None).await?;
    }
    let (actor_kind, actor_id, actor_name, note, audit_actor) = match officer {
        Some(o) => (
            "staff",
            o.id,
            o.full_name.clone(),
            "Cán bộ nộp thay công dân tại ki-ốt, đã kiểm tra giấy tờ tùy thân trực tiếp".to_owned(),
            AuditActor::Staff(o.id),
        ),
        None => (
            "citizen",
            citizen_id,
            String::new(),
            String::new(),
            AuditActor::Citizen(citizen_id),
        ),
    };
    sqlx::query(
        "INSERT INTO dossier_events (dossier_id, at, action, from_status, to_status, actor_kind, actor_id, \
         actor_name, note) VALUES ($1, $2, 'submit', 'draft', $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(now)
    .bind(status.as_str())
    .bind(actor_kind)
    .bind(actor_id)
    .bind(&actor_name)
    .bind(&note)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        now,
        audit_actor,
        "dossier.submit",
        &format!("dossier:{code}"),
        channel.as_str(),
    )
    .await?;
    tx.commit().await?;
    queries::get(s, &Who::Citizen(citizen_id), Key::Id(id)).await
}

//! Reading dossiers: one in full, a citizen's list, an agency's queue, a draft, and the
//! public lookup by code and phone.

use super::{
    ATTACHMENT_SELECT, AttachmentRow, DOSSIER_SELECT, Dossier, DossierRow, DossierSummary, Event,
    Key, PublicDossier, Who, row_for,
};
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::dossier::{Action, DossierCode, Status};
use domain::{PhoneNumber, Text};

/// Lookups allowed per client address in ten minutes.
pub const LOOKUPS_PER_IP_PER_10_MIN: i64 = 30;

/// One dossier in full, if `who` may see it.
///
/// # Errors
/// `NotFound` for a missing dossier or someone else's.
pub async fn get(s: &Services, who: &Who, key: Key<'_>) -> ServiceResult<Dossier> {
    let row = {
        let mut conn = s.db.pool.acquire().await?;
        row_for(&mut conn, who, key).await?
    };
    load(s, row).await
}

/// Completes a row with its history, files and procedure. Queries go to the pool one by
/// one, never holding a connection while waiting for another.
pub(super) async fn load(s: &Services, row: DossierRow) -> ServiceResult<Dossier> {
    let summary = row.summary()?;
    let procedure = crate::catalog::get(s, &row.procedure_code).await?;
    let form = serde_json::from_str(&row.form_json)
        .map_err(|e| anyhow::anyhow!("dossier {} form: {e}", row.id))?;
    let events: Vec<EventRow> = sqlx::query_as(
        "SELECT at, action, from_status, to_status, actor_kind, actor_name, note \
         FROM dossier_events WHERE dossier_id = $1 ORDER BY id",
    )
    .bind(row.id)
    .fetch_all(&s.db.pool)
    .await?;
    let history = events
        .into_iter()
        .map(EventRow::into_event)
        .collect::<ServiceResult<Vec<_>>>()?;
    let files: Vec<AttachmentRow> = sqlx::query_as(&format!(
        "{ATTACHMENT_SELECT} WHERE dossier_id = $1 ORDER BY id"
    ))
    .bind(row.id)
    .fetch_all(&s.db.pool)
    .await?;
    let attachments = files
        .into_iter()
        .map(AttachmentRow::into_attachment)
        .collect::<ServiceResult<Vec<_>>>()?;
    let fee_claim = row.fee_claim();
    Ok(Dossier {
        id: row.id,
        summary,
        form,
        schema: procedure.form,
        citizen_note: row.citizen_note,
        fees: procedure.fees,
        processing_days: procedure.processing_days,
        history,
        attachments,
        fee_claim,
    })
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: i64,
    action: String,
    from_status: Option<String>,
    to_status: String,
    actor_kind: String,
    actor_name: String,
    note: String,
}

impl EventRow {
    fn into_event(self) -> ServiceResult<Event> {
        Ok(Event {
            at: self.at,
            action: Action::parse(&self.action)
                .ok_or_else(|| anyhow::anyhow!("unknown action {}", self.action))?,
            from: self.from_status.as_deref().and_then(Status::parse),
            to: Status::parse(&self.to_status)
                .ok_or_else(|| anyhow::anyhow!("unknown status {}", self.to_status))?,
            actor_kind: self.actor_kind,
            actor_name: self.actor_name,
            note: self.note,
        })
    }
}

#[derive(sqlx::FromRow)]
struct LookupRow {
    id: i64,
    status: String,
    name: String,
    name_en: String,
    agency: String,
    applicant_phone: String,
    #[sqlx(try_from = "i64")]
    fee_due_vnd: domain::Vnd,
    submitted_at: Option<i64>,
    owner_phone: String,
    code: String,
}

/// A citizen's dossiers, drafts included, most recently changed first.
///
/// # Errors
/// Database errors.
pub async fn mine(s: &Services, citizen_id: i64) -> ServiceResult<Vec<DossierSummary>> {
    let rows: Vec<DossierRow> = sqlx::query_as(&format!(
        "{DOSSIER_SELECT} WHERE d.citizen_id = $1 ORDER BY d.updated_at DESC, d.id DESC"
    ))
    .bind(citizen_id)
    .fetch_all(&s.db.pool)
    .await?;
    rows.iter().map(DossierRow::summary).collect()
}

/// The citizen's draft for a procedure, if they started one.
///
/// # Errors
/// Database errors.
pub async fn draft_for(
    s: &Services,
    citizen_id: i64,
    procedure_code: &str,
) -> ServiceResult<Option<Dossier>> {
    let row: Option<DossierRow> = sqlx::query_as(&format!(
        "{DOSSIER_SELECT} WHERE d.citizen_id = $1 AND p.code = $2 AND d.status = 'draft'"
    ))
    .bind(citizen_id)
    .bind(procedure_code.trim().to_ascii_uppercase())
    .fetch_optional(&s.db.pool)
    .await?;
    match row {
        Some(row) => Ok(Some(load(s, row).await?)),
        None => Ok(None),
    }
}

/// Filters of an agency's queue.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Only this status; `None` for every open dossier (not final).
    pub status: Option<Status>,
    /// Part of the code or of the applicant's name.
    pub q: String,
}

/// At most this many dossiers are listed in the staff queue.
pub const QUEUE_LIMIT: usize = 500;
/// With a search text, at most this many dossiers (oldest first) are searched.
const QUEUE_SEARCHED: i64 = 5_000;

/// The statuses whose dossiers left the open queue, as SQL literals, from the domain's
/// rule ([`Status::is_final`]).
fn final_statuses() -> String {
    Status::ALL
        .iter()
        .filter(|st| st.is_final())
        .map(|st| format!("'{}'", st.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The dossiers of the staff member's agency, oldest submission first (first come,
/// first served), at most [`QUEUE_LIMIT`]. Officers and managers see their agency's;
/// others see none. The status (or, without one, "still open") is filtered in SQL, so
/// closed dossiers never crowd out open ones; the search text (code or applicant's name,
/// without accents) is matched on the oldest 5,000 of those.
///
/// # Errors
/// `Forbidden` for staff without an agency.
pub async fn queue(
    s: &Services,
    who: &Who,
    filter: &QueueFilter,
) -> ServiceResult<Vec<DossierSummary>> {
    let Who::Staff(staff) = who else {
        return Err(ServiceError::Forbidden);
    };
    let agency = staff
        .agency_code
        .as_deref()
        .ok_or(ServiceError::Forbidden)?;
    let q = domain::text::fold(&filter.q);
    let rows: Vec<DossierRow> = sqlx::query_as(&format!(
        "{DOSSIER_SELECT} WHERE a.code = $1 AND d.status <> 'draft' \
         AND (($2 = '' AND d.status NOT IN ({})) OR d.status = $2) \
         ORDER BY d.submitted_at, d.id LIMIT $3",
        final_statuses()
    ))
    .bind(agency)
    .bind(filter.status.map(Status::as_str).unwrap_or_default())
    .bind(if q.is_empty() {
        QUEUE_LIMIT as i64
    } else {
        QUEUE_SEARCHED
    })
    .fetch_all(&s.db.pool)
    .await?;
    let mut out = Vec::new();
    for row in &rows {
        let summary = row.summary()?;
        let matches = q.is_empty()
            || domain::text::fold(summary.code.as_deref().unwrap_or_default()).contains(&q)
            || domain::text::fold(&summary.applicant_name).contains(&q);
        if matches {
            out.push(summary);
            if out.len() == QUEUE_LIMIT {
                break;
            }
        }
    }
    Ok(out)
}

/// What a person is told when no dossier has both the code and the phone they typed
/// (the same whichever of the two is wrong, so a lookup tells nothing about either).
#[must_use]
pub fn lookup_miss() -> Text {
    Text::new(
        "Không tìm thấy hồ sơ với mã và số điện thoại này. Kiểm tra lại mã trên giấy tiếp nhận.",
        "No dossier matches this code and phone number. Check the code on your receipt slip.",
    )
}

/// The public lookup: the dossier whose code and phone (the applicant's or the
/// account's) both match. Limited per client address, since codes are guessable.
///
/// # Errors
/// `Invalid` for a malformed code or phone, `NotFound` when they do not match,
/// `RateLimited` after too many lookups.
pub async fn lookup(
    s: &Services,
    code: &str,
    phone: &str,
    client_ip: &str,
) -> ServiceResult<PublicDossier> {
    let code = DossierCode::parse(code).map_err(|e| ServiceError::invalid("code", e))?;
    let phone = PhoneNumber::parse(phone).map_err(|e| ServiceError::invalid("phone", e))?;
    crate::rate::Limit {
        kind: "dossier_lookup_ip",
        max: LOOKUPS_PER_IP_PER_10_MIN,
        window_seconds: 600,
    }
    .hit(
        s,
        client_ip,
        Text::new(
            "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút.",
            "Too many lookups. Please try again in 10 minutes.",
        ),
    )
    .await?;
    let row: Option<LookupRow> = sqlx::query_as(
        "SELECT d.id, d.status, p.name, p.name_en, a.name AS agency, d.applicant_phone, \
         d.fee_due_vnd, d.submitted_at, c.phone AS owner_phone, d.code \
         FROM dossiers d JOIN procedures p ON p.id = d.procedure_id \
         JOIN agencies a ON a.id = d.agency_id JOIN citizens c ON c.id = d.citizen_id \
         WHERE d.code = $1",
    )
    .bind(code.as_str())
    .fetch_optional(&s.db.pool)
    .await?;
    let Some(row) = row else {
        return Err(ServiceError::NotFound);
    };
    let phones = [&row.applicant_phone, &row.owner_phone];
    let matches = phones
        .iter()
        .any(|p| PhoneNumber::parse(p).is_ok_and(|p| p == phone));
    if !matches {
        return Err(ServiceError::NotFound);
    }
    let events: Vec<(i64, String)> = sqlx::query_as(
        "SELECT at, to_status FROM dossier_events WHERE dossier_id = $1 ORDER BY id",
    )
    .bind(row.id)
    .fetch_all(&s.db.pool)
    .await?;
    Ok(PublicDossier {
        status: Status::parse(&row.status).ok_or_else(|| anyhow::anyhow!("unknown status"))?,
        code: row.code,
        procedure_name: row.name,
        procedure_name_en: row.name_en,
        agency_name: row.agency,
        fee_due_vnd: row.fee_due_vnd,
        submitted_at: row.submitted_at,
        history: events
            .into_iter()
            .filter_map(|(at, st)| Status::parse(&st).map(|st| (at, st)))
            .collect(),
    })
}

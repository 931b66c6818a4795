//! Moving a dossier along: the rule comes from `domain`, this records it (status,
//! history, audit for staff) in one transaction and texts the citizen when they must act.

use super::{Dossier, Key, Who, actor_name, queries, row_for};
use crate::audit::{self, Actor as AuditActor};
use crate::error::ServiceResult;
use crate::{ServiceError, Services, jobs};
use domain::dossier::{Action, Actor, Status};
use domain::{PhoneNumber, Text};

/// Longest note an officer may write (characters).
pub const MAX_NOTE_CHARS: usize = 1000;

/// Applies `action` to the dossier with `code` on behalf of `who`.
///
/// # Errors
/// `NotFound` when `who` may not see the dossier, `Invalid` when the workflow refuses
/// the action (with the reason), `Conflict` when someone else moved it meanwhile.
pub async fn act(
    s: &Services,
    who: &Who,
    code: &str,
    action: Action,
    note: &str,
) -> ServiceResult<Dossier> {
    let note = domain::text::clean(note);
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(ServiceError::invalid(
            "note",
            Text::new(
                format!("Ghi chú tối đa {MAX_NOTE_CHARS} ký tự"),
                format!("The note may have at most {MAX_NOTE_CHARS} characters"),
            ),
        ));
    }
    let actor = match who {
        Who::Citizen(_) => Actor::Citizen,
        Who::Staff(_) => Actor::Staff,
        Who::NoticeHolder(_) => return Err(ServiceError::NotFound),
    };
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let row = row_for(&mut tx, who, Key::Code(code)).await?;
    let from = Status::parse(&row.status).ok_or_else(|| anyhow::anyhow!("unknown status"))?;
    let to = from
        .apply(action, actor, &note)
        .map_err(|e| ServiceError::invalid("note", e))?;
    let citizen_note = if action.needs_note() {
        note.clone()
    } else if to == Status::Resubmitted {
        String::new()
    } else {
        row.citizen_note.clone()
    };
    // Fees are paid before processing: intake of an unpaid dossier asks for payment.
    let (unpaid,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM fee_notices WHERE dossier_id = $1 AND status = 'unpaid'",
    )
    .bind(row.id)
    .fetch_one(&mut *tx)
    .await?;
    let follow_up = to.follow_up(unpaid > 0).map(|a| {
        let next = to
            .apply(a, Actor::System, "")
            .unwrap_or_else(|_| unreachable!("a follow-up always applies"));
        (a, next)
    });
    let final_status = follow_up.map_or(to, |(_, next)| next);
    let done = sqlx::query(
        "UPDATE dossiers SET status = $1, citizen_note = $2, updated_at = $3 \
         WHERE id = $4 AND status = $5",
    )
    .bind(final_status.as_str())
    .bind(&citizen_note)
    .bind(now)
    .bind(row.id)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ServiceError::Conflict(Text::new(
            "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.",
            "Someone else just updated this dossier. Please reload the page.",
        )));
    }
    let (kind, actor_id) = match who {
        Who::Citizen(id) | Who::NoticeHolder(id) => ("citizen", *id),
        Who::Staff(staff) => ("staff", staff.id),
    };
    sqlx::query(
        "INSERT INTO dossier_events (dossier_id, at, action, from_status, to_status, actor_kind, \
         actor_id, actor_name, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(row.id)
    .bind(now)
    .bind(action.as_str())
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(kind)
    .bind(actor_id)
    .bind(actor_name(who))
    .bind(&note)
    .execute(&mut *tx)
    .await?;
    if let Some((a, next)) = follow_up {
        sqlx::query(
            "INSERT INTO dossier_events (dossier_id, at, action, from_status, to_status, actor_kind) \
             VALUES ($1, $2, $3, $4, $5, 'system')",
        )
        .bind(row.id)
        .bind(now)
        .bind(a.as_str())
        .bind(to.as_str())
        .bind(next.as_str())
        .execute(&mut *tx)
        .await?;
    }
    let audit_actor = match who {
        Who::Citizen(id) | Who::NoticeHolder(id) => AuditActor::Citizen(*id),
        Who::Staff(staff) => AuditActor::Staff(staff.id),
    };
    let code = row.code.clone().unwrap_or_default();
    audit::record(
        &mut tx,
        now,
        audit_actor,
        &format!("dossier.{}", action.as_str()),
        &format!("dossier:{code}"),
        &note,
    )
    .await?;
    let (phone,): (String,) = sqlx::query_as("SELECT phone FROM citizens WHERE id = $1")
        .bind(row.citizen_id)
        .fetch_one(&mut *tx)
        .await?;
    if final_status.notifies_citizen()
        && let Some(text) = status_text(&phone, &code, final_status, &note)
    {
        jobs::enqueue(&mut tx, now, &text).await?;
    }
    tx.commit().await?;
    jobs::wake();
    queries::get(s, who, Key::Code(&code)).await
}

/// The text that tells the citizen, queued with the change: it goes out after the
/// commit and is retried if sending fails, and the change never waits on it.
fn status_text(phone: &str, code: &str, to: Status, note: &str) -> Option<jobs::Job> {
    let phone = PhoneNumber::parse(phone).ok()?;
    let mut body = format!("Một Cửa: Hồ sơ {code} - {}.", to.label().vi);
    if !note.is_empty() {
        let short: String = note.chars().take(160).collect();
        body.push_str(&format!(" {short}"));
    }
    body.push_str(" Xem tại mục \"Hồ sơ của tôi\" hoặc \"Tra cứu hồ sơ\".");
    Some(jobs::Job::sms(&phone, body))
}

//! Attachments: checked by their bytes and sizes in `domain`, stored in the blob store,
//! readable only by the dossier's owner and the staff of its agency.

use super::{ATTACHMENT_SELECT, Attachment, AttachmentRow, Key, Purpose, Who, row_for};
use crate::audit::{self, Actor as AuditActor};
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::Text;
use domain::attachment;
use domain::dossier::Status;

/// Attaches a file to a dossier `who` may see and add to.
///
/// # Errors
/// `NotFound` for someone else's dossier; `Invalid` (field `file`) for a refused file
/// or a dossier that does not take files now.
pub async fn attach(
    s: &Services,
    who: &Who,
    key: Key<'_>,
    file_name: &str,
    bytes: &[u8],
) -> ServiceResult<Attachment> {
    attach_as(s, who, key, file_name, bytes, Purpose::Document).await
}

/// As [`attach`], saying what the file is for.
///
/// # Errors
/// As [`attach`].
pub async fn attach_as(
    s: &Services,
    who: &Who,
    key: Key<'_>,
    file_name: &str,
    bytes: &[u8],
    purpose: Purpose,
) -> ServiceResult<Attachment> {
    // Every check before a byte is written, so a refused file costs no disk; the
    // bytes are then written under a temporary name and become a blob only once the
    // checks pass again under the write lock (a staged file not kept is removed).
    {
        let mut conn = s.db.pool.acquire().await?;
        let row = row_for(&mut conn, who, key).await?;
        let status = Status::parse(&row.status).ok_or_else(|| anyhow::anyhow!("unknown status"))?;
        check_open(who, status)?;
        let held = held(&mut conn, who, row.id).await?;
        attachment::check(bytes, held).map_err(|e| ServiceError::invalid("file", e))?;
    }
    let staged = s.blobs.stage(bytes).await?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let row = row_for(&mut tx, who, key).await?;
    let status = Status::parse(&row.status).ok_or_else(|| anyhow::anyhow!("unknown status"))?;
    check_open(who, status)?;
    let held = held(&mut tx, who, row.id).await?;
    let kind = attachment::check(bytes, held).map_err(|e| ServiceError::invalid("file", e))?;
    let sha = staged.keep(&mut tx).await?;
    let (round,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM dossier_events WHERE dossier_id = $1 AND action = 'request_supplement'",
    )
    .bind(row.id)
    .fetch_one(&mut *tx)
    .await?;
    let name = attachment::clean_name(file_name, kind);
    let size = i64::try_from(bytes.len()).map_err(anyhow::Error::from)?;
    let by = match who {
        Who::Citizen(_) | Who::NoticeHolder(_) => "citizen",
        Who::Staff(_) => "staff",
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO attachments (dossier_id, file_name, kind, size_bytes, sha256, uploaded_at, \
         uploaded_by, round, purpose) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(row.id)
    .bind(&name)
    .bind(kind.as_str())
    .bind(size)
    .bind(&sha)
    .bind(now)
    .bind(by)
    .bind(round)
    .bind(purpose.as_str())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE dossiers SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
    if let Who::Staff(staff) = who {
        audit::record(
            &mut tx,
            now,
            AuditActor::Staff(staff.id),
            "dossier.attach",
            &format!("dossier:{}", row.code.clone().unwrap_or_default()),
            &name,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Attachment {
        id,
        file_name: name,
        kind,
        size_bytes: size,
        sha256: sha,
        uploaded_at: now,
        uploaded_by: by.to_owned(),
        round,
        fee_proof: purpose == Purpose::FeeProof,
    })
}

/// What the dossier and its owner's account hold already (domain::attachment limits).
/// The account's total limits what citizens upload; the agency's staff adding a paper to
/// a dossier are not held to it.
async fn held(
    conn: &mut sqlx::AnyConnection,
    who: &Who,
    dossier_id: i64,
) -> ServiceResult<attachment::Held> {
    let (dossier, account): (i64, i64) = sqlx::query_as(
        "SELECT \
           CAST(COALESCE(SUM(CASE WHEN a.dossier_id = $1 THEN a.size_bytes ELSE 0 END), 0) AS BIGINT), \
           CAST(COALESCE(SUM(a.size_bytes), 0) AS BIGINT) \
         FROM attachments a JOIN dossiers d ON d.id = a.dossier_id \
         WHERE d.citizen_id = (SELECT citizen_id FROM dossiers WHERE id = $1)",
    )
    .bind(dossier_id)
    .fetch_one(conn)
    .await?;
    Ok(attachment::Held {
        dossier: u64::try_from(dossier).unwrap_or(0),
        account: match who {
            Who::Staff(_) => 0,
            Who::Citizen(_) | Who::NoticeHolder(_) => u64::try_from(account).unwrap_or(0),
        },
    })
}

fn check_open(who: &Who, status: Status) -> ServiceResult<()> {
    let open = match who {
        Who::Citizen(_) => status.accepts_citizen_files(),
        Who::Staff(_) => !status.is_final() && status != Status::Draft,
        Who::NoticeHolder(_) => false,
    };
    if open {
        Ok(())
    } else {
        Err(ServiceError::invalid(
            "file",
            Text::new(
                format!(
                    "Không thể thêm tệp khi hồ sơ ở trạng thái \"{}\"",
                    status.label().vi
                ),
                format!(
                    "Files cannot be added while the dossier is \"{}\"",
                    status.label().en
                ),
            ),
        ))
    }
}

/// A file and its bytes, for its owner or the staff of its dossier's agency.
///
/// # Errors
/// `NotFound` for anyone else, exactly as for a missing file.
pub async fn download(
    s: &Services,
    who: &Who,
    attachment_id: i64,
) -> ServiceResult<(Attachment, Vec<u8>)> {
    who.signed_in()?;
    let found: Option<AttachmentRow> =
        sqlx::query_as(&format!("{ATTACHMENT_SELECT} WHERE id = $1"))
            .bind(attachment_id)
            .fetch_optional(&s.db.pool)
            .await?;
    let found = found.ok_or(ServiceError::NotFound)?;
    {
        let mut conn = s.db.pool.acquire().await?;
        row_for(&mut conn, who, Key::Id(found.dossier_id)).await?;
    }
    let attachment = found.into_attachment()?;
    let bytes = s.blobs.get(&attachment.sha256).await?;
    if let Who::Staff(staff) = who {
        let mut tx = s.db.begin_write().await?;
        audit::record(
            &mut tx,
            s.now(),
            AuditActor::Staff(staff.id),
            "dossier.download",
            &format!("attachment:{attachment_id}"),
            &attachment.file_name,
        )
        .await?;
        tx.commit().await?;
    }
    Ok((attachment, bytes))
}

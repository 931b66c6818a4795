//! "Tiếp tục trên điện thoại": a citizen at a kiosk gets a QR with a single-use link,
//! valid 10 minutes, that signs them in on their phone, once they confirm the (masked)
//! account, and opens the same page.

use crate::accounts::{CITIZEN_WEB_SESSION_SECONDS, Channel, Identity};
use crate::error::ServiceResult;
use crate::sessions::create_session;
use crate::{ServiceError, Services};
use domain::Text;
use rand::Rng as _;

/// How long a link may be opened.
pub const HANDOFF_SECONDS: i64 = 10 * 60;

/// Pages a link may open: the citizen's own dossiers, payments and forms.
fn allowed_next(next: &str) -> bool {
    domain::return_path::safe_return(next).is_some()
        && ["/ho-so", "/thanh-toan/", "/nop-ho-so/", "/tai-khoan"]
            .iter()
            .any(|p| next.starts_with(p))
}

/// A single-use link token for `citizen_id` that will open `next`.
///
/// # Errors
/// `Invalid` for a page the link may not open.
pub async fn create(s: &Services, citizen_id: i64, next: &str) -> ServiceResult<(String, i64)> {
    let next = if next.is_empty() { "/ho-so" } else { next };
    if !allowed_next(next) {
        return Err(ServiceError::invalid_input(Text::new(
            "Không thể mở trang này trên điện thoại",
            "This page cannot be opened on the phone",
        )));
    }
    let mut bytes = [0_u8; 32];
    rand::thread_rng().fill(&mut bytes);
    let token = hex::encode(bytes);
    let now = s.now();
    let expires_at = now + HANDOFF_SECONDS;
    let mut tx = s.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO handoffs (token_hash, citizen_id, next_path, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(s.keyed_hash("handoff", &token))
    .bind(citizen_id)
    .bind(next)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((token, expires_at))
}

/// Whose link this is, as the phone asks before it signs in: the account holder's name
/// masked (`N***** V** A*`), so that a link sent to or scanned by the wrong person does
/// not sign them in unasked, nor tell them whose it is.
///
/// # Errors
/// `NotFound` for an unknown, used or expired link.
pub async fn preview(s: &Services, token: &str) -> ServiceResult<String> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT c.full_name FROM handoffs h JOIN citizens c ON c.id = h.citizen_id \
         WHERE h.token_hash = $1 AND h.used_at IS NULL AND h.expires_at > $2",
    )
    .bind(s.keyed_hash("handoff", token.trim()))
    .bind(s.now())
    .fetch_optional(&s.db.pool)
    .await?;
    let (name,) = row.ok_or(ServiceError::NotFound)?;
    Ok(domain::receipt::mask_name(&name))
}

/// Opens a link once: a new web session for the citizen and the page to go to.
///
/// # Errors
/// `NotFound` for an unknown, used or expired link.
pub async fn redeem(s: &Services, token: &str) -> ServiceResult<(String, String)> {
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let row: Option<(i64, String)> = sqlx::query_as(
        "UPDATE handoffs SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
         RETURNING citizen_id, next_path",
    )
    .bind(now)
    .bind(s.keyed_hash("handoff", token.trim()))
    .fetch_optional(&mut *tx)
    .await?;
    let (citizen_id, next) = row.ok_or(ServiceError::NotFound)?;
    let session = create_session(
        s,
        &mut tx,
        Identity::Citizen(citizen_id),
        Channel::Web,
        CITIZEN_WEB_SESSION_SECONDS,
    )
    .await?;
    tx.commit().await?;
    Ok((session, next))
}

#[cfg(test)]
mod tests {
    use super::allowed_next;

    #[test]
    fn links_open_only_the_citizens_own_pages() {
        for ok in [
            "/ho-so",
            "/ho-so/000.00.31.H53-261124-0001",
            "/thanh-toan/12",
            "/tai-khoan",
        ] {
            assert!(allowed_next(ok), "{ok}");
        }
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/can-bo",
            "/\\evil",
            "ho-so",
            "/ho-so/a b",
        ] {
            assert!(!allowed_next(bad), "{bad}");
        }
    }
}

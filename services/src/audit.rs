//! The audit log: who did what to which record, for staff and system actions.

use sqlx::AnyConnection;

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    System,
    Cli,
    Staff(i64),
    Citizen(i64),
}

impl Actor {
    fn parts(self) -> (&'static str, Option<i64>) {
        match self {
            Self::System => ("system", None),
            Self::Cli => ("cli", None),
            Self::Staff(id) => ("staff", Some(id)),
            Self::Citizen(id) => ("citizen", Some(id)),
        }
    }
}

/// Appends one entry, inside the caller's transaction.
///
/// # Errors
/// Database errors.
pub async fn record(
    conn: &mut AnyConnection,
    at: i64,
    actor: Actor,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let (kind, id) = actor.parts();
    sqlx::query(
        "INSERT INTO audit_log (at, actor_kind, actor_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(at)
    .bind(kind)
    .bind(id)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// One entry of the audit log.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// Newest entries first.
///
/// # Errors
/// Database errors.
pub async fn recent(pool: &sqlx::AnyPool, limit: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query_as("SELECT at, actor_kind, actor_id, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(pool)
        .await
}

/// One entry as the audit screen shows it.
#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    /// The member of staff's name, for staff actions.
    pub actor_name: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// Entries the audit screen shows `me`, newest first, at most `limit`, older than
/// `before` (an entry id) when paging, containing `q` (action, record or detail) when
/// given. Managers see the actions of their agency's staff and everything done to their
/// agency's dossiers; admins see everything; officers see nothing.
///
/// # Errors
/// `Forbidden` for officers.
pub async fn search(
    s: &crate::Services,
    me: &crate::staff::Staff,
    q: &str,
    before: Option<i64>,
    limit: i64,
) -> crate::error::ServiceResult<Vec<AuditRow>> {
    crate::staff::StaffGuard::Supervisor.require(me)?;
    let scope = me.agency_scope()?;
    let q = q.trim().to_lowercase();
    Ok(sqlx::query_as(
        "SELECT l.id, l.at, l.actor_kind, l.actor_id, st.full_name AS actor_name, l.action, l.subject, l.detail \
         FROM audit_log l LEFT JOIN staff st ON l.actor_kind = 'staff' AND st.id = l.actor_id \
         WHERE ($1 = '' OR l.subject LIKE 'dossier:' || $1 || '-%' OR EXISTS (SELECT 1 FROM agencies a \
         WHERE a.id = st.agency_id AND a.code = $1)) \
         AND ($2 = '' OR LOWER(l.action) LIKE '%' || $2 || '%' OR LOWER(l.subject) LIKE '%' || $2 || '%' \
         OR LOWER(l.detail) LIKE '%' || $2 || '%') AND l.id < $3 ORDER BY l.id DESC LIMIT $4",
    )
    .bind(scope)
    .bind(q)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit.clamp(1, 500))
    .fetch_all(&s.db.pool)
    .await?)
}

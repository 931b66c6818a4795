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

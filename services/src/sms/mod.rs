//! SMS delivery behind one trait. In development the sandbox outbox: messages are
//! stored in the database and shown at `/sandbox/sms` instead of reaching a phone. For
//! real phones, [`queue::QueuedSender`] queues them and a worker hands them to a
//! provider ([`esms::Esms`]), retrying and following their delivery.

pub mod esms;
pub mod queue;

use crate::{Clock, Db};
use domain::PhoneNumber;
use serde::Serialize;
use std::fmt::Debug;
use std::sync::Arc;

/// Something that delivers a text message.
#[async_trait::async_trait]
pub trait SmsSender: Send + Sync + Debug {
    /// # Errors
    /// When the message could not be handed over.
    async fn send(&self, to: &PhoneNumber, body: &str) -> anyhow::Result<()>;
}

/// The sandbox sender: keeps every message in `sms_outbox`.
#[derive(Debug, Clone)]
pub struct OutboxSender {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl OutboxSender {
    #[must_use]
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }
}

#[async_trait::async_trait]
impl SmsSender for OutboxSender {
    async fn send(&self, to: &PhoneNumber, body: &str) -> anyhow::Result<()> {
        sqlx::query("INSERT INTO sms_outbox (to_phone, body, sent_at) VALUES ($1, $2, $3)")
            .bind(to.e164())
            .bind(body)
            .bind(self.clock.now())
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }
}

/// A message in the sandbox outbox.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OutboxMessage {
    /// National form, as people write it: `0912345678`.
    pub to: String,
    pub body: String,
    /// Unix seconds.
    pub sent_at: i64,
}

/// Newest messages first, for one phone or for all.
///
/// # Errors
/// Database errors.
pub async fn outbox(
    db: &Db,
    phone: Option<&PhoneNumber>,
    limit: i64,
) -> anyhow::Result<Vec<OutboxMessage>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT to_phone, body, sent_at FROM sms_outbox WHERE ($1 = '' OR to_phone = $1) ORDER BY id DESC LIMIT $2",
    )
    .bind(phone.map(PhoneNumber::e164).unwrap_or_default())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(to, body, sent_at)| OutboxMessage {
            to: PhoneNumber::parse(&to).map(|p| p.national()).unwrap_or(to),
            body,
            sent_at,
        })
        .collect())
}

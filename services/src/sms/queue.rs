//! Text messages sent through a real provider: queued in the database by the request
//! that asks for them (nothing waits on the provider), handed to the provider by a
//! worker on any node, retried with backoff on a failure that may pass, and followed
//! until the provider reports them delivered or failed.
//!
//! A message's body (a sign-in code, a payment link) is erased as soon as the provider
//! has it, and a message not handed over within [`BODY_SECONDS`] is given up: a code
//! that old is dead anyway. What stays is who it was for, when, and what became of it.

use super::SmsSender;
use crate::{Clock, Db};
use domain::PhoneNumber;
use std::fmt::Debug;
use std::sync::Arc;

/// How long a message may wait to be handed over; its body is erased then.
pub const BODY_SECONDS: i64 = 600;
/// Hand-overs tried before a message is given up.
pub const MAX_ATTEMPTS: i64 = 5;
/// A claimed message not finished within this long (its node died) is tried again.
const LEASE_SECONDS: i64 = 60;
/// How often a sent message's delivery is asked about, and for how long.
const DELIVERY_CHECK_SECONDS: i64 = 60;
const DELIVERY_WATCH_SECONDS: i64 = 24 * 3600;
/// Messages handed over per round.
const BATCH: i64 = 20;

/// The body kept once a message is handed over or given up.
pub const ERASED: &str = crate::rate::ERASED_SMS_BODY;

/// Why a provider did not take a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitError {
    /// It may go through later (network, the provider's own trouble).
    Retry(String),
    /// It never will (a number the provider refuses, wrong credentials).
    Refused(String),
}

/// What the provider says became of a message it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Pending,
    Delivered,
    Failed(String),
}

/// An SMS provider's API.
#[async_trait::async_trait]
pub trait SmsProvider: Send + Sync + Debug {
    /// Hands over one message; `request_id` is unique per message, so a retry after a
    /// lost answer is not sent twice. Returns the provider's message id.
    ///
    /// # Errors
    /// [`SubmitError`].
    async fn submit(
        &self,
        request_id: &str,
        to: &PhoneNumber,
        body: &str,
    ) -> Result<String, SubmitError>;

    /// What became of a message taken earlier.
    ///
    /// # Errors
    /// When the provider cannot be asked now (asked again later).
    async fn delivery(&self, provider_id: &str) -> anyhow::Result<Delivery>;
}

/// Wakes this process's worker when a message is queued here (the worker also looks
/// every two seconds, for messages queued on other nodes and for retries).
static WAKE: std::sync::LazyLock<tokio::sync::Notify> =
    std::sync::LazyLock::new(tokio::sync::Notify::new);

/// The sender the app uses with a real provider: it queues, the worker sends.
#[derive(Debug, Clone)]
pub struct QueuedSender {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl QueuedSender {
    #[must_use]
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }
}

#[async_trait::async_trait]
impl SmsSender for QueuedSender {
    async fn send(&self, to: &PhoneNumber, body: &str) -> anyhow::Result<()> {
        let now = self.clock.now();
        sqlx::query(
            "INSERT INTO sms_queue (to_phone, body, status, attempts, next_attempt_at, created_at) \
             VALUES ($1, $2, 'queued', 0, $3, $3)",
        )
        .bind(to.e164())
        .bind(body)
        .bind(now)
        .execute(&self.db.pool)
        .await?;
        WAKE.notify_one();
        Ok(())
    }
}

/// The wait before hand-over number `attempts + 1`: 10 s, 30 s, 90 s, 270 s.
#[must_use]
pub const fn backoff_seconds(attempts: i64) -> i64 {
    let mut wait = 10;
    let mut n = 1;
    while n < attempts {
        wait *= 3;
        n += 1;
    }
    wait
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub sent: u64,
    pub retried: u64,
    pub failed: u64,
    pub delivered: u64,
}

/// Hands due messages to the provider and asks about sent ones. Each message is
/// claimed by one guarded update, so nodes running this at once never send one twice
/// (a node that dies holding one lets it go after [`LEASE_SECONDS`]).
///
/// # Errors
/// Database errors (a provider's failure is recorded on the message instead).
pub async fn run_round(
    db: &Db,
    clock: &dyn Clock,
    provider: &dyn SmsProvider,
) -> anyhow::Result<Round> {
    let mut round = Round::default();
    let now = clock.now();
    // Too old to be worth sending: given up, body erased.
    round.failed += sqlx::query(
        "UPDATE sms_queue SET status = 'failed', body = $1, last_error = 'expired', done_at = $2 \
         WHERE status IN ('queued', 'sending') AND created_at <= $3",
    )
    .bind(ERASED)
    .bind(now)
    .bind(now - BODY_SECONDS)
    .execute(&db.pool)
    .await?
    .rows_affected();
    let due: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM sms_queue WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1 \
         ORDER BY id LIMIT $2",
    )
    .bind(now)
    .bind(BATCH)
    .fetch_all(&db.pool)
    .await?;
    for (id,) in due {
        // The time of this claim, not of the round: a round's hand-overs may take a
        // while, and a lease counted from its start could be over before it is used.
        let now = clock.now();
        let claimed: Option<(String, String, i64)> = sqlx::query_as(
            "UPDATE sms_queue SET status = 'sending', attempts = attempts + 1, next_attempt_at = $2 \
             WHERE id = $1 AND status IN ('queued', 'sending') AND next_attempt_at <= $3 \
             RETURNING to_phone, body, attempts",
        )
        .bind(id)
        .bind(now + LEASE_SECONDS)
        .bind(now)
        .fetch_optional(&db.pool)
        .await?;
        let Some((to, body, attempts)) = claimed else {
            continue;
        };
        let outcome = match PhoneNumber::parse(&to) {
            Ok(phone) => {
                provider
                    .submit(&format!("motcua-{id}"), &phone, &body)
                    .await
            }
            Err(_) => Err(SubmitError::Refused(format!("not a phone number: {to}"))),
        };
        let done = clock.now();
        match outcome {
            Ok(provider_id) => {
                sqlx::query(
                    "UPDATE sms_queue SET status = 'sent', provider_id = $1, body = $2, sent_at = $3, \
                     next_attempt_at = $4, last_error = '' WHERE id = $5",
                )
                .bind(&provider_id)
                .bind(ERASED)
                .bind(done)
                .bind(done + DELIVERY_CHECK_SECONDS)
                .bind(id)
                .execute(&db.pool)
                .await?;
                round.sent += 1;
            }
            Err(SubmitError::Retry(why)) if attempts < MAX_ATTEMPTS => {
                tracing::warn!(message = id, attempts, %why, "SMS not handed over; will retry");
                sqlx::query(
                    "UPDATE sms_queue SET status = 'queued', next_attempt_at = $1, last_error = $2 \
                     WHERE id = $3",
                )
                .bind(done + backoff_seconds(attempts))
                .bind(why)
                .bind(id)
                .execute(&db.pool)
                .await?;
                round.retried += 1;
            }
            Err(SubmitError::Retry(why) | SubmitError::Refused(why)) => {
                tracing::error!(message = id, attempts, %why, "SMS given up");
                sqlx::query(
                    "UPDATE sms_queue SET status = 'failed', body = $1, last_error = $2, done_at = $3 \
                     WHERE id = $4",
                )
                .bind(ERASED)
                .bind(why)
                .bind(done)
                .bind(id)
                .execute(&db.pool)
                .await?;
                round.failed += 1;
            }
        }
    }
    round.delivered = follow_deliveries(db, clock, provider, &mut round.failed).await?;
    Ok(round)
}

async fn follow_deliveries(
    db: &Db,
    clock: &dyn Clock,
    provider: &dyn SmsProvider,
    failed: &mut u64,
) -> anyhow::Result<u64> {
    let now = clock.now();
    let sent: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, provider_id FROM sms_queue WHERE status = 'sent' AND next_attempt_at <= $1 \
         AND sent_at > $2 AND provider_id IS NOT NULL ORDER BY id LIMIT $3",
    )
    .bind(now)
    .bind(now - DELIVERY_WATCH_SECONDS)
    .bind(BATCH)
    .fetch_all(&db.pool)
    .await?;
    let mut delivered = 0;
    for (id, provider_id) in sent {
        let (status, why) = match provider.delivery(&provider_id).await {
            Ok(Delivery::Delivered) => ("delivered", String::new()),
            Ok(Delivery::Failed(why)) => ("failed", why),
            Ok(Delivery::Pending) | Err(_) => {
                sqlx::query("UPDATE sms_queue SET next_attempt_at = $1 WHERE id = $2")
                    .bind(now + DELIVERY_CHECK_SECONDS)
                    .bind(id)
                    .execute(&db.pool)
                    .await?;
                continue;
            }
        };
        sqlx::query(
            "UPDATE sms_queue SET status = $1, last_error = $2, done_at = $3 WHERE id = $4 AND status = 'sent'",
        )
        .bind(status)
        .bind(why)
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
        if status == "delivered" {
            delivered += 1;
        } else {
            *failed += 1;
        }
    }
    Ok(delivered)
}

/// A queued message as the staff see it: where it went and what became of it, never
/// its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QueuedMessage {
    pub id: i64,
    /// Masked, `0912 *** 678`.
    pub to: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: i64,
}

/// Messages waiting to be handed over (queued or being sent) and how long the oldest
/// has waited, in seconds: what `/metrics` reports of the queue.
///
/// # Errors
/// Database errors.
pub async fn depth(db: &Db, now: i64) -> anyhow::Result<(i64, i64)> {
    let (waiting, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(created_at) FROM sms_queue WHERE status IN ('queued', 'sending')",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok((waiting, oldest.map_or(0, |t| (now - t).max(0))))
}

/// The newest messages of the queue.
///
/// # Errors
/// Database errors.
pub async fn recent(db: &Db, limit: i64) -> anyhow::Result<Vec<QueuedMessage>> {
    let rows: Vec<(i64, String, String, i64, String, i64)> = sqlx::query_as(
        "SELECT id, to_phone, status, attempts, last_error, created_at FROM sms_queue \
         ORDER BY id DESC LIMIT $1",
    )
    .bind(limit.clamp(1, 500))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, to, status, attempts, last_error, created_at)| QueuedMessage {
                id,
                to: PhoneNumber::parse(&to).map_or_else(|_| "***".to_owned(), |p| p.masked()),
                status,
                attempts,
                last_error,
                created_at,
            },
        )
        .collect())
}

/// Runs rounds until the process ends: at once when this node queues a message, else
/// every two seconds. A failed round is logged and the next one tries again.
pub async fn work(db: Db, clock: Arc<dyn Clock>, provider: Arc<dyn SmsProvider>) {
    loop {
        match run_round(&db, clock.as_ref(), provider.as_ref()).await {
            Ok(r) if r != Round::default() => tracing::info!(
                sent = r.sent,
                retried = r.retried,
                failed = r.failed,
                delivered = r.delivered,
                "SMS round"
            ),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "SMS round failed"),
        }
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), WAKE.notified()).await;
    }
}

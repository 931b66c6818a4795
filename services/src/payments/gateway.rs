//! Payment providers behind one trait (DESIGN.md "Payments"). A provider shows the
//! payer how to pay a new attempt, verifies and parses what it sends back, answers it
//! in its own terms, and can be asked what became of an attempt. Everything between —
//! storing each message raw once, matching it (`domain::payment::classify`), settling
//! the notice — is written once, here and in `settle`. A new provider (the national
//! Payment Platform, MoMo) is one new module implementing [`Gateway`].

use super::attempts::{Attempt, NewAttempt, due_notice, insert_attempt, live_attempt};
use super::settle;
pub use super::settle::Applied;
use crate::dossiers::Who;
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::Text;
use domain::Vnd;
use domain::payment::{Credit, Provider};
use std::future::Future;

/// What the payer is shown for a new attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    /// A QR payload to scan (VietQR), or empty.
    pub qr_payload: String,
    /// A page to pay at (a gateway), or empty.
    pub pay_url: String,
}

/// A new attempt, as a provider needs it to show how to pay.
#[derive(Debug, Clone, Copy)]
pub struct Starting<'a> {
    pub reference: &'a str,
    pub amount_vnd: Vnd,
    /// The notice's agency's collection account: bank BIN and number.
    pub bank_bin: Option<&'a str>,
    pub account_number: &'a str,
    /// The payer's address (a gateway records it).
    pub ip: &'a str,
    pub english: bool,
    pub now: i64,
    pub expires_at: i64,
}

/// A message as it arrived: its body (a JSON document, or a query string) and its
/// signature when it travels beside the body (an HTTP header).
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    pub body: &'a str,
    pub signature: Option<&'a str>,
}

/// What a message says happened to money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    /// Money reached us.
    In,
    /// The provider reports a payment that failed: nothing moved.
    Failed,
    /// Not a payment to us (a bank's outgoing transfer): kept, nothing to match.
    Other,
}

/// A verified message, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound {
    /// The provider's id of the event; a second message with it is a replay.
    pub event_id: String,
    pub amount_vnd: Vnd,
    /// The transfer content or order description, as given.
    pub content: String,
    /// The account credited, when the provider says (a bank does; a gateway does not).
    pub account_number: Option<String>,
    /// The provider's transaction number (a bank's FT…, VNPAY's TransactionNo).
    pub bank_reference: String,
    /// The payment references the message names, in the order found.
    pub references: Vec<String>,
    pub movement: Movement,
    /// When the provider says the money moved; the deadline is checked against it
    /// (a status query after the deadline), or against the time of arrival.
    pub at: Option<i64>,
}

/// Why a message is refused before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Missing, wrong or stale signature.
    Signature,
    /// Not a message of this provider's form.
    Malformed(Text),
    /// Signed, but for another merchant or naming nothing.
    NotOurs,
    /// Signed, but its amount cannot be read.
    BadAmount,
    /// This provider is not configured here.
    NotConfigured,
}

/// What receiving a message did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// Seen before: nothing changed. `known`: it names an attempt of ours.
    Replay {
        known: bool,
    },
    /// Kept raw; not a payment to match.
    NotAPayment,
    Applied(Applied),
}

/// Why receiving failed.
#[derive(Debug)]
pub enum Failure {
    Refused(Refusal),
    Error(ServiceError),
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Self {
        Self::Error(e)
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Self::Error(e.into())
    }
}

/// An attempt to ask its provider about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queried {
    pub reference: String,
    pub amount_vnd: Vnd,
    pub created_at: i64,
}

/// A payment provider.
pub trait Gateway: Sync {
    /// The attempts it starts.
    const PROVIDER: Provider;
    /// How its messages are stored (`bank_notifications.provider`).
    const CHANNEL: &'static str;
    /// Whether a message may pay an attempt of another provider: a bank transfer may
    /// carry any reference we issued; a gateway's order is its own.
    const ANY_PROVIDER: bool;
    /// What the provider is told back.
    type Answer;

    /// How to pay a new attempt.
    ///
    /// # Errors
    /// `Conflict` when the provider cannot take this payment (no collection account).
    fn show(&self, attempt: &Starting<'_>) -> ServiceResult<Shown>;

    /// Verifies and parses a message.
    ///
    /// # Errors
    /// Why it is refused; nothing is stored.
    fn parse(&self, message: &Message<'_>, now: i64) -> Result<Inbound, Refusal>;

    /// The answer for what receiving did.
    fn answer(&self, received: Result<Received, Failure>) -> Self::Answer;

    /// Asks the provider what became of an attempt: a message as if it had sent one
    /// (with the raw answer, kept like a message), or `None` when it has nothing to say
    /// (or cannot be asked).
    fn query(
        &self,
        s: &Services,
        attempt: &Queried,
    ) -> impl Future<Output = ServiceResult<Option<(Inbound, String)>>> + Send;
}

/// Starts (or resumes) paying a dossier's fee through `g`: the live attempt of that
/// provider if there is one, otherwise a new one valid for the configured time.
/// Returns the attempt and whether it is new.
///
/// # Errors
/// `NotFound` for someone else's dossier; `Invalid` when nothing is due; `Conflict`
/// when the notice is paid already or the provider cannot take it.
pub async fn start<G: Gateway>(
    s: &Services,
    g: &G,
    who: &Who,
    code: &str,
    ip: &str,
    english: bool,
) -> ServiceResult<(Attempt, bool)> {
    let notice = due_notice(s, who, code).await?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    if let Some(row) = live_attempt(&mut tx, notice.id, G::PROVIDER, now).await? {
        tx.commit().await?;
        return Ok((row.into_attempt(now)?, false));
    }
    let (bin, account): (Option<String>, String) = sqlx::query_as(
        "SELECT a.bank_bin, a.account_number FROM fee_notices n JOIN agencies a ON a.id = n.agency_id WHERE n.id = $1",
    )
    .bind(notice.id)
    .fetch_one(&mut *tx)
    .await?;
    let new = NewAttempt {
        notice_id: notice.id,
        amount_vnd: notice.amount_vnd,
        provider: G::PROVIDER,
        now,
        expires_at: now + s.payment_ttl_seconds,
    };
    let created = insert_attempt(s, &mut tx, &new, |reference| {
        g.show(&Starting {
            reference,
            amount_vnd: notice.amount_vnd,
            bank_bin: bin.as_deref(),
            account_number: &account,
            ip,
            english,
            now,
            expires_at: new.expires_at,
        })
    })
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Receives one message through `g`: verified and parsed by the provider, stored raw
/// once (a replay changes nothing), matched and applied in one transaction, answered
/// in the provider's terms. Pages waiting on the attempt are told.
pub async fn receive<G: Gateway>(s: &Services, g: &G, message: &Message<'_>) -> G::Answer {
    let received = receive_inner(s, g, message).await;
    if let Ok(Received::Applied(applied)) = &received
        && let Some(id) = applied.attempt_id()
    {
        s.payment_events.notify(id);
    }
    g.answer(received)
}

async fn receive_inner<G: Gateway>(
    s: &Services,
    g: &G,
    message: &Message<'_>,
) -> Result<Received, Failure> {
    let inbound = g.parse(message, s.now()).map_err(Failure::Refused)?;
    Ok(apply_inbound::<G>(s, &inbound, message.body).await?)
}

/// Stores a message raw once and applies it: the one path for what a provider sends
/// and what it answers when asked.
async fn apply_inbound<G: Gateway>(
    s: &Services,
    inbound: &Inbound,
    raw: &str,
) -> ServiceResult<Received> {
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let stored: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO bank_notifications (provider, event_id, raw_body, received_at, amount_vnd, content, \
         account_number, reference_code, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending') \
         ON CONFLICT (provider, event_id) DO NOTHING RETURNING id",
    )
    .bind(G::CHANNEL)
    .bind(&inbound.event_id)
    .bind(raw)
    .bind(now)
    .bind(inbound.amount_vnd.get())
    .bind(&inbound.content)
    .bind(inbound.account_number.as_deref().unwrap_or_default())
    .bind(&inbound.bank_reference)
    .fetch_optional(&mut *tx)
    .await?;
    let only = (!G::ANY_PROVIDER).then_some(G::PROVIDER);
    // The first reference that names an attempt we issued, as it stands.
    let mut named = None;
    for r in &inbound.references {
        if let Some(attempt) = settle::named(&mut tx, r, only).await? {
            named = Some((r.as_str(), attempt));
            break;
        }
    }
    let Some((notification_id,)) = stored else {
        tx.commit().await?;
        return Ok(Received::Replay {
            known: named.is_some(),
        });
    };
    let moved = match inbound.movement {
        Movement::In => true,
        Movement::Failed => false,
        Movement::Other => {
            sqlx::query("UPDATE bank_notifications SET outcome = 'ignored' WHERE id = $1")
                .bind(notification_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(Received::NotAPayment);
        }
    };
    let credit = Credit {
        amount_vnd: inbound.amount_vnd,
        account: inbound.account_number.as_deref(),
        moved,
    };
    let applied = settle::apply(
        s,
        &mut tx,
        notification_id,
        named.map(|(r, attempt)| settle::Reference {
            reference: r,
            provider: only,
            read: Some(attempt),
        }),
        &credit,
        inbound.at.unwrap_or(now),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Received::Applied(applied))
}

/// How long after its deadline an unconfirmed attempt is still asked about.
pub const QUERY_WINDOW_SECONDS: i64 = 3600;

/// Asks the provider about its attempts whose deadline passed within the last hour
/// without a confirmation, and applies each answer as if the provider had sent it: a
/// payment whose notification was lost is settled when it was made before the deadline
/// (checked against when the money moved) and its attempt is still open; if a new
/// attempt replaced it meanwhile, the money is kept as a late credit for staff to
/// accept. Returns how many answers changed something.
///
/// # Errors
/// When the database fails to list the attempts; a provider that cannot be reached, or
/// an answer that cannot be applied, is logged and skipped.
pub async fn sweep<G: Gateway>(s: &Services, g: &G) -> ServiceResult<usize> {
    let now = s.now();
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT pa.reference, pa.amount_vnd, pa.created_at FROM payment_attempts pa \
         WHERE pa.provider = $1 AND pa.status IN ('pending', 'expired') \
         AND pa.expires_at <= $2 AND pa.expires_at > $3 \
         AND NOT EXISTS (SELECT 1 FROM bank_notifications bn WHERE bn.attempt_id = pa.id) \
         ORDER BY pa.expires_at LIMIT 100",
    )
    .bind(G::PROVIDER.as_str())
    .bind(now)
    .bind(now - QUERY_WINDOW_SECONDS)
    .fetch_all(&s.db.pool)
    .await?;
    let mut changed = 0;
    for (reference, amount_vnd, created_at) in rows {
        let attempt = Queried {
            reference,
            amount_vnd: Vnd::stored(amount_vnd),
            created_at,
        };
        match g.query(s, &attempt).await {
            Ok(Some((inbound, raw))) => match apply_inbound::<G>(s, &inbound, &raw).await {
                Ok(Received::Applied(applied)) => {
                    if let Some(id) = applied.attempt_id() {
                        s.payment_events.notify(id);
                    }
                    changed += 1;
                }
                Ok(_) => {}
                // One answer that cannot be applied now (it is asked again next time)
                // does not stop the others.
                Err(e) => {
                    tracing::warn!(error = %e, reference = %attempt.reference, "status answer not applied");
                }
            },
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, reference = %attempt.reference, provider = %G::PROVIDER, "status query failed");
            }
        }
    }
    Ok(changed)
}

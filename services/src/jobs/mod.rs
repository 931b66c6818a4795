//! Work that must not be lost, queued in the database: a job is written in the same
//! transaction as the change that asks for it (a dossier's new status and the text that
//! tells its citizen are one commit), then run by a worker on any node.
//!
//! - **Claimed once at a time.** A worker claims due jobs with one `UPDATE`; on
//!   PostgreSQL its rows are picked `FOR UPDATE SKIP LOCKED`, so workers on several nodes
//!   take different jobs without waiting on each other; on SQLite the claim runs in a
//!   `BEGIN IMMEDIATE` transaction (one writer at a time).
//! - **At least once.** A claim is a lease of [`LEASE_SECONDS`]: a node that dies holding
//!   a job lets another run it again, so handlers must be safe to repeat.
//! - **Retried with backoff** ([`backoff_seconds`]) while a failure may pass, up to the
//!   job's `max_attempts`; then the job is **dead**: kept, with its last error, for the
//!   staff to see on `/can-bo/hang-doi` and to queue again ([`retry`]).
//!
//! Periodic work (purges, provider status sweeps) is in [`periodic`].

pub mod periodic;
mod staff;

pub use staff::{Count, DEAD_PAGE, DeadJob, Overview, overview, retry};

use crate::{Db, Engine, Services};
use domain::PhoneNumber;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// How long a claim lasts before another worker may take the job again.
pub const LEASE_SECONDS: i64 = 120;
/// Jobs one worker claims at a time.
const BATCH: i64 = 16;
/// What a message's words become once sent, or a day after it was given up.
pub const ERASED: &str = "[đã xoá / erased]";
/// How long a given-up text keeps its words (for an administrator to send it again).
pub const KEEP_DEAD_TEXT_SECONDS: i64 = 24 * 3600;
/// How long finished jobs are kept (dead ones stay until the staff act or 90 days).
pub const KEEP_DONE_SECONDS: i64 = 7 * 24 * 3600;
pub const KEEP_DEAD_SECONDS: i64 = 90 * 24 * 3600;

/// One piece of work. Stored as JSON; `kind` is also a column for the staff's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// A text message to a citizen (a dossier's new status, a fee reduction decided, a
    /// refund made): the change is committed whether or not the text goes out at once.
    Sms { to: String, body: String },
}

impl Job {
    /// The `kind` column.
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Sms { .. } => "sms",
        }
    }

    /// Runs before the job is given up.
    #[must_use]
    pub const fn max_attempts(&self) -> i64 {
        match self {
            // 10 s, 30 s, 90 s, 270 s, 810 s: about 20 minutes of trying.
            Self::Sms { .. } => 6,
        }
    }

    /// The job as kept once done or given up for long: a message's words are erased.
    #[must_use]
    pub fn erased(&self) -> String {
        let kept = match self {
            Self::Sms { to, .. } => Self::Sms {
                to: to.clone(),
                body: ERASED.to_owned(),
            },
        };
        serde_json::to_string(&kept).unwrap_or_default()
    }

    /// Whether its content was erased (it cannot be run again).
    #[must_use]
    pub fn is_erased(&self) -> bool {
        match self {
            Self::Sms { body, .. } => body == ERASED,
        }
    }

    /// A text to `to`.
    #[must_use]
    pub fn sms(to: &PhoneNumber, body: impl Into<String>) -> Self {
        Self::Sms {
            to: to.e164().to_owned(),
            body: body.into(),
        }
    }
}

/// Why a run did not finish a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// It may work later (a provider down, a timeout).
    Retry(String),
    /// It never will (a malformed job): dead at once.
    Permanent(String),
}

/// The wait before run `attempts + 1`: 10 s, then three times longer each time, at
/// most an hour.
#[must_use]
pub const fn backoff_seconds(attempts: i64) -> i64 {
    let mut wait = 10;
    let mut n = 1;
    while n < attempts && wait < 3600 {
        wait *= 3;
        n += 1;
    }
    if wait > 3600 { 3600 } else { wait }
}

/// Queues `job`, due now, inside the caller's transaction. Call [`wake`] after the
/// commit so this node's worker starts at once.
///
/// # Errors
/// Database errors.
pub async fn enqueue(conn: &mut AnyConnection, now: i64, job: &Job) -> Result<i64, sqlx::Error> {
    let payload = serde_json::to_string(job).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO jobs (kind, payload, status, attempts, max_attempts, run_at, created_at) \
         VALUES ($1, $2, 'queued', 0, $3, $4, $4) RETURNING id",
    )
    .bind(job.kind())
    .bind(payload)
    .bind(job.max_attempts())
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Wakes this process's worker (others look every [`POLL`]).
pub fn wake() {
    WAKE.notify_one();
}

static WAKE: std::sync::LazyLock<tokio::sync::Notify> =
    std::sync::LazyLock::new(tokio::sync::Notify::new);

/// How often a worker looks for jobs queued on other nodes and for retries.
pub const POLL: std::time::Duration = std::time::Duration::from_secs(1);

/// A claimed job.
#[derive(Debug, Clone)]
struct Claimed {
    id: i64,
    payload: String,
    attempts: i64,
    max_attempts: i64,
}

async fn claim(db: &Db, now: i64, limit: i64) -> Result<Vec<Claimed>, sqlx::Error> {
    // A running job whose lease has lapsed (its node died) is due again.
    let sql = match db.engine {
        Engine::Postgres => {
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, run_at = $1 \
             WHERE id IN (SELECT id FROM jobs WHERE status IN ('queued', 'running') AND run_at <= $2 \
                          ORDER BY run_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING id, payload, attempts, max_attempts"
        }
        Engine::Sqlite => {
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, run_at = $1 \
             WHERE id IN (SELECT id FROM jobs WHERE status IN ('queued', 'running') AND run_at <= $2 \
                          ORDER BY run_at, id LIMIT $3) \
             RETURNING id, payload, attempts, max_attempts"
        }
    };
    let mut tx = db.begin_write().await?;
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(sql)
        .bind(now + LEASE_SECONDS)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(id, payload, attempts, max_attempts)| Claimed {
            id,
            payload,
            attempts,
            max_attempts,
        })
        .collect())
}

/// What one [`run_due`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ran {
    pub done: u64,
    pub retried: u64,
    pub dead: u64,
}

impl Ran {
    #[must_use]
    pub const fn total(self) -> u64 {
        self.done + self.retried + self.dead
    }
}

/// Runs due jobs, up to [`BATCH`] of them, each claimed just before it runs (so a lease
/// is never spent waiting behind other jobs), recording each outcome.
///
/// # Errors
/// Database errors (a job's own failure is recorded on the job).
pub async fn run_due(s: &Services) -> anyhow::Result<Ran> {
    let mut ran = Ran::default();
    // A job whose worker stopped (the node died, the process was stopped mid-job) on
    // each of its tries is given up rather than tried for ever.
    ran.dead += sqlx::query(
        "UPDATE jobs SET status = 'dead', last_error = 'its worker stopped on every try', \
         finished_at = $1 WHERE status = 'running' AND run_at <= $1 AND attempts >= max_attempts",
    )
    .bind(s.now())
    .execute(&s.db.pool)
    .await?
    .rows_affected();
    for _ in 0..BATCH {
        let Some(job) = claim(&s.db, s.now(), 1).await?.pop() else {
            break;
        };
        let parsed = serde_json::from_str::<Job>(&job.payload);
        let outcome = match &parsed {
            Ok(j) => perform(s, j).await,
            Err(e) => Err(Failure::Permanent(format!("unreadable job: {e}"))),
        };
        let now = s.now();
        let (status, run_at, error) = match outcome {
            Ok(()) => ("done", now, String::new()),
            Err(Failure::Retry(why)) if job.attempts < job.max_attempts => {
                tracing::warn!(job = job.id, attempts = job.attempts, %why, "job failed; will retry");
                ("queued", now + backoff_seconds(job.attempts), why)
            }
            Err(Failure::Retry(why) | Failure::Permanent(why)) => {
                tracing::error!(job = job.id, attempts = job.attempts, %why, "job given up");
                ("dead", now, why)
            }
        };
        // What is kept of a finished job: never a message's words.
        let payload = match (&parsed, status) {
            (Ok(j), "done") => j.erased(),
            _ => job.payload.clone(),
        };
        // The update names the claim (its attempt number): a worker whose lease lapsed
        // while it ran does not overwrite the claim that took over.
        sqlx::query(
            "UPDATE jobs SET status = $1, run_at = $2, last_error = $3, payload = $4, \
             finished_at = CASE WHEN $1 = 'queued' THEN NULL ELSE $5 END \
             WHERE id = $6 AND status = 'running' AND attempts = $7",
        )
        .bind(status)
        .bind(run_at)
        .bind(error)
        .bind(payload)
        .bind(now)
        .bind(job.id)
        .bind(job.attempts)
        .execute(&s.db.pool)
        .await?;
        match status {
            "done" => ran.done += 1,
            "queued" => ran.retried += 1,
            _ => ran.dead += 1,
        }
    }
    Ok(ran)
}

async fn perform(s: &Services, job: &Job) -> Result<(), Failure> {
    match job {
        Job::Sms { to, body } => {
            let phone = PhoneNumber::parse(to)
                .map_err(|_| Failure::Permanent("not a phone number".to_owned()))?;
            s.sms
                .send(&phone, body)
                .await
                .map_err(|e| Failure::Retry(format!("{e:#}")))
        }
    }
}

/// Runs jobs until the process ends: at once when this node queues one, else every
/// [`POLL`]. A failed round is logged and the next one tries again.
pub async fn work(s: Services) {
    loop {
        match run_due(&s).await {
            // A full batch: there may be more.
            Ok(r) if r.total() >= BATCH.unsigned_abs() => continue,
            Ok(r) if r.total() > 0 => {
                tracing::debug!(
                    done = r.done,
                    retried = r.retried,
                    dead = r.dead,
                    "jobs run"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "job round failed"),
        }
        let _ = tokio::time::timeout(POLL, WAKE.notified()).await;
    }
}

/// The queue as `/metrics` reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depth {
    /// Jobs queued (due or waiting out a backoff) or running.
    pub waiting: i64,
    /// How long the most overdue job has been due and not run, in seconds (0 when every
    /// job is waiting out its backoff or running within its lease).
    pub overdue_seconds: i64,
    /// Jobs given up, for an administrator to see.
    pub dead: i64,
}

/// The queue's depth, its most overdue job and its dead jobs.
///
/// # Errors
/// Database errors.
pub async fn depth(db: &Db, now: i64) -> Result<Depth, sqlx::Error> {
    let (waiting, due_since, dead): (i64, Option<i64>, i64) = sqlx::query_as(
        "SELECT \
           COUNT(CASE WHEN status IN ('queued', 'running') THEN 1 END), \
           MIN(CASE WHEN status IN ('queued', 'running') AND run_at <= $1 THEN run_at END), \
           COUNT(CASE WHEN status = 'dead' THEN 1 END) \
         FROM jobs WHERE status IN ('queued', 'running', 'dead')",
    )
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(Depth {
        waiting,
        overdue_seconds: due_since.map_or(0, |t| (now - t).max(0)),
        dead,
    })
}

/// Erases the words of texts given up a day ago ([`KEEP_DEAD_TEXT_SECONDS`]), removes
/// finished jobs after [`KEEP_DONE_SECONDS`] and dead ones after [`KEEP_DEAD_SECONDS`];
/// returns how many were removed.
///
/// # Errors
/// Database errors.
pub async fn purge(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    // A given-up text keeps its words a day, for an administrator to send it again.
    let texts: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, payload FROM jobs WHERE status = 'dead' AND kind = 'sms' AND finished_at <= $1 \
         AND payload NOT LIKE $2 LIMIT 500",
    )
    .bind(now - KEEP_DEAD_TEXT_SECONDS)
    .bind(format!("%{ERASED}%"))
    .fetch_all(&db.pool)
    .await?;
    for (id, payload) in texts {
        if let Ok(job) = serde_json::from_str::<Job>(&payload) {
            sqlx::query("UPDATE jobs SET payload = $1 WHERE id = $2")
                .bind(job.erased())
                .bind(id)
                .execute(&db.pool)
                .await?;
        }
    }
    Ok(sqlx::query(
        "DELETE FROM jobs WHERE (status = 'done' AND finished_at <= $1) \
         OR (status = 'dead' AND finished_at <= $2)",
    )
    .bind(now - KEEP_DONE_SECONDS)
    .bind(now - KEEP_DEAD_SECONDS)
    .execute(&db.pool)
    .await?
    .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::staff::subject;
    use super::*;

    #[test]
    fn backoff_triples_from_ten_seconds_up_to_an_hour() {
        let waits: Vec<i64> = (1..=8).map(backoff_seconds).collect();
        assert_eq!(waits, [10, 30, 90, 270, 810, 2430, 3600, 3600]);
    }

    #[test]
    fn a_job_is_stored_with_its_kind() {
        let j = Job::Sms {
            to: "+84912345678".into(),
            body: "x".into(),
        };
        let text = serde_json::to_string(&j).unwrap_or_default();
        assert_eq!(text, r#"{"kind":"sms","to":"+84912345678","body":"x"}"#);
        assert_eq!(subject(&text), "SMS 0912 *** 678");
    }
}

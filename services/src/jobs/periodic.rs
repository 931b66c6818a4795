//! Periodic work shared by the nodes: each node looks every minute, and a task runs on
//! one node at a time and at most once per interval, whichever node gets there first.
//!
//! On PostgreSQL the node that runs a task holds `pg_try_advisory_lock` on the task's
//! key for the whole run, on a connection of its own (taken out of the pool and closed
//! afterwards, which releases the lock whatever happened); another node that tries
//! meanwhile skips the task. The interval is kept by `periodic_runs.last_at`, moved by
//! one conditional upsert before the run (so a node that comes later within the
//! interval finds it done) and put back when the run fails (so it is due again at the
//! next look). No transaction stays open while the work runs. On SQLite (one node) the
//! upsert alone decides.

use crate::{Engine, Services};
use std::future::Future;

/// A periodic task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// The `periodic_runs` row.
    pub name: &'static str,
    /// The advisory lock's key (one per task).
    pub lock_key: i64,
    pub every_seconds: i64,
}

/// Ended rate windows, dead codes, expired sessions, erased SMS texts, old jobs.
pub const PURGE: Task = Task {
    name: "purge",
    lock_key: 0x6d63_7075_7267_6501,
    every_seconds: 300,
};

/// VNPAY sends nothing when a payment window lapses and an IPN can be lost: orders past
/// their deadline are asked about.
pub const VNPAY_STATUS: Task = Task {
    name: "vnpay_status",
    lock_key: 0x6d63_766e_7061_7902,
    every_seconds: 300,
};

/// What a look at a task found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// This node ran it.
    Ran,
    /// It ran less than an interval ago (here or on another node).
    NotDue,
    /// Another node is running it now.
    Busy,
}

/// Runs `task` with `work` if it is due and no other node is running it.
///
/// # Errors
/// Database errors and `work`'s own (the task stays due).
pub async fn run_if_due<F, Fut>(s: &Services, task: Task, work: F) -> anyhow::Result<Look>
where
    F: FnOnce() -> Fut + Send,
    Fut: Future<Output = anyhow::Result<()>> + Send,
{
    // The lock's connection: out of the pool, so closing it releases the lock.
    let mut lock = match s.db.engine {
        Engine::Postgres => Some(s.db.pool.acquire().await?.detach()),
        Engine::Sqlite => None,
    };
    let look = run_holding(s, task, work, lock.as_mut()).await;
    if let Some(conn) = lock {
        let _ = sqlx::Connection::close(conn).await;
    }
    look
}

async fn run_holding<F, Fut>(
    s: &Services,
    task: Task,
    work: F,
    lock: Option<&mut sqlx::AnyConnection>,
) -> anyhow::Result<Look>
where
    F: FnOnce() -> Fut + Send,
    Fut: Future<Output = anyhow::Result<()>> + Send,
{
    if let Some(conn) = lock {
        let (locked,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
            .bind(task.lock_key)
            .fetch_one(&mut *conn)
            .await?;
        if !locked {
            return Ok(Look::Busy);
        }
    }
    let now = s.now();
    let due: Option<(String,)> = sqlx::query_as(
        "INSERT INTO periodic_runs (name, last_at) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET last_at = $2 WHERE periodic_runs.last_at <= $3 \
         RETURNING name",
    )
    .bind(task.name)
    .bind(now)
    .bind(now - task.every_seconds)
    .fetch_optional(&s.db.pool)
    .await?;
    if due.is_none() {
        return Ok(Look::NotDue);
    }
    if let Err(e) = work().await {
        // Due again at the next look.
        sqlx::query("UPDATE periodic_runs SET last_at = 0 WHERE name = $1")
            .bind(task.name)
            .execute(&s.db.pool)
            .await?;
        return Err(e);
    }
    Ok(Look::Ran)
}

/// The purge: what [`crate::rate::sweep`] removes, and jobs past keeping.
///
/// # Errors
/// Database errors.
pub async fn purge(s: &Services) -> anyhow::Result<()> {
    let swept = crate::rate::sweep(s).await?;
    let jobs = super::purge(&s.db, s.now()).await?;
    tracing::debug!(?swept, jobs, "purged");
    Ok(())
}

/// Looks at every periodic task once; run by each node every minute.
pub async fn tick(s: &Services) {
    if let Err(e) = run_if_due(s, PURGE, || purge(s)).await {
        tracing::warn!(error = %e, "purge failed");
    }
    if let Some(cfg) = s.vnpay.clone() {
        let gateway = crate::payments::vnpay::Vnpay(cfg);
        let swept = run_if_due(s, VNPAY_STATUS, || async {
            let n = crate::payments::gateway::sweep(s, &gateway).await?;
            if n > 0 {
                tracing::info!(answers = n, "VNPAY status queries applied");
            }
            Ok(())
        })
        .await;
        if let Err(e) = swept {
            tracing::warn!(error = %e, "VNPAY status sweep failed");
        }
    }
}

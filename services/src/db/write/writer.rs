//! One group's statements on the writer's connection: its `BEGIN`, each write's
//! `SAVEPOINT` and `RELEASE` (or rollback to it), and its `COMMIT`, with what the
//! group's members are told. When each step runs, and in which task, is decided in
//! [`super`].

use super::{GROUP_AGE, GROUP_MEMBERS, Group};
use sqlx::pool::PoolConnection;
use sqlx::{AnyConnection, AnyPool, Executor as _};
use std::sync::atomic::Ordering;
use std::time::Instant;
use tokio::sync::oneshot;

#[derive(Debug, Default)]
pub(super) struct Writer {
    /// The connection, lent by the pool for good; `None` until first used and after
    /// it failed (the next write takes another).
    pub(super) conn: Option<AnyConnection>,
    /// When the group's `BEGIN IMMEDIATE` ran, while it is open.
    pub(super) opened: Option<Instant>,
    /// Counts finished groups: a write waiting for its group's `COMMIT` finds out
    /// whether it happened.
    pub(super) generation: u64,
    /// Writes released into the open group, each waiting for its `COMMIT`.
    pub(super) members: Vec<oneshot::Sender<Result<(), String>>>,
    /// A write's savepoint is open. Found so by the next step (its write was dropped
    /// without a commit or a rollback), it is rolled back first.
    pub(super) in_write: bool,
}

impl Writer {
    pub(super) fn conn(&mut self) -> Result<&mut AnyConnection, sqlx::Error> {
        self.conn.as_mut().ok_or(sqlx::Error::PoolClosed)
    }

    /// The group's transaction if none is open (after rolling back a write found left
    /// inside its savepoint).
    pub(super) async fn open(&mut self, pool: &AnyPool) -> Result<(), sqlx::Error> {
        if self.in_write {
            self.leave().await?;
        }
        if self.conn.is_none() {
            self.conn = Some(PoolConnection::detach(pool.acquire().await?));
        }
        if self.opened.is_none() {
            if let Err(e) = self.conn()?.execute("BEGIN IMMEDIATE").await {
                // A connection that cannot begin is not trusted with the next write.
                self.conn = None;
                return Err(e);
            }
            self.opened = Some(Instant::now());
        }
        Ok(())
    }

    /// Whether [`Writer::open`] has anything to do.
    pub(super) fn needs_opening(&self) -> bool {
        self.in_write || self.conn.is_none() || self.opened.is_none()
    }

    /// A write's savepoint, recorded before it is sent: if it never ran, the rollback
    /// to it fails, and with it the group, which then committed nothing. When it fails,
    /// the caller ends the group ([`fail_group`]).
    pub(super) async fn savepoint(&mut self) -> Result<(), sqlx::Error> {
        self.in_write = true;
        self.conn()?
            .execute("SAVEPOINT motcua_write")
            .await
            .map(drop)
    }

    /// Releases a write into the group, recorded before it is sent (a release that
    /// never ran leaves a complete write inside the group's transaction, committed with
    /// it); the write waits on the receiver for the `COMMIT`. When it fails, the caller
    /// ends the group ([`fail_group`]).
    pub(super) async fn release(
        &mut self,
    ) -> Result<oneshot::Receiver<Result<(), String>>, sqlx::Error> {
        self.in_write = false;
        let (tx, rx) = oneshot::channel();
        self.members.push(tx);
        self.conn()?.execute("RELEASE motcua_write").await?;
        Ok(rx)
    }

    /// Undoes a write to its savepoint; when that fails the transaction is gone, and
    /// the group with it.
    pub(super) async fn leave(&mut self) -> Result<(), sqlx::Error> {
        let undone = match self.conn() {
            Ok(conn) => conn
                .execute("ROLLBACK TO motcua_write; RELEASE motcua_write")
                .await
                .map(drop),
            Err(e) => Err(e),
        };
        match &undone {
            Ok(()) => self.in_write = false,
            Err(e) => self.finish(Err(e.to_string())).await,
        }
        undone
    }

    /// Whether the open group should commit now, `group`'s writes queued behind: when
    /// none is waiting, when it is full, or when it is old enough.
    pub(super) fn due(&self, group: &Group) -> bool {
        let waiting = group.waiting.load(Ordering::SeqCst);
        self.opened.is_some_and(|at| {
            waiting == 0 || self.members.len() >= GROUP_MEMBERS || at.elapsed() >= GROUP_AGE
        })
    }

    /// Commits the open group if it is due.
    pub(super) async fn settle(&mut self, group: &Group) {
        if self.due(group) {
            self.finish(Ok(())).await;
        }
    }

    /// Ends the open group: `COMMIT` (`Ok`; a write left inside its savepoint is rolled
    /// back first) or `ROLLBACK` (a failure, told to every member), then tells each
    /// member how it went.
    pub(super) async fn finish(&mut self, outcome: Result<(), String>) {
        let outcome = match (outcome, self.opened.is_some()) {
            (Ok(()), true) => {
                let left = if self.in_write {
                    Box::pin(self.leave()).await.map_err(|e| e.to_string())
                } else {
                    Ok(())
                };
                match (left, self.opened.is_some(), self.conn()) {
                    (Ok(()), true, Ok(conn)) => conn
                        .execute("COMMIT")
                        .await
                        .map(drop)
                        .map_err(|e| e.to_string()),
                    // The failed rollback already ended the group.
                    (_, false, _) => return,
                    (Err(e), true, _) => Err(e),
                    (Ok(()), true, Err(e)) => Err(e.to_string()),
                }
            }
            (outcome, _) => outcome,
        };
        if outcome.is_err()
            && let Some(conn) = self.conn.as_mut()
            && conn.execute("ROLLBACK").await.is_err()
        {
            // Whatever it holds is dropped with it (SQLite rolls back on close).
            self.conn = None;
        }
        if outcome.is_err() {
            tracing::error!(error = ?outcome, members = self.members.len(), "a group of SQLite writes failed");
        }
        self.opened = None;
        self.in_write = false;
        self.generation += 1;
        for member in self.members.drain(..) {
            let _ = member.send(outcome.clone());
        }
    }
}

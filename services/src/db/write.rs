//! Write transactions ([`WriteTx`]). On PostgreSQL each is a transaction of its own.
//!
//! On SQLite they share commits (group commit). SQLite has one writer at a time, and
//! with `synchronous = FULL` each commit waits for the disk (2-3 ms here). Write
//! transactions therefore run one after another on one connection the pool lends for
//! good, each inside a `SAVEPOINT` of one longer transaction. Its `COMMIT` is issued
//! when no other write is waiting for its turn, when the group holds
//! [`GROUP_MEMBERS`] writes, or when the group is [`GROUP_AGE`] old. A write's
//! `commit()` returns only once that `COMMIT` is on disk, so nothing is answered
//! before it is durable; if the group fails, every write in it is told so.
//! - A write that fails or is dropped is rolled back to its savepoint: the others
//!   keep theirs.
//! - A statement error that ends the whole transaction (a full disk, an I/O error)
//!   fails the group at that write's rollback or release. No later write can start
//!   outside the group: every write enters through its own `SAVEPOINT`, after a
//!   `BEGIN IMMEDIATE` that the group issues once.
//! - Writes queue in order here, without holding a pool connection, instead of on
//!   SQLite's busy handler (whose sleeps of up to 100 ms made the slowest writes wait
//!   far longer than the lock was held).
//! - A request can go away mid-step (a bank's client timing out), and sqlx runs a
//!   statement it was handed even then. So a write's `SAVEPOINT` and `RELEASE` are
//!   recorded before they are sent (one that never ran fails its group's next step, or
//!   leaves a complete write to commit with the group), and the group's `BEGIN` and
//!   `COMMIT` run in a task of their own holding the writer, which finishes them and
//!   tells every member whatever becomes of the caller. A write dropped midway is
//!   rolled back, and a group left due is committed, by a task too.

use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard, oneshot};
use writer::Writer;

mod writer;

/// A group commits once it holds this many writes.
pub const GROUP_MEMBERS: usize = 128;
/// A group commits once its first write is this old, however busy the queue.
pub const GROUP_AGE: Duration = Duration::from_millis(10);

/// A write transaction ([`super::Db::begin_write`]); used as the connection it runs on.
#[derive(Debug)]
pub struct WriteTx {
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Postgres(Transaction<'static, Any>),
    Sqlite(Member),
}

/// One SQLite write: its turn on the writer, inside the group's transaction.
#[derive(Debug)]
struct Member {
    /// `None` once committed or rolled back.
    turn: Option<OwnedMutexGuard<Writer>>,
    group: Arc<Group>,
}

/// The SQLite writer shared by this process's write transactions.
#[derive(Debug)]
pub(super) struct Group {
    writer: Arc<Mutex<Writer>>,
    /// Writes waiting for their turn: while there are any, a group stays open for them.
    waiting: AtomicUsize,
}

impl Group {
    pub(super) fn new() -> Self {
        Self {
            writer: Arc::new(Mutex::new(Writer::default())),
            waiting: AtomicUsize::new(0),
        }
    }
}

/// Counts a write waiting for its turn, until it has it or gives up.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn group_failed(why: String) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(format!(
        "the write was not committed: {why}"
    )))
}

type Turn = OwnedMutexGuard<Writer>;

fn writer_gone() -> sqlx::Error {
    group_failed("the writer's task ended".to_owned())
}

/// Ends the group after a write's own step failed (`e`), in a task holding the writer,
/// so every member is told whatever becomes of this caller; returns `e`.
async fn fail_group(turn: Option<Turn>, e: sqlx::Error) -> sqlx::Error {
    if let Some(mut turn) = turn {
        let why = e.to_string();
        let _ = tokio::spawn(async move { turn.finish(Err(why)).await }).await;
    }
    e
}

impl super::Db {
    /// A transaction for writes. On SQLite it waits for this process's earlier writes,
    /// then runs in their group (see the module); on PostgreSQL it is a transaction.
    ///
    /// # Errors
    /// When no connection can be had, or the transaction cannot begin.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        match self.engine {
            super::Engine::Sqlite => {
                let group = Arc::clone(&self.group);
                let waiting = Waiting::new(&group.waiting);
                let mut turn = Arc::clone(&group.writer).lock_owned().await;
                drop(waiting);
                if turn.needs_opening() {
                    turn = open_group(turn, self.pool.clone(), Arc::clone(&group)).await?;
                }
                // From here a caller that goes away leaves a member whose drop cleans up.
                let mut tx = WriteTx {
                    inner: Inner::Sqlite(Member {
                        turn: Some(turn),
                        group,
                    }),
                };
                if let Inner::Sqlite(member) = &mut tx.inner
                    && let Some(turn) = member.turn.as_mut()
                    && let Err(e) = turn.savepoint().await
                {
                    return Err(fail_group(member.turn.take(), e).await);
                }
                Ok(tx)
            }
            super::Engine::Postgres => Ok(WriteTx {
                inner: Inner::Postgres(self.pool.begin().await?),
            }),
        }
    }
}

/// Opens the group in a task holding the writer, which hands it back, or, when the
/// caller has gone away meanwhile, commits the group if that is due. A group it begins
/// is committed by [`GROUP_AGE`] at the latest, by a task of its own, whoever is left.
async fn open_group(mut turn: Turn, pool: AnyPool, group: Arc<Group>) -> Result<Turn, sqlx::Error> {
    let (hand_over, opened) = oneshot::channel::<Result<Turn, sqlx::Error>>();
    tokio::spawn(async move {
        let was_open = turn.opened.is_some();
        let done = turn.open(&pool).await;
        if done.is_ok() && !was_open {
            let writer = Arc::clone(&group.writer);
            let generation = turn.generation;
            tokio::spawn(async move {
                tokio::time::sleep(GROUP_AGE).await;
                let mut turn = writer.lock_owned().await;
                if turn.generation == generation {
                    turn.finish(Ok(())).await;
                }
            });
        }
        match done {
            Err(e) => {
                let _ = hand_over.send(Err(e));
            }
            Ok(()) => {
                if let Err(Ok(mut turn)) = hand_over.send(Ok(turn)) {
                    turn.settle(&group).await;
                }
            }
        }
    });
    opened.await.map_err(|_| writer_gone())?
}

impl WriteTx {
    /// Commits; on SQLite returns once the group holding this write is committed.
    ///
    /// # Errors
    /// When the database refuses the commit (on SQLite: the group's).
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        let member = match &mut self.inner {
            Inner::Postgres(_) => {
                let Inner::Postgres(tx) = self.inner else {
                    unreachable!("matched above")
                };
                return tx.commit().await;
            }
            Inner::Sqlite(member) => member,
        };
        let Some(turn) = member.turn.as_mut() else {
            return Err(sqlx::Error::PoolClosed);
        };
        // Should this caller go away here, the member's drop settles the group.
        let released = turn.release().await;
        let Some(mut turn) = member.turn.take() else {
            return Err(sqlx::Error::PoolClosed);
        };
        let committed = match released {
            Ok(committed) => committed,
            Err(e) => return Err(fail_group(Some(turn), e).await),
        };
        let group = Arc::clone(&member.group);
        if turn.due(&group) {
            // The group's COMMIT: in a task holding the writer, so it ends the group and
            // tells every member whatever becomes of this caller.
            tokio::spawn(async move { turn.finish(Ok(())).await });
        } else {
            drop(turn);
        }
        Group::wait(committed).await
    }

    /// Rolls back (on SQLite, this write only).
    ///
    /// # Errors
    /// When the rollback cannot be run.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.inner {
            Inner::Postgres(tx) => tx.rollback().await,
            Inner::Sqlite(mut member) => {
                let Some(mut turn) = member.turn.take() else {
                    return Ok(());
                };
                let own = Arc::clone(&member.group);
                tokio::spawn(async move {
                    let undone = turn.leave().await;
                    turn.settle(&own).await;
                    undone
                })
                .await
                .map_err(|_| writer_gone())?
            }
        }
    }
}

impl Group {
    /// Waits for its group's `COMMIT`, which the last write of the group, or the group's
    /// own deadline task, runs.
    async fn wait(committed: oneshot::Receiver<Result<(), String>>) -> Result<(), sqlx::Error> {
        match committed.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(why)) => Err(group_failed(why)),
            Err(_) => Err(group_failed("the writer went away".to_owned())),
        }
    }
}

impl Drop for Member {
    /// A write dropped before its commit or rollback (its request went away) is rolled
    /// back to its savepoint, and its group committed if that is due, by a task that
    /// keeps its turn until then (or, without a runtime, by the writer's next step).
    fn drop(&mut self) {
        let Some(mut turn) = self.turn.take() else {
            return;
        };
        let group = Arc::clone(&self.group);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if turn.in_write {
                    let _ = turn.leave().await;
                }
                turn.settle(&group).await;
            });
        }
    }
}

impl std::ops::Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &Self::Target {
        match &self.inner {
            Inner::Postgres(tx) => tx,
            Inner::Sqlite(member) => member
                .turn
                .as_ref()
                .and_then(|t| t.conn.as_ref())
                .expect("a write in progress has its connection"),
        }
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match &mut self.inner {
            Inner::Postgres(tx) => tx,
            Inner::Sqlite(member) => member
                .turn
                .as_mut()
                .and_then(|t| t.conn.as_mut())
                .expect("a write in progress has its connection"),
        }
    }
}

#[cfg(test)]
mod tests;

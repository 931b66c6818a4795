//! Live payment updates for the pages waiting on them (SSE): a broadcast of attempt ids
//! whose status changed. Receivers re-read the attempt, so a message more costs one read.
//!
//! Within one process the broadcast is a tokio channel. With PostgreSQL, several nodes
//! serve one database: the transaction that changes an attempt's status also runs
//! `pg_notify` ([`publish`], from `transitions::attempt`), PostgreSQL delivers it at
//! commit to every node's `LISTEN` connection ([`listen`]), and each node re-broadcasts
//! it to its own pages. When that connection is lost and comes back, the node tells its
//! pages to re-read ([`RESYNC`]): what was sent meanwhile is not lost to them.

use sqlx::AnyConnection;
use tokio::sync::broadcast;

/// The PostgreSQL channel attempts' changes are published on.
pub const CHANNEL: &str = "motcua_payment";

/// Sent instead of an attempt id when every page should re-read (ids start at 1).
pub const RESYNC: i64 = 0;

/// How long the `LISTEN` connection may stay quiet before it is checked.
const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug, Clone)]
pub struct PaymentEvents {
    tx: broadcast::Sender<i64>,
}

impl Default for PaymentEvents {
    fn default() -> Self {
        let (tx, _) = broadcast::channel(1024);
        Self { tx }
    }
}

impl PaymentEvents {
    /// Tells every listener of this process that this attempt changed.
    pub fn notify(&self, attempt_id: i64) {
        let _ = self.tx.send(attempt_id);
    }

    /// A receiver of attempt ids (and of [`RESYNC`]).
    #[must_use]
    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.tx.subscribe()
    }
}

/// Publishes a change of attempt `id` to every node, in the caller's transaction: on
/// PostgreSQL a `pg_notify`, delivered when (and only if) the transaction commits; on
/// SQLite (one node) nothing, the caller notifies its process after committing.
///
/// # Errors
/// When the statement fails.
pub(crate) async fn publish(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(id.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Holds one `LISTEN` connection to the PostgreSQL database at `url` and re-broadcasts
/// what arrives to this node's pages, reconnecting (every second) whenever the
/// connection fails; after each (re)connection the pages re-read. Runs until aborted.
pub async fn listen(events: PaymentEvents, url: String) {
    use sqlx::postgres::PgListener;
    loop {
        match PgListener::connect(&url).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => {
                    tracing::info!("listening for payment changes from every node");
                    events.notify(RESYNC);
                    loop {
                        // A connection a firewall dropped silently says nothing: after a
                        // quiet minute it is asked a question, and replaced if it fails.
                        let Ok(received) =
                            tokio::time::timeout(HEARTBEAT, listener.try_recv()).await
                        else {
                            if let Err(e) = sqlx::query("SELECT 1").execute(&mut listener).await {
                                tracing::warn!(error = %e, "payment changes: the connection is gone");
                                break;
                            }
                            continue;
                        };
                        match received {
                            Ok(Some(n)) => match n.payload().parse::<i64>() {
                                Ok(id) if id > 0 => events.notify(id),
                                _ => tracing::warn!(
                                    payload = n.payload(),
                                    "unreadable payment change"
                                ),
                            },
                            // The connection was lost; the next call reconnects, and
                            // what was published meanwhile is re-read.
                            Ok(None) => {
                                tracing::warn!("payment changes: connection lost, reconnecting");
                                events.notify(RESYNC);
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "payment changes: listening failed");
                                break;
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "payment changes: LISTEN failed"),
            },
            Err(e) => tracing::warn!(error = %e, "payment changes: cannot connect"),
        }
        // Pages re-read once connected again (above), not while the database is away.
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

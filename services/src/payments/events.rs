//! Live payment updates for the pages waiting on them (SSE): a broadcast of attempt ids
//! whose status changed. Receivers re-read the attempt, so a missed message costs nothing.

use tokio::sync::broadcast;

#[derive(Debug, Clone)]
pub struct PaymentEvents {
    tx: broadcast::Sender<i64>,
}

impl Default for PaymentEvents {
    fn default() -> Self {
        let (tx, _) = broadcast::channel(256);
        Self { tx }
    }
}

impl PaymentEvents {
    /// Tells every listener that this attempt changed.
    pub fn notify(&self, attempt_id: i64) {
        let _ = self.tx.send(attempt_id);
    }

    /// A receiver of attempt ids.
    #[must_use]
    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.tx.subscribe()
    }
}

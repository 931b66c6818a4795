//! Limits on guessable or costly requests, counted per key (usually the client IP)
//! in `rate_events` over a sliding window.

use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::Text;

/// One limit: at most `max` events of `kind` per key within `window_seconds`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub kind: &'static str,
    pub max: i64,
    pub window_seconds: i64,
}

impl Limit {
    /// Counts this attempt, or refuses it with `message` when the limit is reached
    /// (refused attempts are not counted, so waiting out the window always works).
    ///
    /// # Errors
    /// `RateLimited` when the key has used up the limit.
    pub async fn hit(self, s: &Services, key: &str, message: Text) -> ServiceResult<()> {
        let now = s.now();
        let (recent, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM rate_events WHERE kind = $1 AND subject = $2 AND at > $3",
        )
        .bind(self.kind)
        .bind(key)
        .bind(now - self.window_seconds)
        .fetch_one(&s.db.pool)
        .await?;
        if recent >= self.max {
            return Err(ServiceError::RateLimited {
                message,
                retry_after_seconds: oldest
                    .map_or(self.window_seconds, |t| t + self.window_seconds - now)
                    .max(1),
            });
        }
        sqlx::query("INSERT INTO rate_events (kind, subject, at) VALUES ($1, $2, $3)")
            .bind(self.kind)
            .bind(key)
            .bind(now)
            .execute(&s.db.pool)
            .await?;
        Ok(())
    }
}

//! Limits on guessable or costly requests and lockouts after wrong guesses: one counter
//! per (kind, key) in `rate_counters`, counted and checked in one statement, so parallel
//! requests cannot all pass a check made before any of them was counted (READ COMMITTED
//! on PostgreSQL, or any engine between a read and a write).
//!
//! An attempt is counted *before* the work it guards (the password hash, the code
//! comparison); a guard that succeeds may [`Limit::forgive`] it or [`Limit::clear`] the
//! key. A window starts at a key's first attempt; the attempt that uses the last one
//! refuses the key for a whole window from then. Windows are fixed, not sliding: just
//! before and just after a window ends a key may use up to `2 × max − 1` attempts.

use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::Text;

/// One limit: at most `max` attempts of `kind` per key within `window_seconds`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub kind: &'static str,
    pub max: i64,
    pub window_seconds: i64,
}

/// A refused attempt: how long until the key is free again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub retry_after_seconds: i64,
}

impl Refused {
    /// The service error with `message` and this wait.
    #[must_use]
    pub fn with(self, message: Text) -> ServiceError {
        ServiceError::RateLimited {
            message,
            retry_after_seconds: self.retry_after_seconds,
        }
    }

    /// The wait in whole minutes, at least one.
    #[must_use]
    pub const fn minutes(self) -> i64 {
        (self.retry_after_seconds + 59) / 60
    }
}

impl Limit {
    /// Counts this attempt, or refuses it with `message` when the limit is reached
    /// (refused attempts are not counted, so waiting out the window always works).
    ///
    /// # Errors
    /// `RateLimited` when the key has used up the limit.
    pub async fn hit(self, s: &Services, key: &str, message: Text) -> ServiceResult<()> {
        match self.count(s, key).await? {
            Ok(_) => Ok(()),
            Err(refused) => Err(refused.with(message)),
        }
    }

    /// Counts this attempt and says how many the key has used in its window (this one
    /// included), or refuses it.
    ///
    /// # Errors
    /// A database error.
    pub async fn count(self, s: &Services, key: &str) -> ServiceResult<Result<i64, Refused>> {
        let now = s.now();
        // One statement: a new key starts a window; an ended window starts again; a
        // key under its limit counts one more, and the attempt that reaches the limit
        // refuses the key for a window from now; a key at its limit updates nothing
        // and so returns no row.
        let counted: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO rate_counters (kind, subject, hits, window_ends) VALUES ($1, $2, 1, $4) \
             ON CONFLICT (kind, subject) DO UPDATE SET \
               hits = CASE WHEN rate_counters.window_ends <= $3 THEN 1 ELSE rate_counters.hits + 1 END, \
               window_ends = CASE WHEN rate_counters.window_ends <= $3 OR rate_counters.hits + 1 >= $5 \
                             THEN $4 ELSE rate_counters.window_ends END \
             WHERE rate_counters.window_ends <= $3 OR rate_counters.hits < $5 \
             RETURNING hits",
        )
        .bind(self.kind)
        .bind(key)
        .bind(now)
        .bind(now + self.window_seconds)
        .bind(self.max)
        .fetch_optional(&s.db.pool)
        .await?;
        if let Some((hits,)) = counted {
            return Ok(Ok(hits));
        }
        let ends: Option<(i64,)> = sqlx::query_as(
            "SELECT window_ends FROM rate_counters WHERE kind = $1 AND subject = $2",
        )
        .bind(self.kind)
        .bind(key)
        .fetch_optional(&s.db.pool)
        .await?;
        Ok(Err(Refused {
            retry_after_seconds: ends.map_or(self.window_seconds, |(e,)| e - now).max(1),
        }))
    }

    /// Takes back one counted attempt (the guarded work turned out to be legitimate,
    /// such as a right password that still needs its second factor).
    ///
    /// # Errors
    /// A database error.
    pub async fn forgive(self, s: &Services, key: &str) -> ServiceResult<()> {
        sqlx::query(
            "UPDATE rate_counters SET hits = hits - 1 \
             WHERE kind = $1 AND subject = $2 AND hits > 0 AND window_ends > $3",
        )
        .bind(self.kind)
        .bind(key)
        .bind(s.now())
        .execute(&s.db.pool)
        .await?;
        Ok(())
    }

    /// Forgets the key (a successful sign-in ends the count of wrong guesses).
    ///
    /// # Errors
    /// A database error.
    pub async fn clear(self, s: &Services, key: &str) -> ServiceResult<()> {
        sqlx::query("DELETE FROM rate_counters WHERE kind = $1 AND subject = $2")
            .bind(self.kind)
            .bind(key)
            .execute(&s.db.pool)
            .await?;
        Ok(())
    }
}

/// Deletes the counters whose window has ended; returns how many.
///
/// # Errors
/// A database error.
pub async fn purge(s: &Services) -> ServiceResult<u64> {
    let done = sqlx::query("DELETE FROM rate_counters WHERE window_ends <= $1")
        .bind(s.now())
        .execute(&s.db.pool)
        .await?;
    Ok(done.rows_affected())
}

/// What [`sweep`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub counters: u64,
    pub otp_codes: u64,
    pub staff_challenges: u64,
    pub sessions: u64,
    pub sms_bodies: u64,
}

/// What an SMS body becomes once it may hold a code or a link nobody should read
/// any more.
pub const ERASED_SMS_BODY: &str = "[đã xoá sau 10 phút / erased after 10 minutes]";

/// Removes what can no longer be used: ended limit windows, sign-in codes and staff
/// challenges an hour after they expired, expired sessions, and the text of every SMS
/// sent more than 10 minutes ago (codes and payment links must not stay readable in the
/// outbox). Run every few minutes by the server; safe to run on several nodes at once.
///
/// # Errors
/// A database error.
pub async fn sweep(s: &Services) -> ServiceResult<Swept> {
    let now = s.now();
    let gone = |sql: &'static str, before: i64| async move {
        sqlx::query(sql)
            .bind(before)
            .execute(&s.db.pool)
            .await
            .map(|r| r.rows_affected())
    };
    Ok(Swept {
        counters: purge(s).await?,
        otp_codes: gone(
            "DELETE FROM otp_challenges WHERE expires_at <= $1",
            now - 3600,
        )
        .await?,
        staff_challenges: gone(
            "DELETE FROM staff_challenges WHERE expires_at <= $1",
            now - 3600,
        )
        .await?,
        sessions: gone("DELETE FROM sessions WHERE expires_at <= $1", now).await?,
        sms_bodies: sqlx::query(
            "UPDATE sms_outbox SET body = $1 WHERE sent_at <= $2 AND body <> $1",
        )
        .bind(ERASED_SMS_BODY)
        .bind(now - 600)
        .execute(&s.db.pool)
        .await?
        .rows_affected()
            // The provider's queue erases as it goes; this catches a queue whose
            // worker is not running.
            + sqlx::query(
                "UPDATE sms_queue SET body = $1 WHERE created_at <= $2 AND body <> $1",
            )
            .bind(ERASED_SMS_BODY)
            .bind(now - crate::sms::queue::BODY_SECONDS)
            .execute(&s.db.pool)
            .await?
            .rows_affected(),
    })
}

//! `GET /api/v1/payments/{id}/events`: Server-Sent Events with the attempt's status.
//! One `status` event at once, another whenever it changes (a bank credit on any node, the
//! deadline), and the stream ends once the status is final or this node stops.

use super::body::ErrorDoc;
use super::error::ApiError;
use super::extract::Path;
use super::payments::AttemptView;
use crate::state::AppState;
use app::caller::Payer;
use app::i18n::Api;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use services::dossiers::Who;
use services::payments::{self, events};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// Whose streams count together: the citizen, the member of staff, or the holders of
/// one dossier's fee-notice link.
fn caller_key(who: &Who) -> String {
    match who {
        Who::Citizen(id) => format!("citizen:{id}"),
        Who::Staff(st) => format!("staff:{}", st.id),
        Who::NoticeHolder(dossier) => format!("notice:{dossier}"),
    }
}

/// The longest a page waits without re-reading its attempt.
const RECHECK_SECONDS: i64 = 30;

struct Watch {
    /// Held while the stream is open.
    _slot: crate::state::StreamSlot,
    state: AppState,
    who: Who,
    id: i64,
    rx: tokio::sync::broadcast::Receiver<i64>,
    stopping: tokio::sync::watch::Receiver<bool>,
    last: Option<String>,
    done: bool,
}

/// One event of the stream.
#[derive(Debug, utoipa::ToSchema)]
#[allow(dead_code)] // a schema only: axum's `Event` writes it
pub struct StatusEvent {
    #[schema(pattern = "^status$", example = "status")]
    pub event: String,
    /// The attempt, as `GET /payments/{id}` answers it, in JSON.
    pub data: String,
}

/// Server-Sent Events with the attempt's status: a `status` event (an attempt, as
/// `GET /payments/{id}` answers) at once and at every change; the stream ends once the
/// status is final.
#[utoipa::path(get, path = "/payments/{id}/events", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The stream", content_type = "text/event-stream", body = StatusEvent),
        (status = 400, description = "Unreadable path", body = ErrorDoc),
        (status = 401, description = "No or bad token", body = ErrorDoc),
        (status = 404, description = "Missing, or not yours", body = ErrorDoc),
        (status = 429, description = "Too many streams open by this caller", body = ErrorDoc,
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    ))]
pub async fn events(
    State(state): State<AppState>,
    Payer(who): Payer,
    Path(id): Path<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    // Subscribe before the first read, so a change in between is not missed.
    let rx = state.services.payment_events.subscribe();
    payments::get_attempt(&state.services, &who, id).await?;
    let slot = state.streams.take(caller_key(&who)).ok_or_else(|| {
        services::ServiceError::RateLimited {
            message: app::text!(Api.too_many_streams),
            retry_after_seconds: 30,
        }
    })?;
    let watch = Watch {
        _slot: slot,
        stopping: state.stopping.clone(),
        state,
        who,
        id,
        rx,
        last: None,
        done: false,
    };
    let stream = futures::stream::unfold(watch, |mut w| async move {
        if w.done {
            return None;
        }
        loop {
            let Ok(attempt) = payments::get_attempt(&w.state.services, &w.who, w.id).await else {
                return None;
            };
            let status = attempt.status.as_str().to_owned();
            if w.last.as_deref() != Some(status.as_str()) {
                w.last = Some(status);
                w.done = attempt.status.is_terminal();
                let event = Event::default()
                    .event("status")
                    .json_data(AttemptView::from(&attempt))
                    .unwrap_or_default();
                return Some((Ok(event), w));
            }
            // Wait for news of this attempt (or word to re-read), for its deadline (a
            // timer the news of other attempts does not restart), or for this node to
            // stop: then the stream ends and the browser reconnects elsewhere.
            // A change no message announces (on SQLite, a QR cancelled because another
            // paid the notice, or because the fee was reduced) is seen within
            // RECHECK_SECONDS at the latest.
            let left = (attempt.expires_at - w.state.services.now()).clamp(0, RECHECK_SECONDS);
            let deadline = tokio::time::Instant::now()
                + Duration::from_secs(u64::try_from(left).unwrap_or(0) + 1);
            loop {
                tokio::select! {
                    () = tokio::time::sleep_until(deadline) => break,
                    _ = w.stopping.wait_for(|s| *s) => return None,
                    r = w.rx.recv() => match r {
                        Ok(changed) if changed == w.id || changed == events::RESYNC => break,
                        Ok(_) => {}
                        Err(RecvError::Lagged(_)) => break,
                        Err(RecvError::Closed) => return None,
                    },
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

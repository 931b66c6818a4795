//! `GET /api/v1/payments/{id}/events`: Server-Sent Events with the attempt's status.
//! One `status` event at once, another whenever it changes (a bank credit, the deadline),
//! and the stream ends once the status is final.

use super::error::ApiError;
use super::payments::attempt_json;
use crate::state::AppState;
use app::caller::Payer;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use services::dossiers::Who;
use services::payments;
use std::convert::Infallible;
use std::time::Duration;

struct Watch {
    state: AppState,
    who: Who,
    id: i64,
    rx: tokio::sync::broadcast::Receiver<i64>,
    last: Option<String>,
    done: bool,
}

pub async fn events(
    State(state): State<AppState>,
    Payer(who): Payer,
    Path(id): Path<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    // Subscribe before the first read, so a change in between is not missed.
    let rx = state.services.payment_events.subscribe();
    payments::get_attempt(&state.services, &who, id).await?;
    let watch = Watch {
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
                    .data(attempt_json(&attempt).to_string());
                return Some((Ok(event), w));
            }
            // Wait for a change, or re-check every few seconds for the deadline.
            let wait = Duration::from_secs(2);
            loop {
                match tokio::time::timeout(wait, w.rx.recv()).await {
                    Ok(Ok(changed)) if changed != w.id => {}
                    Ok(Err(tokio::sync::broadcast::error::RecvError::Closed)) => return None,
                    _ => break,
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

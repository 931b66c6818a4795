//! `GET /metrics` in the Prometheus text format (version 0.0.4), through
//! `prometheus-client`: requests by route, method and status with their latency, bank
//! and VNPAY notifications by outcome, and, read when scraped, the database pool, the
//! open payment streams and the text-message queue. Routes are the router's patterns
//! (`/api/v1/dossiers/{code}`), never the paths asked for, so the labels stay few.
//!
//! Only a scraper may read it: one that sends `Authorization: Bearer
//! $MOTCUA_METRICS_TOKEN`, or, in development only, a client on this machine. (In
//! production a proxy on the same machine that does not name the client would make
//! every visitor look local.)

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use services::net::ClientIp;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct NotificationLabels {
    provider: &'static str,
    outcome: &'static str,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 8 s.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        0.001, 2.0, 14,
    ))
}

/// This node's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Histogram, fn() -> Histogram>,
    notifications: Family<NotificationLabels, Counter>,
    pool_size: Gauge,
    pool_idle: Gauge,
    streams: Gauge,
    jobs_waiting: Gauge,
    jobs_overdue: Gauge,
    jobs_dead: Gauge,
    sms_waiting: Gauge,
    sms_oldest: Gauge,
    /// `MOTCUA_METRICS_TOKEN`: lets a scraper in.
    token: Option<String>,
    /// Development: a client on this machine needs no token.
    local_allowed: bool,
}

impl Metrics {
    #[must_use]
    pub fn new(token: Option<String>, production: bool) -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Requests by route pattern, method and status, with their latency",
            requests.clone(),
        );
        let notifications = Family::<NotificationLabels, Counter>::default();
        registry.register(
            "payment_notifications",
            "Provider notifications by outcome: applied, duplicate, exception, ignored, refused, error",
            notifications.clone(),
        );
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let g = Gauge::default();
            registry.register(name, help, g.clone());
            g
        };
        Self {
            pool_size: gauge(
                &mut registry,
                "db_pool_connections",
                "Connections this node holds",
            ),
            pool_idle: gauge(&mut registry, "db_pool_idle_connections", "Of those, idle"),
            streams: gauge(
                &mut registry,
                "payment_streams_open",
                "Live payment pages served by this node",
            ),
            jobs_waiting: gauge(
                &mut registry,
                "job_queue_depth",
                "Jobs queued or running (services::jobs)",
            ),
            jobs_overdue: gauge(
                &mut registry,
                "job_queue_overdue_seconds",
                "How long the most overdue job has been due and not run (0: none overdue)",
            ),
            jobs_dead: gauge(
                &mut registry,
                "job_queue_dead",
                "Jobs given up, shown to administrators on /can-bo/hang-doi",
            ),
            sms_waiting: gauge(
                &mut registry,
                "sms_queue_depth",
                "Text messages waiting to be handed to the SMS provider",
            ),
            sms_oldest: gauge(
                &mut registry,
                "sms_queue_oldest_age_seconds",
                "How long the oldest waiting text message has waited",
            ),
            registry,
            requests,
            notifications,
            token: token.filter(|t| !t.is_empty()),
            local_allowed: !production,
        }
    }

    /// Counts one provider notification's outcome.
    pub fn notification(&self, provider: &'static str, outcome: &'static str) {
        self.notifications
            .get_or_create(&NotificationLabels { provider, outcome })
            .inc();
    }

    fn allowed(&self, client: Option<&ClientIp>, headers: &HeaderMap) -> bool {
        if self.local_allowed && client.is_some_and(|c| c.0.is_loopback()) {
            return true;
        }
        let Some(token) = &self.token else {
            return false;
        };
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        services::sessions::constant_time_eq(sent.as_bytes(), token.as_bytes())
    }
}

/// Times every request and counts it under its route pattern.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = match req.method().as_str() {
        m @ ("GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS") => m.to_owned(),
        _ => "other".to_owned(),
    };
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    state
        .metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            method,
            status: res.status().as_u16(),
        })
        .observe(started.elapsed().as_secs_f64());
    res
}

/// `GET /metrics`.
pub async fn scrape(State(state): State<AppState>, req: Request) -> Response {
    let m = &state.metrics;
    if !m.allowed(req.extensions().get::<ClientIp>(), req.headers()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let pool = &state.services.db.pool;
    m.pool_size.set(i64::from(pool.size()));
    m.pool_idle
        .set(i64::try_from(pool.num_idle()).unwrap_or(i64::MAX));
    m.streams
        .set(i64::try_from(state.streams.open()).unwrap_or(i64::MAX));
    let now = state.services.now();
    match services::jobs::depth(&state.services.db, now).await {
        Ok(d) => {
            m.jobs_waiting.set(d.waiting);
            m.jobs_overdue.set(d.overdue_seconds);
            m.jobs_dead.set(d.dead);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: the job queue cannot be read"),
    }
    match services::sms::queue::depth(&state.services.db, now).await {
        Ok((waiting, oldest)) => {
            m.sms_waiting.set(waiting);
            m.sms_oldest.set(oldest);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: the SMS queue cannot be read"),
    }
    let mut body = String::new();
    if let Err(e) = prometheus_client::encoding::prometheus_text::encode(&mut body, &m.registry) {
        tracing::error!(error = %e, "metrics cannot be encoded");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
        )],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "a metrics token of at least 32 characters";

    fn bearer(token: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            format!("Bearer {token}").parse().unwrap(),
        );
        h
    }

    /// In production a client that looks local is not enough: a proxy on the same
    /// machine that does not name the client makes every visitor look local.
    #[test]
    fn production_asks_everybody_for_the_token() {
        let local = ClientIp(std::net::IpAddr::from([127, 0, 0, 1]));
        let remote = ClientIp(std::net::IpAddr::from([203, 0, 113, 5]));
        let none = HeaderMap::new();
        let prod = Metrics::new(Some(TOKEN.to_owned()), true);
        assert!(!prod.allowed(Some(&local), &none));
        assert!(!prod.allowed(Some(&local), &bearer(&"x".repeat(TOKEN.len()))));
        assert!(prod.allowed(Some(&remote), &bearer(TOKEN)));
        assert!(!Metrics::new(None, true).allowed(Some(&local), &none));
        let dev = Metrics::new(None, false);
        assert!(dev.allowed(Some(&local), &none));
        assert!(!dev.allowed(Some(&remote), &none));
        assert!(!dev.allowed(None, &none));
    }
}

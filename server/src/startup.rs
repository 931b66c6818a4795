//! Builds the application from settings; tests build it the same way on port 0.

use crate::config::Settings;
use crate::config::SmsSettings;
use crate::state::AppState;
use anyhow::Context as _;
use app::api::ssr::WebConfig;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use services::sms::OutboxSender;
use services::sms::queue::QueuedSender;
use services::{Db, Services, SystemClock};
use std::future::IntoFuture as _;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// A bound, ready-to-serve application.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    router: Router,
    pub services: Services,
    /// The provider queued text messages go to (none with the sandbox outbox).
    sms_provider: Option<Arc<dyn services::sms::queue::SmsProvider>>,
    /// The PostgreSQL database whose payment changes this node listens for (none on
    /// SQLite: one node, its own channel).
    listen_url: Option<String>,
    /// Set when shutting down (live streams watch it).
    stop: tokio::sync::watch::Sender<bool>,
}

/// How long a node waits for its open requests once told to stop.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens the database and applies pending migrations.
///
/// # Errors
/// When the database cannot be opened or a migration fails.
pub async fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect_with(&settings.database_url, settings.pool).await?;
    db.migrate().await?;
    services::seed::seed_banks(&db).await?;
    Ok(db)
}

/// The services over a database, with the real clock, the configured SMS sender and
/// blob store.
///
/// # Errors
/// When the configured blob store cannot be opened (see `services::blobs::Settings`).
pub fn build_services(settings: &Settings, db: Db) -> anyhow::Result<Services> {
    let clock = Arc::new(SystemClock);
    // The sandbox keeps messages for /sandbox/sms; a real provider's are queued, and
    // the worker of any serving node hands them over (`Application::run`).
    let sms: Arc<dyn services::sms::SmsSender> = match &settings.sms {
        SmsSettings::Sandbox => Arc::new(OutboxSender::new(db.clone(), clock.clone())),
        SmsSettings::Esms(_) => Arc::new(QueuedSender::new(db.clone(), clock.clone())),
    };
    let blobs = settings.blobs.open(&db)?;
    let mut services = Services::new(db, clock, sms, blobs, &settings.secret_key);
    services.payment_ttl_seconds = settings.payment_ttl_seconds;
    services.bank_webhook_secret = Arc::from(settings.bank_webhook_secret.as_slice());
    services.vnpay = settings.vnpay.as_ref().map(|v| {
        let public = public_url(settings);
        Arc::new(services::payments::vnpay::VnpayConfig {
            tmn_code: v.tmn_code.clone(),
            hash_secret: v.hash_secret.clone(),
            pay_url: v
                .pay_url
                .clone()
                .unwrap_or_else(|| format!("{}/sandbox/vnpay/pay", self_url(settings))),
            api_url: v.api_url.clone().unwrap_or_else(|| {
                format!(
                    "{}/sandbox/vnpay/merchant_webapi/api/transaction",
                    self_url(settings)
                )
            }),
            return_url: format!("{public}/thanh-toan/vnpay/ket-qua"),
        })
    });
    Ok(services)
}

/// Where this server answers itself.
#[must_use]
pub fn self_url(settings: &Settings) -> String {
    let a = settings.site_addr;
    let ip = if a.ip().is_unspecified() {
        std::net::IpAddr::from([127, 0, 0, 1])
    } else {
        a.ip()
    };
    format!("http://{}", SocketAddr::new(ip, a.port()))
}

/// Where people reach this server.
#[must_use]
pub fn public_url(settings: &Settings) -> String {
    settings
        .public_url
        .clone()
        .unwrap_or_else(|| self_url(settings))
}

fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("motcua")
        .site_root(settings.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(settings.site_addr)
        .env(settings.leptos_env.clone())
        .build()
}

impl Application {
    /// Binds the listener and builds the router.
    ///
    /// # Errors
    /// When the address cannot be bound or the database is unusable.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        if settings.sandbox && settings.is_production() {
            anyhow::bail!("refusing to start: the sandbox cannot run in production");
        }
        std::fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!(
                "cannot create MOTCUA_DATA_DIR {}",
                settings.data_dir.display()
            )
        })?;
        let listener = TcpListener::bind(settings.site_addr)
            .await
            .with_context(|| format!("cannot listen on {}", settings.site_addr))?;
        // With port 0 the real port is known only now; the sandbox bank calls us there.
        let mut settings = settings;
        if let Ok(bound) = listener.local_addr() {
            settings.site_addr = bound;
        }
        let db = open_database(&settings).await?;
        let services = build_services(&settings, db)?;
        // A wrong bucket address or key stops the node here, not at a citizen's upload.
        services.blobs.check().await?;
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let router = router(&settings, services.clone(), stopping);
        let sms_provider: Option<Arc<dyn services::sms::queue::SmsProvider>> = match &settings.sms {
            SmsSettings::Sandbox => None,
            SmsSettings::Esms(c) => Some(Arc::new(services::sms::esms::Esms::new(c.clone())?)),
        };
        let listen_url = (services.db.engine == services::Engine::Postgres)
            .then(|| settings.database_url.clone());
        Ok(Self {
            listener,
            router,
            services,
            sms_provider,
            listen_url,
            stop,
        })
    }

    #[must_use]
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves until Ctrl-C or SIGTERM.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `signal` completes, then stops: live streams end at once, open
    /// requests get [`SHUTDOWN_GRACE`] to finish.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until(
        self,
        signal: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let s = self.services.clone();
        // With PostgreSQL, a payment confirmed on any node reaches this node's pages.
        let listener = self.listen_url.clone().map(|url| {
            tokio::spawn(services::payments::events::listen(
                s.payment_events.clone(),
                url,
            ))
        });
        // Periodic work (purges, VNPAY status queries): every node looks each minute,
        // one of them runs each task when it is due (services::jobs::periodic).
        let ticker = tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                services::jobs::periodic::tick(&s).await;
            }
        });
        // Queued jobs (texts about dossiers, ...) are run by every node's worker, each
        // job claimed by one of them.
        let jobs = tokio::spawn(services::jobs::work(self.services.clone()));
        // Queued text messages are handed to the provider by every serving node (each
        // message claimed by one of them).
        let sms_worker = self.sms_provider.clone().map(|provider| {
            let s = self.services.clone();
            tokio::spawn(services::sms::queue::work(
                s.db.clone(),
                s.clock.clone(),
                provider,
            ))
        });
        let stop = self.stop;
        let mut stopped = stop.subscribe();
        let serve = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            signal.await;
            tracing::info!("shutting down: live streams end, open requests finish");
            let _ = stop.send(true);
        })
        .into_future();
        let served = tokio::select! {
            served = serve => served.context("server error"),
            () = async {
                let _ = stopped.wait_for(|s| *s).await;
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } => {
                tracing::warn!("requests still open after the shutdown grace: closing them");
                Ok(())
            }
        };
        ticker.abort();
        jobs.abort();
        if let Some(l) = listener {
            l.abort();
        }
        if let Some(w) = sms_worker {
            w.abort();
        }
        served
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

/// The app's routes, listed once per process.
///
/// Listing them runs the app with resource loading suppressed by a flag that is global
/// to the process (`leptos_server::SuppressResourceLoad`): a resource first polled by a
/// render elsewhere in the process while the flag is up never resolves, and that page
/// hangs (leptos issue #4773). One process that builds several applications (the HTTP
/// test suite builds one per test) would list them again while another serves pages;
/// listing once, before the first application can serve, closes that window.
pub fn app_routes() -> &'static [leptos_axum::AxumRouteListing] {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App))
}

/// The whole HTTP surface.
pub fn router(
    settings: &Settings,
    services: Services,
    stopping: tokio::sync::watch::Receiver<bool>,
) -> Router {
    let leptos_options = leptos_options(settings);
    let routes = app_routes().to_vec();
    let web = WebConfig {
        secure_cookies: settings.is_production(),
        sandbox: settings.sandbox,
        kiosk_idle_seconds: settings.kiosk_idle_seconds,
        public_url: public_url(settings),
    };
    let self_url = self_url(settings);
    let state = AppState {
        leptos_options: leptos_options.clone(),
        services: services.clone(),
        sandbox: settings.sandbox,
        self_url,
        public_url: public_url(settings),
        secure_cookies: settings.is_production(),
        web: web.clone(),
        streams: Arc::default(),
        sandbox_vnpay: Arc::default(),
        stopping,
        metrics: Arc::new(crate::metrics::Metrics::new(
            settings.metrics_token.clone(),
            settings.is_production(),
        )),
    };
    let context = crate::web::leptos_context(services, web);
    let mut router = Router::new()
        .merge(crate::web::health::routes())
        .nest("/api/v1", crate::api::routes())
        .merge(crate::web::forms::routes())
        .merge(crate::web::badge::routes())
        .merge(crate::web::notice_link::routes())
        .merge(crate::web::reconcile::routes())
        .merge(crate::web::routes(context.clone()));
    if settings.sandbox {
        router = router.merge(crate::sandbox::routes());
    }
    let router = router
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options;
            move || app::shell(options.clone())
        })
        // The page of an unknown address gets the same context as every other page (its
        // scripts the response's CSP nonce, so it hydrates).
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(axum::middleware::from_fn(crate::web::plain_form_redirects))
        .layer(axum::middleware::from_fn_with_state(
            settings.is_production(),
            crate::web::write_flash,
        ))
        .layer(axum::middleware::from_fn(
            crate::web::content_security_policy,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web::kiosk::recognise,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.services.clone(),
            crate::web::caller_context,
        ));
    // Cross-site writes are refused before anything else runs.
    let router = router.layer(axum::middleware::from_fn_with_state(
        Arc::new(crate::web::origin::Origins::new(&public_url(settings))),
        crate::web::origin::guard,
    ));
    // The client's address first: everything after it keys on it.
    let router = router.layer(axum::middleware::from_fn_with_state(
        Arc::new(settings.trusted_proxies.clone()),
        crate::web::client_address,
    ));
    // One span per request, with its id, around everything else (errors logged inside
    // carry the id; tower-http logs server errors at ERROR).
    let router = router
        .layer(
            tower_http::trace::TraceLayer::new_for_http().make_span_with(crate::web::request_span),
        )
        .layer(axum::middleware::from_fn(crate::web::request_id))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::metrics::track,
        ));
    // Brotli or gzip for pages, JSON, CSS, JS and wasm (not for images or SSE streams).
    crate::web::with_security_headers(router, settings.is_production())
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

#[cfg(test)]
mod tests {
    /// Every application of the process serves the one listing made before the first
    /// could serve a page (see [`super::app_routes`]).
    #[test]
    fn the_routes_are_listed_once_per_process() {
        let first = super::app_routes();
        assert!(first.iter().any(|r| r.path() == "/thu-tuc"), "{first:?}");
        assert!(std::ptr::eq(first, super::app_routes()));
    }
}

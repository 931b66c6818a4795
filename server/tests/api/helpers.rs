//! `spawn_app`: a fresh database, migrations, demo seed, and the server on a random port.

use server::config::Settings;
use server::startup::Application;
use services::Services;
use services::staff::{NewStaff, Role, Staff};

pub use crate::visitor::{Reply, Visitor};

/// The server on a fresh database, and the [`Visitor`]s that call it.
#[derive(Debug)]
pub struct TestApp {
    pub address: String,
    /// A client with no cookie store, no redirects and no default headers, under the
    /// [`Visitor`]s, which say every cookie and header they send.
    pub(crate) bare: reqwest::Client,
    pub services: Services,
    /// The database it serves, which [`TestApp::another_node`] shares.
    pub database_url: String,
    /// Its own data directory (`MOTCUA_DATA_DIR`, unless the test named another).
    pub data_dir: std::path::PathBuf,
    /// Stops the node (its `run_until` signal).
    stop: std::sync::Arc<tokio::sync::Notify>,
    /// Resolves when the node has stopped serving.
    stopped: std::sync::Arc<tokio::sync::Notify>,
}

/// A real SMS provider's settings (eSMS, at an address where nothing listens): what a
/// server without the sandbox must be given (config::SmsSettings).
pub const REAL_SMS: [(&str, &str); 5] = [
    ("MOTCUA_SMS_PROVIDER", "esms"),
    ("MOTCUA_SMS_API_KEY", "test api key"),
    ("MOTCUA_SMS_SECRET_KEY", "test secret key"),
    ("MOTCUA_SMS_BRANDNAME", "MOTCUA"),
    ("MOTCUA_SMS_URL", "http://127.0.0.1:9"),
];

pub async fn spawn_app_with(engine: &str, extra: &[(&str, &str)]) -> Option<TestApp> {
    let url = testkit::fresh_database(engine).await?;
    let app = spawn_node(&url, extra).await;
    services::seed::seed_demo(&app.services)
        .await
        .expect("seed");
    Some(app)
}

/// A node serving the database at `url`, with a data directory of its own (as a
/// second machine would have).
pub async fn spawn_node(url: &str, extra: &[(&str, &str)]) -> TestApp {
    let url = url.to_owned();
    let data_dir = std::env::temp_dir()
        .join("motcua-tests")
        .join(uuid::Uuid::new_v4().simple().to_string());
    let mut vars: Vec<(String, String)> = vec![
        ("MOTCUA_DATABASE_URL".into(), url.clone()),
        ("MOTCUA_DATA_DIR".into(), data_dir.display().to_string()),
        ("LEPTOS_SITE_ADDR".into(), "127.0.0.1:0".into()),
        ("MOTCUA_ENV".into(), "development".into()),
    ];
    vars.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let settings =
        // A test's own values come last and win.
        Settings::from_lookup(|k| vars.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
            .expect("settings");
    let app = Application::build(settings).await.expect("build app");
    let address = format!("http://{}", app.local_addr().expect("bound address"));
    let services = app.services.clone();
    let stop = std::sync::Arc::new(tokio::sync::Notify::new());
    let stopped = std::sync::Arc::new(tokio::sync::Notify::new());
    let (signal, done) = (stop.clone(), stopped.clone());
    tokio::spawn(async move {
        let _ = app.run_until(async move { signal.notified().await }).await;
        done.notify_one();
    });
    // No request may hang a test run: a stuck handler fails the test that hit it.
    let limit = std::time::Duration::from_secs(30);
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(limit)
        .build()
        .expect("client");
    TestApp {
        address,
        bare,
        services,
        database_url: url,
        data_dir,
        stop,
        stopped,
    }
}

pub async fn spawn_app(engine: &str) -> Option<TestApp> {
    spawn_app_with(engine, &[]).await
}

impl TestApp {
    /// A second node on the same database, with its own data directory.
    pub async fn another_node(&self) -> TestApp {
        spawn_node(&self.database_url, &[]).await
    }

    /// Tells the node to stop (as SIGTERM does) and waits until it has; returns how
    /// long that took.
    pub async fn shut_down(&self) -> std::time::Duration {
        let started = std::time::Instant::now();
        let stopped = self.stopped.notified();
        self.stop.notify_one();
        stopped.await;
        started.elapsed()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A JSON answer to an anonymous GET: its status and body.
    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let res = self.visitor().get(path).await;
        (res.status, res.json())
    }

    /// An anonymous JSON POST: the status and the JSON body (`null` when there is none).
    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let res = self.visitor().post_json(path, &body).await;
        let json = serde_json::from_str(&res.body).unwrap_or(serde_json::Value::Null);
        (res.status, json)
    }

    /// Registers a citizen over the API and returns their bearer token.
    pub async fn citizen_token(&self, phone: &str, national_id: &str) -> String {
        let (status, _) = self
            .post_json("/api/v1/auth/otp", serde_json::json!({ "phone": phone }))
            .await;
        assert_eq!(status, 202);
        let code = self.last_code(phone).await;
        let (status, body) = self
            .post_json(
                "/api/v1/auth/token",
                serde_json::json!({
                    "phone": phone, "code": code, "full_name": "Nguyễn Văn An",
                    "date_of_birth": "1990-05-17", "national_id": national_id,
                }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["token"].as_str().expect("token").to_owned()
    }

    /// The newest code in the sandbox outbox for a phone, read over HTTP.
    pub async fn last_code(&self, phone: &str) -> String {
        let (status, body) = self.get_json(&format!("/sandbox/sms?phone={phone}")).await;
        assert_eq!(status, 200);
        let text = body["messages"][0]["body"]
            .as_str()
            .expect("a message")
            .to_owned();
        text.split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
            .expect("6-digit code")
            .to_owned()
    }
}

/// Runs one async test body against each engine.
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::helpers::spawn_app("sqlite").await {
                    super::$body(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::helpers::spawn_app("postgres").await {
                    super::$body(app).await;
                }
            }
        }
    };
}

/// The password of every member of staff the tests create.
pub const STAFF_PASSWORD: &str = "mat-khau-du-dai";

impl TestApp {
    /// Someone with a browser on one of our pages and nothing else: no cookies yet,
    /// the page's origin on every request, redirects shown rather than followed.
    pub fn visitor(&self) -> Visitor<'_> {
        Visitor::new(self)
    }

    /// A client of the REST API (`/api/v1`) holding a bearer token: not a browser, so no
    /// cookies and no Origin (the origin guard exempts bearer requests either way).
    pub fn api_client(&self, token: &str) -> Visitor<'_> {
        self.visitor().without_origin().with_bearer(token)
    }

    /// A page (or any answer) as an anonymous visitor gets it.
    pub async fn get_page(&self, path: &str) -> Reply {
        self.visitor().get(path).await
    }

    /// A form posted by an anonymous visitor from one of our pages.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        self.visitor().post_form(path, form).await
    }

    /// A citizen registered by phone and OTP (the API's own steps), signed in.
    pub async fn as_citizen(&self, phone: &str, national_id: &str) -> Visitor<'_> {
        let token = self.citizen_token(phone, national_id).await;
        self.visitor()
            .with_cookie(format!("motcua_session={token}"))
    }

    /// A member of staff created as the CLI does (`motcua staff create`), not signed in.
    pub async fn member(
        &self,
        phone: &str,
        full_name: &str,
        role: Role,
        agency: Option<&str>,
    ) -> Staff {
        services::staff::create(
            &self.services,
            NewStaff {
                phone: phone.into(),
                full_name: full_name.into(),
                role,
                agency_code: agency.map(str::to_owned),
                password: STAFF_PASSWORD.into(),
            },
            services::audit::Actor::Cli,
        )
        .await
        .expect("staff member")
    }

    /// A member of staff, created and signed in through the password and the second
    /// factor (a real TOTP code of the authenticator enrolled on the way), by the
    /// services' sign-in steps; `pages.rs` signs staff in over HTTP.
    pub async fn as_staff(
        &self,
        phone: &str,
        role: Role,
        agency: Option<&str>,
    ) -> (Visitor<'_>, Staff) {
        let member = self.member(phone, "Trần Thị Bình", role, agency).await;
        let visitor = self.signed_in(phone).await;
        (visitor, member)
    }

    /// A member of staff created with [`TestApp::member`] and not signed in yet, signed
    /// in: the password, then the code of the authenticator enrolled on the way (the
    /// services' own sign-in steps, as the staff sign-in pages call them).
    pub async fn signed_in(&self, phone: &str) -> Visitor<'_> {
        let (session, _, _) =
            testkit::staff_session(&self.services, phone, STAFF_PASSWORD, "127.0.0.1", None)
                .await
                .expect("staff session");
        self.visitor()
            .with_cookie(format!("motcua_session={session}"))
    }

    /// A kiosk registered by `admin` and enrolled over HTTP with its one-time code: a
    /// browser holding the device cookie, as the kiosk's own browser does.
    pub async fn as_kiosk(&self, admin: &Staff, name: &str) -> Visitor<'_> {
        let (_, code) = services::kiosks::register(&self.services, admin, name, "Sảnh A")
            .await
            .expect("kiosk registered");
        let enrolled = self
            .visitor()
            .on_page("/kiosk")
            .post_form("/api/kiosk/enrol", &[("code", code.as_str())])
            .await;
        assert_eq!(enrolled.location(), "/kiosk", "{}", enrolled.body);
        let device = enrolled.cookie("motcua_kiosk").expect("the device cookie");
        self.visitor().with_cookie(device)
    }
}

/// A bank notification as the bank sends it: signed, now, with the server's key.
pub async fn receive_bank(
    s: &services::Services,
    body: &str,
) -> services::error::ServiceResult<services::payments::notifications::Outcome> {
    let signature =
        services::payments::signature::sign(&s.bank_webhook_secret, s.now(), body.as_bytes());
    services::payments::notifications::receive_bank(s, body, Some(&signature)).await
}

//! `spawn_app`: a fresh database, migrations, demo seed, and the server on a random port.

use server::config::Settings;
use server::startup::Application;
use services::Services;

#[derive(Debug)]
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// A client that does not follow redirects, to look at them.
    pub raw: reqwest::Client,
    pub services: Services,
}

pub async fn spawn_app_with(engine: &str, extra: &[(&str, &str)]) -> Option<TestApp> {
    let url = testkit::fresh_database(engine).await?;
    let data_dir = std::env::temp_dir()
        .join("motcua-tests")
        .join(uuid::Uuid::new_v4().simple().to_string());
    let mut vars: Vec<(String, String)> = vec![
        ("MOTCUA_DATABASE_URL".into(), url),
        ("MOTCUA_DATA_DIR".into(), data_dir.display().to_string()),
        ("LEPTOS_SITE_ADDR".into(), "127.0.0.1:0".into()),
    ];
    vars.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let settings =
        Settings::from_lookup(|k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
            .expect("settings");
    let app = Application::build(settings).await.expect("build app");
    let address = format!("http://{}", app.local_addr().expect("bound address"));
    let services = app.services.clone();
    services::seed::seed_demo(&services).await.expect("seed");
    tokio::spawn(app.run());
    // No request may hang a test run: a stuck handler fails the test that hit it.
    let limit = std::time::Duration::from_secs(30);
    // As a browser on one of our pages does, every request names the page's origin;
    // a test of a cross-site request sets another.
    let mut same_origin = reqwest::header::HeaderMap::new();
    same_origin.insert(
        reqwest::header::ORIGIN,
        reqwest::header::HeaderValue::from_str(&address).expect("origin"),
    );
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(same_origin.clone())
        .timeout(limit)
        .build()
        .expect("client");
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(same_origin)
        .timeout(limit)
        .build()
        .expect("client");
    Some(TestApp {
        address,
        client,
        raw,
        services,
    })
}

pub async fn spawn_app(engine: &str) -> Option<TestApp> {
    spawn_app_with(engine, &[]).await
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let res = self
            .client
            .get(self.url(path))
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.expect("json body"))
    }

    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let res = self
            .client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
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

/// A member of staff with a signed-in session (password and second factor done): the
/// cookie to send, and the member.
pub async fn staff_cookie(
    app: &TestApp,
    phone: &str,
    role: services::staff::Role,
    agency: Option<&str>,
) -> (String, services::staff::Staff) {
    let member = services::staff::create(
        &app.services,
        services::staff::NewStaff {
            phone: phone.into(),
            full_name: "Trần Thị Bình".into(),
            role,
            agency_code: agency.map(str::to_owned),
            password: "mat-khau-du-dai".into(),
        },
        services::audit::Actor::Cli,
    )
    .await
    .expect("staff member");
    let (session, _, _) =
        testkit::staff_session(&app.services, phone, "mat-khau-du-dai", "127.0.0.1", None)
            .await
            .expect("staff session");
    (format!("motcua_session={session}"), member)
}

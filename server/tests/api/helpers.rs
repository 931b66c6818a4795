//! `spawn_app`: a fresh database, migrations, demo seed, and the server on a random port.

use server::config::Settings;
use server::startup::Application;
use services::Services;
use services::staff::{NewStaff, Role, Staff};

/// The server on a fresh database, and the [`Visitor`]s that call it.
#[derive(Debug)]
pub struct TestApp {
    pub address: String,
    /// A client with no cookie store, no redirects and no default headers, under the
    /// [`Visitor`]s, which say every cookie and header they send.
    bare: reqwest::Client,
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
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(limit)
        .build()
        .expect("client");
    Some(TestApp {
        address,
        bare,
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
        Visitor {
            app: self,
            cookies: Vec::new(),
            origin: Some(self.address.clone()),
            bearer: None,
            headers: Vec::new(),
        }
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
            .post_form("/kiosk/dang-ky", &[("code", code.as_str())])
            .await;
        assert_eq!(enrolled.status, 303, "{}", enrolled.body);
        let device = enrolled.cookie("motcua_kiosk").expect("the device cookie");
        self.visitor().with_cookie(device)
    }
}

/// One answer, as a browser sees it before following any redirect.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    /// The body as text (invalid UTF-8 replaced), and as it came.
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    async fn read(res: reqwest::Response) -> Self {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let bytes = res.bytes().await.expect("the body").to_vec();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Self {
            status,
            headers,
            body,
            bytes,
        }
    }

    /// A header's value (empty when there is none).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("", |v| v.to_str().expect("a text header"))
    }

    /// Where a redirect goes (empty when it is not one).
    pub fn location(&self) -> &str {
        self.header("location")
    }

    /// Every `Set-Cookie` of the answer, whole.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|c| c.to_str().expect("a text cookie").to_owned())
            .collect()
    }

    /// The whole `Set-Cookie` that sets (or clears) `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.set_cookies()
            .into_iter()
            .find(|c| c.starts_with(&format!("{name}=")))
    }

    /// `name=value` of the cookie the answer sets, ready to send back.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookie(name)
            .map(|c| c.split(';').next().unwrap_or_default().to_owned())
    }

    /// The body read as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Who sends a request: the cookies their browser holds, the origin it names (a page
/// of ours, another site's, or none), a bearer token, other headers.
#[derive(Debug, Clone)]
pub struct Visitor<'a> {
    app: &'a TestApp,
    cookies: Vec<String>,
    origin: Option<String>,
    bearer: Option<String>,
    headers: Vec<(String, String)>,
}

impl<'a> Visitor<'a> {
    /// Also holds a cookie (`name=value`).
    pub fn with_cookie(mut self, cookie: impl Into<String>) -> Self {
        self.cookies.push(cookie.into());
        self
    }

    /// Reads the site in English (the language switch's cookie).
    pub fn in_english(self) -> Self {
        self.with_cookie("lang=en")
    }

    /// A request from a page of another site (or of this one, given its address).
    pub fn with_origin(mut self, origin: &str) -> Self {
        self.origin = Some(origin.to_owned());
        self
    }

    /// A request naming no origin (a client that is not a browser on a page).
    pub fn without_origin(mut self) -> Self {
        self.origin = None;
        self
    }

    /// Sends `Authorization: Bearer <token>`.
    pub fn with_bearer(mut self, token: &str) -> Self {
        self.bearer = Some(token.to_owned());
        self
    }

    /// A browser without JavaScript on the page at `path`: it asks for HTML and names
    /// the page it posts from (where a server function sends it back).
    pub fn on_page(self, path: &str) -> Self {
        let page = self.app.url(path);
        self.with_header("accept", "text/html,application/xhtml+xml")
            .with_header("referer", &page)
    }

    /// Sends another header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The cookies this visitor sends, as one `Cookie` header value.
    pub fn cookie_header(&self) -> String {
        self.cookies.join("; ")
    }

    /// A request to a path of the app (or to a whole URL, such as a redirect's).
    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            self.app.url(path)
        };
        let mut req = self.app.bare.request(method, url);
        if !self.cookies.is_empty() {
            req = req.header("cookie", self.cookie_header());
        }
        if let Some(origin) = &self.origin {
            req = req.header("origin", origin);
        }
        if let Some(token) = &self.bearer {
            req = req.bearer_auth(token);
        }
        for (name, value) in &self.headers {
            req = req.header(name, value);
        }
        req
    }

    async fn send(req: reqwest::RequestBuilder) -> Reply {
        Reply::read(req.send().await.expect("the server answers")).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        Self::send(self.request(reqwest::Method::GET, path)).await
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        Self::send(self.request(reqwest::Method::POST, path).form(form)).await
    }

    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Reply {
        Self::send(self.request(reqwest::Method::POST, path).multipart(form)).await
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> Reply {
        Self::send(self.request(reqwest::Method::POST, path).json(body)).await
    }

    /// A POST of a body exactly as given (a provider's signed notification).
    pub async fn post_body(&self, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
        let req = self.request(reqwest::Method::POST, path);
        Self::send(req.header("content-type", content_type).body(body)).await
    }

    /// A GET whose answer is read as it streams (server-sent events).
    pub async fn stream(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path)
            .send()
            .await
            .expect("the server answers")
    }

    /// A POST with no body (a button in a form of its own).
    pub async fn post(&self, path: &str) -> Reply {
        Self::send(self.request(reqwest::Method::POST, path)).await
    }
}

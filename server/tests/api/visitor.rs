//! Who calls the test server and what comes back: a [`Visitor`] (a browser on one of our
//! pages, another site's page, a REST client) and its [`Reply`].

use crate::helpers::TestApp;

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

    /// The flash this answer leaves for the next page (a post's outcome or refusal).
    pub fn flash(&self) -> Option<app::flash::Flash> {
        let cookie = self.cookie("motcua_flash")?;
        app::flash::decode(cookie.split_once('=')?.1)
    }

    /// The refusal a server function left in the flash, decoded.
    pub fn refusal(&self) -> Option<app::error::AppError> {
        let refusal = self.flash()?.refusal?;
        Some(leptos::server_fn::error::ServerFnUrlError::<
            app::error::AppError,
        >::decode_err(&refusal.error))
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
    /// A browser on one of our pages holding nothing yet (`TestApp::visitor`).
    pub(crate) fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            cookies: Vec::new(),
            origin: Some(app.address.clone()),
            bearer: None,
            headers: Vec::new(),
        }
    }

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

    /// Follows a redirect as a browser does: to its `Location`, holding the cookies the
    /// answer set (the flash a post leaves for its page, say).
    pub async fn follow(&self, res: &Reply) -> Reply {
        let mut next = self.clone();
        for c in res.set_cookies() {
            let pair = c.split(';').next().unwrap_or_default().to_owned();
            if !c.contains("Max-Age=0") {
                next = next.with_cookie(pair);
            }
        }
        next.get(res.location()).await
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

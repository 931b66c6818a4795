//! Who is calling, for axum handlers and server fns alike. The request's credentials
//! are read here and nowhere else, resolved by [`services::caller`], kept for the rest
//! of the request (a page that asks several server fns resolves its session once),
//! and handed out by extractors that declare who may pass:
//!
//! - in an axum handler: `async fn record(Officer(me): Officer, …)`;
//! - in a server fn: `let Officer(me) = caller::get().await?;`.
//!
//! A refused caller is answered by [`Refusal`]: the REST API's JSON error under
//! `/api/`, else a redirect to sign in (with the way back) or a plain 403.

use crate::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::failure::{ErrorBody, Failure};
use services::caller::Credentials;
use services::dossiers::Who;
use services::kiosks::Kiosk;
use services::staff::{Staff, StaffGuard};
use services::{ServiceError, Services};
use std::sync::Arc;

/// Put on every request by the server's caller layer: the services the extractors
/// resolve with, and the cell that keeps the signed-in caller for this request.
#[derive(Clone, Debug)]
pub struct CallerContext {
    services: Services,
    signed_in: Arc<tokio::sync::OnceCell<Option<Who>>>,
}

impl CallerContext {
    /// A fresh context: one per request, never shared between requests.
    #[must_use]
    pub fn new(services: Services) -> Self {
        Self {
            services,
            signed_in: Arc::default(),
        }
    }
}

/// The bearer token of a request, if well-formed.
#[must_use]
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The credentials a request carries. With an `Authorization` header the session is
/// its bearer token only: a request with any other scheme (Basic, Negotiate — a
/// browser may add those by itself to a cross-site post) is not signed in by its
/// cookie either.
#[must_use]
pub fn credentials(headers: &HeaderMap) -> Credentials {
    let session = if headers.contains_key(header::AUTHORIZATION) {
        bearer(headers).map(str::to_owned)
    } else {
        crate::cookies::SESSION.read(headers)
    };
    Credentials {
        session,
        notice: crate::cookies::NOTICE.read(headers),
        assist: crate::cookies::ASSIST.read(headers),
    }
}

/// Why a caller was turned away, and how to answer them.
#[derive(Debug)]
pub struct Refusal {
    kind: Refused,
    /// Answer as the REST API does (JSON), not as a page.
    api: bool,
    /// Where to come back to after signing in.
    back_to: String,
}

#[derive(Debug)]
enum Refused {
    Unauthenticated,
    Forbidden,
    /// A staff-only request from a citizen: forbidden, but a page offers staff sign-in.
    NotStaff,
    /// A kiosk-only request from a browser that is not a kiosk.
    NotAKiosk,
    Failed(ServiceError),
}

impl Refusal {
    fn new(parts: &Parts, kind: Refused) -> Self {
        Self {
            kind,
            api: original_uri(parts).path().starts_with("/api/"),
            back_to: back_to(parts),
        }
    }

    /// This refusal in the one table (an unexpected error is logged there, once).
    fn failure(&self) -> Failure<'_> {
        match &self.kind {
            Refused::Unauthenticated => Failure::Unauthenticated,
            Refused::Forbidden | Refused::NotStaff | Refused::NotAKiosk => Failure::Forbidden,
            Refused::Failed(e) => e.failure(),
        }
    }
}

/// The URI as the client sent it (a nested router sees only its own part).
fn original_uri(parts: &Parts) -> &axum::http::Uri {
    parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or(&parts.uri, |o| &o.0)
}

/// The page to return to after signing in: the same-site page the form was posted
/// from (its Referer), else the requested path.
fn back_to(parts: &Parts) -> String {
    let from_referer = parts
        .headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            let host = parts.headers.get(header::HOST)?.to_str().ok()?;
            let rest = r
                .strip_prefix("https://")
                .or_else(|| r.strip_prefix("http://"))?;
            rest.strip_prefix(host).map(str::to_owned)
        });
    let target = from_referer.unwrap_or_else(|| {
        original_uri(parts)
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned()
    });
    domain::return_path::safe_return_or_home(&target).to_owned()
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        if matches!(self.kind, Refused::Unauthenticated) && !self.api {
            return Redirect::to(&format!(
                "/dang-nhap?next={}",
                domain::return_path::urlencode(&self.back_to)
            ))
            .into_response();
        }
        let failure = self.failure();
        let status =
            StatusCode::from_u16(failure.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if self.api {
            return (status, axum::Json(ErrorBody::new(failure.code(), &failure))).into_response();
        }
        let text = failure.text();
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{}\n{}\n", text.vi, text.en),
        )
            .into_response()
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        match r.kind {
            Refused::Unauthenticated | Refused::NotStaff => Self::Unauthenticated,
            Refused::Forbidden => Self::Forbidden,
            Refused::NotAKiosk => Self::NotFound,
            Refused::Failed(e) => e.into(),
        }
    }
}

fn context(parts: &Parts) -> Result<&CallerContext, Refusal> {
    parts.extensions.get::<CallerContext>().ok_or_else(|| {
        Refusal::new(
            parts,
            Refused::Failed(ServiceError::Unexpected(
                std::io::Error::other("the caller layer is missing").into(),
            )),
        )
    })
}

/// The signed-in caller of this request, resolved once.
async fn signed_in(parts: &Parts) -> Result<Option<Who>, Refusal> {
    let ctx = context(parts)?;
    let session = credentials(&parts.headers).session;
    ctx.signed_in
        .get_or_try_init(|| async {
            match session {
                Some(token) => services::caller::who(&ctx.services, &token).await,
                None => Ok(None),
            }
        })
        .await
        .cloned()
        .map_err(|e| Refusal::new(parts, Refused::Failed(e)))
}

/// Anyone: the signed-in caller, if there is one.
#[derive(Debug, Clone)]
pub struct Caller(pub Option<Who>);

/// A signed-in citizen or member of staff.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Who);

/// A signed-in citizen (their id).
#[derive(Debug, Clone, Copy)]
pub struct Citizen(pub i64);

/// Any signed-in member of staff.
#[derive(Debug, Clone)]
pub struct StaffMember(pub Staff);

/// A member of staff of an agency (the desk, its fee notices).
#[derive(Debug, Clone)]
pub struct Officer(pub Staff);

/// Whoever may see a dossier's payments: a signed-in caller, or else the holder of
/// the dossier's fee-notice link.
#[derive(Debug, Clone)]
pub struct Payer(pub Who);

/// The kiosk this request comes from (recognised by its device cookie).
#[derive(Debug, Clone)]
pub struct KioskDevice(pub Kiosk);

/// The officer assisting at this kiosk now, if any (their assist credential counts
/// only while the kiosk is in assisted mode by them).
#[derive(Debug, Clone)]
pub struct Assistant(pub Option<Staff>);

/// Whoever may have the QR in a photo read (costly work, not a public service): a
/// signed-in citizen or member of staff, a kiosk, or a person registering after a right
/// code (the registration pass, `cookies::REGISTERING`).
#[derive(Debug, Clone, Copy)]
pub struct PhotoReader;

impl<S: Send + Sync> FromRequestParts<S> for PhotoReader {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        if parts.extensions.get::<Kiosk>().is_some() {
            return Ok(Self);
        }
        if matches!(
            signed_in(parts).await?,
            Some(Who::Citizen(_) | Who::Staff(_))
        ) {
            return Ok(Self);
        }
        let ctx = context(parts)?;
        if crate::cookies::REGISTERING
            .read(&parts.headers)
            .is_some_and(|pass| services::accounts::registration_pass_valid(&ctx.services, &pass))
        {
            return Ok(Self);
        }
        Err(Refusal::new(parts, Refused::Unauthenticated))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        signed_in(parts).await.map(Self)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        signed_in(parts)
            .await?
            .map(Self)
            .ok_or_else(|| Refusal::new(parts, Refused::Unauthenticated))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Citizen {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Refusal> {
        match SignedIn::from_request_parts(parts, s).await?.0 {
            Who::Citizen(id) => Ok(Self(id)),
            Who::Staff(_) | Who::NoticeHolder(_) => Err(Refusal::new(parts, Refused::Forbidden)),
        }
    }
}

async fn staff_passing<S: Send + Sync>(
    parts: &mut Parts,
    s: &S,
    guard: StaffGuard,
) -> Result<Staff, Refusal> {
    match SignedIn::from_request_parts(parts, s).await?.0 {
        Who::Staff(me) if guard.admits(&me) => Ok(me),
        Who::Staff(_) => Err(Refusal::new(parts, Refused::Forbidden)),
        Who::Citizen(_) | Who::NoticeHolder(_) => Err(Refusal::new(parts, Refused::NotStaff)),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for StaffMember {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Refusal> {
        staff_passing(parts, s, StaffGuard::Any).await.map(Self)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Officer {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Refusal> {
        staff_passing(parts, s, StaffGuard::OfAgency)
            .await
            .map(Self)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Payer {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        if let Some(who) = signed_in(parts).await? {
            return Ok(Self(who));
        }
        let ctx = context(parts)?;
        let holder = match credentials(&parts.headers).notice {
            Some(token) => services::caller::notice_holder(&ctx.services, &token)
                .await
                .map_err(|e| Refusal::new(parts, Refused::Failed(e)))?,
            None => None,
        };
        holder
            .map(Self)
            .ok_or_else(|| Refusal::new(parts, Refused::Unauthenticated))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for KioskDevice {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        parts
            .extensions
            .get::<Kiosk>()
            .cloned()
            .map(Self)
            .ok_or_else(|| Refusal::new(parts, Refused::NotAKiosk))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Assistant {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        let (Some(kiosk), Some(token)) = (
            parts.extensions.get::<Kiosk>(),
            credentials(&parts.headers).assist,
        ) else {
            return Ok(Self(None));
        };
        let ctx = context(parts)?;
        services::caller::assistant(&ctx.services, &token, kiosk)
            .await
            .map(Self)
            .map_err(|e| Refusal::new(parts, Refused::Failed(e)))
    }
}

/// On a kiosk, the officer who opened the citizen's session there after checking
/// their identity in person (guided assist); `None` in self-service or off a kiosk.
#[derive(Debug, Clone)]
pub struct AssistedSession(pub Option<Staff>);

impl<S: Send + Sync> FromRequestParts<S> for AssistedSession {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        let (true, Some(token)) = (
            parts.extensions.get::<Kiosk>().is_some(),
            credentials(&parts.headers).session,
        ) else {
            return Ok(Self(None));
        };
        let ctx = context(parts)?;
        services::caller::assisted_by(&ctx.services, &token)
            .await
            .map(Self)
            .map_err(|e| Refusal::new(parts, Refused::Failed(e)))
    }
}

/// The same extractors in a server fn, from the request in its context.
///
/// # Errors
/// The extractor's refusal as the app's error.
pub async fn get<T>() -> Result<T, AppError>
where
    T: FromRequestParts<(), Rejection = Refusal>,
{
    let mut parts = leptos::prelude::use_context::<Parts>().ok_or_else(|| AppError::Internal {
        error_id: "no-request".to_owned(),
    })?;
    T::from_request_parts(&mut parts, &())
        .await
        .map_err(AppError::from)
}

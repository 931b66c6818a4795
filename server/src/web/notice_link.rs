//! `GET /tb/{token}`: the link of a fee notice, texted to the applicant and printed on
//! the desk slip. No sign-in: the signed token names one notice; opening it leaves a
//! cookie scoped to that dossier's payments and lands on the payment page with a live
//! dynamic QR (the one already live, or a new one), or on the paid attempt. A link that
//! does not work answers with the app's problem page, in both languages.

use crate::state::AppState;
use app::i18n::Messages;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use services::ServiceError;
use services::dossiers::Who;
use services::payments::links;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route("/tb/{token}", axum::routing::get(open))
}

async fn open(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientIp>,
    Path(token): Path<String>,
    req: Request,
) -> Response {
    let s = &state.services;
    let link = match links::open(s, &token, &client.to_string()).await {
        Ok(link) => link,
        Err(e) => return refused(&state, req, &e).await,
    };
    let who = Who::NoticeHolder(link.dossier_id);
    let target = match link.paid_attempt_id {
        Some(id) => Ok(id),
        None => services::payments::start_attempt(s, &who, &link.dossier_code)
            .await
            .map(|(a, _)| a.id),
    };
    let mut res = match target {
        Ok(id) => Redirect::to(&format!("/thanh-toan/{id}")).into_response(),
        Err(e) => refused(&state, req, &e).await,
    };
    app::cookies::NOTICE.set_on(
        res.headers_mut(),
        &links::token(s, link.notice_id),
        links::COOKIE_SECONDS,
        state.secure_cookies,
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn refused(state: &AppState, req: Request, e: &ServiceError) -> Response {
    let failure = e.failure();
    let (status, message) = match e {
        ServiceError::NotFound => (404, app::text!(Messages.this_payment_link_is)),
        _ => (failure.status(), failure.text()),
    };
    let problem = app::problem::Problem {
        status,
        title: app::text!(Messages.paying_fees_and_charges),
        message,
        testid: "notice-link-problem".to_owned(),
        next: Some(("/tra-cuu".to_owned(), app::text!(Messages.look_up_dossier))),
    };
    crate::web::problem_page(state, req, problem).await
}

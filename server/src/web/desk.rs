//! The desk over HTTP: record a paper dossier (`POST /can-bo/tiep-nhan`) and text its
//! fee notice's payment link (`POST /can-bo/ho-so/{code}/thong-bao-phi`). The notice
//! slip (`GET` of the same path) is a page of the app (`app::routes::staff_notice_slip`).

use crate::state::AppState;
use crate::web::forms::{back, ok, problem, problem_listed};
use app::caller::Officer;
use app::i18n::{Lang, Messages, fill};
use axum::extract::{Form, State};
use axum::response::Response;
use services::dossiers::DeskIntake;
use services::payments::links;
use std::collections::BTreeMap;

const DESK: &str = "/can-bo/tiep-nhan";

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new().route(DESK, post(record))
}

/// `POST /can-bo/tiep-nhan`: records the dossier and, with `send_sms=1`, texts the
/// notice. Refused input goes back to the form with what was typed.
async fn record(
    State(state): State<AppState>,
    Officer(me): Officer,
    Form(values): Form<BTreeMap<String, String>>,
) -> Response {
    let field = |name: &str| values.get(name).cloned().unwrap_or_default();
    let intake = DeskIntake {
        procedure_code: field("procedure"),
        channel: field("channel"),
        full_name: field("full_name"),
        phone: field("phone"),
        national_id: field("national_id"),
        date_of_birth: field("date_of_birth"),
        // The service keeps only the fee's counts and the category.
        fee_answers: values.clone(),
    };
    let s = &state.services;
    let dossier = match services::dossiers::record_desk(s, &me, &intake).await {
        Ok(d) => d,
        Err(e) => {
            let mut res = back(DESK, problem_listed(&e));
            let kept = serde_urlencoded::to_string(&values).unwrap_or_default();
            app::cookies::INTAKE_DRAFT.set_on(res.headers_mut(), &kept, 300, state.secure_cookies);
            return res;
        }
    };
    let code = dossier.summary.code.clone().unwrap_or_default();
    let page = format!("/can-bo/ho-so/{code}");
    let mut message = app::text!(Messages.dossier_code_recorded, code = code);
    if dossier.summary.fee_due_vnd > 0 && field("send_sms") == "1" {
        match links::send(s, &me, &code, &state.public_url).await {
            Ok(sent) => {
                message = app::text!(
                    Messages.recorded_and_texted,
                    code = code,
                    phone = sent.phone
                );
            }
            Err(e) => {
                let why = e.text();
                message = Lang::both(|l| {
                    fill!(
                        l.of::<Messages>().recorded_not_texted,
                        code = code,
                        why = why.get(l.is_en())
                    )
                });
                return back(
                    &page,
                    problem(&services::ServiceError::invalid_input(message)),
                );
            }
        }
    }
    back(&page, ok(message))
}

//! Back-office form posts of the configuration screens (agencies, procedures' online
//! payment and fee lines). Resolving a payment exception is a server function
//! (`app::api::exceptions::resolve_exception`).

use crate::state::AppState;
use crate::web::forms::{back, ok, problem_listed};
use app::caller::StaffMember;
use app::i18n::{Lang, Messages, fill};
use axum::extract::{Form, Path, State};
use axum::response::Response;
use std::collections::BTreeMap;

const PROCEDURES: &str = "/can-bo/cau-hinh/thu-tuc";

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new().route(
        "/can-bo/cau-hinh/thu-tuc/{code}/muc-phi",
        post(add_fee_line),
    )
}

fn saved() -> Option<app::flash::Flash> {
    ok(app::text!(Messages.changes_saved))
}

/// `POST /can-bo/cau-hinh/thu-tuc/{code}/muc-phi` (managers, admins): with
/// `intent=preview` checks the line and shows its worked example without saving; else
/// saves it. What was typed comes back to the form unless it was saved.
async fn add_fee_line(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    Path(code): Path<String>,
    Form(values): Form<BTreeMap<String, String>>,
) -> Response {
    // Inputs that are missing read as empty, and are refused as such.
    let input: services::config::FeeLineInput = serde_json::to_value(&values)
        .and_then(serde_json::from_value)
        .unwrap_or_default();
    let s = &state.services;
    let keep = |res: Response| {
        let mut typed = values.clone();
        typed.insert("procedure".to_owned(), code.clone());
        keep_typed(&state, res, &typed)
    };
    if values.get("intent").map(String::as_str) == Some("preview") {
        return match services::config::preview_fee_line(s, &me, &code, &input).await {
            Ok(examples) => keep(back(
                PROCEDURES,
                ok(Lang::both(|l| {
                    let example = domain::fees::example_text(&examples, l.is_en());
                    fill!(l.of::<Messages>().fee_example, example = example)
                })),
            )),
            Err(e) => keep(back(PROCEDURES, problem_listed(&e))),
        };
    }
    match services::config::add_fee_line(s, &me, &code, &input).await {
        Ok(_) => back(PROCEDURES, saved()),
        Err(e) => keep(back(PROCEDURES, problem_listed(&e))),
    }
}

/// The typed values, for the form to show again (5 minutes, this screen only).
fn keep_typed(state: &AppState, mut res: Response, values: &BTreeMap<String, String>) -> Response {
    let kept = serde_urlencoded::to_string(values).unwrap_or_default();
    app::cookies::FEE_DRAFT.set_on(res.headers_mut(), &kept, 300, state.secure_cookies);
    res
}

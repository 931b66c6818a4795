//! Back-office form posts: resolving a payment exception (`POST /can-bo/ngoai-le/{id}`)
//! and the configuration screens (agencies, procedures' online payment and fee lines).

use crate::state::AppState;
use crate::web::forms::{back, ok, problem, problem_listed};
use app::caller::StaffMember;
use app::i18n::{Lang, Messages, fill};
use axum::extract::{Form, Path, State};
use axum::response::Response;
use serde::Deserialize;
use services::payments::exceptions::{self, Resolution};
use std::collections::BTreeMap;

const QUEUE: &str = "/can-bo/ngoai-le";

const AGENCIES: &str = "/can-bo/cau-hinh";
const PROCEDURES: &str = "/can-bo/cau-hinh/thu-tuc";

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/can-bo/ngoai-le/{id}", post(resolve))
        .route("/can-bo/cau-hinh/co-quan/{code}", post(update_agency))
        .route(
            "/can-bo/cau-hinh/thu-tuc/{code}/truc-tuyen",
            post(online_payment),
        )
        .route(
            "/can-bo/cau-hinh/thu-tuc/{code}/muc-phi",
            post(add_fee_line),
        )
        .route(
            "/can-bo/cau-hinh/thu-tuc/{code}/doi-tuong",
            post(fee_categories),
        )
}

fn saved() -> Option<app::flash::Flash> {
    ok(app::text!(Messages.changes_saved))
}

#[derive(Debug, Deserialize)]
struct AgencyForm {
    #[serde(default)]
    bank_bin: String,
    #[serde(default)]
    account_number: String,
    #[serde(default)]
    account_name: String,
    #[serde(default)]
    receipt_template: String,
    #[serde(default)]
    receipt_series: String,
    #[serde(default)]
    online_target_pct: String,
}

/// `POST /can-bo/cau-hinh/co-quan/{code}` (admins).
async fn update_agency(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    Path(code): Path<String>,
    Form(f): Form<AgencyForm>,
) -> Response {
    let input = services::config::AgencyInput {
        bank_bin: f.bank_bin,
        account_number: f.account_number,
        account_name: f.account_name,
        receipt_template: f.receipt_template,
        receipt_series: f.receipt_series,
        online_target_pct: f.online_target_pct,
    };
    match services::config::update_agency(&state.services, &me, &code, &input).await {
        Ok(_) => back(AGENCIES, saved()),
        Err(e) => back(AGENCIES, problem(&e)),
    }
}

#[derive(Debug, Deserialize)]
struct OnlineForm {
    #[serde(default)]
    on: String,
}

/// `POST /can-bo/cau-hinh/thu-tuc/{code}/truc-tuyen` (`on=1|0`; managers, admins).
async fn online_payment(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    Path(code): Path<String>,
    Form(f): Form<OnlineForm>,
) -> Response {
    match services::config::set_online_payment(&state.services, &me, &code, f.on == "1").await {
        Ok(()) => back(PROCEDURES, saved()),
        Err(e) => back(PROCEDURES, problem(&e)),
    }
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

#[derive(Debug, Deserialize)]
struct CategoriesForm {
    #[serde(default)]
    categories: String,
}

/// `POST /can-bo/cau-hinh/thu-tuc/{code}/doi-tuong` (managers, admins).
async fn fee_categories(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    Path(code): Path<String>,
    Form(f): Form<CategoriesForm>,
) -> Response {
    match services::config::set_fee_categories(&state.services, &me, &code, &f.categories).await {
        Ok(_) => back(PROCEDURES, saved()),
        Err(e) => back(PROCEDURES, problem(&e)),
    }
}

#[derive(Debug, Deserialize)]
struct ResolveForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    reason: String,
}

async fn resolve(
    State(state): State<AppState>,
    StaffMember(me): StaffMember,
    Path(id): Path<i64>,
    Form(form): Form<ResolveForm>,
) -> Response {
    let Some(resolution) = Resolution::parse(&form.action, &form.code) else {
        return back(
            QUEUE,
            problem(&services::ServiceError::invalid_input(app::text!(
                Messages.no_resolution_chosen
            ))),
        );
    };
    match exceptions::resolve(&state.services, &me, id, &resolution, &form.reason).await {
        Ok(_) => back(QUEUE, ok(app::text!(Messages.credit_id_resolved, id = id))),
        Err(e) => back(QUEUE, problem(&e)),
    }
}

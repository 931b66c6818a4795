//! Plain HTML form posts of the dossier pages (multipart, so files travel with them).
//! They work the same with JavaScript on or off: do the work, leave a one-time message
//! in a cookie, and send the browser back to a page (303).

use crate::api::dossiers::{Upload, file_part_all};
use crate::state::AppState;
use app::caller::{AssistedSession, SignedIn};
use app::flash::Flash;
use app::i18n::{Lang, Messages, fill};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use domain::Text;
use domain::dossier::{Action, Channel};
use domain::form::FormValues;
use services::ServiceError;
use services::dossiers::{self, Key, Who};

/// All files of one dossier plus the form fields.
const FORM_BODY_LIMIT: usize = 31 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/nop-ho-so/{code}", post(submit_form))
        .route("/ho-so/{code}", post(citizen_action))
        .route("/can-bo/ho-so/{code}", post(staff_action))
        .route(
            "/thanh-toan/vnpay/ket-qua",
            axum::routing::get(crate::web::vnpay::returned),
        )
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

/// Back to a page, with a message for it (written as the flash cookie by
/// [`crate::web::write_flash`]).
pub(crate) fn back(to: &str, flash: Option<Flash>) -> Response {
    let mut res = Redirect::to(to).into_response();
    if let Some(flash) = flash {
        res.extensions_mut().insert(flash);
    }
    res
}

pub(crate) fn ok(message: Text) -> Option<Flash> {
    Some(Flash::done(message))
}

pub(crate) fn problem(e: &ServiceError) -> Option<Flash> {
    let field = match e {
        ServiceError::Invalid { field, .. } => field.map(str::to_owned),
        _ => None,
    };
    // An unexpected error is logged there, once, and shown as its error id.
    Some(Flash {
        ok: false,
        field,
        message: e.text(),
        refusal: None,
    })
}

async fn read_form(multipart: Multipart) -> Result<(FormValues, Vec<Upload>), Flash> {
    file_part_all(multipart).await.map_err(|e| Flash {
        ok: false,
        field: Some("file".to_owned()),
        message: e.message(),
        refusal: None,
    })
}

/// `POST /nop-ho-so/{procedure}`: saves the draft and its files; with
/// `intent=submit` also submits it.
async fn submit_form(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(procedure): Path<String>,
    kiosk: Option<axum::Extension<services::kiosks::Kiosk>>,
    AssistedSession(officer): AssistedSession,
    multipart: Multipart,
) -> Response {
    let page = format!("/nop-ho-so/{procedure}");
    let Who::Citizen(citizen) = who else {
        return back(&page, problem(&ServiceError::Forbidden));
    };
    let (mut values, files) = match read_form(multipart).await {
        Ok(v) => v,
        Err(flash) => return back(&page, Some(flash)),
    };
    let intent = values.remove("intent").unwrap_or_default();
    let s = &state.services;
    let draft = match dossiers::save_draft(s, citizen, &procedure, &values).await {
        Ok(id) => id,
        Err(e) => return back(&page, problem(&e)),
    };
    for f in &files {
        // The proof of a category of payer claimed for a fee reduction has its own input.
        let purpose = if f.field == "proof" {
            dossiers::Purpose::FeeProof
        } else {
            dossiers::Purpose::Document
        };
        if let Err(e) =
            dossiers::attach_as(s, &who, Key::Id(draft), &f.file_name, &f.bytes, purpose).await
        {
            return back(&page, problem(&e));
        }
    }
    if intent != "submit" {
        return back(&page, ok(app::text!(Messages.draft_saved_you_can)));
    }
    // At a kiosk: self-service, or a member of staff acting after checking the ID in person.
    let submitted = match (&officer, &kiosk) {
        (Some(o), _) => dossiers::submit_assisted(s, citizen, &procedure, &values, o).await,
        (None, Some(_)) => dossiers::submit(s, citizen, &procedure, &values, Channel::Kiosk).await,
        (None, None) => dossiers::submit(s, citizen, &procedure, &values, Channel::Online).await,
    };
    match submitted {
        Ok(d) => {
            let code = d.summary.code.unwrap_or_default();
            back(
                &format!("/ho-so/{code}"),
                ok(app::text!(
                    Messages.dossier_submitted_your_dossier,
                    code = code
                )),
            )
        }
        Err(e @ ServiceError::InvalidForm(_)) => back(&format!("{page}?kiem-tra=1"), problem(&e)),
        Err(e) => back(&page, problem(&e)),
    }
}

/// `POST /ho-so/{code}`: the citizen adds files, sends the supplement or withdraws.
async fn citizen_action(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Response {
    let page = format!("/ho-so/{code}");
    let (values, files) = match read_form(multipart).await {
        Ok(v) => v,
        Err(flash) => return back(&page, Some(flash)),
    };
    let s = &state.services;
    for f in &files {
        if let Err(e) = dossiers::attach(s, &who, Key::Code(&code), &f.file_name, &f.bytes).await {
            return back(&page, problem(&e));
        }
    }
    let intent = values.get("intent").map(String::as_str).unwrap_or_default();
    let action = match intent {
        "resubmit" => Action::Resubmit,
        "withdraw" => Action::Withdraw,
        _ => {
            return back(&page, ok(app::text!(Messages.files_uploaded)));
        }
    };
    let note = values.get("note").cloned().unwrap_or_default();
    match dossiers::act(s, &who, &code, action, &note).await {
        Ok(d) => {
            let label = d.summary.status.label();
            back(
                &page,
                ok(Lang::both(|l| {
                    fill!(l.of::<Messages>().updated, status = label.get(l.is_en()))
                })),
            )
        }
        Err(e) => back(&page, problem(&e)),
    }
}

/// `POST /can-bo/ho-so/{code}`: a member of staff moves the dossier (`action`, `note`).
async fn staff_action(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Response {
    let page = format!("/can-bo/ho-so/{code}");
    if !matches!(who, Who::Staff(_)) {
        return back(&page, problem(&ServiceError::Forbidden));
    }
    let (values, _) = match read_form(multipart).await {
        Ok(v) => v,
        Err(flash) => return back(&page, Some(flash)),
    };
    if let (Who::Staff(officer), Some(decision)) = (&who, values.get("reduction")) {
        return decide_reduction(&state, officer, &code, decision, &values, &page).await;
    }
    let Some(action) = values.get("action").and_then(|a| Action::parse(a)) else {
        return back(
            &page,
            problem(&ServiceError::invalid_input(app::text!(
                Messages.no_action_chosen
            ))),
        );
    };
    let note = values.get("note").cloned().unwrap_or_default();
    match dossiers::act(&state.services, &who, &code, action, &note).await {
        Ok(d) => {
            let label = d.summary.status.label();
            back(
                &page,
                ok(Lang::both(|l| {
                    fill!(
                        l.of::<Messages>().dossier_now,
                        status = label.get(l.is_en())
                    )
                })),
            )
        }
        Err(e) => back(&page, problem(&e)),
    }
}

/// The officer's decision on a claimed fee reduction (`reduction=accept|refuse`, `reason`).
async fn decide_reduction(
    state: &AppState,
    officer: &services::staff::Staff,
    code: &str,
    decision: &str,
    values: &FormValues,
    page: &str,
) -> Response {
    let decision = match decision {
        "accept" => dossiers::Decision::Accept,
        _ => dossiers::Decision::Refuse(values.get("reason").cloned().unwrap_or_default()),
    };
    match dossiers::decide_reduction(&state.services, officer, code, &decision).await {
        Ok(d) => {
            let text = match (&decision, d.summary.fee_due_vnd) {
                (dossiers::Decision::Accept, _) => {
                    app::text!(Messages.reduction_is_accepted_citizen)
                }
                (dossiers::Decision::Refuse(_), due) => {
                    Lang::both(|l| fill!(l.of::<Messages>().reduction_refused, due = l.money(due)))
                }
            };
            back(page, ok(text))
        }
        Err(e) => back(page, problem(&e)),
    }
}

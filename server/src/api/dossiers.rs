//! Dossiers over the API: submit, list mine, one in full, attach files, public lookup,
//! and file downloads (for the API and the web pages alike).

use super::body::{Binary, ErrorDoc, Fee, StatusFields};
use super::error::ApiError;
use super::extract::{Json, Path, Query};
use crate::state::AppState;
use app::caller::{Citizen, SignedIn};
use app::i18n::Api;
use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Localized as _;
use domain::dossier::view::Attachment;
use domain::dossier::{Channel, Status};
use domain::form::FormValues;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use services::dossiers::{self, Dossier, DossierSummary, Key, PublicDossier};
use std::collections::BTreeMap;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{IntoParams, ToSchema};

/// Requests with a file may be this large: the 10 MB file plus form overhead; a file
/// just over 10 MB still reaches the rule in `domain` and gets its precise message.
pub const UPLOAD_BODY_LIMIT: usize = 11 * 1024 * 1024;

/// A line of a dossier list.
#[derive(Debug, Serialize, ToSchema)]
pub struct DossierItem {
    #[schema(example = "000.00.31.H53-261124-0001")]
    pub code: Option<String>,
    pub procedure_code: String,
    pub procedure_name: String,
    pub procedure_name_en: String,
    pub agency: String,
    pub agency_name: String,
    /// How it was filed: `online`, `desk`, `postal`, `kiosk`, `kiosk_assisted`.
    pub channel: String,
    /// The national `KenhThucHien` code.
    pub channel_code: u8,
    pub applicant_name: String,
    #[schema(value_type = i64)]
    pub fee_due_vnd: domain::Vnd,
    /// Unix seconds.
    pub submitted_at: Option<i64>,
    pub updated_at: i64,
    #[serde(flatten)]
    pub status: StatusFields,
}

impl From<&DossierSummary> for DossierItem {
    fn from(d: &DossierSummary) -> Self {
        Self {
            code: d.code.clone(),
            procedure_code: d.procedure_code.clone(),
            procedure_name: d.procedure_name.clone(),
            procedure_name_en: d.procedure_name_en.clone(),
            agency: d.agency_code.clone(),
            agency_name: d.agency_name.clone(),
            channel: d.channel.as_str().to_owned(),
            channel_code: d.channel.national_code(),
            applicant_name: d.applicant_name.clone(),
            fee_due_vnd: d.fee_due_vnd,
            submitted_at: d.submitted_at,
            updated_at: d.updated_at,
            status: d.status.into(),
        }
    }
}

/// The caller's dossiers, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DossierList {
    pub total: usize,
    pub items: Vec<DossierItem>,
}

/// One change in a dossier's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEvent {
    /// Unix seconds.
    pub at: i64,
    pub action: String,
    pub from: Option<String>,
    pub to: String,
    /// The national status code after it.
    pub status_code: Option<u8>,
    /// `citizen`, `staff` or `system`.
    pub actor: String,
    pub actor_name: String,
    pub note: String,
}

/// A file attached to a dossier.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentItem {
    pub id: i64,
    pub file_name: String,
    /// `application/pdf`, `image/jpeg` or `image/png` (read from the bytes).
    #[serde(rename = "type")]
    pub kind: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// Unix seconds.
    pub uploaded_at: i64,
    /// `citizen` or `staff`.
    pub uploaded_by: String,
    /// 0 with the submission, n with the n-th supplement.
    pub round: i64,
    /// Where to download it.
    pub url: String,
}

impl From<&Attachment> for AttachmentItem {
    fn from(a: &Attachment) -> Self {
        Self {
            id: a.id,
            file_name: a.file_name.clone(),
            kind: a.kind.mime().to_owned(),
            size_bytes: a.size_bytes,
            sha256: a.sha256.clone(),
            uploaded_at: a.uploaded_at,
            uploaded_by: a.uploaded_by.clone(),
            round: a.round,
            url: format!("/api/v1/attachments/{}", a.id),
        }
    }
}

/// One dossier with its answers, history, files and fees.
#[derive(Debug, Serialize, ToSchema)]
pub struct DossierDetail {
    #[serde(flatten)]
    pub summary: DossierItem,
    /// The form's answers by input name (an address as `<name>.province` and so on).
    pub form: BTreeMap<String, String>,
    /// The officer's latest note for the citizen.
    pub citizen_note: String,
    pub next_step: String,
    pub next_step_en: String,
    pub processing_days: i64,
    pub fees: Vec<Fee>,
    pub history: Vec<HistoryEvent>,
    pub attachments: Vec<AttachmentItem>,
}

impl From<&Dossier> for DossierDetail {
    fn from(d: &Dossier) -> Self {
        let next = d.summary.status.next_step();
        Self {
            summary: DossierItem::from(&d.summary),
            form: d.form.clone(),
            citizen_note: d.citizen_note.clone(),
            next_step: next.vi,
            next_step_en: next.en,
            processing_days: d.processing_days,
            fees: d.fees.iter().map(Fee::from).collect(),
            history: d
                .history
                .iter()
                .map(|e| HistoryEvent {
                    at: e.at,
                    action: e.action.as_str().to_owned(),
                    from: e.from.map(|s| s.as_str().to_owned()),
                    to: e.to.as_str().to_owned(),
                    status_code: e.to.national().map(|n| n.code),
                    actor: e.actor_kind.clone(),
                    actor_name: e.actor_name.clone(),
                    note: e.note.clone(),
                })
                .collect(),
            attachments: d.attachments.iter().map(AttachmentItem::from).collect(),
        }
    }
}

/// Flattens the JSON form into input names: strings as they are, numbers as text,
/// `true` as a ticked box, and an address object into `<name>.<part>`.
fn form_values(form: &Map<String, Value>) -> Result<FormValues, ApiError> {
    let mut out = FormValues::new();
    for (name, value) in form {
        match value {
            Value::Null | Value::Bool(false) => {}
            Value::Array(_) => {
                return Err(ApiError::bad_request(
                    "invalid_form",
                    app::text!(Api.field_name_does_not, name = name),
                ));
            }
            Value::Bool(true) => {
                out.insert(name.clone(), "true".to_owned());
            }
            Value::String(s) => {
                out.insert(name.clone(), s.clone());
            }
            Value::Number(n) => {
                out.insert(name.clone(), n.to_string());
            }
            Value::Object(parts) => {
                for (part, v) in parts {
                    if let Some(s) = v.as_str() {
                        out.insert(format!("{name}.{part}"), s.to_owned());
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The answers of a dossier's form: a string, number or boolean per field, and an
/// address as an object of strings.
fn form_schema() -> impl Into<RefOr<Schema>> {
    let scalar = |t: Type| ObjectBuilder::new().schema_type(t);
    let address = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("province", scalar(Type::String))
        .property("commune", scalar(Type::String))
        .property("street", scalar(Type::String))
        .additional_properties(Some(scalar(Type::String)));
    let answer = utoipa::openapi::schema::OneOfBuilder::new()
        .item(scalar(Type::String))
        .item(scalar(Type::Number))
        .item(scalar(Type::Boolean))
        .item(address);
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "Field name → answer; the procedure's form (GET /procedures/{code}) names the fields",
        ))
        .additional_properties(Some(Schema::OneOf(answer.build())))
}

/// How a dossier reaches the centre through the API: online, the citizen's own.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiChannel {
    Online,
}

/// A dossier to submit.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewDossier {
    procedure_code: String,
    #[serde(default)]
    #[schema(schema_with = form_schema)]
    form: Map<String, Value>,
    /// Only `online` (the default): desk and kiosk dossiers are filed by staff.
    channel: Option<ApiChannel>,
}

/// A dossier just submitted.
#[derive(Debug, Serialize, ToSchema)]
pub struct Submitted {
    #[schema(example = "000.00.31.H53-261124-0001")]
    pub code: Option<String>,
    /// The fee to pay, once the centre asks for it.
    #[schema(value_type = i64)]
    pub fee_due_vnd: domain::Vnd,
    #[serde(flatten)]
    pub status: StatusFields,
}

/// Submit a dossier; the form is checked in full and every problem is returned.
#[utoipa::path(post, path = "/dossiers", tag = "dossiers", security(("bearer" = [])),
    request_body = NewDossier,
    responses(
        (status = 201, description = "Submitted", body = Submitted),
        (status = 400, description = "invalid_form (with error.fields[]) or invalid_json", body = ErrorDoc),
        (status = 401, description = "No or bad token", body = ErrorDoc),
        (status = 403, description = "Not a citizen's token", body = ErrorDoc),
        (status = 404, description = "Unknown procedure", body = ErrorDoc),
        (status = 409, description = "Submitted just now from another window", body = ErrorDoc),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Citizen(citizen): Citizen,
    Json(body): Json<NewDossier>,
) -> Result<(StatusCode, axum::Json<Submitted>), ApiError> {
    let _online = body.channel;
    let values = form_values(&body.form)?;
    let d = dossiers::submit(
        &state.services,
        citizen,
        &body.procedure_code,
        &values,
        Channel::Online,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Submitted {
            code: d.summary.code.clone(),
            fee_due_vnd: d.summary.fee_due_vnd,
            status: d.summary.status.into(),
        }),
    ))
}

/// The caller's dossiers, newest first (drafts excluded).
#[utoipa::path(get, path = "/dossiers", tag = "dossiers", security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's dossiers", body = DossierList),
        (status = 401, description = "No or bad token", body = ErrorDoc),
        (status = 403, description = "Not a citizen's token", body = ErrorDoc),
    ))]
pub async fn mine(
    State(state): State<AppState>,
    Citizen(citizen): Citizen,
) -> Result<axum::Json<DossierList>, ApiError> {
    let items: Vec<DossierItem> = dossiers::mine(&state.services, citizen)
        .await?
        .iter()
        .filter(|d| d.status != Status::Draft)
        .map(DossierItem::from)
        .collect();
    Ok(axum::Json(DossierList {
        total: items.len(),
        items,
    }))
}

/// One dossier with form answers, history, attachments and fees (owner or the agency's staff).
#[utoipa::path(get, path = "/dossiers/{code}", tag = "dossiers", security(("bearer" = [])),
    params(("code" = String, Path, example = "000.00.31.H53-261124-0001")),
    responses(
        (status = 200, description = "The dossier", body = DossierDetail),
        (status = 400, description = "Unreadable path", body = ErrorDoc),
        (status = 401, description = "No or bad token", body = ErrorDoc),
        (status = 404, description = "Missing, or someone else's", body = ErrorDoc),
    ))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
) -> Result<axum::Json<DossierDetail>, ApiError> {
    let d = dossiers::get(&state.services, &who, Key::Code(&code)).await?;
    Ok(axum::Json(DossierDetail::from(&d)))
}

/// Reads the `file` part of a multipart body.
pub async fn file_part(mut multipart: Multipart) -> Result<(String, Vec<u8>), ApiError> {
    let too_large = || ApiError::PayloadTooLarge {
        message: domain::attachment::FileError::TooLarge {
            bytes: UPLOAD_BODY_LIMIT as u64,
        }
        .text(),
    };
    let multipart_error = |e: axum::extract::multipart::MultipartError, interrupted: bool| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else if interrupted {
            ApiError::bad_request("invalid_multipart", app::text!(Api.upload_was_interrupted))
        } else {
            ApiError::bad_request("invalid_multipart", app::text!(Api.could_not_read_upload))
        }
    };
    // Read the whole body before answering: a response sent while the client is still
    // writing can reach it as a closed connection instead of the answer.
    let mut found = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(e, false))?
    {
        let is_file = field.name() == Some("file") && found.is_none();
        let name = field.file_name().unwrap_or("tep").to_owned();
        let bytes = field.bytes().await.map_err(|e| multipart_error(e, true))?;
        if is_file {
            found = Some((name, bytes.to_vec()));
        }
    }
    found.ok_or_else(|| ApiError::bad_request("invalid_file", app::text!(Api.no_file_chosen_field)))
}

/// Reads every part of a multipart form: text fields into values, `file` parts (with
/// content) into files. Empty file inputs, which browsers send when nothing was chosen,
/// are skipped.
/// A file of a multipart post, with the input it came from.
#[derive(Debug)]
pub struct Upload {
    pub field: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

pub async fn file_part_all(
    mut multipart: Multipart,
) -> Result<(FormValues, Vec<Upload>), ApiError> {
    let too_large = || ApiError::PayloadTooLarge {
        message: app::text!(Api.upload_is_too_large),
    };
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::bad_request(
                "invalid_multipart",
                app::text!(Api.upload_was_interrupted_please),
            )
        }
    };
    let mut values = FormValues::new();
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(file_name) = field.file_name().map(str::to_owned) {
            let bytes = field.bytes().await.map_err(broken)?;
            if !bytes.is_empty() {
                files.push(Upload {
                    field: name,
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
        } else {
            let text = field.text().await.map_err(broken)?;
            values.insert(name, text);
        }
    }
    Ok((values, files))
}

/// The file to attach.
#[derive(Debug, ToSchema)]
pub struct AttachmentUpload {
    /// A PDF, JPEG or PNG, recognised by its bytes.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Attach a PDF, JPEG or PNG (recognised by its bytes); 10 MB per file, 30 MB per dossier.
#[utoipa::path(post, path = "/dossiers/{code}/attachments", tag = "dossiers",
    security(("bearer" = [])),
    params(("code" = String, Path, example = "000.00.31.H53-261124-0001")),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored, with its SHA-256", body = AttachmentItem),
        (status = 400, description = "invalid_file: wrong kind, too large, dossier full or not open for files; invalid_multipart", body = ErrorDoc),
        (status = 401, description = "No or bad token", body = ErrorDoc),
        (status = 404, description = "Missing, or someone else's", body = ErrorDoc),
        (status = 413, description = "Request far over the limit", body = ErrorDoc),
    ))]
pub async fn attach(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, axum::Json<AttachmentItem>), ApiError> {
    let multipart = multipart.map_err(|_| unreadable_upload())?;
    let (name, bytes) = file_part(multipart).await?;
    let a = dossiers::attach(&state.services, &who, Key::Code(&code), &name, &bytes).await?;
    Ok((StatusCode::CREATED, axum::Json(AttachmentItem::from(&a))))
}

fn unreadable_upload() -> ApiError {
    ApiError::bad_request("invalid_multipart", app::text!(Api.could_not_read_upload))
}

/// Download a file (owner or the agency's staff).
#[utoipa::path(get, path = "/attachments/{id}", tag = "dossiers", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The file, as attached", content(
            (Binary = "application/pdf"), (Binary = "image/jpeg"), (Binary = "image/png"))),
        (status = 400, description = "Unreadable path", body = ErrorDoc),
        (status = 401, description = "No or bad token", body = ErrorDoc),
        (status = 404, description = "Missing, or not yours", body = ErrorDoc),
    ))]
pub async fn download(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (a, bytes) = dossiers::download(&state.services, &who, id).await?;
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(a.kind.mime()),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    // RFC 6266: an ASCII fallback and the UTF-8 name.
    let ascii: String = domain::text::fold(&a.file_name).replace(' ', "-");
    let encoded: String = a
        .file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}.{}\"; filename*=UTF-8''{encoded}",
        a.kind.extension()
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res.into_response())
}

/// A dossier code and the phone it was filed with.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// The code on the receipt slip.
    #[param(example = "000.00.31.H53-261124-0001")]
    code: String,
    /// The applicant's or the account's phone.
    #[param(example = "0912345678")]
    phone: String,
}

/// A status in a dossier's public history.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEvent {
    /// Unix seconds.
    pub at: i64,
    #[serde(flatten)]
    pub status: StatusFields,
}

/// What anyone with the code and the phone may see: no answers, files or notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicView {
    pub code: String,
    pub procedure_name: String,
    pub procedure_name_en: String,
    pub agency_name: String,
    #[schema(value_type = i64)]
    pub fee_due_vnd: domain::Vnd,
    /// Unix seconds.
    pub submitted_at: Option<i64>,
    pub next_step: String,
    pub next_step_en: String,
    pub history: Vec<PublicEvent>,
    #[serde(flatten)]
    pub status: StatusFields,
}

impl From<&PublicDossier> for PublicView {
    fn from(d: &PublicDossier) -> Self {
        let next = d.status.next_step();
        Self {
            code: d.code.clone(),
            procedure_name: d.procedure_name.clone(),
            procedure_name_en: d.procedure_name_en.clone(),
            agency_name: d.agency_name.clone(),
            fee_due_vnd: d.fee_due_vnd,
            submitted_at: d.submitted_at,
            next_step: next.vi,
            next_step_en: next.en,
            history: d
                .history
                .iter()
                .map(|(at, st)| PublicEvent {
                    at: *at,
                    status: (*st).into(),
                })
                .collect(),
            status: d.status.into(),
        }
    }
}

/// Public lookup by dossier code and phone, without signing in (limited per address).
/// A code or phone that names no dossier, written well or not, is answered 404.
#[utoipa::path(get, path = "/lookup", tag = "dossiers", params(LookupQuery),
    responses(
        (status = 200, description = "Status and history, no personal answers", body = PublicView),
        (status = 400, description = "A parameter is missing", body = ErrorDoc),
        (status = 404, description = "No dossier with this code and phone", body = ErrorDoc),
        (status = 429, description = "Too many lookups", body = ErrorDoc,
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    ))]
pub async fn lookup(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientKey>,
    Query(q): Query<LookupQuery>,
) -> Result<axum::Json<PublicView>, ApiError> {
    match dossiers::lookup(&state.services, &q.code, &q.phone, client.as_str()).await {
        Ok(d) => Ok(axum::Json(PublicView::from(&d))),
        // A malformed code or phone names no dossier either.
        Err(services::ServiceError::Invalid { .. }) => Err(ApiError::NotFound),
        Err(e) => Err(e.into()),
    }
}

//! Dossiers over the API: submit, list mine, one in full, attach files, public lookup,
//! and file downloads (for the API and the web pages alike).

use super::error::ApiError;
use crate::state::AppState;
use app::caller::{Citizen, SignedIn};
use axum::Json;
use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::dossier::{Channel, Status};
use domain::form::FormValues;
use domain::{Localized as _, Text};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use services::dossiers::{self, Dossier, DossierSummary, Key, PublicDossier};

/// Requests with a file may be this large: the 10 MB file plus form overhead; a file
/// just over 10 MB still reaches the rule in `domain` and gets its precise message.
pub const UPLOAD_BODY_LIMIT: usize = 11 * 1024 * 1024;

fn status_json(status: Status) -> Value {
    let label = status.label();
    json!({
        "status": status.as_str(),
        "status_code": status.national().map(|n| n.code),
        "status_label": label.vi,
        "status_label_en": label.en,
    })
}

fn merge(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

pub fn summary_json(d: &DossierSummary) -> Value {
    merge(
        json!({
            "code": d.code,
            "procedure_code": d.procedure_code,
            "procedure_name": d.procedure_name,
            "procedure_name_en": d.procedure_name_en,
            "agency": d.agency_code,
            "agency_name": d.agency_name,
            "channel": d.channel.as_str(),
            "channel_code": d.channel.national_code(),
            "applicant_name": d.applicant_name,
            "fee_due_vnd": d.fee_due_vnd,
            "submitted_at": d.submitted_at,
            "updated_at": d.updated_at,
        }),
        status_json(d.status),
    )
}

fn detail_json(d: &Dossier) -> Value {
    let next = d.summary.status.next_step();
    merge(
        summary_json(&d.summary),
        json!({
            "form": d.form,
            "citizen_note": d.citizen_note,
            "next_step": next.vi,
            "next_step_en": next.en,
            "processing_days": d.processing_days,
            "fees": d.fees.iter().map(|f| json!({
                "name": f.name,
                "amount_vnd": f.amount_vnd,
                "online_amount_vnd": f.online_amount_vnd,
                "unit": f.unit,
                "legal_basis": f.legal_basis,
            })).collect::<Vec<_>>(),
            "history": d.history.iter().map(|e| json!({
                "at": e.at,
                "action": e.action.as_str(),
                "from": e.from.map(Status::as_str),
                "to": e.to.as_str(),
                "status_code": e.to.national().map(|n| n.code),
                "actor": e.actor_kind,
                "actor_name": e.actor_name,
                "note": e.note,
            })).collect::<Vec<_>>(),
            "attachments": d.attachments.iter().map(|a| json!({
                "id": a.id,
                "file_name": a.file_name,
                "type": a.kind.mime(),
                "size_bytes": a.size_bytes,
                "sha256": a.sha256,
                "uploaded_at": a.uploaded_at,
                "uploaded_by": a.uploaded_by,
                "round": a.round,
                "url": format!("/api/v1/attachments/{}", a.id),
            })).collect::<Vec<_>>(),
        }),
    )
}

/// Flattens the JSON form into input names: strings as they are, numbers as text,
/// `true` as a ticked box, and an address object into `<name>.<part>`.
fn form_values(form: &Map<String, Value>) -> Result<FormValues, ApiError> {
    let mut out = FormValues::new();
    for (name, value) in form {
        match value {
            Value::Null | Value::Bool(false) => {}
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
            Value::Array(_) => {
                return Err(ApiError::bad_request(
                    "invalid_form",
                    Text::new(
                        format!("Mục \"{name}\" không nhận danh sách"),
                        format!("Field \"{name}\" does not take a list"),
                    ),
                ));
            }
        }
    }
    Ok(out)
}

#[derive(Debug, Deserialize)]
pub struct NewDossier {
    procedure_code: String,
    #[serde(default)]
    form: Map<String, Value>,
    channel: Option<String>,
}

/// `POST /api/v1/dossiers` → 201 with the code, status and fee due.
pub async fn create(
    State(state): State<AppState>,
    Citizen(citizen): Citizen,
    body: Result<Json<NewDossier>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let Json(body) = body?;
    let channel = match body.channel.as_deref().map(str::trim) {
        None | Some("" | "online") => Channel::Online,
        Some(other) => {
            return Err(ApiError::bad_request(
                "invalid_channel",
                Text::new(
                    format!("Kênh \"{other}\" không dành cho công dân; dùng \"online\""),
                    format!("Channel \"{other}\" is not for citizens; use \"online\""),
                ),
            ));
        }
    };
    let values = form_values(&body.form)?;
    let d = dossiers::submit(
        &state.services,
        citizen,
        &body.procedure_code,
        &values,
        channel,
    )
    .await?;
    let status = d.summary.status;
    Ok((
        StatusCode::CREATED,
        Json(merge(
            json!({"code": d.summary.code, "fee_due_vnd": d.summary.fee_due_vnd}),
            status_json(status),
        )),
    ))
}

/// `GET /api/v1/dossiers`: the caller's dossiers (drafts excluded).
pub async fn mine(
    State(state): State<AppState>,
    Citizen(citizen): Citizen,
) -> Result<Json<Value>, ApiError> {
    let items: Vec<Value> = dossiers::mine(&state.services, citizen)
        .await?
        .iter()
        .filter(|d| d.status != Status::Draft)
        .map(summary_json)
        .collect();
    Ok(Json(json!({ "total": items.len(), "items": items })))
}

/// `GET /api/v1/dossiers/{code}`: one dossier with history, files and fees; 404 for
/// anyone but its owner and its agency's staff.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let d = dossiers::get(&state.services, &who, Key::Code(&code)).await?;
    Ok(Json(detail_json(&d)))
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
            ApiError::bad_request(
                "invalid_multipart",
                Text::new("Tệp gửi lên bị gián đoạn", "The upload was interrupted"),
            )
        } else {
            ApiError::bad_request(
                "invalid_multipart",
                Text::new(
                    "Không đọc được tệp gửi lên (multipart/form-data, trường \"file\")",
                    "Could not read the upload (multipart/form-data, field \"file\")",
                ),
            )
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
    found.ok_or_else(|| {
        ApiError::bad_request(
            "invalid_file",
            Text::new(
                "Chưa chọn tệp (trường \"file\")",
                "No file chosen (field \"file\")",
            ),
        )
    })
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
        message: Text::new(
            "Tổng dung lượng gửi lên quá lớn: mỗi tệp tối đa 10 MB, cả hồ sơ tối đa 30 MB.",
            "The upload is too large: at most 10 MB per file and 30 MB per dossier.",
        ),
    };
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::bad_request(
                "invalid_multipart",
                Text::new(
                    "Dữ liệu gửi lên bị gián đoạn, vui lòng thử lại",
                    "The upload was interrupted, please try again",
                ),
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

/// `POST /api/v1/dossiers/{code}/attachments` (multipart, field `file`) → 201.
pub async fn attach(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let (name, bytes) = file_part(multipart).await?;
    let a = dossiers::attach(&state.services, &who, Key::Code(&code), &name, &bytes).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": a.id,
            "file_name": a.file_name,
            "type": a.kind.mime(),
            "size_bytes": a.size_bytes,
            "sha256": a.sha256,
            "round": a.round,
            "url": format!("/api/v1/attachments/{}", a.id),
        })),
    ))
}

/// `GET /api/v1/attachments/{id}`: the file, to its owner and its agency's staff.
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

#[derive(Debug, Deserialize)]
pub struct LookupQuery {
    #[serde(default)]
    code: String,
    #[serde(default)]
    phone: String,
}

pub fn public_json(d: &PublicDossier) -> Value {
    let next = d.status.next_step();
    merge(
        json!({
            "code": d.code,
            "procedure_name": d.procedure_name,
            "procedure_name_en": d.procedure_name_en,
            "agency_name": d.agency_name,
            "fee_due_vnd": d.fee_due_vnd,
            "submitted_at": d.submitted_at,
            "next_step": next.vi,
            "next_step_en": next.en,
            "history": d.history.iter().map(|(at, st)| merge(json!({"at": at}), status_json(*st))).collect::<Vec<_>>(),
        }),
        status_json(d.status),
    )
}

/// `GET /api/v1/lookup?code=&phone=`: the public view, without signing in.
pub async fn lookup(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientIp>,
    Query(q): Query<LookupQuery>,
) -> Result<Json<Value>, ApiError> {
    let d = dossiers::lookup(&state.services, &q.code, &q.phone, &client.to_string()).await?;
    Ok(Json(public_json(&d)))
}

//! Parts several API bodies share: a dossier's status, a fee line and the error body.
//! Each is a serde struct whose OpenAPI schema utoipa derives, so what is documented
//! is what is sent.

use domain::dossier::Status;
use domain::fees::FeeLine;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// A dossier's status: its own name, the national code and the labels people read.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusFields {
    #[schema(schema_with = status_schema)]
    pub status: String,
    /// The national `TrangThaiHoSo` code; none while a draft.
    #[schema(minimum = 1, maximum = 10)]
    pub status_code: Option<u8>,
    pub status_label: String,
    pub status_label_en: String,
}

impl From<Status> for StatusFields {
    fn from(status: Status) -> Self {
        let label = status.label();
        Self {
            status: status.as_str().to_owned(),
            status_code: status.national().map(|n| n.code),
            status_label: label.vi,
            status_label_en: label.en,
        }
    }
}

/// The statuses a dossier can be in, from the domain's own list.
fn status_schema() -> impl Into<RefOr<Schema>> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(Status::ALL.map(Status::as_str)))
}

/// One line of a fee schedule (phí or lệ phí) and its legal basis.
#[derive(Debug, Serialize, ToSchema)]
pub struct Fee {
    pub name: String,
    /// The price of one unit (of the first tier when there are tiers).
    #[schema(value_type = i64, minimum = 0)]
    pub amount_vnd: domain::Vnd,
    /// The unit price when filed online, where a lower online rate is set.
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub online_amount_vnd: Option<domain::Vnd>,
    /// What one unit is: `lần`, `trang`, `phiếu`, `bản`.
    pub unit: String,
    pub legal_basis: String,
    #[schema(format = Date)]
    pub valid_from: String,
}

impl From<&FeeLine> for Fee {
    fn from(f: &FeeLine) -> Self {
        Self {
            name: f.name.clone(),
            amount_vnd: f.amount_vnd,
            online_amount_vnd: f.online_amount_vnd,
            unit: f.unit.clone(),
            legal_basis: f.legal_basis.clone(),
            valid_from: f.valid_from.to_string(),
        }
    }
}

/// Every error: `{"error":{"code","message","message_en"[,"fields"]}}`
/// (`domain::failure::ErrorBody`, which the API sends).
#[allow(dead_code)] // a schema only: the body itself is `domain::failure::ErrorBody`
#[derive(Debug, ToSchema)]
#[schema(as = Error)]
pub struct ErrorDoc {
    pub error: ErrorDetailDoc,
}

/// What an error says.
#[allow(dead_code)] // a schema only: the body itself is `domain::failure::ErrorBody`
#[derive(Debug, ToSchema)]
#[schema(as = ErrorDetail)]
pub struct ErrorDetailDoc {
    /// The stable code clients may branch on.
    pub code: String,
    /// In Vietnamese.
    pub message: String,
    pub message_en: String,
    /// A refused form's problems, field by field.
    #[schema(required = false)]
    pub fields: Vec<FieldErrorDoc>,
}

/// One field's problem.
#[allow(dead_code)] // a schema only: the body itself is `domain::failure::ErrorBody`
#[derive(Debug, ToSchema)]
#[schema(as = FieldError)]
pub struct FieldErrorDoc {
    pub field: String,
    pub message: String,
    pub message_en: String,
}

/// Raw bytes, at least one: a file, a photo, a PDF (a schema only: handlers send and
/// read `Bytes`).
#[derive(Debug)]
pub struct Binary;

impl utoipa::PartialSchema for Binary {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                utoipa::openapi::schema::KnownFormat::Binary,
            )))
            .min_length(Some(1))
            .into()
    }
}

impl ToSchema for Binary {}

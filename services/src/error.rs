//! What a use case can answer besides success.

use domain::Text;
use domain::failure::Failure;

/// Errors of the services layer. `Unexpected` carries the cause chain for the log;
/// everything else is safe to show, in Vietnamese and English.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("Không tìm thấy")]
    NotFound,
    /// Input that failed a rule, with the field it belongs to (if any) and the message.
    #[error("{message}")]
    Invalid {
        field: Option<&'static str>,
        message: Text,
    },
    /// A dossier form with one or more problems, each next to its field.
    #[error("Tờ khai còn {} mục chưa hợp lệ", .0.len())]
    InvalidForm(Vec<domain::form::FieldProblem>),
    /// The request contradicts the current state (a duplicate, a finished dossier...).
    #[error("{0}")]
    Conflict(Text),
    #[error("{message}")]
    RateLimited {
        message: Text,
        retry_after_seconds: i64,
    },
    /// The code is right but the phone has no account yet: registration details are needed.
    #[error(
        "Số điện thoại chưa có tài khoản. Vui lòng điền họ tên, ngày sinh và số căn cước để đăng ký."
    )]
    RegistrationRequired,
    #[error("Chưa đăng nhập hoặc phiên đã hết hạn")]
    Unauthenticated,
    #[error("Bạn không có quyền thực hiện thao tác này")]
    Forbidden,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ServiceError {
    /// Input refused for one field.
    pub fn invalid(field: &'static str, message: impl Into<Text>) -> Self {
        Self::Invalid {
            field: Some(field),
            message: message.into(),
        }
    }

    /// Input refused as a whole.
    pub fn invalid_input(message: impl Into<Text>) -> Self {
        Self::Invalid {
            field: None,
            message: message.into(),
        }
    }

    /// A conflict with the current state.
    pub fn conflict(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self::Conflict(Text::new(vi, en))
    }

    /// How a person is told about this error (the one table, `domain::failure`). An
    /// unexpected error is logged here with its cause chain and shown only as its id:
    /// call this once per error.
    #[must_use]
    pub fn failure(&self) -> Failure<'_> {
        match self {
            Self::NotFound => Failure::NotFound,
            Self::Invalid { field, message } => Failure::Invalid {
                field: *field,
                message,
            },
            Self::InvalidForm(problems) => Failure::InvalidForm {
                problems: problems.len(),
            },
            Self::Conflict(message) => Failure::Conflict(message),
            Self::RateLimited { message, .. } => Failure::RateLimited(message),
            Self::RegistrationRequired => Failure::RegistrationRequired,
            Self::Unauthenticated => Failure::Unauthenticated,
            Self::Forbidden => Failure::Forbidden,
            Self::Unexpected(err) => Failure::Internal {
                error_id: log_unexpected(err),
            },
        }
    }

    /// The message in both languages (see [`Self::failure`]).
    #[must_use]
    pub fn text(&self) -> Text {
        self.failure().text()
    }
}

/// The one place an unexpected error is logged: with its cause chain and a fresh error
/// id, inside the request's span (so the line carries the request id too). The id is
/// what the person is shown.
#[must_use]
pub fn log_unexpected(err: &anyhow::Error) -> String {
    let error_id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
    tracing::error!(error.cause_chain = ?err, %error_id, "unexpected error");
    error_id
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        Self::Unexpected(anyhow::Error::new(e).context("database error"))
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

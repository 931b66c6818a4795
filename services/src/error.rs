//! What a use case can answer besides success.

use domain::Text;

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

    /// The message in both languages, for errors that are safe to show.
    #[must_use]
    pub fn text(&self) -> Text {
        match self {
            Self::NotFound => Text::new("Không tìm thấy", "Not found"),
            Self::InvalidForm(problems) => Text::new(
                format!(
                    "Tờ khai còn {} mục chưa hợp lệ, vui lòng xem lại các mục được đánh dấu.",
                    problems.len()
                ),
                format!(
                    "{} answers need attention; please check the marked fields.",
                    problems.len()
                ),
            ),
            Self::Invalid { message, .. }
            | Self::Conflict(message)
            | Self::RateLimited { message, .. } => message.clone(),
            Self::RegistrationRequired => Text::new(
                "Số điện thoại chưa có tài khoản. Vui lòng điền họ tên, ngày sinh và số căn cước để đăng ký.",
                "This phone number has no account yet. Please enter your full name, date of birth and citizen ID number to register.",
            ),
            Self::Unauthenticated => Text::new(
                "Chưa đăng nhập hoặc phiên đã hết hạn",
                "You are not signed in or your session has expired",
            ),
            Self::Forbidden => Text::new(
                "Bạn không có quyền thực hiện thao tác này",
                "You are not allowed to do this",
            ),
            Self::Unexpected(_) => Text::new("Đã có lỗi xảy ra", "Something went wrong"),
        }
    }
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        Self::Unexpected(anyhow::Error::new(e).context("database error"))
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

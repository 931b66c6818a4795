//! What a use case can answer besides success.

/// Errors of the services layer. `Unexpected` carries the cause chain for the log;
/// everything else is safe to show (in Vietnamese).
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("Không tìm thấy")]
    NotFound,
    /// Input that failed a rule, with the field it belongs to (if any) and the message.
    #[error("{message}")]
    Invalid {
        field: Option<&'static str>,
        message: String,
    },
    #[error("{0}")]
    Conflict(String),
    #[error("{message}")]
    RateLimited {
        message: String,
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
    pub fn invalid(field: &'static str, message: impl ToString) -> Self {
        Self::Invalid {
            field: Some(field),
            message: message.to_string(),
        }
    }
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        Self::Unexpected(anyhow::Error::new(e).context("database error"))
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

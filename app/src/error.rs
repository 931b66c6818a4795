//! The one error type that crosses the wire between server functions and the browser.

use crate::i18n::{Messages, text};
use domain::Text;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What a server function can answer besides success. Messages are safe to show and
/// carry both languages; unexpected failures carry only an id to quote to support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Không tìm thấy")]
    NotFound,
    #[error("{message}")]
    Invalid {
        field: Option<String>,
        message: Text,
    },
    /// A dossier form with problems next to several fields.
    #[error("Tờ khai còn mục chưa hợp lệ")]
    InvalidForm(Vec<domain::form::FieldProblem>),
    #[error("{0}")]
    Conflict(Text),
    #[error("{0}")]
    RateLimited(Text),
    #[error("Số điện thoại chưa có tài khoản")]
    RegistrationRequired,
    #[error("Vui lòng đăng nhập")]
    Unauthenticated,
    #[error("Bạn không có quyền thực hiện thao tác này")]
    Forbidden,
    #[error("Đã có lỗi xảy ra. Mã lỗi: {error_id}")]
    Internal { error_id: String },
    #[error("Không gửi được yêu cầu ({0})")]
    Transport(String),
}

impl AppError {
    /// The message in both languages.
    #[must_use]
    pub fn text(&self) -> Text {
        use domain::failure::Failure;
        let failure = match self {
            Self::NotFound => Failure::NotFound,
            Self::InvalidForm(problems) => Failure::InvalidForm {
                problems: problems.len(),
            },
            Self::Invalid { field, message } => Failure::Invalid {
                field: field.as_deref(),
                message,
            },
            Self::Conflict(message) => Failure::Conflict(message),
            Self::RateLimited(message) => Failure::RateLimited(message),
            Self::RegistrationRequired => Failure::RegistrationRequired,
            Self::Unauthenticated => Failure::Unauthenticated,
            Self::Forbidden => Failure::Forbidden,
            Self::Internal { error_id } => Failure::Internal {
                error_id: error_id.clone(),
            },
            Self::Transport(detail) => {
                return text!(Messages.not_sent, detail = detail);
            }
        };
        failure.text()
    }

    /// The message for one form field, if this error belongs to it.
    #[must_use]
    pub fn for_field(&self, name: &str) -> Option<Text> {
        match self {
            Self::Invalid {
                field: Some(f),
                message,
            } if f == name => Some(message.clone()),
            Self::InvalidForm(problems) => problems
                .iter()
                .find(|p| p.field == name)
                .map(|p| p.message.clone()),
            _ => None,
        }
    }

    /// The message when it does not belong to a particular field.
    #[must_use]
    pub fn field(&self) -> Option<String> {
        match self {
            Self::Invalid { field, .. } => field.clone(),
            Self::InvalidForm(problems) => problems.first().map(|p| p.field.clone()),
            _ => None,
        }
    }

    /// The same refusal, with a form's problems listed one after another in one message
    /// (for a form that has no place beside each field to show them).
    #[must_use]
    pub fn listed(self) -> Self {
        match self {
            Self::InvalidForm(problems) if !problems.is_empty() => {
                let join = |en: bool| {
                    problems
                        .iter()
                        .map(|p| p.message.get(en))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                Self::Invalid {
                    field: Some(problems[0].field.clone()),
                    message: Text::new(join(false), join(true)),
                }
            }
            other => other,
        }
    }

    #[must_use]
    pub fn general(&self) -> Option<Text> {
        match self {
            Self::Invalid { field: Some(_), .. } | Self::RegistrationRequired => None,
            other => Some(other.text()),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => Self::Invalid {
                field: None,
                message: text!(Messages.invalid_data, detail = m),
            },
            other => Self::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<services::ServiceError> for AppError {
    fn from(e: services::ServiceError) -> Self {
        use services::ServiceError as S;
        match e {
            S::NotFound => Self::NotFound,
            S::Invalid { field, message } => Self::Invalid {
                field: field.map(str::to_owned),
                message,
            },
            S::InvalidForm(p) => Self::InvalidForm(p),
            S::Conflict(m) => Self::Conflict(m),
            S::RateLimited { message, .. } => Self::RateLimited(message),
            S::RegistrationRequired => Self::RegistrationRequired,
            S::Unauthenticated => Self::Unauthenticated,
            S::Forbidden => Self::Forbidden,
            S::Unexpected(err) => Self::Internal {
                error_id: services::error::log_unexpected(&err),
            },
        }
    }
}

//! The one table of failures a person is told about: for each kind, its HTTP status,
//! its stable code (the REST API's `error.code`) and its message in Vietnamese and
//! English. `services::ServiceError`, the app's `AppError` and the REST `ApiError`
//! all read it, so a message is written once.

use crate::Text;

/// A failure, as a person is told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure<'a> {
    NotFound,
    /// Input refused by a rule, for one field (or the request as a whole).
    Invalid {
        field: Option<&'a str>,
        message: &'a Text,
    },
    /// A form with problems next to this many fields.
    InvalidForm {
        problems: usize,
    },
    /// The request contradicts the current state (a duplicate, a finished dossier…).
    Conflict(&'a Text),
    RateLimited(&'a Text),
    /// The code is right but the phone has no account yet.
    RegistrationRequired,
    Unauthenticated,
    Forbidden,
    TooLarge(&'a Text),
    /// Something went wrong on our side: only an id to quote to support.
    Internal {
        error_id: String,
    },
}

impl Failure<'_> {
    /// The HTTP status that answers it.
    #[must_use]
    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Invalid { .. } | Self::InvalidForm { .. } | Self::RegistrationRequired => 400,
            Self::Conflict(_) => 409,
            Self::RateLimited(_) => 429,
            Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::TooLarge(_) => 413,
            Self::Internal { .. } => 500,
        }
    }

    /// The stable code clients may branch on.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Invalid { field, .. } => match *field {
                Some("phone") => "invalid_phone",
                Some("code") => "invalid_code",
                Some("full_name") => "invalid_full_name",
                Some("date_of_birth") => "invalid_date_of_birth",
                Some("national_id") => "invalid_national_id",
                Some("file") => "invalid_file",
                Some("photo") => "invalid_photo",
                Some("form") => "invalid_form",
                Some(_) => "invalid_field",
                None => "invalid",
            },
            Self::InvalidForm { .. } => "invalid_form",
            Self::Conflict(_) => "conflict",
            Self::RateLimited(_) => "rate_limited",
            Self::RegistrationRequired => "registration_required",
            Self::Unauthenticated => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::TooLarge(_) => "too_large",
            Self::Internal { .. } => "internal",
        }
    }

    /// What the person reads.
    #[must_use]
    pub fn text(&self) -> Text {
        match self {
            Self::NotFound => Text::new("Không tìm thấy", "Not found"),
            Self::Invalid { message, .. }
            | Self::Conflict(message)
            | Self::RateLimited(message)
            | Self::TooLarge(message) => (*message).clone(),
            Self::InvalidForm { problems } => Text::new(
                format!(
                    "Tờ khai còn {problems} mục chưa hợp lệ, vui lòng xem lại các mục được đánh dấu."
                ),
                format!("{problems} answers need attention; please check the marked fields."),
            ),
            Self::RegistrationRequired => Text::new(
                "Số điện thoại chưa có tài khoản. Vui lòng điền họ tên, ngày sinh và số căn cước để đăng ký.",
                "This phone number has no account yet. Please enter your full name, date of birth and citizen ID number to register.",
            ),
            Self::Unauthenticated => Text::new(
                "Vui lòng đăng nhập (chưa đăng nhập, phiên đã hết hạn hoặc mã truy cập không đúng).",
                "Please sign in (not signed in, the session has expired or the access token is wrong).",
            ),
            Self::Forbidden => Text::new(
                "Bạn không có quyền thực hiện thao tác này",
                "You are not allowed to do this",
            ),
            Self::Internal { error_id } => Text::new(
                format!(
                    "Đã có lỗi xảy ra. Mã lỗi: {error_id}. Vui lòng thử lại hoặc liên hệ Bộ phận Một cửa."
                ),
                format!(
                    "Something went wrong. Error id: {error_id}. Please try again or contact the one-stop desk."
                ),
            ),
        }
    }
}

/// The REST API's error body, `{"error":{"code","message","message_en"[,"fields"]}}`:
/// written here once for the API's errors and for the callers it turns away.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What an [`ErrorBody`] says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ErrorDetail {
    /// The stable code clients may branch on.
    pub code: String,
    pub message: String,
    pub message_en: String,
    /// A refused form's problems, field by field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// One field's problem in an [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub message_en: String,
}

impl ErrorBody {
    /// The body for `failure`, under `code` (the table's code unless a finer one is known).
    #[must_use]
    pub fn new(code: &str, failure: &Failure<'_>) -> Self {
        let message = failure.text();
        Self {
            error: ErrorDetail {
                code: code.to_owned(),
                message: message.vi,
                message_en: message.en,
                fields: Vec::new(),
            },
        }
    }

    /// With a form's problems listed.
    #[must_use]
    pub fn with_fields(mut self, problems: &[crate::form::FieldProblem]) -> Self {
        self.error.fields = problems
            .iter()
            .map(|p| FieldError {
                field: p.field.clone(),
                message: p.message.vi.clone(),
                message_en: p.message.en.clone(),
            })
            .collect();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The API's documented error shape (README, REST API): code and both messages,
    /// `fields` only for a refused form.
    #[test]
    fn error_body_has_the_documented_shape() {
        let body = ErrorBody::new("unauthorized", &Failure::Unauthenticated);
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["error"]["code"], "unauthorized");
        assert!(
            json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("đăng nhập")
        );
        assert!(
            json["error"]["message_en"]
                .as_str()
                .unwrap()
                .contains("sign in")
        );
        assert!(json["error"].get("fields").is_none());
        let problems = [crate::form::FieldProblem {
            field: "phone".to_owned(),
            message: Text::new("Số điện thoại không hợp lệ", "Invalid phone number"),
        }];
        let body = ErrorBody::new("invalid_form", &Failure::InvalidForm { problems: 1 })
            .with_fields(&problems);
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["error"]["fields"][0]["field"], "phone");
        assert_eq!(
            json["error"]["fields"][0]["message_en"],
            "Invalid phone number"
        );
    }

    /// Every kind has an error status, a code and a message in both languages.
    #[test]
    fn every_failure_says_it_in_both_languages() {
        let m = Text::new("Lỗi", "Error");
        for f in [
            Failure::NotFound,
            Failure::Invalid {
                field: Some("phone"),
                message: &m,
            },
            Failure::Invalid {
                field: None,
                message: &m,
            },
            Failure::InvalidForm { problems: 2 },
            Failure::Conflict(&m),
            Failure::RateLimited(&m),
            Failure::RegistrationRequired,
            Failure::Unauthenticated,
            Failure::Forbidden,
            Failure::TooLarge(&m),
            Failure::Internal {
                error_id: "abc123".to_owned(),
            },
        ] {
            let t = f.text();
            assert!(!t.vi.is_empty() && !t.en.is_empty(), "{f:?}");
            assert!((400..600).contains(&f.status()), "{f:?}");
            assert!(!f.code().is_empty());
        }
        assert_eq!(
            Failure::Invalid {
                field: Some("phone"),
                message: &m
            }
            .code(),
            "invalid_phone"
        );
        assert!(
            Failure::Internal {
                error_id: "abc123".to_owned()
            }
            .text()
            .vi
            .contains("abc123")
        );
        assert!(
            Failure::InvalidForm { problems: 3 }
                .text()
                .en
                .starts_with("3 answers")
        );
    }
}

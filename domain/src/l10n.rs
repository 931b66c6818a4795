//! Messages that exist in both languages of the interface.
//!
//! Rules in this crate explain themselves to the user; every explanation is a [`Text`]
//! holding the Vietnamese (default) and English wording, so the page can show the one
//! the user chose and logs and the API keep the Vietnamese.

use serde::{Deserialize, Serialize};

/// One message in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    #[must_use]
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The wording for the chosen language.
    #[must_use]
    pub fn get(&self, english: bool) -> &str {
        if english { &self.en } else { &self.vi }
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.vi)
    }
}

/// The English wording where there is one and it is wanted, else the Vietnamese: for
/// data that may have an English name (procedures, fees, categories, form labels).
#[must_use]
pub fn pick<'a>(vi: &'a str, en: &'a str, english: bool) -> &'a str {
    if english && !en.is_empty() { en } else { vi }
}

/// Something that can explain itself to the user in both languages.
pub trait Localized {
    fn text(&self) -> Text;
}

/// Implements `Display` (Vietnamese), `std::error::Error` and `From<T> for Text` for a
/// type that implements [`Localized`], so each message is written once, in both languages.
#[macro_export]
macro_rules! localized_error {
    ($ty:ty) => {
        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&$crate::l10n::Localized::text(self).vi)
            }
        }
        impl ::std::error::Error for $ty {}
        impl ::core::convert::From<$ty> for $crate::l10n::Text {
            fn from(e: $ty) -> Self {
                $crate::l10n::Localized::text(&e)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_language_and_displays_vietnamese() {
        let t = Text::new("Không tìm thấy", "Not found");
        assert_eq!(t.get(true), "Not found");
        assert_eq!(t.get(false), "Không tìm thấy");
        assert_eq!(t.to_string(), "Không tìm thấy");
    }
}

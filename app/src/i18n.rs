//! Every string the user reads, in Vietnamese (default) and English: one typed catalogue
//! per screen or group of screens, declared with [`catalogue!`], each key written once
//! with its two texts side by side, so a key without one of them does not compile.
//! `lang.of::<Catalogue>().key` picks the text; a text with `{name}` placeholders is
//! completed by [`fill`]. Messages made below the app (service errors, statuses) arrive
//! as `domain::Text`, already in both languages.

use leptos::prelude::*;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Self {
        if code.trim().eq_ignore_ascii_case("en") {
            Self::En
        } else {
            Self::Vi
        }
    }

    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Self::Vi => Self::En,
            Self::En => Self::Vi,
        }
    }

    /// Money as people read it in this language: `205.000 đ`, `205,000 VND`.
    #[must_use]
    pub fn money(self, amount: impl Into<i64>) -> String {
        let t = domain::Vnd::text_of(amount.into());
        match self {
            Self::Vi => t.vi,
            Self::En => t.en,
        }
    }

    /// A name the data holds in both languages (a procedure's, say): the English one
    /// when reading English and there is one, else the Vietnamese.
    #[must_use]
    pub fn name<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        if self == Self::En && !en.is_empty() {
            en
        } else {
            vi
        }
    }

    /// A message made in each language in turn, as the `domain::Text` it travels in:
    /// for texts whose values differ by language (a status label, an amount).
    pub fn both(make: impl Fn(Self) -> String) -> domain::Text {
        domain::Text::new(make(Self::Vi), make(Self::En))
    }

    #[must_use]
    pub fn is_en(self) -> bool {
        self == Self::En
    }

    /// English when `english` holds, else Vietnamese.
    #[must_use]
    pub fn english_if(english: bool) -> Self {
        if english { Self::En } else { Self::Vi }
    }

    /// This language's half of a catalogue: `lang.of::<Reconcile>().heading`.
    #[must_use]
    pub fn of<C: Catalogue>(self) -> &'static C {
        match self {
            Self::Vi => C::VI,
            Self::En => C::EN,
        }
    }

    /// The catalogue every page shares (header, home, procedures, sign-in).
    #[must_use]
    pub fn t(self) -> &'static Strings {
        self.of::<Strings>()
    }
}

/// The language of this page: read from the `lang` cookie on the server and from the
/// `<html lang>` the server wrote when hydrating, so both render the same text.
#[must_use]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Puts the page language in context; call once at the root.
pub fn provide_lang() {
    #[cfg(feature = "ssr")]
    let lang = crate::cookies::LANG
        .in_request()
        .map(|v| Lang::from_code(&v))
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let lang = document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .map(|v| Lang::from_code(&v))
        .unwrap_or_default();
    provide_context(lang);
}

mod api;
mod audit;
mod badge;
mod card_scan;
mod common;
mod config;
mod desk;
mod dossiers;
mod exceptions;
mod fee_config;
mod jobs;
mod kiosk;
mod messages;
mod payment;
mod printed;
mod receipt;
mod reconcile;
mod refunds;
mod reports;
mod sandbox;
mod staff;

pub use api::Api;
pub use audit::Audit;
pub use badge::Badge;
pub use card_scan::CardScan;
pub use common::Strings;
pub use config::Config;
pub use desk::Desk;
pub use dossiers::Dossiers;
pub use exceptions::Exceptions;
pub use fee_config::FeeConfig;
pub use jobs::Jobs;
pub use kiosk::Kiosk;
pub use messages::Messages;
pub use payment::Payment;
pub use printed::Printed;
pub use receipt::Receipt;
pub use reconcile::Reconcile;
pub use refunds::Refunds;
pub use reports::Reports;
pub use sandbox::Sandbox;
pub use staff::Staff;

/// A typed message catalogue: one struct of `&'static str` keys with a Vietnamese and
/// an English value. Made by [`catalogue!`], never by hand.
pub trait Catalogue: Sync + 'static {
    const VI: &'static Self;
    const EN: &'static Self;
    /// Every key with its Vietnamese and English text, for the completeness test (not
    /// built into the app).
    #[cfg(test)]
    fn entries() -> Vec<(&'static str, &'static str, &'static str)>;
}

/// Declares a catalogue: `Name { key: "tiếng Việt", "English"; … }`.
macro_rules! catalogue {
    ($(#[$meta:meta])* $name:ident { $($key:ident: $vi:expr, $en:expr;)* }) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name {
            $(pub $key: &'static str,)*
        }

        impl $crate::i18n::Catalogue for $name {
            const VI: &'static Self = &Self { $($key: $vi,)* };
            const EN: &'static Self = &Self { $($key: $en,)* };
            #[cfg(test)]
            fn entries() -> Vec<(&'static str, &'static str, &'static str)> {
                vec![$((stringify!($key), $vi, $en),)*]
            }
        }
    };
}
pub(crate) use catalogue;

/// A catalogue text with its `{name}` placeholders replaced:
/// `fill!(tr.title, from = r.from, to = r.to)`.
#[macro_export]
macro_rules! fill {
    ($template:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::fill_in(
            $template,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*],
        )
    };
}
pub use crate::fill;

/// A catalogue text in both languages, filled, as the `domain::Text` a message travels
/// in (a server function's refusal, a flash after a form post):
/// `text!(Messages.not_sent, detail = e)`.
#[macro_export]
macro_rules! text {
    ($catalogue:ident . $key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        ::domain::Text::new(
            $crate::fill!(<$catalogue as $crate::i18n::Catalogue>::VI.$key $(, $name = $value)*),
            $crate::fill!(<$catalogue as $crate::i18n::Catalogue>::EN.$key $(, $name = $value)*),
        )
    };
}
pub use crate::text;

/// What [`fill!`] calls: each `{name}` of the template replaced by its value.
#[must_use]
pub fn fill_in(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// The `{name}` placeholders of a text, sorted.
#[cfg(test)]
fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    names.sort_unstable();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<C: Catalogue>(name: &str, problems: &mut Vec<String>) {
        for (key, vi, en) in C::entries() {
            if vi.trim().is_empty() || en.trim().is_empty() {
                problems.push(format!("{name}.{key} lacks a text"));
            }
            if placeholders(vi) != placeholders(en) {
                problems.push(format!("{name}.{key}: placeholders differ"));
            }
        }
    }

    #[test]
    fn every_catalogue_is_complete_in_both_languages() {
        let mut problems = Vec::new();
        check::<Strings>("Strings", &mut problems);
        check::<Api>("Api", &mut problems);
        check::<Audit>("Audit", &mut problems);
        check::<Badge>("Badge", &mut problems);
        check::<CardScan>("CardScan", &mut problems);
        check::<Config>("Config", &mut problems);
        check::<Desk>("Desk", &mut problems);
        check::<Dossiers>("Dossiers", &mut problems);
        check::<Exceptions>("Exceptions", &mut problems);
        check::<FeeConfig>("FeeConfig", &mut problems);
        check::<Kiosk>("Kiosk", &mut problems);
        check::<Messages>("Messages", &mut problems);
        check::<Payment>("Payment", &mut problems);
        check::<Printed>("Printed", &mut problems);
        check::<Receipt>("Receipt", &mut problems);
        check::<Reconcile>("Reconcile", &mut problems);
        check::<Refunds>("Refunds", &mut problems);
        check::<Reports>("Reports", &mut problems);
        check::<Sandbox>("Sandbox", &mut problems);
        check::<Staff>("Staff", &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn a_text_with_a_missing_language_or_placeholder_is_caught() {
        catalogue! {
            #[allow(dead_code)]
            Broken {
                empty: "", "English";
                renamed: "Còn {n} phút", "{minutes} minutes left";
                fine: "Hồ sơ {code}", "Dossier {code}";
            }
        }
        let mut problems = Vec::new();
        check::<Broken>("Broken", &mut problems);
        assert_eq!(
            problems,
            [
                "Broken.empty lacks a text",
                "Broken.renamed: placeholders differ"
            ]
        );
    }

    #[test]
    fn templates_are_filled_by_name() {
        let amount = "50.000 đ";
        let text = fill!(
            "Còn {minutes} phút để trả {amount}",
            amount = amount,
            minutes = 4
        );
        assert_eq!(text, "Còn 4 phút để trả 50.000 đ");
    }

    #[test]
    fn a_language_picks_its_half() {
        assert_eq!(Lang::Vi.t().nav_sign_in, "Đăng nhập");
        assert_eq!(Lang::En.t().nav_sign_in, "Sign in");
        assert_eq!(Lang::english_if(true), Lang::En);
        assert_eq!(Lang::english_if(false), Lang::Vi);
    }
}

//! Messages shown above or beside form fields, in the page's language.

use crate::i18n::{Lang, use_lang};
use domain::Text;
use leptos::prelude::*;

/// An error box announced to screen readers.
#[component]
pub fn ErrorNotice(message: Text) -> impl IntoView {
    let english = use_lang() == Lang::En;
    view! {
        <p role="alert" class="my-3 rounded border-l-4 border-red-700 bg-red-50 p-3 text-red-900" data-testid="error">
            {message.get(english).to_owned()}
        </p>
    }
}

/// The error under a field, linked to it by `aria-describedby`.
#[component]
pub fn FieldError(id: &'static str, message: Option<Text>) -> impl IntoView {
    let english = use_lang() == Lang::En;
    message.map(|m| {
        view! { <p id=id class="mt-1 text-red-800 font-medium" data-testid=id>{m.get(english).to_owned()}</p> }
    })
}

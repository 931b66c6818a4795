//! Messages shown above or beside form fields.

use leptos::prelude::*;

/// An error box announced to screen readers.
#[component]
pub fn ErrorNotice(message: String) -> impl IntoView {
    view! {
        <p role="alert" class="my-3 rounded border-l-4 border-red-700 bg-red-50 p-3 text-red-900" data-testid="error">
            {message}
        </p>
    }
}

/// The error under a field, linked to it by `aria-describedby`.
#[component]
pub fn FieldError(id: &'static str, message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! { <p id=id class="mt-1 text-red-800 font-medium" data-testid=id>{m}</p> }
    })
}

//! The 404 page.

use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let t = use_lang().t();
    view! {
        <h1 class="text-2xl font-bold">{t.not_found}</h1>
        <p class="mt-2">{t.not_found_text}</p>
        <p class="mt-4"><a class="text-blue-800 underline" href="/thu-tuc">{t.back_to_catalog}</a></p>
    }
}

//! The 404 page, and the page of a [`Problem`] a server handler provides.

use crate::i18n::use_lang;
use crate::problem::Problem;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        let status = use_context::<Problem>().map_or(404, |p| p.status);
        opts.set_status(
            axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::NOT_FOUND),
        );
    }
    let shown = crate::provided::provided::<Problem>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match shown.await {
                    Some(p) => problem_view(p).into_any(),
                    None => not_found().into_any(),
                }
            })}
        </Suspense>
    }
}

fn not_found() -> impl IntoView {
    let t = use_lang().t();
    view! {
        <h1 class="text-2xl font-bold">{t.not_found}</h1>
        <p class="mt-2">{t.not_found_text}</p>
        <p class="mt-4"><a class="text-blue-800 underline" href="/thu-tuc">{t.back_to_catalog}</a></p>
    }
}

/// A problem's title, message and way on (the not-found route's, and a page's own).
pub fn problem_view(p: Problem) -> impl IntoView {
    let en = use_lang() == crate::i18n::Lang::En;
    let next = p.next.map(|(href, label)| {
        view! { <p class="mt-4"><a class="text-blue-800 underline text-lg" href=href>{label.get(en).to_owned()}</a></p> }
    });
    view! {
        <h1 class="text-2xl font-bold">{p.title.get(en).to_owned()}</h1>
        <p class="mt-2 text-lg" data-testid=p.testid>{p.message.get(en).to_owned()}</p>
        {next}
    }
}

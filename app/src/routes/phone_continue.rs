//! `/tiep-tuc/{token}`: the phone opened a kiosk's "continue on your phone" link. It
//! asks first, naming the account masked; only "Tiếp tục" signs in (a plain form to
//! `api::auth::continue_on_phone`, whose answer sets the session and opens the page).

use crate::api::auth::{ContinueOnPhone, phone_link_preview};
use crate::i18n::{Kiosk, Lang, Messages, use_lang};
use crate::problem::Problem;
use leptos::prelude::*;

#[component]
pub fn PhoneContinuePage() -> impl IntoView {
    let lang = use_lang();
    let params = leptos_router::hooks::use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let preview = Resource::new(token, phone_link_preview);
    view! {
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(name) => ask(lang, token(), &name).into_any(),
                    Err(_) => crate::routes::not_found::problem_view(expired()).into_any(),
                }
            })}
        </Suspense>
    }
}

fn ask(lang: Lang, token: String, masked_name: &str) -> impl IntoView {
    let tr = lang.of::<Kiosk>();
    let question = crate::fill!(tr.continue_as, name = masked_name);
    view! {
        <h1 class="text-2xl font-bold" data-testid="handoff-ask">{question}</h1>
        <p class="mt-2 text-lg">{tr.continue_why}</p>
        <form method="post" action={crate::api::path::<ContinueOnPhone>()} class="mt-6 flex flex-wrap gap-4">
            <input type="hidden" name="token" value=token/>
            <button type="submit" data-testid="handoff-continue"
                class="min-h-12 rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white">
                {tr.continue_yes}
            </button>
            <a href="/" class="min-h-12 rounded border border-slate-400 px-6 py-3 text-lg">{tr.continue_not_me}</a>
        </form>
    }
}

/// A link unknown, used or past its 10 minutes.
fn expired() -> Problem {
    Problem {
        status: 404,
        title: crate::text!(Messages.this_link_can_no),
        message: crate::text!(Messages.this_link_works_once),
        testid: "handoff-expired".to_owned(),
        next: Some(("/dang-nhap".to_owned(), crate::text!(Messages.sign_in))),
    }
}

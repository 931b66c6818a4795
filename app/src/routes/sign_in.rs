//! `/dang-nhap`: step 1 of citizen sign-in, the phone number.

use crate::api::auth::RequestOtp;
use crate::components::notice::{ErrorNotice, FieldError};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<RequestOtp>::new();
    let error = move || action.value().get().and_then(Result::err);
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{t.sign_in_heading}</h1>
        <p class="mt-2 max-w-prose">{t.sign_in_intro}</p>
        {move || error().and_then(|e| e.general()).map(|m| view! { <ErrorNotice message=m/> })}
        <ActionForm action=action attr:class="mt-4 max-w-md space-y-4">
            <input type="hidden" name="next" value=next/>
            <div>
                <label for="phone" class="block font-medium">{t.phone_label}</label>
                <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" required
                    aria-describedby="phone-hint phone-error"
                    class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-lg"/>
                <p id="phone-hint" class="text-sm text-slate-600">{t.phone_hint}</p>
                {move || view! { <FieldError id="phone-error" message=error().and_then(|e| e.for_field("phone"))/> }}
            </div>
            <button type="submit" class="w-full rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white hover:bg-blue-900"
                disabled=move || action.pending().get()>
                {t.send_code}
            </button>
        </ActionForm>
        <p class="mt-6 text-sm"><A href="/can-bo/dang-nhap">{t.staff_heading}</A></p>
    }
}

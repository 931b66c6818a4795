//! `/dang-nhap/xac-thuc?phone=…`: step 2, the code, and registration for a new phone.

use crate::api::auth::{RequestOtp, VerifyOtp};
use crate::components::notice::{ErrorNotice, FieldError};
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-lg";

#[component]
pub fn VerifyPage() -> impl IntoView {
    let t = use_lang().t();
    let query = use_query_map();
    let phone = move || query.with(|q| q.get("phone").unwrap_or_default());
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    let verify = ServerAction::<VerifyOtp>::new();
    let resend = ServerAction::<RequestOtp>::new();
    let error = move || verify.value().get().and_then(Result::err);
    let needs_registration = move || {
        matches!(error(), Some(AppError::RegistrationRequired))
            || ["full_name", "date_of_birth", "national_id"]
                .iter()
                .any(|f| error().and_then(|e| e.for_field(f)).is_some())
    };
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{t.verify_heading}</h1>
        <p class="mt-2">{t.verify_intro} " " <strong data-testid="verify-phone">{phone}</strong></p>
        {move || error().and_then(|e| e.general()).map(|m| view! { <ErrorNotice message=m/> })}
        {move || resend.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice message=e.text()/> })}
        <ActionForm action=verify attr:class="mt-4 max-w-md space-y-4">
            <input type="hidden" name="phone" value=phone/>
            <input type="hidden" name="next" value=next/>
            <div>
                <label for="code" class="block font-medium">{t.code_label}</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    pattern="[0-9]{6}" maxlength="6" required aria-describedby="code-hint code-error"
                    class=format!("{INPUT} tracking-[0.5em]")/>
                <p id="code-hint" class="text-sm text-slate-600">{t.code_hint}</p>
                {move || view! { <FieldError id="code-error" message=error().and_then(|e| e.for_field("code"))/> }}
            </div>
            <Show when=needs_registration>
                <fieldset class="space-y-4 rounded border border-slate-300 p-4" data-testid="registration">
                    <legend class="px-1 font-semibold">{t.first_time}</legend>
                    <crate::components::cccd_scan::CccdScan/>
                    <div>
                        <label for="full_name" class="block font-medium">{t.full_name}</label>
                        <input id="full_name" name="full_name" type="text" autocomplete="name" required class=INPUT
                            aria-describedby="full_name-error"/>
                        {move || view! { <FieldError id="full_name-error" message=error().and_then(|e| e.for_field("full_name"))/> }}
                    </div>
                    <div>
                        <label for="date_of_birth" class="block font-medium">{t.date_of_birth}</label>
                        <input id="date_of_birth" name="date_of_birth" type="date" autocomplete="bday" required class=INPUT
                            aria-describedby="date_of_birth-error"/>
                        {move || view! { <FieldError id="date_of_birth-error" message=error().and_then(|e| e.for_field("date_of_birth"))/> }}
                    </div>
                    <div>
                        <label for="national_id" class="block font-medium">{t.national_id}</label>
                        <input id="national_id" name="national_id" type="text" inputmode="numeric" maxlength="12"
                            pattern="[0-9]{12}" required class=INPUT aria-describedby="national_id-hint national_id-error"/>
                        <p id="national_id-hint" class="text-sm text-slate-600">{t.national_id_hint}</p>
                        {move || view! { <FieldError id="national_id-error" message=error().and_then(|e| e.for_field("national_id"))/> }}
                    </div>
                </fieldset>
            </Show>
            <button type="submit" class="w-full rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white hover:bg-blue-900"
                disabled=move || verify.pending().get()>
                {t.continue_}
            </button>
        </ActionForm>
        <ActionForm action=resend attr:class="mt-4">
            <input type="hidden" name="phone" value=phone/>
            <input type="hidden" name="next" value=next/>
            <button type="submit" class="text-blue-800 underline py-2">{t.resend_code}</button>
        </ActionForm>
    }
}

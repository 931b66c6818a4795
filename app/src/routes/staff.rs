//! `/can-bo/dang-nhap` and `/can-bo`: staff sign-in and their landing page.

use crate::api::auth::{Me, SignOut, get_me};
use crate::api::staff::{StaffSignIn, StaffVerifyCode, staff_code_step};
use crate::components::notice::{ErrorNotice, FieldError};
use crate::i18n::{Lang, Staff, use_lang};
use leptos::prelude::*;

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-lg";

#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<StaffSignIn>::new();
    let error = move || action.value().get().and_then(Result::err);
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{t.staff_heading}</h1>
        {move || error().and_then(|e| e.general()).map(|m| view! { <ErrorNotice message=m/> })}
        <ActionForm action=action attr:class="mt-4 max-w-md space-y-4">
            <div>
                <label for="staff-phone" class="block font-medium">{t.phone_label}</label>
                <input id="staff-phone" name="phone" type="tel" autocomplete="username" required class=INPUT
                    aria-describedby="staff-phone-error"/>
                {move || view! { <FieldError id="staff-phone-error" message=error().and_then(|e| e.for_field("phone"))/> }}
            </div>
            <div>
                <label for="staff-password" class="block font-medium">{t.password}</label>
                <input id="staff-password" name="password" type="password" autocomplete="current-password" required class=INPUT
                    aria-describedby="staff-password-error"/>
                {move || view! { <FieldError id="staff-password-error" message=error().and_then(|e| e.for_field("password"))/> }}
            </div>
            <button type="submit" class="w-full rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white hover:bg-blue-900">
                {t.staff_sign_in}
            </button>
        </ActionForm>
    }
}

/// `/can-bo/dang-nhap/ma-xac-thuc`: the authenticator code, after enrolling the app by
/// QR on the first sign-in.
#[component]
pub fn StaffCodePage() -> impl IntoView {
    let lang = use_lang();
    let en = lang == crate::i18n::Lang::En;
    let tr = Lang::english_if(en).of::<Staff>();
    let t = lang.t();
    let step = Resource::new(|| (), |()| staff_code_step());
    let action = ServerAction::<StaffVerifyCode>::new();
    let error = move || action.value().get().and_then(Result::err);
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{tr.authenticator_code}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match step.await {
                    Ok(s) => s.enrol_secret.clone().map(|secret| view! {
                        <section class="mt-4 max-w-xl rounded border border-slate-300 p-3" data-testid="totp-enrol">
                            <p>{tr.first_sign_in_scan}</p>
                            <div class="mt-2 h-56 w-56 bg-white [&>svg]:h-full [&>svg]:w-full" data-testid="totp-qr" inner_html=s.enrol_qr_svg.clone().unwrap_or_default()></div>
                            <p class="mt-2">{tr.or_type_this_key}
                                <code class="break-all font-mono" data-testid="totp-secret">{secret}</code></p>
                        </section>
                    }).into_any(),
                    Err(_) => view! {
                        <p class="mt-4"><a href="/can-bo/dang-nhap" class="text-blue-800 underline text-lg">{t.staff_heading}</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
        {move || error().and_then(|e| e.general()).map(|m| view! { <ErrorNotice message=m/> })}
        <ActionForm action=action attr:class="mt-4 max-w-md space-y-4">
            <div>
                <label for="staff-code" class="block font-medium">{tr.n6_digit_code}</label>
                <input id="staff-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="7" required class=INPUT
                    aria-describedby="staff-code-error"/>
                {move || view! { <FieldError id="staff-code-error" message=error().and_then(|e| e.for_field("code"))/> }}
            </div>
            <button type="submit" class="w-full rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white hover:bg-blue-900">
                {tr.verify}
            </button>
        </ActionForm>
    }
}

#[component]
pub fn StaffHomePage() -> impl IntoView {
    let t = use_lang().t();
    let me = Resource::new(|| (), |()| get_me());
    let sign_out = ServerAction::<SignOut>::new();
    let set_pin = ServerAction::<crate::api::staff::SetKioskPin>::new();
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(Me::Staff { full_name, role, agency_code })) => view! {
                        <crate::components::dossier_parts::FlashNotice/>
                        <h1 class="text-2xl font-bold text-blue-950" data-testid="staff-name">{t.staff_welcome} ", " {full_name}</h1>
                        <p class="mt-2">{t.role} ": " {role} {agency_code.clone().map(|c| format!(" · {c}"))}</p>
                        {agency_code.map(|_| view! {
                            <p class="mt-4"><a class="inline-block rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white"
                                href="/can-bo/ho-so" data-testid="queue-link">{use_lang().of::<crate::i18n::Dossiers>().nav_queue}</a></p>
                            <p class="mt-4"><a class="inline-block rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white"
                                href="/can-bo/tiep-nhan" data-testid="desk-link">{use_lang().of::<Staff>().record_desk_or_postal}</a></p>
                        })}
                        <p class="mt-4"><a class="inline-block rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900"
                            href="/can-bo/cau-hinh" data-testid="config-link">{use_lang().of::<Staff>().configuration}</a></p>
                        <p class="mt-4"><a class="inline-block rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900"
                            href="/can-bo/nhat-ky" data-testid="audit-link">{use_lang().of::<Staff>().audit_log}</a></p>
                        <p class="mt-4"><a class="inline-block rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900"
                            href="/can-bo/doi-soat" data-testid="reconcile-link">{use_lang().of::<Staff>().reconcile_bank_statement}</a></p>
                        <p class="mt-4"><a class="inline-block rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900"
                            href="/can-bo/ngoai-le" data-testid="exceptions-link">{use_lang().of::<Staff>().payments_to_resolve}</a></p>
                        <p class="mt-4"><a class="inline-block rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900"
                            href="/can-bo/hoan-phi" data-testid="refunds-link">{use_lang().of::<crate::i18n::Refunds>().refunds}</a></p>
                        <p class="mt-4"><a class="inline-block rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900"
                            href="/can-bo/bao-cao" data-testid="reports-link">{use_lang().of::<Staff>().monthly_online_payment_report}</a></p>
                        <p class="mt-4"><a class="inline-block rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900"
                            href="/can-bo/ki-ot" data-testid="kiosks-link">{use_lang().of::<Staff>().kiosks}</a></p>
                        <p class="mt-4"><a class="inline-block rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900"
                            href="/can-bo/hang-doi" data-testid="jobs-link">{use_lang().of::<crate::i18n::Jobs>().job_queue}</a></p>
                        <ActionForm action=set_pin attr:class="mt-6 flex max-w-xl flex-wrap items-end gap-3">
                            <div>
                                <label for="kiosk-pin" class="block font-medium">{use_lang().of::<Staff>().kiosk_pin_6_digits}</label>
                                <input id="kiosk-pin" name="pin" type="password" inputmode="numeric" maxlength="6" required autocomplete="new-password"
                                    class="mt-1 rounded border-2 border-slate-400 px-3 py-2"/>
                            </div>
                            <button type="submit" class="rounded border-2 border-blue-800 px-4 py-2 font-semibold text-blue-900">{use_lang().of::<Staff>().set_pin}</button>
                        </ActionForm>
                        <crate::components::notice::ActionNotice action=set_pin/>
                        <form method="post" action="/can-bo/the-can-bo" class="mt-4 max-w-xl">
                            <button type="submit" data-testid="badge-issue" class="rounded border-2 border-blue-800 px-4 py-2 font-semibold text-blue-900">
                                {use_lang().of::<Staff>().print_staff_badge_qr}
                            </button>
                            <p class="mt-1 text-sm text-slate-700">{use_lang().of::<Staff>().new_badge_replaces_your}</p>
                        </form>
                    }.into_any(),
                    _ => view! {
                        <p><a href="/can-bo/dang-nhap" class="text-blue-800 underline text-lg">{t.staff_heading}</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
        <ActionForm action=sign_out attr:class="mt-6">
            <button type="submit" class="rounded border-2 border-blue-800 px-5 py-3 text-blue-900 font-semibold">{t.sign_out}</button>
        </ActionForm>
    }
}

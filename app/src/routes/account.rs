//! `/tai-khoan`: who is signed in, and sign-out.

use crate::api::auth::{Me, SignOut, get_me};
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_lang().t();
    let me = Resource::new(|| (), |()| get_me());
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{t.account_heading}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(Me::Citizen { full_name, phone, date_of_birth, national_id, national_id_verified })) => view! {
                        <dl class="mt-4 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]" data-testid="account">
                            <dt class="font-medium">{t.full_name}</dt><dd data-testid="account-name">{full_name}</dd>
                            <dt class="font-medium">{t.phone_label}</dt><dd>{phone}</dd>
                            <dt class="font-medium">{t.date_of_birth}</dt><dd>{date_of_birth}</dd>
                            <dt class="font-medium">{t.national_id}</dt>
                            <dd>{national_id} " · " <span data-testid="account-id-verified" data-verified=national_id_verified.to_string()>
                                {if national_id_verified { t.national_id_verified } else { t.national_id_unverified }}
                            </span></dd>
                        </dl>
                    }.into_any(),
                    Ok(Some(Me::Staff { full_name, role, .. })) => view! {
                        <p class="mt-4">{t.staff_welcome} " " {full_name} " (" {role} ")"</p>
                    }.into_any(),
                    Ok(None) => view! {
                        <p class="mt-4"><a href="/dang-nhap" class="text-blue-800 underline text-lg" data-testid="sign-in-link">{t.nav_sign_in}</a></p>
                    }.into_any(),
                    Err(e) => view! { <crate::components::notice::ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
        <ActionForm action=sign_out attr:class="mt-6">
            <button type="submit" class="rounded border-2 border-blue-800 px-5 py-3 text-blue-900 font-semibold">{t.sign_out}</button>
        </ActionForm>
    }
}

//! `/kiosk/ho-tro`: guided assistance at a kiosk. A member of staff unlocks it with
//! their staff code and kiosk PIN, finds the citizen by phone or CCCD, attests that
//! they checked the citizen's identity in person (instead of the OTP), and leaves,
//! which wipes everything.

use crate::api::kiosk::{AttestCitizen, StopAssisting, UnlockAssist, UnlockWithBadge};
use crate::api::path;
use crate::api::staff::{AssistView, assist_state};
use crate::components::dossier_parts::FlashNotice;
use crate::components::notice::{ActionNotice, ErrorNotice};
use crate::i18n::{Kiosk, Lang, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-2xl";

#[component]
pub fn KioskAssistPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move || query.with(|q| q.get("tim").unwrap_or_default());
    let state = Resource::new(q, assist_state);
    // The forms post without the script (see `api::path`); their refusals come
    // back to these actions.
    let (badge, unlock, attest) = (
        ServerAction::<UnlockWithBadge>::new(),
        ServerAction::<UnlockAssist>::new(),
        ServerAction::<AttestCitizen>::new(),
    );
    let leave = ServerAction::<StopAssisting>::new();
    view! {
        <h1 class="text-4xl font-bold text-blue-950">{lang.of::<Kiosk>().staff_assistance}</h1>
        <FlashNotice/>
        <ActionNotice action=badge/>
        <ActionNotice action=unlock/>
        <ActionNotice action=attest/>
        <ActionNotice action=leave/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(s) => view! { <Assist s q=q()/> }.into_any(),
                    Err(crate::error::AppError::NotFound) => view! { <crate::routes::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Assist(s: AssistView, q: String) -> impl IntoView {
    let en = use_lang() == Lang::En;
    let tr = Lang::english_if(en).of::<Kiosk>();
    let Some(staff) = s.staff_name else {
        return view! {
            <form method="post" action={path::<UnlockWithBadge>()} class="mt-6 grid max-w-xl gap-3" data-testid="assist-badge">
                <label for="staff-badge" class="text-2xl font-medium">{tr.touch_here_then_scan}</label>
                <input id="staff-badge" name="badge" type="password" inputmode="none" required autocomplete="off" class=INPUT/>
                <button type="submit" class="rounded bg-blue-800 px-8 py-4 text-2xl font-bold text-white">{tr.unlock_with_badge}</button>
            </form>
            <p class="mt-6 text-2xl">{tr.or_type_your_staff}</p>
            <form method="post" action={path::<UnlockAssist>()} class="mt-2 grid max-w-xl gap-3" data-testid="assist-unlock">
                <label for="staff-code" class="text-2xl font-medium">{tr.staff_code}</label>
                <input id="staff-code" name="code" required autocomplete="off" class=INPUT placeholder="CB12345678"/>
                <label for="staff-pin" class="text-2xl font-medium">{tr.kiosk_pin}</label>
                <input id="staff-pin" name="pin" type="password" inputmode="numeric" maxlength="6" required autocomplete="off" class=INPUT/>
                <button type="submit" class="rounded bg-blue-800 px-8 py-4 text-2xl font-bold text-white">{tr.start_assisting}</button>
            </form>
        }
        .into_any();
    };
    view! {
        <p class="mt-4 text-2xl" data-testid="assist-by">{tr.assisting} " " <strong>{staff}</strong></p>
        <form method="get" action="/kiosk/ho-tro" class="mt-6 flex flex-wrap items-end gap-3">
            <div class="grow">
                <label for="tim" class="text-2xl font-medium">{tr.citizen_s_phone_or}</label>
                <input id="tim" name="tim" value=q required inputmode="numeric" class=INPUT/>
            </div>
            <button type="submit" class="rounded bg-blue-800 px-8 py-4 text-2xl font-bold text-white">{tr.find}</button>
        </form>
        {s.problem.map(|p| view! { <ErrorNotice message=p/> })}
        {s.citizens.into_iter().map(|c| view! { <FoundCitizen c/> }).collect_view()}
        <form method="post" action={path::<StopAssisting>()} class="mt-8">
            <button type="submit" data-testid="assist-leave" class="rounded bg-red-700 px-8 py-4 text-2xl font-bold text-white">
                {tr.stop_assisting}
            </button>
        </form>
    }
    .into_any()
}

/// One account the search found, with whether its CCCD is verified, and the officer's
/// attestation (their PIN again; the card's number verifies the account).
#[component]
fn FoundCitizen(c: crate::api::staff::CitizenFound) -> impl IntoView {
    let en = use_lang() == Lang::En;
    let tr = Lang::english_if(en).of::<Kiosk>();
    let (pin_id, card_id) = (
        format!("attest-pin-{}", c.id),
        format!("attest-card-{}", c.id),
    );
    let (pin_for, card_for) = (pin_id.clone(), card_id.clone());
    let (badge, verified) = if c.verified {
        ("font-semibold text-green-800", tr.id_verified)
    } else {
        ("font-semibold text-amber-800", tr.id_unverified)
    };
    view! {
        <section class="mt-6 rounded-lg border-4 border-blue-800 p-6 text-2xl" data-testid="assist-citizen"
            data-verified=c.verified.to_string()>
            <p class="text-3xl font-bold">{c.full_name}</p>
            <p>{tr.born} {c.date_of_birth}</p>
            <p>"CCCD: " {c.national_id}</p>
            <p class=badge data-testid="assist-verified">{verified}</p>
            <p>{tr.phone} {c.phone}</p>
            <form method="post" action={path::<AttestCitizen>()} class="mt-4 grid max-w-xl gap-3">
                <input type="hidden" name="citizen_id" value=c.id/>
                <label for=card_for class="text-2xl font-medium">{tr.card_number_to_verify}</label>
                <input id=card_id name="national_id" inputmode="numeric" maxlength="12" autocomplete="off" class=INPUT
                    data-testid="assist-card-number"/>
                <label for=pin_for class="text-2xl font-medium">{tr.your_pin_to_confirm}</label>
                <input id=pin_id name="pin" type="password" inputmode="numeric" maxlength="6" required autocomplete="off" class=INPUT
                    data-testid="assist-attest-pin"/>
                <button type="submit" data-testid="assist-attest" class="rounded bg-green-700 px-8 py-4 text-2xl font-bold text-white">
                    {tr.i_checked_their_id}
                </button>
            </form>
        </section>
    }
}

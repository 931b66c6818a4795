//! `/kiosk`: the attract screen of an enrolled kiosk (or its enrolment form), and
//! `/kiosk/menu`: large tiles for the citizen journey.

use crate::api::kiosk::EnrolKiosk;
use crate::components::notice::{ActionNotice, ErrorNotice};
use crate::i18n::{Kiosk, Lang, use_lang};
use crate::kiosk::use_kiosk;
use leptos::prelude::*;

#[component]
pub fn KioskPage() -> impl IntoView {
    match use_kiosk() {
        Some(_) => view! { <Attract/> }.into_any(),
        None => view! { <Enrol/> }.into_any(),
    }
}

#[component]
fn Attract() -> impl IntoView {
    let lang = use_lang();
    let tr = lang.of::<Kiosk>();
    let (welcome, touch, sub) = (tr.attract_welcome, tr.attract_touch, tr.attract_sub);
    view! {
        <a href="/kiosk/menu" data-testid="attract"
            class="flex min-h-[70vh] flex-col items-center justify-center gap-8 rounded-2xl bg-blue-50 p-10 text-center">
            <span class="text-5xl font-bold text-blue-950">{welcome}</span>
            <span class="rounded-full bg-green-700 px-16 py-8 text-5xl font-bold text-white">{touch}</span>
            <span class="text-3xl text-slate-700">{sub}</span>
        </a>
    }
}

#[component]
pub fn KioskMenuPage() -> impl IntoView {
    let lang = use_lang();
    let tr = lang.of::<Kiosk>();
    let tiles = [
        (
            "/thu-tuc",
            tr.tile_submit,
            tr.tile_submit_hint,
            "tile-submit",
        ),
        ("/ho-so", tr.tile_mine, tr.tile_mine_hint, "tile-mine"),
        (
            "/tra-cuu",
            tr.tile_lookup,
            tr.tile_lookup_hint,
            "tile-lookup",
        ),
        (
            "/dang-nhap?next=/kiosk/menu",
            tr.tile_sign_in,
            tr.tile_sign_in_hint,
            "tile-sign-in",
        ),
    ];

    view! {
        <div class="grid gap-6 sm:grid-cols-2">
            {tiles.into_iter().map(|(href, title, sub, id)| view! {
                <a href=href data-testid=id
                    class="kiosk-tile flex min-h-[220px] flex-col justify-center gap-3 rounded-2xl border-4 border-blue-800 bg-white p-8">
                    <span class="text-4xl font-bold text-blue-950">{title}</span>
                    <span class="text-2xl text-slate-700">{sub}</span>
                </a>
            }).collect_view()}
        </div>
    }
}

#[component]
fn Enrol() -> impl IntoView {
    let lang = use_lang();
    let tr = lang.of::<Kiosk>();
    // A plain form (a full page load), so the page comes back as a kiosk's; a refusal
    // comes back to this action.
    let enrol = ServerAction::<EnrolKiosk>::new();
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{tr.enrol_heading}</h1>
        <p class="mt-2 max-w-prose">{tr.enrol_intro}</p>
        <ActionNotice action=enrol/>
        <form method="post" action={crate::api::path::<EnrolKiosk>()} class="mt-4 flex flex-wrap items-end gap-3" data-testid="kiosk-enrol">
            <div>
                <label for="code" class="block font-medium">{tr.enrol_code}</label>
                <input id="code" name="code" required autocomplete="off" autocapitalize="characters"
                    class="mt-1 rounded border-2 border-slate-400 px-3 py-3 text-2xl tracking-widest"/>
            </div>
            <button type="submit" class="rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white">{tr.enrol}</button>
        </form>
    }
}

/// `/kiosk/dien-thoai?next=…`: a QR that opens the same page on the citizen's phone,
/// signed in as them (single use, 10 minutes).
#[component]
pub fn KioskPhonePage() -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Kiosk>();
    let query = leptos_router::hooks::use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_else(|| "/ho-so".to_owned()));
    let link = Resource::new(next, crate::api::auth::phone_link);
    view! {
        <h1 class="text-4xl font-bold text-blue-950">{tr.phone_heading}</h1>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match link.await {
                    Ok(l) => view! {
                        <p class="mt-4 text-2xl">{tr.phone_how}</p>
                        <div class="mt-6 h-[480px] w-[480px] border-4 border-slate-300 bg-white" data-testid="phone-qr"
                            data-url=l.url.clone() inner_html=l.qr_svg></div>
                        <p class="mt-4 text-2xl">{tr.phone_valid}</p>
                    }.into_any(),
                    Err(crate::error::AppError::Unauthenticated) => view! {
                        <p class="mt-4 text-2xl">{tr.sign_in_first}</p>
                        <p class="mt-4"><a class="text-2xl text-blue-800 underline" href="/dang-nhap?next=/kiosk/menu">{lang.t().nav_sign_in}</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

//! `/can-bo/the-can-bo`: a member of staff's badge, shown once, right after it is issued
//! (the staff home's button posts there, and the server renders this page with the new
//! badge); opened on its own, the page says how to get one.

use crate::i18n::{Badge, Lang, Printed, use_lang};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A badge just issued, for the one render that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedBadge {
    pub full_name: String,
    pub staff_code: String,
    /// The QR of the badge's secret, as inline SVG (made by `services::qr`).
    pub qr_svg: String,
}

#[component]
pub fn StaffBadgePage() -> impl IntoView {
    let shown = crate::provided::provided::<IssuedBadge>();
    let en = use_lang() == Lang::En;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match shown.await {
                    Some(b) => badge(b, en).into_any(),
                    None => how_to(en).into_any(),
                }
            })}
        </Suspense>
    }
}

fn badge(b: IssuedBadge, en: bool) -> impl IntoView {
    let tr = Lang::english_if(en).of::<Badge>();
    let p = Lang::english_if(en).of::<Printed>();
    view! {
        <div class="badge-page">
            <h1 class="sr-only">{tr.staff_badge}</h1>
            <section class="badge-card" data-testid="badge-card">
                <p class="badge-org">{p.centre}</p>
                <p class="badge-name" data-testid="badge-name">{b.full_name}</p>
                <p class="badge-code">{b.staff_code}</p>
                <div class="badge-qr" data-testid="badge-qr" inner_html=b.qr_svg></div>
                <p class="badge-hint">{p.badge_hint}</p>
            </section>
            <p class="badge-note">{tr.this_badge_is_shown}</p>
            <p class="badge-note"><a href="/can-bo">{tr.back_to_staff_page}</a></p>
        </div>
    }
}

fn how_to(en: bool) -> impl IntoView {
    let tr = Lang::english_if(en).of::<Badge>();
    view! {
        <h1 class="text-2xl font-bold">{tr.staff_badge}</h1>
        <p class="mt-2">{tr.badge_is_shown_once}</p>
        <p class="mt-4"><a class="text-blue-800 underline text-lg" href="/can-bo">{tr.staff_page}</a></p>
    }
}

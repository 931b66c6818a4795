//! The fee lines of a procedure with their legal basis and validity.

use crate::i18n::use_lang;
use domain::Vnd;
use domain::fees::FeeLine;
use leptos::prelude::*;

fn money(lang: crate::i18n::Lang, amount: i64) -> String {
    let v = Vnd::try_new(amount).unwrap_or_default();
    match lang {
        crate::i18n::Lang::Vi => v.display_vi(),
        crate::i18n::Lang::En => v.display_en(),
    }
}

/// Fee lines as cards: readable on a 360 px phone and on a kiosk alike.
#[component]
pub fn FeeTable(fees: Vec<FeeLine>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let items = fees
        .into_iter()
        .map(|f| {
            let online = f.online_amount_vnd.map(|a| if a == 0 { t.free.to_owned() } else { money(lang, a) });
            view! {
                <li class="rounded border border-slate-300 p-3">
                    <p class="font-medium">{f.name}</p>
                    <p class="mt-1">
                        <span class="text-xl font-bold text-blue-950">{money(lang, f.amount_vnd)}</span>
                        " / " {f.unit}
                    </p>
                    <dl class="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm text-slate-700">
                        {online.map(|o| view! { <dt>{t.fee_online}</dt><dd class="font-semibold">{o}</dd> })}
                        <dt>{t.legal_basis}</dt><dd>{f.legal_basis}</dd>
                        <dt>{t.valid_from}</dt><dd>{f.valid_from.display_vi()}</dd>
                    </dl>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="mt-2 grid gap-3 sm:grid-cols-2" data-testid="fee-table">{items}</ul> }
}

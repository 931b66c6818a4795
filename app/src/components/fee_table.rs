//! The fee lines of a procedure with their rules (tiers, caps, reductions), legal
//! basis and validity, and a warning when the rates are not verified against the act.

use crate::i18n::{Lang, fill, use_lang};
use domain::fees::{FeeLine, PayerCategory, describe};
use leptos::prelude::*;

/// Fee lines as cards: readable on a 360 px phone and on a kiosk alike.
#[component]
pub fn FeeTable(
    fees: Vec<FeeLine>,
    #[prop(optional)] categories: Vec<PayerCategory>,
    /// The research note when the rates are not verified against the act.
    #[prop(default = None)]
    unsure: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let t = lang.t();
    let items = fees
        .into_iter()
        .map(|f| {
            let rules = describe(&f, &categories)
                .into_iter()
                .map(|r| view! { <li>{r.get(en).to_owned()}</li> })
                .collect_view();
            let (price, from) = f.headline();
            let unit = if from > 1 {
                fill!(t.fee_unit_from, unit = f.unit, from = from)
            } else {
                f.unit.clone()
            };
            let unsure = unsure.as_ref().map(|note| {
                view! {
                    <dd class="col-span-2 text-amber-900" data-testid="fee-unsure" title=note.clone()>
                        "⚠ " {t.fee_unsure}
                    </dd>
                }
            });
            view! {
                <li class="rounded border border-slate-300 p-3" data-testid="fee-rule">
                    <p class="font-medium">{f.name_in(en).to_owned()}</p>
                    <p class="mt-1">
                        <span class="text-xl font-bold text-blue-950">{lang.money(price)}</span>
                        " / " {unit}
                    </p>
                    <ul class="mt-1 list-disc pl-5 text-sm">{rules}</ul>
                    <dl class="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm text-slate-700">
                        <dt>{t.legal_basis}</dt><dd>{f.legal_basis}</dd>
                        {unsure}
                        <dt>{t.valid_from}</dt><dd>{f.valid_from.display_vi()}</dd>
                    </dl>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="mt-2 grid gap-3 sm:grid-cols-2" data-testid="fee-table">{items}</ul> }
}

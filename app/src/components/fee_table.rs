//! The fee lines of a procedure with their legal basis.

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

#[component]
pub fn FeeTable(fees: Vec<FeeLine>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let rows = fees
        .into_iter()
        .map(|f| {
            let online = f.online_amount_vnd.map(|a| {
                if a == 0 { t.free.to_owned() } else { money(lang, a) }
            });
            view! {
                <tr class="border-t border-slate-200 align-top">
                    <td class="py-2 pr-3">{f.name}</td>
                    <td class="py-2 pr-3 font-semibold whitespace-nowrap">{money(lang, f.amount_vnd)}</td>
                    <td class="py-2 pr-3 whitespace-nowrap">{online.unwrap_or_else(|| "—".to_owned())}</td>
                    <td class="py-2 pr-3">{f.unit}</td>
                    <td class="py-2 pr-3">{f.legal_basis}</td>
                    <td class="py-2 whitespace-nowrap">{f.valid_from.display_vi()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="overflow-x-auto">
            <table class="w-full text-left text-sm sm:text-base" data-testid="fee-table">
                <thead>
                    <tr class="text-slate-700">
                        <th scope="col" class="py-2 pr-3">{t.fee_name}</th>
                        <th scope="col" class="py-2 pr-3">{t.fee_amount}</th>
                        <th scope="col" class="py-2 pr-3">{t.fee_online}</th>
                        <th scope="col" class="py-2 pr-3">{t.fee_unit}</th>
                        <th scope="col" class="py-2 pr-3">{t.legal_basis}</th>
                        <th scope="col" class="py-2">{t.valid_from}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

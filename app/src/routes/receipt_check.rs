//! `/verify/receipt/:token`: the page a receipt's QR opens. Anyone can confirm that
//! the receipt was issued here and that its signature matches; the payer's name is
//! masked and no identity number is shown.

use crate::api::payments::{ReceiptCheck, verify_receipt};
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Lang, Receipt, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReceiptCheckPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let data = Resource::new(token, verify_receipt);
    let tr = lang.of::<Receipt>();
    let heading = tr.check_heading;
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{heading}</h1>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! { <Facts r/> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <p class="mt-4 rounded bg-red-50 p-4 text-lg font-semibold text-red-900" data-testid="receipt-unknown">
                            {tr.check_unknown}
                        </p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Facts(r: ReceiptCheck) -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let tr = Lang::english_if(english).of::<Receipt>();
    let labels = [
        tr.issued_by,
        tr.tax_code,
        tr.template_series,
        tr.number,
        tr.date,
        tr.amount,
        tr.payer,
        tr.dossier,
    ];
    let class = if r.valid {
        "mt-4 rounded bg-green-700 p-4 text-lg font-bold text-white"
    } else {
        "mt-4 rounded bg-red-700 p-4 text-lg font-bold text-white"
    };
    let rows = [
        r.issuer_name,
        r.issuer_tax_code,
        format!("{} / {}", r.template_symbol, r.series_symbol),
        r.number,
        r.issued_on,
        format!("{} ({})", lang.money(r.total_vnd), r.total_in_words),
        r.payer,
        r.dossier_code,
    ];
    view! {
        <p class=class data-testid="receipt-verdict">{r.message.get(english).to_owned()}</p>
        <dl class="mt-4 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr] text-lg" data-testid="receipt-facts">
            {labels.into_iter().zip(rows).map(|(l, v)| view! {
                <dt class="font-medium">{l}</dt><dd class="break-words">{v}</dd>
            }).collect_view()}
        </dl>
        <p class="mt-4 text-sm text-slate-700">
            {tr.signature_key_ed25519}
            <span class="font-mono">{r.key_id}</span>
            " · " <a class="text-blue-800 underline" href="/api/v1/receipts/public-key">{tr.public_key}</a>
        </p>
    }
}

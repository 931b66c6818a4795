//! `/thanh-toan/:id/bien-lai`: the receipt as a slip for an 80 mm receipt printer
//! (72 mm printable): agency, receipt number, dossier code, amount in figures and
//! words, and the verification QR. "In" prints it through the browser.

use crate::api::payments::{SlipView, receipt_slip};
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Lang, Printed, Receipt, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReceiptSlipPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, receipt_slip);
    view! {
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(slip) => view! { <Slip slip/> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::routes::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Slip(slip: SlipView) -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Receipt>();
    let print = tr.print_receipt;
    let p = lang.of::<Printed>();
    let qr = format!("/api/v1/receipts/verify/{}/qr.svg", slip.verify_token);
    view! {
        <p class="no-print mb-4">
            <button type="button" data-testid="print-slip"
                class="rounded bg-blue-800 px-8 py-4 text-2xl font-bold text-white"
                on:click=move |_| {
                    #[cfg(feature = "hydrate")]
                    if let Some(w) = web_sys::window() {
                        let _ = w.print();
                    }
                }>{print}</button>
        </p>
        <article class="receipt-slip" data-testid="receipt-slip">
            <p class="slip-strong">{slip.issuer_name.to_uppercase()}</p>
            <p>{p.tax_code} {slip.issuer_tax_code}</p>
            <p class="slip-title">{p.receipt_title}</p>
            <p>{p.template} {slip.template_symbol} {p.series} {slip.series_symbol}</p>
            <p class="slip-strong" data-testid="slip-number">{p.number} {slip.number}</p>
            <p>{p.date} {slip.issued_on}</p>
            <hr/>
            <p>{p.payer} {slip.payer_name}</p>
            <p>{p.dossier} <span class="slip-code">{slip.dossier_code}</span></p>
            <p>{slip.procedure_name}</p>
            <hr/>
            <p class="slip-amount" data-testid="slip-amount">{Lang::Vi.money(slip.total_vnd)}</p>
            <p>"(" {slip.total_in_words} ")"</p>
            <p>{p.payment_reference} {slip.payment_reference}</p>
            <hr/>
            <img src=qr alt=p.verify_alt width="160" height="160" class="slip-qr"/>
            <p>{p.verify_hint}</p>
        </article>
    }
}

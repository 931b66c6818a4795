//! `/thanh-toan/:id`: pay a fee by dynamic VietQR. A large QR, the amount, the bank and
//! account, the reference and a countdown; it turns to "Đã thanh toán" the moment the
//! bank credit arrives (SSE), and reloads itself every few seconds without JavaScript
//! (a refresh inside `<noscript>`, so it never reloads while JavaScript runs).

use crate::api::payments::{PaymentView, get_payment};
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Lang, Payment, use_lang};
use domain::Date;
use domain::payment::PaymentStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PaymentPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_payment);
    view! {
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => view! { <PaymentView p/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <p class="mt-4"><a class="text-blue-800 underline text-lg" href=format!("/dang-nhap?next=/thanh-toan/{}", id())>{lang.t().nav_sign_in}</a></p>
                    }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::routes::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PaymentView(p: PaymentView) -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let tr = Lang::english_if(english).of::<Payment>();
    let status = RwSignal::new(p.status);
    // Seconds left, from the server's clock at render time.
    let left = RwSignal::new((p.expires_at - p.now).max(0));
    #[cfg(feature = "hydrate")]
    live(p.id, status, left);
    let code = p.dossier_code.clone();
    let qr_src = format!("/api/v1/payments/{}/qr.svg", p.id);
    let qr_alt = format!("QR {}", p.reference);
    let receipt_href = format!("/api/v1/payments/{}/receipt.pdf", p.id);
    let slip_href = format!("/thanh-toan/{}/bien-lai", p.id);
    let expires_at = Date::time_vn(p.expires_at);
    let pending = move || status.get() == PaymentStatus::Pending && left.get() > 0;
    let is_qr = p.provider != domain::payment::Provider::Vnpay;
    // On a kiosk the QR is scanned from a phone held at arm's length: make it big.
    let on_kiosk = crate::kiosk::use_kiosk().is_some();
    let pay_url = p.pay_url.clone();
    // What VNPAY said when it sent the payer back: shown as a hint only; the status
    // above always comes from the server.
    let query = leptos_router::hooks::use_query_map();
    let vnpay_said = move || {
        query
            .with(|q| q.get("vnpay"))
            .filter(|c| c != "00")
            .map(|c| domain::vnpay::response_text(&c).get(english).to_owned())
    };
    view! {
        <Title text=tr.heading/>
        // Without JavaScript the page reloads itself while it waits; with it, the live
        // stream updates it and nothing reloads (a `<noscript>` is only text then).
        {move || (status.get() == PaymentStatus::Pending).then(|| view! {
            <noscript inner_html=r#"<meta http-equiv="refresh" content="5">"#></noscript>
        })}
        <h1 class="text-2xl font-bold text-blue-950">{tr.heading}</h1>
        <p class="text-sm text-slate-700 break-all">{code}</p>
        <p class="mt-3 text-lg" data-testid="payment-status" aria-live="polite">
            {move || {
                let s = status.get();
                let s = if s == PaymentStatus::Pending && left.get() == 0 { PaymentStatus::Expired } else { s };
                let class = match s {
                    PaymentStatus::Paid => "inline-block rounded bg-green-700 px-3 py-2 text-2xl font-bold text-white",
                    PaymentStatus::Pending => "inline-block rounded bg-blue-50 px-3 py-2 font-semibold text-blue-950",
                    _ => "inline-block rounded bg-red-50 px-3 py-2 font-semibold text-red-900",
                };
                view! { <span class=class>{s.label().get(english).to_owned()}</span> }
            }}
        </p>
        {move || (status.get() == PaymentStatus::Paid).then(|| view! {
            <p class="mt-4">
                <a class="inline-block rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white" data-testid="receipt-link"
                    href=receipt_href.clone() download>{tr.download_receipt}</a>
                <a class="ml-3 inline-block rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900" data-testid="slip-link"
                    href=slip_href.clone()>{tr.print_receipt_slip}</a>
            </p>
        })}
        {move || vnpay_said().map(|t| view! { <p class="mt-2 font-semibold text-red-900" data-testid="vnpay-said">{t}</p> })}
        <Show when=move || pending() && is_qr>
            <p class="mt-2 max-w-prose">{tr.howto}</p>
            <img src=qr_src.clone() width="320" height="320"
                class=if on_kiosk { "mt-3 h-[520px] w-[520px] border border-slate-300 bg-white" } else { "mt-3 h-80 w-80 border border-slate-300 bg-white" }
                alt=qr_alt.clone() data-testid="payment-qr"/>
            <p class=if on_kiosk { "mt-2 text-3xl" } else { "mt-2" }>{tr.expires_in} " "
                <strong data-testid="countdown">{move || format!("{:02}:{:02}", left.get() / 60, left.get() % 60)}</strong>
                " (" {expires_at.clone()} ")"
            </p>
        </Show>
        <Show when=move || pending() && !is_qr>
            <p class="mt-4">
                <a class="inline-block rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white" data-testid="vnpay-continue"
                    href=pay_url.clone()>{tr.continue_to_vnpay}</a>
            </p>
            <p class="mt-2">{tr.expires_in} " "
                <strong>{move || format!("{:02}:{:02}", left.get() / 60, left.get() % 60)}</strong>
            </p>
        </Show>
        {move || (status.get() == PaymentStatus::Pending && left.get() == 0).then(|| view! { <p class="mt-2">{tr.expired}</p> })}
        <dl class="mt-4 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr] text-lg">
            <dt class="font-medium">{tr.amount}</dt><dd class="text-2xl font-bold" data-testid="payment-amount">{lang.money(p.amount_vnd)}</dd>
            {is_qr.then(|| view! {
                <dt class="font-medium">{tr.bank}</dt><dd>{p.bank_name.clone()} " (" {p.bank_bin.clone()} ")"</dd>
                <dt class="font-medium">{tr.account}</dt><dd>{p.account_number.clone()}</dd>
                <dt class="font-medium">{tr.holder}</dt><dd>{p.account_name.clone()}</dd>
            })}
            <dt class="font-medium">{tr.transfer_message}</dt><dd class="font-mono" data-testid="payment-reference">{p.reference}</dd>
        </dl>
        <p class="mt-6"><a class="text-blue-800 underline" data-testid="payment-back" href=p.back_href.clone()
            rel=(!p.back_href.starts_with("/ho-so/")).then_some("external")>{
            if p.back_href.starts_with("/ho-so/") { tr.back_to_dossier } else { tr.back_to_fee_notice }
        }</a></p>
    }
}

/// In the browser: a countdown every second, and the status pushed by the server.
#[cfg(feature = "hydrate")]
fn live(id: i64, status: RwSignal<PaymentStatus>, left: RwSignal<i64>) {
    use wasm_bindgen::JsCast as _;
    use wasm_bindgen::closure::Closure;
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || left.update(|l| *l = (*l - 1).max(0)),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
        let Ok(source) = web_sys::EventSource::new(&format!("/api/v1/payments/{id}/events")) else {
            return;
        };
        let on_status =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let Some(data) = ev.data().as_string() else {
                    return;
                };
                let Ok(json) = serde_json::from_str::<serde_json::Value>(&data) else {
                    return;
                };
                if let Some(s) = json["status"].as_str().and_then(PaymentStatus::parse) {
                    status.set(s);
                }
            });
        let _ =
            source.add_event_listener_with_callback("status", on_status.as_ref().unchecked_ref());
        on_status.forget();
        let source = send_wrapper::SendWrapper::new(source);
        on_cleanup(move || source.close());
    });
}

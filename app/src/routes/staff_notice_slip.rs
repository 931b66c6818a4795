//! `/can-bo/ho-so/{code}/thong-bao-phi`: the fee-notice slip the desk prints (80 mm or
//! A4) with the QR of the payment link texted to the applicant. Never cached.

use crate::api::desk::{NoticeSlip, get_notice_slip};
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Lang, Printed, Staff, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NoticeSlipPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.insert_header(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let slip = Resource::new(code, get_notice_slip);
    let lang = use_lang();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match slip.await {
                    Ok(n) => slip_view(n, lang).into_any(),
                    Err(e) => refused(e, lang, &code()).into_any(),
                }
            })}
        </Suspense>
    }
}

fn refused(e: AppError, lang: Lang, code: &str) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        let status = match e {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            _ => 400,
        };
        opts.set_status(
            axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::BAD_REQUEST),
        );
    }
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Staff>();
    let next = if matches!(e, AppError::Unauthenticated) {
        view! { <p class="mt-4"><a class="text-blue-800 underline text-lg" href="/can-bo/dang-nhap">{lang.t().staff_sign_in}</a></p> }.into_any()
    } else {
        let back = format!("/can-bo/ho-so/{code}");
        view! { <p class="mt-4"><a class="text-blue-800 underline" href=back>{tr.back_to_dossier}</a></p> }.into_any()
    };
    view! {
        <h1 class="text-2xl font-bold">{tr.fee_notice}</h1>
        <ErrorNotice message=e.text()/>
        {next}
    }
}

fn slip_view(n: NoticeSlip, lang: Lang) -> impl IntoView {
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Staff>();
    let p = lang.of::<Printed>();
    let back = format!("/can-bo/ho-so/{}", n.code);
    let amount = lang.money(n.amount_vnd);
    let link = n.link.clone();
    view! {
        <div class="notice-page">
            <section class="notice-slip" data-testid="notice-slip">
                <p class="notice-org">{n.agency_name}</p>
                <h1>{p.notice_title}</h1>
                <p>{p.dossier} <strong data-testid="notice-code">{n.code}</strong></p>
                <p>{p.procedure} {n.procedure_name}</p>
                <p>{p.payer} {n.applicant_name}</p>
                <p class="notice-amount">{p.amount} <strong data-testid="notice-amount">{amount}</strong></p>
                <div class="notice-qr" data-testid="notice-qr" data-url=n.link inner_html=n.qr_svg></div>
                <p>{p.notice_how}
                    <span class="notice-link">{link}</span></p>
                <p class="notice-hint">{p.notice_counts}</p>
            </section>
            <p class="notice-actions"><a class="text-blue-800 underline" href=back>{tr.back_to_dossier}</a></p>
        </div>
    }
}

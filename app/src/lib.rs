//! The Leptos interface of Một Cửa, rendered by the server and hydrated in the browser.

pub mod api;
#[cfg(feature = "ssr")]
pub mod caller;
pub mod components;
#[cfg(feature = "ssr")]
pub mod cookies;
pub mod error;
pub mod flash;
pub mod i18n;
pub mod kiosk;
pub mod problem;
pub mod provided;
pub mod routes;

use crate::components::layout::Layout;
use crate::i18n::{provide_lang, use_lang};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};

/// The HTML document around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    document(options, true, || view! { <App/> })
}

/// The document around the development sandboxes' pages ([`SandboxApp`]): the same
/// head, Layout and languages, but not the app's scripts (the wasm never loads), so they cost the citizens'
/// bundle nothing. The server renders it only while the sandbox is on.
#[cfg(feature = "ssr")]
pub fn sandbox_shell(options: LeptosOptions) -> impl IntoView {
    document(options, false, || view! { <SandboxApp/> })
}

/// The `<html>` document around `body`, hydrated by the wasm when `hydrate` is set.
fn document<V: IntoView>(
    options: LeptosOptions,
    hydrate: bool,
    body: impl FnOnce() -> V,
) -> impl IntoView {
    provide_lang();
    kiosk::provide_kiosk();
    let lang = use_lang();
    let k = kiosk::use_kiosk();
    let body_class = if k.is_some() {
        "kiosk min-h-screen bg-white text-slate-900"
    } else {
        "min-h-screen bg-white text-slate-900 text-base sm:text-lg"
    };
    let (k_name, k_assisted, k_idle) = match &k {
        Some(k) => (
            Some(k.name.clone()),
            k.assisted_by.clone(),
            Some(k.idle_seconds.to_string()),
        ),
        None => (None, None, None),
    };
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1e3a8a"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                {hydrate.then(|| view! {
                    <AutoReload options=options.clone()/>
                    <HydrationScripts options/>
                })}
                <MetaTags/>
            </head>
            <body class=body_class data-kiosk=k_name data-kiosk-assisted=k_assisted data-kiosk-idle=k_idle>
                {body()}
            </body>
        </html>
    }
}

/// The stylesheet and the page title (the page's own, then the site's name).
fn head() -> impl IntoView {
    let t = use_lang().t();
    view! {
        <Stylesheet id="leptos" href="/pkg/motcua.css"/>
        <Title formatter=move |text: String| if text.is_empty() { t.app_name.to_owned() } else { format!("{text} · {}", t.app_name) }/>
    }
}

/// The root component. Pages render with `SsrMode::Async`: the server waits for their
/// data and sends complete HTML with the right status, so they work without JavaScript.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    if use_context::<i18n::Lang>().is_none() {
        provide_lang();
    }
    if use_context::<Option<kiosk::KioskInfo>>().is_none() {
        kiosk::provide_kiosk();
    }
    flash::provide_refusal();
    view! {
        {head()}
        <Router>
            <Layout>
                <Routes fallback=routes::not_found::NotFound>
                    <Route path=StaticSegment("") view=routes::home::HomePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("thu-tuc") view=routes::catalog::CatalogPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("thu-tuc"), ParamSegment("code")) view=routes::procedure::ProcedurePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("nop-ho-so"), ParamSegment("code")) view=routes::submit::SubmitPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("ho-so") view=routes::my_dossiers::MyDossiersPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("ho-so"), ParamSegment("code")) view=routes::dossier::DossierPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("thanh-toan"), ParamSegment("id")) view=routes::payment::PaymentPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("thanh-toan"), ParamSegment("id"), StaticSegment("bien-lai")) view=routes::receipt_slip::ReceiptSlipPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("verify"), StaticSegment("receipt"), ParamSegment("token")) view=routes::receipt_check::ReceiptCheckPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("kiosk") view=routes::kiosk::KioskPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("kiosk"), StaticSegment("menu")) view=routes::kiosk::KioskMenuPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("kiosk"), StaticSegment("ho-tro")) view=routes::kiosk_assist::KioskAssistPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("kiosk"), StaticSegment("dien-thoai")) view=routes::kiosk::KioskPhonePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("ki-ot")) view=routes::staff_kiosks::StaffKiosksPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("hang-doi")) view=routes::staff_jobs::StaffJobsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("the-can-bo")) view=routes::staff_badge::StaffBadgePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("tiep-nhan")) view=routes::staff_desk::StaffDeskPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("bao-cao")) view=routes::staff_reports::StaffReportsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("ngoai-le")) view=routes::staff_exceptions::StaffExceptionsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("hoan-phi")) view=routes::staff_refunds::StaffRefundsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("nhat-ky")) view=routes::staff_audit::StaffAuditPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("doi-soat")) view=routes::staff_reconcile::StaffReconcilePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("cau-hinh")) view=routes::staff_config::StaffConfigAgenciesPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("cau-hinh"), StaticSegment("thu-tuc")) view=routes::staff_config::StaffConfigProceduresPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("tra-cuu") view=routes::lookup::LookupPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("ho-so")) view=routes::staff_dossiers::StaffQueuePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("ho-so"), ParamSegment("code")) view=routes::staff_dossiers::StaffDossierPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("ho-so"), ParamSegment("code"), StaticSegment("thong-bao-phi")) view=routes::staff_notice_slip::NoticeSlipPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("dang-nhap") view=routes::sign_in::SignInPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("dang-nhap"), StaticSegment("xac-thuc")) view=routes::verify::VerifyPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("tai-khoan") view=routes::account::AccountPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("tiep-tuc"), ParamSegment("token")) view=routes::phone_continue::PhoneContinuePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("can-bo") view=routes::staff::StaffHomePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("dang-nhap")) view=routes::staff::StaffSignInPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("can-bo"), StaticSegment("dang-nhap"), StaticSegment("ma-xac-thuc")) view=routes::staff::StaffCodePage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The development sandboxes' pages (`routes::sandbox`), in the Layout like every page,
/// rendered on the server only (`sandbox_shell`) by `server::sandbox`'s handlers.
#[cfg(feature = "ssr")]
#[component]
pub fn SandboxApp() -> impl IntoView {
    provide_meta_context();
    view! {
        {head()}
        <Router>
            <Layout>
                <Routes fallback=routes::not_found::NotFound>
                    <Route path=(StaticSegment("sandbox"), StaticSegment("sms")) view=routes::sandbox::SandboxSmsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("sandbox"), StaticSegment("bank")) view=routes::sandbox::SandboxBankPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("sandbox"), StaticSegment("vnpay"), StaticSegment("pay")) view=routes::sandbox::SandboxVnpayPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

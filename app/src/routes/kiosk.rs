//! `/kiosk`: the attract screen of an enrolled kiosk (or its enrolment form), and
//! `/kiosk/menu`: large tiles for the citizen journey.

use crate::api::dossiers::take_flash;
use crate::components::notice::ErrorNotice;
use crate::i18n::{Lang, use_lang};
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
    let (welcome, touch, sub) = match lang {
        Lang::Vi => (
            "Chào mừng đến Trung tâm Phục vụ hành chính công",
            "Chạm vào đây để bắt đầu",
            "Nộp hồ sơ, thanh toán phí bằng mã QR, tra cứu kết quả",
        ),
        Lang::En => (
            "Welcome to the Public Administration Service Centre",
            "Touch here to start",
            "Submit a dossier, pay fees by QR code, follow its progress",
        ),
    };
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
    let tiles: [(&str, &str, &str, &str); 4] = match lang {
        Lang::Vi => [
            (
                "/thu-tuc",
                "Nộp hồ sơ",
                "Tìm thủ tục và nộp hồ sơ",
                "tile-submit",
            ),
            (
                "/ho-so",
                "Hồ sơ của tôi",
                "Xem hồ sơ, thanh toán phí, tải biên lai",
                "tile-mine",
            ),
            (
                "/tra-cuu",
                "Tra cứu hồ sơ",
                "Bằng mã hồ sơ và số điện thoại",
                "tile-lookup",
            ),
            (
                "/dang-nhap?next=/kiosk/menu",
                "Đăng nhập",
                "Bằng số điện thoại và mã OTP",
                "tile-sign-in",
            ),
        ],
        Lang::En => [
            (
                "/thu-tuc",
                "Submit a dossier",
                "Find a procedure and submit",
                "tile-submit",
            ),
            (
                "/ho-so",
                "My dossiers",
                "See dossiers, pay fees, get receipts",
                "tile-mine",
            ),
            (
                "/tra-cuu",
                "Look up a dossier",
                "By dossier code and phone number",
                "tile-lookup",
            ),
            (
                "/dang-nhap?next=/kiosk/menu",
                "Sign in",
                "With your phone number and a code",
                "tile-sign-in",
            ),
        ],
    };
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
    let (heading, intro, label, button) = match lang {
        Lang::Vi => (
            "Kích hoạt ki-ốt",
            "Thiết bị này chưa được đăng ký là ki-ốt. Quản trị viên đăng ký ki-ốt tại mục \"Ki-ốt\" của trang cán bộ và nhận mã kích hoạt dùng một lần.",
            "Mã kích hoạt",
            "Kích hoạt",
        ),
        Lang::En => (
            "Enrol this kiosk",
            "This device is not enrolled as a kiosk. An administrator registers it under \"Kiosks\" in the staff console and gets a single-use code.",
            "Enrolment code",
            "Enrol",
        ),
    };
    let flash = Resource::new(|| (), |()| take_flash());
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{heading}</h1>
        <p class="mt-2 max-w-prose">{intro}</p>
        <Suspense>
            {move || Suspend::new(async move {
                match flash.await {
                    Ok(Some(f)) if !f.ok => view! { <ErrorNotice message=f.message/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
        <form method="post" action="/kiosk/dang-ky" class="mt-4 flex flex-wrap items-end gap-3">
            <div>
                <label for="code" class="block font-medium">{label}</label>
                <input id="code" name="code" required autocomplete="off" autocapitalize="characters"
                    class="mt-1 rounded border-2 border-slate-400 px-3 py-3 text-2xl tracking-widest"/>
            </div>
            <button type="submit" class="rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white">{button}</button>
        </form>
    }
}

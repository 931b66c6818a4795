//! The page frame: skip link, header with navigation and language switch, footer.

use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    if let Some(kiosk) = crate::kiosk::use_kiosk() {
        return view! { <crate::components::kiosk_frame::KioskFrame kiosk>{children()}</crate::components::kiosk_frame::KioskFrame> }
            .into_any();
    }
    let lang = use_lang();
    let t = lang.t();
    let location = use_location();
    let switch_href = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        let next = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        format!(
            "/ngon-ngu/{}?next={}",
            lang.other().code(),
            domain::return_path::urlencode(&next)
        )
    };
    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:p-3 focus:bg-white focus:text-blue-900">
            {t.skip_to_content}
        </a>
        <header class="bg-blue-900 text-white">
            <div class="mx-auto max-w-5xl px-4 py-3 flex flex-wrap items-center gap-x-6 gap-y-2">
                <a href="/" class="text-xl font-bold tracking-tight hover:underline">{t.app_name}</a>
                <nav aria-label=t.nav_main class="flex flex-wrap gap-x-5 gap-y-1 text-base">
                    <a class="underline-offset-4 hover:underline py-2" href="/thu-tuc">{t.nav_catalog}</a>
                    <a class="underline-offset-4 hover:underline py-2" href="/ho-so">{lang.of::<crate::i18n::Dossiers>().nav_my}</a>
                    <a class="underline-offset-4 hover:underline py-2" href="/tra-cuu">{lang.of::<crate::i18n::Dossiers>().nav_lookup}</a>
                    <a class="underline-offset-4 hover:underline py-2" href="/tai-khoan">{t.nav_account}</a>
                    <a class="underline-offset-4 hover:underline py-2" href="/can-bo/dang-nhap">{t.nav_staff}</a>
                </nav>
                <a class="ml-auto rounded border border-white/70 px-3 py-2 hover:bg-white hover:text-blue-900"
                    href=switch_href rel="external nofollow" hreflang=lang.other().code() data-testid="switch-language">
                    {t.switch_language}
                </a>
            </div>
        </header>
        <main id="main" class="mx-auto max-w-5xl px-4 py-6">{children()}</main>
        <footer class="mx-auto max-w-5xl px-4 py-8 text-sm text-slate-600 border-t border-slate-200">
            <p>{t.app_tagline}</p>
        </footer>
    }
    .into_any()
}

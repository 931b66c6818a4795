//! `/`: search box, popular procedures and the steps of the journey.

use crate::i18n::use_lang;
use leptos::prelude::*;

const POPULAR: &[(&str, &str)] = &[
    ("1.001193", "Đăng ký khai sinh"),
    ("1.004194", "Đăng ký tạm trú"),
    ("2.000488", "Cấp Phiếu lý lịch tư pháp"),
    ("2.000815", "Chứng thực bản sao từ bản chính"),
    ("1.116410", "Cấp đổi, cấp lại thẻ căn cước"),
    ("1.000894", "Đăng ký kết hôn"),
];

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_lang().t();
    view! {
        <section class="py-4">
            <h1 class="text-3xl font-bold text-blue-950">{t.home_heading}</h1>
            <p class="mt-2 text-lg text-slate-700">{t.home_intro}</p>
            <form method="get" action="/thu-tuc" role="search" class="mt-6 flex flex-col sm:flex-row gap-3">
                <label for="home-q" class="sr-only">{t.search_label}</label>
                <input id="home-q" name="q" type="search" placeholder=t.search_placeholder autocomplete="off"
                    class="flex-1 rounded border-2 border-slate-400 px-4 py-3 text-lg focus:border-blue-800"/>
                <button type="submit" class="rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white hover:bg-blue-900">
                    {t.search_button}
                </button>
            </form>
        </section>
        <section class="py-4" aria-labelledby="popular">
            <h2 id="popular" class="text-xl font-semibold">{t.popular}</h2>
            <ul class="mt-3 grid gap-3 sm:grid-cols-2">
                {POPULAR
                    .iter()
                    .map(|(code, name)| view! {
                        <li>
                            <a href=format!("/thu-tuc/{code}")
                                class="block rounded border border-slate-300 p-4 text-blue-900 underline-offset-4 hover:underline hover:border-blue-800">
                                {*name}
                            </a>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
        <section class="py-4" aria-labelledby="steps">
            <h2 id="steps" class="text-xl font-semibold">{t.steps_heading}</h2>
            <ol class="mt-3 list-decimal pl-6 space-y-1 text-slate-800">
                <li>{t.step_find}</li>
                <li>{t.step_submit}</li>
                <li>{t.step_pay}</li>
                <li>{t.step_receipt}</li>
            </ol>
        </section>
    }
}

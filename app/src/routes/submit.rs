//! `/nop-ho-so/:code`: the entry to online submission. Until the dossier module is
//! released it says so plainly and sends people to the desk, rather than pretending.

use crate::i18n::{Lang, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SubmitPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let (heading, text) = match lang {
        Lang::Vi => (
            "Nộp hồ sơ trực tuyến",
            "Chức năng nộp hồ sơ trực tuyến cho thủ tục này chưa mở. Vui lòng nộp hồ sơ tại Bộ phận Một cửa; phí vẫn có thể thanh toán bằng mã VietQR khi cán bộ gửi thông báo phí.",
        ),
        Lang::En => (
            "Submit a dossier online",
            "Online submission for this procedure is not open yet. Please file your dossier at the one-stop desk; you can still pay the fee by VietQR when staff send you the fee notice.",
        ),
    };
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{heading}</h1>
        <p class="mt-3 max-w-prose" data-testid="submit-unavailable">{text}</p>
        <p class="mt-4"><a class="text-blue-800 underline" href=move || format!("/thu-tuc/{}", code())>{lang.t().back_to_catalog}</a></p>
    }
}

//! `/can-bo/the-can-bo`: a member of staff's badge, shown once, right after it is issued
//! (the staff home's button posts there, and the server renders this page with the new
//! badge); opened on its own, the page says how to get one.

use crate::i18n::{Lang, use_lang};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A badge just issued, for the one render that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedBadge {
    pub full_name: String,
    pub staff_code: String,
    /// The QR of the badge's secret, as inline SVG (made by `services::qr`).
    pub qr_svg: String,
}

#[component]
pub fn StaffBadgePage() -> impl IntoView {
    let shown = crate::provided::provided::<IssuedBadge>();
    let en = use_lang() == Lang::En;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match shown.await {
                    Some(b) => badge(b, en).into_any(),
                    None => how_to(en).into_any(),
                }
            })}
        </Suspense>
    }
}

fn badge(b: IssuedBadge, en: bool) -> impl IntoView {
    view! {
        <div class="badge-page">
            <h1 class="sr-only">{if en { "Staff badge" } else { "Thẻ cán bộ" }}</h1>
            <section class="badge-card" data-testid="badge-card">
                <p class="badge-org">"Trung tâm Phục vụ hành chính công"</p>
                <p class="badge-name" data-testid="badge-name">{b.full_name}</p>
                <p class="badge-code">{b.staff_code}</p>
                <div class="badge-qr" data-testid="badge-qr" inner_html=b.qr_svg></div>
                <p class="badge-hint">"Quét tại ki-ốt để mở chế độ hỗ trợ. Không cho người khác mượn thẻ."</p>
            </section>
            <p class="badge-note">{if en {
                "This badge is shown once: print it now (Ctrl+P). Your previous badge, if any, no longer works; if you lose this one, make a new one so the lost badge stops working."
            } else {
                "Thẻ này chỉ hiện một lần: hãy in ngay (Ctrl+P). Thẻ cũ của bạn (nếu có) đã hết hiệu lực; mất thẻ thì tạo thẻ mới để thẻ bị mất không dùng được nữa."
            }}</p>
            <p class="badge-note"><a href="/can-bo">{if en { "Back to the staff page" } else { "Về trang cán bộ" }}</a></p>
        </div>
    }
}

fn how_to(en: bool) -> impl IntoView {
    view! {
        <h1 class="text-2xl font-bold">{if en { "Staff badge" } else { "Thẻ cán bộ" }}</h1>
        <p class="mt-2">{if en {
            "A badge is shown once, when you make it on the staff page."
        } else {
            "Thẻ chỉ hiện một lần, khi bạn tạo thẻ trên trang cán bộ."
        }}</p>
        <p class="mt-4"><a class="text-blue-800 underline text-lg" href="/can-bo">{if en { "Staff page" } else { "Trang cán bộ" }}</a></p>
    }
}

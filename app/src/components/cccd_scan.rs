//! Reading the QR on the front of a chip-based CCCD: a 2D scanner types it like a
//! keyboard into this field (ending with Enter); what it holds is checked by
//! `domain::cccd_qr` and fills the name, date of birth and ID number below, for the
//! person to check. The scan itself is never sent to the server.

use crate::i18n::{Lang, use_lang};
use leptos::prelude::*;

#[component]
pub fn CccdScan() -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let (label, hint) = if english {
        (
            "Scan your citizen ID card (optional)",
            "Hold the QR code on the front of the card under the scanner; the details below fill themselves in.",
        )
    } else {
        (
            "Quét thẻ căn cước (không bắt buộc)",
            "Đưa mã QR ở mặt trước thẻ vào máy quét; các thông tin bên dưới sẽ được điền sẵn.",
        )
    };
    // (ok, message)
    let result: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let read = move |scan: String| {
        #[cfg(feature = "hydrate")]
        result.set(Some(hydrate::fill(&scan, english)));
        #[cfg(not(feature = "hydrate"))]
        let _ = (scan, result);
    };
    view! {
        <div class="rounded bg-blue-50 p-3" data-testid="cccd-scan">
            <label for="cccd-scan" class="block font-medium">{label}</label>
            <p class="text-sm text-slate-700">{hint}</p>
            <input id="cccd-scan" type="text" inputmode="none" autocomplete="off" spellcheck="false"
                class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-lg"
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        read(event_target_value(&ev));
                    }
                }
                on:change=move |ev| read(event_target_value(&ev))/>
            {move || result.get().map(|(ok, message)| view! {
                <p role=if ok { "status" } else { "alert" } data-testid="cccd-scan-result"
                    class=if ok { "mt-2 font-semibold text-green-800" } else { "mt-2 font-semibold text-red-800" }>{message}</p>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod hydrate {
    use domain::{Date, Localized as _};
    use leptos::prelude::document;
    use wasm_bindgen::JsCast as _;

    fn set(id: &str, value: &str) {
        let Some(input) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        input.set_value(value);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
            let _ = input.dispatch_event(&ev);
        }
    }

    /// Fills the identity fields from a scan; returns (ok, what to tell the person).
    pub fn fill(scan: &str, english: bool) -> (bool, String) {
        set("cccd-scan", "");
        if scan.trim().is_empty() {
            return (false, String::new());
        }
        #[allow(clippy::cast_possible_truncation)]
        let now = (js_sys::Date::now() / 1000.0) as i64;
        match domain::cccd_qr::parse(scan, Date::from_unix_vn(now)) {
            Ok(card) => {
                set("full_name", &card.full_name);
                let d = card.date_of_birth;
                set(
                    "date_of_birth",
                    &format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
                );
                set("national_id", &card.national_id);
                let message = if english {
                    format!("Card read: {}. Check the details below.", card.full_name)
                } else {
                    format!(
                        "Đã đọc thẻ: {}. Vui lòng kiểm tra lại thông tin bên dưới.",
                        card.full_name
                    )
                };
                (true, message)
            }
            Err(e) => (false, e.text().get(english).to_owned()),
        }
    }
}

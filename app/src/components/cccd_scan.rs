//! Reading the QR on the front of a chip-based CCCD: a 2D scanner types it like a
//! keyboard into this field (ending with Enter); what it holds is checked by
//! `domain::cccd_qr` and fills the name, date of birth and ID number below, for the
//! person to check. The scan itself is never sent to the server. On a phone the
//! camera can be used instead: the photo goes to `/api/v1/qr/read`, which returns
//! the QR text (nothing kept), and the same check and fill follow.

use crate::i18n::{CardScan, use_lang};
use leptos::prelude::*;

#[component]
pub fn CccdScan() -> impl IntoView {
    let lang = use_lang();
    let tr = lang.of::<CardScan>();
    // (ok, message)
    let result: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let read = move |scan: String| {
        #[cfg(feature = "hydrate")]
        result.set(Some(hydrate::fill(&scan, lang)));
        #[cfg(not(feature = "hydrate"))]
        let _ = (scan, result);
    };
    // The camera needs the page's script: offered once hydrated, and not on kiosks
    // (they have a 2D scanner).
    let camera = RwSignal::new(false);
    let on_kiosk = crate::kiosk::use_kiosk().is_some();
    Effect::new(move |_| camera.set(!on_kiosk));
    let on_photo = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        hydrate::photo(&ev, lang, result);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div class="rounded bg-blue-50 p-3" data-testid="cccd-scan">
            <label for="cccd-scan" class="block font-medium">{tr.label}</label>
            <p class="text-sm text-slate-700">{tr.hint}</p>
            <input id="cccd-scan" type="text" inputmode="none" autocomplete="off" spellcheck="false"
                class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-lg"
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        read(event_target_value(&ev));
                    }
                }
                on:change=move |ev| read(event_target_value(&ev))/>
            <Show when=move || camera.get()>
                <label for="cccd-photo" class="mt-3 inline-block cursor-pointer rounded border-2 border-blue-800 bg-white px-4 py-3 font-semibold text-blue-900">
                    {tr.camera}
                </label>
                <input id="cccd-photo" type="file" accept="image/*" capture="environment" class="sr-only"
                    data-testid="cccd-photo" on:change=on_photo/>
            </Show>
            {move || result.get().map(|(ok, message)| view! {
                <p role=if ok { "status" } else { "alert" } data-testid="cccd-scan-result"
                    class=if ok { "mt-2 font-semibold text-green-800" } else { "mt-2 font-semibold text-red-800" }>{message}</p>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod hydrate {
    use crate::i18n::{CardScan, Lang};
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

    /// The photo chosen or taken: the server reads its QR, then it fills like a scan.
    pub fn photo(
        ev: &leptos::ev::Event,
        lang: Lang,
        result: leptos::prelude::RwSignal<Option<(bool, String)>>,
    ) {
        use leptos::prelude::Set as _;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        result.set(Some((true, lang.of::<CardScan>().reading.to_owned())));
        leptos::task::spawn_local(async move {
            let outcome = match read_photo(&file, lang).await {
                Ok(text) => fill(&text, lang),
                Err(message) => (false, message),
            };
            result.set(Some(outcome));
        });
    }

    async fn read_photo(file: &web_sys::File, lang: Lang) -> Result<String, String> {
        use wasm_bindgen_futures::JsFuture;
        let failed = || lang.of::<CardScan>().not_sent.to_owned();
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(file);
        let window = web_sys::window().ok_or_else(failed)?;
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init("/api/v1/qr/read", &init))
                .await
                .map_err(|_| failed())?
                .dyn_into()
                .map_err(|_| failed())?;
        let body = JsFuture::from(response.json().map_err(|_| failed())?)
            .await
            .map_err(|_| failed())?;
        let get = |v: &wasm_bindgen::JsValue, key: &str| {
            js_sys::Reflect::get(v, &key.into())
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let message = |v: &wasm_bindgen::JsValue| {
            get(
                v,
                if lang == Lang::En {
                    "message_en"
                } else {
                    "message"
                },
            )
            .and_then(|m| m.as_string())
            .unwrap_or_else(failed)
        };
        if response.ok() {
            // `text` is null when no code could be read; `message` says why.
            get(&body, "text")
                .and_then(|t| t.as_string())
                .ok_or_else(|| message(&body))
        } else {
            Err(get(&body, "error").map_or_else(failed, |e| message(&e)))
        }
    }

    /// Fills the identity fields from a scan; returns (ok, what to tell the person).
    pub fn fill(scan: &str, lang: Lang) -> (bool, String) {
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
                let message = crate::i18n::fill!(lang.of::<CardScan>().read, name = card.full_name);
                (true, message)
            }
            Err(e) => (false, e.text().get(lang == Lang::En).to_owned()),
        }
    }
}

//! The kiosk frame: who and where, the display switches (larger text, high
//! contrast, language), "Kết thúc" on every screen, and the idle guard that warns
//! and then ends the visit.

use crate::i18n::{Kiosk, use_lang};
use crate::kiosk::{KioskInfo, WARNING_SECONDS};
use leptos::prelude::*;

/// Everything a kiosk visit leaves in the browser, gone (the server clears the
/// rest when the finish form arrives).
#[cfg(feature = "hydrate")]
pub fn wipe_and_finish() {
    if let Some(w) = web_sys::window() {
        if let Ok(Some(s)) = w.local_storage() {
            let _ = s.clear();
        }
        if let Ok(Some(s)) = w.session_storage() {
            let _ = s.clear();
        }
    }
    use wasm_bindgen::JsCast as _;
    if let Some(form) = document()
        .get_element_by_id("kiosk-finish")
        .and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok())
    {
        let _ = form.submit();
    }
}

/// How often an open kiosk page asks whether the console changed its mode.
#[cfg(feature = "hydrate")]
const STATUS_POLL: std::time::Duration = std::time::Duration::from_secs(4);

/// Follows the staff console live: when someone switches this kiosk to assisted
/// mode the page reloads with the banner; when assistance ends from the console the
/// visit is wiped as if the officer had pressed "Kết thúc hỗ trợ". A kiosk taken out
/// of service reloads as an ordinary browser.
#[cfg(feature = "hydrate")]
fn follow_console(shown: Option<String>) {
    Effect::new(move |_| {
        let shown = shown.clone();
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let shown = shown.clone();
                leptos::task::spawn_local(async move {
                    let reload = || {
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().reload();
                        }
                    };
                    match crate::api::staff::kiosk_status().await {
                        Ok(now) if now == shown => {}
                        Ok(None) => wipe_and_finish(),
                        Ok(Some(_)) | Err(crate::error::AppError::NotFound) => reload(),
                        // Offline for a moment: ask again next time.
                        Err(_) => {}
                    }
                });
            },
            STATUS_POLL,
        ) {
            on_cleanup(move || handle.clear());
        }
    });
}

#[cfg(feature = "hydrate")]
fn toggle_display(class: &'static str) {
    let Some(root) = document().document_element() else {
        return;
    };
    let on = root.class_list().toggle(class).unwrap_or(false);
    if let Some(Ok(Some(s))) = web_sys::window().map(|w| w.session_storage()) {
        let _ = if on {
            s.set_item(class, "1")
        } else {
            s.remove_item(class)
        };
    }
}

#[component]
pub fn KioskFrame(kiosk: KioskInfo, children: Children) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let tr = lang.of::<Kiosk>();
    let (finish, larger, contrast, assisting) = (
        tr.frame_finish,
        tr.frame_larger,
        tr.frame_contrast,
        tr.frame_assisting,
    );
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        // The display switches last for the visit (sessionStorage, wiped at the end).
        if let (Some(root), Some(Ok(Some(s)))) = (
            document().document_element(),
            web_sys::window().map(|w| w.session_storage()),
        ) {
            for class in ["kiosk-large", "kiosk-contrast"] {
                if s.get_item(class).ok().flatten().is_some() {
                    let _ = root.class_list().add_1(class);
                }
            }
        }
    });
    #[cfg(feature = "hydrate")]
    follow_console(kiosk.assisted_by.clone());
    let on_larger = move |_| {
        #[cfg(feature = "hydrate")]
        toggle_display("kiosk-large");
    };
    let on_contrast = move |_| {
        #[cfg(feature = "hydrate")]
        toggle_display("kiosk-contrast");
    };
    let switch_href = format!("/ngon-ngu/{}?next=/kiosk/menu", lang.other().code());
    let location = leptos_router::hooks::use_location();
    let phone_href = move || {
        let path = location.pathname.get();
        let next = if path.starts_with("/kiosk") {
            "/ho-so".to_owned()
        } else {
            path
        };
        format!(
            "/kiosk/dien-thoai?next={}",
            domain::return_path::urlencode(&next)
        )
    };
    let on_phone = lang.of::<Kiosk>().continue_on_phone;
    view! {
        <header class="bg-blue-900 text-white">
            <div class="flex flex-wrap items-center gap-4 px-6 py-4">
                <a href="/kiosk/menu" class="text-3xl font-bold">{t.app_name}</a>
                <span class="text-xl opacity-90" data-testid="kiosk-name">{kiosk.name.clone()}</span>
                <div class="ml-auto flex flex-wrap gap-3">
                    <button type="button" class="rounded border-2 border-white px-5 text-xl" on:click=on_larger data-testid="kiosk-larger">{larger}</button>
                    <button type="button" class="rounded border-2 border-white px-5 text-xl" on:click=on_contrast data-testid="kiosk-contrast">{contrast}</button>
                    <a class="rounded border-2 border-white px-5 text-xl" href=phone_href data-testid="kiosk-phone">{on_phone}</a>
                    <a class="rounded border-2 border-white px-5 text-xl" href="/kiosk/ho-tro" data-testid="kiosk-assist">{lang.of::<Kiosk>().staff}</a>
                    <a class="rounded border-2 border-white px-5 text-xl" href=switch_href rel="external" data-testid="switch-language">{t.switch_language}</a>
                    <form id="kiosk-finish" method="post" action={crate::api::path::<crate::api::kiosk::FinishVisit>()}>
                        <button type="submit" class="rounded bg-red-700 px-8 text-2xl font-bold text-white" data-testid="kiosk-finish"
                            on:click=move |ev| {
                                #[cfg(feature = "hydrate")]
                                {
                                    ev.prevent_default();
                                    wipe_and_finish();
                                }
                                #[cfg(not(feature = "hydrate"))]
                                let _ = ev;
                            }>{finish}</button>
                    </form>
                </div>
            </div>
            {kiosk.assisted_by.clone().map(|name| view! {
                <p class="bg-amber-400 px-6 py-3 text-2xl font-bold text-black" data-testid="assist-banner">{assisting} " " {name}</p>
            })}
        </header>
        // Room below the content for the on-screen keyboard.
        <main id="main" class="px-6 pt-6 pb-[460px]">{children()}</main>
        <crate::components::osk::OnScreenKeyboard/>
        <IdleGuard idle_seconds=kiosk.idle_seconds/>
    }
}

/// Warns before the visit ends for lack of activity, with a large "Tiếp tục"; at zero
/// wipes the browser's state and ends the visit on the server.
#[component]
fn IdleGuard(idle_seconds: i64) -> impl IntoView {
    let lang = use_lang();
    let tr = lang.of::<Kiosk>();
    let (title, body, cont) = (tr.idle_title, tr.idle_body, tr.idle_cont);
    let left = RwSignal::new(idle_seconds);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                left.update(|l| *l -= 1);
                if left.get_untracked() == 0 {
                    wipe_and_finish();
                }
            },
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
        let reset = move || {
            if left.get_untracked() > WARNING_SECONDS {
                left.set(idle_seconds);
            }
        };
        let a = window_event_listener(leptos::ev::pointerdown, move |_| reset());
        let b = window_event_listener(leptos::ev::keydown, move |_| reset());
        let c = window_event_listener(leptos::ev::input, move |_| reset());
        on_cleanup(move || {
            a.remove();
            b.remove();
            c.remove();
        });
    });
    view! {
        <Show when=move || { left.get() <= WARNING_SECONDS }>
            <div role="alertdialog" aria-modal="true" aria-labelledby="idle-title" data-testid="idle-warning"
                class="fixed inset-0 z-50 flex items-center justify-center bg-black/70">
                <div class="mx-6 max-w-2xl rounded-lg bg-white p-10 text-center text-slate-900">
                    <h2 id="idle-title" class="text-4xl font-bold">{title}</h2>
                    <p class="mt-6 text-2xl">{body} " " <strong data-testid="idle-countdown">{move || left.get().max(0)}</strong> " s."</p>
                    <button type="button" data-testid="idle-continue" on:click=move |_| left.set(idle_seconds)
                        class="mt-8 rounded-lg bg-green-700 px-16 py-6 text-4xl font-bold text-white">{cont}</button>
                </div>
            </div>
        </Show>
    }
}

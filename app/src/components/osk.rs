//! The kiosk's on-screen keyboard: it opens under whichever text field has focus,
//! types Vietnamese with Telex or VNI (`domain::ime`), switches to a numeric pad
//! for phone, CCCD and OTP fields (`inputmode="numeric"`/`"tel"`), and writes NFC.
//! Keys act on pointer-down without taking the focus, so a physical keyboard or a
//! scanner keeps working in the same field.

use crate::i18n::{Kiosk, use_lang};
use domain::ime::Method;
use leptos::prelude::*;

/// What kind of field has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Pad {
    Letters,
    Digits,
}

const ROWS: [&str; 4] = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

#[component]
pub fn OnScreenKeyboard() -> impl IntoView {
    let lang = use_lang();
    let tr = lang.of::<Kiosk>();
    let (done, space, erase, shift_l) = (tr.osk_done, tr.osk_space, tr.osk_erase, tr.osk_shift_l);
    let pad: RwSignal<Option<Pad>> = RwSignal::new(None);
    let method = RwSignal::new(Method::Telex);
    let shift = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    let typing = hydrate::Typing::new(pad);
    #[cfg(feature = "hydrate")]
    let press = move |key: char| typing.press(key, method.get_untracked(), shift);
    #[cfg(not(feature = "hydrate"))]
    let press = move |_key: char| {
        let _ = (method, shift);
    };
    let key = move |c: char| {
        let label = move || {
            if shift.get() {
                c.to_uppercase().collect::<String>()
            } else {
                c.to_string()
            }
        };
        view! {
            <button type="button" data-key=c.to_string()
                class="min-h-[64px] min-w-[64px] flex-1 rounded-lg border-2 border-slate-400 bg-white text-3xl text-slate-900"
                on:pointerdown=move |ev| { ev.prevent_default(); press(c); }>{label}</button>
        }
    };
    let special = move |label: &'static str, testid: &'static str, c: char, wide: &'static str| {
        view! {
            <button type="button" data-testid=testid
                class=format!("min-h-[64px] {wide} rounded-lg border-2 border-slate-500 bg-slate-200 px-4 text-2xl text-slate-900")
                on:pointerdown=move |ev| { ev.prevent_default(); press(c); }>{label}</button>
        }
    };
    view! {
        <Show when=move || pad.get().is_some()>
            <div class="fixed inset-x-0 bottom-0 z-40 space-y-2 border-t-4 border-blue-900 bg-slate-100 p-3"
                role="group" aria-label=tr.osk_label data-testid="osk"
                data-pad=move || if pad.get() == Some(Pad::Digits) { "digits" } else { "letters" }>
                {move || match pad.get() {
                    Some(Pad::Digits) => view! {
                        <div class="mx-auto grid max-w-xl grid-cols-3 gap-2">
                            {"123456789".chars().map(key).collect_view()}
                            {special(erase, "osk-erase", '\u{8}', "")}
                            {key('0')}
                            {special(done, "osk-done", '\u{1b}', "")}
                        </div>
                    }.into_any(),
                    _ => view! {
                        {ROWS.iter().map(|row| view! {
                            <div class="flex gap-2">{row.chars().map(key).collect_view()}</div>
                        }).collect_view()}
                        <div class="flex gap-2">
                            <button type="button" data-testid="osk-shift"
                                class=move || format!("min-h-[64px] rounded-lg border-2 border-slate-500 px-4 text-2xl {}", if shift.get() { "bg-blue-800 text-white" } else { "bg-slate-200 text-slate-900" })
                                on:pointerdown=move |ev| { ev.prevent_default(); shift.update(|s| *s = !*s); }>{shift_l}</button>
                            <button type="button" data-testid="osk-method"
                                class="min-h-[64px] rounded-lg border-2 border-slate-500 bg-slate-200 px-4 text-2xl text-slate-900"
                                on:pointerdown=move |ev| {
                                    ev.prevent_default();
                                    method.update(|m| *m = if *m == Method::Telex { Method::Vni } else { Method::Telex });
                                }>{move || if method.get() == Method::Telex { "Telex" } else { "VNI" }}</button>
                            {special(space, "osk-space", ' ', "flex-[4]")}
                            {special(erase, "osk-erase", '\u{8}', "")}
                            {special(done, "osk-done", '\u{1b}', "")}
                        </div>
                    }.into_any(),
                }}
            </div>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod hydrate {
    use super::Pad;
    use domain::ime::{Method, compose_word};
    use leptos::prelude::*;
    use send_wrapper::SendWrapper;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast as _;
    use web_sys::{HtmlInputElement, HtmlTextAreaElement};

    /// The focused field and the word being composed in it.
    #[derive(Default)]
    struct State {
        field: Option<Field>,
        /// Text before the word being typed.
        prefix: String,
        /// Keys typed for the word.
        keys: String,
        /// The value as we last wrote it (anything else means the user typed).
        written: String,
    }

    #[derive(Clone)]
    enum Field {
        Input(HtmlInputElement),
        Area(HtmlTextAreaElement),
    }

    impl Field {
        fn value(&self) -> String {
            match self {
                Self::Input(i) => i.value(),
                Self::Area(a) => a.value(),
            }
        }

        fn set(&self, v: &str) {
            match self {
                Self::Input(i) => i.set_value(v),
                Self::Area(a) => a.set_value(v),
            }
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
                let target: &web_sys::EventTarget = match self {
                    Self::Input(i) => i.as_ref(),
                    Self::Area(a) => a.as_ref(),
                };
                let _ = target.dispatch_event(&ev);
            }
        }

        fn blur(&self) {
            match self {
                Self::Input(i) => {
                    let _ = i.blur();
                }
                Self::Area(a) => {
                    let _ = a.blur();
                }
            }
        }
    }

    #[derive(Clone, Copy)]
    pub struct Typing {
        state: StoredValue<SendWrapper<Rc<RefCell<State>>>>,
        pad: RwSignal<Option<Pad>>,
    }

    /// The field an element is, when the keyboard serves it.
    fn field_of(el: &web_sys::Element) -> Option<(Field, Pad)> {
        if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            if i.read_only() || i.disabled() {
                return None;
            }
            let pad = match (i.type_().as_str(), i.get_attribute("inputmode").as_deref()) {
                // A field that asks for no keyboard (the CCCD scanner types into it).
                (_, Some("none")) => return None,
                ("tel" | "number", _) | (_, Some("numeric" | "tel" | "decimal")) => Pad::Digits,
                ("text" | "search" | "email" | "", _) => Pad::Letters,
                _ => return None,
            };
            return Some((Field::Input(i.clone()), pad));
        }
        el.dyn_ref::<HtmlTextAreaElement>()
            .filter(|a| !a.read_only() && !a.disabled())
            .map(|a| (Field::Area(a.clone()), Pad::Letters))
    }

    impl Typing {
        pub fn new(pad: RwSignal<Option<Pad>>) -> Self {
            let state = StoredValue::new(SendWrapper::new(Rc::new(RefCell::new(State::default()))));
            let typing = Self { state, pad };
            let on_focus = window_event_listener(leptos::ev::focusin, move |ev| {
                let Some(el) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                else {
                    return;
                };
                match field_of(&el) {
                    Some((field, kind)) => {
                        typing.with(|s| {
                            s.prefix = field.value();
                            s.written = s.prefix.clone();
                            s.keys.clear();
                            s.field = Some(field);
                        });
                        pad.set(Some(kind));
                    }
                    None => {
                        // Focus moved to a button or link: keep the keyboard for the field.
                    }
                }
            });
            on_cleanup(move || on_focus.remove());
            typing
        }

        fn with(&self, f: impl FnOnce(&mut State)) {
            self.state.with_value(|s| f(&mut s.borrow_mut()));
        }

        /// One key: a letter or digit, space, erase (`\u{8}`) or done (`\u{1b}`).
        pub fn press(&self, key: char, method: Method, shift: RwSignal<bool>) {
            let pad = self.pad;
            self.with(|s| {
                let Some(field) = s.field.clone() else {
                    return;
                };
                // Typed on a physical keyboard or scanned meanwhile: start from what is there.
                let now = field.value();
                if now != s.written {
                    s.prefix = now;
                    s.keys.clear();
                }
                match key {
                    '\u{1b}' => {
                        field.blur();
                        s.field = None;
                        pad.set(None);
                        return;
                    }
                    '\u{8}' => {
                        if s.keys.pop().is_none() {
                            s.prefix.pop();
                        }
                    }
                    ' ' => {
                        let word = compose_word(method, &s.keys);
                        s.prefix.push_str(&word);
                        s.prefix.push(' ');
                        s.keys.clear();
                    }
                    c => {
                        let c = if shift.get_untracked() {
                            shift.set(false);
                            c.to_uppercase().next().unwrap_or(c)
                        } else {
                            c
                        };
                        s.keys.push(c);
                    }
                }
                // Digits (phone, CCCD, OTP) are written as typed, never composed.
                let word = if pad.get_untracked() == Some(Pad::Digits) {
                    s.keys.clone()
                } else {
                    compose_word(method, &s.keys)
                };
                let value = format!("{}{word}", s.prefix);
                field.set(&value);
                s.written = value;
            });
        }
    }
}

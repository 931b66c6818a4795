//! The browser entry point: hydrate the server-rendered page.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(inline_js = "export function mark_hydrated() { window.__motcuaHydrated = true; }")]
extern "C" {
    fn mark_hydrated();
}

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Browser tests wait for this before clicking, so they exercise the hydrated page.
    mark_hydrated();
}

//! The fee of a request as the form is filled: priced by `domain::fees::compute`, the
//! same function the server prices the fee notice with, so what the citizen sees before
//! submitting is what the QR and the receipt will say. Without JavaScript the server
//! renders it from the saved answers ("Tính lại số tiền" saves them).

use crate::i18n::{Lang, use_lang};
use domain::Date;
use domain::fees::{
    CATEGORY_INPUT, Charge, FeeBreakdown, FeeLine, FeeRequest, PayerCategory, compute, count_fields,
};
use domain::form::FormValues;
use leptos::prelude::*;

/// What the live total needs: the procedure's schedule and where the request is filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub fees: Vec<FeeLine>,
    pub categories: Vec<PayerCategory>,
    /// Shown when there is no fee line (exempt, or set by the provincial council).
    pub fee_summary: String,
    /// The research note when the rates are not verified against the act.
    pub unsure: Option<String>,
    pub online: bool,
    pub today: Date,
}

impl Schedule {
    /// The inputs the price depends on: the counts and the category.
    #[must_use]
    pub fn inputs(&self) -> Vec<String> {
        let mut names = count_fields(&self.fees);
        if !self.categories.is_empty() {
            names.push(CATEGORY_INPUT.to_owned());
        }
        names
    }

    /// The answers the price reads, starting from `initial` and following the form: put
    /// the handler on the form's `input` and `change` events (it reads the form the event
    /// bubbled to, once hydrated).
    pub fn live_answers(
        &self,
        initial: &FormValues,
    ) -> (
        RwSignal<FormValues>,
        impl Fn(leptos::ev::Event) + Clone + use<>,
    ) {
        let inputs = self.inputs();
        let mut start = initial.clone();
        start.retain(|k, _| inputs.contains(k));
        let answers = RwSignal::new(start);
        let on_input = move |ev: leptos::ev::Event| {
            #[cfg(feature = "hydrate")]
            read_answers(&ev, &inputs, answers);
            #[cfg(not(feature = "hydrate"))]
            let _ = (&ev, &inputs);
        };
        (answers, on_input)
    }
}

/// The priced lines and the total for `answers`, or what is still missing.
#[component]
pub fn FeePreview(schedule: Schedule, answers: Signal<FormValues>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let unsure = schedule.unsure.clone().map(|note| {
        view! {
            <details class="mt-2 text-sm text-amber-900" data-testid="fee-unsure">
                <summary class="cursor-pointer">{t.fee_unsure}</summary>
                <p class="mt-1 whitespace-pre-line">{note}</p>
            </details>
        }
    });
    let priced = move || {
        if schedule.fees.is_empty() {
            let text = if schedule.fee_summary.is_empty() {
                t.free.to_owned()
            } else {
                schedule.fee_summary.clone()
            };
            return view! { <p data-testid="fee-total-free">{text}</p> }.into_any();
        }
        let a = answers.get();
        let req = FeeRequest {
            answers: &a,
            category: a.get(CATEGORY_INPUT).map(String::as_str),
            online: schedule.online,
            day: schedule.today,
        };
        match compute(&schedule.fees, &schedule.categories, &req) {
            Ok(b) => breakdown(lang, &b),
            Err(e) => view! {
                <p class="rounded border-l-4 border-amber-600 bg-amber-50 p-3" data-testid="fee-pending">
                    {domain::Localized::text(&e).get(lang == Lang::En).to_owned()}
                </p>
            }
            .into_any(),
        }
    };
    view! {
        <div aria-live="polite" data-testid="fee-preview">{priced}</div>
        {unsure}
    }
}

fn breakdown(lang: Lang, b: &FeeBreakdown) -> AnyView {
    let t = lang.t();
    let lines = b.lines.iter().map(|c| charge(lang, c)).collect_view();
    view! {
        <ul class="mt-2 divide-y divide-slate-200 rounded border border-slate-300">{lines}</ul>
        <p class="mt-3 text-xl font-bold text-blue-950">
            {t.fee_total} ": " <span data-testid="fee-total">{lang.money(b.total_vnd)}</span>
        </p>
    }
    .into_any()
}

fn charge(lang: Lang, c: &Charge) -> AnyView {
    let en = lang == Lang::En;
    let note = c.note.as_ref().map(|n| {
        view! { <p class="text-sm text-green-900">{n.get(en).to_owned()}</p> }
    });
    view! {
        <li class="p-3" data-testid="fee-line">
            <p class="font-medium">{c.name_in(en).to_owned()}</p>
            <p class="mt-1">
                {format!("{} {} × {} = ", c.quantity, c.unit, lang.money(c.unit_price_vnd))}
                <strong>{lang.money(c.amount_vnd)}</strong>
            </p>
            {note}
            <p class="text-sm text-slate-700">{c.legal_basis.clone()}</p>
        </li>
    }
    .into_any()
}

/// The categories of payer a procedure reduces, to claim one with its proof.
#[component]
pub fn FeeCategories(
    categories: Vec<PayerCategory>,
    /// The category claimed so far (draft).
    chosen: String,
    /// A proof is attached already.
    proof_attached: bool,
    /// Ask for the proof as a file (not at the desk, where the officer sees it).
    #[prop(default = true)]
    upload: bool,
) -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let t = lang.t();
    let options = categories
        .into_iter()
        .map(|c| {
            let label_for = format!("cat-{}", c.code);
            let id = label_for.clone();
            let checked = chosen == c.code;
            view! {
                <label for=label_for class="flex items-start gap-3 py-2">
                    <input type="radio" id=id name=CATEGORY_INPUT value=c.code.clone() checked=checked class="mt-1 h-6 w-6 shrink-0"/>
                    <span>
                        <span class="block font-medium">{c.name_in(en).to_owned()}</span>
                        <span class="block text-sm text-slate-700">{format!("{}: {}", t.fee_proof, c.proof_in(en))}</span>
                        <span class="block text-sm text-slate-700">{c.legal_basis}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    let attached = proof_attached.then(|| {
        view! { <p class="text-sm font-medium text-green-900" data-testid="fee-proof-attached">{t.fee_proof_attached}</p> }
    });
    view! {
        <fieldset class="mt-3 rounded border border-slate-300 p-3" data-testid="fee-categories">
            <legend class="px-1 font-semibold">{t.fee_categories}</legend>
            <label for="cat-none" class="flex items-center gap-3 py-2">
                <input type="radio" id="cat-none" name=CATEGORY_INPUT value="" checked=chosen.is_empty() class="h-6 w-6"/>
                {t.fee_category_none}
            </label>
            {options}
            {upload.then(|| view! {
                <label class="mt-2 block">
                    <span class="block font-medium">{t.fee_proof_upload}</span>
                    <input type="file" name="proof" accept="application/pdf,image/jpeg,image/png" class="mt-1 w-full" data-testid="fee-proof"/>
                </label>
                <p class="mt-1 text-sm text-slate-700">{t.fee_proof_note}</p>
            })}
            {attached}
        </fieldset>
    }
}

/// The values of `names` in the form the event bubbled to (empty ones left out).
#[cfg(feature = "hydrate")]
#[must_use]
pub fn typed_values(ev: &leptos::ev::Event, names: &[&str]) -> FormValues {
    use wasm_bindgen::JsCast as _;
    let mut out = FormValues::new();
    let Some(form) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return out;
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return out;
    };
    for name in names {
        if let Some(v) = data.get(name).as_string().filter(|v| !v.trim().is_empty()) {
            out.insert((*name).to_owned(), v);
        }
    }
    out
}

/// The answers the price depends on, read from the form the event bubbled to.
#[cfg(feature = "hydrate")]
fn read_answers(ev: &leptos::ev::Event, names: &[String], into: RwSignal<FormValues>) {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let typed = typed_values(ev, &names);
    into.update(|values| {
        for name in &names {
            match typed.get(*name) {
                Some(v) => {
                    values.insert((*name).to_owned(), v.clone());
                }
                None => {
                    values.remove(*name);
                }
            }
        }
    });
}

/// A submit button for the server to price the answers, only without JavaScript (a
/// `<noscript>`, written as HTML so hydration leaves it alone).
#[must_use]
pub fn recompute_without_js(lang: Lang) -> String {
    format!(
        "<noscript><button type=\"submit\" name=\"intent\" value=\"save\" formnovalidate \
         class=\"mt-3 rounded border-2 border-blue-800 px-5 py-3 font-semibold text-blue-900\" \
         data-testid=\"fee-recompute\">{}</button></noscript>",
        lang.t().fee_recompute
    )
}

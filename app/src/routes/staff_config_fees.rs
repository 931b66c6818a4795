//! One procedure on `/can-bo/cau-hinh/thu-tuc`: online payment, its fee lines with
//! their rules, a form for a new line (what it counts, tiers, cap, copies, online rate,
//! reductions) whose worked example ("1 bản: …, 5 bản: …") is priced by
//! `domain::fees` before saving — live with JavaScript, by "Xem ví dụ" without — and
//! the categories of payer with their proof and legal basis.

use crate::api::config::ProcedureRow;
use crate::i18n::{FeeConfig, Lang, use_lang};
use crate::routes::staff_config::ProcedureActions;
use domain::fees::text::{format_categories, parse_amount, parse_reductions, parse_tiers};
use domain::fees::{FeeLine, PayerCategory, Pricing, describe, example_text, examples};
use leptos::prelude::*;
use std::collections::BTreeMap;

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-2";

/// The inputs of the new-line form, in order.
#[cfg(feature = "hydrate")]
const FEE_INPUTS: [&str; 14] = [
    "name",
    "name_en",
    "amount_vnd",
    "unit",
    "valid_from",
    "legal_basis",
    "count_field",
    "tiers",
    "cap_vnd",
    "per_field",
    "per_unit",
    "online_amount_vnd",
    "online_percent",
    "reductions",
];

/// The line the typed values describe, as far as it can be read (for the example; the
/// server checks it in full).
fn typed_line(v: &BTreeMap<String, String>) -> Option<FeeLine> {
    let get = |k: &str| v.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let opt = |k: &str| Some(get(k)).filter(|s| !s.is_empty());
    Some(FeeLine {
        name: get("name"),
        name_en: get("name_en"),
        amount_vnd: parse_amount(&get("amount_vnd"))?,
        online_amount_vnd: opt("online_amount_vnd").and_then(|a| parse_amount(&a)),
        unit: get("unit"),
        legal_basis: get("legal_basis"),
        valid_from: domain::Date::parse(&get("valid_from"))
            .unwrap_or_else(|_| domain::Date::from_days_since_epoch(0)),
        pricing: Pricing {
            count_field: opt("count_field"),
            tiers: parse_tiers(&get("tiers")).ok()?,
            cap_vnd: opt("cap_vnd").and_then(|a| parse_amount(&a)),
            per_field: opt("per_field"),
            per_unit: get("per_unit"),
            online_percent: opt("online_percent")
                .and_then(|p| p.trim_end_matches('%').trim().parse().ok()),
            reductions: parse_reductions(&get("reductions")).ok()?,
        },
    })
}

fn example_of(v: &BTreeMap<String, String>, categories: &[PayerCategory], en: bool) -> String {
    typed_line(v).map_or_else(String::new, |l| example_text(&examples(&l, categories), en))
}

#[component]
pub fn ProcedureFees(p: ProcedureRow) -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let code = p.code.clone();
    let lines = p
        .fees
        .iter()
        .map(|f| line_row(lang, f, &p.categories))
        .collect_view();
    view! {
        <section class="mt-4 rounded border border-slate-300 p-3" data-testid="procedure-config" data-code=code>
            <h2 class="text-lg font-bold text-blue-950"><span class="font-mono text-sm">{code.clone()}</span> " " {p.name.clone()}</h2>
            {online_toggle(en, &code, p.online_payment)}
            <ul class="mt-2 space-y-2 text-sm" data-testid="fee-lines">{lines}</ul>
            {new_line_form(lang, &p)}
            {categories_form(en, &code, &p.categories)}
        </section>
    }
    .into_any()
}

fn online_toggle(en: bool, code: &str, on: bool) -> AnyView {
    let tr = Lang::english_if(en).of::<FeeConfig>();
    let action = expect_context::<ProcedureActions>().online;
    let code = code.to_owned();
    view! {
        <ActionForm action=action attr:class="mt-2 flex flex-wrap items-center gap-3">
            <input type="hidden" name="code" value=code/>
            <span data-testid="procedure-online">{if on { tr.online_open } else { tr.online_closed }}</span>
            <input type="hidden" name="on" value=if on { "0" } else { "1" }/>
            <button type="submit" class="rounded border-2 border-blue-800 px-3 py-1 font-semibold text-blue-900" data-testid="procedure-toggle">
                {if on { tr.online_close } else { tr.online_open_action }}
            </button>
        </ActionForm>
    }
    .into_any()
}

fn line_row(lang: Lang, f: &FeeLine, categories: &[PayerCategory]) -> AnyView {
    let en = lang == Lang::En;
    let rules = describe(f, categories)
        .into_iter()
        .map(|r| r.get(en).to_owned())
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <li class="rounded bg-slate-50 p-2" data-testid="fee-line-config">
            <p><strong>{f.name_in(en).to_owned()}</strong> ": " {lang.money(f.amount_vnd)} " / " {f.unit.clone()}
                " · " {format!("{} {}", lang.t().valid_from, f.valid_from.display_vi())}</p>
            {(!rules.is_empty()).then(|| view! { <p>{rules}</p> })}
            <p class="text-slate-700">{f.legal_basis.clone()}</p>
            <p class="text-slate-700">{format!("{}: {}", lang.t().fee_example, example_text(&examples(f, categories), en))}</p>
        </li>
    }
    .into_any()
}

fn new_line_form(lang: Lang, p: &ProcedureRow) -> AnyView {
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<FeeConfig>();
    let id = p.code.replace('.', "-");
    let typed = p.draft.clone().map(|d| d.values).unwrap_or_default();
    let open = !typed.is_empty();
    let categories = p.categories.clone();
    let example = RwSignal::new(example_of(&typed, &categories, en));
    let on_input = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        example.set(example_of(
            &crate::components::fee_preview::typed_values(&ev, &FEE_INPUTS),
            &categories,
            en,
        ));
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &categories, example);
    };
    let value = move |name: &str| typed.get(name).cloned().unwrap_or_default();
    let action = expect_context::<ProcedureActions>().fee_line;
    let code = p.code.clone();
    let input =
        |suffix: &str, name: &'static str, label: &'static str, kind: &'static str, v: String| {
            let fid = format!("{id}-{suffix}");
            view! {
                <div>
                    <label for=fid.clone() class="block font-medium">{label}</label>
                    <input id=fid name=name type=kind value=v class=INPUT/>
                </div>
            }
        };
    let field_choice = |suffix: &str, name: &'static str, label: &'static str, chosen: String| {
        let fid = format!("{id}-{suffix}");
        let options = p
            .number_fields
            .iter()
            .map(|(n, l)| view! { <option value=n.clone() selected=*n == chosen>{format!("{l} ({n})")}</option> })
            .collect_view();
        view! {
            <div>
                <label for=fid.clone() class="block font-medium">{label}</label>
                <select id=fid name=name class=INPUT>
                    <option value="">{tr.none}</option>
                    {options}
                </select>
            </div>
        }
    };
    // Built before the form: its children must own what they show.
    let inputs = view! {
        <input type="hidden" name="code" value=code/>
        {input("fname", "name", tr.fee_name, "text", value("name"))}
        {input("fname-en", "name_en", tr.fee_name_in_english, "text", value("name_en"))}
        {input("amount", "amount_vnd", tr.amount_per_unit_ng, "text", value("amount_vnd"))}
        {input("unit", "unit", tr.unit_l_n_b, "text", value("unit"))}
        {input("from", "valid_from", tr.applies_from, "date", value("valid_from"))}
        {input("basis", "legal_basis", tr.legal_basis, "text", value("legal_basis"))}
        {field_choice("count", "count_field", tr.counted_by_form_field, value("count_field"))}
        {input("tiers", "tiers", tr.tiers_from_unit_amount, "text", value("tiers"))}
        {input("cap", "cap_vnd", tr.cap_ng, "text", value("cap_vnd"))}
        {field_choice("per", "per_field", tr.repeated_for_each_form, value("per_field"))}
        {input("per-unit", "per_unit", tr.unit_of_that_b, "text", value("per_unit"))}
        {input("online", "online_amount_vnd", tr.online_amount_optional, "text", value("online_amount_vnd"))}
        {input("online-pct", "online_percent", tr.online_share_optional, "text", value("online_percent"))}
        {input("reductions", "reductions", tr.reductions_code_amount_or, "text", value("reductions"))}
        <p class="sm:col-span-3 rounded bg-blue-50 p-2" aria-live="polite">
            <strong>{lang.t().fee_example} ": "</strong>
            <span data-testid="fee-example">{move || example.get()}</span>
        </p>
        <div class="sm:col-span-3 flex flex-wrap gap-3">
            <button type="submit" name="intent" value="preview" data-testid="fee-preview-button"
                class="rounded border-2 border-blue-800 px-4 py-2 font-semibold text-blue-900">{tr.show_example}</button>
            <button type="submit" name="intent" value="save" data-testid="fee-save"
                class="rounded bg-blue-800 px-4 py-2 font-semibold text-white">{tr.save}</button>
        </div>
    }
    .into_any();
    view! {
        <details class="mt-2" open=open>
            <summary class="cursor-pointer font-semibold text-blue-900">{tr.add_fee_line}</summary>
            <ActionForm action=action attr:class="mt-2 grid gap-3 sm:grid-cols-3"
                attr:data-testid="fee-line-form" on:input=on_input>
                {inputs}
            </ActionForm>
        </details>
    }
    .into_any()
}

fn categories_form(en: bool, code: &str, categories: &[PayerCategory]) -> AnyView {
    let tr = Lang::english_if(en).of::<FeeConfig>();
    let fid = format!("{}-categories", code.replace('.', "-"));
    let action = expect_context::<ProcedureActions>().categories;
    let code = code.to_owned();
    let categories = format_categories(categories);
    view! {
        <details class="mt-2">
            <summary class="cursor-pointer font-semibold text-blue-900">{tr.categories_of_payer_reductions}</summary>
            <ActionForm action=action attr:class="mt-2 space-y-2" attr:data-testid="fee-categories-form">
                <input type="hidden" name="code" value=code/>
                <label for=fid.clone() class="block font-medium">{tr.one_per_line_code}</label>
                <textarea id=fid name="categories" rows="4" class=INPUT>{categories}</textarea>
                <button type="submit" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white" data-testid="fee-categories-save">{tr.save}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}

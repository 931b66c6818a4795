//! One field of a dossier form, drawn from the procedure's schema. Plain HTML that posts
//! without JavaScript; once hydrated, each field checks itself on change with the same
//! rules the server applies.

use crate::i18n::{Dossiers, Lang, use_lang};

use domain::Date;
use domain::catalog::{FieldType, FormField, FormSchema};
use domain::form::{FieldProblem, FormValues};
use leptos::prelude::*;

const INPUT: &str = "mt-1 w-full rounded border-2 border-slate-400 px-3 py-3 text-lg aria-[invalid=true]:border-red-700";

/// The problem of one input, if any.
fn problem_for(problems: &[FieldProblem], name: &str) -> Option<domain::Text> {
    problems
        .iter()
        .find(|p| p.field == name)
        .map(|p| p.message.clone())
}

/// Checks one input in the browser as the server would (addresses only for presence).
fn check_one(field: &FormField, name: &str, value: String, today: Date) -> Option<domain::Text> {
    let schema = FormSchema {
        fields: vec![field.clone()],
    };
    let mut values = FormValues::new();
    values.insert(name.to_owned(), value);
    let cleaned = domain::form::clean(&schema, &values);
    match domain::form::validate(&schema, &cleaned, today, None) {
        Ok(_) => None,
        Err(problems) => problem_for(&problems, name),
    }
}

/// A date stored as typed, shown in the form `<input type="date">` expects.
fn iso_date(v: &str) -> String {
    Date::parse(v).map(|d| d.to_string()).unwrap_or_default()
}

#[component]
pub fn FormFieldInput(
    field: FormField,
    values: FormValues,
    problems: Vec<FieldProblem>,
    today: Date,
    /// (id, name) of every province, for addresses.
    provinces: Vec<(String, String)>,
    /// Commune names of the province already chosen, for addresses.
    communes: Vec<String>,
) -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let d = lang.of::<Dossiers>();
    let name = field.name.clone();
    let label = field.label_in(english).to_owned();
    let required = field.required;
    let value = values.get(&name).cloned().unwrap_or_default();
    if field.kind == FieldType::Address {
        return view! {
            <AddressInput field values problems provinces communes/>
        }
        .into_any();
    }
    let error = RwSignal::new(problem_for(&problems, &name));
    let error_id = format!("{name}-error");
    let input_id = format!("f-{name}");
    let on_change = {
        let field = field.clone();
        let name = name.clone();
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            let v = if field.kind == FieldType::Checkbox {
                if event_target_checked(&ev) {
                    "on".to_owned()
                } else {
                    String::new()
                }
            } else {
                v
            };
            error.set(check_one(&field, &name, v, today));
        }
    };
    let invalid = move || error.with(Option::is_some).to_string();
    let pattern = field.pattern.as_ref().map(|p| p.as_str().to_owned());
    let control = match field.kind {
        FieldType::Textarea => view! {
            <textarea id=input_id.clone() name=name rows="4" required=required class=INPUT
                aria-invalid=invalid aria-describedby=error_id.clone() on:change=on_change>{value}</textarea>
        }
        .into_any(),
        FieldType::Select => {
            let options = field
                .options
                .iter()
                .map(|o| {
                    let selected = *o == value;
                    view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                })
                .collect_view();
            view! {
                <select id=input_id.clone() name=name required=required class=INPUT
                    aria-invalid=invalid aria-describedby=error_id.clone() on:change=on_change>
                    <option value="">{d.choose}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        FieldType::Checkbox => {
            return view! {
                <div class="flex items-start gap-3 py-2">
                    <input id=input_id.clone() type="checkbox" name=name value="on" checked=!value.is_empty()
                        required=required class="mt-1 h-7 w-7" aria-invalid=invalid aria-describedby=error_id.clone()
                        on:change=on_change/>
                    <label for=input_id class="text-lg">{label}</label>
                </div>
                <FieldMessage id=error_id error/>
            }
            .into_any();
        }
        kind => {
            let (ty, mode, auto, value) = match kind {
                FieldType::Date => ("date", "", "", iso_date(&value)),
                FieldType::Number => ("number", "numeric", "", value),
                FieldType::Phone => ("tel", "numeric", "tel", value),
                FieldType::NationalId => ("text", "numeric", "", value),
                FieldType::Email => ("email", "email", "email", value),
                _ => ("text", "", "", value),
            };
            view! {
                <input id=input_id.clone() type=ty name=name value=value required=required class=INPUT
                    inputmode=(!mode.is_empty()).then_some(mode) autocomplete=(!auto.is_empty()).then_some(auto)
                    pattern=pattern min=(kind == FieldType::Number).then_some("1")
                    maxlength=(kind == FieldType::NationalId).then_some("12")
                    aria-invalid=invalid aria-describedby=error_id.clone() on:change=on_change/>
            }
            .into_any()
        }
    };
    view! {
        <div>
            <label for=input_id class="block font-medium text-lg">
                {label} {required.then(|| view! { " " <span class="text-sm text-slate-600">{d.required_mark}</span> })}
            </label>
            {control}
            <FieldMessage id=error_id error/>
        </div>
    }
    .into_any()
}

#[component]
fn FieldMessage(id: String, error: RwSignal<Option<domain::Text>>) -> impl IntoView {
    let english = use_lang() == Lang::En;
    move || {
        error.get().map(|m| {
            view! { <p id=id.clone() class="mt-1 font-medium text-red-800" data-testid=id.clone()>{m.get(english).to_owned()}</p> }
        })
    }
}

/// Province (a list), commune (typed, with suggestions for the chosen province) and street.
#[component]
fn AddressInput(
    field: FormField,
    values: FormValues,
    problems: Vec<FieldProblem>,
    provinces: Vec<(String, String)>,
    communes: Vec<String>,
) -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let d = lang.of::<Dossiers>();
    let name = field.name.clone();
    let get = |part: &str| {
        values
            .get(&format!("{name}.{part}"))
            .cloned()
            .unwrap_or_default()
    };
    let (province, commune, street) = (get("province"), get("commune"), get("street"));
    let list_id = format!("{name}-communes");
    let suggestions = RwSignal::new(communes);
    let on_province = move |ev: leptos::ev::Event| {
        let p = event_target_value(&ev);
        leptos::task::spawn_local(async move {
            if let Ok(list) = crate::api::dossiers::communes(p).await {
                suggestions.set(list);
            }
        });
    };
    let folded = domain::text::fold(&province);
    let options = provinces
        .into_iter()
        .map(|(id, pname)| {
            let selected = id == province || domain::text::fold(&pname) == folded;
            view! { <option value=id selected=selected>{pname}</option> }
        })
        .collect_view();
    let part = |p: &str| format!("{name}.{p}");
    let err = |p: &str| {
        problem_for(&problems, &part(p)).map(|m| {
            let id = format!("{}-error", part(p));
            view! { <p id=id.clone() class="mt-1 font-medium text-red-800" data-testid=id>{m.get(english).to_owned()}</p> }
        })
    };
    view! {
        <fieldset class="rounded border border-slate-300 p-3">
            <legend class="px-1 font-medium text-lg">
                {field.label_in(english).to_owned()}
                {field.required.then(|| view! { " " <span class="text-sm text-slate-600">{d.required_mark}</span> })}
            </legend>
            <div class="grid gap-3 sm:grid-cols-2">
                <div>
                    <label for=format!("f-{}", part("province")) class="block">{d.province}</label>
                    <select id=format!("f-{}", part("province")) name=part("province") required=field.required class=INPUT
                        on:change=on_province>
                        <option value="">{d.choose}</option>
                        {options}
                    </select>
                    {err("province")}
                </div>
                <div>
                    <label for=format!("f-{}", part("commune")) class="block">{d.commune}</label>
                    <input id=format!("f-{}", part("commune")) name=part("commune") value=commune list=list_id.clone()
                        required=field.required class=INPUT autocomplete="off"/>
                    <datalist id=list_id>
                        {move || suggestions.get().into_iter().map(|c| view! { <option value=c/> }).collect_view()}
                    </datalist>
                    <p class="text-sm text-slate-600">{d.commune_hint}</p>
                    {err("commune")}
                </div>
            </div>
            <div class="mt-3">
                <label for=format!("f-{}", part("street")) class="block">{d.street}</label>
                <input id=format!("f-{}", part("street")) name=part("street") value=street required=field.required
                    class=INPUT autocomplete="street-address"/>
                {err("street")}
            </div>
        </fieldset>
    }
}

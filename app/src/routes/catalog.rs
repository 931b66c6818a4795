//! `/thu-tuc`: search with filters; a plain GET form, so it works without JavaScript.

use crate::api::catalog::{get_filters, search_procedures};
use crate::i18n::use_lang;
use domain::catalog::{Level, Procedure};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let t = use_lang().t();
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let results = Resource::new(
        move || (param("q"), param("agency"), param("field"), param("level")),
        |(q, agency, field, level)| search_procedures(q, agency, field, level),
    );
    let filters = Resource::new(|| (), |()| get_filters());
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{t.catalog_heading}</h1>
        <form method="get" action="/thu-tuc" role="search" class="mt-4 grid gap-3 sm:grid-cols-2">
            <div class="sm:col-span-2">
                <label for="q" class="block font-medium">{t.search_label}</label>
                <input id="q" name="q" type="search" value=move || param("q") placeholder=t.search_placeholder
                    class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2 text-lg"/>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let f = filters.await.ok()?;
                    let selected_agency = param("agency");
                    let selected_field = param("field");
                    Some(view! {
                        <div>
                            <label for="agency" class="block font-medium">{t.filter_agency}</label>
                            <select id="agency" name="agency" class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2">
                                <option value="">{t.any}</option>
                                {f.agencies.into_iter().map(|a| {
                                    let sel = a.code == selected_agency;
                                    view! { <option value=a.code selected=sel>{a.name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div>
                            <label for="field" class="block font-medium">{t.filter_field}</label>
                            <select id="field" name="field" class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2">
                                <option value="">{t.any}</option>
                                {f.fields.into_iter().map(|fl| {
                                    let sel = fl.slug == selected_field;
                                    view! { <option value=fl.slug selected=sel>{fl.name}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    })
                })}
            </Suspense>
            <div>
                <label for="level" class="block font-medium">{t.filter_level}</label>
                <select id="level" name="level" class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2">
                    <option value="">{t.any}</option>
                    <option value="tinh" selected=move || param("level") == "tinh">{t.level_tinh}</option>
                    <option value="xa" selected=move || param("level") == "xa">{t.level_xa}</option>
                </select>
            </div>
            <div class="flex items-end">
                <button type="submit" class="w-full rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white hover:bg-blue-900">
                    {t.search_button}
                </button>
            </div>
        </form>
        <Suspense fallback=move || view! { <p class="mt-6">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(list) => view! { <ResultList list/> }.into_any(),
                    Err(e) => view! { <crate::components::notice::ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ResultList(list: Vec<Procedure>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    if list.is_empty() {
        return view! { <p class="mt-6 text-lg" data-testid="no-results">{t.no_results}</p> }
            .into_any();
    }
    let count = list.len();
    view! {
        <p class="mt-6 text-slate-700" aria-live="polite">{count} " " {t.results_count}</p>
        <ol class="mt-2 divide-y divide-slate-200" data-testid="results">
            {list.into_iter().map(|p| {
                let level = match p.level { Level::Tinh => t.level_tinh, Level::Xa => t.level_xa };
                let title = lang.name(&p.name, &p.name_en).to_owned();
                view! {
                    <li class="py-3">
                        <a href=format!("/thu-tuc/{}", p.code) class="text-lg font-semibold text-blue-900 underline-offset-4 hover:underline" data-testid="result-link">
                            {title}
                        </a>
                        <p class="text-sm text-slate-700">
                            <span>{p.code}</span> " · " <span>{p.field.name}</span> " · " <span>{level}</span> " · " <span>{p.agency_name}</span>
                        </p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

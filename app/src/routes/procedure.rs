//! `/thu-tuc/:code`: fees with legal basis, documents, processing time, "Nộp hồ sơ".

use crate::api::catalog::get_procedure;
use crate::components::fee_table::FeeTable;
use crate::error::AppError;
use crate::i18n::use_lang;
use domain::catalog::{Level, Procedure};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProcedurePage() -> impl IntoView {
    let t = use_lang().t();
    let params = use_params_map();
    let procedure = Resource::new(
        move || params.with(|p| p.get("code").unwrap_or_default()),
        get_procedure,
    );
    view! {
        <p><a href="/thu-tuc" class="text-blue-800 underline">{t.back_to_catalog}</a></p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match procedure.await {
                    Ok(p) => view! { <ProcedureDetail p/> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::routes::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <crate::components::notice::ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProcedureDetail(p: Procedure) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let title = lang.name(&p.name, &p.name_en).to_owned();
    let subtitle = if title == p.name { &p.name_en } else { &p.name }.clone();
    let level = match p.level {
        Level::Tinh => t.level_tinh,
        Level::Xa => t.level_xa,
    };
    let has_fees = !p.fees.is_empty();
    let fee_summary = p.fee_summary.clone();
    view! {
        <Title text=title.clone()/>
        <article class="mt-3">
            <h1 class="text-2xl font-bold text-blue-950" data-testid="procedure-name">{title}</h1>
            <p class="text-slate-600">{subtitle}</p>
            <dl class="mt-4 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
                <dt class="font-medium">{t.code}</dt><dd data-testid="procedure-code">{p.code.clone()}</dd>
                <dt class="font-medium">{t.agency}</dt><dd>{p.agency_name.clone()}</dd>
                <dt class="font-medium">{t.field}</dt><dd>{p.field.name.clone()}</dd>
                <dt class="font-medium">{t.level}</dt><dd>{level}</dd>
                <dt class="font-medium">{t.processing_time}</dt><dd>{p.processing_days} " " {t.days}</dd>
            </dl>
            <section class="mt-6" aria-labelledby="fees">
                <h2 id="fees" class="text-xl font-semibold">{t.fees}</h2>
                {if has_fees {
                    view! { <FeeTable fees=p.fees.clone() categories=p.fee_categories.clone() unsure=p.fee_unsure.clone()/> }.into_any()
                } else {
                    view! {
                        <p class="mt-2" data-testid="fee-summary">{fee_summary}</p>
                        {p.fee_unsure.clone().map(|note| view! {
                            <p class="mt-1 text-amber-900" data-testid="fee-unsure" title=note>"⚠ " {t.fee_unsure}</p>
                        })}
                    }.into_any()
                }}
                <p class="mt-2 text-slate-700">
                    {if p.online_payment { t.online_payment_yes } else { t.online_payment_no }}
                </p>
            </section>
            <section class="mt-6" aria-labelledby="docs">
                <h2 id="docs" class="text-xl font-semibold">{t.documents}</h2>
                <ul class="mt-2 list-disc pl-6">
                    {p.documents.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}
                </ul>
            </section>
            <p class="mt-8">
                <a href=format!("/nop-ho-so/{}", p.code) data-testid="submit-dossier"
                    class="inline-block rounded bg-blue-800 px-6 py-4 text-lg font-semibold text-white hover:bg-blue-900">
                    {t.submit_dossier}
                </a>
            </p>
        </article>
    }
}

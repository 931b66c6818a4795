//! `/nop-ho-so/:code`: the dossier form of a procedure, resumed from the citizen's draft,
//! with files; posts to the server as a plain multipart form (see `server/src/web/forms.rs`).

use crate::api::dossiers::{SubmitPageData, submit_view};
use crate::components::dossier_parts::{AttachmentList, FileInputs, FlashNotice};
use crate::components::fee_preview::{FeeCategories, FeePreview, Schedule, recompute_without_js};
use crate::components::form_field::FormFieldInput;
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Dossiers, fill, use_lang};

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SubmitPage() -> impl IntoView {
    let lang = use_lang();
    let d = lang.of::<Dossiers>();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let check = move || query.with(|q| q.get("kiem-tra").is_some());
    let data = Resource::new(move || (code(), check()), |(c, k)| submit_view(c, k));
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{d.submit_heading}</h1>
        <FlashNotice/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <SubmitForm page/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <p class="mt-4 text-lg">{d.sign_in_first}</p>
                        <p class="mt-3">
                            <a class="inline-block rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white"
                                href=format!("/dang-nhap?next=/nop-ho-so/{}", code()) data-testid="sign-in-link">
                                {lang.t().nav_sign_in}
                            </a>
                        </p>
                    }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::routes::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SubmitForm(page: SubmitPageData) -> impl IntoView {
    let lang = use_lang();
    let d = lang.of::<Dossiers>();
    let p = page.procedure;
    let name = lang.name(&p.name, &p.name_en).to_owned();
    let fields = p
        .form
        .fields
        .iter()
        .map(|f| {
            view! {
                <FormFieldInput field=f.clone() values=page.values.clone() problems=page.problems.clone()
                    today=page.today provinces=page.provinces.clone()
                    communes=page.communes.get(&f.name).cloned().unwrap_or_default()/>
            }
        })
        .collect_view();
    let files = page
        .draft
        .as_ref()
        .map(|d| d.attachments.clone())
        .unwrap_or_default();
    let proof_attached = files.iter().any(|f| f.fee_proof);
    let schedule = Schedule {
        fees: p.fees.clone(),
        categories: p.fee_categories.clone(),
        fee_summary: p.fee_summary.clone(),
        unsure: p.fee_unsure.clone(),
        // Submitted here, online or at a kiosk: the online rate applies.
        online: true,
        today: page.today,
    };
    let (answers, on_input) = schedule.live_answers(&page.values);
    let on_change = on_input.clone();
    let categories = (!p.fee_categories.is_empty()).then(|| {
        view! {
            <FeeCategories categories=p.fee_categories.clone()
                chosen=page.values.get(domain::fees::CATEGORY_INPUT).cloned().unwrap_or_default()
                proof_attached/>
        }
    });
    let recompute = (!p.fees.is_empty()).then(|| recompute_without_js(lang));
    let summary = (!page.problems.is_empty()).then(|| {
        let n = page.problems.len();
        let text = fill!(d.form_problems, n = n);
        view! { <p role="alert" class="my-3 rounded border-l-4 border-red-700 bg-red-50 p-3 text-red-900" data-testid="form-problems">{text}</p> }
    });
    view! {
        <p class="mt-1 text-lg" data-testid="procedure-name">{name}</p>
        <p class="mt-2 max-w-prose text-slate-700">{d.submit_intro}</p>
        {summary}
        <form method="post" action=format!("/nop-ho-so/{}", p.code) enctype="multipart/form-data"
            class="mt-4 max-w-2xl space-y-5" data-testid="dossier-form" on:input=on_input on:change=on_change>
            {fields}
            <section>
                <h2 class="text-xl font-bold text-blue-950">{d.attachments}</h2>
                <ul class="mt-1 text-slate-700 list-disc pl-5">
                    {p.documents.iter().map(|doc| view! { <li>{doc.clone()}</li> }).collect_view()}
                </ul>
                <div class="mt-2"><AttachmentList attachments=files/></div>
                <div class="mt-3"><FileInputs/></div>
            </section>
            <section id="phi">
                <h2 class="text-xl font-bold text-blue-950">{d.fee_due}</h2>
                {categories}
                <FeePreview schedule answers=answers.into()/>
                {recompute.map(|html| view! { <div inner_html=html></div> })}
            </section>
            <div class="flex flex-wrap gap-3">
                <button type="submit" name="intent" value="submit" data-testid="submit"
                    class="rounded bg-blue-800 px-6 py-3 text-lg font-semibold text-white hover:bg-blue-900">
                    {d.submit}
                </button>
                <button type="submit" name="intent" value="save" formnovalidate data-testid="save-draft"
                    class="rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900">
                    {d.save_draft}
                </button>
            </div>
        </form>
    }
}

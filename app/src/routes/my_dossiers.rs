//! `/ho-so`: "Hồ sơ của tôi", the signed-in citizen's dossiers and drafts.

use crate::api::dossiers::my_dossiers;
use crate::components::dossier_parts::{FlashNotice, StatusBadge};
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Dossiers, use_lang};

use domain::Date;
use domain::dossier::Status;
use leptos::prelude::*;

#[component]
pub fn MyDossiersPage() -> impl IntoView {
    let lang = use_lang();
    let d = lang.of::<Dossiers>();
    let list = Resource::new(|| (), |()| my_dossiers());
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{d.my_heading}</h1>
        <FlashNotice/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => view! {
                        <p class="mt-4">{d.my_empty} " " <a class="text-blue-800 underline" href="/thu-tuc">{lang.t().nav_catalog}</a></p>
                    }.into_any(),
                    Ok(items) => view! {
                        <ul class="mt-4 grid gap-3" data-testid="my-dossiers">
                            {items.into_iter().map(|s| {
                                let name = lang.name(&s.procedure_name, &s.procedure_name_en).to_owned();
                                let (href, title) = match &s.code {
                                    Some(code) => (format!("/ho-so/{code}"), code.clone()),
                                    None => (format!("/nop-ho-so/{}", s.procedure_code), d.continue_draft.to_owned()),
                                };
                                view! {
                                    <li class="rounded border border-slate-300 p-3">
                                        <a class="text-lg font-semibold text-blue-800 underline" href=href>{title}</a>
                                        <p class="mt-1">{name}</p>
                                        <p class="mt-2 flex flex-wrap items-center gap-3 text-sm text-slate-700">
                                            <StatusBadge status=s.status/>
                                            {s.submitted_at.map(|t| view! { <span>{d.submitted_on} ": " {Date::time_vn(t)}</span> })}
                                            {(s.status == Status::Draft).then(|| view! { <span>{d.draft_note} " " {Date::time_vn(s.updated_at)}</span> })}
                                        </p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <p class="mt-4"><a class="text-blue-800 underline text-lg" href="/dang-nhap?next=/ho-so">{lang.t().nav_sign_in}</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

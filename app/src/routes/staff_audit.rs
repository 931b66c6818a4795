//! `/can-bo/nhat-ky`: the audit log for managers (their agency) and admins (all).

use crate::api::audit::{AuditLine, PAGE, audit_log};
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Audit, Lang, fill, use_lang};
use domain::Date;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StaffAuditPage() -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Audit>();
    let query = use_query_map();
    let q = move || query.with(|p| p.get("q").unwrap_or_default());
    let before = move || query.with(|p| p.get("truoc").and_then(|v| v.parse::<i64>().ok()));
    let data = Resource::new(move || (q(), before()), |(q, b)| audit_log(q, b));
    view! {
        <p><a class="text-blue-800 underline" href="/can-bo">{tr.staff_home}</a></p>
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{tr.audit_log}</h1>
        <form method="get" action="/can-bo/nhat-ky" class="mt-3 flex flex-wrap items-end gap-3">
            <div>
                <label for="audit-q" class="block font-medium">{tr.action_record_or_detail}</label>
                <input id="audit-q" name="q" value=q class="mt-1 rounded border-2 border-slate-400 px-3 py-2"/>
            </div>
            <button type="submit" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white">{tr.filter}</button>
        </form>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(lines) => {
                        let older = (lines.len() == usize::try_from(PAGE).unwrap_or(100))
                            .then(|| lines.last().map(|l| l.id))
                            .flatten()
                            .map(|id| format!("/can-bo/nhat-ky?q={}&truoc={id}", domain::return_path::urlencode(&q())));
                        view! {
                            <div class="mt-4 overflow-x-auto">
                                <table class="w-full text-left text-sm" data-testid="audit-table">
                                    <thead><tr class="border-b-2 border-slate-400">
                                        <th class="p-2">{tr.when}</th>
                                        <th class="p-2">{tr.who}</th>
                                        <th class="p-2">{tr.action}</th>
                                        <th class="p-2">{tr.record}</th>
                                        <th class="p-2">{tr.detail}</th>
                                    </tr></thead>
                                    <tbody>
                                        {lines.into_iter().map(|l| view! {
                                            <tr class="border-b border-slate-200 align-top" data-testid="audit-line">
                                                <td class="p-2 whitespace-nowrap">{Date::time_vn(l.at)}</td>
                                                <td class="p-2">{actor(&l, tr)}</td>
                                                <td class="p-2 font-mono">{l.action}</td>
                                                <td class="p-2 break-all">{l.subject}</td>
                                                <td class="p-2 break-all">{l.detail}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {older.map(|href| view! { <p class="mt-3"><a class="text-blue-800 underline" href=href>{tr.older_entries}</a></p> })}
                        }.into_any()
                    }
                    Err(AppError::Forbidden) => view! {
                        <p class="mt-4">{tr.only_managers_and_administrators}</p>
                    }.into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <p class="mt-4"><a class="text-blue-800 underline text-lg" href="/can-bo/dang-nhap">{lang.t().staff_sign_in}</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Who acted, as the officer reads it.
fn actor(l: &AuditLine, tr: &Audit) -> String {
    match (l.actor_kind.as_str(), &l.actor_name, l.actor_id) {
        ("staff", Some(name), _) => name.clone(),
        ("citizen", _, Some(id)) => fill!(tr.actor_citizen, id = id),
        ("cli", _, _) => tr.actor_cli.to_owned(),
        ("system", _, _) => tr.actor_system.to_owned(),
        (kind, _, id) => format!("{kind} {}", id.unwrap_or_default()),
    }
}

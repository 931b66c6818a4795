//! `/can-bo/hang-doi`: the job queue for administrators: how many jobs of each kind are
//! waiting, running, done or given up, and the given-up ones with their last error and
//! a button that queues one again.

use crate::api::jobs::{RetryJob, job_queue};
use crate::components::dossier_parts::FlashNotice;
use crate::components::notice::{ActionNotice, ErrorNotice};
use crate::error::AppError;
use crate::i18n::{Jobs, Lang, use_lang};
use domain::Date;
use leptos::prelude::*;

#[component]
pub fn StaffJobsPage() -> impl IntoView {
    let lang = use_lang();
    let tr = Lang::english_if(lang == Lang::En).of::<Jobs>();
    let retry = ServerAction::<RetryJob>::new();
    let data = Resource::new(move || retry.version().get(), |_| job_queue());
    view! {
        <p><a class="text-blue-800 underline" href="/can-bo">{lang.of::<crate::i18n::Audit>().staff_home}</a></p>
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{tr.job_queue}</h1>
        <p class="mt-2 max-w-3xl">{tr.explanation}</p>
        <FlashNotice/>
        <ActionNotice action=retry/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((counts, dead)) => view! {
                        <table class="mt-4 text-left" data-testid="job-counts">
                            <thead><tr class="border-b-2 border-slate-400">
                                <th class="p-2">{tr.kind}</th>
                                <th class="p-2">{tr.status}</th>
                                <th class="p-2 text-right">{tr.count}</th>
                            </tr></thead>
                            <tbody>
                                {counts.into_iter().map(|c| view! {
                                    <tr class="border-b border-slate-200" data-testid="job-count" data-kind=c.kind.clone() data-status=c.status>
                                        <td class="p-2">{kind_label(tr, &c.kind)}</td>
                                        <td class="p-2">{status_label(tr, &c.status)}</td>
                                        <td class="p-2 text-right tabular-nums">{c.jobs}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h2 class="mt-8 text-xl font-bold text-blue-950">{tr.given_up}</h2>
                        {if dead.is_empty() {
                            view! { <p class="mt-2" data-testid="no-dead-jobs">{tr.none_given_up}</p> }.into_any()
                        } else {
                            view! {
                                <div class="mt-2 overflow-x-auto">
                                    <table class="w-full text-left text-sm" data-testid="dead-jobs">
                                        <thead><tr class="border-b-2 border-slate-400">
                                            <th class="p-2">"#"</th>
                                            <th class="p-2">{tr.kind}</th>
                                            <th class="p-2">{tr.subject}</th>
                                            <th class="p-2">{tr.attempts}</th>
                                            <th class="p-2">{tr.last_error}</th>
                                            <th class="p-2">{tr.stopped_at}</th>
                                            <th class="p-2"></th>
                                        </tr></thead>
                                        <tbody>
                                            {dead.into_iter().map(|d| view! {
                                                <tr class="border-b border-slate-200 align-top" data-testid="dead-job">
                                                    <td class="p-2 tabular-nums">{d.id}</td>
                                                    <td class="p-2">{kind_label(tr, &d.kind)}</td>
                                                    <td class="p-2">{d.subject}</td>
                                                    <td class="p-2 tabular-nums">{d.attempts}</td>
                                                    <td class="p-2 break-all" data-testid="dead-job-error">{d.last_error}</td>
                                                    <td class="p-2 whitespace-nowrap">{Date::time_vn(d.finished_at)}</td>
                                                    <td class="p-2">
                                                        <ActionForm action=retry>
                                                            <input type="hidden" name="id" value=d.id/>
                                                            <button type="submit" class="min-h-11 rounded border border-blue-800 px-3 py-1 text-blue-900" data-testid="retry-job">{tr.run_again}</button>
                                                        </ActionForm>
                                                    </td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    }.into_any(),
                    Err(AppError::Forbidden) => view! {
                        <p class="mt-4">{tr.only_administrators}</p>
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

fn kind_label(tr: &Jobs, kind: &str) -> String {
    match kind {
        "sms" => tr.kind_sms.to_owned(),
        other => other.to_owned(),
    }
}

fn status_label(tr: &Jobs, status: &str) -> String {
    match status {
        "queued" => tr.status_queued,
        "running" => tr.status_running,
        "done" => tr.status_done,
        "dead" => tr.status_dead,
        other => other,
    }
    .to_owned()
}

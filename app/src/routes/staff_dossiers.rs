//! Staff screens for dossiers, scoped to the member's agency: `/can-bo/ho-so` (the
//! queue with filters) and `/can-bo/ho-so/:code` (one dossier and its actions).

use crate::api::dossiers::{get_dossier, staff_queue};
use crate::components::dossier_parts::{AttachmentList, FlashNotice, StatusBadge, Timeline};
use crate::components::notice::ErrorNotice;
use crate::error::AppError;
use crate::i18n::{Dossiers, Lang, use_lang};

use crate::routes::dossier::DossierHeader;
use domain::Date;
use domain::dossier::view::Dossier;
use domain::dossier::{Action, Actor, Status};
use domain::payment::NoticeStatus;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn staff_only(lang: Lang) -> AnyView {
    view! {
        <p class="mt-4">{lang.of::<Dossiers>().staff_only}</p>
        <p class="mt-2"><a class="text-blue-800 underline text-lg" href="/can-bo/dang-nhap">{lang.t().staff_sign_in}</a></p>
    }
    .into_any()
}

#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let t = lang.of::<Dossiers>();
    let query = use_query_map();
    let status = move || query.with(|q| q.get("trang-thai").unwrap_or_default());
    let q = move || query.with(|q| q.get("q").unwrap_or_default());
    let list = Resource::new(move || (status(), q()), |(s, q)| staff_queue(s, q));
    let options = Status::ALL
        .into_iter()
        .filter(|s| *s != Status::Draft)
        .map(|s| {
            let selected = move || status() == s.as_str();
            view! { <option value=s.as_str() selected=selected>{s.label().get(english).to_owned()}</option> }
        })
        .collect_view();
    view! {
        <h1 class="text-2xl font-bold text-blue-950">{t.queue_heading}</h1>
        <form method="get" action="/can-bo/ho-so" class="mt-4 grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
            <div>
                <label for="trang-thai" class="block font-medium">{t.status}</label>
                <select id="trang-thai" name="trang-thai" class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-3">
                    <option value="">{t.all_open}</option>
                    {options}
                </select>
            </div>
            <div>
                <label for="q" class="block font-medium">{t.search_code_name}</label>
                <input id="q" name="q" value=q class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-3"/>
            </div>
            <button type="submit" class="rounded bg-blue-800 px-6 py-3 font-semibold text-white">{t.filter}</button>
        </form>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => view! { <p class="mt-4">{t.queue_empty}</p> }.into_any(),
                    Ok(items) => view! {
                        <div class="mt-4 overflow-x-auto">
                            <table class="w-full text-left" data-testid="queue">
                                <thead><tr class="border-b-2 border-slate-400">
                                    <th class="p-2">{t.dossier_code}</th><th class="p-2">{t.applicant}</th>
                                    <th class="p-2">{lang.t().nav_catalog}</th><th class="p-2">{t.status}</th><th class="p-2">{t.submitted_on}</th>
                                </tr></thead>
                                <tbody>
                                    {items.into_iter().map(|s| {
                                        let code = s.code.clone().unwrap_or_default();
                                        view! {
                                            <tr class="border-b border-slate-200 align-top">
                                                <td class="p-2"><a class="text-blue-800 underline break-all" href=format!("/can-bo/ho-so/{code}")>{code.clone()}</a></td>
                                                <td class="p-2">{s.applicant_name.clone()}</td>
                                                <td class="p-2">{s.procedure_name.clone()}</td>
                                                <td class="p-2"><StatusBadge status=s.status/></td>
                                                <td class="p-2">{s.submitted_at.map(Date::time_vn).unwrap_or_default()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(AppError::Unauthenticated | AppError::Forbidden) => staff_only(lang),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn StaffDossierPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(code, get_dossier);
    view! {
        <p><a class="text-blue-800 underline" href="/can-bo/ho-so">{lang.of::<Dossiers>().nav_queue}</a></p>
        <FlashNotice/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <StaffDossierView d/> }.into_any(),
                    Err(AppError::Unauthenticated | AppError::Forbidden) => staff_only(lang),
                    Err(AppError::NotFound) => view! { <crate::routes::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StaffDossierView(d: Dossier) -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let t = lang.of::<Dossiers>();
    let status = d.summary.status;
    let code = d.summary.code.clone().unwrap_or_default();
    let actions: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|a| {
            a.allowed_for(Actor::Staff)
                && status.apply(*a, Actor::Staff, "x").is_ok()
                && *a != Action::Submit
        })
        .collect();
    let buttons = actions
        .iter()
        .map(|a| {
            let primary = !a.needs_note();
            let class = if primary {
                "rounded bg-blue-800 px-5 py-3 font-semibold text-white"
            } else {
                "rounded border-2 border-blue-800 px-5 py-3 font-semibold text-blue-900"
            };
            view! {
                <button type="submit" name="action" value=a.as_str() class=class data-testid=format!("action-{}", a.as_str())>
                    {a.label().get(english).to_owned()}
                </button>
            }
        })
        .collect_view();
    let answers = d
        .schema
        .fields
        .iter()
        .filter_map(|f| {
            let v = d.form.get(&f.name)?.clone();
            Some(view! { <dt class="font-medium">{f.label_in(english).to_owned()}</dt><dd class="whitespace-pre-line">{v}</dd> })
        })
        .collect_view();
    let reduction = d
        .fee_claim
        .clone()
        .map(|c| reduction_panel(lang, &code, &c, &d.attachments));
    view! {
        <DossierHeader d=d.clone()/>
        {reduction}
        <FeeNoticePanel code=code.clone()/>
        {(!d.citizen_note.is_empty()).then(|| view! {
            <div class="mt-4 rounded border-l-4 border-amber-600 bg-amber-50 p-3">
                <p class="font-semibold">{t.officer_note}</p><p class="whitespace-pre-line">{d.citizen_note.clone()}</p>
            </div>
        })}
        {(!actions.is_empty()).then(|| view! {
            <form method="post" action=format!("/can-bo/ho-so/{code}") enctype="multipart/form-data"
                class="mt-4 space-y-3 rounded border border-slate-300 p-3" data-testid="staff-actions">
                <h2 class="text-xl font-bold text-blue-950">{t.actions}</h2>
                <div>
                    <label for="note" class="block font-medium">{t.note_label}</label>
                    <textarea id="note" name="note" rows="3" aria-describedby="note-hint"
                        class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2"></textarea>
                    <p id="note-hint" class="text-sm text-slate-700">{t.note_hint}</p>
                </div>
                <div class="flex flex-wrap gap-3">{buttons}</div>
            </form>
        })}
        <h2 class="mt-6 text-xl font-bold text-blue-950">{t.answers}</h2>
        <dl class="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">{answers}</dl>
        <h2 class="mt-6 text-xl font-bold text-blue-950">{t.attachments}</h2>
        <AttachmentList attachments=d.attachments.clone()/>
        <Timeline history=d.history.clone()/>
    }
}

/// A fee reduction claimed: the category, its proof, and (while claimed) the
/// officer's decision: accept, or refuse with a reason, which reissues the notice at
/// the full amount before it is paid.
fn reduction_panel(
    lang: Lang,
    code: &str,
    c: &domain::dossier::view::FeeClaim,
    files: &[domain::dossier::view::Attachment],
) -> AnyView {
    use domain::fees::ReductionStatus;
    let en = lang == Lang::En;
    let t = lang.t();
    let proofs = files
        .iter()
        .filter(|f| f.fee_proof)
        .map(|f| {
            view! {
                <li><a class="text-blue-800 underline" rel="external" data-testid="fee-proof-file"
                    href=format!("/api/v1/attachments/{}", f.id)>{f.file_name.clone()}</a></li>
            }
        })
        .collect_view();
    let decide = (c.status == ReductionStatus::Claimed).then(|| {
        view! {
            <form method="post" action=format!("/can-bo/ho-so/{code}") enctype="multipart/form-data"
                class="mt-3 space-y-3" data-testid="reduction-form">
                <div>
                    <label for="reduction-reason" class="block font-medium">{t.fee_reduction_reason}</label>
                    <textarea id="reduction-reason" name="reason" rows="2"
                        class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2"></textarea>
                </div>
                <div class="flex flex-wrap gap-3">
                    <button type="submit" name="reduction" value="accept" data-testid="reduction-accept"
                        class="rounded bg-green-700 px-5 py-3 font-semibold text-white">{t.fee_reduction_accept}</button>
                    <button type="submit" name="reduction" value="refuse" data-testid="reduction-refuse"
                        class="rounded border-2 border-red-800 px-5 py-3 font-semibold text-red-900">{t.fee_reduction_refuse}</button>
                </div>
            </form>
        }
    });
    view! {
        <section class="mt-4 rounded border border-slate-300 p-3" data-testid="reduction-panel" data-status=c.status.as_str()>
            <h2 class="text-xl font-bold text-blue-950">{t.fee_reduction}</h2>
            <p class="mt-1">{format!("{}: {}", c.category_name, c.status.label().get(en))}</p>
            {(!c.note.is_empty()).then(|| view! { <p>{format!("{}: {}", t.fee_reduction_reason, c.note)}</p> })}
            <p class="mt-2 font-medium">{t.fee_proof}</p>
            <ul class="list-disc pl-5">{proofs}</ul>
            {decide}
        </section>
    }
    .into_any()
}

/// The dossier's fee notice for the desk: text the payment link, print the slip.
#[component]
fn FeeNoticePanel(code: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.of::<Dossiers>();
    let c = code.clone();
    let send = ServerAction::<crate::api::desk::TextPaymentLink>::new();
    let ask = ServerAction::<crate::api::refunds::RequestRefund>::new();
    let payments = Resource::new(
        move || (c.clone(), ask.version().get()),
        |(c, _)| crate::api::payments::get_dossier_payments(c),
    );
    view! {
        <crate::components::notice::ActionNotice action=send/>
        <crate::components::notice::ActionNotice action=ask/>
        <Suspense fallback=|| ()>
            {move || {
                let code = code.clone();
                Suspend::new(async move {
                    let p = payments.await.ok()?;
                    let status = p.notice_status?;
                    let amount = lang.money(p.amount_vnd);
                    let unpaid = status == NoticeStatus::Unpaid;
                    let paid = status == NoticeStatus::Paid;
                    let rt = lang.of::<crate::i18n::Refunds>();
                    let refund = p.refund;
                    let refund_code = code.clone();
                    let slip = format!("/can-bo/ho-so/{code}/thong-bao-phi");
                    Some(view! {
                        <section class="mt-4 rounded border border-slate-300 p-3" data-testid="fee-notice">
                            <h2 class="text-xl font-bold text-blue-950">{t.fee_notice}</h2>
                            <p class="mt-1 text-lg"><strong data-testid="fee-notice-amount">{amount}</strong> " · "
                                <span data-testid="fee-notice-status">{if paid { t.notice_paid } else { t.notice_unpaid }}</span>
                            </p>
                            {refund.map(|r| view! {
                                <p class="mt-1" data-testid="fee-notice-refund">
                                    {crate::routes::staff_refunds::status_label(r, rt)} " · "
                                    <a class="text-blue-800 underline" href="/can-bo/hoan-phi">{rt.see_refunds}</a>
                                </p>
                            })}
                            {(paid && refund.is_none()).then(|| view! {
                                <details class="mt-3">
                                    <summary class="cursor-pointer font-semibold text-red-900">{rt.ask_heading}</summary>
                                    <ActionForm action=ask attr:class="mt-2 flex flex-wrap items-end gap-3">
                                        <input type="hidden" name="code" value=refund_code/>
                                        <div class="min-w-64 flex-1">
                                            <label for="refund-reason" class="block font-medium">{rt.ask_reason}</label>
                                            <input id="refund-reason" name="reason" required minlength="5" class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2"/>
                                        </div>
                                        <button type="submit" class="rounded border-2 border-red-800 px-4 py-2 font-semibold text-red-900" data-testid="refund-ask">{rt.ask}</button>
                                    </ActionForm>
                                </details>
                            })}
                            {unpaid.then(|| view! {
                                <div class="mt-3 flex flex-wrap gap-3">
                                    <ActionForm action=send>
                                        <input type="hidden" name="code" value=code/>
                                        <button type="submit" class="rounded bg-blue-800 px-5 py-3 font-semibold text-white" data-testid="notice-sms">
                                            {t.text_payment_link}
                                        </button>
                                    </ActionForm>
                                    <a class="rounded border-2 border-blue-800 px-5 py-3 font-semibold text-blue-900" data-testid="notice-print" rel="external"
                                        href=slip>
                                        {t.print_notice_with_its}
                                    </a>
                                </div>
                            })}
                        </section>
                    })
                })
            }}
        </Suspense>
    }
}

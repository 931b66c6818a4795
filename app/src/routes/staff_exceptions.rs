//! `/can-bo/ngoai-le`: bank credits that did not pay a notice by themselves. Each can
//! be matched to a dossier's notice, accepted late or marked for refund, with a reason
//! (plain form posts, `server/src/web/back_office.rs`).

use crate::api::exceptions::{ExceptionRow, ResolveException, payment_exceptions};
use crate::components::dossier_parts::FlashNotice;
use crate::components::notice::{ActionNotice, ErrorNotice};
use crate::error::AppError;
use crate::i18n::{Exceptions, Lang, use_lang};
use domain::Date;
use domain::payment::ExceptionKind;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn kind_label(kind: ExceptionKind, tr: &Exceptions) -> &'static str {
    match kind {
        ExceptionKind::UnknownReference => tr.kind_unknown_reference,
        ExceptionKind::WrongAccount => tr.kind_wrong_account,
        ExceptionKind::WrongAmount => tr.kind_wrong_amount,
        ExceptionKind::Late => tr.kind_late,
        ExceptionKind::NoticePaid => tr.kind_notice_paid,
        ExceptionKind::Duplicate => tr.kind_duplicate,
    }
}

fn resolution_label(r: &str, tr: &Exceptions) -> &'static str {
    match r {
        "matched" => tr.resolved_matched,
        "accepted_late" => tr.resolved_accepted_late,
        "refund" => tr.resolved_refund,
        _ => "",
    }
}

#[component]
pub fn StaffExceptionsPage() -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Exceptions>();
    let query = use_query_map();
    let all = move || query.with(|q| q.get("tat-ca").is_some());
    let resolve = ServerAction::<ResolveException>::new();
    let data = Resource::new(
        move || (all(), resolve.version().get()),
        |(all, _)| payment_exceptions(all),
    );
    view! {
        <p><a class="text-blue-800 underline" href="/can-bo">{tr.staff_home}</a></p>
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{tr.payments_to_resolve}</h1>
        <p class="mt-1"><a class="text-blue-800 underline" href=move || if all() { "/can-bo/ngoai-le" } else { "/can-bo/ngoai-le?tat-ca=1" }>
            {move || if all() { tr.open_only } else { tr.include_resolved }}
        </a></p>
        <FlashNotice/>
        <ActionNotice action=resolve/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="mt-4" data-testid="exceptions-empty">{tr.nothing_to_resolve}</p> }.into_any(),
                    Ok(rows) => rows.into_iter().map(|e| view! { <ExceptionCard e resolve/> }).collect_view().into_any(),
                    Err(AppError::Unauthenticated | AppError::Forbidden) => view! {
                        <p class="mt-4"><a class="text-blue-800 underline text-lg" href="/can-bo/dang-nhap">{lang.t().staff_sign_in}</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice message=e.text()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ExceptionCard(e: ExceptionRow, resolve: ServerAction<ResolveException>) -> impl IntoView {
    let lang = use_lang();
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Exceptions>();
    let money = |v: domain::Vnd| lang.money(v);
    let id = e.id;
    let late = e.kind == ExceptionKind::Late;
    let can_match = e.kind.matchable();
    view! {
        <section class="mt-4 rounded border border-slate-300 p-3" data-testid="exception" data-kind=e.kind.as_str()>
            <h2 class="text-lg font-bold text-blue-950">{kind_label(e.kind, tr)} " · " {money(e.amount_vnd)}</h2>
            <dl class="mt-1 grid gap-x-4 sm:grid-cols-[max-content_1fr]">
                <dt class="font-medium">{tr.received}</dt><dd>{Date::time_vn(e.created_at)}</dd>
                <dt class="font-medium">{tr.transfer_message}</dt><dd class="break-all font-mono">{e.content.clone()}</dd>
                <dt class="font-medium">{tr.bank_reference}</dt><dd class="font-mono">{e.bank_reference.clone()}</dd>
                {e.dossier_code.clone().map(|c| view! {
                    <dt class="font-medium">{tr.dossier}</dt>
                    <dd><a class="text-blue-800 underline" href=format!("/can-bo/ho-so/{c}")>{c.clone()}</a>
                        {e.due_vnd.map(|d| format!(" ({} {})", tr.due, money(d)))}</dd>
                })}
            </dl>
            {if e.open {
                view! {
                    <ActionForm action=resolve attr:class="mt-3 grid gap-3 sm:grid-cols-2">
                        <input type="hidden" name="id" value=id/>
                        <div class="sm:col-span-2">
                            <label for=format!("reason-{id}") class="block font-medium">{tr.reason_required}</label>
                            <input id=format!("reason-{id}") name="reason" required minlength="5" class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2"/>
                        </div>
                        {can_match.then(|| view! {
                            <div>
                                <label for=format!("code-{id}") class="block font-medium">{tr.dossier_code_to_match}</label>
                                <input id=format!("code-{id}") name="code" class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2"/>
                            </div>
                        })}
                        <div class="flex flex-wrap items-end gap-3 sm:col-span-2">
                            {can_match.then(|| view! {
                                <button type="submit" name="action" value="match" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white" data-testid="exception-match">{tr.match_}</button>
                            })}
                            {late.then(|| view! {
                                <button type="submit" name="action" value="accept_late" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white" data-testid="exception-accept">{tr.accept_late}</button>
                            })}
                            <button type="submit" name="action" value="refund" class="rounded border-2 border-red-800 px-4 py-2 font-semibold text-red-900" data-testid="exception-refund">{tr.mark_for_refund}</button>
                        </div>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <p class="mt-2 rounded bg-slate-100 p-2" data-testid="exception-resolved">
                        {resolution_label(e.resolution.as_deref().unwrap_or_default(), tr)} " — " {e.reason.clone()}
                        {e.resolved_by.clone().map(|n| format!(" ({n})"))}
                    </p>
                }.into_any()
            }}
        </section>
    }
}

//! `/can-bo/hoan-phi`: refunds of the agency. A manager who did not ask approves or
//! rejects each; once approved, the transfer back is recorded with the bank's reference
//! (server functions in `crate::api::refunds`, forms that work without JavaScript).

use crate::api::refunds::{DecideRefund, RecordRefund, RefundRow, refunds};
use crate::components::dossier_parts::FlashNotice;
use crate::components::notice::{ActionNotice, ErrorNotice};
use crate::error::AppError;
use crate::i18n::{Lang, Refunds, use_lang};
use domain::Date;
use domain::payment::RefundStatus;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What a status reads as.
#[must_use]
pub fn status_label(s: RefundStatus, tr: &Refunds) -> &'static str {
    match s {
        RefundStatus::Requested => tr.requested,
        RefundStatus::Approved => tr.approved,
        RefundStatus::Rejected => tr.rejected,
        RefundStatus::PaidOut => tr.paid_out,
    }
}

#[component]
pub fn StaffRefundsPage() -> impl IntoView {
    let lang = use_lang();
    let tr = Lang::english_if(lang == Lang::En).of::<Refunds>();
    let query = use_query_map();
    let all = move || query.with(|q| q.get("tat-ca").is_some());
    let decide = ServerAction::<DecideRefund>::new();
    let record = ServerAction::<RecordRefund>::new();
    let data = Resource::new(
        move || (all(), decide.version().get(), record.version().get()),
        |(all, _, _)| refunds(all),
    );
    view! {
        <p><a class="text-blue-800 underline" href="/can-bo">{tr.staff_home}</a></p>
        <h1 class="mt-2 text-2xl font-bold text-blue-950">{tr.refunds}</h1>
        <p class="mt-1"><a class="text-blue-800 underline" href=move || if all() { "/can-bo/hoan-phi" } else { "/can-bo/hoan-phi?tat-ca=1" }>
            {move || if all() { tr.open_only } else { tr.include_closed }}
        </a></p>
        <FlashNotice/>
        <ActionNotice action=decide/>
        <ActionNotice action=record/>
        <Suspense fallback=move || view! { <p>{lang.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="mt-4" data-testid="refunds-empty">{tr.nothing}</p> }.into_any(),
                    Ok(rows) => rows.into_iter().map(|r| view! { <RefundCard r decide record/> }).collect_view().into_any(),
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
fn RefundCard(
    r: RefundRow,
    decide: ServerAction<DecideRefund>,
    record: ServerAction<RecordRefund>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = Lang::english_if(lang == Lang::En).of::<Refunds>();
    let id = r.id;
    let subject = match (&r.dossier_code, r.exception_id) {
        (Some(c), _) => view! {
            <a class="text-blue-800 underline" href=format!("/can-bo/ho-so/{c}")>{format!("{} {c}", tr.dossier)}</a>
        }.into_any(),
        (None, Some(e)) => view! { <span>{format!("{} #{e}", tr.credit)}</span> }.into_any(),
        (None, None) => ().into_any(),
    };
    let approved = r.status == RefundStatus::Approved;
    view! {
        <section class="mt-4 rounded border border-slate-300 p-3" data-testid="refund" data-status=r.status.as_str()>
            <h2 class="text-lg font-bold text-blue-950">
                "#" {id} " · " {lang.money(r.amount_vnd)} " · " <span data-testid="refund-status">{status_label(r.status, tr)}</span>
            </h2>
            <p class="mt-1">{subject}</p>
            <dl class="mt-1 grid gap-x-4 sm:grid-cols-[max-content_1fr]">
                <dt class="font-medium">{tr.reason}</dt><dd>{r.reason.clone()}</dd>
                <dt class="font-medium">{tr.asked_by}</dt><dd>{r.requested_by.clone()} " · " {Date::time_vn(r.requested_at)}</dd>
                {r.decided_by.clone().map(|d| view! {
                    <dt class="font-medium">{tr.decided_by}</dt>
                    <dd>{d} {(!r.decision_note.is_empty()).then(|| format!(" — {}", r.decision_note))}</dd>
                })}
                {r.bank_reference.clone().map(|b| view! {
                    <dt class="font-medium">{tr.bank_reference}</dt><dd class="font-mono" data-testid="refund-bank-reference">{b}</dd>
                })}
            </dl>
            {r.may_decide.then(|| view! {
                <ActionForm action=decide attr:class="mt-3 grid gap-3 sm:grid-cols-2">
                    <input type="hidden" name="id" value=id/>
                    <div class="sm:col-span-2">
                        <label for=format!("note-{id}") class="block font-medium">{tr.note}</label>
                        <input id=format!("note-{id}") name="note" class="mt-1 w-full rounded border-2 border-slate-400 px-3 py-2"/>
                    </div>
                    <div class="flex flex-wrap gap-3 sm:col-span-2">
                        <button type="submit" name="decision" value="approve" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white" data-testid="refund-approve">{tr.approve}</button>
                        <button type="submit" name="decision" value="reject" class="rounded border-2 border-red-800 px-4 py-2 font-semibold text-red-900" data-testid="refund-reject">{tr.reject}</button>
                    </div>
                </ActionForm>
            })}
            {approved.then(|| view! {
                <ActionForm action=record attr:class="mt-3 flex flex-wrap items-end gap-3">
                    <input type="hidden" name="id" value=id/>
                    <div>
                        <label for=format!("bank-ref-{id}") class="block font-medium">{tr.bank_reference}</label>
                        <input id=format!("bank-ref-{id}") name="bank_reference" required minlength="4" maxlength="40" autocomplete="off"
                            class="mt-1 rounded border-2 border-slate-400 px-3 py-2 font-mono"/>
                    </div>
                    <button type="submit" class="rounded bg-blue-800 px-4 py-2 font-semibold text-white" data-testid="refund-record">{tr.record_paid_out}</button>
                </ActionForm>
            })}
        </section>
    }
}

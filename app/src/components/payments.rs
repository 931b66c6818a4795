//! The fee block of a dossier page: what is due, the "pay by QR" button while unpaid,
//! and every payment attempt with its outcome.

use crate::api::payments::{PaymentView, StartPayment, get_dossier_payments};
use crate::components::notice::ActionNotice;
use crate::i18n::{Lang, Payment, Refunds, use_lang};
use domain::Date;
use domain::dossier::view::FeeClaim;
use domain::fees::{Charge, ReductionStatus};
use domain::payment::{NoticeStatus, PaymentStatus, RefundStatus};
use leptos::prelude::*;

#[component]
pub fn DossierPayments(code: String) -> impl IntoView {
    let lang = use_lang();
    let tr = lang.of::<Payment>();
    let (heading, pay, paid, history, when, amount, reference, status, receipt, pay_vnpay) = (
        tr.fees_heading,
        tr.fees_pay,
        tr.fees_paid,
        tr.fees_history,
        tr.fees_when,
        tr.fees_amount,
        tr.fees_reference,
        tr.fees_status,
        tr.fees_receipt,
        tr.fees_pay_vnpay,
    );
    let c = code.clone();
    let data = Resource::new(move || c.clone(), get_dossier_payments);
    let start = ServerAction::<StartPayment>::new();
    let labels = HistoryLabels {
        history,
        when,
        amount,
        reference,
        status,
        receipt,
    };
    view! {
        <Suspense>
            {move || {
                let code = code.clone();
                Suspend::new(async move {
                    let Ok(p) = data.await else { return ().into_any() };
                    let claim = p.claim.clone().map(|c| claim_view(lang, &c));
                    let Some(notice) = p.notice_status else {
                        return view! { <section class="mt-6" data-testid="fees">{claim}</section> }.into_any();
                    };
                    let checking = p.claim.as_ref().is_some_and(|c| !ReductionStatus::payable(Some(c.status)));
                    let actions = if p.refund == Some(RefundStatus::PaidOut) {
                        view! { <p class="mt-2 font-semibold text-slate-800" data-testid="fee-refunded">{lang.of::<Refunds>().paid_out}</p> }.into_any()
                    } else if notice == NoticeStatus::Paid {
                        view! { <p class="mt-2 font-semibold text-green-800" data-testid="fee-paid">{paid}</p> }.into_any()
                    } else if checking {
                        ().into_any()
                    } else {
                        pay_buttons(start, &code, p.vnpay, pay, pay_vnpay)
                    };
                    let lines = notice_lines(lang, &p.lines);
                    let history = payment_history(lang, p.attempts, labels);
                    view! {
                        <section class="mt-6" data-testid="fees">
                            <h2 class="text-xl font-bold text-blue-950">{heading} ": " <span data-testid="notice-total">{lang.money(p.amount_vnd)}</span></h2>
                            {lines}
                            {claim}
                            {actions}
                            {history}
                        </section>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

/// The notice's lines: quantity × unit price = amount.
fn notice_lines(lang: Lang, lines: &[Charge]) -> AnyView {
    let en = lang == Lang::En;
    let items = lines
        .iter()
        .map(|c| {
            let note = c.note.as_ref().map(|n| format!(" — {}", n.get(en)));
            view! {
                <li data-testid="notice-line">
                    {c.name_in(en).to_owned()} ": "
                    {format!("{} {} × {} = {}", c.quantity, c.unit, lang.money(c.unit_price_vnd), lang.money(c.amount_vnd))}
                    {note}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="mt-1 list-disc pl-5 text-slate-800">{items}</ul> }.into_any()
}

/// A reduction claimed: waiting for the officer, accepted, or refused with the reason.
fn claim_view(lang: Lang, c: &FeeClaim) -> AnyView {
    let en = lang == Lang::En;
    let t = lang.t();
    let reason = (!c.note.is_empty()).then(|| {
        view! { <p data-testid="fee-claim-reason">{format!("{}: {}", t.fee_reduction_reason, c.note)}</p> }
    });
    let class = match c.status {
        ReductionStatus::Claimed => "mt-3 rounded border-l-4 border-amber-600 bg-amber-50 p-3",
        ReductionStatus::Accepted => "mt-3 rounded border-l-4 border-green-700 bg-green-50 p-3",
        ReductionStatus::Refused => "mt-3 rounded border-l-4 border-red-700 bg-red-50 p-3",
    };
    view! {
        <div class=class data-testid="fee-claim" data-status=c.status.as_str()>
            <p class="font-semibold">{format!("{} ({}): {}", t.fee_reduction, c.category_name, c.status.label().get(en))}</p>
            {reason}
        </div>
    }
    .into_any()
}

/// "Pay by QR" and, where VNPAY is configured, "Pay through VNPAY": both start a
/// payment (`start_payment`); a refusal is shown above them.
fn pay_buttons(
    start: ServerAction<StartPayment>,
    code: &str,
    vnpay: bool,
    pay: &'static str,
    pay_vnpay: &'static str,
) -> AnyView {
    let by_qr = code.to_owned();
    let by_vnpay = code.to_owned();
    view! {
        <ActionNotice action=start/>
        <div class="mt-2 flex flex-wrap gap-3">
            <ActionForm action=start>
                <input type="hidden" name="code" value=by_qr/>
                <button type="submit" data-testid="pay"
                    class="rounded bg-green-700 px-6 py-3 text-lg font-semibold text-white">{pay}</button>
            </ActionForm>
            // VNPAY's page is another site's: a plain post (a full page load) follows
            // the redirect there, which the page's router cannot.
            {vnpay.then(|| view! {
                <form method="post" action={crate::api::path::<StartPayment>()}>
                    <input type="hidden" name="code" value=by_vnpay/>
                    <input type="hidden" name="provider" value="vnpay"/>
                    <button type="submit" data-testid="pay-vnpay"
                        class="rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900">{pay_vnpay}</button>
                </form>
            })}
        </div>
    }
    .into_any()
}

#[derive(Clone, Copy)]
struct HistoryLabels {
    history: &'static str,
    when: &'static str,
    amount: &'static str,
    reference: &'static str,
    status: &'static str,
    receipt: &'static str,
}

/// Every attempt with its outcome, and the receipt of the paid one.
fn payment_history(lang: Lang, attempts: Vec<PaymentView>, l: HistoryLabels) -> AnyView {
    if attempts.is_empty() {
        return ().into_any();
    }
    let rows = attempts
        .iter()
        .map(|a| attempt_row(lang, a, l.receipt))
        .collect_view();
    view! {
        <h3 class="mt-4 font-semibold">{l.history}</h3>
        <div class="overflow-x-auto">
            <table class="w-full text-left" data-testid="payment-history">
                <thead><tr class="border-b-2 border-slate-400">
                    <th class="p-2">{l.when}</th><th class="p-2">{l.amount}</th><th class="p-2">{l.reference}</th><th class="p-2">{l.status}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn attempt_row(lang: Lang, a: &PaymentView, receipt: &'static str) -> AnyView {
    let s = a.status;
    let reference = if s == PaymentStatus::Pending {
        view! { <a class="text-blue-800 underline" href=format!("/thanh-toan/{}", a.id)>{a.reference.clone()}</a> }.into_any()
    } else {
        view! { <span>{a.reference.clone()}</span> }.into_any()
    };
    let receipt = (s == PaymentStatus::Paid).then(|| {
        view! {
            " · " <a class="text-blue-800 underline" data-testid="attempt-receipt"
                href=format!("/api/v1/payments/{}/receipt.pdf", a.id) download>{receipt}</a>
        }
    });
    view! {
        <tr class="border-b border-slate-200">
            <td class="p-2">{Date::time_vn(a.created_at)}</td>
            <td class="p-2">{lang.money(a.amount_vnd)}</td>
            <td class="p-2 font-mono">{reference}</td>
            <td class="p-2" data-testid="attempt-status">
                {s.label().get(lang == Lang::En).to_owned()}
                {receipt}
            </td>
        </tr>
    }
    .into_any()
}

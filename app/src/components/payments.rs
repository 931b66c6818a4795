//! The fee block of a dossier page: what is due, the "pay by QR" button while unpaid,
//! and every payment attempt with its outcome.

use crate::api::payments::get_dossier_payments;
use crate::i18n::{Lang, use_lang};
use crate::routes::dossier::money;
use domain::Date;
use domain::payment::PaymentStatus;
use leptos::prelude::*;

#[component]
pub fn DossierPayments(code: String) -> impl IntoView {
    let lang = use_lang();
    let english = lang == Lang::En;
    let (heading, pay, paid, history, when, amount, reference, status, receipt, pay_vnpay) =
        match lang {
            Lang::Vi => (
                "Phí, lệ phí",
                "Thanh toán bằng mã QR",
                "Đã thanh toán đủ",
                "Lịch sử thanh toán",
                "Thời điểm",
                "Số tiền",
                "Mã giao dịch",
                "Kết quả",
                "Biên lai (PDF)",
                "Thanh toán qua VNPAY (thẻ ATM, ví điện tử)",
            ),
            Lang::En => (
                "Fees",
                "Pay by QR code",
                "Paid in full",
                "Payment history",
                "When",
                "Amount",
                "Reference",
                "Outcome",
                "Receipt (PDF)",
                "Pay through VNPAY (ATM card, e-wallet)",
            ),
        };
    let c = code.clone();
    let data = Resource::new(move || c.clone(), get_dossier_payments);
    view! {
        <Suspense>
            {move || {
                let code = code.clone();
                Suspend::new(async move {
                    let Ok(p) = data.await else { return ().into_any() };
                    let Some(notice) = p.notice_status.clone() else { return ().into_any() };
                    let rows = p.attempts.iter().map(|a| {
                        let s = a.status;
                        view! {
                            <tr class="border-b border-slate-200">
                                <td class="p-2">{Date::time_vn(a.created_at)}</td>
                                <td class="p-2">{money(lang, a.amount_vnd)}</td>
                                <td class="p-2 font-mono">
                                    {if s == PaymentStatus::Pending {
                                        view! { <a class="text-blue-800 underline" href=format!("/thanh-toan/{}", a.id)>{a.reference.clone()}</a> }.into_any()
                                    } else {
                                        view! { <span>{a.reference.clone()}</span> }.into_any()
                                    }}
                                </td>
                                <td class="p-2" data-testid="attempt-status">
                                    {s.label().get(english).to_owned()}
                                    {(s == PaymentStatus::Paid).then(|| view! {
                                        " · " <a class="text-blue-800 underline" data-testid="attempt-receipt"
                                            href=format!("/api/v1/payments/{}/receipt.pdf", a.id) download>{receipt}</a>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <section class="mt-6" data-testid="fees">
                            <h2 class="text-xl font-bold text-blue-950">{heading} ": " {money(lang, p.amount_vnd)}</h2>
                            {if notice == "paid" {
                                view! { <p class="mt-2 font-semibold text-green-800" data-testid="fee-paid">{paid}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="mt-2 flex flex-wrap gap-3">
                                        <form method="post" action=format!("/ho-so/{code}/thanh-toan")>
                                            <button type="submit" data-testid="pay"
                                                class="rounded bg-green-700 px-6 py-3 text-lg font-semibold text-white">{pay}</button>
                                        </form>
                                        {p.vnpay.then(|| view! {
                                            <form method="post" action=format!("/ho-so/{code}/thanh-toan")>
                                                <input type="hidden" name="provider" value="vnpay"/>
                                                <button type="submit" data-testid="pay-vnpay"
                                                    class="rounded border-2 border-blue-800 px-6 py-3 text-lg font-semibold text-blue-900">{pay_vnpay}</button>
                                            </form>
                                        })}
                                    </div>
                                }.into_any()
                            }}
                            {(!p.attempts.is_empty()).then(|| view! {
                                <h3 class="mt-4 font-semibold">{history}</h3>
                                <div class="overflow-x-auto">
                                    <table class="w-full text-left" data-testid="payment-history">
                                        <thead><tr class="border-b-2 border-slate-400">
                                            <th class="p-2">{when}</th><th class="p-2">{amount}</th><th class="p-2">{reference}</th><th class="p-2">{status}</th>
                                        </tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            })}
                        </section>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

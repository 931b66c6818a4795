//! The development sandboxes' pages (`/sandbox/…`): the SMS outbox, the sandbox bank
//! and the sandbox VNPAY gateway. They are not routes of the app (`crate::App`): the
//! server renders them in [`crate::SandboxApp`], without scripts, from its sandbox
//! handlers (`server::sandbox`), which exist only while the sandbox is on, giving each
//! render what to show in its context. Nothing hydrates them, so they read that value
//! directly (no resource to carry it to a browser). Their forms are plain posts.

use crate::i18n::{Lang, Sandbox, fill, use_lang};
use crate::routes::not_found::NotFound;
use domain::Text;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The SMS outbox, newest first, filtered by `phone` when it is not empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub phone: String,
    pub messages: Vec<OutboxLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxLine {
    pub to: String,
    pub body: String,
    /// The day it was sent, as people write it (`01/12/2026`).
    pub sent: String,
}

/// The sandbox bank's page: its form, and after a post the transfer's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankPage {
    pub result: Option<BankResult>,
}

/// What a transfer from the sandbox bank's form did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BankResult {
    Sent {
        amount_vnd: domain::Vnd,
        event_id: String,
        /// The server answered the notification (otherwise it is being retried).
        delivered: bool,
    },
    Refused(Text),
}

/// A payment URL opened at the sandbox gateway: the order to pay, or why the "gateway"
/// refuses it (the page then answers 400).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GatewayOrder {
    Pay {
        amount_vnd: domain::Vnd,
        info: String,
        /// The signed query string, posted back with the decision.
        query: String,
    },
    Refused(Text),
}

/// `/sandbox/sms`.
#[component]
pub fn SandboxSmsPage() -> impl IntoView {
    let en = use_lang() == Lang::En;
    or_not_found(use_context::<Outbox>().map(|o| outbox(o, en).into_any()))
}

/// The page, or the site's not-found page when a render was given nothing to show.
fn or_not_found(page: Option<AnyView>) -> AnyView {
    page.unwrap_or_else(|| view! { <NotFound/> }.into_any())
}

fn outbox(o: Outbox, en: bool) -> impl IntoView {
    let tr = Lang::english_if(en).of::<Sandbox>();
    let rows = o
        .messages
        .into_iter()
        .map(|m| view! { <tr><td>{m.to}</td><td>{m.body}</td><td>{m.sent}</td></tr> })
        .collect_view();
    view! {
        <div class="sandbox-page">
            <h1>{tr.test_sms_outbox}</h1>
            <p>
                {tr.these_messages_are_not}
                <code>"/sandbox/sms?phone=0912345678"</code>
            </p>
            <form method="get" action="/sandbox/sms">
                <label for="sandbox-phone">{tr.phone_number}</label>
                " "
                <input id="sandbox-phone" name="phone" inputmode="tel" value=o.phone/>
                " "
                <button type="submit">{tr.filter}</button>
            </form>
            <table data-testid="sandbox-outbox">
                <thead>
                    <tr>
                        <th>{tr.to}</th>
                        <th>{tr.message}</th>
                        <th>{tr.date}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// `/sandbox/bank`: the form, and after a post the transfer's result.
#[component]
pub fn SandboxBankPage() -> impl IntoView {
    set_status_of::<BankPage>(|p| matches!(p.result, Some(BankResult::Refused(_))));
    let lang = use_lang();
    or_not_found(use_context::<BankPage>().map(|p| bank(p, lang)))
}

fn bank(p: BankPage, lang: Lang) -> AnyView {
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Sandbox>();
    view! {
        <div class="sandbox-page">
            <h1>{tr.test_bank}</h1>
            <p>{tr.paste_content_of_vietqr}</p>
            {p.result.map(|r| bank_result(r, lang))}
            <form method="post" action="/sandbox/bank">
                <p>
                    <label for="qr">{tr.qr_content}</label>
                    <br/>
                    <textarea id="qr" name="qr" rows="4" cols="60" required></textarea>
                </p>
                <p>
                    <label for="amount">{tr.amount_only_when_qr}</label>
                    <br/>
                    <input id="amount" name="amount" inputmode="numeric"/>
                </p>
                <p><button type="submit">{tr.transfer}</button></p>
            </form>
        </div>
    }
    .into_any()
}

fn bank_result(r: BankResult, lang: Lang) -> AnyView {
    let en = lang == Lang::En;
    match r {
        BankResult::Sent {
            amount_vnd,
            event_id,
            delivered,
        } => {
            let tr = lang.of::<Sandbox>();
            let answer = if delivered {
                tr.bank_delivered
            } else {
                tr.bank_retrying
            };
            let sent = fill!(
                tr.bank_transferred,
                amount = lang.money(amount_vnd),
                event = event_id
            );
            view! { <p role="status" data-testid="bank-result">{sent}{answer}</p> }.into_any()
        }
        BankResult::Refused(why) => {
            view! { <p role="alert" data-testid="bank-error">{why.get(en).to_owned()}</p> }
                .into_any()
        }
    }
}

/// `/sandbox/vnpay/pay?…`: the order, with "pay" and "cancel".
#[component]
pub fn SandboxVnpayPage() -> impl IntoView {
    set_status_of::<GatewayOrder>(|o| matches!(o, GatewayOrder::Refused(_)));
    let lang = use_lang();
    or_not_found(use_context::<GatewayOrder>().map(|o| gateway(o, lang)))
}

fn gateway(o: GatewayOrder, lang: Lang) -> AnyView {
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Sandbox>();
    view! {
        <div class="sandbox-page">
            <h1>{tr.test_vnpay_gateway}</h1>
            <p>{tr.no_real_money_moves}</p>
            {order(o, lang)}
        </div>
    }
    .into_any()
}

fn order(o: GatewayOrder, lang: Lang) -> AnyView {
    let en = lang == Lang::En;
    let tr = Lang::english_if(en).of::<Sandbox>();
    match o {
        GatewayOrder::Pay {
            amount_vnd,
            info,
            query,
        } => {
            let decision = move |value: &'static str, label: &'static str| {
                view! {
                    <form method="post" action="/sandbox/vnpay/pay">
                        <input type="hidden" name="query" value=query.clone()/>
                        <input type="hidden" name="decision" value=value/>
                        <p><button type="submit">{label}</button></p>
                    </form>
                }
            };
            view! {
                <p>
                    {tr.pay}
                    <strong data-testid="vnpay-amount">{lang.money(amount_vnd)}</strong>
                    {tr.for_}
                    {info}
                </p>
                {decision("pay", tr.pay_2)}
                {decision("cancel", tr.cancel_payment)}
                {decision("pay_without_ipn", tr.pay_without_ipn)}
            }
            .into_any()
        }
        GatewayOrder::Refused(why) => {
            view! { <p role="alert" data-testid="vnpay-error">{why.get(en).to_owned()}</p> }
                .into_any()
        }
    }
}

/// Answers 400 when the value the server gave this render is a refusal.
fn set_status_of<T: Clone + Send + Sync + 'static>(refused: fn(&T) -> bool) {
    if let (Some(opts), Some(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        use_context::<T>(),
    ) && refused(&value)
    {
        opts.set_status(axum::http::StatusCode::BAD_REQUEST);
    }
}

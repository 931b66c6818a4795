//! The development sandboxes' pages (`/sandbox/…`): the SMS outbox, the sandbox bank
//! and the sandbox VNPAY gateway. They are not routes of the app (`crate::App`): the
//! server renders them in [`crate::SandboxApp`], without scripts, from its sandbox
//! handlers (`server::sandbox`), which exist only while the sandbox is on, giving each
//! render what to show in its context. Nothing hydrates them, so they read that value
//! directly (no resource to carry it to a browser). Their forms are plain posts.

use crate::i18n::{Lang, use_lang};
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
        amount_vnd: i64,
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
        amount_vnd: i64,
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
    let rows = o
        .messages
        .into_iter()
        .map(|m| view! { <tr><td>{m.to}</td><td>{m.body}</td><td>{m.sent}</td></tr> })
        .collect_view();
    view! {
        <div class="sandbox-page">
            <h1>{if en { "Test SMS outbox" } else { "Hộp thư SMS thử nghiệm" }}</h1>
            <p>
                {if en {
                    "These messages are not sent to real phones. As JSON: "
                } else {
                    "Tin nhắn không được gửi đến điện thoại thật. JSON: "
                }}
                <code>"/sandbox/sms?phone=0912345678"</code>
            </p>
            <form method="get" action="/sandbox/sms">
                <label for="sandbox-phone">{if en { "Phone number" } else { "Số điện thoại" }}</label>
                " "
                <input id="sandbox-phone" name="phone" inputmode="tel" value=o.phone/>
                " "
                <button type="submit">{if en { "Filter" } else { "Lọc" }}</button>
            </form>
            <table data-testid="sandbox-outbox">
                <thead>
                    <tr>
                        <th>{if en { "To" } else { "Đến" }}</th>
                        <th>{if en { "Message" } else { "Nội dung" }}</th>
                        <th>{if en { "Date" } else { "Ngày" }}</th>
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
    view! {
        <div class="sandbox-page">
            <h1>{if en { "Test bank" } else { "Ngân hàng thử nghiệm" }}</h1>
            <p>{if en {
                "Paste the content of a VietQR code (as a banking app reads it), then press Transfer. No real money moves."
            } else {
                "Dán nội dung mã VietQR (như ứng dụng ngân hàng đọc được) rồi bấm Chuyển khoản. Không có tiền thật."
            }}</p>
            {p.result.map(|r| bank_result(r, lang))}
            <form method="post" action="/sandbox/bank">
                <p>
                    <label for="qr">{if en { "QR content" } else { "Nội dung mã QR" }}</label>
                    <br/>
                    <textarea id="qr" name="qr" rows="4" cols="60" required></textarea>
                </p>
                <p>
                    <label for="amount">{if en { "Amount (only when the QR has none)" } else { "Số tiền (chỉ khi mã QR không có)" }}</label>
                    <br/>
                    <input id="amount" name="amount" inputmode="numeric"/>
                </p>
                <p><button type="submit">{if en { "Transfer" } else { "Chuyển khoản" }}</button></p>
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
            let answer = match (delivered, en) {
                (true, false) => "Máy chủ đã nhận thông báo.",
                (true, true) => "The server received the notification.",
                (false, false) => "Đang gửi lại thông báo cho máy chủ…",
                (false, true) => "Sending the notification to the server again…",
            };
            let sent = if en {
                format!(
                    "Transferred {} (transaction {event_id}). ",
                    lang.money(amount_vnd)
                )
            } else {
                format!(
                    "Đã chuyển {} (giao dịch {event_id}). ",
                    lang.money(amount_vnd)
                )
            };
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
    view! {
        <div class="sandbox-page">
            <h1>{if en { "Test VNPAY gateway" } else { "Cổng VNPAY thử nghiệm" }}</h1>
            <p>{if en {
                "No real money moves. This page plays the VNPAY payment gateway."
            } else {
                "Không có tiền thật. Trang này đóng vai cổng thanh toán VNPAY."
            }}</p>
            {order(o, lang)}
        </div>
    }
    .into_any()
}

fn order(o: GatewayOrder, lang: Lang) -> AnyView {
    let en = lang == Lang::En;
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
                    {if en { "Pay " } else { "Thanh toán " }}
                    <strong data-testid="vnpay-amount">{lang.money(amount_vnd)}</strong>
                    {if en { " for: " } else { " cho: " }}
                    {info}
                </p>
                {decision("pay", if en { "Pay" } else { "Thanh toán" })}
                {decision("cancel", if en { "Cancel the payment" } else { "Huỷ giao dịch" })}
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

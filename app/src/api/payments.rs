//! Payments for the pages: starting one (a server function its `ActionForm` posts, with
//! JavaScript or without), a payment and a dossier's payments, the receipt check and
//! the receipt slip.

use crate::error::AppError;
use domain::payment::PaymentStatus;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One payment attempt as the payment page and the history table show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PaymentView {
    pub id: i64,
    pub notice_id: i64,
    pub dossier_code: String,
    pub reference: String,
    pub amount_vnd: domain::Vnd,
    pub status: PaymentStatus,
    pub qr_payload: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub agency_name: String,
    pub bank_bin: String,
    pub bank_name: String,
    pub account_number: String,
    pub account_name: String,
    pub provider: domain::payment::Provider,
    /// VNPAY's payment page for this attempt (empty for a QR).
    pub pay_url: String,
    /// Server time when read, so the countdown does not trust the device clock.
    pub now: i64,
    /// Where "back" goes: the dossier, or for the holder of a fee-notice link (who
    /// cannot see the dossier) the link again, which makes a fresh QR.
    pub back_href: String,
}

/// A dossier's fee notice and every payment attempt, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DossierPayments {
    /// `None` when no fee is due.
    pub notice_status: Option<domain::payment::NoticeStatus>,
    /// The paid fee's refund, asked for or made (not a rejected one).
    pub refund: Option<domain::payment::RefundStatus>,
    pub amount_vnd: domain::Vnd,
    pub attempts: Vec<PaymentView>,
    /// VNPAY is offered as a second way to pay.
    pub vnpay: bool,
    /// The notice's lines: quantity × unit price = amount.
    pub lines: Vec<domain::fees::Charge>,
    /// A fee reduction claimed for a category of payer, and where it stands.
    pub claim: Option<domain::dossier::view::FeeClaim>,
}

#[cfg(feature = "ssr")]
fn view_of(a: services::payments::Attempt, now: i64) -> PaymentView {
    let back_href = format!("/ho-so/{}", a.dossier_code);
    PaymentView {
        back_href,
        id: a.id,
        notice_id: a.notice_id,
        dossier_code: a.dossier_code,
        reference: a.reference,
        amount_vnd: a.amount_vnd,
        status: a.status,
        qr_payload: a.qr_payload,
        created_at: a.created_at,
        expires_at: a.expires_at,
        agency_name: a.agency_name,
        bank_bin: a.bank_bin,
        bank_name: a.bank_name,
        account_number: a.account_number,
        account_name: a.account_name,
        provider: a.provider,
        pay_url: a.pay_url,
        now,
    }
}

#[cfg(feature = "ssr")]
async fn who() -> Result<services::dossiers::Who, AppError> {
    let crate::caller::Payer(who) = crate::caller::get().await?;
    Ok(who)
}

/// One attempt, for the payment page.
/// Starts paying a dossier's fee notice (its applicant, or an officer of its agency):
/// the browser goes to the payment page with the live QR (the same one while it lives,
/// else a new one), or, with `provider=vnpay`, to VNPAY's payment page. A refusal (no
/// fee due, a reduction still being checked, too many attempts) stays on the dossier.
#[server(endpoint = "payments/start")]
pub async fn start_payment(
    code: String,
    #[server(default)] provider: String,
) -> Result<domain::Text, AppError> {
    use crate::i18n::{Messages, text};
    let s = crate::api::ssr::services()?;
    let crate::caller::SignedIn(who) = crate::caller::get().await?;
    let to = if domain::payment::Provider::parse(&provider)
        == Some(domain::payment::Provider::Vnpay)
    {
        let ip = crate::api::ssr::client_ip();
        let (attempt, _) = services::payments::vnpay::start(&s, &who, &code, &ip, false).await?;
        attempt.pay_url
    } else {
        let (attempt, _) = services::payments::start_attempt(&s, &who, &code).await?;
        format!("/thanh-toan/{}", attempt.id)
    };
    leptos_axum::redirect(&to);
    Ok(text!(Messages.opening_payment))
}

#[server(endpoint = "payments/one")]
pub async fn get_payment(id: i64) -> Result<PaymentView, AppError> {
    let s = crate::api::ssr::services()?;
    let who = who().await?;
    let a = services::payments::get_attempt(&s, &who, id).await?;
    let mut view = view_of(a, s.now());
    if matches!(who, services::dossiers::Who::NoticeHolder(_)) {
        view.back_href = format!(
            "{}{}",
            services::payments::links::LINK_PATH,
            services::payments::links::token(&s, view.notice_id)
        );
    }
    Ok(view)
}

/// The notice and attempts of a dossier, for its page.
#[server(endpoint = "payments/of-dossier")]
pub async fn get_dossier_payments(code: String) -> Result<DossierPayments, AppError> {
    use services::dossiers::Key;
    let s = crate::api::ssr::services()?;
    let who = who().await?;
    let d = services::dossiers::get(&s, &who, Key::Code(&code)).await?;
    let notice = services::payments::notice_for(&s, d.id).await?;
    let now = s.now();
    let attempts = match &notice {
        Some(_) => services::payments::attempts_for(&s, &who, &code)
            .await?
            .into_iter()
            .map(|a| view_of(a, now))
            .collect(),
        None => Vec::new(),
    };
    let refund = if notice.is_some() {
        services::payments::refunds::of_dossier(&s, &who, &code).await?
    } else {
        None
    };
    Ok(DossierPayments {
        notice_status: notice.as_ref().map(|n| n.status),
        refund,
        lines: notice.as_ref().map(|n| n.lines.clone()).unwrap_or_default(),
        amount_vnd: notice.map_or(domain::Vnd::ZERO, |n| n.amount_vnd),
        attempts,
        vnpay: s.vnpay.is_some(),
        claim: d.fee_claim,
    })
}

/// What the public receipt verification page shows.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReceiptCheck {
    pub valid: bool,
    pub message: domain::Text,
    pub issuer_name: String,
    pub issuer_tax_code: String,
    pub template_symbol: String,
    pub series_symbol: String,
    pub number: String,
    pub issued_on: String,
    pub total_vnd: domain::Vnd,
    pub total_in_words: String,
    pub payer: String,
    pub dossier_code: String,
    pub key_id: String,
}

/// Checks a receipt by the token in its QR (public, no sign-in).
#[server(endpoint = "receipts/verify")]
pub async fn verify_receipt(token: String) -> Result<ReceiptCheck, AppError> {
    let s = crate::api::ssr::services()?;
    let v = services::receipts::verify(&s, &token).await?;
    Ok(ReceiptCheck {
        valid: v.valid,
        message: v.message,
        issuer_name: v.issuer_name,
        issuer_tax_code: v.issuer_tax_code,
        template_symbol: v.template_symbol,
        series_symbol: v.series_symbol,
        number: v.number,
        issued_on: v.issued_on,
        total_vnd: v.total_vnd,
        total_in_words: v.total_in_words,
        payer: v.payer,
        dossier_code: v.dossier_code,
        key_id: v.key_id,
    })
}

/// What the printed receipt slip (80 mm) shows.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SlipView {
    pub issuer_name: String,
    pub issuer_tax_code: String,
    pub template_symbol: String,
    pub series_symbol: String,
    pub number: String,
    pub issued_on: String,
    pub dossier_code: String,
    pub procedure_name: String,
    pub payer_name: String,
    pub total_vnd: domain::Vnd,
    pub total_in_words: String,
    pub payment_reference: String,
    pub verify_token: String,
}

/// The receipt of a paid attempt, for its slip.
#[server(endpoint = "payments/slip")]
pub async fn receipt_slip(id: i64) -> Result<SlipView, AppError> {
    let s = crate::api::ssr::services()?;
    let r = services::receipts::for_attempt(&s, &who().await?, id).await?;
    let c = r.content;
    Ok(SlipView {
        number: c.number_display(),
        issuer_name: c.issuer_name,
        issuer_tax_code: c.issuer_tax_code,
        template_symbol: c.template_symbol,
        series_symbol: c.series_symbol,
        issued_on: c.issued_on,
        dossier_code: c.dossier_code,
        procedure_name: c.procedure_name,
        payer_name: c.payer_name,
        total_vnd: c.total_vnd,
        total_in_words: c.total_in_words,
        payment_reference: c.payment_reference,
        verify_token: c.verify_token,
    })
}

//! Dynamic VietQR paid from any banking app, confirmed by the bank's balance-change
//! notifications: the [`Gateway`] of the `vietqr` provider. A notification is signed
//! (`signature`), names the reference in its transfer content, and is stored raw, matched
//! and applied by `gateway::receive`; anything that does not match exactly becomes an
//! exception for staff. Nothing acknowledged is lost.

use super::gateway::{
    self, Failure, Gateway, Inbound, Message, Movement, Queried, Received, Refusal, Shown, Starting,
};
use super::settle::Applied;
use super::signature;
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::Text;
use domain::Vnd;
use domain::payment::{ExceptionKind, Provider, find_references};
use domain::vietqr::{Transfer, encode};
use serde::Deserialize;
use std::sync::Arc;

/// A balance-change webhook body.
#[derive(Debug, Clone, Deserialize)]
pub struct BankCredit {
    pub id: String,
    #[serde(default)]
    pub gateway: String,
    #[serde(default)]
    pub transaction_date: String,
    #[serde(default)]
    pub account_number: String,
    #[serde(default)]
    pub content: String,
    pub transfer_type: String,
    pub amount: Vnd,
    #[serde(default)]
    pub reference_code: String,
}

/// What became of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The attempt (id) is paid.
    Paid { attempt_id: i64 },
    /// Seen before: nothing changed.
    Replay,
    /// Not a credit: recorded, nothing to match.
    Ignored,
    /// Recorded for staff.
    Exception { kind: ExceptionKind },
}

/// Dynamic VietQR codes and the bank notifications that confirm them.
#[derive(Clone)]
pub struct VietQrBank {
    /// The key notifications are signed with; an empty key accepts nothing.
    secret: Arc<[u8]>,
}

impl std::fmt::Debug for VietQrBank {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VietQrBank").finish_non_exhaustive()
    }
}

impl VietQrBank {
    #[must_use]
    pub fn new(secret: Arc<[u8]>) -> Self {
        Self { secret }
    }
}

impl Gateway for VietQrBank {
    const PROVIDER: Provider = Provider::VietQr;
    const CHANNEL: &'static str = "bank";
    const ANY_PROVIDER: bool = true;
    type Answer = ServiceResult<Outcome>;

    fn show(&self, a: &Starting<'_>) -> ServiceResult<Shown> {
        let Some(bin) = a.bank_bin.filter(|_| !a.account_number.is_empty()) else {
            return Err(ServiceError::conflict(
                "Cơ quan chưa cấu hình tài khoản thu phí; vui lòng nộp tại Bộ phận Một cửa",
                "The agency has no collection account configured; please pay at the one-stop desk",
            ));
        };
        let qr_payload = encode(&Transfer {
            bin: bin.to_owned(),
            account: a.account_number.to_owned(),
            amount_vnd: Some(a.amount_vnd),
            purpose: Some(a.reference.to_owned()),
            reference: Some(a.reference.to_owned()),
            dynamic: true,
        })
        .map_err(|e| anyhow::anyhow!("agency account cannot be encoded: {e}"))?;
        Ok(Shown {
            qr_payload,
            pay_url: String::new(),
        })
    }

    fn parse(&self, m: &Message<'_>, now: i64) -> Result<Inbound, Refusal> {
        if self.secret.is_empty() {
            return Err(Refusal::NotConfigured);
        }
        if let Err(e) = signature::verify(&self.secret, m.signature, m.body.as_bytes(), now) {
            tracing::warn!(reason = ?e, "bank notification refused");
            return Err(Refusal::Signature);
        }
        let credit: BankCredit = serde_json::from_str(m.body).map_err(|e| {
            Refusal::Malformed(Text::new(
                format!("Thông báo không đúng định dạng: {e}"),
                format!("Malformed notification: {e}"),
            ))
        })?;
        if credit.id.trim().is_empty() {
            return Err(Refusal::Malformed(Text::new(
                "Thiếu id giao dịch",
                "Missing id",
            )));
        }
        let kind = credit.transfer_type.trim().to_ascii_lowercase();
        Ok(Inbound {
            event_id: credit.id.trim().to_owned(),
            amount_vnd: credit.amount,
            references: find_references(&credit.content),
            // A bank says which account it credited; an empty one matches no agency.
            account_number: Some(credit.account_number),
            content: credit.content,
            bank_reference: credit.reference_code,
            movement: if kind == "in" || kind == "credit" {
                Movement::In
            } else {
                Movement::Other
            },
            at: None,
        })
    }

    fn answer(&self, received: Result<Received, Failure>) -> ServiceResult<Outcome> {
        match received {
            Ok(Received::Replay { .. }) => Ok(Outcome::Replay),
            Ok(Received::NotAPayment) => Ok(Outcome::Ignored),
            Ok(Received::Applied(Applied::Paid { attempt_id })) => Ok(Outcome::Paid { attempt_id }),
            Ok(Received::Applied(Applied::Exception { kind, .. })) => {
                Ok(Outcome::Exception { kind })
            }
            Ok(Received::Applied(other @ (Applied::Failed { .. } | Applied::Ignored { .. }))) => {
                Err(anyhow::anyhow!("a bank credit always moves money: {other:?}").into())
            }
            Err(Failure::Refused(Refusal::Signature | Refusal::NotConfigured)) => {
                Err(ServiceError::Unauthenticated)
            }
            Err(Failure::Refused(Refusal::Malformed(why))) => Err(ServiceError::invalid_input(why)),
            Err(Failure::Refused(Refusal::NotOurs | Refusal::BadAmount)) => {
                Err(anyhow::anyhow!("bank notifications are parsed whole").into())
            }
            Err(Failure::Error(e)) => Err(e),
        }
    }

    /// A bank's balance-change service cannot be asked about one transfer: the bank's
    /// statement (`reconcile`) is where a missed notification is found.
    async fn query(
        &self,
        _s: &Services,
        _attempt: &Queried,
    ) -> ServiceResult<Option<(Inbound, String)>> {
        Ok(None)
    }
}

/// Takes a bank notification: its raw body and its `X-Motcua-Signature` header.
///
/// # Errors
/// `Unauthenticated` for a missing, wrong or stale signature (answered 401); `Invalid`
/// for a body that is not a notification (answered 400, so the sender keeps it).
pub async fn receive_bank(
    s: &Services,
    raw_body: &str,
    signature: Option<&str>,
) -> ServiceResult<Outcome> {
    let bank = VietQrBank::new(s.bank_webhook_secret.clone());
    gateway::receive(
        s,
        &bank,
        &Message {
            body: raw_body,
            signature,
        },
    )
    .await
}

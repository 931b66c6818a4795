//! eSMS.vn (ViHAT), a Vietnamese brand-name SMS provider, over its REST JSON API as
//! its developer documentation describes it (developers.esms.vn, "Send OTP/Customer
//! care message", "Get SMS by SMSID", "Table of error codes"):
//!
//! - hand-over: `POST {base}/MainService.svc/json/SendMultipleMessage_V4_post_json/`
//!   with `ApiKey`, `SecretKey`, `Phone`, `Content`, `Brandname`, `SmsType` `"2"`
//!   (customer care, the type for codes and notices), `IsUnicode`, `Sandbox`
//!   and `RequestId` (ours, so a retry is not sent twice: code 124 "Duplicate
//!   RequestId"); the answer's `CodeResult` `"100"` means taken, with its `SMSID`;
//! - delivery: `GET {base}/MainService.svc/json/GetSendStatus?RefId=…&ApiKey=…&SecretKey=…`,
//!   whose `SendStatus` is 1 in review, 2 waiting, 4 rejected, 5 sent (with
//!   `SendSuccess` / `SendFailed` counts), 7 with the operator awaiting its report.
//!
//! A body in plain ASCII (the sign-in code) goes as `IsUnicode` 0, 160 characters a
//! part; one with Vietnamese letters (a dossier's news) as `IsUnicode` 1.

use super::queue::{Delivery, SmsProvider, SubmitError};
use domain::PhoneNumber;
use serde::Deserialize;
use std::time::Duration;

/// eSMS's address.
pub const DEFAULT_BASE_URL: &str = "https://rest.esms.vn";

/// The account and brand name eSMS gave.
#[derive(Clone)]
pub struct EsmsConfig {
    /// `https://rest.esms.vn`, or another address (a test double).
    pub base_url: String,
    pub api_key: String,
    pub secret_key: String,
    /// The registered brand name the messages come from.
    pub brandname: String,
    /// eSMS's own test mode (`Sandbox` 1): checked, not delivered, not charged.
    pub provider_sandbox: bool,
}

impl std::fmt::Debug for EsmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EsmsConfig")
            .field("base_url", &self.base_url)
            .field("api_key", &"[redacted]")
            .field("secret_key", &"[redacted]")
            .field("brandname", &self.brandname)
            .field("provider_sandbox", &self.provider_sandbox)
            .finish()
    }
}

/// The eSMS adapter.
#[derive(Debug, Clone)]
pub struct Esms {
    config: EsmsConfig,
    http: reqwest::Client,
}

impl Esms {
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn new(config: EsmsConfig) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()?;
        Ok(Self { config, http })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url.trim_end_matches('/'))
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SendAnswer {
    code_result: String,
    #[serde(rename = "SMSID", default)]
    smsid: Option<String>,
    #[serde(default)]
    error_message: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StatusAnswer {
    code_response: String,
    #[serde(default)]
    send_status: Option<i64>,
    #[serde(default)]
    send_success: Option<i64>,
    #[serde(default)]
    send_failed: Option<i64>,
}

/// What an eSMS hand-over answer means: taken (with its id), to try again, or never.
fn judge(answer: SendAnswer, request_id: &str) -> Result<String, SubmitError> {
    let why = || {
        format!(
            "eSMS {}: {}",
            answer.code_result,
            answer.error_message.clone().unwrap_or_default()
        )
    };
    match answer.code_result.as_str() {
        "100" => answer
            .smsid
            .clone()
            .filter(|id| !id.is_empty())
            .ok_or_else(|| SubmitError::Retry("eSMS 100 without an SMSID".to_owned())),
        // Taken before: the earlier answer was lost. Its id is not given again, so
        // the message is followed by our request id (GetSendStatus then answers 105).
        "124" => Ok(request_id.to_owned()),
        // The account's balance or the provider's side: may pass.
        "103" | "199" => Err(SubmitError::Retry(why())),
        // A blocked or badly formed number, wrong keys, an unknown brand name or
        // template, an address not allowed: sending again changes nothing.
        _ => Err(SubmitError::Refused(why())),
    }
}

/// What an eSMS status answer means for one message.
fn delivery_of(answer: &StatusAnswer) -> Delivery {
    if answer.code_response != "100" {
        return Delivery::Pending;
    }
    match answer.send_status {
        Some(4) => Delivery::Failed("eSMS: rejected".to_owned()),
        Some(5) if answer.send_success.unwrap_or(0) > 0 => Delivery::Delivered,
        Some(5) if answer.send_failed.unwrap_or(0) > 0 => {
            Delivery::Failed("eSMS: the operator did not deliver it".to_owned())
        }
        _ => Delivery::Pending,
    }
}

#[async_trait::async_trait]
impl SmsProvider for Esms {
    async fn submit(
        &self,
        request_id: &str,
        to: &PhoneNumber,
        body: &str,
    ) -> Result<String, SubmitError> {
        let c = &self.config;
        let request = serde_json::json!({
            "ApiKey": c.api_key,
            "SecretKey": c.secret_key,
            "Phone": to.national(),
            "Content": body,
            "Brandname": c.brandname,
            "SmsType": "2",
            "IsUnicode": if body.is_ascii() { "0" } else { "1" },
            "Sandbox": if c.provider_sandbox { "1" } else { "0" },
            "RequestId": request_id,
        });
        let res = self
            .http
            .post(self.url("/MainService.svc/json/SendMultipleMessage_V4_post_json/"))
            .json(&request)
            .send()
            .await
            .map_err(|e| SubmitError::Retry(format!("eSMS unreachable: {e}")))?;
        if !res.status().is_success() {
            return Err(SubmitError::Retry(format!(
                "eSMS answered {}",
                res.status()
            )));
        }
        let answer: SendAnswer = res
            .json()
            .await
            .map_err(|e| SubmitError::Retry(format!("eSMS answer unreadable: {e}")))?;
        judge(answer, request_id)
    }

    async fn delivery(&self, provider_id: &str) -> anyhow::Result<Delivery> {
        let c = &self.config;
        let answer: StatusAnswer = self
            .http
            .get(self.url("/MainService.svc/json/GetSendStatus"))
            .query(&[
                ("RefId", provider_id),
                ("ApiKey", c.api_key.as_str()),
                ("SecretKey", c.secret_key.as_str()),
            ])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(delivery_of(&answer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send(code: &str, id: Option<&str>) -> SendAnswer {
        SendAnswer {
            code_result: code.to_owned(),
            smsid: id.map(str::to_owned),
            error_message: Some("msg".to_owned()),
        }
    }

    /// The codes of eSMS's "Table of error codes".
    #[test]
    fn hand_over_answers_are_judged_by_esms_codes() {
        assert_eq!(
            judge(send("100", Some("abc")), "motcua-1"),
            Ok("abc".to_owned())
        );
        assert_eq!(
            judge(send("124", None), "motcua-1"),
            Ok("motcua-1".to_owned()),
            "a retry of a message already taken is not sent twice"
        );
        assert!(matches!(
            judge(send("103", None), "r"),
            Err(SubmitError::Retry(_))
        ));
        for refused in ["99", "101", "104", "108", "140", "146"] {
            assert!(
                matches!(
                    judge(send(refused, None), "r"),
                    Err(SubmitError::Refused(_))
                ),
                "{refused}"
            );
        }
        assert!(matches!(
            judge(send("100", None), "r"),
            Err(SubmitError::Retry(_))
        ));
    }

    /// SendStatus of "Get SMS by SMSID": 4 rejected, 5 sent, others on the way.
    #[test]
    fn statuses_are_read_as_esms_documents_them() {
        let status = |code: &str, s: i64, ok: i64, failed: i64| StatusAnswer {
            code_response: code.to_owned(),
            send_status: Some(s),
            send_success: Some(ok),
            send_failed: Some(failed),
        };
        assert_eq!(delivery_of(&status("100", 5, 1, 0)), Delivery::Delivered);
        assert!(matches!(
            delivery_of(&status("100", 5, 0, 1)),
            Delivery::Failed(_)
        ));
        assert!(matches!(
            delivery_of(&status("100", 4, 0, 0)),
            Delivery::Failed(_)
        ));
        for waiting in [1, 2, 7] {
            assert_eq!(
                delivery_of(&status("100", waiting, 0, 0)),
                Delivery::Pending
            );
        }
        assert_eq!(delivery_of(&status("105", 0, 0, 0)), Delivery::Pending);
    }
}

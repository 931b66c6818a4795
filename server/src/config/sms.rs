//! `MOTCUA_SMS_*`: where text messages go.

use super::SmsSettings;
use anyhow::bail;

/// `MOTCUA_SMS_*`: the sandbox when it is on and nothing else is named; eSMS when named,
/// with every value it needs; nothing else.
pub(super) fn settings(
    get: &impl Fn(&str) -> Option<String>,
    sandbox: bool,
) -> anyhow::Result<SmsSettings> {
    let provider = get("MOTCUA_SMS_PROVIDER").map(|p| p.trim().to_ascii_lowercase());
    match provider.as_deref() {
        None | Some("") if sandbox => Ok(SmsSettings::Sandbox),
        Some("sandbox") if sandbox => Ok(SmsSettings::Sandbox),
        None | Some("" | "sandbox") => bail!(
            "MOTCUA_SMS_PROVIDER must name a real SMS provider (`esms`) when the sandbox is off: \
             sign-in codes and payment links must reach phones"
        ),
        Some("esms") => {
            let need = |name: &str| -> anyhow::Result<String> {
                match get(name).map(|v| v.trim().to_owned()) {
                    Some(v) if !v.is_empty() => Ok(v),
                    _ => bail!("{name} is required with MOTCUA_SMS_PROVIDER=esms"),
                }
            };
            let base_url = match get("MOTCUA_SMS_URL") {
                None => services::sms::esms::DEFAULT_BASE_URL.to_owned(),
                Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
                    u.trim().to_owned()
                }
                Some(u) => bail!("MOTCUA_SMS_URL must be an http(s) address, not {u:?}"),
            };
            let brandname = need("MOTCUA_SMS_BRANDNAME")?;
            if brandname.len() > 11 || !brandname.bytes().all(|b| b.is_ascii_graphic()) {
                bail!(
                    "MOTCUA_SMS_BRANDNAME must be the brand name registered with eSMS (at most 11 ASCII characters), not {brandname:?}"
                );
            }
            let provider_sandbox = match get("MOTCUA_SMS_PROVIDER_SANDBOX")
                .as_deref()
                .map(str::trim)
            {
                None | Some("" | "0" | "false" | "off") => false,
                Some("1" | "true" | "on") => true,
                Some(other) => {
                    bail!("MOTCUA_SMS_PROVIDER_SANDBOX must be `true` or `false`, not {other:?}")
                }
            };
            Ok(SmsSettings::Esms(services::sms::esms::EsmsConfig {
                base_url,
                api_key: need("MOTCUA_SMS_API_KEY")?,
                secret_key: need("MOTCUA_SMS_SECRET_KEY")?,
                brandname,
                provider_sandbox,
            }))
        }
        Some(other) => bail!("MOTCUA_SMS_PROVIDER must be `esms` or `sandbox`, not {other:?}"),
    }
}

//! Settings from the environment, validated once at start with a clear message per value.

mod blobs;
mod sms;

use anyhow::{Context as _, bail};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Development or production.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Settings {
    /// `MOTCUA_DATABASE_URL`: `sqlite://data/motcua.db` (default) or `postgres://…`.
    pub database_url: String,
    /// `MOTCUA_DATA_DIR`: where blobs live with the directory store (default `./data`).
    pub data_dir: PathBuf,
    /// `MOTCUA_DB_MAX_CONNECTIONS` (1–1000; 16 on PostgreSQL, 8 on SQLite) and
    /// `MOTCUA_DB_STATEMENT_TIMEOUT_MS` (100–3 600 000, default 30 000; PostgreSQL).
    pub pool: services::db::PoolSettings,
    /// `MOTCUA_METRICS_TOKEN`: lets a scraper read `/metrics` (≥ 32 characters); in
    /// development a client on this machine needs none, in production nobody reads it
    /// without.
    pub metrics_token: Option<String>,
    /// `MOTCUA_BLOB_STORE`: `database` (the default with PostgreSQL: every node reads
    /// every file), `directory` (`$MOTCUA_DATA_DIR/blobs`, the default with SQLite) or
    /// `s3` (a bucket: `MOTCUA_S3_BUCKET`, `MOTCUA_S3_ACCESS_KEY_ID`,
    /// `MOTCUA_S3_SECRET_ACCESS_KEY`, optional `MOTCUA_S3_ENDPOINT`, `MOTCUA_S3_REGION`
    /// and `MOTCUA_S3_PREFIX`).
    pub blobs: services::blobs::Settings,
    /// `MOTCUA_ENV`: `development` or `production`, required.
    pub environment: Environment,
    /// `MOTCUA_SECRET_KEY`: at least 32 characters; required in production.
    pub secret_key: Vec<u8>,
    /// `MOTCUA_SANDBOX`: sandbox SMS outbox and test routes (default on in development).
    pub sandbox: bool,
    /// `MOTCUA_BANK_WEBHOOK_SECRET`: key of the bank notification signatures (≥ 32
    /// characters; required in production; the sandbox bank signs with it too).
    pub bank_webhook_secret: Vec<u8>,
    /// `MOTCUA_PAYMENT_TTL_SECONDS`: how long a payment QR stays payable (default 900).
    pub payment_ttl_seconds: i64,
    /// `MOTCUA_PUBLIC_URL`: the address people reach this server at, printed in the
    /// receipts' verification QR (default `http://` + the site address).
    pub public_url: Option<String>,
    /// VNPAY merchant (`MOTCUA_VNPAY_TMN_CODE`, `MOTCUA_VNPAY_HASH_SECRET`, optional
    /// `MOTCUA_VNPAY_URL`): both or neither. With the sandbox and no settings, a
    /// sandbox merchant pays through `/sandbox/vnpay`.
    pub vnpay: Option<VnpaySettings>,
    /// Where text messages go: the sandbox outbox, or eSMS (`MOTCUA_SMS_PROVIDER=esms`
    /// with `MOTCUA_SMS_API_KEY`, `MOTCUA_SMS_SECRET_KEY`, `MOTCUA_SMS_BRANDNAME`,
    /// optional `MOTCUA_SMS_URL` and `MOTCUA_SMS_PROVIDER_SANDBOX`). Production must
    /// name a real provider: codes that reach no phone lock everybody out.
    pub sms: SmsSettings,
    /// `MOTCUA_KIOSK_IDLE_SECONDS`: a kiosk left alone this long ends the visit
    /// (default 90; the warning comes 20 seconds before).
    pub kiosk_idle_seconds: i64,
    /// `LEPTOS_SITE_ADDR` (default `127.0.0.1:3000`).
    pub site_addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT` (default `target/site`).
    pub site_root: PathBuf,
    /// `MOTCUA_TRUSTED_PROXIES`: the proxies (addresses or networks) whose
    /// `X-Forwarded-For` names the client; empty (default) trusts nobody.
    pub trusted_proxies: services::net::TrustedProxies,
    /// `LEPTOS_ENV`: Leptos' `DEV` or `PROD` settings; by default `PROD` in a release
    /// build and `DEV` in a debug build.
    pub leptos_env: leptos::config::Env,
}

/// Which profile this binary was built with.
#[must_use]
pub const fn build_profile() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}

/// The VNPAY merchant's settings.
#[derive(Clone)]
pub struct VnpaySettings {
    pub tmn_code: String,
    pub hash_secret: String,
    /// The payment page; `None` means the sandbox gateway of this server.
    pub pay_url: Option<String>,
    /// The transaction API (`querydr`); `None` with the sandbox gateway of this server.
    pub api_url: Option<String>,
}

impl std::fmt::Debug for VnpaySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VnpaySettings")
            .field("tmn_code", &self.tmn_code)
            .field("hash_secret", &"[redacted]")
            .field("pay_url", &self.pay_url)
            .field("api_url", &self.api_url)
            .finish()
    }
}

/// Where text messages go.
#[derive(Clone, Debug)]
pub enum SmsSettings {
    /// Kept in the database and shown at `/sandbox/sms` (development only).
    Sandbox,
    /// eSMS.vn's brand-name SMS API, through the queue.
    Esms(services::sms::esms::EsmsConfig),
}

/// VNPAY's own test gateway.
pub const VNPAY_SANDBOX_URL: &str = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html";
/// VNPAY's own test transaction API (`querydr`).
pub const VNPAY_SANDBOX_API_URL: &str =
    "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction";
const DEV_VNPAY_SECRET: &str = "development-only VNPAY hash secret";

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("data_dir", &self.data_dir)
            .field("blobs", &self.blobs)
            .field("pool", &self.pool)
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "[redacted]"),
            )
            .field("environment", &self.environment)
            .field("secret_key", &"[redacted]")
            .field("sandbox", &self.sandbox)
            .field("bank_webhook_secret", &"[redacted]")
            .field("payment_ttl_seconds", &self.payment_ttl_seconds)
            .field("site_addr", &self.site_addr)
            .field("site_root", &self.site_root)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("sms", &self.sms)
            .field("leptos_env", &self.leptos_env)
            .finish()
    }
}

const DEV_SECRET: &str = "development-only secret key, never use in production";
const DEV_WEBHOOK_SECRET: &str = "development-only bank webhook secret, never in production";

/// Hides a password in a database URL for logs.
#[must_use]
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

impl Settings {
    /// Reads the process environment.
    ///
    /// # Errors
    /// One message naming the variable and what is wrong with it.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    ///
    /// # Errors
    /// One message naming the variable and what is wrong with it.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        // Never guessed: a server started without it in production would otherwise run
        // the sandbox (every OTP readable, any payment marked paid) with secrets
        // published in the source.
        let environment = match get("MOTCUA_ENV").as_deref().map(str::trim) {
            None | Some("") => bail!(
                "MOTCUA_ENV must be set: `production` for a real centre, or `development` \
                 (sandbox SMS and bank, development-only secrets) to try Một Cửa on this machine"
            ),
            Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => bail!("MOTCUA_ENV must be `development` or `production`, not {other:?}"),
        };
        let database_url =
            get("MOTCUA_DATABASE_URL").unwrap_or_else(|| "sqlite://data/motcua.db".to_owned());
        services::Engine::from_url(&database_url).with_context(|| {
            format!(
                "MOTCUA_DATABASE_URL {:?} is not usable",
                redact_url(&database_url)
            )
        })?;
        let data_dir = PathBuf::from(get("MOTCUA_DATA_DIR").unwrap_or_else(|| "./data".to_owned()));
        if data_dir.as_os_str().is_empty() {
            bail!("MOTCUA_DATA_DIR must not be empty");
        }
        let engine = services::Engine::from_url(&database_url)?;
        crate::telemetry::LogFormat::from_setting(get("MOTCUA_LOG_FORMAT").as_deref())?;
        let metrics_token = match get("MOTCUA_METRICS_TOKEN") {
            Some(t) if t.chars().count() >= 32 => Some(t),
            Some(_) => bail!("MOTCUA_METRICS_TOKEN must be at least 32 characters long"),
            None => None,
        };
        let mut pool = services::db::PoolSettings::default_for(engine);
        if let Some(v) = get("MOTCUA_DB_MAX_CONNECTIONS") {
            pool.max_connections = v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .with_context(|| {
                    format!("MOTCUA_DB_MAX_CONNECTIONS must be a number from 1 to 1000, not {v:?}")
                })?;
        }
        if let Some(v) = get("MOTCUA_DB_STATEMENT_TIMEOUT_MS") {
            let ms = v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| (100..=3_600_000).contains(n))
                .with_context(|| {
                    format!(
                        "MOTCUA_DB_STATEMENT_TIMEOUT_MS must be a number of milliseconds from 100 to 3600000, not {v:?}"
                    )
                })?;
            pool.statement_timeout = Some(std::time::Duration::from_millis(ms));
        }
        let secret_key = match (get("MOTCUA_SECRET_KEY"), environment) {
            (Some(k), _) if k.chars().count() >= 32 => k.into_bytes(),
            (Some(_), _) => bail!("MOTCUA_SECRET_KEY must be at least 32 characters long"),
            (None, Environment::Production) => {
                bail!("MOTCUA_SECRET_KEY is required when MOTCUA_ENV=production")
            }
            (None, Environment::Development) => DEV_SECRET.as_bytes().to_vec(),
        };
        let bank_webhook_secret = match (get("MOTCUA_BANK_WEBHOOK_SECRET"), environment) {
            (Some(k), _) if k.chars().count() >= 32 => k.into_bytes(),
            (Some(_), _) => bail!("MOTCUA_BANK_WEBHOOK_SECRET must be at least 32 characters long"),
            (None, Environment::Production) => {
                bail!("MOTCUA_BANK_WEBHOOK_SECRET is required when MOTCUA_ENV=production")
            }
            (None, Environment::Development) => DEV_WEBHOOK_SECRET.as_bytes().to_vec(),
        };
        let payment_ttl_seconds = match get("MOTCUA_PAYMENT_TTL_SECONDS") {
            None => services::payments::DEFAULT_ATTEMPT_SECONDS,
            Some(v) => match v.trim().parse::<i64>() {
                Ok(n) if (60..=86_400).contains(&n) => n,
                _ => bail!(
                    "MOTCUA_PAYMENT_TTL_SECONDS must be a number of seconds from 60 to 86400, not {v:?}"
                ),
            },
        };
        let sandbox = match get("MOTCUA_SANDBOX").as_deref().map(str::trim) {
            None | Some("") => environment == Environment::Development,
            Some("1" | "true" | "on") => true,
            Some("0" | "false" | "off") => false,
            Some(other) => bail!("MOTCUA_SANDBOX must be `true` or `false`, not {other:?}"),
        };
        if sandbox && environment == Environment::Production {
            bail!(
                "the sandbox (fake SMS outbox and test routes) cannot run with MOTCUA_ENV=production; \
                 set MOTCUA_SANDBOX=false"
            );
        }
        let public_url = match get("MOTCUA_PUBLIC_URL") {
            None => None,
            Some(v) => {
                let v = v.trim().trim_end_matches('/').to_owned();
                let rest = v
                    .strip_prefix("https://")
                    .or_else(|| v.strip_prefix("http://"));
                match rest {
                    Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {
                        Some(v)
                    }
                    _ => bail!(
                        "MOTCUA_PUBLIC_URL must be an address such as https://motcua.example.gov.vn, not {v:?}"
                    ),
                }
            }
        };
        let vnpay = match (
            get("MOTCUA_VNPAY_TMN_CODE"),
            get("MOTCUA_VNPAY_HASH_SECRET"),
        ) {
            (Some(code), Some(secret)) => {
                let code = code.trim().to_owned();
                if code.is_empty()
                    || code.len() > 8
                    || !code.bytes().all(|b| b.is_ascii_alphanumeric())
                {
                    bail!(
                        "MOTCUA_VNPAY_TMN_CODE must be the 8-character terminal code VNPAY gave, not {code:?}"
                    );
                }
                if secret.trim().len() < 16 {
                    bail!(
                        "MOTCUA_VNPAY_HASH_SECRET must be the secret VNPAY gave (at least 16 characters)"
                    );
                }
                let http = |name: &str, u: String| {
                    let u = u.trim().to_owned();
                    if u.starts_with("https://") || u.starts_with("http://") {
                        Ok(u)
                    } else {
                        Err(anyhow::anyhow!(
                            "{name} must be an http(s) address, not {u:?}"
                        ))
                    }
                };
                // VNPAY's sandbox by default; a production merchant names both the
                // payment page and the transaction API.
                let (pay_url, api_url) = match (
                    get("MOTCUA_VNPAY_URL"),
                    get("MOTCUA_VNPAY_API_URL"),
                ) {
                    (None, None) => (
                        VNPAY_SANDBOX_URL.to_owned(),
                        VNPAY_SANDBOX_API_URL.to_owned(),
                    ),
                    (Some(pay), Some(api)) => (
                        http("MOTCUA_VNPAY_URL", pay)?,
                        http("MOTCUA_VNPAY_API_URL", api)?,
                    ),
                    _ => bail!(
                        "set both MOTCUA_VNPAY_URL and MOTCUA_VNPAY_API_URL (the transaction query API), or neither"
                    ),
                };
                Some(VnpaySettings {
                    tmn_code: code,
                    hash_secret: secret.trim().to_owned(),
                    pay_url: Some(pay_url),
                    api_url: Some(api_url),
                })
            }
            (None, None) if sandbox => Some(VnpaySettings {
                tmn_code: "MOTCUA01".to_owned(),
                hash_secret: DEV_VNPAY_SECRET.to_owned(),
                pay_url: None,
                api_url: None,
            }),
            (None, None) => None,
            _ => bail!("set both MOTCUA_VNPAY_TMN_CODE and MOTCUA_VNPAY_HASH_SECRET, or neither"),
        };
        let sms = sms::settings(&get, sandbox)?;
        let blobs = blobs::settings(&get, engine, environment, &data_dir)?;
        let kiosk_idle_seconds = match get("MOTCUA_KIOSK_IDLE_SECONDS") {
            None => 90,
            Some(v) => match v.trim().parse::<i64>() {
                Ok(n) if (30..=1800).contains(&n) => n,
                _ => bail!(
                    "MOTCUA_KIOSK_IDLE_SECONDS must be a number of seconds from 30 to 1800, not {v:?}"
                ),
            },
        };
        let addr = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let site_addr = addr.parse().with_context(|| {
            format!("LEPTOS_SITE_ADDR {addr:?} is not an address such as 127.0.0.1:3000")
        })?;
        let site_root =
            PathBuf::from(get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()));
        let trusted_proxies = services::net::TrustedProxies::parse(
            &get("MOTCUA_TRUSTED_PROXIES").unwrap_or_default(),
        )
        .map_err(|item| {
            anyhow::anyhow!(
                "MOTCUA_TRUSTED_PROXIES must list addresses or networks such as 10.0.0.5, 10.1.0.0/16; cannot read {item:?}"
            )
        })?;
        let leptos_env = match get("LEPTOS_ENV").as_deref().map(str::trim) {
            None | Some("") if cfg!(debug_assertions) => leptos::config::Env::DEV,
            None | Some("") => leptos::config::Env::PROD,
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "dev" | "development" => leptos::config::Env::DEV,
                "prod" | "production" => leptos::config::Env::PROD,
                _ => bail!("LEPTOS_ENV must be `DEV` or `PROD`, not {v:?}"),
            },
        };
        Ok(Self {
            database_url,
            data_dir,
            pool,
            metrics_token,
            blobs,
            environment,
            secret_key,
            sandbox,
            bank_webhook_secret,
            payment_ttl_seconds,
            public_url,
            vnpay,
            sms,
            kiosk_idle_seconds,
            site_addr,
            site_root,
            trusted_proxies,
            leptos_env,
        })
    }

    #[must_use]
    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    pub(super) fn load(pairs: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let mut map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        map.entry("MOTCUA_ENV".to_owned())
            .or_insert_with(|| "development".to_owned());
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn the_environment_must_be_named() {
        // Without MOTCUA_ENV the server does not start, rather than run as development
        // (sandbox on, published secrets) on a machine meant for production.
        for unset in [None, Some(""), Some("  ")] {
            let err = Settings::from_lookup(|k| {
                (k == "MOTCUA_ENV")
                    .then_some(unset)
                    .flatten()
                    .map(str::to_owned)
            })
            .map(|_| ())
            .unwrap_err()
            .to_string();
            assert!(err.starts_with("MOTCUA_ENV must be set"), "{err}");
            assert!(
                err.contains("`production`") && err.contains("`development`"),
                "{err}"
            );
        }
        assert_eq!(
            load(&[("MOTCUA_ENV", "development")]).unwrap().environment,
            Environment::Development
        );
    }

    #[test]
    fn defaults_are_a_development_sqlite_setup() {
        let s = load(&[]).unwrap();
        assert_eq!(s.database_url, "sqlite://data/motcua.db");
        assert_eq!(s.environment, Environment::Development);
        assert!(s.sandbox);
        assert_eq!(s.site_addr.to_string(), "127.0.0.1:3000");
        let vnpay = s.vnpay.expect("the sandbox merchant");
        assert_eq!(vnpay.pay_url, None, "paid through /sandbox/vnpay");
        let real = load(&[
            ("MOTCUA_VNPAY_TMN_CODE", "MOTCUA01"),
            ("MOTCUA_VNPAY_HASH_SECRET", "0123456789abcdef0123"),
            ("MOTCUA_PUBLIC_URL", "https://motcua.example.gov.vn/"),
        ])
        .unwrap();
        assert_eq!(
            real.vnpay.unwrap().pay_url.as_deref(),
            Some(VNPAY_SANDBOX_URL)
        );
        assert_eq!(
            real.public_url.as_deref(),
            Some("https://motcua.example.gov.vn")
        );
        assert!(matches!(s.sms, SmsSettings::Sandbox));
        assert!(
            load(&[
                ("MOTCUA_SANDBOX", "false"),
                ESMS[0],
                ESMS[1],
                ESMS[2],
                ESMS[3]
            ])
            .unwrap()
            .vnpay
            .is_none()
        );
    }

    const ESMS: [(&str, &str); 4] = [
        ("MOTCUA_SMS_PROVIDER", "esms"),
        ("MOTCUA_SMS_API_KEY", "an api key"),
        ("MOTCUA_SMS_SECRET_KEY", "a secret key"),
        ("MOTCUA_SMS_BRANDNAME", "MOTCUA"),
    ];

    /// Issue 15, item 8: without the sandbox, codes must reach phones: a real provider
    /// is required, with everything it needs, and its keys never reach a log.
    #[test]
    fn without_the_sandbox_a_real_sms_provider_is_required() {
        let err = format!("{:#}", load(&[("MOTCUA_SANDBOX", "false")]).unwrap_err());
        assert!(err.contains("MOTCUA_SMS_PROVIDER"), "{err}");
        for (name, _) in &ESMS[1..] {
            let mut pairs = vec![("MOTCUA_SANDBOX", "false")];
            pairs.extend(ESMS.iter().filter(|p| p.0 != *name));
            let err = format!("{:#}", load(&pairs).unwrap_err());
            assert!(err.contains(name), "{err}");
        }
        let s = load(&[ESMS[0], ESMS[1], ESMS[2], ESMS[3]]).unwrap();
        let SmsSettings::Esms(c) = &s.sms else {
            panic!("{:?}", s.sms)
        };
        assert_eq!(c.base_url, "https://rest.esms.vn");
        assert_eq!(c.brandname, "MOTCUA");
        assert!(!c.provider_sandbox);
        let logged = format!("{s:?}");
        assert!(
            !logged.contains("an api key") && !logged.contains("a secret key"),
            "{logged}"
        );
        for (name, bad) in [
            ("MOTCUA_SMS_PROVIDER", "twilio"),
            ("MOTCUA_SMS_URL", "rest.esms.vn"),
            ("MOTCUA_SMS_BRANDNAME", "MỘT CỬA"),
            ("MOTCUA_SMS_PROVIDER_SANDBOX", "maybe"),
        ] {
            let mut pairs: Vec<(&str, &str)> =
                ESMS.iter().copied().filter(|p| p.0 != name).collect();
            pairs.push((name, bad));
            let err = format!("{:#}", load(&pairs).unwrap_err());
            assert!(err.contains(name), "{err}");
        }
    }

    #[test]
    fn each_bad_value_gets_a_message_naming_it() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("MOTCUA_ENV", "staging")], "MOTCUA_ENV"),
            (
                &[("MOTCUA_DATABASE_URL", "mysql://x")],
                "MOTCUA_DATABASE_URL",
            ),
            (&[("MOTCUA_ENV", "production")], "MOTCUA_SECRET_KEY"),
            (&[("MOTCUA_SECRET_KEY", "short")], "MOTCUA_SECRET_KEY"),
            (&[("LEPTOS_SITE_ADDR", "localhost")], "LEPTOS_SITE_ADDR"),
            (&[("LEPTOS_ENV", "staging")], "LEPTOS_ENV"),
            (
                &[("MOTCUA_TRUSTED_PROXIES", "10.0.0.1, nginx")],
                "MOTCUA_TRUSTED_PROXIES",
            ),
            (&[("MOTCUA_SANDBOX", "maybe")], "MOTCUA_SANDBOX"),
            (
                &[("MOTCUA_PAYMENT_TTL_SECONDS", "5")],
                "MOTCUA_PAYMENT_TTL_SECONDS",
            ),
            (
                &[("MOTCUA_BANK_WEBHOOK_SECRET", "short")],
                "MOTCUA_BANK_WEBHOOK_SECRET",
            ),
            (
                &[
                    ("MOTCUA_ENV", "production"),
                    ("MOTCUA_SECRET_KEY", "0123456789abcdef0123456789abcdef"),
                ],
                "MOTCUA_BANK_WEBHOOK_SECRET",
            ),
            (
                &[("MOTCUA_PUBLIC_URL", "motcua.gov.vn")],
                "MOTCUA_PUBLIC_URL",
            ),
            (&[("MOTCUA_BLOB_STORE", "s3")], "MOTCUA_BLOB_STORE"),
            (
                &[("MOTCUA_DB_MAX_CONNECTIONS", "0")],
                "MOTCUA_DB_MAX_CONNECTIONS",
            ),
            (
                &[("MOTCUA_DB_STATEMENT_TIMEOUT_MS", "30s")],
                "MOTCUA_DB_STATEMENT_TIMEOUT_MS",
            ),
            (
                &[("MOTCUA_VNPAY_TMN_CODE", "MOTCUA01")],
                "MOTCUA_VNPAY_HASH_SECRET",
            ),
            (
                &[
                    ("MOTCUA_VNPAY_TMN_CODE", "MOT CUA"),
                    ("MOTCUA_VNPAY_HASH_SECRET", "0123456789abcdef0123"),
                ],
                "MOTCUA_VNPAY_TMN_CODE",
            ),
            (
                &[
                    ("MOTCUA_VNPAY_TMN_CODE", "MOTCUA01"),
                    ("MOTCUA_VNPAY_HASH_SECRET", "short"),
                ],
                "MOTCUA_VNPAY_HASH_SECRET",
            ),
        ];
        for (pairs, name) in cases {
            let err = format!("{:#}", load(pairs).unwrap_err());
            assert!(err.contains(name), "{err}");
        }
    }

    /// Issue 17: pool sizes follow the engine unless set.
    #[test]
    fn the_pool_follows_the_engine_unless_set() {
        assert_eq!(load(&[]).unwrap().pool.max_connections, 8);
        let pg = load(&[("MOTCUA_DATABASE_URL", "postgres://u:p@db/motcua")]).unwrap();
        assert_eq!(pg.pool.max_connections, 16);
        assert_eq!(
            pg.pool.statement_timeout,
            Some(std::time::Duration::from_secs(30))
        );
        let set = load(&[
            ("MOTCUA_DATABASE_URL", "postgres://u:p@db/motcua"),
            ("MOTCUA_DB_MAX_CONNECTIONS", "40"),
            ("MOTCUA_DB_STATEMENT_TIMEOUT_MS", "5000"),
        ])
        .unwrap();
        assert_eq!(set.pool.max_connections, 40);
        assert_eq!(
            set.pool.statement_timeout,
            Some(std::time::Duration::from_secs(5))
        );
    }

    #[test]
    fn leptos_runs_with_production_settings_in_a_release_build() {
        use leptos::config::Env;
        let default = load(&[]).unwrap().leptos_env;
        if cfg!(debug_assertions) {
            assert_eq!(default, Env::DEV);
        } else {
            assert_eq!(default, Env::PROD);
        }
        assert_eq!(load(&[("LEPTOS_ENV", "DEV")]).unwrap().leptos_env, Env::DEV);
        assert_eq!(
            load(&[("LEPTOS_ENV", "production")]).unwrap().leptos_env,
            Env::PROD
        );
    }

    #[test]
    fn production_refuses_the_sandbox() {
        let key = ("MOTCUA_SECRET_KEY", "0123456789abcdef0123456789abcdef");
        let hook = (
            "MOTCUA_BANK_WEBHOOK_SECRET",
            "fedcba9876543210fedcba9876543210",
        );
        let err = load(&[
            ("MOTCUA_ENV", "production"),
            key,
            hook,
            ("MOTCUA_SANDBOX", "true"),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("sandbox"));
        let ok = load(&[
            ("MOTCUA_ENV", "production"),
            key,
            hook,
            ESMS[0],
            ESMS[1],
            ESMS[2],
            ESMS[3],
        ])
        .unwrap();
        assert!(!ok.sandbox);
        assert!(matches!(ok.sms, SmsSettings::Esms(_)));
    }

    #[test]
    fn passwords_are_redacted_in_logs() {
        assert_eq!(
            redact_url("postgres://app:secret@db:5432/motcua"),
            "postgres://app:***@db:5432/motcua"
        );
        let s = load(&[("MOTCUA_DATABASE_URL", "postgres://app:secret@db/m")]).unwrap();
        assert!(!format!("{s:?}").contains("app:secret"));
    }
}

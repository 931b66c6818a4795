//! Use cases and persistence of Một Cửa (server only).
//!
//! One repository layer over two engines, SQLite (embedded default) and PostgreSQL,
//! through sqlx's `Any` driver: the SQL is written in the dialect both share
//! (`$N` binds, `RETURNING`, `ON CONFLICT … DO NOTHING`, epoch integers), and the few
//! differences sit in [`db`].

pub mod accounts;
pub mod amounts;
pub mod assist;
pub mod audit;
pub mod backup;
pub mod badges;
pub mod blobs;
pub mod caller;
pub mod catalog;
pub mod clock;
pub mod config;
pub mod db;
pub mod dossiers;
pub mod error;
pub mod handoff;
pub mod identity;
pub mod jobs;
pub mod kiosks;
pub mod net;
pub mod payments;
pub mod places;
pub mod qr;
pub mod rate;
pub mod receipts;
pub mod reports;
pub mod seed;
pub mod sessions;
pub mod sms;
pub mod staff;
pub mod totp;
pub mod xlsx;

pub use clock::{Clock, FixedClock, SystemClock};
pub use db::{Db, Engine};
pub use error::ServiceError;

use std::sync::Arc;

/// Everything a request handler may call, cheap to clone.
#[derive(Clone, Debug)]
pub struct Services {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub sms: Arc<dyn sms::SmsSender>,
    pub blobs: blobs::BlobStore,
    /// How long a payment QR stays payable.
    pub payment_ttl_seconds: i64,
    /// Live payment updates for waiting pages.
    pub payment_events: payments::PaymentEvents,
    /// The key receipts are signed with (derived from the server secret).
    pub receipt_signer: Arc<receipts::ReceiptSigner>,
    /// VNPAY merchant settings, when that provider is enabled.
    pub vnpay: Option<Arc<payments::vnpay::VnpayConfig>>,
    /// The key bank notifications are signed with; empty (the default) accepts none.
    pub bank_webhook_secret: Arc<[u8]>,
    /// Key for hashing OTP codes and session tokens.
    secret: Arc<[u8]>,
}

impl Services {
    #[must_use]
    pub fn new(
        db: Db,
        clock: Arc<dyn Clock>,
        sms: Arc<dyn sms::SmsSender>,
        blobs: blobs::BlobStore,
        secret: &[u8],
    ) -> Self {
        Self {
            db,
            clock,
            sms,
            blobs,
            payment_ttl_seconds: payments::DEFAULT_ATTEMPT_SECONDS,
            payment_events: payments::PaymentEvents::default(),
            receipt_signer: Arc::new(receipts::ReceiptSigner::derived(secret)),
            vnpay: None,
            bank_webhook_secret: Arc::from(&[][..]),
            secret: Arc::from(secret),
        }
    }

    pub(crate) fn keyed_hash(&self, purpose: &str, value: &str) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(purpose.as_bytes());
        mac.update(b":");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    #[must_use]
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    #[must_use]
    pub fn today(&self) -> domain::Date {
        domain::Date::from_unix_vn(self.clock.now())
    }
}

//! Fee notices and their payment attempts: dynamic VietQR, and VNPAY as a second provider.

mod attempts;
pub mod events;
pub mod exceptions;
pub mod gateway;
pub mod links;
mod notices;
pub mod notifications;
pub mod reconcile;
pub mod refunds;
mod settle;
pub mod signature;
pub(crate) mod transitions;
pub mod vnpay;

pub use attempts::{Attempt, attempts_for, get_attempt, start_attempt};
pub use events::PaymentEvents;
pub use notices::{FeeNotice, NoticeLine, create_notice, notice_for, notice_lines};

/// How long a QR stays payable unless configured otherwise.
pub const DEFAULT_ATTEMPT_SECONDS: i64 = 15 * 60;

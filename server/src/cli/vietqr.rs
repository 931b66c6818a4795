//! `motcua vietqr decode <payload>` and `motcua vietqr encode --bin B --account A
//! [--amount N] [--purpose P]`: the VietQR codec of `domain` on the command line.

use clap::Subcommand;
use domain::Localized as _;
use domain::vietqr::{self, Transfer};
use serde_json::{Value, json};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum VietQrCommand {
    /// Decode a payload and print one JSON object; exit 0 when it is a valid VietQR, 1 when not.
    Decode {
        /// The payload, as read from the QR code.
        payload: String,
    },
    /// Print a dynamic VietQR payload for a transfer to an account.
    Encode {
        /// The bank's 6-digit BIN (tag 38/01/00).
        #[arg(long)]
        bin: String,
        /// The account number (tag 38/01/01).
        #[arg(long)]
        account: String,
        /// Whole đồng; without it the payer types the amount (and the code is static).
        #[arg(long)]
        amount: Option<domain::Vnd>,
        /// The transfer memo (tag 62/08), printable ASCII, at most 25 characters.
        #[arg(long)]
        purpose: Option<String>,
    },
}

/// The JSON the `decode` subcommand prints.
#[must_use]
pub fn decoded_json(payload: &str) -> (bool, Value) {
    let d = vietqr::decode(payload);
    let valid = d.is_valid();
    (
        valid,
        json!({
            "valid": valid,
            "crc_valid": d.crc_valid,
            "errors": d.errors.iter().map(|e| e.text().en).collect::<Vec<_>>(),
            "point_of_initiation": d.point_of_initiation,
            "bank_bin": d.bank_bin,
            "account": d.account,
            "service_code": d.service_code,
            "amount": d.amount,
            "currency": d.currency,
            "country": d.country,
            "merchant_name": d.merchant_name,
            "merchant_city": d.merchant_city,
            "bill_number": d.bill_number,
            "reference_label": d.reference_label,
            "purpose": d.purpose,
            "tags": d.tags,
        }),
    )
}

#[expect(clippy::print_stdout, reason = "CLI output")]
pub fn run(command: VietQrCommand) -> anyhow::Result<ExitCode> {
    match command {
        VietQrCommand::Decode { payload } => {
            let (valid, json) = decoded_json(&payload);
            println!("{json}");
            Ok(if valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        VietQrCommand::Encode {
            bin,
            account,
            amount,
            purpose,
        } => {
            let payload = vietqr::encode(&Transfer {
                bin,
                account,
                amount_vnd: amount,
                purpose,
                reference: None,
                dynamic: amount.is_some(),
            })
            .map_err(|e| anyhow::anyhow!(e.text().en))?;
            println!("{payload}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

//! Any string must decode to a result (valid or with errors), never a panic; and a
//! payload reported valid must encode back to a valid payload with the same fields.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let d = domain::vietqr::decode(s);
        if d.is_valid() && d.service_code.as_deref() == Some(domain::vietqr::SERVICE_TO_ACCOUNT) {
            if let (Some(bin), Some(account)) = (d.bank_bin.clone(), d.account.clone()) {
                let t = domain::vietqr::Transfer {
                    bin,
                    account,
                    amount_vnd: d.amount_vnd(),
                    purpose: d.purpose.clone(),
                    reference: d.reference_label.clone(),
                    dynamic: d.point_of_initiation.as_deref() == Some("12"),
                };
                if let Ok(again) = domain::vietqr::encode(&t) {
                    assert!(domain::vietqr::decode(&again).is_valid());
                }
            }
        }
    }
});

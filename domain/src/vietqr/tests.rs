//! Golden vectors from NAPAS-VN, malformed inputs, a round-trip property and a no-panic sweep.

use super::*;
use crate::Localized as _;
use crate::Vnd;

/// NAPAS-VN 6.1.3: dynamic transfer to an account (CRC re-verified in research).
const SPEC_DYNAMIC_ACCOUNT_CRC: &str = "2E2E";
/// research/payments.md §A.8, from a public generator: 180000 VND to 970436/1017595600.
const A8: &str = "00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA";

#[test]
fn the_a8_example_decodes_fully() {
    let d = decode(A8);
    assert!(d.is_valid(), "{:?}", d.errors);
    assert!(d.crc_valid);
    assert_eq!(d.point_of_initiation.as_deref(), Some("12"));
    assert_eq!(d.bank_bin.as_deref(), Some("970436"));
    assert_eq!(d.account.as_deref(), Some("1017595600"));
    assert_eq!(d.service_code.as_deref(), Some("QRIBFTTA"));
    assert_eq!(d.amount.as_deref(), Some("180000"));
    assert_eq!(d.amount_vnd(), Some(Vnd::stored(180_000)));
    assert_eq!(d.currency.as_deref(), Some("704"));
    assert_eq!(d.country.as_deref(), Some("VN"));
    assert_eq!(d.purpose.as_deref(), Some("thanh toan don hang"));
    assert_eq!(d.tags.len(), 8);
}

#[test]
fn the_encoder_writes_the_a8_example_byte_for_byte() {
    let t = Transfer {
        bin: "970436".into(),
        account: "1017595600".into(),
        amount_vnd: Some(Vnd::stored(180_000)),
        purpose: Some("thanh toan don hang".into()),
        reference: None,
        dynamic: true,
    };
    assert_eq!(encode(&t).unwrap(), A8);
}

#[test]
fn crc_is_compared_without_regard_to_case() {
    let lower = A8.replace("70FA", "70fa");
    assert!(decode(&lower).is_valid());
    let wrong = A8.replace("70FA", "70FB");
    let d = decode(&wrong);
    assert!(!d.crc_valid);
    assert_eq!(
        d.errors,
        [QrError::CrcMismatch {
            expected: "70FA".into(),
            found: "70FB".into()
        }]
    );
    let _ = SPEC_DYNAMIC_ACCOUNT_CRC;
}

fn with_crc(body: &str) -> String {
    let body = format!("{body}6304");
    let crc = crc16_ccitt_false(body.as_bytes());
    format!("{body}{crc:04X}")
}

#[test]
fn every_broken_rule_is_listed() {
    // PFI "00", no point of initiation, zero amount, diacritics in 62/08, service code inside 38/01.
    use super::tlv::write;
    let org = write("00", "970436") + &write("01", "1017595600") + &write("02", "QRIBFTTA");
    let body = write("00", "00")
        + &write("38", &(write("00", NAPAS_GUID) + &write("01", &org)))
        + &write("53", "704")
        + &write("54", "0")
        + &write("58", "VN")
        + &write("62", &write("08", "Thanh toán hóa đơn"));
    let d = decode(&with_crc(&body));
    assert!(d.crc_valid, "CRC itself is right");
    let texts: Vec<String> = d.errors.iter().map(|e| e.text().en).collect();
    assert!(
        texts.iter().any(|t| t.contains("Tag 00 is invalid")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("Mandatory tag 01")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Tag 54 is invalid: the amount must not be zero")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("62/08") && t.contains("ASCII")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("38/01/02")), "{texts:?}");
}

#[test]
fn malformed_and_foreign_payloads() {
    assert_eq!(decode("").errors, [QrError::Empty]);
    let d = decode("000201010211620X6304ABCD");
    assert!(
        matches!(
            &d.errors[..],
            [QrError::Malformed { .. }, QrError::CrcMismatch { .. }]
        ),
        "{:?}",
        d.errors
    );
    let d = decode("000201010211");
    assert!(d.errors.contains(&QrError::Missing { tag: "63".into() }));
    // A well-formed EMVCo code for another scheme (tag 26) in another country.
    let foreign = with_crc("00020101021126180014A0000006770101530376454031005802TH");
    let d = decode(&foreign);
    assert!(d.crc_valid);
    assert!(
        d.errors
            .iter()
            .any(|e| matches!(e, QrError::NotVietQr { .. })),
        "{:?}",
        d.errors
    );
    // 63 not last.
    let d = decode("0002016304ABCD0102115802VN");
    assert!(d.errors.contains(&QrError::CrcNotLast));
}

#[test]
fn encoder_refuses_what_the_profile_forbids() {
    let base = Transfer {
        bin: "970415".into(),
        account: "113000000001".into(),
        amount_vnd: Some(Vnd::stored(200_000)),
        purpose: Some("MC 123456".into()),
        reference: Some("MC2611240001AB".into()),
        dynamic: true,
    };
    assert!(encode(&base).is_ok());
    assert_eq!(
        encode(&Transfer {
            bin: "97041".into(),
            ..base.clone()
        }),
        Err(EncodeError::Bin)
    );
    assert_eq!(
        encode(&Transfer {
            amount_vnd: Some(Vnd::stored(0)),
            ..base.clone()
        }),
        Err(EncodeError::Amount)
    );
    assert_eq!(
        encode(&Transfer {
            amount_vnd: Some(Vnd::stored(500_000_000)),
            ..base.clone()
        }),
        Err(EncodeError::Amount)
    );
    assert_eq!(
        encode(&Transfer {
            purpose: Some("Lệ phí".into()),
            ..base.clone()
        }),
        Err(EncodeError::Text { tag: "62/08" })
    );
    assert_eq!(
        encode(&Transfer {
            account: "113-000".into(),
            ..base
        }),
        Err(EncodeError::Account)
    );
}

/// A small deterministic generator, so the property runs without extra crates.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn text(&mut self, alphabet: &[u8], min: u64, max: u64) -> String {
        let len = min + self.below(max - min + 1);
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

#[test]
fn round_trip_property() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let printable: Vec<u8> = (b' '..=b'~').collect();
    for _ in 0..5_000 {
        let t = Transfer {
            bin: rng.text(b"0123456789", 6, 6),
            account: rng.text(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 19),
            amount_vnd: (rng.below(4) > 0)
                .then(|| Vnd::stored(1 + rng.below(MAX_AMOUNT_VND_U) as i64)),
            purpose: (rng.below(3) > 0).then(|| rng.text(&printable, 1, 25)),
            reference: (rng.below(3) > 0)
                .then(|| rng.text(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 1, 25)),
            dynamic: rng.below(2) == 0,
        };
        let payload = encode(&t).unwrap();
        let d = decode(&payload);
        assert!(d.is_valid(), "{payload}: {:?}", d.errors);
        assert_eq!(d.bank_bin.as_deref(), Some(t.bin.as_str()));
        assert_eq!(d.account.as_deref(), Some(t.account.as_str()));
        assert_eq!(d.amount_vnd(), t.amount_vnd);
        assert_eq!(d.purpose, t.purpose);
        assert_eq!(d.reference_label, t.reference);
        assert_eq!(
            d.point_of_initiation.as_deref(),
            Some(if t.dynamic { "12" } else { "11" })
        );
    }
}

const MAX_AMOUNT_VND_U: u64 = 499_999_999;

#[test]
fn decoding_never_panics_on_mutated_input() {
    let mut rng = Rng(42);
    let seeds = [A8.to_owned(), with_crc("0002010102115802VN5303704")];
    for _ in 0..20_000 {
        let mut chars: Vec<char> = seeds[rng.below(2) as usize].chars().collect();
        for _ in 0..1 + rng.below(4) {
            let i = rng.below(chars.len() as u64 + 1) as usize;
            match rng.below(4) {
                0 if i < chars.len() => {
                    chars.remove(i);
                }
                1 => chars.insert(i, ['0', '9', 'A', 'é', '最', ' '][rng.below(6) as usize]),
                2 if i < chars.len() => chars[i] = char::from(b'0' + rng.below(10) as u8),
                _ => chars.truncate(i),
            }
        }
        let s: String = chars.into_iter().collect();
        let _ = decode(&s);
    }
}

/// Issue 16, item 7: the CRC is checked over the payload whatever its structure, so a
/// reader tells a payload damaged in transit from one built badly.
#[test]
fn damaged_in_transit_or_badly_built() {
    // One character of A8's amount lost in transit: what follows is misread, and the
    // CRC says the payload is not what was built.
    let damaged = A8.replacen("5406180000", "540618000", 1);
    let d = decode(&damaged);
    assert!(!d.crc_valid);
    assert!(
        d.errors
            .iter()
            .any(|e| matches!(e, QrError::CrcMismatch { .. }))
    );
    // Built with a wrong length by its generator, then given a correct CRC.
    let badly_built = with_crc("0002010102125303704540618000058VN");
    let d = decode(&badly_built);
    assert!(d.crc_valid, "the CRC matches what was built");
    assert!(
        matches!(&d.errors[..], [QrError::Malformed { .. }]),
        "{:?}",
        d.errors
    );
}

/// Issue 16, item 7 (EMV QRCPS: a length is 01–99): a zero-length tag is reported and
/// the rest still read.
#[test]
fn a_zero_length_tag_is_reported_not_fatal() {
    let payload = A8.replace("6304", "64006304");
    let payload = with_crc(&payload[..payload.len() - 8]);
    let d = decode(&payload);
    assert!(d.crc_valid);
    assert!(
        d.errors.contains(&QrError::EmptyValue { tag: "64".into() }),
        "{:?}",
        d.errors
    );
    assert_eq!(d.account.as_deref(), Some("1017595600"), "the rest is read");
    assert_eq!(d.amount_vnd(), Some(Vnd::stored(180_000)));
}

/// Issue 16, item 7 (NAPAS-VN §5.1 counts characters): lengths a generator counted in
/// UTF-8 bytes for Vietnamese text are read, and reported as a deviation.
#[test]
fn lengths_counted_in_utf8_bytes_are_read_and_reported() {
    // 62/08 "Lệ phí hộ tịch": 14 characters, 21 bytes; 62 then holds 25 bytes.
    let purpose = "Lệ phí hộ tịch";
    assert_eq!((purpose.chars().count(), purpose.len()), (14, 21));
    let body = A8.split("62230819").next().unwrap();
    let payload = with_crc(&format!("{body}62250821{purpose}"));
    let d = decode(&payload);
    assert!(d.crc_valid);
    assert_eq!(d.purpose.as_deref(), Some(purpose));
    assert_eq!(d.account.as_deref(), Some("1017595600"));
    assert!(
        d.errors.contains(&QrError::ByteLengths {
            template: String::new()
        }),
        "{:?}",
        d.errors
    );
    assert!(
        d.errors.contains(&QrError::ByteLengths {
            template: "62".into()
        }),
        "{:?}",
        d.errors
    );
    // Diacritics in 62/08 still break the ASCII rule; nothing else is reported.
    assert!(
        d.errors
            .iter()
            .all(|e| matches!(e, QrError::ByteLengths { .. } | QrError::Invalid { .. })),
        "{:?}",
        d.errors
    );
    assert!(!d.is_valid());
}

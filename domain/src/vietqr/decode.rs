//! Reading a payload the way a careful banking app would, listing every broken rule.

use super::tlv::{self, Tlv, TlvError};
use super::{CURRENCY_VND, NAPAS_GUID, crc16_ccitt_false};
use crate::{Localized, Text};
use std::collections::BTreeMap;

/// A rule the payload breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrError {
    Empty,
    /// The objects could not be read past a position (template "" for the root).
    Malformed {
        template: String,
        detail: String,
    },
    Duplicate {
        tag: String,
    },
    /// An object declared with length `00` (EMV allows 01–99); read as empty.
    EmptyValue {
        tag: String,
    },
    /// The lengths of a template (root "") count UTF-8 bytes, not characters.
    ByteLengths {
        template: String,
    },
    Missing {
        tag: String,
    },
    NotFirst,
    CrcNotLast,
    CrcFormat,
    CrcMismatch {
        expected: String,
        found: String,
    },
    /// A value breaks its format or length rule.
    Invalid {
        tag: String,
        rule: String,
    },
    /// A well-formed EMVCo code that is not a VietQR transfer code.
    NotVietQr {
        reason: String,
    },
}

impl Localized for QrError {
    fn text(&self) -> Text {
        match self {
            Self::Empty => Text::new("Mã QR rỗng", "The QR payload is empty"),
            Self::Malformed { template, detail } => {
                let at = if template.is_empty() {
                    String::new()
                } else {
                    format!(" trong tag {template}")
                };
                let at_en = if template.is_empty() {
                    String::new()
                } else {
                    format!(" in tag {template}")
                };
                Text::new(
                    format!("Cấu trúc TLV hỏng{at}: {detail}"),
                    format!("Malformed TLV{at_en}: {detail}"),
                )
            }
            Self::Duplicate { tag } => Text::new(
                format!("Tag {tag} xuất hiện hai lần"),
                format!("Tag {tag} appears twice"),
            ),
            Self::EmptyValue { tag } => Text::new(
                format!("Tag {tag} có độ dài 00 (phải từ 01 đến 99)"),
                format!("Tag {tag} has length 00 (must be 01 to 99)"),
            ),
            Self::ByteLengths { template } => {
                let (vi, en) = if template.is_empty() {
                    (String::new(), String::new())
                } else {
                    (
                        format!(" trong tag {template}"),
                        format!(" in tag {template}"),
                    )
                };
                Text::new(
                    format!("Độ dài{vi} được đếm theo byte UTF-8, không theo ký tự"),
                    format!("Lengths{en} are counted in UTF-8 bytes, not characters"),
                )
            }
            Self::Missing { tag } => Text::new(
                format!("Thiếu tag bắt buộc {tag}"),
                format!("Mandatory tag {tag} is missing"),
            ),
            Self::NotFirst => Text::new("Tag 00 phải đứng đầu", "Tag 00 must come first"),
            Self::CrcNotLast => {
                Text::new("Tag 63 (CRC) phải đứng cuối", "Tag 63 (CRC) must come last")
            }
            Self::CrcFormat => Text::new(
                "CRC phải gồm 4 ký tự hex",
                "The CRC must be 4 hex characters",
            ),
            Self::CrcMismatch { expected, found } => Text::new(
                format!("CRC sai: tính được {expected}, mã ghi {found}"),
                format!("CRC mismatch: computed {expected}, payload has {found}"),
            ),
            Self::Invalid { tag, rule } => Text::new(
                format!("Tag {tag} không hợp lệ: {rule}"),
                format!("Tag {tag} is invalid: {rule}"),
            ),
            Self::NotVietQr { reason } => Text::new(
                format!("Không phải mã VietQR: {reason}"),
                format!("Not a VietQR code: {reason}"),
            ),
        }
    }
}
crate::localized_error!(QrError);

/// What a payload says, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    pub errors: Vec<QrError>,
    pub crc_valid: bool,
    pub point_of_initiation: Option<String>,
    pub bank_bin: Option<String>,
    pub account: Option<String>,
    pub service_code: Option<String>,
    /// As written in the payload.
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub country: Option<String>,
    pub merchant_name: Option<String>,
    pub merchant_city: Option<String>,
    pub bill_number: Option<String>,
    pub reference_label: Option<String>,
    pub purpose: Option<String>,
    /// Every top-level tag and its raw value.
    pub tags: BTreeMap<String, String>,
}

impl Decoded {
    /// A conformant VietQR transfer code.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The amount in whole đồng, when one is set and valid.
    #[must_use]
    pub fn amount_vnd(&self) -> Option<crate::Vnd> {
        let a = self.amount.as_deref()?;
        let v: i64 = a.strip_suffix('.').unwrap_or(a).parse().ok()?;
        crate::Vnd::try_new(v).ok()
    }
}

fn describe(e: &TlvError) -> String {
    match e {
        TlvError::BadId { at } => format!("no two-digit ID at character {at}"),
        TlvError::BadLength { at } => format!("no two-digit length at character {at}"),
        TlvError::Truncated {
            id,
            at,
            declared,
            available,
        } => format!(
            "tag {id} at character {at} declares {declared} characters but only {available} follow"
        ),
    }
}

/// Printable ASCII: EMV Book 4's common character set.
fn is_ans(s: &str) -> bool {
    s.chars().all(|c| (' '..='~').contains(&c))
}

fn is_n(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

struct Checker {
    errors: Vec<QrError>,
}

impl Checker {
    fn invalid(&mut self, tag: &str, rule: &str) {
        self.errors.push(QrError::Invalid {
            tag: tag.to_owned(),
            rule: rule.to_owned(),
        });
    }

    /// Checks a value's format and maximum length (and exact length when `exact`).
    fn check(&mut self, tag: &str, value: &str, format: char, max: usize, exact: bool) {
        let n = value.chars().count();
        if n > max || (exact && n != max) {
            let rule = if exact {
                format!("must have exactly {max} characters")
            } else {
                format!("at most {max} characters")
            };
            self.invalid(tag, &rule);
        }
        match format {
            'N' if !is_n(value) => self.invalid(tag, "digits only"),
            'A' if !is_ans(value) => {
                self.invalid(tag, "printable ASCII only (no Vietnamese diacritics)")
            }
            _ => {}
        }
    }

    /// Reads a template's objects, reporting duplicates, empty values, byte-counted
    /// lengths and malformation.
    fn template(&mut self, tag: &str, value: &str) -> Option<BTreeMap<String, String>> {
        let objs = self.objects(tag, value)?;
        let mut map = BTreeMap::new();
        for Tlv { id, value, .. } in objs {
            if map.insert(id.clone(), value).is_some() {
                self.errors.push(QrError::Duplicate {
                    tag: format!("{tag}/{id}"),
                });
            }
        }
        Some(map)
    }

    /// A template's objects in order (`tag` "" for the root), with what they bend.
    fn objects(&mut self, tag: &str, value: &str) -> Option<Vec<Tlv>> {
        let path = |id: &str| {
            if tag.is_empty() {
                id.to_owned()
            } else {
                format!("{tag}/{id}")
            }
        };
        match tlv::parse(value) {
            Ok(parsed) => {
                if parsed.byte_lengths {
                    self.errors.push(QrError::ByteLengths {
                        template: tag.to_owned(),
                    });
                }
                for id in &parsed.empty {
                    self.errors.push(QrError::EmptyValue { tag: path(id) });
                }
                Some(parsed.objects)
            }
            Err(e) => {
                self.errors.push(QrError::Malformed {
                    template: tag.to_owned(),
                    detail: describe(&e),
                });
                None
            }
        }
    }
}

/// The CRC a payload ends with (`6304` and four hex digits) and the one computed over
/// everything before those digits, whatever the structure in between: a reader can
/// tell a payload damaged in transit (CRC wrong) from one built badly (CRC right,
/// rules broken). `None` when it does not end that way.
fn trailing_crc(payload: &str) -> Option<(String, String)> {
    let chars: Vec<char> = payload.chars().collect();
    let n = chars.len().checked_sub(8)?;
    let tail: String = chars[n..].iter().collect();
    let found = tail.strip_prefix("6304")?;
    if !found.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let body: String = chars[..n + 4].iter().collect();
    let expected = format!("{:04X}", crc16_ccitt_false(body.as_bytes()));
    Some((expected, found.to_owned()))
}

/// Reads a payload and checks it against the EMVCo rules and the VietQR profile.
#[must_use]
pub fn decode(payload: &str) -> Decoded {
    let mut out = Decoded::default();
    let mut c = Checker { errors: Vec::new() };
    let payload = payload.trim_end_matches(['\r', '\n']);
    if payload.is_empty() {
        out.errors.push(QrError::Empty);
        return out;
    }
    let crc = trailing_crc(payload);
    if let Some((expected, found)) = &crc {
        out.crc_valid = expected.eq_ignore_ascii_case(found);
    }
    let Some(objs) = c.objects("", payload) else {
        if let Some((expected, found)) = crc.filter(|_| !out.crc_valid) {
            c.errors.push(QrError::CrcMismatch { expected, found });
        }
        out.errors.extend(c.errors);
        return out;
    };
    for o in &objs {
        if out.tags.insert(o.id.clone(), o.value.clone()).is_some() {
            c.errors.push(QrError::Duplicate { tag: o.id.clone() });
        }
    }
    let tags = out.tags.clone();
    let tag = |id: &str| tags.get(id).cloned();

    // 00 first, 63 last, CRC over everything before its value.
    match objs.first() {
        Some(o) if o.id == "00" => {
            if o.value != "01" {
                c.invalid("00", "payload format indicator must be \"01\"");
            }
        }
        _ if tag("00").is_some() => c.errors.push(QrError::NotFirst),
        _ => c.errors.push(QrError::Missing { tag: "00".into() }),
    }
    match objs.last() {
        Some(o) if o.id == "63" => match crc {
            Some((expected, found)) if !out.crc_valid => {
                c.errors.push(QrError::CrcMismatch { expected, found });
            }
            Some(_) => {}
            None => c.errors.push(QrError::CrcFormat),
        },
        _ if tag("63").is_some() => c.errors.push(QrError::CrcNotLast),
        _ => c.errors.push(QrError::Missing { tag: "63".into() }),
    }

    // Root objects.
    out.point_of_initiation = tag("01");
    match tag("01").as_deref() {
        None => c.errors.push(QrError::Missing { tag: "01".into() }),
        Some("11" | "12") => {}
        Some(_) => c.invalid(
            "01",
            "point of initiation must be \"11\" (static) or \"12\" (dynamic)",
        ),
    }
    if let Some(v) = tag("52") {
        c.check("52", &v, 'N', 4, true);
    }
    out.currency = tag("53");
    match tag("53") {
        None => c.errors.push(QrError::Missing { tag: "53".into() }),
        Some(v) => {
            c.check("53", &v, 'N', 3, true);
            if is_n(&v) && v != CURRENCY_VND {
                c.errors.push(QrError::NotVietQr {
                    reason: format!("currency {v} is not VND (704)"),
                });
            }
        }
    }
    out.amount = tag("54");
    if let Some(v) = tag("54") {
        check_amount(&mut c, "54", &v, true);
    }
    match (tag("55").as_deref(), tag("56"), tag("57")) {
        (None, None, None) => {}
        (Some("01"), None, None) => {}
        (Some("02"), Some(fee), None) => check_amount(&mut c, "56", &fee, false),
        (Some("03"), None, Some(pct)) => {
            let ok = pct.chars().count() <= 5
                && pct
                    .split_once('.')
                    .map_or(is_n(&pct), |(a, b)| is_n(a) && is_n(b));
            if !ok {
                c.invalid("57", "a percentage such as 00.01 to 99.99");
            }
        }
        _ => c.invalid("55", "tip indicator 01, 02 with tag 56, or 03 with tag 57"),
    }
    out.country = tag("58");
    match tag("58") {
        None => c.errors.push(QrError::Missing { tag: "58".into() }),
        Some(v) => {
            c.check("58", &v, 'A', 2, true);
            if v.len() == 2 && v != "VN" {
                c.errors.push(QrError::NotVietQr {
                    reason: format!("country {v} is not VN"),
                });
            }
        }
    }
    out.merchant_name = tag("59");
    if let Some(v) = tag("59") {
        c.check("59", &v, 'A', 25, false);
    }
    out.merchant_city = tag("60");
    if let Some(v) = tag("60") {
        c.check("60", &v, 'A', 15, false);
    }
    if let Some(v) = tag("61") {
        c.check("61", &v, 'A', 10, false);
    }
    if let Some(v) = tag("62") {
        check_additional(&mut c, &mut out, &v);
    }
    if let Some(v) = tag("64")
        && let Some(t) = c.template("64", &v)
    {
        match t.get("00") {
            Some(l) => c.check("64/00", l, 'A', 2, true),
            None => c.errors.push(QrError::Missing {
                tag: "64/00".into(),
            }),
        }
        match t.get("01") {
            Some(n) => c.check("64/01", n, 'S', 25, false),
            None => c.errors.push(QrError::Missing {
                tag: "64/01".into(),
            }),
        }
        if let Some(city) = t.get("02") {
            c.check("64/02", city, 'S', 15, false);
        }
    }
    // Merchant account templates 26–51 and unreserved templates 80–99 carry a GUID.
    let mut has_account = false;
    for (id, value) in tags.clone() {
        let n: u8 = id.parse().unwrap_or(0);
        if (2..=51).contains(&n) {
            has_account = true;
        }
        if n == 38 {
            check_napas(&mut c, &mut out, &value);
        } else if ((26..=51).contains(&n) || (80..=99).contains(&n))
            && let Some(t) = c.template(&id, &value)
        {
            match t.get("00") {
                Some(g) => c.check(&format!("{id}/00"), g, 'A', 32, false),
                None => c.errors.push(QrError::Missing {
                    tag: format!("{id}/00"),
                }),
            }
        }
    }
    if !has_account {
        c.errors.push(QrError::Missing {
            tag: "02-51 (merchant account information)".into(),
        });
    } else if tag("38").is_none() {
        c.errors.push(QrError::NotVietQr {
            reason: "no NAPAS account in tag 38".into(),
        });
    }
    out.errors.extend(c.errors);
    out
}

fn check_amount(c: &mut Checker, tag: &str, v: &str, vnd: bool) {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let digits_ok = is_n(int) && (frac.is_empty() || is_n(frac)) && v.matches('.').count() <= 1;
    if v.chars().count() > 13 {
        c.invalid(tag, "at most 13 characters");
    }
    if !digits_ok {
        c.invalid(tag, "digits with at most one decimal point");
    } else if v.bytes().all(|b| b == b'0' || b == b'.') {
        c.invalid(tag, "the amount must not be zero");
    } else if vnd && !frac.is_empty() {
        c.invalid(tag, "the đồng has no decimals");
    }
}

fn check_additional(c: &mut Checker, out: &mut Decoded, value: &str) {
    let Some(t) = c.template("62", value) else {
        return;
    };
    for (id, v) in &t {
        let n: u8 = id.parse().unwrap_or(0);
        let name = format!("62/{id}");
        match n {
            1..=8 => c.check(&name, v, 'A', 25, false),
            9 => {
                let ok = v.chars().count() <= 3
                    && v.chars().all(|ch| matches!(ch, 'A' | 'M' | 'E'))
                    && v.chars().collect::<std::collections::BTreeSet<_>>().len()
                        == v.chars().count();
                if !ok {
                    c.invalid(&name, "any of A, M, E, each at most once");
                }
            }
            50..=99 => {
                if let Some(inner) = c.template(&name, v)
                    && !inner.contains_key("00")
                {
                    c.errors.push(QrError::Missing {
                        tag: format!("{name}/00"),
                    });
                }
            }
            _ => {}
        }
    }
    out.bill_number = t.get("01").cloned();
    out.reference_label = t.get("05").cloned();
    out.purpose = t.get("08").cloned();
}

fn check_napas(c: &mut Checker, out: &mut Decoded, value: &str) {
    let Some(t) = c.template("38", value) else {
        return;
    };
    match t.get("00") {
        Some(g) if g == NAPAS_GUID => {}
        Some(g) => c.invalid("38/00", &format!("GUID must be {NAPAS_GUID}, found {g}")),
        None => c.errors.push(QrError::Missing {
            tag: "38/00".into(),
        }),
    }
    match t.get("01") {
        None => c.errors.push(QrError::Missing {
            tag: "38/01".into(),
        }),
        Some(org) => {
            if let Some(inner) = c.template("38/01", org) {
                match inner.get("00") {
                    Some(bin) => {
                        c.check("38/01/00", bin, 'N', 6, true);
                        out.bank_bin = Some(bin.clone());
                    }
                    None => c.errors.push(QrError::Missing {
                        tag: "38/01/00".into(),
                    }),
                }
                match inner.get("01") {
                    Some(acc) => {
                        c.check("38/01/01", acc, 'A', 19, false);
                        out.account = Some(acc.clone());
                    }
                    None => c.errors.push(QrError::Missing {
                        tag: "38/01/01".into(),
                    }),
                }
                if inner.contains_key("02") {
                    c.invalid(
                        "38/01/02",
                        "the service code belongs in 38/02, not inside 38/01",
                    );
                }
            }
        }
    }
    if let Some(service) = t.get("02") {
        c.check("38/02", service, 'A', 10, false);
        out.service_code = Some(service.clone());
    }
}

//! The fee rules as staff type them on the configuration screen, and back:
//! tiers `3: 1.000; 10: 500`, reductions `sinh_vien: 100.000; ho_ngheo: 0%`, and
//! categories one per line `mã | tên | giấy tờ chứng minh | căn cứ pháp lý`.

use super::{PayerCategory, Pays, Reduction, Tier};
use crate::Vnd;

/// A number of đồng as typed: `1.000`, `1,000`, `1 000` or `1000`.
#[must_use]
pub fn parse_amount(raw: &str) -> Option<Vnd> {
    let digits: String = raw
        .trim()
        .trim_end_matches('đ')
        .trim_end_matches("VND")
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<i64>()
        .ok()
        .and_then(|v| Vnd::try_new(v).ok())
}

fn amount_text(v: Vnd) -> String {
    v.display_vi().trim_end_matches(" đ").to_owned()
}

fn items(raw: &str) -> impl Iterator<Item = (&str, &str)> {
    raw.split([';', '\n'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(|i| i.split_once([':', '=']).unwrap_or((i, "")))
        .map(|(k, v)| (k.trim(), v.trim()))
}

/// `3: 1.000; 10: 500` → tiers from the 3rd and the 10th unit.
///
/// # Errors
/// The item that is not `unit number: amount`.
pub fn parse_tiers(raw: &str) -> Result<Vec<Tier>, String> {
    items(raw)
        .map(
            |(from, amount)| match (from.parse::<u32>().ok(), parse_amount(amount)) {
                (Some(from), Some(amount_vnd)) => Ok(Tier { from, amount_vnd }),
                _ => Err(format!("{from}: {amount}")),
            },
        )
        .collect()
}

#[must_use]
pub fn format_tiers(tiers: &[Tier]) -> String {
    tiers
        .iter()
        .map(|t| format!("{}: {}", t.from, amount_text(t.amount_vnd)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `sinh_vien: 100.000; ho_ngheo: 0%` → what each category pays.
///
/// # Errors
/// The item that is not `code: amount` or `code: percent%`.
pub fn parse_reductions(raw: &str) -> Result<Vec<Reduction>, String> {
    items(raw)
        .map(|(code, pays)| {
            let parsed = match pays.strip_suffix('%') {
                Some(pct) => pct.trim().parse::<u8>().ok().map(Pays::Percent),
                None => parse_amount(pays).map(Pays::AmountVnd),
            };
            match parsed {
                Some(pays) if !code.is_empty() => Ok(Reduction {
                    category: code.to_owned(),
                    pays,
                }),
                _ => Err(format!("{code}: {pays}")),
            }
        })
        .collect()
}

#[must_use]
pub fn format_reductions(reductions: &[Reduction]) -> String {
    reductions
        .iter()
        .map(|r| match r.pays {
            Pays::Percent(p) => format!("{}: {p}%", r.category),
            Pays::AmountVnd(a) => format!("{}: {}", r.category, amount_text(a)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One category per line: `mã | tên | giấy tờ chứng minh | căn cứ pháp lý`, with the
/// English name and proof optionally after: `| name | proof`.
///
/// # Errors
/// The number (from 1) of the line that has fewer than four parts.
pub fn parse_categories(raw: &str) -> Result<Vec<PayerCategory>, usize> {
    raw.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let parts: Vec<String> = l.split('|').map(crate::text::clean).collect();
            if parts.len() < 4 {
                return Err(i + 1);
            }
            let part = |n: usize| parts.get(n).cloned().unwrap_or_default();
            Ok(PayerCategory {
                code: part(0),
                name: part(1),
                proof: part(2),
                legal_basis: part(3),
                name_en: part(4),
                proof_en: part(5),
            })
        })
        .collect()
}

#[must_use]
pub fn format_categories(categories: &[PayerCategory]) -> String {
    categories
        .iter()
        .map(|c| {
            let mut line = format!("{} | {} | {} | {}", c.code, c.name, c.proof, c.legal_basis);
            if !c.name_en.is_empty() || !c.proof_en.is_empty() {
                line.push_str(&format!(" | {} | {}", c.name_en, c.proof_en));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_typed() {
        for (raw, v) in [
            ("1.000", 1000),
            ("1,000", 1000),
            ("200 000", 200_000),
            ("5000 đ", 5000),
            ("0", 0),
        ] {
            assert_eq!(parse_amount(raw), Some(Vnd::stored(v)), "{raw}");
        }
        for bad in ["", "-5", "năm nghìn", "1.5e3"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }

    #[test]
    fn tiers_and_reductions_round_trip() {
        let t = parse_tiers("3: 1.000; 10=500").unwrap();
        assert_eq!(
            t,
            vec![
                Tier {
                    from: 3,
                    amount_vnd: Vnd::stored(1000)
                },
                Tier {
                    from: 10,
                    amount_vnd: Vnd::stored(500)
                }
            ]
        );
        assert_eq!(parse_tiers(&format_tiers(&t)).unwrap(), t);
        assert_eq!(parse_tiers("").unwrap(), vec![]);
        assert!(parse_tiers("ba: 1000").is_err());
        let r = parse_reductions("sinh_vien: 100.000\nho_ngheo: 0%").unwrap();
        assert_eq!(r[0].pays, Pays::AmountVnd(Vnd::stored(100_000)));
        assert_eq!(r[1].pays, Pays::Percent(0));
        assert_eq!(parse_reductions(&format_reductions(&r)).unwrap(), r);
        assert!(parse_reductions("sinh_vien: một nửa").is_err());
    }

    #[test]
    fn categories_one_per_line() {
        let text = "sinh_vien | Sinh viên | Thẻ sinh viên | TT 244/2016/TT-BTC Điều 4 | Student | Student card\n\n\
                    ho_ngheo | Hộ nghèo | Giấy chứng nhận hộ nghèo | TT 75/2022/TT-BTC";
        let c = parse_categories(text).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].name_en.as_str(), c[1].name_en.as_str()),
            ("Student", "")
        );
        assert_eq!(parse_categories(&format_categories(&c)).unwrap(), c);
        assert_eq!(parse_categories("a | b\nc | d | e | f"), Err(1));
    }
}

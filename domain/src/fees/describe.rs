//! A fee line's rule in words, for the procedure page and the configuration screen.

use super::{FeeLine, PayerCategory, Pays};
use crate::{Text, Vnd};

fn vnd(v: Vnd) -> (String, String) {
    let t = v.text();
    (t.vi, t.en)
}

/// What the line charges beyond its first price, one sentence each: tiers, cap, copies,
/// the online rate and each reduction.
#[must_use]
pub fn describe(line: &FeeLine, categories: &[PayerCategory]) -> Vec<Text> {
    let p = &line.pricing;
    let u = &line.unit;
    let mut out = Vec::new();
    match (p.count_field.is_some(), line.amount_vnd, p.tiers.first()) {
        (false, _, _) => {}
        (true, Vnd::ZERO, Some(t)) => out.push(Text::new(
            format!("Không thu cho {u} thứ 1 đến {}", t.from - 1),
            format!("No charge for {u} 1 to {}", t.from - 1),
        )),
        (true, amount, _) => {
            let (vi, en) = vnd(amount);
            out.push(Text::new(format!("{vi} mỗi {u}"), format!("{en} per {u}")));
        }
    }
    for t in &p.tiers {
        let (vi, en) = vnd(t.amount_vnd);
        out.push(Text::new(
            format!("Từ {u} thứ {}: {vi} mỗi {u}", t.from),
            format!("From {u} {} on: {en} per {u}", t.from),
        ));
    }
    if let Some(cap) = p.cap_vnd {
        let (vi, en) = vnd(cap);
        let group = if p.per_field.is_some() {
            p.per_unit.as_str()
        } else {
            "lần"
        };
        out.push(Text::new(
            format!("Tối đa {vi} mỗi {group}"),
            format!("At most {en} per {group}"),
        ));
    }
    if p.per_field.is_some() {
        out.push(Text::new(
            format!("Tính cho từng {}", p.per_unit),
            format!("Charged for each {}", p.per_unit),
        ));
    }
    if let Some(online) = line.online_amount_vnd {
        let (vi, en) = vnd(online);
        out.push(if online == Vnd::ZERO {
            Text::new("Miễn khi nộp trực tuyến", "Free when filed online")
        } else {
            Text::new(
                format!("Nộp trực tuyến: {vi}"),
                format!("Filed online: {en}"),
            )
        });
    }
    if let Some(pct) = p.online_percent {
        out.push(Text::new(
            format!("Nộp trực tuyến: thu {pct}% mức thu"),
            format!("Filed online: {pct}% of the rate"),
        ));
    }
    for r in &p.reductions {
        let Some(c) = categories.iter().find(|c| c.code == r.category) else {
            continue;
        };
        let (vi, en) = match r.pays {
            Pays::Percent(0) => ("miễn".to_owned(), "exempt".to_owned()),
            Pays::Percent(pct) => (format!("thu {pct}%"), format!("pays {pct}%")),
            Pays::AmountVnd(a) => {
                let (vi, en) = vnd(a);
                (format!("thu {vi}"), format!("pays {en}"))
            }
        };
        out.push(Text::new(
            format!("{}: {vi} (giấy tờ: {})", c.name, c.proof),
            format!("{}: {en} (proof: {})", c.name_in(true), c.proof_in(true)),
        ));
    }
    out
}

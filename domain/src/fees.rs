//! Fee lines of a procedure and which of them apply on a given day.

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// One line of a procedure's fee schedule (phí or lệ phí) with its legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    pub name: String,
    pub amount_vnd: i64,
    /// Amount when the dossier is filed online, where a lower online rate is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_amount_vnd: Option<i64>,
    pub unit: String,
    pub legal_basis: String,
    pub valid_from: Date,
}

/// The lines in force on `day`: for each line name, the one with the latest
/// `valid_from` not after `day`. Order follows the input.
#[must_use]
pub fn in_force(lines: &[FeeLine], day: Date) -> Vec<FeeLine> {
    let mut out: Vec<FeeLine> = Vec::new();
    for line in lines.iter().filter(|l| l.valid_from <= day) {
        if let Some(existing) = out.iter_mut().find(|l| l.name == line.name) {
            if line.valid_from > existing.valid_from {
                *existing = line.clone();
            }
        } else {
            out.push(line.clone());
        }
    }
    out
}

/// What is due for these lines, using the online rate where one is set and the
/// dossier was filed online.
#[must_use]
pub fn amount_due(lines: &[FeeLine], online: bool) -> i64 {
    lines
        .iter()
        .map(|l| match (online, l.online_amount_vnd) {
            (true, Some(rate)) => rate,
            _ => l.amount_vnd,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, amount: i64, from: (i32, u8, u8)) -> FeeLine {
        FeeLine {
            name: name.to_owned(),
            amount_vnd: amount,
            online_amount_vnd: None,
            unit: "thẻ".to_owned(),
            legal_basis: "TT".to_owned(),
            valid_from: Date::from_ymd(from.0, from.1, from.2).unwrap(),
        }
    }

    #[test]
    fn the_newest_rate_in_force_wins() {
        let lines = vec![
            line("Lệ phí", 50_000, (2024, 12, 1)),
            line("Lệ phí", 25_000, (2025, 7, 1)),
        ];
        let before = in_force(&lines, Date::from_ymd(2025, 6, 30).unwrap());
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].amount_vnd, 50_000);
        let after = in_force(&lines, Date::from_ymd(2026, 11, 24).unwrap());
        assert_eq!(after[0].amount_vnd, 25_000);
    }

    #[test]
    fn lines_not_yet_valid_are_left_out() {
        let lines = vec![line("A", 1, (2030, 1, 1)), line("B", 2, (2020, 1, 1))];
        let now = in_force(&lines, Date::from_ymd(2026, 1, 1).unwrap());
        assert_eq!(
            now.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
            vec!["B"]
        );
    }

    #[test]
    fn the_online_rate_applies_to_online_dossiers() {
        let mut a = line("Lệ phí", 100_000, (2024, 1, 1));
        a.online_amount_vnd = Some(50_000);
        let b = line("Phí", 20_000, (2024, 1, 1));
        assert_eq!(amount_due(&[a.clone(), b.clone()], true), 70_000);
        assert_eq!(amount_due(&[a, b], false), 120_000);
        assert_eq!(amount_due(&[], true), 0);
    }
}

//! Amounts in Vietnamese words, as a receipt writes them: "Hai trăm nghìn đồng".
//!
//! Reading rules: groups of three digits with the scales nghìn, triệu, tỷ (and
//! nghìn tỷ, triệu tỷ); an inner group keeps its zero hundreds ("không trăm") and a
//! zero tens before a unit reads "linh"; 10–19 read "mười…", a 1 after twenty and
//! above reads "mốt", a 5 after a ten reads "lăm".

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Reads a three-digit group. `full` is true for every group but the leading one:
/// it then says its zero hundreds and a lone unit after them ("không trăm linh năm").
fn group(n: u64, full: bool) -> Vec<&'static str> {
    let (h, t, u) = (n / 100, (n / 10) % 10, n % 10);
    let mut w = Vec::new();
    if h > 0 || full {
        w.push(DIGITS[h as usize]);
        w.push("trăm");
    }
    match t {
        0 => {
            if u > 0 && !w.is_empty() {
                w.push("linh");
            }
        }
        1 => w.push("mười"),
        _ => {
            w.push(DIGITS[t as usize]);
            w.push("mươi");
        }
    }
    if u > 0 {
        w.push(match (t, u) {
            (2..=9, 1) => "mốt",
            (1..=9, 5) => "lăm",
            _ => DIGITS[u as usize],
        });
    }
    w
}

/// The number in words, lower case ("một triệu không trăm năm mươi nghìn").
#[must_use]
pub fn number_in_words(n: u64) -> String {
    if n == 0 {
        return DIGITS[0].to_owned();
    }
    // Billions (tỷ) repeat: 10^12 reads "nghìn tỷ", 10^15 "triệu tỷ".
    let below_billion = n % 1_000_000_000;
    let billions = n / 1_000_000_000;
    let mut words: Vec<String> = Vec::new();
    if billions > 0 {
        words.push(number_in_words(billions));
        words.push("tỷ".to_owned());
    }
    let groups = [
        (below_billion / 1_000_000, "triệu"),
        ((below_billion / 1000) % 1000, "nghìn"),
        (below_billion % 1000, ""),
    ];
    for (value, scale) in groups {
        if value == 0 {
            continue;
        }
        let full = !words.is_empty();
        words.extend(group(value, full).into_iter().map(str::to_owned));
        if !scale.is_empty() {
            words.push(scale.to_owned());
        }
    }
    words.join(" ")
}

/// An amount in VND in words, capitalised, ending in "đồng": `200000` →
/// "Hai trăm nghìn đồng".
#[must_use]
pub fn vnd_in_words(amount: u64) -> String {
    let words = number_in_words(amount);
    let mut chars = words.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!("{}{} đồng", first.unwrap_or_default(), chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_amounts() {
        let cases = [
            (0, "Không đồng"),
            (5, "Năm đồng"),
            (10, "Mười đồng"),
            (15, "Mười lăm đồng"),
            (21, "Hai mươi mốt đồng"),
            (25, "Hai mươi lăm đồng"),
            (105, "Một trăm linh năm đồng"),
            (110, "Một trăm mười đồng"),
            (1000, "Một nghìn đồng"),
            (10_000, "Mười nghìn đồng"),
            (15_000, "Mười lăm nghìn đồng"),
            (25_000, "Hai mươi lăm nghìn đồng"),
            (50_000, "Năm mươi nghìn đồng"),
            (100_000, "Một trăm nghìn đồng"),
            (200_000, "Hai trăm nghìn đồng"),
            (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
            (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
            (1_000_001, "Một triệu không trăm linh một đồng"),
            (2_500_000, "Hai triệu năm trăm nghìn đồng"),
            (31_000, "Ba mươi mốt nghìn đồng"),
            (1_000_000_000, "Một tỷ đồng"),
            (
                1_234_567_890,
                "Một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi đồng",
            ),
            (2_000_000_000_000, "Hai nghìn tỷ đồng"),
        ];
        for (n, expected) in cases {
            assert_eq!(vnd_in_words(n), expected, "{n}");
        }
    }

    #[test]
    fn every_amount_up_to_a_million_reads_without_gaps_or_doubled_spaces() {
        for n in 1..=1_000_000_u64 {
            let w = number_in_words(n);
            assert!(
                !w.contains("  ") && !w.starts_with(' ') && !w.ends_with(' '),
                "{n}: {w}"
            );
            assert!(!w.starts_with("không"), "{n}: {w}");
        }
    }
}

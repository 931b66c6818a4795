//! Bank statements in CSV, for reconciliation: a small RFC 4180 reader, column layouts
//! (two sample bank layouts and any custom one), and the credit lines they hold.

use crate::date::Date;
use crate::l10n::Text;
use crate::money::Vnd;

/// How dates are written in a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// `24/11/2026` (time after a space is ignored).
    DayMonthYear,
    /// `2026-11-24` (time after a space or `T` is ignored).
    Iso,
}

/// Where things are in a statement's rows. Columns count from 1, as people read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub delimiter: char,
    /// Rows before the first line (titles, the header).
    pub skip_rows: usize,
    pub date_col: usize,
    /// The credit (money in) column; rows with nothing there are debits and skipped.
    pub credit_col: usize,
    pub content_col: usize,
    pub reference_col: usize,
    pub date_format: DateFormat,
}

/// The sample layouts offered by name.
#[must_use]
pub fn preset(name: &str) -> Option<Layout> {
    match name {
        // "Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Nội dung"
        "mau-a" => Some(Layout {
            delimiter: ',',
            skip_rows: 1,
            date_col: 1,
            credit_col: 4,
            content_col: 6,
            reference_col: 2,
            date_format: DateFormat::DayMonthYear,
        }),
        // "STT;Ngày hiệu lực;Mô tả;Nợ;Có;Số bút toán" (semicolons)
        "mau-b" => Some(Layout {
            delimiter: ';',
            skip_rows: 1,
            date_col: 2,
            credit_col: 5,
            content_col: 3,
            reference_col: 6,
            date_format: DateFormat::Iso,
        }),
        _ => None,
    }
}

/// One credit of the statement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Credit {
    /// The row in the file, from 1.
    pub row: usize,
    pub date: Date,
    pub amount_vnd: Vnd,
    pub content: String,
    pub bank_reference: String,
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowProblem {
    pub row: usize,
    pub message: Text,
}

/// Splits CSV text into rows of fields (quotes, doubled quotes, CRLF, a BOM).
#[must_use]
pub fn rows(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
        } else if c == '"' && field.is_empty() {
            quoted = true;
        } else if c == delimiter {
            row.push(std::mem::take(&mut field));
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            row.push(std::mem::take(&mut field));
            out.push(std::mem::take(&mut row));
        } else {
            field.push(c);
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        out.push(row);
    }
    out
}

/// An amount of đồng as banks print it: `205000`, `205.000`, `205,000`, `205,000.00`,
/// `205.000,00`. `None` for anything else.
#[must_use]
pub fn amount(raw: &str) -> Option<Vnd> {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.trim_start_matches('+');
    if s.is_empty() || s.starts_with('-') {
        return None;
    }
    // A decimal part of two zeros after the last separator is dropped.
    let s = match s.len().checked_sub(3).map(|i| s.split_at(i)) {
        Some((head, tail)) if (tail == ".00" || tail == ",00") && !head.is_empty() => head,
        _ => s,
    };
    let digits: String = s.chars().filter(|c| *c != '.' && *c != ',').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<i64>()
        .ok()
        .and_then(|v| Vnd::try_new(v).ok())
}

fn date(raw: &str, format: DateFormat) -> Option<Date> {
    let day = raw.trim().split([' ', 'T']).next()?;
    match format {
        DateFormat::Iso => Date::parse(day).ok(),
        DateFormat::DayMonthYear => {
            let mut parts = day.split(['/', '-', '.']);
            let d: u8 = parts.next()?.parse().ok()?;
            let m: u8 = parts.next()?.parse().ok()?;
            let y: i32 = parts.next()?.parse().ok()?;
            Date::from_ymd(y, m, d).ok()
        }
    }
}

/// The credit lines of a statement, and the rows that could not be read (blank rows
/// and debits are skipped silently).
#[must_use]
pub fn credits(text: &str, layout: &Layout) -> (Vec<Credit>, Vec<RowProblem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, fields) in rows(text, layout.delimiter)
        .into_iter()
        .enumerate()
        .skip(layout.skip_rows)
    {
        let row = i + 1;
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |col: usize| {
            col.checked_sub(1)
                .and_then(|c| fields.get(c))
                .map_or("", |f| f.trim())
        };
        let credit = get(layout.credit_col);
        if credit.is_empty() || amount(credit) == Some(Vnd::ZERO) {
            continue;
        }
        let Some(amount_vnd) = amount(credit) else {
            problems.push(RowProblem {
                row,
                message: Text::new(
                    format!("Dòng {row}: số tiền \"{credit}\" không đọc được"),
                    format!("Row {row}: the amount \"{credit}\" cannot be read"),
                ),
            });
            continue;
        };
        let Some(date) = date(get(layout.date_col), layout.date_format) else {
            problems.push(RowProblem {
                row,
                message: Text::new(
                    format!(
                        "Dòng {row}: ngày \"{}\" không đọc được",
                        get(layout.date_col)
                    ),
                    format!(
                        "Row {row}: the date \"{}\" cannot be read",
                        get(layout.date_col)
                    ),
                ),
            });
            continue;
        };
        out.push(Credit {
            row,
            date,
            amount_vnd,
            content: get(layout.content_col).to_owned(),
            bank_reference: get(layout.reference_col).to_owned(),
        });
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_handle_quotes_and_line_ends() {
        let r = rows("\u{feff}a,\"b, c\",\"say \"\"hi\"\"\"\r\n1,2,3\n", ',');
        assert_eq!(
            r,
            vec![vec!["a", "b, c", "say \"hi\""], vec!["1", "2", "3"]]
        );
        assert_eq!(rows("x;y", ';'), vec![vec!["x", "y"]]);
    }

    #[test]
    fn amounts_as_banks_print_them() {
        for (raw, want) in [
            ("205000", Some(205_000)),
            ("205.000", Some(205_000)),
            ("205,000", Some(205_000)),
            ("205,000.00", Some(205_000)),
            ("205.000,00", Some(205_000)),
            (" 1 205 000 ", Some(1_205_000)),
            ("-5000", None),
            ("abc", None),
            ("", None),
        ] {
            assert_eq!(amount(raw), want.map(Vnd::stored), "{raw}");
        }
    }

    #[test]
    fn sample_layouts_read_credits_and_skip_debits() {
        let a = "Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Nội dung\n\
                 24/11/2026 09:01,FT1,,\"205,000\",1000,MC261124ABCDEFGH NOP PHI\n\
                 24/11/2026,FT2,50000,,950,PHI NGAN HANG\n\
                 32/11/2026,FT3,,1000,1,X\n";
        let (credits_a, problems) = credits(a, &preset("mau-a").unwrap());
        assert_eq!(credits_a.len(), 1);
        assert_eq!(credits_a[0].amount_vnd, 205_000);
        assert_eq!(credits_a[0].bank_reference, "FT1");
        assert_eq!(credits_a[0].date.to_string(), "2026-11-24");
        assert_eq!(credits_a[0].row, 2);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row, 4);

        let b = "STT;Ngày hiệu lực;Mô tả;Nợ;Có;Số bút toán\n1;2026-11-25;ND MC261125ZZZZZZZZ;;8.000;BT77\n";
        let (credits_b, problems) = credits(b, &preset("mau-b").unwrap());
        assert!(problems.is_empty());
        assert_eq!(credits_b[0].amount_vnd, 8_000);
        assert_eq!(credits_b[0].content, "ND MC261125ZZZZZZZZ");
        assert_eq!(credits_b[0].bank_reference, "BT77");
        assert!(preset("khac").is_none());
    }
}

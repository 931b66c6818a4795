//! ID-length-value objects. Lengths count characters, not bytes (NAPAS-VN §5.1).

/// One data object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tlv {
    pub id: String,
    pub value: String,
    /// Where the object starts, in characters from the start of its template.
    pub at: usize,
}

/// Why a run of objects could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlvError {
    /// The two characters at `at` are not a two-digit ID.
    BadId { at: usize },
    /// The length field at `at` is not two digits.
    BadLength { at: usize },
    /// A length of "00".
    ZeroLength { at: usize, id: String },
    /// The value runs past the end.
    Truncated {
        at: usize,
        id: String,
        declared: usize,
        available: usize,
    },
}

/// Reads every object of a template.
///
/// # Errors
/// The first structural problem; nothing after it can be trusted.
pub fn parse(input: &str) -> Result<Vec<Tlv>, TlvError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let two_digits = |a: usize| -> Option<usize> {
        let (x, y) = (chars.get(a)?, chars.get(a + 1)?);
        Some(x.to_digit(10)? as usize * 10 + y.to_digit(10)? as usize)
    };
    while i < chars.len() {
        if two_digits(i).is_none() {
            return Err(TlvError::BadId { at: i });
        }
        let id: String = chars[i..i + 2].iter().collect();
        let Some(len) = two_digits(i + 2) else {
            return Err(TlvError::BadLength { at: i + 2 });
        };
        if len == 0 {
            return Err(TlvError::ZeroLength { at: i, id });
        }
        let start = i + 4;
        if start + len > chars.len() {
            return Err(TlvError::Truncated {
                at: i,
                id,
                declared: len,
                available: chars.len().saturating_sub(start),
            });
        }
        out.push(Tlv {
            id,
            value: chars[start..start + len].iter().collect(),
            at: i,
        });
        i = start + len;
    }
    Ok(out)
}

/// Writes one object; the value must have 1 to 99 characters.
#[must_use]
pub fn write(id: &str, value: &str) -> String {
    format!("{id}{:02}{value}", value.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_account_info_from_the_spec() {
        // NAPAS-VN p.15: the value of tag 38.
        let t = parse("0010A00000072701270006970468011300110099504460208QRIBFTTA").unwrap();
        let ids: Vec<&str> = t.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["00", "01", "02"]);
        assert_eq!(t[0].value, "A000000727");
        assert_eq!(t[2].value, "QRIBFTTA");
        let inner = parse(&t[1].value).unwrap();
        assert_eq!(inner[0].value, "970468");
        assert_eq!(inner[1].value, "0011009950446");
    }

    #[test]
    fn counts_characters_not_bytes() {
        let t = parse("0104最佳运输").unwrap();
        assert_eq!(t[0].value, "最佳运输");
        assert_eq!(write("01", "最佳运输"), "0104最佳运输");
    }

    #[test]
    fn reports_where_it_breaks() {
        assert_eq!(
            parse("6200"),
            Err(TlvError::ZeroLength {
                at: 0,
                id: "62".into()
            })
        );
        assert_eq!(parse("0A02xx"), Err(TlvError::BadId { at: 0 }));
        assert_eq!(parse("00x2"), Err(TlvError::BadLength { at: 2 }));
        assert!(matches!(
            parse("0005ab"),
            Err(TlvError::Truncated {
                declared: 5,
                available: 2,
                ..
            })
        ));
    }
}

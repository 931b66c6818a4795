//! ID-length-value objects. Lengths count characters, not bytes (NAPAS-VN §5.1); a
//! template whose lengths only make sense counted in UTF-8 bytes, as some generators
//! write Vietnamese text, is read that way and the deviation reported.

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
    /// The value runs past the end.
    Truncated {
        at: usize,
        id: String,
        declared: usize,
        available: usize,
    },
}

/// A template's objects, and the rules they bend without breaking the structure.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub objects: Vec<Tlv>,
    /// IDs of objects declared with length `00` (EMV allows 01–99): read as empty.
    pub empty: Vec<String>,
    /// The lengths count UTF-8 bytes, not characters.
    pub byte_lengths: bool,
}

/// Reads every object of a template.
///
/// # Errors
/// The first structural problem (counting characters); nothing after it can be trusted.
pub fn parse(input: &str) -> Result<Parsed, TlvError> {
    let by_chars = read(input, false);
    if by_chars.is_ok() || input.is_ascii() {
        return by_chars;
    }
    match read(input, true) {
        Ok(parsed) => Ok(Parsed {
            byte_lengths: true,
            ..parsed
        }),
        Err(_) => by_chars,
    }
}

/// Reads objects whose lengths count characters, or bytes when `bytes`.
fn read(input: &str, bytes: bool) -> Result<Parsed, TlvError> {
    let b = input.as_bytes();
    let two_digits = |a: usize| -> Option<usize> {
        let (x, y) = (b.get(a)?, b.get(a + 1)?);
        (x.is_ascii_digit() && y.is_ascii_digit())
            .then(|| usize::from(x - b'0') * 10 + usize::from(y - b'0'))
    };
    let mut out = Parsed::default();
    let mut i = 0;
    while i < b.len() {
        let at = input[..i].chars().count();
        if two_digits(i).is_none() {
            return Err(TlvError::BadId { at });
        }
        let id = input[i..i + 2].to_owned();
        let Some(len) = two_digits(i + 2) else {
            return Err(TlvError::BadLength { at: at + 2 });
        };
        let start = i + 4;
        let rest = &input[start..];
        let end = if bytes {
            Some(start + len).filter(|&e| e <= b.len() && input.is_char_boundary(e))
        } else {
            rest.char_indices()
                .map(|(k, _)| start + k)
                .chain(std::iter::once(b.len()))
                .nth(len)
        };
        let Some(end) = end else {
            return Err(TlvError::Truncated {
                at,
                id,
                declared: len,
                available: if bytes {
                    rest.len()
                } else {
                    rest.chars().count()
                },
            });
        };
        if len == 0 {
            out.empty.push(id.clone());
        }
        out.objects.push(Tlv {
            id,
            value: input[start..end].to_owned(),
            at,
        });
        i = end;
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
        let t = parse("0010A00000072701270006970468011300110099504460208QRIBFTTA")
            .unwrap()
            .objects;
        let ids: Vec<&str> = t.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["00", "01", "02"]);
        assert_eq!(t[0].value, "A000000727");
        assert_eq!(t[2].value, "QRIBFTTA");
        let inner = parse(&t[1].value).unwrap().objects;
        assert_eq!(inner[0].value, "970468");
        assert_eq!(inner[1].value, "0011009950446");
    }

    #[test]
    fn counts_characters_not_bytes() {
        let t = parse("0104最佳运输").unwrap();
        assert_eq!(t.objects[0].value, "最佳运输");
        assert!(!t.byte_lengths);
        assert_eq!(write("01", "最佳运输"), "0104最佳运输");
    }

    #[test]
    fn reports_where_it_breaks() {
        // A zero length is read as an empty value and reported, not fatal.
        let empty = parse("62000102ab").unwrap();
        assert_eq!(empty.empty, ["62"]);
        assert_eq!(empty.objects[0].value, "");
        assert_eq!(empty.objects[1].value, "ab");
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

    #[test]
    fn lengths_counted_in_utf8_bytes_are_read_and_reported() {
        // "Lệ phí" is 6 characters and 9 bytes: a generator counting bytes writes 09.
        let parsed = parse("0809Lệ phí0102ab").unwrap();
        assert!(parsed.byte_lengths);
        assert_eq!(parsed.objects[0].value, "Lệ phí");
        assert_eq!(parsed.objects[1].value, "ab");
        // Counted in characters it stays the conformant reading.
        let chars = parse("0806Lệ phí0102ab").unwrap();
        assert!(!chars.byte_lengths);
        assert_eq!(chars.objects[0].value, "Lệ phí");
        // A length that fits neither reading is still an error, reported by characters.
        assert!(matches!(
            parse("0820Lệ phí"),
            Err(TlvError::Truncated {
                declared: 20,
                available: 6,
                ..
            })
        ));
    }
}

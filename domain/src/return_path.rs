//! Where a link may send someone back to (`next` after signing in, the language
//! switch, a phone hand-off, a kiosk visit): only a page of this site.
//!
//! Browsers are lenient with `Location`: `/\evil.example` and `/<TAB>/evil.example`
//! are read as `//evil.example`, a link to another site, and a scheme (`https:`,
//! `javascript:`) leaves the site outright. So a return target is accepted only as a
//! path that starts with exactly one `/`, whose every character is printable ASCII
//! (no space, no control character, nothing a header cannot carry) and which holds
//! no `\` anywhere. Everything else is refused, and callers go to `/` or their own
//! default instead.

/// `next` when it is a path of this site, else `None`.
#[must_use]
pub fn safe_return(next: &str) -> Option<&str> {
    let mut chars = next.chars();
    let first_is_slash = chars.next() == Some('/');
    let second_is_root = matches!(chars.next(), Some('/' | '\\'));
    let printable = next.chars().all(|c| c.is_ascii_graphic());
    (first_is_slash && !second_is_root && printable && !next.contains('\\')).then_some(next)
}

/// `next` when it is a path of this site, else `/`.
#[must_use]
pub fn safe_return_or_home(next: &str) -> &str {
    safe_return(next).unwrap_or("/")
}

/// Percent-encodes a path (or any text) for a query value such as `next=`; `/` stays.
#[must_use]
pub fn urlencode(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_this_site_are_kept() {
        for next in [
            "/",
            "/ho-so",
            "/ho-so/000.00.31.H53-261201-0001?tab=phi#thanh-toan",
            "/thanh-toan/12",
            "/tra-cuu?q=khai%20sinh",
        ] {
            assert_eq!(safe_return(next), Some(next), "{next}");
        }
    }

    /// The targets seen to leave the site (issue 14), and their relatives.
    #[test]
    fn anything_that_can_leave_the_site_is_refused() {
        for next in [
            "",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "/ho-so\\..\\",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            " /ho-so",
            "/ho-sơ",
            "/ho-so\r\nSet-Cookie: x=1",
        ] {
            assert_eq!(safe_return(next), None, "{next:?}");
            assert_eq!(safe_return_or_home(next), "/", "{next:?}");
        }
    }

    /// RFC 3986 §2.3: unreserved characters stay, everything else is `%XX` of its
    /// UTF-8 bytes; `/` stays so a `next=` path reads as one.
    #[test]
    fn urlencode_keeps_paths_readable() {
        assert_eq!(urlencode("/ho-so/2.000488"), "/ho-so/2.000488");
        assert_eq!(urlencode("/tim?q=a b&x=1"), "/tim%3Fq%3Da%20b%26x%3D1");
        assert_eq!(urlencode("ơ"), "%C6%A1");
    }
}

//! Input patterns for form fields: a small, anchored subset of regular expressions that
//! means the same in this crate (server and browser) and in HTML's `pattern` attribute.
//!
//! Supported: literal characters, `\d`, `\s`, escaped punctuation (`\.`, `\-`...), `.`,
//! classes like `[0-9A-Z]` or `[^ ]`, and the quantifiers `?`, `*`, `+`, `{n}`, `{n,m}`.
//! No groups or alternation, so no catastrophic backtracking and no regex engine in
//! the wasm bundle.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Char(char),
    Digit,
    Space,
    Any,
    Class {
        negated: bool,
        items: Vec<(char, char)>,
    },
}

impl Atom {
    fn matches(&self, c: char) -> bool {
        match self {
            Self::Char(x) => *x == c,
            Self::Digit => c.is_ascii_digit(),
            Self::Space => c.is_whitespace(),
            Self::Any => c != '\n',
            Self::Class { negated, items } => {
                items.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    atom: Atom,
    min: usize,
    max: usize,
}

/// A pattern that passed [`Pattern::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pattern {
    source: String,
    #[serde(skip)]
    pieces: Vec<Piece>,
}

/// The pattern uses syntax outside the supported subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError(pub String);

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unsupported pattern: {}", self.0)
    }
}

impl std::error::Error for PatternError {}

impl Pattern {
    /// # Errors
    /// `PatternError` for groups, alternation, anchors or malformed syntax.
    pub fn parse(source: &str) -> Result<Self, PatternError> {
        let err = || PatternError(source.to_owned());
        let chars: Vec<char> = source.chars().collect();
        let mut i = 0;
        let mut pieces = Vec::new();
        while i < chars.len() {
            let atom = match chars[i] {
                '\\' => {
                    i += 1;
                    match chars.get(i) {
                        Some('d') => Atom::Digit,
                        Some('s') => Atom::Space,
                        Some(c) if c.is_ascii_punctuation() => Atom::Char(*c),
                        _ => return Err(err()),
                    }
                }
                '.' => Atom::Any,
                '[' => {
                    i += 1;
                    let negated = chars.get(i) == Some(&'^');
                    if negated {
                        i += 1;
                    }
                    let mut items = Vec::new();
                    loop {
                        let lo = match chars.get(i) {
                            None => return Err(err()),
                            Some(']') if !items.is_empty() => break,
                            Some('\\') => {
                                i += 1;
                                match chars.get(i) {
                                    Some('d') => {
                                        items.push(('0', '9'));
                                        i += 1;
                                        continue;
                                    }
                                    Some(c) if c.is_ascii_punctuation() => *c,
                                    _ => return Err(err()),
                                }
                            }
                            Some(c) => *c,
                        };
                        if chars.get(i + 1) == Some(&'-')
                            && chars.get(i + 2).is_some_and(|c| *c != ']')
                        {
                            let hi = chars[i + 2];
                            if hi < lo {
                                return Err(err());
                            }
                            items.push((lo, hi));
                            i += 3;
                        } else {
                            items.push((lo, lo));
                            i += 1;
                        }
                    }
                    Atom::Class { negated, items }
                }
                '(' | ')' | '|' | '^' | '$' | '*' | '+' | '?' | '{' | '}' | ']' => {
                    return Err(err());
                }
                c => Atom::Char(c),
            };
            i += 1;
            let (min, max) = match chars.get(i) {
                Some('?') => (0, 1),
                Some('*') => (0, usize::MAX),
                Some('+') => (1, usize::MAX),
                Some('{') => {
                    let close = chars[i..].iter().position(|c| *c == '}').ok_or_else(err)? + i;
                    let inner: String = chars[i + 1..close].iter().collect();
                    let (lo, hi) = match inner.split_once(',') {
                        Some((lo, "")) => (lo.parse().map_err(|_| err())?, usize::MAX),
                        Some((lo, hi)) => (
                            lo.parse().map_err(|_| err())?,
                            hi.parse().map_err(|_| err())?,
                        ),
                        None => {
                            let n = inner.parse().map_err(|_| err())?;
                            (n, n)
                        }
                    };
                    if hi < lo {
                        return Err(err());
                    }
                    i = close;
                    (lo, hi)
                }
                _ => {
                    i -= 1;
                    (1, 1)
                }
            };
            i += 1;
            pieces.push(Piece { atom, min, max });
        }
        Ok(Self {
            source: source.to_owned(),
            pieces,
        })
    }

    /// The whole input must match.
    #[must_use]
    pub fn is_match(&self, input: &str) -> bool {
        let chars: Vec<char> = input.chars().collect();
        match_from(&self.pieces, &chars)
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

/// Which input positions each piece can end at, piece by piece: linear in the number of
/// pieces and quadratic at worst in the input, whatever the pattern.
fn match_from(pieces: &[Piece], input: &[char]) -> bool {
    let mut reach = vec![false; input.len() + 1];
    reach[0] = true;
    for piece in pieces {
        let mut next = vec![false; input.len() + 1];
        for start in (0..=input.len()).filter(|i| reach[*i]) {
            let mut n = 0;
            loop {
                if n >= piece.min {
                    next[start + n] = true;
                }
                if n == piece.max
                    || start + n == input.len()
                    || !piece.atom.matches(input[start + n])
                {
                    break;
                }
                n += 1;
            }
        }
        reach = next;
    }
    reach[input.len()]
}

impl TryFrom<String> for Pattern {
    type Error = PatternError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Pattern> for String {
    fn from(p: Pattern) -> Self {
        p.source
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        Pattern::parse(p).unwrap().is_match(s)
    }

    #[test]
    fn matches_whole_input() {
        assert!(m(r"\d{6}", "123456"));
        assert!(!m(r"\d{6}", "1234567"));
        assert!(!m(r"\d{6}", "12345a"));
        assert!(m(r"\d{2}[A-Z]\d?-\d{4,5}", "29A-12345"));
        assert!(m(r"\d{2}[A-Z]\d?-\d{4,5}", "51F1-1234"));
        assert!(!m(r"\d{2}[A-Z]\d?-\d{4,5}", "29a-12345"));
        assert!(m(r"[^ ]+@[^ ]+\.[a-z]{2,}", "an@example.vn"));
        assert!(m(r"BL\.\d+", "BL.001"));
        assert!(m(r"a*b+c?", "bb"));
        assert!(m(r"Số .+", "Số 12 ngõ 3"));
        assert!(m(r"x{0,3}", ""));
    }

    #[test]
    fn backs_off_greedy_pieces() {
        assert!(m(r"\d+0", "12300"));
        assert!(m(r".*\.pdf", "a.b.pdf"));
    }

    #[test]
    fn refuses_unsupported_syntax() {
        for p in [
            "(ab)+", "a|b", "^a$", "[a-", "a{2", "a{3,1}", r"\w", "*a", "[z-a]",
        ] {
            assert!(Pattern::parse(p).is_err(), "{p}");
        }
    }

    #[test]
    fn long_inputs_stay_fast() {
        let p = Pattern::parse(r"a*a*a*a*a*a*b").unwrap();
        assert!(!p.is_match(&"a".repeat(2000)));
    }
}

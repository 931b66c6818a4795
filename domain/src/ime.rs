//! Vietnamese input for the kiosk's on-screen keyboard: Telex and VNI composition.
//!
//! The keyboard keeps the keys typed for the word being written and shows
//! [`compose`] of them, so a later key can still change an earlier letter
//! (`Nguyeenx` → `Nguyễn`, `Vawn` → `Văn`, VNI `Nguye6n4` → `Nguyễn`). Output is NFC.
//! Typing a tone or shape key twice undoes it and writes the key itself (`ass` → `as`).

use unicode_normalization::UnicodeNormalization as _;

/// The input method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Telex,
    Vni,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Acute,
    Grave,
    Hook,
    Tilde,
    Dot,
}

impl Tone {
    fn mark(self) -> char {
        match self {
            Self::Acute => '\u{301}',
            Self::Grave => '\u{300}',
            Self::Hook => '\u{309}',
            Self::Tilde => '\u{303}',
            Self::Dot => '\u{323}',
        }
    }
}

/// What a key does besides being a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Tone(Tone),
    NoTone,
    /// Circumflex on this vowel (`aa`, `ee`, `oo`; VNI `6` on the last of them).
    Hat(Option<char>),
    /// Breve on a, horn on o/u (`w`; VNI `7` horn, `8` breve).
    Hook {
        horn: bool,
        breve: bool,
    },
    /// `dd`, VNI `9`.
    Stroke,
    Plain,
}

fn classify(method: Method, c: char) -> Key {
    let l = c.to_ascii_lowercase();
    match method {
        Method::Telex => match l {
            's' => Key::Tone(Tone::Acute),
            'f' => Key::Tone(Tone::Grave),
            'r' => Key::Tone(Tone::Hook),
            'x' => Key::Tone(Tone::Tilde),
            'j' => Key::Tone(Tone::Dot),
            'z' => Key::NoTone,
            'a' | 'e' | 'o' => Key::Hat(Some(l)),
            'w' => Key::Hook {
                horn: true,
                breve: true,
            },
            'd' => Key::Stroke,
            _ => Key::Plain,
        },
        Method::Vni => match l {
            '1' => Key::Tone(Tone::Acute),
            '2' => Key::Tone(Tone::Grave),
            '3' => Key::Tone(Tone::Hook),
            '4' => Key::Tone(Tone::Tilde),
            '5' => Key::Tone(Tone::Dot),
            '0' => Key::NoTone,
            '6' => Key::Hat(None),
            '7' => Key::Hook {
                horn: true,
                breve: false,
            },
            '8' => Key::Hook {
                horn: false,
                breve: true,
            },
            '9' => Key::Stroke,
            _ => Key::Plain,
        },
    }
}

fn is_vowel(c: char) -> bool {
    "aăâeêioôơuưy".contains(c.to_lowercase().next().unwrap_or(c))
}

fn same_case(model: char, c: char) -> char {
    if model.is_uppercase() {
        c.to_uppercase().next().unwrap_or(c)
    } else {
        c
    }
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// The word's letters and tone while keys are applied.
struct Word {
    letters: Vec<char>,
    tone: Option<Tone>,
}

impl Word {
    fn has_vowel(&self) -> bool {
        self.letters.iter().any(|&c| is_vowel(c))
    }

    /// Index range of the last run of vowels.
    fn vowel_run(&self) -> Option<(usize, usize)> {
        let end = self.letters.iter().rposition(|&c| is_vowel(c))?;
        let mut start = end;
        while start > 0 && is_vowel(self.letters[start - 1]) {
            start -= 1;
        }
        Some((start, end + 1))
    }

    /// Applies a key; false when it is just a letter to write.
    fn apply(&mut self, key: Key, c: char) -> bool {
        match key {
            Key::Plain => false,
            Key::Tone(t) => {
                if !self.has_vowel() {
                    return false;
                }
                if self.tone == Some(t) {
                    self.tone = None;
                    return false;
                }
                self.tone = Some(t);
                true
            }
            Key::NoTone => {
                if self.tone.is_none() {
                    return false;
                }
                self.tone = None;
                true
            }
            Key::Hat(which) => self.hat(which, c),
            Key::Hook { horn, breve } => self.hook(horn, breve),
            Key::Stroke => self.stroke(c),
        }
    }

    fn hat(&mut self, which: Option<char>, c: char) -> bool {
        let Some((start, end)) = self.vowel_run() else {
            return false;
        };
        // Telex: the same vowel just before (aa, ee, oo); VNI: the last a/e/o of the run.
        let target = match which {
            Some(v) => {
                if end != self.letters.len() {
                    return false;
                }
                let last = self.letters[end - 1];
                match (lower(last), v) {
                    ('a', 'a') | ('e', 'e') | ('o', 'o') => Some((end - 1, true)),
                    ('â', 'a') | ('ê', 'e') | ('ô', 'o') => Some((end - 1, false)),
                    _ => None,
                }
            }
            None => (start..end)
                .rev()
                .find_map(|i| match lower(self.letters[i]) {
                    'a' | 'e' | 'o' | 'ă' | 'ơ' => Some((i, true)),
                    'â' | 'ê' | 'ô' => Some((i, false)),
                    _ => None,
                }),
        };
        let Some((i, on)) = target else {
            return false;
        };
        let l = self.letters[i];
        let base = match lower(l) {
            'a' | 'ă' | 'â' => 'a',
            'e' | 'ê' => 'e',
            _ => 'o',
        };
        if on {
            let hatted = match base {
                'a' => 'â',
                'e' => 'ê',
                _ => 'ô',
            };
            self.letters[i] = same_case(l, hatted);
            true
        } else {
            // Typed twice: undo, and write the key itself (Telex) or nothing more (VNI).
            self.letters[i] = same_case(l, base);
            if which.is_some() {
                self.letters.push(c);
            }
            true
        }
    }

    fn hook(&mut self, horn: bool, breve: bool) -> bool {
        let Some((start, end)) = self.vowel_run() else {
            if horn && breve {
                // Telex: `w` alone writes ư.
                self.letters.push('ư');
                return true;
            }
            return false;
        };
        let run: String = self.letters[start..end].iter().map(|&c| lower(c)).collect();
        // ươ together: `uow`, `uo7`.
        if horn && (run.contains("uo") || run.contains("uơ") || run.contains("ưo")) {
            let at = start
                + run
                    .char_indices()
                    .position(|(i, _)| {
                        run[i..].starts_with("uo")
                            || run[i..].starts_with("uơ")
                            || run[i..].starts_with("ưo")
                    })
                    .unwrap_or(0);
            self.letters[at] = same_case(self.letters[at], 'ư');
            self.letters[at + 1] = same_case(self.letters[at + 1], 'ơ');
            return true;
        }
        for i in (start..end).rev() {
            let l = self.letters[i];
            let changed = match lower(l) {
                'a' | 'â' if breve => 'ă',
                'o' | 'ô' if horn => 'ơ',
                'u' if horn => 'ư',
                'ă' if breve => {
                    self.letters[i] = same_case(l, 'a');
                    return false;
                }
                'ơ' | 'ư' if horn => {
                    self.letters[i] = same_case(l, if lower(l) == 'ơ' { 'o' } else { 'u' });
                    return false;
                }
                _ => continue,
            };
            self.letters[i] = same_case(l, changed);
            return true;
        }
        if horn && breve && end == self.letters.len() {
            self.letters.push('ư');
            return true;
        }
        false
    }

    fn stroke(&mut self, c: char) -> bool {
        let Some(first) = self.letters.first().copied() else {
            return false;
        };
        match lower(first) {
            // Telex `dd` needs the second d right after the first.
            'd' if self.letters.len() == 1 || c == '9' => {
                self.letters[0] = same_case(first, 'đ');
                true
            }
            'đ' if self.letters.len() == 1 => {
                self.letters[0] = same_case(first, 'd');
                if c != '9' {
                    self.letters.push(c);
                }
                true
            }
            _ => false,
        }
    }

    /// Where the tone goes (old style: hòa, thủy, mùa; but hoàn, thuyền).
    fn tone_position(&self) -> Option<usize> {
        let (mut start, end) = self.vowel_run()?;
        let lowered: Vec<char> = self.letters.iter().map(|&c| lower(c)).collect();
        // "qu" and "gi" before another vowel: the u / i belongs to the consonant.
        if start > 0 && end - start > 1 {
            let prev = lowered[start - 1];
            if (prev == 'q' && lowered[start] == 'u') || (prev == 'g' && lowered[start] == 'i') {
                start += 1;
            }
        }
        let run = &lowered[start..end];
        if let Some(i) = run.iter().rposition(|&c| "ăâêôơư".contains(c)) {
            // ươ takes it on ơ; any other shaped vowel carries it.
            return Some(start + i);
        }
        let closed = end < self.letters.len();
        Some(match run.len() {
            1 => start,
            2 if closed => start + 1,
            2 => start,
            _ => start + 1,
        })
    }

    fn render(&self) -> String {
        let mut out = String::new();
        let at = self.tone.and_then(|_| self.tone_position());
        for (i, &c) in self.letters.iter().enumerate() {
            out.push(c);
            if Some(i) == at
                && let Some(t) = self.tone
            {
                out.push(t.mark());
            }
        }
        out.nfc().collect()
    }
}

/// The text for the keys typed for one word.
#[must_use]
pub fn compose_word(method: Method, keys: &str) -> String {
    let mut w = Word {
        letters: Vec::new(),
        tone: None,
    };
    for c in keys.chars() {
        let key = classify(method, c);
        if !w.apply(key, c) {
            w.letters.push(c);
        }
    }
    w.render()
}

/// The text for a whole line of keys: each space-separated word composed on its own.
#[must_use]
pub fn compose(method: Method, keys: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in keys.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            out.push_str(&compose_word(method, &word));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(&compose_word(method, &word));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Method::{Telex, Vni};

    #[test]
    fn telex_names() {
        let cases = [
            ("Nguyeenx Vawn Aan", "Nguyễn Văn Ân"),
            ("Traanf Thij Bichs Ngocj", "Trần Thị Bích Ngọc"),
            ("Leex Hoafng Phuwowng", "Lễ Hoàng Phương"),
            ("Ddaxng", "Đãng"),
            ("dduowngf", "đường"),
            ("Truwowngf", "Trường"),
            ("nguowif", "người"),
            ("hoaf", "hòa"),
            ("hoafn", "hoàn"),
            ("thuyr", "thủy"),
            ("thuyeenf", "thuyền"),
            ("quaan", "quân"),
            ("quys", "quý"),
            ("gias", "giá"),
            ("giuwx", "giữ"),
            ("Vanw", "Văn"),
            ("w", "ư"),
            ("tuw", "tư"),
            ("khoer", "khỏe"),
            ("muaf", "mùa"),
        ];
        for (keys, want) in cases {
            assert_eq!(compose(Telex, keys), want, "{keys}");
        }
    }

    #[test]
    fn telex_undo_and_change() {
        assert_eq!(compose(Telex, "ass"), "as");
        assert_eq!(compose(Telex, "asf"), "à", "a later tone replaces");
        assert_eq!(compose(Telex, "asz"), "a");
        assert_eq!(compose(Telex, "aaa"), "aa");
        assert_eq!(compose(Telex, "ddd"), "dd");
        assert_eq!(compose(Telex, "s"), "s", "no vowel, a plain letter");
        assert_eq!(compose(Telex, "Sasch"), "Sách");
    }

    #[test]
    fn vni() {
        let cases = [
            ("Nguye6n4 Va8n A6n", "Nguyễn Văn Ân"),
            ("D9a8ng ky1", "Đăng ký"),
            ("Tru7o7ng2", "Trường"),
            ("tru7o72ng", "trường"),
            ("ho2a", "hòa"),
            ("so61 11", "số 11"),
            ("a11", "a1"),
            ("Pho61", "Phố"),
        ];
        for (keys, want) in cases {
            assert_eq!(compose(Vni, keys), want, "{keys}");
        }
    }

    #[test]
    fn output_is_nfc_and_keeps_case() {
        let s = compose(Telex, "DDOOJC LAAPJ");
        assert_eq!(s, "ĐỘC LẬP");
        assert_eq!(s.nfc().collect::<String>(), s);
        assert_eq!(compose(Telex, "Hà Nội, 2026"), "Hà Nội, 2026");
    }

    #[test]
    fn every_vietnamese_syllable_nucleus_can_be_typed() {
        for (keys, want) in [
            ("aws", "ắ"),
            ("aar", "ẩ"),
            ("eex", "ễ"),
            ("ooj", "ộ"),
            ("owf", "ờ"),
            ("uws", "ứ"),
            ("yx", "ỹ"),
            ("ij", "ị"),
        ] {
            assert_eq!(compose(Telex, keys), want, "{keys}");
        }
    }
}

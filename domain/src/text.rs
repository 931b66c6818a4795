//! Vietnamese text normalisation: NFC for storage, accent folding for search.

use unicode_normalization::UnicodeNormalization;

/// NFC form, trimmed, inner whitespace collapsed: what we store from any text input.
#[must_use]
pub fn clean(input: &str) -> String {
    input
        .nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower case without diacritics, `đ` → `d`, punctuation → spaces.
///
/// `Đăng ký Tạm trú!` → `dang ky tam tru`. Used on both sides of every search.
#[must_use]
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.nfd() {
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if is_combining_mark(c) => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The same text without diacritics, case kept: `Thanh toán lệ phí` →
/// `Thanh toan le phi` (for systems that take ASCII only).
#[must_use]
pub fn unaccent(input: &str) -> String {
    input
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Folded words of a text.
#[must_use]
pub fn words(input: &str) -> Vec<String> {
    fold(input)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_letters_to_ascii() {
        assert_eq!(fold("Đăng ký Tạm trú!"), "dang ky tam tru");
        assert_eq!(
            fold("Cấp Phiếu lý lịch tư pháp"),
            "cap phieu ly lich tu phap"
        );
        assert_eq!(
            fold("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"),
            "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
        );
    }

    #[test]
    fn folding_ignores_normalisation_form() {
        let composed = "Nguyễn";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(fold(composed), fold(&decomposed));
    }

    #[test]
    fn clean_composes_and_collapses_spaces() {
        let decomposed: String = "  Trần   Thị\tHà ".nfd().collect();
        assert_eq!(clean(&decomposed), "Trần Thị Hà");
    }

    #[test]
    fn words_split_on_punctuation() {
        assert_eq!(
            words("hộ chiếu, (phổ thông)"),
            vec!["ho", "chieu", "pho", "thong"]
        );
    }
}

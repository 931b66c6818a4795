//! The receipt typeface: Noto Sans (SIL Open Font License 1.1), embedded from the
//! `notosans` crate, which covers every Vietnamese letter as a precomposed glyph.

use std::sync::LazyLock;
use ttf_parser::{Face, GlyphId};

/// A parsed TrueType font with what the PDF writer needs.
pub struct Font {
    pub data: &'static [u8],
    pub face: Face<'static>,
    /// PostScript name (`NotoSans-Regular`).
    pub name: &'static str,
}

pub static REGULAR: LazyLock<Font> =
    LazyLock::new(|| Font::load(notosans::REGULAR_TTF, "NotoSans-Regular"));
pub static BOLD: LazyLock<Font> = LazyLock::new(|| Font::load(notosans::BOLD_TTF, "NotoSans-Bold"));

impl Font {
    fn load(data: &'static [u8], name: &'static str) -> Self {
        let face = Face::parse(data, 0)
            .unwrap_or_else(|e| panic!("the bundled font {name} does not parse: {e}"));
        Self { data, face, name }
    }

    /// The glyph for a character (0, the missing glyph, when the font lacks it).
    #[must_use]
    pub fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }

    /// Advance width of a glyph in thousandths of the font size.
    #[must_use]
    pub fn advance(&self, glyph: u16) -> f32 {
        let units = f32::from(self.face.units_per_em());
        f32::from(self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0)) * 1000.0 / units
    }

    /// Width of `text` at `size` points.
    #[must_use]
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// A metric in thousandths of an em.
    #[must_use]
    pub fn scaled(&self, units: i16) -> f32 {
        f32::from(units) * 1000.0 / f32::from(self.face.units_per_em())
    }
}

/// Every letter of Vietnamese, lower and upper case, with every tone.
pub const VIETNAMESE_LETTERS: &str = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ\
AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬBCDĐEÈẺẼÉẸÊỀỂỄẾỆGHIÌỈĨÍỊKLMNOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢPQRSTUÙỦŨÚỤƯỪỬỮỨỰVXYỲỶỸÝỴ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_weights_have_every_vietnamese_letter() {
        assert_eq!(VIETNAMESE_LETTERS.chars().count(), 2 * 89);
        for font in [&*REGULAR, &*BOLD] {
            let missing: String = VIETNAMESE_LETTERS
                .chars()
                .chain("0123456789 .,:;()/-–%*\"'".chars())
                .filter(|&c| font.glyph(c) == 0)
                .collect();
            assert!(missing.is_empty(), "{} lacks {missing}", font.name);
        }
    }

    #[test]
    fn widths_grow_with_text_and_size() {
        let f = &*REGULAR;
        assert!(f.width("Hai trăm nghìn đồng", 10.0) > f.width("Hai", 10.0));
        assert!((f.width("abc", 20.0) - 2.0 * f.width("abc", 10.0)).abs() < 0.01);
    }
}

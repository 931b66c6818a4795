//! A tiny PDF page builder: Unicode text in the embedded fonts, rectangles and QR
//! codes, written as one A4 page with the fonts embedded (TrueType, Identity-H, with
//! a ToUnicode map so the text can be copied and extracted exactly).

use super::font::{BOLD, Font, REGULAR};
use pdf_writer::types::UnicodeCmap;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::BTreeMap;
use std::io::Write as _;
use unicode_normalization::UnicodeNormalization as _;

pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn font(self) -> &'static Font {
        match self {
            Self::Regular => &REGULAR,
            Self::Bold => &BOLD,
        }
    }

    fn resource(self) -> Name<'static> {
        match self {
            Self::Regular => Name(b"F1"),
            Self::Bold => Name(b"F2"),
        }
    }

    fn index(self) -> usize {
        match self {
            Self::Regular => 0,
            Self::Bold => 1,
        }
    }
}

/// One page being drawn. Coordinates are PDF points from the bottom-left corner.
pub struct Canvas {
    content: Content,
    /// Glyphs used per font, with the text each stands for.
    used: [BTreeMap<u16, char>; 2],
}

impl Canvas {
    pub fn new() -> Self {
        Self {
            content: Content::new(),
            used: [BTreeMap::new(), BTreeMap::new()],
        }
    }

    /// Width of `text` in points.
    pub fn width(text: &str, weight: Weight, size: f32) -> f32 {
        weight.font().width(&text.nfc().collect::<String>(), size)
    }

    /// Draws one line of text with its left end at `x`.
    pub fn text(&mut self, x: f32, y: f32, text: &str, weight: Weight, size: f32) {
        let font = weight.font();
        let mut bytes = Vec::new();
        for c in text.nfc() {
            let g = font.glyph(c);
            self.used[weight.index()].entry(g).or_insert(c);
            bytes.extend_from_slice(&g.to_be_bytes());
        }
        self.content
            .begin_text()
            .set_font(weight.resource(), size)
            .next_line(x, y);
        self.content.show(Str(&bytes));
        self.content.end_text();
    }

    /// Draws text ending at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, text: &str, weight: Weight, size: f32) {
        let w = Self::width(text, weight, size);
        self.text(right - w, y, text, weight, size);
    }

    /// Draws text centred on `centre`.
    pub fn text_centred(&mut self, centre: f32, y: f32, text: &str, weight: Weight, size: f32) {
        let w = Self::width(text, weight, size);
        self.text(centre - w / 2.0, y, text, weight, size);
    }

    /// Sets the fill colour of what follows.
    pub fn colour(&mut self, r: f32, g: f32, b: f32) {
        self.content.set_fill_rgb(r, g, b);
    }

    /// A horizontal rule.
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32) {
        self.content
            .set_line_width(width)
            .move_to(x1, y)
            .line_to(x2, y)
            .stroke();
    }

    /// A QR code whose top-left corner is at (`x`, `top`), `size` points wide.
    pub fn qr(&mut self, x: f32, top: f32, size: f32, data: &str) {
        let Ok(code) = qrcode::QrCode::new(data.as_bytes()) else {
            return;
        };
        let n = code.width();
        let colours = code.to_colors();
        let quiet = 4;
        let module = size / (n + 2 * quiet) as f32;
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if colours[row * n + col] == qrcode::Color::Dark {
                    let start = col;
                    while col < n && colours[row * n + col] == qrcode::Color::Dark {
                        col += 1;
                    }
                    self.content.rect(
                        x + (start + quiet) as f32 * module,
                        top - (row + quiet + 1) as f32 * module,
                        (col - start) as f32 * module,
                        module,
                    );
                } else {
                    col += 1;
                }
            }
        }
        self.content.fill_nonzero();
    }

    /// Splits `text` into lines no wider than `max` points, breaking at spaces.
    pub fn wrap(text: &str, weight: Weight, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && Self::width(&candidate, weight, size) > max {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Writes the document: one page, the fonts embedded, document info set.
    pub fn finish(self, title: &str, keywords: &str) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let catalog = Ref::new(1);
        let pages = Ref::new(2);
        let page = Ref::new(3);
        let contents = Ref::new(4);
        let info = Ref::new(5);
        let mut next = 6;
        let mut alloc = || {
            let r = Ref::new(next);
            next += 1;
            r
        };
        let font_refs: Vec<Ref> = (0..2).map(|_| alloc()).collect();
        pdf.catalog(catalog).pages(pages);
        pdf.pages(pages).kids([page]).count(1);
        {
            let mut p = pdf.page(page);
            p.parent(pages)
                .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
                .contents(contents);
            let mut res = p.resources();
            let mut fonts = res.fonts();
            fonts.pair(Weight::Regular.resource(), font_refs[0]);
            fonts.pair(Weight::Bold.resource(), font_refs[1]);
        }
        let stream = deflate(&self.content.finish().into_vec());
        pdf.stream(contents, &stream).filter(Filter::FlateDecode);
        pdf.document_info(info)
            .title(TextStr(title))
            .keywords(TextStr(keywords))
            .producer(TextStr("Một Cửa"));
        for (weight, type0) in [Weight::Regular, Weight::Bold].into_iter().zip(font_refs) {
            let used = &self.used[weight.index()];
            let (cid, descriptor, file, cmap) = (alloc(), alloc(), alloc(), alloc());
            write_font(
                &mut pdf,
                weight.font(),
                used,
                [type0, cid, descriptor, file, cmap],
            );
        }
        pdf.finish()
    }
}

const IDENTITY: SystemInfo<'static> = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

fn write_font(pdf: &mut Pdf, font: &Font, used: &BTreeMap<u16, char>, refs: [Ref; 5]) {
    let [type0, cid, descriptor, file, cmap] = refs;
    // A subset font is named with a six-letter tag of its own (PDF 32000 §9.6.4).
    let tag: String = used
        .keys()
        .fold(5381_u32, |h, &g| h.wrapping_mul(33) ^ u32::from(g))
        .to_be_bytes()
        .iter()
        .chain(b"MC")
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    let subset_name = format!("{tag}+{}", font.name);
    let name = Name(subset_name.as_bytes());
    pdf.type0_font(type0)
        .base_font(name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    {
        let mut c = pdf.cid_font(cid);
        c.subtype(CidFontType::Type2)
            .base_font(name)
            .system_info(IDENTITY)
            .font_descriptor(descriptor)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        let mut w = c.widths();
        for &g in used.keys() {
            w.consecutive(g, [font.advance(g)]);
        }
    }
    let face = &font.face;
    let bbox = face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(name)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            font.scaled(bbox.x_min),
            font.scaled(bbox.y_min),
            font.scaled(bbox.x_max),
            font.scaled(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(font.scaled(face.ascender()))
        .descent(font.scaled(face.descender()))
        .cap_height(font.scaled(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(80.0)
        .font_file2(file);
    // Only the outlines this page uses travel with it.
    let program = super::subset::subset(font.data, used.keys().copied())
        .unwrap_or_else(|| font.data.to_vec());
    let data = deflate(&program);
    pdf.stream(file, &data).filter(Filter::FlateDecode).pair(
        Name(b"Length1"),
        i32::try_from(program.len()).unwrap_or(i32::MAX),
    );
    let mut map = UnicodeCmap::<u16>::new(Name(b"Custom"), IDENTITY);
    for (&g, &c) in used {
        map.pair(g, c);
    }
    let map = map.finish();
    pdf.cmap(cmap, map.as_slice());
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data)
        .unwrap_or_else(|_| unreachable!("writing to memory"));
    e.finish()
        .unwrap_or_else(|_| unreachable!("writing to memory"))
}

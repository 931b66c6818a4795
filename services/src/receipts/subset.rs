//! A small TrueType subsetter for embedding: the outlines of the glyphs a document
//! uses (and the glyphs composite outlines are built from) are kept and every other
//! glyph is emptied. Glyph ids do not change, so the PDF can keep `CIDToGIDMap
//! /Identity`; layout tables the PDF never reads are dropped.

/// Tables a PDF viewer may read from an embedded TrueType font.
const KEEP: [&[u8; 4]; 12] = [
    b"OS/2", b"cmap", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp",
    b"name", b"post",
];

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

fn table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = usize::from(u16_at(font, 4)?);
    (0..n).find_map(|i| {
        let rec = 12 + 16 * i;
        (font.get(rec..rec + 4)? == tag).then(|| {
            let off = u32_at(font, rec + 8)? as usize;
            let len = u32_at(font, rec + 12)? as usize;
            font.get(off..off + len)
        })?
    })
}

/// Glyphs a composite glyph is made of.
fn components(glyph: &[u8]) -> Vec<u16> {
    const WORDS: u16 = 0x0001;
    const SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    let Some(contours) = u16_at(glyph, 0) else {
        return out;
    };
    if contours & 0x8000 == 0 {
        return out; // a simple glyph
    }
    let mut at = 10;
    loop {
        let (Some(flags), Some(gid)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) else {
            return out;
        };
        out.push(gid);
        at += 4 + if flags & WORDS != 0 { 4 } else { 2 };
        at += if flags & SCALE != 0 {
            2
        } else if flags & XY_SCALE != 0 {
            4
        } else if flags & TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 {
            return out;
        }
    }
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The font with only `used` glyphs' outlines, or `None` when it is not a TrueType
/// font this understands (the caller then embeds the whole font).
#[must_use]
pub fn subset(font: &[u8], used: impl IntoIterator<Item = u16>) -> Option<Vec<u8>> {
    let head = table(font, b"head")?;
    let long = u16_at(head, 50)? == 1;
    let glyphs = usize::from(u16_at(table(font, b"maxp")?, 4)?);
    let loca = table(font, b"loca")?;
    let glyf = table(font, b"glyf")?;
    let offset = |g: usize| -> Option<usize> {
        if long {
            u32_at(loca, 4 * g).map(|o| o as usize)
        } else {
            u16_at(loca, 2 * g).map(|o| usize::from(o) * 2)
        }
    };
    let outline = |g: usize| -> Option<&[u8]> { glyf.get(offset(g)?..offset(g + 1)?) };

    // Everything used, .notdef, and what composites are built from.
    let mut keep = vec![false; glyphs];
    let mut todo: Vec<u16> = used.into_iter().chain([0]).collect();
    while let Some(g) = todo.pop() {
        let gi = usize::from(g);
        if gi >= glyphs || keep[gi] {
            continue;
        }
        keep[gi] = true;
        todo.extend(components(outline(gi)?));
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((glyphs + 1) * 4);
    let push_offset = |loca: &mut Vec<u8>, at: usize| {
        if long {
            loca.extend_from_slice(&u32::try_from(at).unwrap_or(u32::MAX).to_be_bytes());
        } else {
            loca.extend_from_slice(&u16::try_from(at / 2).unwrap_or(u16::MAX).to_be_bytes());
        }
    };
    for (g, kept) in keep.iter().enumerate() {
        push_offset(&mut new_loca, new_glyf.len());
        if *kept {
            new_glyf.extend_from_slice(outline(g)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    push_offset(&mut new_loca, new_glyf.len());

    let mut tables: Vec<(&[u8; 4], Vec<u8>)> = Vec::new();
    for tag in KEEP {
        let data = match tag {
            b"glyf" => new_glyf.clone(),
            b"loca" => new_loca.clone(),
            _ => match table(font, tag) {
                Some(d) => d.to_vec(),
                None => continue,
            },
        };
        tables.push((tag, data));
    }
    tables.sort_by_key(|(tag, _)| **tag);

    let n = u16::try_from(tables.len()).ok()?;
    let pow = 1u16 << (15 - n.leading_zeros());
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000_u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(pow * 16).to_be_bytes());
    out.extend_from_slice(&(15 - n.leading_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&(n * 16 - pow * 16).to_be_bytes());
    let directory = 12 + 16 * tables.len();
    let mut at = directory;
    let mut head_at = None;
    let mut body = Vec::new();
    for (tag, data) in &mut tables {
        if *tag == b"head" {
            data.get_mut(8..12)?.copy_from_slice(&[0; 4]);
            head_at = Some(at);
        }
        out.extend_from_slice(*tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        at = directory + body.len();
    }
    out.extend_from_slice(&body);
    let adjust = 0xB1B0_AFBA_u32.wrapping_sub(checksum(&out));
    let h = head_at?;
    out.get_mut(h + 8..h + 12)?
        .copy_from_slice(&adjust.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ttf_parser::{Face, GlyphId};

    #[test]
    fn keeps_the_used_outlines_and_their_components_only() {
        let full = notosans::REGULAR_TTF;
        let face = Face::parse(full, 0).unwrap();
        let text = "Nguyễn Thị Ánh Tuyết – Hai trăm nghìn đồng";
        let used: Vec<u16> = text
            .chars()
            .map(|c| face.glyph_index(c).unwrap().0)
            .collect();
        let small = subset(full, used.iter().copied()).expect("a TrueType font");
        assert!(
            small.len() * 4 < full.len(),
            "{} vs {}",
            small.len(),
            full.len()
        );
        let sub = Face::parse(&small, 0).expect("the subset parses");
        assert_eq!(
            sub.number_of_glyphs(),
            face.number_of_glyphs(),
            "ids unchanged"
        );
        for &g in &used {
            assert_eq!(
                sub.glyph_bounding_box(GlyphId(g)),
                face.glyph_bounding_box(GlyphId(g)),
                "glyph {g}"
            );
        }
        let unused = face.glyph_index('Q').unwrap();
        assert!(face.glyph_bounding_box(unused).is_some());
        assert!(sub.glyph_bounding_box(unused).is_none(), "emptied");
        assert_eq!(checksum(&small), 0xB1B0_AFBA, "whole-font checksum");
        assert!(subset(b"not a font", [1]).is_none());
    }
}

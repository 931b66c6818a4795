//! A minimal XLSX (Office Open XML spreadsheet) writer: one sheet of text and number
//! cells, packed in a ZIP with stored (uncompressed) entries. Enough for report exports
//! that open in Excel, LibreOffice and Google Sheets, without a spreadsheet library.

/// A cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    /// A share shown as a percentage with one decimal (0.333 → 33.3 %).
    Percent(f64),
    Empty,
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + u8::try_from(index % 26).unwrap_or(0));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

fn sheet_xml(rows: &[Vec<Cell>]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (r, row) in rows.iter().enumerate() {
        out.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", column_name(c), r + 1);
            match cell {
                Cell::Text(t) => out.push_str(&format!(
                    "<c r=\"{at}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    xml_escape(t)
                )),
                Cell::Number(n) => out.push_str(&format!("<c r=\"{at}\"><v>{n}</v></c>")),
                Cell::Percent(p) => {
                    out.push_str(&format!("<c r=\"{at}\" s=\"1\"><v>{p}</v></c>"));
                }
                Cell::Empty => {}
            }
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData></worksheet>");
    out
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
</Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
</Relationships>";

const WORKBOOK_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>";

/// Style 1: the built-in "0.0%" format (id 10 is "0.00%"; a custom id keeps one decimal).
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>\
<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>\
<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>\
</styleSheet>";

fn workbook(sheet_name: &str) -> String {
    // Sheet names: at most 31 characters, none of []:*?/\.
    let name: String = sheet_name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <sheets><sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        xml_escape(&name)
    )
}

/// A ZIP archive of stored entries.
fn zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: usize| u16::try_from(v).unwrap_or(u16::MAX).to_le_bytes();
    let le32 = |v: usize| u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes();
    for (name, data) in entries {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let crc = crc.sum().to_le_bytes();
        let offset = out.len();
        // Local file header: version 2.0, UTF-8 names (bit 11), stored, DOS time 0.
        out.extend_from_slice(&[0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0x08, 0, 0, 0, 0, 0x21, 0]);
        out.extend_from_slice(&crc);
        out.extend_from_slice(&le32(data.len()));
        out.extend_from_slice(&le32(data.len()));
        out.extend_from_slice(&le16(name.len()));
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&[
            0x50, 0x4b, 0x01, 0x02, 20, 0, 20, 0, 0, 0x08, 0, 0, 0, 0, 0x21, 0,
        ]);
        central.extend_from_slice(&crc);
        central.extend_from_slice(&le32(data.len()));
        central.extend_from_slice(&le32(data.len()));
        central.extend_from_slice(&le16(name.len()));
        central.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&le32(offset));
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len();
    out.extend_from_slice(&central);
    out.extend_from_slice(&[0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0]);
    out.extend_from_slice(&le16(entries.len()));
    out.extend_from_slice(&le16(entries.len()));
    out.extend_from_slice(&le32(central.len()));
    out.extend_from_slice(&le32(central_offset));
    out.extend_from_slice(&[0, 0]);
    out
}

/// A workbook of one sheet.
#[must_use]
pub fn workbook_bytes(sheet_name: &str, rows: &[Vec<Cell>]) -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("xl/workbook.xml", workbook(sheet_name).into_bytes()),
        (
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.as_bytes().to_vec(),
        ),
        ("xl/styles.xml", STYLES.as_bytes().to_vec()),
        ("xl/worksheets/sheet1.xml", sheet_xml(rows).into_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_like_spreadsheets() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn cells_are_escaped() {
        let xml = sheet_xml(&[vec![
            Cell::Text("Sở <Tư> & \"pháp\"\u{1}".into()),
            Cell::Number(205_000),
            Cell::Empty,
            Cell::Percent(0.5),
        ]]);
        assert!(xml.contains("<t xml:space=\"preserve\">Sở &lt;Tư&gt; &amp; &quot;pháp&quot;</t>"));
        assert!(xml.contains("<c r=\"B1\"><v>205000</v></c>"));
        assert!(xml.contains("<c r=\"D1\" s=\"1\"><v>0.5</v></c>"));
    }

    #[test]
    fn the_archive_is_a_valid_zip() {
        let bytes = workbook_bytes("Báo cáo 2026-11", &[vec![Cell::Text("Tổng".into())]]);
        assert!(bytes.starts_with(b"PK\x03\x04"));
        // The end record says six entries, and its central directory offset points at
        // a central directory header.
        let end = bytes.len() - 22;
        assert_eq!(&bytes[end..end + 4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([bytes[end + 10], bytes[end + 11]]), 6);
        let at = u32::from_le_bytes([
            bytes[end + 16],
            bytes[end + 17],
            bytes[end + 18],
            bytes[end + 19],
        ]) as usize;
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02");
        // Every local header's CRC matches its data.
        let mut pos = 0;
        let mut seen = 0;
        while bytes[pos..pos + 4] == *b"PK\x03\x04" {
            let crc = u32::from_le_bytes(bytes[pos + 14..pos + 18].try_into().unwrap());
            let size = u32::from_le_bytes(bytes[pos + 18..pos + 22].try_into().unwrap()) as usize;
            let name_len =
                u16::from_le_bytes(bytes[pos + 26..pos + 28].try_into().unwrap()) as usize;
            let data = &bytes[pos + 30 + name_len..pos + 30 + name_len + size];
            let mut c = flate2::Crc::new();
            c.update(data);
            assert_eq!(c.sum(), crc);
            pos += 30 + name_len + size;
            seen += 1;
        }
        assert_eq!(seen, 6);
    }
}

//! The receipt as an A4 PDF page: every field of Nghị định 123/2020 Điều 32.2, the
//! total in figures and in words, the server's signature and a QR to the public
//! verification page. A reprint says "BẢN SAO" under the title.

use super::canvas::{Canvas, PAGE_HEIGHT, PAGE_WIDTH, Weight};
use domain::Vnd;
use domain::receipt::ReceiptContent;

const LEFT: f32 = 56.0;
const RIGHT: f32 = PAGE_WIDTH - 56.0;

/// How this delivery of the receipt is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    Original,
    /// A reprint, with how many times it has been delivered before.
    Reprint(i64),
}

/// What the page shows besides the receipt content.
#[derive(Debug)]
pub struct Seal<'a> {
    pub signature_hex: &'a str,
    pub key_id: &'a str,
    pub verify_url: &'a str,
    pub copy: Copy,
    /// Date of this reprint, `dd/mm/yyyy`.
    pub printed_on: &'a str,
    /// For a cancelled receipt (its fee refunded): when and why, printed under "ĐÃ HUỶ".
    pub cancelled: Option<&'a str>,
}

fn amount(v: Vnd) -> String {
    v.display_vi().replace(" đ", "")
}

/// Renders the PDF bytes.
#[must_use]
pub fn render(r: &ReceiptContent, seal: &Seal<'_>) -> Vec<u8> {
    use Weight::{Bold, Regular};
    let mut c = Canvas::new();
    let mut y = PAGE_HEIGHT - 60.0;

    // Issuer (top left) and symbols (top right).
    for line in Canvas::wrap(&r.issuer_name.to_uppercase(), Bold, 10.5, 300.0) {
        c.text(LEFT, y, &line, Bold, 10.5);
        y -= 14.0;
    }
    c.text(
        LEFT,
        y,
        &format!("Mã số thuế: {}", r.issuer_tax_code),
        Regular,
        10.0,
    );
    let mut ry = PAGE_HEIGHT - 60.0;
    for line in [
        format!("Ký hiệu mẫu biên lai: {}", r.template_symbol),
        format!("Ký hiệu biên lai: {}", r.series_symbol),
        format!("Số: {}", r.number_display()),
    ] {
        c.text_right(RIGHT, ry, &line, Regular, 10.0);
        ry -= 14.0;
    }
    y = y.min(ry) - 34.0;

    c.text_centred(PAGE_WIDTH / 2.0, y, &r.receipt_name, Bold, 17.0);
    y -= 18.0;
    c.text_centred(
        PAGE_WIDTH / 2.0,
        y,
        "(Biên lai điện tử – Electronic receipt)",
        Regular,
        10.0,
    );
    y -= 16.0;
    if let Copy::Reprint(n) = seal.copy {
        c.colour(0.75, 0.0, 0.0);
        c.text_centred(PAGE_WIDTH / 2.0, y, "BẢN SAO", Bold, 14.0);
        y -= 14.0;
        c.text_centred(
            PAGE_WIDTH / 2.0,
            y,
            &format!("In lại lần {n}, ngày {} (Copy)", seal.printed_on),
            Regular,
            9.0,
        );
        c.colour(0.0, 0.0, 0.0);
        y -= 14.0;
    }
    if let Some(why) = seal.cancelled {
        c.colour(0.75, 0.0, 0.0);
        c.text_centred(PAGE_WIDTH / 2.0, y, "ĐÃ HUỶ (Cancelled)", Bold, 14.0);
        y -= 14.0;
        for line in Canvas::wrap(why, Regular, 9.0, 420.0) {
            c.text_centred(PAGE_WIDTH / 2.0, y, &line, Regular, 9.0);
            y -= 12.0;
        }
        c.colour(0.0, 0.0, 0.0);
        y -= 2.0;
    }
    let (d, m, yr) = split_date(&r.issued_on);
    c.text_centred(
        PAGE_WIDTH / 2.0,
        y,
        &format!("Ngày {d} tháng {m} năm {yr}"),
        Regular,
        10.5,
    );
    y -= 34.0;

    // Payer and what was paid for.
    let rows = [
        ("Họ tên người nộp:", r.payer_name.clone()),
        ("Số định danh cá nhân:", r.payer_id_number.clone()),
        ("Mã hồ sơ:", r.dossier_code.clone()),
        (
            "Thủ tục:",
            format!("{} – {}", r.procedure_code, r.procedure_name),
        ),
        ("Hình thức thanh toán:", r.payment_method.clone()),
        ("Mã tham chiếu thanh toán:", r.payment_reference.clone()),
    ];
    for (label, value) in rows {
        c.text(LEFT, y, label, Regular, 10.5);
        for line in Canvas::wrap(&value, Bold, 10.5, RIGHT - LEFT - 150.0) {
            c.text(LEFT + 150.0, y, &line, Bold, 10.5);
            y -= 15.0;
        }
        y -= 3.0;
    }
    y -= 10.0;

    // Fee lines: quantity × unit price = amount.
    const QTY: f32 = RIGHT - 205.0;
    const PRICE: f32 = RIGHT - 95.0;
    c.rule(LEFT, RIGHT, y + 12.0, 0.8);
    c.text(LEFT, y, "STT", Bold, 10.0);
    c.text(LEFT + 36.0, y, "Tên khoản thu", Bold, 10.0);
    c.text_right(QTY, y, "Số lượng", Bold, 10.0);
    c.text_right(PRICE, y, "Đơn giá", Bold, 10.0);
    c.text_right(RIGHT, y, "Số tiền (đồng)", Bold, 10.0);
    y -= 6.0;
    c.rule(LEFT, RIGHT, y, 0.5);
    y -= 15.0;
    for (i, line) in r.lines.iter().enumerate() {
        c.text(LEFT + 6.0, y, &(i + 1).to_string(), Regular, 10.5);
        let lines = Canvas::wrap(&line.name, Regular, 10.5, QTY - LEFT - 36.0 - 60.0);
        let quantity = if line.unit.is_empty() {
            line.quantity.to_string()
        } else {
            format!("{} {}", line.quantity, line.unit)
        };
        c.text_right(QTY, y, &quantity, Regular, 10.5);
        c.text_right(PRICE, y, &amount(line.unit_price()), Regular, 10.5);
        c.text_right(RIGHT, y, &amount(line.amount_vnd), Regular, 10.5);
        for l in lines {
            c.text(LEFT + 36.0, y, &l, Regular, 10.5);
            y -= 15.0;
        }
    }
    c.rule(LEFT, RIGHT, y + 9.0, 0.5);
    y -= 6.0;
    c.text(LEFT + 36.0, y, "Tổng cộng:", Bold, 11.0);
    c.text_right(RIGHT, y, &amount(r.total_vnd), Bold, 11.0);
    y -= 20.0;
    c.text(LEFT, y, "Số tiền bằng chữ:", Regular, 10.5);
    for line in Canvas::wrap(&r.total_in_words, Bold, 10.5, RIGHT - LEFT - 110.0) {
        c.text(LEFT + 110.0, y, &line, Bold, 10.5);
        y -= 15.0;
    }
    y -= 30.0;

    // Signature and verification.
    let qr_size = 120.0;
    c.qr(LEFT - 8.0, y + 8.0, qr_size, seal.verify_url);
    let tx = LEFT + qr_size + 4.0;
    let mut sy = y - 6.0;
    c.text(tx, sy, "NGƯỜI THU TIỀN (chữ ký số)", Bold, 10.0);
    sy -= 14.0;
    for line in Canvas::wrap(
        &format!("Ký bởi: {}", r.issuer_name),
        Regular,
        9.5,
        RIGHT - tx,
    ) {
        c.text(tx, sy, &line, Regular, 9.5);
        sy -= 13.0;
    }
    c.text(
        tx,
        sy,
        &format!("Khoá công khai (Ed25519): {}", seal.key_id),
        Regular,
        8.5,
    );
    sy -= 12.0;
    c.text(tx, sy, "Chữ ký:", Regular, 8.5);
    sy -= 11.0;
    let sig = seal.signature_hex;
    for chunk in [&sig[..sig.len().min(64)], &sig[sig.len().min(64)..]] {
        c.text(tx, sy, chunk, Regular, 7.5);
        sy -= 10.0;
    }
    sy -= 6.0;
    c.text(
        tx,
        sy,
        "Quét mã QR hoặc mở địa chỉ sau để xác thực biên lai:",
        Regular,
        9.0,
    );
    sy -= 12.0;
    for line in wrap_url(seal.verify_url, RIGHT - tx) {
        c.text(tx, sy, &line, Regular, 8.5);
        sy -= 11.0;
    }
    let title = format!(
        "Biên lai {} {} số {}",
        r.template_symbol,
        r.series_symbol,
        r.number_display()
    );
    c.finish(&title, &format!("signature:{sig} key:{}", seal.key_id))
}

fn split_date(dmy: &str) -> (&str, &str, &str) {
    let mut it = dmy.split('/');
    (
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
    )
}

/// URLs have no spaces: break them by width.
fn wrap_url(url: &str, max: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for ch in url.chars() {
        let last = lines.last_mut().unwrap_or_else(|| unreachable!());
        last.push(ch);
        if Canvas::width(last, Weight::Regular, 8.5) > max {
            last.pop();
            lines.push(ch.to_string());
        }
    }
    lines
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use domain::receipt::{ReceiptLine, vnd_in_words};

    pub(crate) fn sample() -> ReceiptContent {
        ReceiptContent {
            receipt_name: domain::receipt::RECEIPT_NAME.to_owned(),
            template_symbol: "EBL01".to_owned(),
            series_symbol: "26TTP".to_owned(),
            number: 42,
            issuer_name: "Sở Tư pháp".to_owned(),
            issuer_tax_code: "0100000031".to_owned(),
            payer_name: "Nguyễn Thị Ánh Tuyết".to_owned(),
            payer_id_number: "001190012345".to_owned(),
            dossier_code: "000.00.31.H53-261124-0001".to_owned(),
            procedure_code: "1.001234".to_owned(),
            procedure_name: "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam".to_owned(),
            lines: vec![ReceiptLine {
                name: "Phí cung cấp thông tin lý lịch tư pháp".to_owned(),
                amount_vnd: Vnd::try_from(200_000).unwrap(),
                quantity: 1,
                unit: "lần/người".to_owned(),
                unit_price_vnd: Some(Vnd::try_from(200_000).unwrap()),
            }],
            total_vnd: Vnd::try_from(200_000).unwrap(),
            total_in_words: vnd_in_words(200_000),
            issued_at: 1_795_000_000,
            issued_on: "24/11/2026".to_owned(),
            payment_reference: "MC261124ABCDEFGH".to_owned(),
            payment_method: crate::receipts::METHOD_VIETQR.to_owned(),
            verify_token: "0123456789abcdef0123456789abcdef".to_owned(),
        }
    }

    fn pdftotext(pdf: &[u8]) -> String {
        use std::io::Write as _;
        let mut child = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8", "-", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("pdftotext is installed (poppler-utils)");
        child.stdin.take().unwrap().write_all(pdf).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn renders_a_pdf_with_embedded_fonts_and_a_text_map() {
        let sig = "ab".repeat(64);
        let seal = Seal {
            signature_hex: &sig,
            key_id: "0011223344556677",
            verify_url: "http://127.0.0.1:3000/verify/receipt/0123456789abcdef0123456789abcdef",
            copy: Copy::Original,
            printed_on: "24/11/2026",
            cancelled: None,
        };
        let pdf = render(&sample(), &seal);
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < 120_000, "fonts are subset: {} bytes", pdf.len());
        let text = String::from_utf8_lossy(&pdf);
        for needle in [
            "/FontFile2",
            "/ToUnicode",
            "/Identity-H",
            "+NotoSans-Bold",
            "%%EOF",
        ] {
            assert!(text.contains(needle), "missing {needle}");
        }
        // Every Vietnamese letter comes back out exactly (`make test` installs poppler-utils).
        let mut all = sample();
        let letters: Vec<char> = crate::receipts::VIETNAMESE_LETTERS.chars().collect();
        let words: Vec<String> = letters.chunks(12).map(|w| w.iter().collect()).collect();
        all.payer_name = words[..8].join(" ");
        all.procedure_name = words[8..].join(" ");
        let text = pdftotext(&render(&all, &seal));
        let flat: String = text.split_whitespace().collect();
        for (i, c) in crate::receipts::VIETNAMESE_LETTERS.chars().enumerate() {
            assert!(flat.contains(c), "letter {i} {c} missing from {text}");
        }
        for needle in [
            "BIÊN LAI THU PHÍ, LỆ PHÍ",
            "Ký hiệu mẫu biên lai: EBL01",
            "Ký hiệu biên lai: 26TTP",
            "Số: 00000042",
            "Hai trăm nghìn đồng",
            "Ngày 24 tháng 11 năm 2026",
        ] {
            assert!(text.contains(needle), "{needle} missing from {text}");
        }
        let sample_text = pdftotext(&pdf);
        assert!(
            sample_text.contains("Nguyễn Thị Ánh Tuyết"),
            "{sample_text}"
        );
        assert!(!sample_text.contains("BẢN SAO"));
        let copy = pdftotext(&render(
            &sample(),
            &Seal {
                copy: Copy::Reprint(1),
                ..seal
            },
        ));
        assert!(
            copy.contains("BẢN SAO") && copy.contains("In lại lần 1"),
            "{copy}"
        );
        assert!(!sample_text.contains("ĐÃ HUỶ"));
        // A receipt whose fee was refunded says so, with when and why (issue 16, item 6).
        let cancelled = pdftotext(&render(
            &sample(),
            &Seal {
                copy: Copy::Reprint(2),
                cancelled: Some("Huỷ ngày 07/12/2026: Hoàn phí: hồ sơ bị từ chối"),
                ..seal
            },
        ));
        assert!(
            cancelled.contains("ĐÃ HUỶ") && cancelled.contains("Huỷ ngày 07/12/2026"),
            "{cancelled}"
        );
        if std::env::var_os("MOTCUA_WRITE_SAMPLE_RECEIPT").is_some() {
            std::fs::write("/tmp/sample-receipt.pdf", &pdf).unwrap();
        }
    }
}

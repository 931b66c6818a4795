//! Receipts over HTTP: the PDF after a sandbox-bank payment reads back as Vietnamese
//! text, its QR opens the public verification page, reprints are copies, and only the
//! payer and the agency reach it.

use crate::helpers::TestApp;
use crate::payments::paid_dossier_qr_for;
use serde_json::{Value, json};
use std::process::{Command, Stdio};

/// The text of a PDF, as pdftotext reads it.
pub fn pdf_text(pdf: &[u8]) -> String {
    String::from_utf8(run(
        Command::new("pdftotext").args(["-enc", "UTF-8", "-", "-"]),
        Some(pdf),
    ))
    .unwrap()
}

fn run(cmd: &mut Command, input: Option<&[u8]>) -> Vec<u8> {
    use std::io::Write as _;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("poppler-utils and zbar-tools are installed (make test does it)");
    let mut stdin = child.stdin.take().unwrap();
    if let Some(bytes) = input {
        stdin.write_all(bytes).unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{cmd:?}");
    out.stdout
}

async fn the_receipt_reads_back_and_verifies(app: TestApp) {
    // Five records: 200.000 đ for the request and 3 × 5.000 đ from the third record
    // (TT 244/2016/TT-BTC Điều 4), 215.000 đ in all.
    let (token, pay) = paid_dossier_qr_for(&app, 5).await;
    assert_eq!(pay["amount_vnd"], 215_000);
    let id = pay["id"].as_i64().unwrap();
    assert_eq!(
        pay["receipt_pdf_url"],
        Value::Null,
        "nothing before payment"
    );
    let api = app.api_client(&token);
    let receipt = format!("/api/v1/payments/{id}/receipt.pdf");
    assert_eq!(api.get(&receipt).await.status, 404);
    let (status, out) = app
        .post_json("/sandbox/bank/transfers", json!({"qr": pay["qr_payload"]}))
        .await;
    assert_eq!(status, 200, "{out}");
    let now = api.get(&format!("/api/v1/payments/{id}")).await.json();
    let url = now["receipt_pdf_url"].as_str().expect("a receipt link");

    let res = api.get(url).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), "application/pdf");
    assert_eq!(res.header("x-receipt-copy"), "false");
    assert!(
        res.header("content-disposition")
            .contains("bien-lai-26TTP-00000001.pdf")
    );
    let pdf = res.bytes;
    let text = pdf_text(&pdf);
    for needle in [
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "SỞ TƯ PHÁP",
        "Mã số thuế: 0100000031",
        "Ký hiệu mẫu biên lai: EBL01",
        "Ký hiệu biên lai: 26TTP",
        "Số: 00000001",
        "Nguyễn Văn An",
        "Hai trăm mười lăm nghìn đồng",
        "215.000",
        "1 lần/người",
        "200.000",
        "3 phiếu",
        "5.000",
        "15.000",
        pay["reference"].as_str().unwrap(),
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    assert!(!text.contains("BẢN SAO"));

    // The QR on the page opens the public verification page.
    let dir =
        std::env::temp_dir().join(format!("motcua-receipt-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf_path = dir.join("r.pdf");
    std::fs::write(&pdf_path, &pdf).unwrap();
    run(
        Command::new("pdftoppm")
            .args(["-png", "-r", "150", "-singlefile"])
            .arg(&pdf_path)
            .arg(dir.join("r")),
        None,
    );
    let scanned = String::from_utf8(run(
        Command::new("zbarimg")
            .args(["--quiet", "--raw"])
            .arg(dir.join("r.png")),
        None,
    ))
    .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let verify_url = scanned.trim();
    let path = verify_url
        .strip_prefix(&app.address)
        .unwrap_or_else(|| panic!("{verify_url} is on this server"));
    assert!(path.starts_with("/verify/receipt/"), "{path}");
    let page = app.get_page(path).await.body;
    assert!(page.contains("Biên lai hợp lệ"), "{page}");
    assert!(page.contains("N***** V** A*"), "masked payer");
    assert!(
        !page.contains("001090123456"),
        "no identity number on the public page"
    );
    let token_part = path.trim_start_matches("/verify/receipt/");
    let (status, v) = app
        .get_json(&format!("/api/v1/receipts/verify/{token_part}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(v["valid"], true);
    assert_eq!(v["number"], "00000001");
    assert_eq!(v["total_in_words"], "Hai trăm mười lăm nghìn đồng");
    let (status, _) = app
        .get_json(&format!("/api/v1/receipts/verify/{}", "ab".repeat(16)))
        .await;
    assert_eq!(status, 404);
    let forged = app
        .get_page(&format!("/verify/receipt/{}", "ab".repeat(16)))
        .await;
    assert_eq!(forged.status, 200);
    assert!(forged.body.contains("receipt-unknown"));
    let (status, key) = app.get_json("/api/v1/receipts/public-key").await;
    assert_eq!(status, 200);
    assert_eq!(key["algorithm"], "Ed25519");
    assert_eq!(key["public_key"].as_str().unwrap().len(), 64);
    assert_eq!(key["key_id"], v["key_id"]);

    // A reprint is a copy.
    let again = api.get(&receipt).await;
    assert_eq!(again.header("x-receipt-copy"), "true");
    let text = pdf_text(&again.bytes);
    assert!(text.contains("BẢN SAO"), "{text}");

    // Nobody else.
    let other = app.citizen_token("0987654321", "001190123457").await;
    assert_eq!(app.api_client(&other).get(&receipt).await.status, 404);
    assert_eq!(app.get_page(url).await.status, 401);
}
crate::on_both_engines!(
    the_receipt_reads_back_and_verifies_on,
    the_receipt_reads_back_and_verifies
);

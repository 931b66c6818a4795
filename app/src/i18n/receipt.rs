//! Receipts: the slip and the check.

use super::catalogue;

catalogue! {
    /// Receipts: the slip and the check.
    Receipt {
        print_receipt: "In biên lai",
            "Print the receipt";
        signature_key_ed25519: "Khoá ký (Ed25519): ",
            "Signature key (Ed25519): ";
        public_key: "khoá công khai",
            "public key";
        issued_by: "Đơn vị thu",
            "Issued by";
        tax_code: "Mã số thuế",
            "Tax code";
        template_series: "Mẫu số / Ký hiệu",
            "Template / series";
        number: "Số biên lai",
            "Number";
        date: "Ngày lập",
            "Date";
        amount: "Số tiền",
            "Amount";
        payer: "Người nộp",
            "Payer";
        dossier: "Mã hồ sơ",
            "Dossier";
        check_heading: "Xác thực biên lai điện tử",
            "Verify an e-receipt";
        check_unknown: "Không tìm thấy biên lai với mã xác thực này. Biên lai có thể bị làm giả.",
            "No receipt has this verification code. The receipt may be forged.";
    }
}

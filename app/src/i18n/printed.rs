//! Printed documents handed to citizens: the receipt slip, the fee notice, the staff
//! badge. They are administrative papers, so Vietnamese always comes first; the English
//! half adds the English after it, in brackets, as Nghị định 123/2020/NĐ-CP Điều 10
//! khoản 7 lays out foreign-language text on invoices and receipts.

use super::catalogue;

catalogue! {
    /// Printed documents handed to citizens.
    Printed {
        tax_code: "MST: ",
            "MST (Tax code): ";
        receipt_title: "BIÊN LAI THU PHÍ, LỆ PHÍ",
            "BIÊN LAI THU PHÍ, LỆ PHÍ (RECEIPT OF FEES AND CHARGES)";
        template: "Mẫu số ",
            "Mẫu số (Template) ";
        series: " · Ký hiệu ",
            " · Ký hiệu (Series) ";
        number: "Số: ",
            "Số (No.): ";
        date: "Ngày ",
            "Ngày (Date) ";
        payer: "Người nộp: ",
            "Người nộp (Payer): ";
        dossier: "Hồ sơ: ",
            "Hồ sơ (Dossier): ";
        payment_reference: "Mã thanh toán: ",
            "Mã thanh toán (Payment reference): ";
        verify_alt: "QR xác thực biên lai",
            "QR xác thực biên lai (QR to verify the receipt)";
        verify_hint: "Quét mã để xác thực biên lai điện tử",
            "Quét mã để xác thực biên lai điện tử (Scan to verify the e-receipt)";
        notice_title: "THÔNG BÁO NỘP PHÍ, LỆ PHÍ",
            "THÔNG BÁO NỘP PHÍ, LỆ PHÍ (FEE NOTICE)";
        procedure: "Thủ tục: ",
            "Thủ tục (Procedure): ";
        amount: "Số tiền: ",
            "Số tiền (Amount): ";
        notice_how: "Quét mã bằng camera điện thoại để mở trang thanh toán bằng mã QR ngân hàng (không cần đăng nhập). Hoặc mở: ",
            "Quét mã bằng camera điện thoại để mở trang thanh toán bằng mã QR ngân hàng (không cần đăng nhập). Hoặc mở (Scan with your phone's camera to pay by bank QR, no sign-in needed, or open): ";
        notice_counts: "Thanh toán qua đường dẫn này được tính là thanh toán trực tuyến.",
            "Thanh toán qua đường dẫn này được tính là thanh toán trực tuyến. (Paying through this link counts as paying online.)";
        centre: "Trung tâm Phục vụ hành chính công",
            "Trung tâm Phục vụ hành chính công (Public Administration Service Centre)";
        badge_hint: "Quét tại ki-ốt để mở chế độ hỗ trợ. Không cho người khác mượn thẻ.",
            "Quét tại ki-ốt để mở chế độ hỗ trợ. Không cho người khác mượn thẻ. (Scan at a kiosk to assist; never lend this badge.)";
    }
}

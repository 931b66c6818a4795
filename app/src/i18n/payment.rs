//! The payment page.

use super::catalogue;

catalogue! {
    /// The payment page.
    Payment {
        heading: "Thanh toán phí, lệ phí",
            "Pay the fee";
        howto: "Mở ứng dụng ngân hàng, chọn quét mã QR và xác nhận chuyển khoản. Không sửa số tiền hay nội dung.",
            "Open your banking app, scan the QR code and confirm the transfer. Do not change the amount or the message.";
        amount: "Số tiền",
            "Amount";
        bank: "Ngân hàng",
            "Bank";
        account: "Số tài khoản",
            "Account number";
        holder: "Chủ tài khoản",
            "Account holder";
        transfer_message: "Nội dung chuyển khoản",
            "Transfer message";
        expires_in: "Mã hết hạn sau",
            "The code expires in";
        back_to_dossier: "Quay lại hồ sơ",
            "Back to the dossier";
        expired: "Mã đã hết hạn. Quay lại hồ sơ để tạo mã mới.",
            "The code has expired. Go back to the dossier to get a new one.";
        download_receipt: "Tải biên lai điện tử (PDF)",
            "Download the e-receipt (PDF)";
        print_receipt_slip: "In phiếu biên lai (80 mm)",
            "Print a receipt slip";
        continue_to_vnpay: "Tiếp tục thanh toán tại VNPAY",
            "Continue to VNPAY";
        back_to_fee_notice: "Quay lại thông báo phí",
            "Back to the fee notice";
        fees_heading: "Phí, lệ phí",
            "Fees";
        fees_pay: "Thanh toán bằng mã QR",
            "Pay by QR code";
        fees_paid: "Đã thanh toán đủ",
            "Paid in full";
        fees_history: "Lịch sử thanh toán",
            "Payment history";
        fees_when: "Thời điểm",
            "When";
        fees_amount: "Số tiền",
            "Amount";
        fees_reference: "Mã giao dịch",
            "Reference";
        fees_status: "Kết quả",
            "Outcome";
        fees_receipt: "Biên lai (PDF)",
            "Receipt (PDF)";
        fees_pay_vnpay: "Thanh toán qua VNPAY (thẻ ATM, ví điện tử)",
            "Pay through VNPAY (ATM card, e-wallet)";
    }
}

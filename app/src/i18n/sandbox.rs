//! The development sandboxes: SMS outbox, bank, VNPAY.

use super::catalogue;

catalogue! {
    /// The development sandboxes: SMS outbox, bank, VNPAY.
    Sandbox {
        test_sms_outbox: "Hộp thư SMS thử nghiệm",
            "Test SMS outbox";
        these_messages_are_not: "Tin nhắn không được gửi đến điện thoại thật. JSON: ",
            "These messages are not sent to real phones. As JSON: ";
        phone_number: "Số điện thoại",
            "Phone number";
        filter: "Lọc",
            "Filter";
        to: "Đến",
            "To";
        message: "Nội dung",
            "Message";
        date: "Ngày",
            "Date";
        test_bank: "Ngân hàng thử nghiệm",
            "Test bank";
        paste_content_of_vietqr: "Dán nội dung mã VietQR (như ứng dụng ngân hàng đọc được) rồi bấm Chuyển khoản. Không có tiền thật.",
            "Paste the content of a VietQR code (as a banking app reads it), then press Transfer. No real money moves.";
        qr_content: "Nội dung mã QR",
            "QR content";
        amount_only_when_qr: "Số tiền (chỉ khi mã QR không có)",
            "Amount (only when the QR has none)";
        transfer: "Chuyển khoản",
            "Transfer";
        test_vnpay_gateway: "Cổng VNPAY thử nghiệm",
            "Test VNPAY gateway";
        no_real_money_moves: "Không có tiền thật. Trang này đóng vai cổng thanh toán VNPAY.",
            "No real money moves. This page plays the VNPAY payment gateway.";
        pay: "Thanh toán ",
            "Pay ";
        for_: " cho: ",
            " for: ";
        pay_2: "Thanh toán",
            "Pay";
        cancel_payment: "Huỷ giao dịch",
            "Cancel the payment";
        pay_without_ipn: "Thanh toán nhưng không gửi IPN (mô phỏng IPN bị mất)",
            "Pay but send no IPN (as if it were lost)";
        bank_delivered: "Máy chủ đã nhận thông báo.",
            "The server received the notification.";
        bank_retrying: "Đang gửi lại thông báo cho máy chủ…",
            "Sending the notification to the server again…";
        bank_transferred: "Đã chuyển {amount} (giao dịch {event}). ",
            "Transferred {amount} (transaction {event}). ";
        qr_has_no_amount: "Mã QR không có số tiền; hãy nhập số tiền",
            "The QR has no amount; enter one";
        form_could_not_be: "Biểu mẫu không đọc được",
            "The form could not be read";
        vnpay_gateway_is_not: "Cổng VNPAY chưa được cấu hình",
            "The VNPAY gateway is not configured";
        wrong_signature_vnp_securehash: "Sai chữ ký (vnp_SecureHash): giao dịch bị từ chối",
            "Wrong signature (vnp_SecureHash): the transaction is refused";
        wrong_merchant_code_vnp: "Sai mã website (vnp_TmnCode)",
            "Wrong merchant code (vnp_TmnCode)";
        time_to_pay_this: "Giao dịch đã quá thời gian chờ thanh toán",
            "The time to pay this transaction has passed";
        bank_refuses_qr: "Ngân hàng từ chối mã QR: {reasons}",
            "The bank refuses the QR: {reasons}";
    }
}

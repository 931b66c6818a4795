//! Payments to resolve.

use super::catalogue;

catalogue! {
    /// Payments to resolve.
    Exceptions {
        staff_home: "Trang cán bộ",
            "Staff home";
        payments_to_resolve: "Khoản thanh toán cần xử lý",
            "Payments to resolve";
        nothing_to_resolve: "Không có khoản nào cần xử lý.",
            "Nothing to resolve.";
        received: "Nhận lúc",
            "Received";
        transfer_message: "Nội dung chuyển khoản",
            "Transfer message";
        bank_reference: "Mã giao dịch ngân hàng",
            "Bank reference";
        dossier: "Hồ sơ",
            "Dossier";
        due: "phải nộp",
            "due";
        reason_required: "Lý do xử lý (bắt buộc)",
            "Reason (required)";
        dossier_code_to_match: "Mã hồ sơ để ghép",
            "Dossier code to match";
        match_: "Ghép với hồ sơ",
            "Match";
        accept_late: "Chấp nhận muộn",
            "Accept late";
        mark_for_refund: "Đánh dấu hoàn tiền",
            "Mark for refund";
        kind_unknown_reference: "Không rõ mã thanh toán",
            "Unknown reference";
        kind_wrong_account: "Chuyển vào tài khoản khác",
            "Paid into another account";
        kind_wrong_amount: "Sai số tiền",
            "Wrong amount";
        kind_late: "Thanh toán muộn",
            "Late payment";
        kind_notice_paid: "Hồ sơ đã được thanh toán trước đó",
            "Notice already paid";
        kind_duplicate: "Thanh toán trùng",
            "Duplicate payment";
        resolved_matched: "Đã ghép với hồ sơ",
            "Matched to a dossier";
        resolved_accepted_late: "Chấp nhận thanh toán muộn",
            "Accepted late";
        resolved_refund: "Hoàn tiền",
            "Marked for refund";
        open_only: "Chỉ khoản chưa xử lý",
            "Open only";
        include_resolved: "Xem cả khoản đã xử lý",
            "Include resolved";
    }
}

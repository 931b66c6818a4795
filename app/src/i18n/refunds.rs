//! Refunds (hoàn phí).

use super::catalogue;

catalogue! {
    /// Refunds.
    Refunds {
        refunds: "Hoàn phí",
            "Refunds";
        staff_home: "Trang cán bộ",
            "Staff home";
        nothing: "Không có yêu cầu hoàn phí nào.",
            "No refunds.";
        open_only: "Chỉ yêu cầu chưa xong",
            "Open only";
        include_closed: "Xem cả yêu cầu đã xong",
            "Include closed";
        requested: "Chờ lãnh đạo duyệt",
            "Waiting for approval";
        approved: "Đã duyệt, chờ chuyển tiền hoàn",
            "Approved, transfer pending";
        rejected: "Không duyệt",
            "Rejected";
        paid_out: "Đã hoàn phí",
            "Refunded";
        dossier: "Hồ sơ",
            "Dossier";
        credit: "Khoản tiền không khớp",
            "Unmatched credit";
        reason: "Lý do",
            "Reason";
        asked_by: "Người đề nghị",
            "Asked by";
        decided_by: "Người duyệt",
            "Decided by";
        bank_reference: "Mã giao dịch hoàn tiền",
            "Refund transfer reference";
        note: "Ghi chú của lãnh đạo (bắt buộc khi từ chối)",
            "Manager's note (required to reject)";
        approve: "Duyệt hoàn phí",
            "Approve";
        reject: "Không duyệt",
            "Reject";
        record_paid_out: "Ghi nhận đã chuyển tiền hoàn",
            "Record the transfer";
        ask_heading: "Hoàn phí cho công dân",
            "Refund the citizen";
        ask_reason: "Lý do hoàn phí (bắt buộc)",
            "Reason for the refund (required)";
        ask: "Đề nghị hoàn phí",
            "Ask for a refund";
        see_refunds: "Xem các yêu cầu hoàn phí",
            "See refunds";
        refund_requested: "Đã gửi đề nghị hoàn phí #{id}; chờ lãnh đạo cơ quan duyệt.",
            "Refund #{id} asked for; a manager of the agency decides.";
        refund_approved: "Đã duyệt hoàn phí #{id}.",
            "Refund #{id} approved.";
        refund_rejected: "Đã từ chối hoàn phí #{id}.",
            "Refund #{id} rejected.";
        refund_paid_out: "Đã ghi nhận hoàn phí #{id}; biên lai đã được huỷ và công dân đã được nhắn tin.",
            "Refund #{id} recorded; the receipt is cancelled and the citizen texted.";
        no_decision_chosen: "Chưa chọn duyệt hay không duyệt",
            "Choose approve or reject";
    }
}

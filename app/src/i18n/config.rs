//! Configuring agencies and procedures.

use super::catalogue;

catalogue! {
    /// Configuring agencies and procedures.
    Config {
        staff_home: "Trang cán bộ",
            "Staff home";
        agencies: "Cơ quan, tài khoản thu",
            "Agencies";
        procedures_and_fees: "Thủ tục và mức thu",
            "Procedures and fees";
        history: "Lịch sử thay đổi",
            "History";
        agencies_collection_accounts_receipts: "Cơ quan: tài khoản thu, biên lai, chỉ tiêu",
            "Agencies: collection accounts, receipts, targets";
        bank: "Ngân hàng",
            "Bank";
        account_number: "Số tài khoản",
            "Account number";
        account_holder: "Tên chủ tài khoản",
            "Account holder";
        receipt_template_ebl01: "Ký hiệu mẫu biên lai (EBL01)",
            "Receipt template (EBL01)";
        receipt_series_e_g: "Ký hiệu biên lai (ví dụ TAB)",
            "Receipt series (e.g. TAB)";
        target_paid_online: "Chỉ tiêu thanh toán trực tuyến (%)",
            "Target paid online (%)";
        save: "Lưu",
            "Save";
        procedures_online_payment_and: "Thủ tục: thanh toán trực tuyến và mức thu",
            "Procedures: online payment and fees";
        only_managers_and_administrators: "Chỉ lãnh đạo và quản trị viên được cấu hình thủ tục.",
            "Only managers and administrators configure procedures.";
    }
}

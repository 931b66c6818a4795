//! The bank statement reconciliation screens.

use super::catalogue;

catalogue! {
    /// The bank statement reconciliation screens.
    Reconcile {
        rows_that_could_not: "Dòng không đọc được",
            "Rows that could not be read";
        staff_home: "Trang cán bộ",
            "Staff home";
        matched: "Khớp",
            "Matched";
        row: "Dòng",
            "Row";
        date: "Ngày",
            "Date";
        amount: "Số tiền",
            "Amount";
        message: "Nội dung",
            "Message";
        bank_reference: "Mã GD ngân hàng",
            "Bank reference";
        payment_reference: "Mã thanh toán",
            "Payment reference";
        dossier: "Hồ sơ",
            "Dossier";
        only_at_bank: "Chỉ có ở ngân hàng",
            "Only at the bank";
        resolve_them_in: "Xử lý tại ",
            "Resolve them in ";
        payments_to_resolve: "Khoản thanh toán cần xử lý",
            "Payments to resolve";
        if_they_are_not: " nếu chưa có ở đó.",
            " if they are not there yet.";
        reason: "Lý do",
            "Reason";
        only_here: "Chỉ có ở hệ thống",
            "Only here";
        time: "Thời điểm",
            "Time";
        reconcile_another_file: "Đối soát tệp khác",
            "Reconcile another file";
        reconcile_bank_statement: "Đối soát sao kê ngân hàng",
            "Reconcile a bank statement";
        upload_collection_account_s: "Tải lên sao kê tài khoản thu (CSV) của một khoảng ngày. Các khoản ghi có được đối chiếu với các khoản đã thanh toán theo mã thanh toán trong nội dung chuyển khoản (hoặc mã giao dịch ngân hàng đã ghi nhận) và đúng số tiền.",
            "Upload the collection account's statement (CSV) for a date range. Credits are matched to payments by the payment reference in the transfer message, or the bank reference already recorded, and the exact amount.";
        statement_file_csv_at: "Tệp sao kê (CSV, tối đa 5 MB)",
            "Statement file (CSV, at most 5 MB)";
        from: "Từ ngày",
            "From";
        to: "Đến ngày",
            "To";
        layout: "Mẫu sao kê",
            "Layout";
        sample_comma_date_reference: "Mẫu A: dấu phẩy; ngày, số tham chiếu, ghi nợ, ghi có, số dư, nội dung",
            "Sample A: comma; date, reference, debit, credit, balance, message";
        sample_b_semicolon_no: "Mẫu B: dấu chấm phẩy; STT, ngày (YYYY-MM-DD), mô tả, nợ, có, số bút toán",
            "Sample B: semicolon; no., date (ISO), message, debit, credit, entry no.";
        custom_columns_below: "Tự khai báo cột (bên dưới)",
            "Custom columns (below)";
        custom_columns_numbered_from: "Cột tự khai báo (đánh số từ 1)",
            "Custom columns (numbered from 1)";
        date_column: "Cột ngày",
            "Date column";
        credit_column: "Cột ghi có",
            "Credit column";
        message_column: "Cột nội dung",
            "Message column";
        bank_reference_column: "Cột mã giao dịch",
            "Bank reference column";
        header_rows: "Số dòng tiêu đề",
            "Header rows";
        separator: "Dấu phân cách",
            "Separator";
        date_format: "Dạng ngày",
            "Date format";
        reconcile: "Đối soát",
            "Reconcile";
        export_result_csv: "Xuất kết quả (CSV)",
            "Export the result (CSV)";
        matched_m_only_at: "Khớp: {m} · Chỉ có ở ngân hàng: {b} · Chỉ có ở hệ thống: {sys}",
            "Matched: {m} · Only at the bank: {b} · Only here: {sys}";
        title: "Kết quả đối soát {from} – {to}",
            "Reconciliation {from} – {to}";
    }
}

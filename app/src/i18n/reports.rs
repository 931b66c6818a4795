//! The agencies' online-payment reports.

use super::catalogue;

catalogue! {
    /// The agencies' online-payment reports.
    Reports {
        online_payment_report: "Báo cáo thanh toán trực tuyến tháng ",
            "Online payment report, ";
        previous: "← Tháng trước",
            "← Previous";
        month: "Tháng",
            "Month";
        show: "Xem",
            "Show";
        next: "Tháng sau →",
            "Next →";
        export_csv: "Xuất CSV",
            "Export CSV";
        export_xlsx: "Xuất Excel (XLSX)",
            "Export XLSX";
        paid_online_dossiers_submitted: "Tỷ lệ thanh toán trực tuyến = hồ sơ có phí nộp trong tháng đã thanh toán bằng mã QR động (trực tuyến hoặc từ thông báo phí tại quầy) ÷ tổng hồ sơ có phí (chỉ số 3.6). Tỷ lệ TTHC = TTHC có phí đã cấu hình thanh toán trực tuyến ÷ TTHC có phí (chỉ số 3.5).",
            "Paid online = dossiers submitted this month with a fee, paid by dynamic QR (online or from a desk notice), ÷ all such dossiers (indicator 3.6). Procedures online = fee-bearing procedures open to online payment ÷ fee-bearing procedures (indicator 3.5).";
        agency: "Cơ quan",
            "Agency";
        fee_bearing_dossiers: "Hồ sơ có phí",
            "Fee-bearing dossiers";
        paid_by_qr: "Thanh toán QR",
            "Paid by QR";
        rate: "Tỷ lệ",
            "Rate";
        target: "Chỉ tiêu",
            "Target";
        result: "Kết quả",
            "Result";
        procedures_online: "TTHC trực tuyến",
            "Procedures online";
        refunded: "Đã hoàn",
            "Refunded";
        collected: "Số tiền thu",
            "Collected";
        total: "Tổng cộng",
            "Total";
        by_procedure: "Theo thủ tục",
            "By procedure";
        yes: "có",
            "yes";
        no: "chưa",
            "no";
        procedure: "Thủ tục",
            "Procedure";
        online_payment: "Thanh toán trực tuyến",
            "Online payment";
        fee_bearing: "Hồ sơ có phí",
            "Fee-bearing";
        share_of_fee_bearing: "Tỷ lệ hồ sơ có phí thanh toán trực tuyến bằng QR; vạch đen là chỉ tiêu của cơ quan",
            "Share of fee-bearing dossiers paid online by QR; the black tick is the agency's target";
        target_met: "Đạt",
            "Met";
        target_not_met: "Chưa đạt",
            "Not met";
        no_fee_bearing_dossier: "Không có hồ sơ có phí",
            "No fee-bearing dossier";
        staff_home: "Trang cán bộ",
            "Staff home";
    }
}

//! Configuring a procedure's fees.

use super::catalogue;

catalogue! {
    /// Configuring a procedure's fees.
    FeeConfig {
        none: "— không —",
            "— none —";
        add_fee_line: "Thêm mức thu",
            "Add a fee line";
        fee_name: "Tên khoản thu",
            "Fee name";
        fee_name_in_english: "Tên tiếng Anh",
            "Fee name in English";
        amount_per_unit_ng: "Mức thu mỗi đơn vị (đồng)",
            "Amount per unit (đồng)";
        unit_l_n_b: "Đơn vị tính (lần, bản, trang)",
            "Unit (lần, bản, trang)";
        applies_from: "Áp dụng từ ngày",
            "Applies from";
        legal_basis: "Căn cứ pháp lý",
            "Legal basis";
        counted_by_form_field: "Số lượng lấy từ ô",
            "Counted by (form field)";
        tiers_from_unit_amount: "Bậc giá (từ đơn vị thứ: số tiền; ví dụ 3: 1.000)",
            "Tiers (from unit: amount; e.g. 3: 1.000)";
        cap_ng: "Mức tối đa (đồng)",
            "Cap (đồng)";
        repeated_for_each_form: "Tính cho từng (ô số bản)",
            "Repeated for each (form field)";
        unit_of_that_b: "Đơn vị của số bản (bản)",
            "Unit of that (bản)";
        online_amount_optional: "Mức thu trực tuyến (nếu có)",
            "Online amount (optional)";
        online_share_optional: "Tỷ lệ thu trực tuyến % (nếu có)",
            "Online share % (optional)";
        reductions_code_amount_or: "Mức giảm (mã đối tượng: số tiền hoặc %)",
            "Reductions (code: amount or %)";
        show_example: "Xem ví dụ",
            "Show the example";
        save: "Lưu",
            "Save";
        categories_of_payer_reductions: "Đối tượng được miễn, giảm",
            "Categories of payer (reductions)";
        one_per_line_code: "Mỗi dòng một đối tượng: mã | tên | giấy tờ chứng minh | căn cứ pháp lý (| tên tiếng Anh | giấy tờ tiếng Anh)",
            "One per line: code | name | proof | legal basis (| English name | English proof)";
        online_open: "Đang nhận thanh toán trực tuyến",
            "Open to online payment";
        online_closed: "Chưa nhận thanh toán trực tuyến",
            "Not open to online payment";
        online_close: "Tắt",
            "Close";
        online_open_action: "Bật",
            "Open";
    }
}

//! Messages that travel as a `domain::Text` for the page to show in its language: what
//! a server function or the client's transport sends back, what a form post leaves in
//! the flash, and the pages a link that no longer works leads to.

use super::catalogue;

catalogue! {
    /// Messages sent back by server functions and by the client's transport.
    Messages {
        staff_sign_in_expired: "Phiên đăng nhập đã hết hạn. Vui lòng nhập lại số điện thoại và mật khẩu.",
            "The sign-in has expired. Please enter your phone number and password again.";
        no_such_citizen: "Không tìm thấy công dân. Hướng dẫn công dân đăng ký bằng số điện thoại.",
            "No such citizen. Help them register with their phone number.";
        not_sent: "Không gửi được yêu cầu, vui lòng thử lại ({detail})",
            "The request could not be sent, please try again ({detail})";
        invalid_data: "Thiếu hoặc sai dữ liệu gửi lên: {detail}",
            "Missing or invalid data: {detail}";
        changes_saved: "Đã lưu thay đổi.",
            "Changes saved.";
        opening_payment: "Đang mở trang thanh toán…",
            "Opening the payment page…";
        no_resolution_chosen: "Chưa chọn cách xử lý",
            "No resolution chosen";
        credit_id_resolved: "Đã xử lý khoản #{id}.",
            "Credit #{id} resolved.";
        dossier_code_recorded: "Đã tiếp nhận hồ sơ {code}.",
            "Dossier {code} recorded.";
        draft_saved_you_can: "Đã lưu bản nháp. Bạn có thể quay lại hoàn thành bất cứ lúc nào.",
            "Draft saved. You can come back and finish it at any time.";
        files_uploaded: "Đã tải tệp lên.",
            "Files uploaded.";
        no_action_chosen: "Chưa chọn thao tác",
            "No action chosen";
        reduction_is_accepted_citizen: "Đã chấp nhận đề nghị giảm phí; công dân có thể thanh toán.",
            "The reduction is accepted; the citizen can pay.";
        dossier_submitted_your_dossier: "Đã nộp hồ sơ. Mã hồ sơ của bạn: {code}",
            "Dossier submitted. Your dossier code: {code}";
        this_link_can_no: "Liên kết không còn dùng được",
            "This link can no longer be used";
        this_link_works_once: "Liên kết chỉ dùng được một lần trong 10 phút. Hãy tạo mã mới trên ki-ốt, hoặc đăng nhập bằng số điện thoại.",
            "This link works once, within 10 minutes. Make a new one at the kiosk, or sign in with your phone number.";
        sign_in: "Đăng nhập",
            "Sign in";
        kiosk_pin_set_your: "Đã đặt mã PIN ki-ốt. Mã cán bộ của bạn: {code}",
            "Kiosk PIN set. Your staff code: {code}";
        this_payment_link_is: "Đường dẫn thanh toán không hợp lệ hoặc thông báo phí đã bị huỷ. Vui lòng liên hệ Bộ phận Một cửa.",
            "This payment link is not valid or the fee notice was cancelled. Please contact the one-stop desk.";
        paying_fees_and_charges: "Thanh toán phí, lệ phí",
            "Paying fees and charges";
        look_up_dossier: "Tra cứu hồ sơ",
            "Look up a dossier";
        custom_layout_needs_column: "Mẫu tự khai báo cần số cột (1–50) của ngày, ghi có, nội dung và mã giao dịch",
            "A custom layout needs the column numbers (1–50) of date, credit, message and bank reference";
        form_could_not_be: "Không đọc được biểu mẫu gửi lên",
            "The form could not be read";
        file_is_too_large: "Tệp quá lớn (tối đa 5 MB)",
            "The file is too large (5 MB at most)";
        statement_must_be_utf: "Tệp sao kê phải là CSV mã hoá UTF-8",
            "The statement must be a UTF-8 CSV file";
        no_statement_file_chosen: "Chưa chọn tệp sao kê",
            "No statement file chosen";
        choose_start_and_end: "Chọn từ ngày và đến ngày",
            "Choose the start and end dates";
        result_from_vnpay_could: "Không xác nhận được kết quả từ VNPAY",
            "The result from VNPAY could not be confirmed";
        data_vnpay_sent_back: "Dữ liệu trả về không hợp lệ. Trạng thái thanh toán của bạn vẫn được cập nhật tự động; xem lại tại mục Hồ sơ của tôi.",
            "The data VNPAY sent back is not valid. Your payment status still updates by itself; see My dossiers.";
        my_dossiers: "Hồ sơ của tôi",
            "My dossiers";
        updated: "Đã cập nhật: {status}",
            "Updated: {status}";
        dossier_now: "Đã chuyển hồ sơ sang \"{status}\"",
            "The dossier is now \"{status}\"";
        reduction_refused: "Đã không chấp nhận giảm phí; thông báo phí mới: {due}",
            "The reduction is refused; new fee notice: {due}";
        notice_texted: "Đã gửi tin nhắn thông báo phí tới {phone}.",
            "The fee notice was texted to {phone}.";
        kiosk_registered: "Đã đăng ký \"{name}\". Mã kích hoạt (dùng một lần, 24 giờ): {code}. Trên ki-ốt, mở /kiosk và nhập mã này.",
            "Registered \"{name}\". Enrolment code (single use, 24 hours): {code}. On the kiosk, open /kiosk and enter it.";
        kiosk_mode: "{name}: {mode}",
            "{name}: {mode}";
        recorded_and_texted: "Đã tiếp nhận hồ sơ {code} và gửi tin nhắn thông báo phí tới {phone}.",
            "Dossier {code} recorded; the fee notice was texted to {phone}.";
        recorded_not_texted: "Đã tiếp nhận hồ sơ {code}, nhưng chưa gửi được tin nhắn: {why}",
            "Dossier {code} recorded, but the text was not sent: {why}";
        fee_example: "Ví dụ: {example}. Bấm \"Lưu\" để áp dụng.",
            "Example: {example}. Press \"Save\" to apply it.";
        unknown_kiosk_mode: "Chế độ ki-ốt không hợp lệ",
            "Unknown kiosk mode";
    }
}

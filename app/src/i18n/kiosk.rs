//! The kiosk and guided assist.

use super::catalogue;

catalogue! {
    /// The kiosk and guided assist.
    Kiosk {
        sign_in_first: "Vui lòng đăng nhập trước.",
            "Sign in first.";
        touch_here_then_scan: "Chạm vào ô này rồi quét thẻ cán bộ",
            "Touch here, then scan your staff badge";
        unlock_with_badge: "Mở bằng thẻ",
            "Unlock with badge";
        or_type_your_staff: "Hoặc nhập mã cán bộ và mã PIN:",
            "Or type your staff code and PIN:";
        staff_code: "Mã cán bộ",
            "Staff code";
        your_pin_to_confirm: "Mã PIN của bạn để xác nhận",
            "Your PIN, to confirm";
        continue_as: "Tiếp tục với tài khoản {name}?",
            "Continue with the account {name}?";
        continue_why: "Liên kết này được tạo trên ki-ốt để mở trang bạn đang xem trên điện thoại này, đã đăng nhập. Chỉ tiếp tục nếu đó là tài khoản của bạn.",
            "This link was made on a kiosk to open the page you were viewing on this phone, signed in. Continue only if this is your account.";
        continue_yes: "Tiếp tục",
            "Continue";
        continue_not_me: "Không phải tôi",
            "This is not me";
        kiosk_pin: "Mã PIN ki-ốt",
            "Kiosk PIN";
        start_assisting: "Mở chế độ hỗ trợ",
            "Start assisting";
        assisting: "Đang hỗ trợ:",
            "Assisting:";
        citizen_s_phone_or: "Số điện thoại hoặc số CCCD của công dân",
            "Citizen's phone or CCCD number";
        find: "Tìm",
            "Find";
        born: "Ngày sinh: ",
            "Born: ";
        id_verified: "Căn cước đã được cán bộ xác minh",
            "ID number verified by an officer";
        id_unverified: "Căn cước do công dân tự khai, chưa xác minh",
            "ID number declared by the citizen, not verified";
        card_number_to_verify: "Số trên thẻ căn cước (nhập để xác minh tài khoản, có thể bỏ trống)",
            "The number on the ID card (to verify the account; may be left empty)";
        phone: "Điện thoại: ",
            "Phone: ";
        i_checked_their_id: "Tôi đã kiểm tra giấy tờ tùy thân trực tiếp — làm thủ tục cho công dân này",
            "I checked their ID in person — act for this citizen";
        stop_assisting: "Kết thúc hỗ trợ",
            "Stop assisting";
        enrol_heading: "Kích hoạt ki-ốt",
            "Enrol this kiosk";
        enrol_intro: "Thiết bị này chưa được đăng ký là ki-ốt. Quản trị viên đăng ký ki-ốt tại mục \"Ki-ốt\" của trang cán bộ và nhận mã kích hoạt dùng một lần.",
            "This device is not enrolled as a kiosk. An administrator registers it under \"Kiosks\" in the staff console and gets a single-use code.";
        enrol_code: "Mã kích hoạt",
            "Enrolment code";
        enrol: "Kích hoạt",
            "Enrol";
        phone_heading: "Tiếp tục trên điện thoại",
            "Continue on your phone";
        phone_how: "Dùng camera điện thoại quét mã này. Trang đang xem sẽ mở trên điện thoại, đã đăng nhập bằng tài khoản của bạn.",
            "Scan this code with your phone's camera. The same page opens there, signed in as you.";
        phone_valid: "Mã chỉ dùng được một lần, trong 10 phút.",
            "The code works once, within 10 minutes.";
        frame_finish: "Kết thúc",
            "Finish";
        frame_larger: "Chữ to",
            "Larger text";
        frame_contrast: "Tương phản",
            "High contrast";
        frame_assisting: "Cán bộ đang hỗ trợ:",
            "Assisted by:";
        idle_title: "Bạn còn ở đây không?",
            "Are you still there?";
        idle_body: "Để bảo vệ thông tin của bạn, phiên làm việc sẽ kết thúc sau",
            "To protect your information, this visit ends in";
        idle_cont: "Tiếp tục",
            "Continue";
        osk_done: "Xong",
            "Done";
        osk_space: "Dấu cách",
            "Space";
        osk_erase: "Xoá",
            "Delete";
        osk_shift_l: "Chữ hoa",
            "Shift";
        attract_welcome: "Chào mừng đến Trung tâm Phục vụ hành chính công",
            "Welcome to the Public Administration Service Centre";
        attract_touch: "Chạm vào đây để bắt đầu",
            "Touch here to start";
        attract_sub: "Nộp hồ sơ, thanh toán phí bằng mã QR, tra cứu kết quả",
            "Submit a dossier, pay fees by QR code, follow its progress";
        tile_submit: "Nộp hồ sơ",
            "Submit a dossier";
        tile_submit_hint: "Tìm thủ tục và nộp hồ sơ",
            "Find a procedure and submit";
        tile_mine: "Hồ sơ của tôi",
            "My dossiers";
        tile_mine_hint: "Xem hồ sơ, thanh toán phí, tải biên lai",
            "See dossiers, pay fees, get receipts";
        tile_lookup: "Tra cứu hồ sơ",
            "Look up a dossier";
        tile_lookup_hint: "Bằng mã hồ sơ và số điện thoại",
            "By dossier code and phone number";
        tile_sign_in: "Đăng nhập",
            "Sign in";
        tile_sign_in_hint: "Bằng số điện thoại và mã OTP",
            "With your phone number and a code";
        staff_assistance: "Cán bộ hỗ trợ",
            "Staff assistance";
        continue_on_phone: "Tiếp tục trên điện thoại",
            "Continue on phone";
        staff: "Cán bộ",
            "Staff";
        osk_label: "Bàn phím ảo",
            "On-screen keyboard";
    }
}

//! The staff home, kiosks and printed notices.

use super::catalogue;

catalogue! {
    /// The staff home, kiosks and printed notices.
    Staff {
        authenticator_code: "Mã xác thực hai lớp",
            "Authenticator code";
        first_sign_in_scan: "Lần đăng nhập đầu: quét mã QR này bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP…) trên điện thoại, rồi nhập mã 6 số ứng dụng hiển thị.",
            "First sign-in: scan this QR with an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP…) on your phone, then type the 6-digit code it shows.";
        or_type_this_key: "Hoặc nhập khoá: ",
            "Or type this key: ";
        n6_digit_code: "Mã 6 số",
            "6-digit code";
        verify: "Xác nhận",
            "Verify";
        back_to_dossier: "Quay lại hồ sơ",
            "Back to the dossier";
        fee_notice: "Thông báo phí, lệ phí",
            "Fee notice";
        self_service_kiosks: "Ki-ốt tự phục vụ",
            "Self-service kiosks";
        name: "Tên",
            "Name";
        location: "Vị trí",
            "Location";
        status: "Trạng thái",
            "Status";
        last_seen: "Lần cuối",
            "Last seen";
        mode: "Chế độ",
            "Mode";
        revoked: "Đã thu hồi",
            "Revoked";
        not_enrolled: "Chưa kích hoạt",
            "Not enrolled";
        online: "Trực tuyến",
            "Online";
        offline: "Mất kết nối",
            "Offline";
        back_to_self_service: "Trả về tự phục vụ",
            "Back to self-service";
        switch_to_assisted: "Chuyển sang hỗ trợ",
            "Switch to assisted";
        assisted: "Có cán bộ hỗ trợ",
            "Assisted";
        self_service: "Tự phục vụ",
            "Self-service";
        register_kiosk: "Đăng ký ki-ốt mới",
            "Register a kiosk";
        kiosk_name: "Tên ki-ốt",
            "Kiosk name";
        location_2: "Vị trí đặt",
            "Location";
        register: "Đăng ký",
            "Register";
        record_desk_or_postal: "Tiếp nhận hồ sơ trực tiếp, bưu chính",
            "Record a desk or postal dossier";
        configuration: "Cấu hình",
            "Configuration";
        audit_log: "Nhật ký thao tác",
            "Audit log";
        reconcile_bank_statement: "Đối soát sao kê ngân hàng",
            "Reconcile a bank statement";
        payments_to_resolve: "Khoản thanh toán cần xử lý",
            "Payments to resolve";
        monthly_online_payment_report: "Báo cáo thanh toán trực tuyến",
            "Monthly online-payment report";
        kiosks: "Ki-ốt",
            "Kiosks";
        kiosk_pin_6_digits: "Mã PIN ki-ốt (6 chữ số, để hỗ trợ công dân tại ki-ốt)",
            "Kiosk PIN (6 digits, to assist citizens at kiosks)";
        set_pin: "Đặt mã PIN",
            "Set PIN";
        print_staff_badge_qr: "In thẻ cán bộ (mã QR dùng tại ki-ốt)",
            "Print a staff badge (QR for kiosks)";
        new_badge_replaces_your: "Thẻ mới thay thế thẻ cũ: thẻ cũ không dùng được nữa.",
            "A new badge replaces your previous one.";
    }
}

//! The desk: dossiers filed in person, fee notices.

use super::catalogue;

catalogue! {
    /// The desk: dossiers filed in person, fee notices.
    Desk {
        procedure: "Thủ tục",
            "Procedure";
        choose: "Chọn thủ tục",
            "Choose";
        check_proof_in_person: "Kiểm tra giấy tờ chứng minh trực tiếp trước khi chọn đối tượng; việc kiểm tra được ghi nhật ký.",
            "Check the proof in person before choosing a category; your check is recorded.";
        received: "Hình thức nhận",
            "Received";
        at_desk: "trực tiếp",
            "at the desk";
        by_post: "qua bưu chính",
            "by post";
        applicant_s_full_name: "Họ và tên người nộp",
            "Applicant's full name";
        mobile_phone_receives_payment: "Số điện thoại di động (nhận đường dẫn thanh toán)",
            "Mobile phone (receives the payment link)";
        citizen_id_cccd_12: "Số định danh cá nhân (CCCD, 12 số)",
            "Citizen ID (CCCD, 12 digits)";
        date_of_birth: "Ngày sinh",
            "Date of birth";
        text_fee_notice_with: "Gửi ngay tin nhắn thông báo phí kèm đường dẫn thanh toán",
            "Text the fee notice with the payment link now";
        record_and_issue_fee: "Tiếp nhận và phát hành thông báo phí",
            "Record and issue the fee notice";
        create_verified_account: "Đã đối chiếu thẻ căn cước bản gốc: tạo tài khoản đã xác minh và tiếp nhận",
            "I checked the original ID card: create a verified account and record";
        verify_account: "Đã đối chiếu thẻ căn cước bản gốc: xác minh tài khoản và tiếp nhận",
            "I checked the original ID card: verify the account and record";
        no_fee_suffix: " (không thu phí)",
            " (no fee)";
        staff_home: "Trang cán bộ",
            "Staff home";
        record_desk_or_postal: "Tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính",
            "Record a desk or postal dossier";
        only_officers_of_agency: "Chỉ cán bộ của một cơ quan mới tiếp nhận được hồ sơ.",
            "Only officers of an agency can record dossiers.";
    }
}

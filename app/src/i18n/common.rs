//! The pages every visitor sees: header, home, catalogue, procedure, sign-in, account,
//! fees.

use super::catalogue;

catalogue! {
    /// The pages every visitor sees: header, home, catalogue, procedure, sign-in, account, fees.
    Strings {
        app_name: "Một Cửa",
            "Mot Cua";
        app_tagline: "Dịch vụ công trực tuyến của Trung tâm Phục vụ hành chính công",
            "Online public services of the Public Administration Service Centre";
        skip_to_content: "Chuyển đến nội dung chính",
            "Skip to main content";
        switch_language: "English",
            "Tiếng Việt";
        nav_catalog: "Thủ tục hành chính",
            "Procedures";
        nav_sign_in: "Đăng nhập",
            "Sign in";
        nav_account: "Tài khoản",
            "Account";
        nav_main: "Chính",
            "Main";
        nav_staff: "Cán bộ",
            "Staff";
        home_heading: "Bạn cần làm thủ tục gì?",
            "What do you need to do?";
        home_intro: "Tìm thủ tục, nộp hồ sơ, thanh toán phí bằng mã QR và nhận biên lai điện tử — không cần xếp hàng.",
            "Find a procedure, submit your dossier, pay the fee by QR code and get an e-receipt — no queue.";
        search_label: "Tìm thủ tục",
            "Search procedures";
        search_placeholder: "Ví dụ: khai sinh, tạm trú, lý lịch tư pháp",
            "For example: birth registration, temporary residence";
        search_button: "Tìm kiếm",
            "Search";
        popular: "Thủ tục thường dùng",
            "Popular procedures";
        steps_heading: "Các bước thực hiện",
            "How it works";
        step_find: "Tìm thủ tục và xem phí, giấy tờ cần có",
            "Find the procedure and see its fees and documents";
        step_submit: "Nộp hồ sơ trực tuyến",
            "Submit your dossier online";
        step_pay: "Thanh toán phí bằng mã VietQR",
            "Pay the fee with a VietQR code";
        step_receipt: "Nhận biên lai điện tử và theo dõi hồ sơ",
            "Get your e-receipt and follow your dossier";
        catalog_heading: "Thủ tục hành chính",
            "Administrative procedures";
        filter_agency: "Cơ quan",
            "Agency";
        filter_field: "Lĩnh vực",
            "Field";
        filter_level: "Cấp thực hiện",
            "Level";
        any: "Tất cả",
            "All";
        level_tinh: "Cấp tỉnh",
            "Provincial";
        level_xa: "Cấp xã",
            "Commune";
        results_count: "thủ tục",
            "procedures";
        no_results: "Không tìm thấy thủ tục phù hợp. Hãy thử từ khoá ngắn hơn, ví dụ \"khai sinh\".",
            "No matching procedure. Try a shorter search, for example \"khai sinh\".";
        code: "Mã thủ tục",
            "Procedure code";
        agency: "Cơ quan thực hiện",
            "Handled by";
        field: "Lĩnh vực",
            "Field";
        level: "Cấp thực hiện",
            "Level";
        fees: "Phí, lệ phí",
            "Fees and charges";
        fee_name: "Khoản thu",
            "Item";
        fee_amount: "Mức thu",
            "Amount";
        fee_online: "Nộp trực tuyến",
            "Online";
        fee_unit: "Đơn vị tính",
            "Unit";
        legal_basis: "Căn cứ pháp lý",
            "Legal basis";
        valid_from: "Áp dụng từ",
            "Valid from";
        online_payment_yes: "Có thể thanh toán trực tuyến bằng mã VietQR",
            "Can be paid online with a VietQR code";
        online_payment_no: "Không thu phí trực tuyến",
            "No online fee";
        documents: "Thành phần hồ sơ",
            "Required documents";
        processing_time: "Thời hạn giải quyết",
            "Processing time";
        days: "ngày làm việc",
            "working days";
        submit_dossier: "Nộp hồ sơ",
            "Submit a dossier";
        back_to_catalog: "Quay lại danh sách thủ tục",
            "Back to procedures";
        loading: "Đang tải…",
            "Loading…";
        not_found: "Không tìm thấy trang",
            "Page not found";
        not_found_text: "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
            "The page you are looking for does not exist or has moved.";
        sign_in_heading: "Đăng nhập hoặc đăng ký",
            "Sign in or register";
        sign_in_intro: "Nhập số điện thoại di động. Chúng tôi sẽ gửi mã xác thực gồm 6 chữ số qua tin nhắn SMS.",
            "Enter your mobile number. We will text you a 6-digit code.";
        phone_label: "Số điện thoại di động",
            "Mobile number";
        phone_hint: "10 chữ số, ví dụ 0912345678",
            "10 digits, for example 0912345678";
        send_code: "Gửi mã xác thực",
            "Send code";
        verify_heading: "Nhập mã xác thực",
            "Enter your code";
        verify_intro: "Mã gồm 6 chữ số vừa được gửi đến số",
            "A 6-digit code was sent to";
        code_label: "Mã xác thực",
            "Code";
        code_hint: "Mã có hiệu lực trong 5 phút",
            "The code is valid for 5 minutes";
        resend_code: "Gửi lại mã",
            "Send a new code";
        first_time: "Lần đầu sử dụng? Vui lòng điền thông tin đăng ký",
            "First time here? Please fill in your details";
        full_name: "Họ và tên",
            "Full name";
        date_of_birth: "Ngày sinh",
            "Date of birth";
        national_id: "Số định danh cá nhân (CCCD)",
            "Personal identification number (CCCD)";
        national_id_hint: "12 chữ số in trên thẻ căn cước",
            "The 12 digits on your citizen identity card";
        national_id_verified: "đã được cán bộ đối chiếu với thẻ căn cước",
            "checked against the ID card by an officer";
        national_id_unverified: "chưa xác minh: mang thẻ căn cước đến Bộ phận Một cửa để cán bộ đối chiếu",
            "not verified: bring your ID card to the one-stop desk for an officer to check";
        continue_: "Tiếp tục",
            "Continue";
        account_heading: "Tài khoản của tôi",
            "My account";
        sign_out: "Đăng xuất",
            "Sign out";
        staff_heading: "Đăng nhập dành cho cán bộ",
            "Staff sign-in";
        password: "Mật khẩu",
            "Password";
        staff_sign_in: "Đăng nhập",
            "Sign in";
        staff_welcome: "Xin chào",
            "Welcome";
        role: "Vai trò",
            "Role";
        error_prefix: "Lỗi",
            "Error";
        sandbox_note: "Môi trường thử nghiệm: tin nhắn SMS được lưu tại",
            "Test environment: text messages are kept at";
        free: "Miễn phí",
            "Free";
        fee_total: "Tổng số tiền phải nộp",
            "Total to pay";
        fee_categories: "Đối tượng được miễn, giảm phí",
            "Fee reductions and exemptions";
        fee_category_none: "Không thuộc đối tượng được miễn, giảm",
            "None of these applies to me";
        fee_proof: "Giấy tờ chứng minh",
            "Proof";
        fee_proof_upload: "Tải lên giấy tờ chứng minh (ảnh hoặc PDF)",
            "Upload the proof (photo or PDF)";
        fee_proof_attached: "Đã đính kèm giấy tờ chứng minh",
            "Proof attached";
        fee_proof_note: "Cán bộ kiểm tra giấy tờ trước khi bạn thanh toán; nếu không đúng đối tượng, bạn nộp mức thu đầy đủ.",
            "An officer checks the proof before you pay; if it does not apply, you pay the full rate.";
        fee_recompute: "Tính lại số tiền",
            "Work out the fee again";
        fee_unsure: "Mức thu này chưa được đối chiếu đầy đủ với văn bản gốc; số tiền chính thức là số trong thông báo phí.",
            "This fee is not yet fully checked against the act; the amount in the fee notice is the one that counts.";
        fee_reduction: "Đề nghị giảm phí",
            "Fee reduction";
        fee_reduction_reason: "Lý do",
            "Reason";
        fee_reduction_accept: "Chấp nhận giảm phí",
            "Accept the reduction";
        fee_reduction_refuse: "Không chấp nhận, phát hành lại mức đầy đủ",
            "Refuse and reissue at the full rate";
        fee_example: "Ví dụ",
            "Example";
        fee_unit_from: "{unit} (từ {unit} thứ {from})",
            "{unit} (from {unit} {from})";
    }
}

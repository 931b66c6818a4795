//! The dossier pages, citizen and staff.

use super::catalogue;

catalogue! {
    /// The dossier pages (citizen and staff).
    Dossiers {
        submit_heading: "Nộp hồ sơ trực tuyến",
            "Submit a dossier online";
        submit_intro: "Điền tờ khai và đính kèm giấy tờ. Bạn có thể lưu bản nháp và quay lại sau; không mất dữ liệu đã nhập.",
            "Fill in the form and attach the documents. You can save a draft and come back later; nothing you typed is lost.";
        sign_in_first: "Vui lòng đăng nhập bằng số điện thoại để nộp hồ sơ.",
            "Please sign in with your phone number to submit a dossier.";
        required_mark: "(bắt buộc)",
            "(required)";
        choose: "— Chọn —",
            "— Choose —";
        province: "Tỉnh, thành phố",
            "Province or city";
        commune: "Xã, phường, đặc khu",
            "Commune, ward or special zone";
        commune_hint: "Theo danh sách đơn vị hành chính từ 01/7/2025, ví dụ: Phường Hà Đông",
            "As in the list in force since 1 July 2025, e.g. Phường Hà Đông";
        street: "Số nhà, đường, thôn, ấp",
            "House number, street, hamlet";
        attachments: "Giấy tờ đính kèm",
            "Attached documents";
        attachments_hint: "PDF, JPEG hoặc PNG; mỗi tệp tối đa 10 MB, cả hồ sơ tối đa 30 MB. Trên điện thoại có thể chụp ảnh trực tiếp.",
            "PDF, JPEG or PNG; at most 10 MB per file and 30 MB per dossier. On a phone you can take a photo directly.";
        take_photo: "Chụp ảnh giấy tờ",
            "Take a photo of a document";
        choose_files: "Chọn tệp có sẵn",
            "Choose existing files";
        no_files: "Chưa có tệp nào.",
            "No files yet.";
        save_draft: "Lưu bản nháp",
            "Save draft";
        submit: "Nộp hồ sơ",
            "Submit";
        draft_note: "Bản nháp đã lưu lúc",
            "Draft saved at";
        fee_due: "Phí, lệ phí phải nộp",
            "Fees due";
        no_fee: "Không thu phí, lệ phí",
            "No fee";
        my_heading: "Hồ sơ của tôi",
            "My dossiers";
        my_empty: "Bạn chưa có hồ sơ nào. Tìm thủ tục cần làm để bắt đầu.",
            "You have no dossiers yet. Find the procedure you need to start.";
        continue_draft: "Tiếp tục bản nháp",
            "Continue the draft";
        status: "Trạng thái",
            "Status";
        submitted_on: "Ngày nộp",
            "Submitted on";
        channel: "Hình thức nộp",
            "Filed";
        dossier_code: "Mã hồ sơ",
            "Dossier code";
        next_step: "Việc cần làm tiếp",
            "What to do next";
        officer_note: "Nội dung từ cán bộ",
            "Message from the officer";
        timeline: "Quá trình xử lý",
            "History";
        answers: "Thông tin đã khai",
            "Your answers";
        add_files: "Bổ sung giấy tờ",
            "Add documents";
        send_supplement: "Gửi bổ sung",
            "Send supplement";
        upload: "Tải tệp lên",
            "Upload files";
        withdraw: "Rút hồ sơ",
            "Withdraw the dossier";
        withdraw_confirm: "Tôi muốn rút hồ sơ này",
            "I want to withdraw this dossier";
        lookup_heading: "Tra cứu hồ sơ",
            "Look up a dossier";
        lookup_intro: "Nhập mã hồ sơ (trên giấy tiếp nhận hoặc tin nhắn) và số điện thoại đã khai. Không cần đăng nhập.",
            "Enter the dossier code (on your receipt slip or text message) and the phone number you gave. No sign-in needed.";
        lookup_button: "Tra cứu",
            "Look up";
        queue_heading: "Hồ sơ của cơ quan",
            "Agency dossiers";
        queue_empty: "Không có hồ sơ nào khớp bộ lọc.",
            "No dossier matches the filter.";
        all_open: "Tất cả hồ sơ đang mở",
            "All open dossiers";
        search_code_name: "Mã hồ sơ hoặc tên người nộp",
            "Dossier code or applicant name";
        filter: "Lọc",
            "Filter";
        applicant: "Người nộp",
            "Applicant";
        actions: "Thao tác",
            "Actions";
        note_label: "Ghi chú gửi công dân",
            "Note to the citizen";
        note_hint: "Bắt buộc khi yêu cầu bổ sung, từ chối hoặc dừng xử lý; công dân sẽ đọc nội dung này.",
            "Required to request a supplement, refuse or stop; the citizen will read it.";
        staff_only: "Trang này dành cho cán bộ của cơ quan. Vui lòng đăng nhập bằng tài khoản cán bộ.",
            "This page is for the agency's staff. Please sign in with a staff account.";
        by_citizen: "Công dân",
            "Citizen";
        by_staff: "Cán bộ",
            "Staff";
        by_system: "Hệ thống",
            "System";
        download: "Tải về",
            "Download";
        round: "Lần bổ sung",
            "Supplement";
        nav_my: "Hồ sơ của tôi",
            "My dossiers";
        nav_lookup: "Tra cứu hồ sơ",
            "Look up a dossier";
        nav_queue: "Hồ sơ cần xử lý",
            "Dossiers to handle";
        fee_notice: "Thông báo phí, lệ phí",
            "Fee notice";
        text_payment_link: "Gửi tin nhắn thanh toán",
            "Text the payment link";
        print_notice_with_its: "In thông báo phí (có mã QR)",
            "Print the notice with its QR";
        form_problems: "Tờ khai còn {n} mục chưa hợp lệ, vui lòng xem lại các mục được đánh dấu.",
            "{n} answers need attention; please check the marked fields.";
        notice_paid: "Đã thanh toán",
            "Paid";
        notice_unpaid: "Chưa thanh toán",
            "Not paid";
    }
}

//! Every string the user reads, in Vietnamese (default) and English.

use leptos::prelude::*;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Self {
        if code.trim().eq_ignore_ascii_case("en") {
            Self::En
        } else {
            Self::Vi
        }
    }

    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Self::Vi => Self::En,
            Self::En => Self::Vi,
        }
    }

    /// Money as people read it in this language: `205.000 đ`, `205,000 VND`.
    #[must_use]
    pub fn money(self, amount_vnd: i64) -> String {
        let t = domain::Vnd::text_of(amount_vnd);
        match self {
            Self::Vi => t.vi,
            Self::En => t.en,
        }
    }

    #[must_use]
    pub fn t(self) -> &'static Strings {
        match self {
            Self::Vi => &VI,
            Self::En => &EN,
        }
    }
}

/// The language of this page: read from the `lang` cookie on the server and from the
/// `<html lang>` the server wrote when hydrating, so both render the same text.
#[must_use]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Puts the page language in context; call once at the root.
pub fn provide_lang() {
    #[cfg(feature = "ssr")]
    let lang = crate::cookies::LANG
        .in_request()
        .map(|v| Lang::from_code(&v))
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let lang = document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .map(|v| Lang::from_code(&v))
        .unwrap_or_default();
    provide_context(lang);
}

/// The message catalogue.
#[derive(Debug)]
pub struct Strings {
    pub app_name: &'static str,
    pub app_tagline: &'static str,
    pub skip_to_content: &'static str,
    pub switch_language: &'static str,
    pub nav_catalog: &'static str,
    pub nav_sign_in: &'static str,
    pub nav_account: &'static str,
    pub nav_staff: &'static str,
    pub home_heading: &'static str,
    pub home_intro: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_button: &'static str,
    pub popular: &'static str,
    pub steps_heading: &'static str,
    pub step_find: &'static str,
    pub step_submit: &'static str,
    pub step_pay: &'static str,
    pub step_receipt: &'static str,
    pub catalog_heading: &'static str,
    pub filter_agency: &'static str,
    pub filter_field: &'static str,
    pub filter_level: &'static str,
    pub any: &'static str,
    pub level_tinh: &'static str,
    pub level_xa: &'static str,
    pub results_count: &'static str,
    pub no_results: &'static str,
    pub code: &'static str,
    pub agency: &'static str,
    pub field: &'static str,
    pub level: &'static str,
    pub fees: &'static str,
    pub fee_name: &'static str,
    pub fee_amount: &'static str,
    pub fee_online: &'static str,
    pub fee_unit: &'static str,
    pub legal_basis: &'static str,
    pub valid_from: &'static str,
    pub online_payment_yes: &'static str,
    pub online_payment_no: &'static str,
    pub documents: &'static str,
    pub processing_time: &'static str,
    pub days: &'static str,
    pub submit_dossier: &'static str,
    pub back_to_catalog: &'static str,
    pub loading: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    pub sign_in_heading: &'static str,
    pub sign_in_intro: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub send_code: &'static str,
    pub verify_heading: &'static str,
    pub verify_intro: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub resend_code: &'static str,
    pub first_time: &'static str,
    pub full_name: &'static str,
    pub date_of_birth: &'static str,
    pub national_id: &'static str,
    pub national_id_hint: &'static str,
    pub continue_: &'static str,
    pub account_heading: &'static str,
    pub sign_out: &'static str,
    pub staff_heading: &'static str,
    pub password: &'static str,
    pub staff_sign_in: &'static str,
    pub staff_welcome: &'static str,
    pub role: &'static str,
    pub error_prefix: &'static str,
    pub sandbox_note: &'static str,
    pub free: &'static str,
    pub fee_total: &'static str,
    pub fee_categories: &'static str,
    pub fee_category_none: &'static str,
    pub fee_proof: &'static str,
    pub fee_proof_upload: &'static str,
    pub fee_proof_attached: &'static str,
    pub fee_proof_note: &'static str,
    pub fee_recompute: &'static str,
    pub fee_unsure: &'static str,
    pub fee_reduction: &'static str,
    pub fee_reduction_reason: &'static str,
    pub fee_reduction_accept: &'static str,
    pub fee_reduction_refuse: &'static str,
    pub fee_example: &'static str,
}

pub static VI: Strings = Strings {
    app_name: "Một Cửa",
    app_tagline: "Dịch vụ công trực tuyến của Trung tâm Phục vụ hành chính công",
    skip_to_content: "Chuyển đến nội dung chính",
    switch_language: "English",
    nav_catalog: "Thủ tục hành chính",
    nav_sign_in: "Đăng nhập",
    nav_account: "Tài khoản",
    nav_staff: "Cán bộ",
    home_heading: "Bạn cần làm thủ tục gì?",
    home_intro: "Tìm thủ tục, nộp hồ sơ, thanh toán phí bằng mã QR và nhận biên lai điện tử — không cần xếp hàng.",
    search_label: "Tìm thủ tục",
    search_placeholder: "Ví dụ: khai sinh, tạm trú, lý lịch tư pháp",
    search_button: "Tìm kiếm",
    popular: "Thủ tục thường dùng",
    steps_heading: "Các bước thực hiện",
    step_find: "Tìm thủ tục và xem phí, giấy tờ cần có",
    step_submit: "Nộp hồ sơ trực tuyến",
    step_pay: "Thanh toán phí bằng mã VietQR",
    step_receipt: "Nhận biên lai điện tử và theo dõi hồ sơ",
    catalog_heading: "Thủ tục hành chính",
    filter_agency: "Cơ quan",
    filter_field: "Lĩnh vực",
    filter_level: "Cấp thực hiện",
    any: "Tất cả",
    level_tinh: "Cấp tỉnh",
    level_xa: "Cấp xã",
    results_count: "thủ tục",
    no_results: "Không tìm thấy thủ tục phù hợp. Hãy thử từ khoá ngắn hơn, ví dụ \"khai sinh\".",
    code: "Mã thủ tục",
    agency: "Cơ quan thực hiện",
    field: "Lĩnh vực",
    level: "Cấp thực hiện",
    fees: "Phí, lệ phí",
    fee_name: "Khoản thu",
    fee_amount: "Mức thu",
    fee_online: "Nộp trực tuyến",
    fee_unit: "Đơn vị tính",
    legal_basis: "Căn cứ pháp lý",
    valid_from: "Áp dụng từ",
    online_payment_yes: "Có thể thanh toán trực tuyến bằng mã VietQR",
    online_payment_no: "Không thu phí trực tuyến",
    documents: "Thành phần hồ sơ",
    processing_time: "Thời hạn giải quyết",
    days: "ngày làm việc",
    submit_dossier: "Nộp hồ sơ",
    back_to_catalog: "Quay lại danh sách thủ tục",
    loading: "Đang tải…",
    not_found: "Không tìm thấy trang",
    not_found_text: "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
    sign_in_heading: "Đăng nhập hoặc đăng ký",
    sign_in_intro: "Nhập số điện thoại di động. Chúng tôi sẽ gửi mã xác thực gồm 6 chữ số qua tin nhắn SMS.",
    phone_label: "Số điện thoại di động",
    phone_hint: "10 chữ số, ví dụ 0912345678",
    send_code: "Gửi mã xác thực",
    verify_heading: "Nhập mã xác thực",
    verify_intro: "Mã gồm 6 chữ số vừa được gửi đến số",
    code_label: "Mã xác thực",
    code_hint: "Mã có hiệu lực trong 5 phút",
    resend_code: "Gửi lại mã",
    first_time: "Lần đầu sử dụng? Vui lòng điền thông tin đăng ký",
    full_name: "Họ và tên",
    date_of_birth: "Ngày sinh",
    national_id: "Số định danh cá nhân (CCCD)",
    national_id_hint: "12 chữ số in trên thẻ căn cước",
    continue_: "Tiếp tục",
    account_heading: "Tài khoản của tôi",
    sign_out: "Đăng xuất",
    staff_heading: "Đăng nhập dành cho cán bộ",
    password: "Mật khẩu",
    staff_sign_in: "Đăng nhập",
    staff_welcome: "Xin chào",
    role: "Vai trò",
    error_prefix: "Lỗi",
    sandbox_note: "Môi trường thử nghiệm: tin nhắn SMS được lưu tại",
    free: "Miễn phí",
    fee_total: "Tổng số tiền phải nộp",
    fee_categories: "Đối tượng được miễn, giảm phí",
    fee_category_none: "Không thuộc đối tượng được miễn, giảm",
    fee_proof: "Giấy tờ chứng minh",
    fee_proof_upload: "Tải lên giấy tờ chứng minh (ảnh hoặc PDF)",
    fee_proof_attached: "Đã đính kèm giấy tờ chứng minh",
    fee_proof_note: "Cán bộ kiểm tra giấy tờ trước khi bạn thanh toán; nếu không đúng đối tượng, bạn nộp mức thu đầy đủ.",
    fee_recompute: "Tính lại số tiền",
    fee_unsure: "Mức thu này chưa được đối chiếu đầy đủ với văn bản gốc; số tiền chính thức là số trong thông báo phí.",
    fee_reduction: "Đề nghị giảm phí",
    fee_reduction_reason: "Lý do",
    fee_reduction_accept: "Chấp nhận giảm phí",
    fee_reduction_refuse: "Không chấp nhận, phát hành lại mức đầy đủ",
    fee_example: "Ví dụ",
};

pub static EN: Strings = Strings {
    app_name: "Mot Cua",
    app_tagline: "Online public services of the Public Administration Service Centre",
    skip_to_content: "Skip to main content",
    switch_language: "Tiếng Việt",
    nav_catalog: "Procedures",
    nav_sign_in: "Sign in",
    nav_account: "Account",
    nav_staff: "Staff",
    home_heading: "What do you need to do?",
    home_intro: "Find a procedure, submit your dossier, pay the fee by QR code and get an e-receipt — no queue.",
    search_label: "Search procedures",
    search_placeholder: "For example: birth registration, temporary residence",
    search_button: "Search",
    popular: "Popular procedures",
    steps_heading: "How it works",
    step_find: "Find the procedure and see its fees and documents",
    step_submit: "Submit your dossier online",
    step_pay: "Pay the fee with a VietQR code",
    step_receipt: "Get your e-receipt and follow your dossier",
    catalog_heading: "Administrative procedures",
    filter_agency: "Agency",
    filter_field: "Field",
    filter_level: "Level",
    any: "All",
    level_tinh: "Provincial",
    level_xa: "Commune",
    results_count: "procedures",
    no_results: "No matching procedure. Try a shorter search, for example \"khai sinh\".",
    code: "Procedure code",
    agency: "Handled by",
    field: "Field",
    level: "Level",
    fees: "Fees and charges",
    fee_name: "Item",
    fee_amount: "Amount",
    fee_online: "Online",
    fee_unit: "Unit",
    legal_basis: "Legal basis",
    valid_from: "Valid from",
    online_payment_yes: "Can be paid online with a VietQR code",
    online_payment_no: "No online fee",
    documents: "Required documents",
    processing_time: "Processing time",
    days: "working days",
    submit_dossier: "Submit a dossier",
    back_to_catalog: "Back to procedures",
    loading: "Loading…",
    not_found: "Page not found",
    not_found_text: "The page you are looking for does not exist or has moved.",
    sign_in_heading: "Sign in or register",
    sign_in_intro: "Enter your mobile number. We will text you a 6-digit code.",
    phone_label: "Mobile number",
    phone_hint: "10 digits, for example 0912345678",
    send_code: "Send code",
    verify_heading: "Enter your code",
    verify_intro: "A 6-digit code was sent to",
    code_label: "Code",
    code_hint: "The code is valid for 5 minutes",
    resend_code: "Send a new code",
    first_time: "First time here? Please fill in your details",
    full_name: "Full name",
    date_of_birth: "Date of birth",
    national_id: "Personal identification number (CCCD)",
    national_id_hint: "The 12 digits on your citizen identity card",
    continue_: "Continue",
    account_heading: "My account",
    sign_out: "Sign out",
    staff_heading: "Staff sign-in",
    password: "Password",
    staff_sign_in: "Sign in",
    staff_welcome: "Welcome",
    role: "Role",
    error_prefix: "Error",
    sandbox_note: "Test environment: text messages are kept at",
    free: "Free",
    fee_total: "Total to pay",
    fee_categories: "Fee reductions and exemptions",
    fee_category_none: "None of these applies to me",
    fee_proof: "Proof",
    fee_proof_upload: "Upload the proof (photo or PDF)",
    fee_proof_attached: "Proof attached",
    fee_proof_note: "An officer checks the proof before you pay; if it does not apply, you pay the full rate.",
    fee_recompute: "Work out the fee again",
    fee_unsure: "This fee is not yet fully checked against the act; the amount in the fee notice is the one that counts.",
    fee_reduction: "Fee reduction",
    fee_reduction_reason: "Reason",
    fee_reduction_accept: "Accept the reduction",
    fee_reduction_refuse: "Refuse and reissue at the full rate",
    fee_example: "Example",
};

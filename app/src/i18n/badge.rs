//! The officer's sign-in badge.

use super::catalogue;

catalogue! {
    /// The officer's sign-in badge.
    Badge {
        staff_badge: "Thẻ cán bộ",
            "Staff badge";
        this_badge_is_shown: "Thẻ này chỉ hiện một lần: hãy in ngay (Ctrl+P). Thẻ cũ của bạn (nếu có) đã hết hiệu lực; mất thẻ thì tạo thẻ mới để thẻ bị mất không dùng được nữa.",
            "This badge is shown once: print it now (Ctrl+P). Your previous badge, if any, no longer works; if you lose this one, make a new one so the lost badge stops working.";
        back_to_staff_page: "Về trang cán bộ",
            "Back to the staff page";
        badge_is_shown_once: "Thẻ chỉ hiện một lần, khi bạn tạo thẻ trên trang cán bộ.",
            "A badge is shown once, when you make it on the staff page.";
        staff_page: "Trang cán bộ",
            "Staff page";
    }
}

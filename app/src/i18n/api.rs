//! The REST API's refusals (`message` and `message_en` of its JSON error).

use super::catalogue;

catalogue! {
    /// The REST API's refusals.
    Api {
        upload_was_interrupted: "Tệp gửi lên bị gián đoạn",
            "The upload was interrupted";
        could_not_read_upload: "Không đọc được tệp gửi lên (multipart/form-data, trường \"file\")",
            "Could not read the upload (multipart/form-data, field \"file\")";
        no_file_chosen_field: "Chưa chọn tệp (trường \"file\")",
            "No file chosen (field \"file\")";
        upload_is_too_large: "Tổng dung lượng gửi lên quá lớn: mỗi tệp tối đa 10 MB, cả hồ sơ tối đa 30 MB.",
            "The upload is too large: at most 10 MB per file and 30 MB per dossier.";
        upload_was_interrupted_please: "Dữ liệu gửi lên bị gián đoạn, vui lòng thử lại",
            "The upload was interrupted, please try again";
        field_name_does_not: "Mục \"{name}\" không nhận danh sách",
            "Field \"{name}\" does not take a list";
        body_must_be_json: "Nội dung yêu cầu phải là JSON, ví dụ {\"provider\":\"vnpay\"}",
            "The body must be JSON such as {\"provider\":\"vnpay\"}";
        no_photo_was_sent: "Chưa có ảnh để đọc",
            "No photo was sent";
        too_many_streams: "Bạn đang mở quá nhiều trang thanh toán. Hãy đóng bớt rồi thử lại.",
            "Too many payment pages are open. Close some, then try again.";
        invalid_json: "Nội dung JSON không hợp lệ: {why}",
            "Invalid JSON body: {why}";
        invalid_query: "Tham số truy vấn không hợp lệ: {why}",
            "Invalid query parameters: {why}";
        invalid_path: "Đường dẫn không hợp lệ: {why}",
            "Invalid path: {why}";
    }
}

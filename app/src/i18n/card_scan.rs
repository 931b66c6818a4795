//! Reading a citizen ID card's QR code into a form.

use super::catalogue;

catalogue! {
    /// Reading a citizen ID card's QR code into a form.
    CardScan {
        label: "Quét thẻ căn cước (không bắt buộc)",
            "Scan your citizen ID card (optional)";
        hint: "Đưa mã QR ở mặt trước thẻ vào máy quét; các thông tin bên dưới sẽ được điền sẵn.",
            "Hold the QR code on the front of the card under the scanner; the details below fill themselves in.";
        camera: "Hoặc chụp mã QR trên thẻ bằng điện thoại",
            "Or take a photo of the QR code with your phone";
        reading: "Đang đọc ảnh…",
            "Reading the photo…";
        not_sent: "Không gửi được ảnh. Kiểm tra kết nối mạng rồi thử lại.",
            "The photo could not be sent. Check the connection and try again.";
        read: "Đã đọc thẻ: {name}. Vui lòng kiểm tra lại thông tin bên dưới.",
            "Card read: {name}. Check the details below.";
    }
}

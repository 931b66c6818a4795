//! QR codes: written as standalone SVG (black on white, with a quiet zone) for payment
//! QRs, receipt verification and phone links; read from photos (a citizen's phone
//! camera pointed at the QR on their CCCD).

use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use anyhow::Context as _;
use domain::Text;

/// The QR of `data`, or `None` when it is too long for a QR code.
#[must_use]
pub fn svg(data: &str) -> Option<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(320, 320)
            .quiet_zone(true)
            .build(),
    )
}

/// The QR as an `<svg>` element to put inside an HTML page (no XML declaration).
#[must_use]
pub fn svg_inline(data: &str) -> Option<String> {
    let svg = svg(data)?;
    Some(
        svg.find("<svg")
            .map_or(svg.clone(), |i| svg[i..].to_owned()),
    )
}

/// Largest photo accepted (a phone's JPEG is 2–6 MB).
pub const PHOTO_MAX_BYTES: usize = 12 * 1024 * 1024;
/// Photo reads per client IP per 10 minutes (each costs a decode).
pub const PHOTO_READS_PER_IP_PER_10_MIN: i64 = 30;
/// Sides tried, largest first: a QR filling a small part of a 12 MP photo still has
/// modules of several pixels at 1600, and blur matters less at 800.
const SIDES: [u32; 2] = [1600, 800];
/// Refuse images claiming more than this per side (decompression bombs).
const MAX_DECLARED_SIDE: u32 = 12_000;
/// …or more than this many pixels in all, read from the header before any decoding (a
/// phone's camera takes 12 MP; a 16 MP photo decodes to 48 MB in RGB).
pub const MAX_PIXELS: u64 = 16_000_000;
/// What one decode may allocate.
const MAX_ALLOC_BYTES: u64 = 64 * 1024 * 1024;
/// Photos decoded at once on this node; the others wait their turn, so a burst of
/// photos cannot take every core and the memory of the machine.
pub const DECODES_AT_ONCE: usize = 2;
static DECODES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(DECODES_AT_ONCE);

/// The text of the first QR code found in an image (JPEG or PNG), if any.
#[must_use]
pub fn read(bytes: &[u8]) -> Option<String> {
    let (w, h) = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return None;
    }
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_DECLARED_SIDE);
    limits.max_image_height = Some(MAX_DECLARED_SIDE);
    limits.max_alloc = Some(MAX_ALLOC_BYTES);
    reader.limits(limits);
    let img = reader.decode().ok()?;
    SIDES.iter().find_map(|&side| {
        let scaled = if img.width().max(img.height()) > side {
            img.thumbnail(side, side)
        } else {
            img.clone()
        };
        let grey = scaled.to_luma8();
        let (w, h) = grey.dimensions();
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
                #[allow(clippy::cast_possible_truncation)]
                grey.get_pixel(x as u32, y as u32).0[0]
            });
        prepared.detect_grids().into_iter().find_map(|grid| {
            let mut bytes = Vec::new();
            grid.decode_to(&mut bytes).ok()?;
            String::from_utf8(bytes).ok()
        })
    })
}

/// Reads the QR in a citizen's photo (off the async runtime), within a per-IP limit.
/// Nothing is kept or logged: the text goes back to the page that asked.
///
/// # Errors
/// `Invalid` when the photo is too large or holds no readable QR; `RateLimited`.
pub async fn read_photo(s: &Services, photo: Vec<u8>, client_ip: &str) -> ServiceResult<String> {
    if photo.len() > PHOTO_MAX_BYTES {
        return Err(ServiceError::invalid(
            "photo",
            Text::new(
                "Ảnh quá lớn (tối đa 12 MB)",
                "The photo is too large (12 MB at most)",
            ),
        ));
    }
    crate::rate::Limit {
        kind: "qr_photo_ip",
        max: PHOTO_READS_PER_IP_PER_10_MIN,
        window_seconds: 600,
    }
    .hit(
        s,
        client_ip,
        Text::new(
            "Bạn đã gửi quá nhiều ảnh. Vui lòng thử lại sau ít phút hoặc nhập tay.",
            "Too many photos. Try again in a few minutes, or type the details.",
        ),
    )
    .await?;
    let _turn = DECODES.acquire().await.context("QR decoder")?;
    tokio::task::spawn_blocking(move || read(&photo))
        .await
        .context("QR photo")?
        .ok_or_else(|| {
            ServiceError::invalid(
                "photo",
                Text::new(
                    "Không đọc được mã QR trong ảnh. Hãy chụp gần hơn, đủ sáng, để mã QR nằm trọn và rõ nét.",
                    "No QR code could be read. Take the photo closer, in good light, with the whole code sharp.",
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A QR of `text` drawn as a photo would show it: `scale` pixels per module, on a
    /// grey background, somewhere off-centre, saved as `format`.
    fn photo(text: &str, scale: u32, format: image::ImageFormat) -> Vec<u8> {
        let code = qrcode::QrCode::new(text.as_bytes()).expect("fits");
        let n = u32::try_from(code.width()).expect("small");
        let colors = code.to_colors();
        let (w, h) = (n * scale + 900, n * scale + 500);
        let (left, top, quiet) = (400, 200, 4 * scale);
        let img = image::GrayImage::from_fn(w, h, |x, y| {
            let inside = |v: u32, from: u32| v >= from - quiet && v < from + n * scale + quiet;
            if !(inside(x, left) && inside(y, top)) {
                return image::Luma([150]);
            }
            let (qx, qy) = (x.wrapping_sub(left), y.wrapping_sub(top));
            if qx < n * scale && qy < n * scale {
                let i = (qy / scale * n + qx / scale) as usize;
                if colors[i] == qrcode::Color::Dark {
                    return image::Luma([20]);
                }
            }
            image::Luma([235])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageLuma8(img)
            .write_to(&mut out, format)
            .expect("encodes");
        out.into_inner()
    }

    const CCCD: &str =
        "001090123456|012345678|Nguyễn Văn Ân|17051990|Nam|Số 5, Hà Đông, Hà Nội|01022021";

    #[test]
    fn reads_a_cccd_qr_from_png_and_jpeg() {
        assert_eq!(
            read(&photo(CCCD, 6, image::ImageFormat::Png)).as_deref(),
            Some(CCCD)
        );
        assert_eq!(
            read(&photo(CCCD, 8, image::ImageFormat::Jpeg)).as_deref(),
            Some(CCCD)
        );
    }

    #[test]
    fn a_photo_of_more_than_sixteen_megapixels_is_not_decoded() {
        // 4100 × 4000 = 16.4 MP: refused from its header, QR or not; 4000 × 4000 is read.
        let big = |w: u32, h: u32| {
            let code = qrcode::QrCode::new(CCCD.as_bytes()).expect("fits");
            let n = u32::try_from(code.width()).expect("small");
            let colors = code.to_colors();
            let scale = 20;
            let img = image::GrayImage::from_fn(w, h, |x, y| {
                let (qx, qy) = (x / scale, y / scale);
                let dark = qx >= 4
                    && qy >= 4
                    && qx < n + 4
                    && qy < n + 4
                    && colors[((qy - 4) * n + (qx - 4)) as usize] == qrcode::Color::Dark;
                image::Luma([if dark { 20 } else { 235 }])
            });
            let mut out = std::io::Cursor::new(Vec::new());
            image::DynamicImage::ImageLuma8(img)
                .write_to(&mut out, image::ImageFormat::Png)
                .expect("encodes");
            out.into_inner()
        };
        assert_eq!(read(&big(4000, 4000)).as_deref(), Some(CCCD));
        assert_eq!(read(&big(4100, 4000)), None);
    }

    #[test]
    fn nothing_in_junk_or_blank_images() {
        assert_eq!(read(b"not an image"), None);
        assert_eq!(read(&[]), None);
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(300, 200, image::Luma([200])))
            .write_to(&mut out, image::ImageFormat::Png)
            .expect("encodes");
        assert_eq!(read(&out.into_inner()), None);
    }
}

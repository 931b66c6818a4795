//! QR codes as standalone SVG (black on white, with a quiet zone), for payment QRs,
//! receipt verification and phone links.

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

//! CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection), over the UTF-8 bytes.

/// The checksum of tag 63.
#[must_use]
pub fn crc16_ccitt_false(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &b in bytes {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_check_value() {
        assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
    }
}

//! Files attached to a dossier: recognised by their bytes, not their names, and kept
//! within the size limits.

use crate::{Localized, Text};
use serde::{Deserialize, Serialize};

/// Most one file may weigh.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Most all files of one dossier may weigh together.
pub const MAX_DOSSIER_BYTES: u64 = 30 * 1024 * 1024;
/// Most the files of one account's dossiers may weigh together: ten full dossiers. A
/// person who needs more is helped at the desk; a script cannot fill the disk.
pub const MAX_ACCOUNT_BYTES: u64 = 10 * MAX_DOSSIER_BYTES;
/// Longest file name kept (characters).
pub const MAX_NAME_CHARS: usize = 120;

/// The file kinds a dossier accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
}

impl FileKind {
    /// Recognises the kind from the first bytes of the file.
    #[must_use]
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(Self::Png)
        } else {
            None
        }
    }

    #[must_use]
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }

    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpeg",
            Self::Png => "png",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pdf" => Some(Self::Pdf),
            "jpeg" => Some(Self::Jpeg),
            "png" => Some(Self::Png),
            _ => None,
        }
    }
}

/// Why a file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Empty,
    UnknownKind,
    TooLarge { bytes: u64 },
    DossierFull { used: u64 },
    AccountFull { used: u64 },
}

/// Megabytes with one decimal, for messages.
fn mb(bytes: u64) -> String {
    let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    format!("{}.{}", tenths / 10, tenths % 10)
}

impl Localized for FileError {
    fn text(&self) -> Text {
        match self {
            Self::Empty => Text::new(
                "Tệp rỗng, vui lòng chọn lại",
                "The file is empty, please choose it again",
            ),
            Self::UnknownKind => Text::new(
                "Chỉ nhận tệp PDF, JPEG hoặc PNG. Tệp này không phải một trong các loại đó (kể cả khi đuôi tên tệp đúng).",
                "Only PDF, JPEG or PNG files are accepted. This file is none of those (whatever its name says).",
            ),
            Self::TooLarge { bytes } => Text::new(
                format!(
                    "Tệp nặng {} MB, quá giới hạn 10 MB mỗi tệp. Hãy chụp lại với độ phân giải thấp hơn hoặc nén PDF.",
                    mb(*bytes)
                ),
                format!(
                    "The file is {} MB, over the 10 MB limit per file. Take the photo at a lower resolution or compress the PDF.",
                    mb(*bytes)
                ),
            ),
            Self::DossierFull { used } => Text::new(
                format!(
                    "Hồ sơ đã có {} MB tệp đính kèm; tổng không được quá 30 MB.",
                    mb(*used)
                ),
                format!(
                    "The dossier already has {} MB of attachments; the total may not exceed 30 MB.",
                    mb(*used)
                ),
            ),
            Self::AccountFull { used } => Text::new(
                format!(
                    "Các hồ sơ của tài khoản đã có {} MB tệp đính kèm; tổng không được quá {} MB. Vui lòng đến Bộ phận Một cửa để được hỗ trợ.",
                    mb(*used),
                    mb(MAX_ACCOUNT_BYTES)
                ),
                format!(
                    "This account's dossiers already hold {} MB of attachments; the total may not exceed {} MB. Please visit the one-stop desk for help.",
                    mb(*used),
                    mb(MAX_ACCOUNT_BYTES)
                ),
            ),
        }
    }
}
crate::localized_error!(FileError);

/// What the dossier and the account that owns it already hold, in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Held {
    pub dossier: u64,
    pub account: u64,
}

/// Checks a file against the rules, given what its dossier and the dossier's account
/// already hold (checked before a byte is written, and again when it is recorded).
///
/// # Errors
/// `FileError` for an empty, unknown, too large file, a full dossier or a full account.
pub fn check(bytes: &[u8], held: Held) -> Result<FileKind, FileError> {
    let kind = check_dossier(bytes, held.dossier)?;
    if held.account + bytes.len() as u64 > MAX_ACCOUNT_BYTES {
        return Err(FileError::AccountFull { used: held.account });
    }
    Ok(kind)
}

fn check_dossier(bytes: &[u8], already_in_dossier: u64) -> Result<FileKind, FileError> {
    let size = bytes.len() as u64;
    if size == 0 {
        return Err(FileError::Empty);
    }
    if size > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { bytes: size });
    }
    let kind = FileKind::sniff(bytes).ok_or(FileError::UnknownKind)?;
    if already_in_dossier + size > MAX_DOSSIER_BYTES {
        return Err(FileError::DossierFull {
            used: already_in_dossier,
        });
    }
    Ok(kind)
}

/// A file name safe to show and to send back in a download header: the last path
/// segment, control and quoting characters removed, NFC, at most [`MAX_NAME_CHARS`],
/// with the extension of the real kind.
#[must_use]
pub fn clean_name(name: &str, kind: FileKind) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = crate::text::clean(last)
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '/' | ';' | '<' | '>'))
        .collect();
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => cleaned,
    };
    let stem: String = stem.trim().chars().take(MAX_NAME_CHARS - 5).collect();
    let stem = if stem.is_empty() {
        "tep".to_owned()
    } else {
        stem
    };
    format!("{stem}.{}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF";

    fn check(bytes: &[u8], in_dossier: u64) -> Result<FileKind, FileError> {
        super::check(
            bytes,
            Held {
                dossier: in_dossier,
                account: in_dossier,
            },
        )
    }

    #[test]
    fn an_account_holds_ten_full_dossiers_at_most() {
        let mut big = PDF.to_vec();
        big.resize(usize::try_from(MAX_FILE_BYTES).unwrap(), b' ');
        let held = |account| Held {
            dossier: 0,
            account,
        };
        assert_eq!(MAX_ACCOUNT_BYTES, 300 * 1024 * 1024);
        assert_eq!(
            super::check(&big, held(MAX_ACCOUNT_BYTES - MAX_FILE_BYTES)),
            Ok(FileKind::Pdf)
        );
        assert_eq!(
            super::check(&big, held(MAX_ACCOUNT_BYTES - MAX_FILE_BYTES + 1)),
            Err(FileError::AccountFull {
                used: MAX_ACCOUNT_BYTES - MAX_FILE_BYTES + 1
            })
        );
        assert!(
            FileError::AccountFull { used: 0 }
                .text()
                .vi
                .contains("300.0 MB")
        );
    }

    #[test]
    fn kinds_come_from_bytes() {
        assert_eq!(check(PDF, 0), Ok(FileKind::Pdf));
        assert_eq!(check(PNG, 0), Ok(FileKind::Png));
        assert_eq!(check(JPEG, 0), Ok(FileKind::Jpeg));
        assert_eq!(
            check(b"MZ\x90\0 an exe named scan.pdf", 0),
            Err(FileError::UnknownKind)
        );
        assert_eq!(check(b"<html>", 0), Err(FileError::UnknownKind));
        assert_eq!(check(b"", 0), Err(FileError::Empty));
    }

    #[test]
    fn size_limits() {
        let mut big = PDF.to_vec();
        big.resize(usize::try_from(MAX_FILE_BYTES).unwrap() + 1, b' ');
        assert_eq!(
            check(&big, 0),
            Err(FileError::TooLarge {
                bytes: MAX_FILE_BYTES + 1
            })
        );
        big.truncate(usize::try_from(MAX_FILE_BYTES).unwrap());
        assert_eq!(check(&big, 0), Ok(FileKind::Pdf));
        assert_eq!(
            check(&big, 2 * MAX_FILE_BYTES),
            Ok(FileKind::Pdf),
            "exactly 30 MB"
        );
        assert_eq!(
            check(&big, 2 * MAX_FILE_BYTES + 1),
            Err(FileError::DossierFull {
                used: 2 * MAX_FILE_BYTES + 1
            })
        );
        assert!(
            FileError::TooLarge {
                bytes: 12 * 1024 * 1024
            }
            .text()
            .vi
            .contains("12.0 MB")
        );
    }

    #[test]
    fn names_are_cleaned_and_get_the_real_extension() {
        assert_eq!(
            clean_name("C:\\Users\\an\\Giấy khai sinh.PDF", FileKind::Pdf),
            "Giấy khai sinh.pdf"
        );
        assert_eq!(clean_name("../../etc/passwd", FileKind::Png), "passwd.png");
        assert_eq!(clean_name("photo.pdf", FileKind::Jpeg), "photo.jpg");
        assert_eq!(clean_name("a\"b;c<d>.png", FileKind::Png), "abcd.png");
        assert_eq!(clean_name("", FileKind::Pdf), "tep.pdf");
        assert!(clean_name(&"x".repeat(500), FileKind::Pdf).chars().count() <= MAX_NAME_CHARS);
    }
}

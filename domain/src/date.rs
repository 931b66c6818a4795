//! Calendar dates without a time zone database: Vietnam is UTC+7 all year.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Seconds east of UTC for Vietnam (ICT, no daylight saving).
pub const VN_UTC_OFFSET_SECONDS: i64 = 7 * 3600;

/// A proleptic Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Format,
    NoSuchDay,
}

impl crate::Localized for DateError {
    fn text(&self) -> crate::Text {
        match self {
            Self::Format => crate::Text::new(
                "Ngày không hợp lệ, hãy nhập theo dạng NNNN-TT-NN hoặc NN/TT/NNNN",
                "Invalid date: use YYYY-MM-DD or DD/MM/YYYY",
            ),
            Self::NoSuchDay => crate::Text::new(
                "Ngày này không có trong lịch",
                "This day does not exist in the calendar",
            ),
        }
    }
}
crate::localized_error!(DateError);

impl Date {
    /// A date from its parts.
    ///
    /// # Errors
    /// `DateError::NoSuchDay` when the day does not exist.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Self, DateError> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay);
        }
        Ok(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (HTML date inputs) or `DD/MM/YYYY` (Vietnamese writing).
    ///
    /// # Errors
    /// `DateError` when the text is not a real date in one of those forms.
    pub fn parse(input: &str) -> Result<Self, DateError> {
        let s = input.trim();
        let (y, m, d) = if let Some((y, rest)) = s.split_once('-') {
            let (m, d) = rest.split_once('-').ok_or(DateError::Format)?;
            (y, m, d)
        } else if let Some((d, rest)) = s.split_once('/') {
            let (m, y) = rest.split_once('/').ok_or(DateError::Format)?;
            (y, m, d)
        } else {
            return Err(DateError::Format);
        };
        if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return Err(DateError::Format);
        }
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(y) && all_digits(m) && all_digits(d)) {
            return Err(DateError::Format);
        }
        let year = y.parse().map_err(|_| DateError::Format)?;
        let month = m.parse().map_err(|_| DateError::Format)?;
        let day = d.parse().map_err(|_| DateError::Format)?;
        Self::from_ymd(year, month, day)
    }

    /// The date in Vietnam at a Unix time.
    #[must_use]
    pub fn from_unix_vn(unix_seconds: i64) -> Self {
        let days = (unix_seconds + VN_UTC_OFFSET_SECONDS).div_euclid(86_400);
        Self::from_days_since_epoch(days)
    }

    /// A moment as people in Việt Nam read it: `09:05 24/11/2026` (UTC+7).
    #[must_use]
    pub fn time_vn(unix_seconds: i64) -> String {
        let local = unix_seconds + VN_UTC_OFFSET_SECONDS;
        let minutes = local.rem_euclid(86_400) / 60;
        format!(
            "{:02}:{:02} {}",
            minutes / 60,
            minutes % 60,
            Self::from_unix_vn(unix_seconds).display_vi()
        )
    }

    #[must_use]
    pub fn year(self) -> i32 {
        self.year
    }

    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    #[must_use]
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01.
    #[must_use]
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    #[must_use]
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// `DD/MM/YYYY`, as dates are written in Vietnamese documents.
    #[must_use]
    pub fn display_vi(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_and_vietnamese_forms() {
        let d = Date::from_ymd(1990, 5, 17).unwrap();
        assert_eq!(Date::parse("1990-05-17"), Ok(d));
        assert_eq!(Date::parse("17/05/1990"), Ok(d));
        assert_eq!(Date::parse(" 7/5/1990 "), Date::from_ymd(1990, 5, 7));
        assert_eq!(d.to_string(), "1990-05-17");
        assert_eq!(d.display_vi(), "17/05/1990");
        // 2026-11-24 02:05 UTC is 09:05 in Hà Nội.
        assert_eq!(Date::time_vn(1_795_485_600 + 300), "09:05 24/11/2026");
    }

    #[test]
    fn refuses_impossible_dates() {
        assert_eq!(Date::parse("2023-02-29"), Err(DateError::NoSuchDay));
        assert!(Date::parse("2024-02-29").is_ok());
        assert_eq!(Date::parse("1990-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("hôm qua"), Err(DateError::Format));
        assert_eq!(Date::parse("90-01-01"), Err(DateError::Format));
        assert_eq!(Date::parse("1990-+1-01"), Err(DateError::Format));
    }

    #[test]
    fn epoch_days_round_trip() {
        for days in [-800_000_i64, -1, 0, 1, 19_000, 20_000, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(
            Date::from_days_since_epoch(0),
            Date::from_ymd(1970, 1, 1).unwrap()
        );
    }

    #[test]
    fn vietnam_date_starts_at_17h_utc() {
        // 2026-11-23T17:00:00Z is midnight 24/11 in Hà Nội.
        let t = Date::from_ymd(2026, 11, 23).unwrap().days_since_epoch() * 86_400 + 17 * 3600;
        assert_eq!(Date::from_unix_vn(t), Date::from_ymd(2026, 11, 24).unwrap());
        assert_eq!(
            Date::from_unix_vn(t - 1),
            Date::from_ymd(2026, 11, 23).unwrap()
        );
    }
}

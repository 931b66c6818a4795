//! Dossier forms: the values a citizen typed, checked against the procedure's schema.
//!
//! Values travel as a flat map from field name to text. An address field has three
//! parts, `<name>.province`, `<name>.commune` and `<name>.street`. The same checks run in
//! the browser (for instant feedback, without the list of places) and on the server
//! (always, with it).

use crate::catalog::{FieldType, FormField, FormSchema};
use crate::{Date, NationalId, PhoneNumber, Text};
use std::collections::BTreeMap;

/// Field name → value.
pub type FormValues = BTreeMap<String, String>;

/// The parts of an address field.
pub const ADDRESS_PARTS: [&str; 3] = ["province", "commune", "street"];
/// Longest single-line answer (characters).
pub const MAX_TEXT_CHARS: usize = 200;
/// Longest multi-line answer (characters).
pub const MAX_TEXTAREA_CHARS: usize = 2000;
/// Largest number a number field takes.
pub const MAX_NUMBER: u64 = 1_000_000;

/// One field's problem, named by the input it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub message: Text,
}

/// A place of the administrative list: a province or a commune (xã, phường, đặc khu).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub id: String,
    pub name: String,
}

/// The list of provinces and communes, where it is available (on the server).
pub trait Places {
    /// A province by id or by name (accents and the "Tỉnh"/"Thành phố" prefix optional).
    fn province(&self, input: &str) -> Option<Place>;
    /// A commune of that province by id or by name.
    fn commune(&self, province_id: &str, input: &str) -> Option<Place>;
}

/// The input names a field posts: one, or the three parts of an address.
#[must_use]
pub fn input_names(field: &FormField) -> Vec<String> {
    if field.kind == FieldType::Address {
        ADDRESS_PARTS
            .iter()
            .map(|p| format!("{}.{p}", field.name))
            .collect()
    } else {
        vec![field.name.clone()]
    }
}

/// Keeps only the schema's inputs, NFC-normalised and trimmed (line breaks kept in
/// multi-line answers), cut to a sane length: what a draft stores, whatever its state.
#[must_use]
pub fn clean(schema: &FormSchema, raw: &FormValues) -> FormValues {
    let mut out = FormValues::new();
    for field in &schema.fields {
        for name in input_names(field) {
            let Some(value) = raw.get(&name) else {
                continue;
            };
            let value = if field.kind == FieldType::Textarea {
                value
                    .lines()
                    .map(crate::text::clean)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .trim()
                    .chars()
                    .take(MAX_TEXTAREA_CHARS + 1)
                    .collect()
            } else {
                crate::text::clean(value)
                    .chars()
                    .take(MAX_TEXT_CHARS + 1)
                    .collect::<String>()
            };
            if !value.is_empty() {
                out.insert(name, value);
            }
        }
    }
    // The category of payer claimed for a fee reduction travels with the answers.
    if let Some(code) = raw.get(crate::fees::CATEGORY_INPUT) {
        let code: String = code.trim().chars().take(40).collect();
        if !code.is_empty() {
            out.insert(crate::fees::CATEGORY_INPUT.to_owned(), code);
        }
    }
    out
}

fn problem(field: &str, vi: impl Into<String>, en: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        message: Text::new(vi, en),
    }
}

/// Checks cleaned values against the schema and returns them in canonical form (phone
/// numbers `0…`, dates `YYYY-MM-DD`, checkboxes `true`, addresses with place ids and a
/// full `<name>` line), or every problem found, one per field.
///
/// # Errors
/// The list of problems, in the order of the form.
pub fn validate(
    schema: &FormSchema,
    values: &FormValues,
    today: Date,
    places: Option<&dyn Places>,
) -> Result<FormValues, Vec<FieldProblem>> {
    let mut out = FormValues::new();
    let mut problems = Vec::new();
    let birth_date = values.get("ngay_sinh").and_then(|v| Date::parse(v).ok());
    for field in &schema.fields {
        let name = field.name.as_str();
        if field.kind == FieldType::Address {
            match check_address(field, values, places) {
                Ok(parts) => out.extend(parts),
                Err(p) => problems.push(p),
            }
            continue;
        }
        let value = values.get(name).map(String::as_str).unwrap_or_default();
        if value.is_empty() {
            if field.required {
                problems.push(if field.kind == FieldType::Checkbox {
                    problem(
                        name,
                        "Vui lòng đánh dấu ô này để tiếp tục",
                        "Please tick this box to continue",
                    )
                } else {
                    problem(name, "Vui lòng điền mục này", "Please fill in this field")
                });
            }
            continue;
        }
        match check_value(field, value, today, birth_date) {
            Ok(v) => {
                out.insert(name.to_owned(), v);
            }
            Err(p) => problems.push(p),
        }
    }
    // Checked against the procedure's categories when the fee is computed.
    if let Some(code) = values.get(crate::fees::CATEGORY_INPUT) {
        out.insert(crate::fees::CATEGORY_INPUT.to_owned(), code.clone());
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn check_value(
    field: &FormField,
    value: &str,
    today: Date,
    birth_date: Option<Date>,
) -> Result<String, FieldProblem> {
    let name = field.name.as_str();
    let value = match field.kind {
        FieldType::Text | FieldType::Textarea => {
            let max = if field.kind == FieldType::Text {
                MAX_TEXT_CHARS
            } else {
                MAX_TEXTAREA_CHARS
            };
            if value.chars().count() > max {
                return Err(problem(
                    name,
                    format!("Tối đa {max} ký tự"),
                    format!("At most {max} characters"),
                ));
            }
            value.to_owned()
        }
        FieldType::Date => {
            let d = Date::parse(value).map_err(|e| FieldProblem {
                field: name.to_owned(),
                message: e.into(),
            })?;
            if d > today || d.year() < 1900 {
                return Err(problem(
                    name,
                    "Ngày không hợp lệ: không được sau hôm nay hoặc trước năm 1900",
                    "Invalid date: it cannot be after today or before 1900",
                ));
            }
            d.to_string()
        }
        FieldType::Number => match value.replace(['.', ' '], "").parse::<u64>() {
            Ok(n) if (1..=MAX_NUMBER).contains(&n) => n.to_string(),
            _ => {
                return Err(problem(
                    name,
                    "Vui lòng nhập một số nguyên dương",
                    "Please enter a whole number greater than zero",
                ));
            }
        },
        FieldType::Select => {
            if !field.options.iter().any(|o| o == value) {
                return Err(problem(
                    name,
                    "Vui lòng chọn một mục trong danh sách",
                    "Please choose one of the options",
                ));
            }
            value.to_owned()
        }
        FieldType::Phone => PhoneNumber::parse(value)
            .map_err(|e| FieldProblem {
                field: name.to_owned(),
                message: e.into(),
            })?
            .national(),
        FieldType::NationalId => {
            let id = match birth_date {
                Some(dob) => NationalId::parse_with_birth_date(value, dob, today),
                None => NationalId::parse(value, today),
            };
            id.map_err(|e| FieldProblem {
                field: name.to_owned(),
                message: e.into(),
            })?
            .as_str()
            .to_owned()
        }
        FieldType::Email => {
            if !is_email(value) {
                return Err(problem(
                    name,
                    "Địa chỉ thư điện tử không hợp lệ (ví dụ ten@example.vn)",
                    "Invalid email address (e.g. name@example.vn)",
                ));
            }
            value.to_ascii_lowercase()
        }
        FieldType::Checkbox => {
            if !matches!(value, "on" | "true" | "1" | "yes") {
                return Err(problem(name, "Giá trị không hợp lệ", "Invalid value"));
            }
            "true".to_owned()
        }
        // Addresses have three inputs and are checked by `check_address`.
        FieldType::Address => return Ok(String::new()),
    };
    if let Some(pattern) = &field.pattern
        && !pattern.is_match(&value)
    {
        return Err(problem(
            name,
            "Giá trị không đúng định dạng yêu cầu",
            "The value is not in the required format",
        ));
    }
    Ok(value)
}

fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    v.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn check_address(
    field: &FormField,
    values: &FormValues,
    places: Option<&dyn Places>,
) -> Result<FormValues, FieldProblem> {
    let name = &field.name;
    let get = |part: &str| {
        values
            .get(&format!("{name}.{part}"))
            .map(String::as_str)
            .unwrap_or_default()
    };
    let (province, commune, street) = (get("province"), get("commune"), get("street"));
    let mut out = FormValues::new();
    if province.is_empty() && commune.is_empty() && street.is_empty() && !field.required {
        return Ok(out);
    }
    let missing = |part: &str, vi: &str, en: &str| FieldProblem {
        field: format!("{name}.{part}"),
        message: Text::new(vi, en),
    };
    if province.is_empty() {
        return Err(missing(
            "province",
            "Vui lòng chọn tỉnh, thành phố",
            "Please choose the province or city",
        ));
    }
    if commune.is_empty() {
        return Err(missing(
            "commune",
            "Vui lòng nhập xã, phường",
            "Please enter the commune or ward",
        ));
    }
    if street.is_empty() {
        return Err(missing(
            "street",
            "Vui lòng nhập số nhà, đường, thôn, ấp",
            "Please enter the house number, street or hamlet",
        ));
    }
    if street.chars().count() > MAX_TEXT_CHARS {
        return Err(missing(
            "street",
            "Tối đa 200 ký tự",
            "At most 200 characters",
        ));
    }
    let (province, commune) = match places {
        None => (
            Place {
                id: String::new(),
                name: province.to_owned(),
            },
            Place {
                id: String::new(),
                name: commune.to_owned(),
            },
        ),
        Some(places) => {
            let p = places.province(province).ok_or_else(|| {
                missing(
                    "province",
                    "Không có tỉnh, thành phố này",
                    "There is no such province or city",
                )
            })?;
            let c = places.commune(&p.id, commune).ok_or_else(|| FieldProblem {
                field: format!("{name}.commune"),
                message: Text::new(
                    format!("{} không có xã, phường \"{commune}\". Kiểm tra lại tên (theo danh sách từ 01/7/2025).", p.name),
                    format!("{} has no commune or ward \"{commune}\". Check the name (list in force since 1 July 2025).", p.name),
                ),
            })?;
            (p, c)
        }
    };
    out.insert(
        format!("{name}.province"),
        if province.id.is_empty() {
            province.name.clone()
        } else {
            province.id.clone()
        },
    );
    out.insert(
        format!("{name}.commune"),
        if commune.id.is_empty() {
            commune.name.clone()
        } else {
            commune.id.clone()
        },
    );
    out.insert(format!("{name}.street"), street.to_owned());
    out.insert(
        name.clone(),
        format!("{street}, {}, {}", commune.name, province.name),
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::field;

    struct TwoPlaces;
    impl Places for TwoPlaces {
        fn province(&self, input: &str) -> Option<Place> {
            let f = crate::text::fold(input);
            (input == "01" || f == "ha noi" || f == "thanh pho ha noi").then(|| Place {
                id: "01".into(),
                name: "Thành phố Hà Nội".into(),
            })
        }
        fn commune(&self, province: &str, input: &str) -> Option<Place> {
            let f = crate::text::fold(input);
            (province == "01" && (f == "ha dong" || f == "phuong ha dong")).then(|| Place {
                id: "00013".into(),
                name: "Phường Hà Đông".into(),
            })
        }
    }

    fn today() -> Date {
        Date::from_ymd(2026, 11, 24).unwrap()
    }

    fn schema() -> FormSchema {
        let mut fields = FormSchema::applicant_fields();
        fields.push(FormField {
            options: vec!["Phiếu số 1".into(), "Phiếu số 2".into()],
            ..field("loai_phieu", "Loại phiếu", FieldType::Select, true)
        });
        fields.push(field("so_ban", "Số bản", FieldType::Number, true));
        fields.push(FormField {
            pattern: Some(crate::pattern::Pattern::parse(r"\d{2}[A-Z]\d?-\d{4,5}").unwrap()),
            ..field("bien_so", "Biển số", FieldType::Text, false)
        });
        fields.push(field("cam_doan", "Cam đoan", FieldType::Checkbox, true));
        FormSchema { fields }
    }

    fn good() -> FormValues {
        [
            ("ho_ten", " Nguyễn   Văn An "),
            ("so_cccd", "001090012345"),
            ("ngay_sinh", "15/03/1990"),
            ("so_dien_thoai", "+84912345678"),
            ("dia_chi.province", "Hà Nội"),
            ("dia_chi.commune", "ha dong"),
            ("dia_chi.street", "Số 5 ngõ 3 Quang Trung"),
            ("loai_phieu", "Phiếu số 1"),
            ("so_ban", "2"),
            ("cam_doan", "on"),
            ("khong_co_trong_mau", "bỏ đi"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    #[test]
    fn a_good_form_comes_back_canonical() {
        let s = schema();
        let v = validate(&s, &clean(&s, &good()), today(), Some(&TwoPlaces)).unwrap();
        assert_eq!(v["ho_ten"], "Nguyễn Văn An");
        assert_eq!(v["ngay_sinh"], "1990-03-15");
        assert_eq!(v["so_dien_thoai"], "0912345678");
        assert_eq!(v["dia_chi.province"], "01");
        assert_eq!(v["dia_chi.commune"], "00013");
        assert_eq!(
            v["dia_chi"],
            "Số 5 ngõ 3 Quang Trung, Phường Hà Đông, Thành phố Hà Nội"
        );
        assert_eq!(v["cam_doan"], "true");
        assert!(!v.contains_key("khong_co_trong_mau"));
    }

    #[test]
    fn every_problem_is_reported_next_to_its_field() {
        let s = schema();
        let mut bad = good();
        bad.insert("so_cccd".into(), "001080012345".into()); // born 1980, not 1990
        bad.insert("so_dien_thoai".into(), "12345".into());
        bad.insert("loai_phieu".into(), "Phiếu số 3".into());
        bad.insert("so_ban".into(), "0".into());
        bad.insert("bien_so".into(), "29a-123".into());
        bad.insert("dia_chi.commune".into(), "Cầu Giấy Mới".into());
        bad.remove("cam_doan");
        bad.remove("ho_ten");
        let problems = validate(&s, &clean(&s, &bad), today(), Some(&TwoPlaces)).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "ho_ten",
                "so_cccd",
                "so_dien_thoai",
                "dia_chi.commune",
                "loai_phieu",
                "so_ban",
                "bien_so",
                "cam_doan"
            ]
        );
        assert!(problems[1].message.vi.contains("không khớp với ngày sinh"));
        assert!(
            problems[3]
                .message
                .vi
                .contains("Thành phố Hà Nội không có xã, phường")
        );
        assert_eq!(problems[7].message.en, "Please tick this box to continue");
    }

    #[test]
    fn the_browser_checks_addresses_without_the_list() {
        let s = schema();
        let mut v = good();
        v.insert("dia_chi.commune".into(), "Nơi nào đó".into());
        assert!(validate(&s, &clean(&s, &v), today(), None).is_ok());
        v.remove("dia_chi.street");
        let p = validate(&s, &clean(&s, &v), today(), None).unwrap_err();
        assert_eq!(p[0].field, "dia_chi.street");
    }

    #[test]
    fn dates_emails_and_lengths() {
        let mut s = schema();
        s.fields
            .retain(|f| matches!(f.name.as_str(), "ngay_sinh" | "email" | "ho_ten"));
        let mut v = FormValues::new();
        v.insert("ngay_sinh".into(), "2027-01-01".into());
        v.insert("email".into(), "an at example.vn".into());
        v.insert("ho_ten".into(), "x".repeat(250));
        let p = validate(&s, &clean(&s, &v), today(), None).unwrap_err();
        assert_eq!(p.len(), 3);
        v.insert("ngay_sinh".into(), "2000-02-29".into());
        v.insert("email".into(), "An@Example.VN".into());
        v.insert("ho_ten".into(), "Lê Thị Bình".into());
        let ok = validate(&s, &clean(&s, &v), today(), None).unwrap();
        assert_eq!(ok["email"], "an@example.vn");
    }

    #[test]
    fn drafts_keep_multiline_answers() {
        let s = FormSchema {
            fields: vec![field("noi_dung", "Nội dung", FieldType::Textarea, true)],
        };
        let mut v = FormValues::new();
        v.insert("noi_dung".into(), "  dòng một \r\n\r\n  dòng   hai ".into());
        assert_eq!(clean(&s, &v)["noi_dung"], "dòng một\n\ndòng hai");
    }
}

//! Catalog vocabulary: administrative levels, codes and the dossier form schema.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Local-government level since 1/7/2025: two tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Tinh,
    Xa,
}

impl Level {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tinh => "tinh",
            Self::Xa => "xa",
        }
    }

    /// `tinh`/`xa`, also accepting the accented and English words.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        match crate::text::fold(input).as_str() {
            "tinh" | "cap tinh" | "province" | "provincial" => Some(Self::Tinh),
            "xa" | "cap xa" | "commune" => Some(Self::Xa),
            _ => None,
        }
    }

    #[must_use]
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Tinh => "Cấp tỉnh",
            Self::Xa => "Cấp xã",
        }
    }

    #[must_use]
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Tinh => "Provincial",
            Self::Xa => "Commune",
        }
    }
}

/// An agency's identifier in the national document-exchange format (QCVN 102:2016),
/// e.g. `000.00.31.H53`, or the newer `H15.50.05.13` form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AgencyCode(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    Agency,
    Procedure,
}

impl crate::Localized for CodeError {
    fn text(&self) -> crate::Text {
        match self {
            Self::Agency => crate::Text::new(
                "Mã cơ quan không đúng định dạng (ví dụ 000.00.31.H53)",
                "Agency code is not in the national format (e.g. 000.00.31.H53)",
            ),
            Self::Procedure => crate::Text::new(
                "Mã thủ tục không đúng định dạng (ví dụ 1.001193)",
                "Procedure code is not in the national format (e.g. 1.001193)",
            ),
        }
    }
}
crate::localized_error!(CodeError);

impl AgencyCode {
    /// # Errors
    /// `CodeError::Agency` unless the text has four dot-separated groups of the national format.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let s = input.trim().to_ascii_uppercase();
        let groups: Vec<&str> = s.split('.').collect();
        let digits = |g: &str, n: usize| g.len() == n && g.bytes().all(|b| b.is_ascii_digit());
        let letter_code =
            |g: &str| g.len() == 3 && g.as_bytes()[0].is_ascii_uppercase() && digits(&g[1..], 2);
        let ok = groups.len() == 4
            && ((digits(groups[0], 3)
                && digits(groups[1], 2)
                && digits(groups[2], 2)
                && letter_code(groups[3]))
                || (letter_code(groups[0]) && groups[1..].iter().all(|g| digits(g, 2))));
        if ok {
            Ok(Self(s))
        } else {
            Err(CodeError::Agency)
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A procedure code: national `N.NNNNNN`, or `DP.NNNNNN` for a local entry whose national
/// code is not verified yet.
///
/// # Errors
/// `CodeError::Procedure` for anything else.
pub fn parse_procedure_code(input: &str) -> Result<String, CodeError> {
    let s = input.trim().to_ascii_uppercase();
    let (head, tail) = s.split_once('.').ok_or(CodeError::Procedure)?;
    let head_ok = (head.len() == 1 && head.as_bytes()[0].is_ascii_digit()) || head == "DP";
    let tail_ok = tail.len() == 6 && tail.bytes().all(|b| b.is_ascii_digit());
    if head_ok && tail_ok {
        Ok(s)
    } else {
        Err(CodeError::Procedure)
    }
}

/// The input kinds a dossier form can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Textarea,
    Date,
    Number,
    Select,
    Phone,
    NationalId,
    Email,
    Checkbox,
    Address,
}

/// One field of a procedure's dossier form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    pub name: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The English label (the Vietnamese one is shown when empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label_en: String,
    /// A pattern the whole value must match (see [`crate::pattern`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<crate::pattern::Pattern>,
}

impl FormField {
    /// Sets the English label.
    #[must_use]
    pub fn en(mut self, label_en: &str) -> Self {
        label_en.clone_into(&mut self.label_en);
        self
    }

    /// The label in the chosen language.
    #[must_use]
    pub fn label_in(&self, english: bool) -> &str {
        crate::l10n::pick(&self.label, &self.label_en, english)
    }
}

/// The dossier form of a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FormSchema {
    pub fields: Vec<FormField>,
}

impl FormSchema {
    /// The applicant block every dossier starts with.
    #[must_use]
    pub fn applicant_fields() -> Vec<FormField> {
        vec![
            field("ho_ten", "Họ và tên người nộp", FieldType::Text, true)
                .en("Applicant's full name"),
            field(
                "so_cccd",
                "Số định danh cá nhân (CCCD)",
                FieldType::NationalId,
                true,
            )
            .en("Personal identification number (citizen ID)"),
            field("ngay_sinh", "Ngày sinh", FieldType::Date, true).en("Date of birth"),
            field("so_dien_thoai", "Số điện thoại", FieldType::Phone, true).en("Phone number"),
            field("email", "Thư điện tử", FieldType::Email, false).en("Email"),
            field("dia_chi", "Địa chỉ liên hệ", FieldType::Address, true).en("Contact address"),
        ]
    }
}

/// A form field without options.
#[must_use]
pub fn field(name: &str, label: &str, kind: FieldType, required: bool) -> FormField {
    FormField {
        name: name.to_owned(),
        label: label.to_owned(),
        kind,
        required,
        options: Vec::new(),
        label_en: String::new(),
        pattern: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_codes_in_both_national_forms() {
        assert_eq!(
            AgencyCode::parse("000.00.31.h53").unwrap().as_str(),
            "000.00.31.H53"
        );
        assert!(AgencyCode::parse("H15.50.05.13").is_ok());
        for bad in [
            "000.00.31",
            "00.00.31.H53",
            "000.00.31.53",
            "abc",
            "000.00.31.H53.1",
        ] {
            assert_eq!(AgencyCode::parse(bad), Err(CodeError::Agency), "{bad}");
        }
    }

    #[test]
    fn procedure_codes() {
        assert_eq!(parse_procedure_code("1.001193"), Ok("1.001193".to_owned()));
        assert_eq!(
            parse_procedure_code("dp.000001"),
            Ok("DP.000001".to_owned())
        );
        assert!(parse_procedure_code("1.00119").is_err());
        assert!(parse_procedure_code("12.001193").is_err());
        assert!(parse_procedure_code("1001193").is_err());
    }

    #[test]
    fn levels_parse_from_several_spellings() {
        assert_eq!(Level::parse("Cấp xã"), Some(Level::Xa));
        assert_eq!(Level::parse("tinh"), Some(Level::Tinh));
        assert_eq!(Level::parse("huyện"), None);
    }

    #[test]
    fn form_field_json_uses_type() {
        let f = field("ho_ten", "Họ và tên", FieldType::NationalId, true);
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["type"], "national_id");
        assert!(json.get("options").is_none());
    }
}

impl Procedure {
    /// What a request costs ([`crate::fees::compute`]): the lines in force on `day`,
    /// the counts and the category claimed read from the answers.
    ///
    /// # Errors
    /// A count is missing or the category is not one of the procedure's.
    pub fn price(
        &self,
        answers: &crate::form::FormValues,
        online: bool,
        day: crate::Date,
    ) -> Result<crate::fees::FeeBreakdown, crate::fees::FeeError> {
        crate::fees::compute(
            &self.fees,
            &self.fee_categories,
            &crate::fees::FeeRequest {
                answers,
                category: answers.get(crate::fees::CATEGORY_INPUT).map(String::as_str),
                online,
                day,
            },
        )
    }
}

/// A bank of the NAPAS/SBV BIN table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bank {
    pub bin: String,
    pub short_name: String,
    pub code: String,
    pub swift: String,
    pub legal_name: String,
}

/// An agency as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub level: Level,
    pub parent_code: Option<String>,
    /// Collection account for fees: bank, number and holder name.
    pub bank_bin: Option<String>,
    pub bank_name: Option<String>,
    pub account_number: String,
    pub account_name: String,
}

/// A field (lĩnh vực) of procedures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub slug: String,
    pub name: String,
    pub name_en: String,
}

/// A procedure with everything a citizen needs to decide and prepare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub level: Level,
    pub field: Field,
    pub agency_code: String,
    pub agency_name: String,
    /// Fee lines in force today.
    pub fees: Vec<crate::fees::FeeLine>,
    /// Text shown when there is no fee line: exempt, or set by the provincial council.
    pub fee_summary: String,
    /// The categories of payer the fee lines reduce or exempt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fee_categories: Vec<crate::fees::PayerCategory>,
    /// The fees are not checked against the act itself yet: shown next to the legal
    /// basis, with the research note that says why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_unsure: Option<String>,
    pub online_payment: bool,
    pub documents: Vec<String>,
    pub processing_days: i64,
    pub form: FormSchema,
}

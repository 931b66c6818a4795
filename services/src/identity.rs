//! Verified citizen ID numbers: the accounts the desk check ([`domain::identity`])
//! compares, and verification in person by an officer (audited). A number typed by a
//! citizen stays a claim; one account at most holds it verified (a unique index).

use crate::ServiceError;
use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use domain::identity::{Account, DeskMatch, Detail};
use domain::{Date, PhoneNumber, Text};
use sqlx::AnyConnection;

/// Where an officer checked the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckedAt {
    Desk,
    Assist,
}

impl CheckedAt {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Desk => "desk",
            Self::Assist => "assist",
        }
    }
}

const ACCOUNT: &str =
    "SELECT id, full_name, date_of_birth, national_id, national_id_verified_at FROM citizens";

type Row = (i64, String, String, String, Option<i64>);

fn account(r: Row) -> Account {
    Account {
        id: r.0,
        full_name: r.1,
        date_of_birth: r.2,
        national_id: r.3,
        verified: r.4.is_some(),
    }
}

/// The account holding `national_id` verified, if any.
///
/// # Errors
/// Database errors.
pub async fn verified_holder(
    conn: &mut AnyConnection,
    national_id: &str,
) -> ServiceResult<Option<Account>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "{ACCOUNT} WHERE national_id = $1 AND national_id_verified_at IS NOT NULL"
    ))
    .bind(national_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(account))
}

/// The account of a phone number, if any.
///
/// # Errors
/// Database errors.
pub async fn of_phone(
    conn: &mut AnyConnection,
    phone: &PhoneNumber,
) -> ServiceResult<Option<Account>> {
    let row: Option<Row> = sqlx::query_as(&format!("{ACCOUNT} WHERE phone = $1"))
        .bind(phone.e164())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(account))
}

/// An account by id.
///
/// # Errors
/// `NotFound`; database errors.
pub async fn by_id(conn: &mut AnyConnection, id: i64) -> ServiceResult<Account> {
    let row: Option<Row> = sqlx::query_as(&format!("{ACCOUNT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(account).ok_or(ServiceError::NotFound)
}

/// Marks the account's number verified by `officer`, who checked the card in person, and
/// sets its name and birth date to the card's. Audited (with what was corrected).
///
/// # Errors
/// `Conflict` when another account holds the number verified.
pub async fn verify(
    conn: &mut AnyConnection,
    at: i64,
    officer: i64,
    how: CheckedAt,
    citizen: &Account,
    full_name: &str,
    date_of_birth: Date,
) -> ServiceResult<()> {
    if let Some(holder) = verified_holder(conn, &citizen.national_id).await?
        && holder.id != citizen.id
    {
        return Err(number_held_by_another());
    }
    let corrected = [
        (citizen.full_name != full_name).then_some("full_name"),
        (Date::parse(&citizen.date_of_birth).ok() != Some(date_of_birth))
            .then_some("date_of_birth"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(",");
    sqlx::query(
        "UPDATE citizens SET national_id_verified_at = $1, national_id_verified_by = $2, \
         national_id_verified_how = $3, full_name = $4, date_of_birth = $5 WHERE id = $6",
    )
    .bind(at)
    .bind(officer)
    .bind(how.as_str())
    .bind(full_name)
    .bind(date_of_birth.to_string())
    .bind(citizen.id)
    .execute(&mut *conn)
    .await?;
    audit::record(
        conn,
        at,
        Actor::Staff(officer),
        "citizen.verify_national_id",
        &format!("citizen:{}", citizen.id),
        &format!("{}; corrected: {corrected}", how.as_str()),
    )
    .await?;
    Ok(())
}

/// A new account created by an officer who checked the card in person: verified from
/// the start. Audited.
///
/// # Errors
/// `Conflict` when the number was verified for another account meanwhile.
pub async fn create_verified(
    conn: &mut AnyConnection,
    at: i64,
    officer: i64,
    phone: &PhoneNumber,
    full_name: &str,
    date_of_birth: Date,
    national_id: &str,
) -> ServiceResult<i64> {
    if verified_holder(conn, national_id).await?.is_some() {
        return Err(number_held_by_another());
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO citizens (phone, full_name, date_of_birth, national_id, created_at, \
         national_id_verified_at, national_id_verified_by, national_id_verified_how) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7) RETURNING id",
    )
    .bind(phone.e164())
    .bind(full_name)
    .bind(date_of_birth.to_string())
    .bind(national_id)
    .bind(at)
    .bind(officer)
    .bind(CheckedAt::Desk.as_str())
    .fetch_one(&mut *conn)
    .await?;
    audit::record(
        conn,
        at,
        Actor::Staff(officer),
        "citizen.create_verified",
        &format!("citizen:{id}"),
        CheckedAt::Desk.as_str(),
    )
    .await?;
    Ok(id)
}

fn number_held_by_another() -> ServiceError {
    ServiceError::Conflict(Text::new(
        "Số căn cước này đã được xác minh cho một tài khoản khác.",
        "This citizen ID number is already verified for another account.",
    ))
}

fn details(list: &[Detail], en: bool) -> String {
    list.iter()
        .map(|d| match (d, en) {
            (Detail::FullName, false) => "họ và tên",
            (Detail::FullName, true) => "full name",
            (Detail::DateOfBirth, false) => "ngày sinh",
            (Detail::DateOfBirth, true) => "date of birth",
            (Detail::NationalId, false) => "số căn cước",
            (Detail::NationalId, true) => "citizen ID number",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the officer is shown when the desk check attaches nothing: the field names
/// `identity_create` and `identity_verify` offer the matching button.
#[must_use]
pub fn refusal(found: &DeskMatch) -> ServiceError {
    match found {
        DeskMatch::Attach(_) => ServiceError::Forbidden,
        DeskMatch::Create => ServiceError::invalid(
            "identity_create",
            Text::new(
                "Chưa có tài khoản đã xác minh cho số căn cước này, và số điện thoại chưa có tài khoản. \
                 Đối chiếu thẻ căn cước bản gốc của người nộp, rồi bấm “Tạo tài khoản đã xác minh”.",
                "No account holds this citizen ID number verified, and the phone has no account. \
                 Check the applicant's original ID card, then press “Create a verified account”.",
            ),
        ),
        DeskMatch::Verify { corrects, .. } => {
            let (vi, en) = if corrects.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!(
                        " Tài khoản sẽ được sửa theo thẻ: {}.",
                        details(corrects, false)
                    ),
                    format!(
                        " The account will be corrected from the card: {}.",
                        details(corrects, true)
                    ),
                )
            };
            ServiceError::invalid(
                "identity_verify",
                Text::new(
                    format!(
                        "Số điện thoại này có tài khoản tự khai số căn cước này, chưa được xác minh.{vi} \
                         Đối chiếu thẻ căn cước bản gốc, rồi bấm “Xác minh tài khoản”."
                    ),
                    format!(
                        "This phone's account declared this citizen ID number and is not verified.{en} \
                         Check the original ID card, then press “Verify the account”."
                    ),
                ),
            )
        }
        DeskMatch::Mismatch(list) => ServiceError::invalid(
            "identity",
            Text::new(
                format!(
                    "Số căn cước này đã được xác minh cho một tài khoản có {} khác. Kiểm tra lại thẻ căn cước và những gì đã nhập; hồ sơ chưa được ghi nhận.",
                    details(list, false)
                ),
                format!(
                    "This citizen ID number is verified for an account with a different {}. Check the ID card and what was typed; the dossier was not recorded.",
                    details(list, true)
                ),
            ),
        ),
        DeskMatch::PhoneTaken(list) => ServiceError::invalid(
            "identity",
            Text::new(
                format!(
                    "Số điện thoại này thuộc tài khoản của người khác ({} khác). Nhập số điện thoại của chính người nộp; hồ sơ chưa được ghi nhận.",
                    details(list, false)
                ),
                format!(
                    "This phone belongs to another person's account (different {}). Enter the applicant's own phone; the dossier was not recorded.",
                    details(list, true)
                ),
            ),
        ),
    }
}

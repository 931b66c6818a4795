//! Fee-notice links: a short signed link, sent by SMS and printed on the desk slip, that
//! opens the payment page of one notice without signing in. The token is the notice id
//! and a keyed hash of it, so it names that notice only and cannot be forged; opening
//! it sets a cookie that lets its holder pay that dossier's fee and nothing else.

use crate::audit::{self, Actor};
use crate::dossiers::{self, Key, Who};
use crate::error::ServiceResult;
use crate::rate::Limit;
use crate::{ServiceError, Services};
use domain::Vnd;
use domain::payment::NoticeStatus;
use domain::{PhoneNumber, Text};

/// Where a link points: `{public_url}/tb/{token}`.
pub const LINK_PATH: &str = "/tb/";
/// The cookie the link leaves behind, scoped to its notice.
pub const COOKIE: &str = "motcua_notice";
/// How long that cookie lasts.
pub const COOKIE_SECONDS: i64 = 24 * 3600;
/// Hex characters of the keyed hash kept in a token (80 bits).
const SIGNATURE_CHARS: usize = 20;
/// Fee-notice texts one officer may send per notice in an hour.
pub const SENDS_PER_NOTICE_PER_HOUR: i64 = 3;
/// Wrong link tokens accepted per client address in ten minutes.
pub const BAD_LINKS_PER_IP_PER_10_MIN: i64 = 20;

/// The signed token of a notice's link.
#[must_use]
pub fn token(s: &Services, notice_id: i64) -> String {
    let sig = s.keyed_hash("notice-link", &notice_id.to_string());
    format!("{notice_id}-{}", &sig[..SIGNATURE_CHARS])
}

/// The full link of a notice.
#[must_use]
pub fn link(s: &Services, public_url: &str, notice_id: i64) -> String {
    format!(
        "{}{LINK_PATH}{}",
        public_url.trim_end_matches('/'),
        token(s, notice_id)
    )
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The notice a token names, if the signature holds (no database access).
#[must_use]
pub fn verify(s: &Services, token: &str) -> Option<i64> {
    let (id, sig) = token.trim().split_once('-')?;
    let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
    let expected = s.keyed_hash("notice-link", &id.to_string());
    same(
        sig.to_ascii_lowercase().as_bytes(),
        &expected.as_bytes()[..SIGNATURE_CHARS],
    )
    .then_some(id)
}

/// What an opened link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedLink {
    pub notice_id: i64,
    pub dossier_id: i64,
    pub dossier_code: String,
    /// The attempt that paid the notice, once paid.
    pub paid_attempt_id: Option<i64>,
}

/// Opens a link: the notice and its dossier. Wrong tokens are counted per client
/// address so they cannot be tried at scale.
///
/// # Errors
/// `NotFound` for a forged token or a cancelled notice; `RateLimited` after too many
/// wrong tokens from one address.
pub async fn open(s: &Services, token: &str, client_ip: &str) -> ServiceResult<OpenedLink> {
    let Some(notice_id) = verify(s, token) else {
        Limit {
            kind: "notice_link_bad",
            max: BAD_LINKS_PER_IP_PER_10_MIN,
            window_seconds: 600,
        }
        .hit(
            s,
            client_ip,
            Text::new(
                "Quá nhiều đường dẫn không hợp lệ. Vui lòng thử lại sau ít phút.",
                "Too many invalid links. Please try again in a few minutes.",
            ),
        )
        .await?;
        return Err(ServiceError::NotFound);
    };
    holder_of(s, notice_id).await
}

/// Who holds a link's cookie: the holder of that dossier's notice, while the token is
/// genuine and the notice not cancelled.
///
/// # Errors
/// Database errors.
pub async fn holder(s: &Services, token: &str) -> ServiceResult<Option<Who>> {
    let Some(notice) = verify(s, token) else {
        return Ok(None);
    };
    match holder_of(s, notice).await {
        Ok(link) => Ok(Some(Who::NoticeHolder(link.dossier_id))),
        Err(ServiceError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

#[derive(sqlx::FromRow)]
struct NoticeOfLink {
    dossier_id: i64,
    code: Option<String>,
    status: String,
    paid_attempt_id: Option<i64>,
    created_at: i64,
    paid_at: Option<i64>,
}

/// The dossier a verified notice belongs to, while its link lives
/// ([`domain::payment::notice_link_alive`]: 30 days, or 7 after the payment).
///
/// # Errors
/// `NotFound` for a missing or cancelled notice, or a link past its time.
pub async fn holder_of(s: &Services, notice_id: i64) -> ServiceResult<OpenedLink> {
    let row: Option<NoticeOfLink> = sqlx::query_as(
        "SELECT n.dossier_id, d.code, n.status, n.paid_attempt_id, n.created_at, n.paid_at \
         FROM fee_notices n JOIN dossiers d ON d.id = n.dossier_id \
         WHERE n.id = $1 AND n.status <> 'cancelled'",
    )
    .bind(notice_id)
    .fetch_optional(&s.db.pool)
    .await?;
    let NoticeOfLink {
        dossier_id,
        code,
        status,
        paid_attempt_id,
        created_at: issued_at,
        paid_at,
    } = row.ok_or(ServiceError::NotFound)?;
    let paid = NoticeStatus::parse(&status) == Some(NoticeStatus::Paid);
    let paid_at = paid_at.filter(|_| paid);
    if !domain::payment::notice_link_alive(issued_at, paid_at, s.now()) {
        return Err(ServiceError::NotFound);
    }
    Ok(OpenedLink {
        notice_id,
        dossier_id,
        dossier_code: code.ok_or(ServiceError::NotFound)?,
        paid_attempt_id: paid_attempt_id.filter(|_| paid),
    })
}

/// A notice sent to the applicant's phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentNotice {
    pub notice_id: i64,
    pub link: String,
    /// National form of the phone texted.
    pub phone: String,
    pub amount_vnd: Vnd,
}

/// The link of a dossier's unpaid notice, for an officer of its agency (the desk slip).
///
/// # Errors
/// `NotFound` outside the officer's agency; `Invalid` when no fee is due; `Conflict`
/// when it is paid already.
pub async fn notice_link(
    s: &Services,
    officer: &crate::staff::Staff,
    code: &str,
    public_url: &str,
) -> ServiceResult<SentNotice> {
    let dossier = dossiers::get(s, &Who::Staff(officer.clone()), Key::Code(code)).await?;
    let notice = super::attempts::due_notice(s, &Who::Staff(officer.clone()), code).await?;
    let (phone,): (String,) = sqlx::query_as("SELECT applicant_phone FROM dossiers WHERE id = $1")
        .bind(dossier.id)
        .fetch_one(&s.db.pool)
        .await?;
    Ok(SentNotice {
        notice_id: notice.id,
        link: link(s, public_url, notice.id),
        phone: PhoneNumber::parse(&phone).map_or(phone, |p| p.national()),
        amount_vnd: notice.amount_vnd,
    })
}

/// Texts the applicant the link to pay a dossier's notice; audited. At most
/// [`SENDS_PER_NOTICE_PER_HOUR`] texts per notice an hour.
///
/// # Errors
/// As [`notice_link`]; `RateLimited` past the limit; `Unexpected` when the SMS
/// gateway refuses the message.
pub async fn send(
    s: &Services,
    officer: &crate::staff::Staff,
    code: &str,
    public_url: &str,
) -> ServiceResult<SentNotice> {
    let sent = notice_link(s, officer, code, public_url).await?;
    let phone = PhoneNumber::parse(&sent.phone).map_err(|_| {
        ServiceError::invalid_input(Text::new(
            "Hồ sơ không có số điện thoại di động hợp lệ để gửi tin nhắn",
            "The dossier has no valid mobile number to text",
        ))
    })?;
    Limit {
        kind: "notice_sms",
        max: SENDS_PER_NOTICE_PER_HOUR,
        window_seconds: 3600,
    }
    .hit(
        s,
        &sent.notice_id.to_string(),
        Text::new(
            "Đã gửi tin nhắn thông báo phí nhiều lần trong một giờ; vui lòng chờ trước khi gửi lại.",
            "The fee notice was texted several times this hour; please wait before sending it again.",
        ),
    )
    .await?;
    let body = format!(
        "Một Cửa: Hồ sơ {code} cần nộp {} phí, lệ phí. Thanh toán bằng mã QR tại: {}",
        sent.amount_vnd.display_vi(),
        sent.link
    );
    s.sms.send(&phone, &body).await?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(officer.id),
        "fee_notice.send",
        &format!("dossier:{code}"),
        &format!("notice:{} sms:{}", sent.notice_id, phone.masked()),
    )
    .await?;
    tx.commit().await?;
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn comparison_needs_every_byte() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}

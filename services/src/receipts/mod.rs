//! Electronic receipts: issued in the transaction that records a payment (number
//! allocated gaplessly per agency and year), signed with the server's key, delivered
//! as a PDF (the first delivery is the original, later ones are marked "Bản sao") and
//! verifiable by anyone at `/verify/receipt/{token}`.

mod canvas;
mod font;
pub mod layout;
pub mod signer;
mod subset;

pub use font::VIETNAMESE_LETTERS;
pub use signer::ReceiptSigner;

use crate::dossiers::{self, Key, Who};
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::Vnd;
use domain::receipt::{
    DEFAULT_TEMPLATE, MAX_NUMBER, RECEIPT_NAME, ReceiptContent, ReceiptLine, Series, vnd_in_words,
};
use domain::{Date, Text};
use rand::RngCore as _;
use serde::Serialize;
use sqlx::AnyConnection;

/// How a payment was made, as the receipt says it.
pub const METHOD_VIETQR: &str = domain::payment::Provider::VietQr.receipt_method();

#[derive(sqlx::FromRow)]
struct IssueRow {
    agency_id: i64,
    #[sqlx(try_from = "i64")]
    amount_vnd: Vnd,
    agency_name: String,
    tax_code: String,
    receipt_template: String,
    receipt_series: String,
    dossier_code: Option<String>,
    procedure_code: String,
    procedure_name: String,
    payer_name: String,
    payer_id_number: String,
    reference: String,
}

/// Issues the receipt of a paid notice in the caller's transaction and returns its id.
///
/// # Errors
/// `Unexpected` when the agency's receipt series is misconfigured or the year's
/// numbers are used up (the payment is then not recorded and the sender retries).
pub async fn issue(
    conn: &mut AnyConnection,
    signer: &ReceiptSigner,
    notice_id: i64,
    attempt_id: i64,
    method: &str,
    now: i64,
) -> ServiceResult<i64> {
    let row: IssueRow = sqlx::query_as(
        "SELECT n.agency_id, n.amount_vnd, a.name AS agency_name, a.tax_code, a.receipt_template, \
         a.receipt_series, d.code AS dossier_code, p.code AS procedure_code, p.name AS procedure_name, \
         c.full_name AS payer_name, c.national_id AS payer_id_number, pa.reference \
         FROM fee_notices n JOIN agencies a ON a.id = n.agency_id \
         JOIN dossiers d ON d.id = n.dossier_id JOIN procedures p ON p.id = d.procedure_id \
         JOIN citizens c ON c.id = d.citizen_id JOIN payment_attempts pa ON pa.id = $2 \
         WHERE n.id = $1",
    )
    .bind(notice_id)
    .bind(attempt_id)
    .fetch_one(&mut *conn)
    .await?;
    let template = if row.receipt_template.is_empty() {
        DEFAULT_TEMPLATE
    } else {
        &row.receipt_template
    };
    let series = Series::parse(template, &row.receipt_series).map_err(|e| {
        anyhow::anyhow!(
            "agency {} has no valid receipt series: {e}",
            row.agency_name
        )
    })?;
    let lines = crate::payments::notice_lines(&mut *conn, notice_id).await?;
    let today = Date::from_unix_vn(now);
    let year = today.year();
    let (number,): (i64,) = sqlx::query_as(
        "INSERT INTO receipt_counters (agency_id, year, last_number) VALUES ($1, $2, 1) \
         ON CONFLICT (agency_id, year) DO UPDATE SET last_number = receipt_counters.last_number + 1 \
         RETURNING last_number",
    )
    .bind(row.agency_id)
    .bind(i64::from(year))
    .fetch_one(&mut *conn)
    .await?;
    if number > MAX_NUMBER {
        return Err(anyhow::anyhow!("receipt numbers of {year} are used up").into());
    }
    let mut token = [0_u8; 16];
    rand::thread_rng().fill_bytes(&mut token);
    let content = ReceiptContent {
        receipt_name: RECEIPT_NAME.to_owned(),
        template_symbol: series.template().to_owned(),
        series_symbol: series.symbol(year),
        number,
        issuer_name: row.agency_name,
        issuer_tax_code: row.tax_code,
        payer_name: row.payer_name,
        payer_id_number: row.payer_id_number,
        dossier_code: row.dossier_code.unwrap_or_default(),
        procedure_code: row.procedure_code,
        procedure_name: row.procedure_name,
        lines: lines
            .into_iter()
            .map(|l| ReceiptLine {
                name: l.name,
                amount_vnd: l.amount_vnd,
                quantity: l.quantity,
                unit: l.unit,
                unit_price_vnd: Some(l.unit_price_vnd),
            })
            .collect(),
        total_vnd: row.amount_vnd,
        total_in_words: vnd_in_words(u64::try_from(row.amount_vnd.get()).unwrap_or(0)),
        issued_at: now,
        issued_on: today.display_vi(),
        payment_reference: row.reference,
        payment_method: method.to_owned(),
        verify_token: hex::encode(token),
    };
    let json = serde_json::to_string(&content).map_err(anyhow::Error::from)?;
    let signature = signer.sign(json.as_bytes());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO receipts (agency_id, notice_id, attempt_id, year, number, template_symbol, \
         series_symbol, token, issued_at, content, signature, public_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(row.agency_id)
    .bind(notice_id)
    .bind(attempt_id)
    .bind(i64::from(year))
    .bind(number)
    .bind(&content.template_symbol)
    .bind(&content.series_symbol)
    .bind(&content.verify_token)
    .bind(now)
    .bind(&json)
    .bind(&signature)
    .bind(signer.public_hex())
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// A stored receipt.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub id: i64,
    pub attempt_id: i64,
    pub content: ReceiptContent,
    pub signature: String,
    pub public_key: String,
    pub key_id: String,
    /// The signature checks against the stored content.
    pub signature_valid: bool,
    pub print_count: i64,
    pub status: String,
    /// When and why it was cancelled (a refund), if it was.
    pub cancelled: Option<(i64, String)>,
}

#[derive(sqlx::FromRow)]
struct ReceiptRow {
    id: i64,
    attempt_id: i64,
    dossier_id: i64,
    content: String,
    signature: String,
    public_key: String,
    print_count: i64,
    status: String,
    cancelled_at: Option<i64>,
    cancellation_reason: Option<String>,
}

const RECEIPT_SELECT: &str = "SELECT r.id, r.attempt_id, n.dossier_id, r.content, r.signature, \
     r.public_key, r.print_count, r.status, r.cancelled_at, r.cancellation_reason FROM receipts r JOIN fee_notices n ON n.id = r.notice_id";

impl ReceiptRow {
    fn into_receipt(self) -> ServiceResult<Receipt> {
        let content: ReceiptContent =
            serde_json::from_str(&self.content).map_err(anyhow::Error::from)?;
        Ok(Receipt {
            id: self.id,
            attempt_id: self.attempt_id,
            signature_valid: signer::verify(
                &self.public_key,
                self.content.as_bytes(),
                &self.signature,
            ),
            key_id: signer::key_id(&self.public_key),
            content,
            signature: self.signature,
            public_key: self.public_key,
            print_count: self.print_count,
            status: self.status,
            cancelled: self
                .cancelled_at
                .map(|at| (at, self.cancellation_reason.unwrap_or_default())),
        })
    }
}

/// The receipt of a paid attempt, for its payer or the agency's staff.
///
/// # Errors
/// `NotFound` for someone else's payment or an attempt without a receipt.
pub async fn for_attempt(s: &Services, who: &Who, attempt_id: i64) -> ServiceResult<Receipt> {
    let row: ReceiptRow = sqlx::query_as(&format!("{RECEIPT_SELECT} WHERE r.attempt_id = $1"))
        .bind(attempt_id)
        .fetch_optional(&s.db.pool)
        .await?
        .ok_or(ServiceError::NotFound)?;
    dossiers::get(s, who, Key::Id(row.dossier_id)).await?;
    row.into_receipt()
}

/// The receipt a verification token names (public).
///
/// # Errors
/// `NotFound` for an unknown token.
pub async fn by_token(s: &Services, token: &str) -> ServiceResult<Receipt> {
    let token = token.trim().to_ascii_lowercase();
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServiceError::NotFound);
    }
    let row: ReceiptRow = sqlx::query_as(&format!("{RECEIPT_SELECT} WHERE r.token = $1"))
        .bind(&token)
        .fetch_optional(&s.db.pool)
        .await?
        .ok_or(ServiceError::NotFound)?;
    row.into_receipt()
}

/// A delivered PDF.
#[derive(Debug, Clone)]
pub struct ReceiptPdf {
    pub bytes: Vec<u8>,
    pub file_name: String,
    /// False for the first delivery (the original), true for reprints ("Bản sao").
    pub copy: bool,
}

/// Deliveries of one receipt's PDF per hour to one caller: each reprint is rendered anew
/// (it carries its number and date), which costs CPU, so a loop of downloads stops here.
pub const PRINTS: crate::rate::Limit = crate::rate::Limit {
    kind: "receipt_print",
    max: 20,
    window_seconds: 3600,
};

/// The PDF of a paid attempt's receipt. The first delivery is the original and is
/// kept in the blob store; every later one is a reprint marked "Bản sao". A fee-notice
/// link's holder (who may be anyone the link was forwarded to) gets the payer's citizen
/// ID number masked (`0011******56`); the payer and the agency's staff get it whole.
///
/// # Errors
/// As [`for_attempt`]; `Invalid` when the stored signature no longer checks;
/// `RateLimited` past [`PRINTS`] deliveries of the receipt in an hour.
pub async fn pdf(
    s: &Services,
    who: &Who,
    attempt_id: i64,
    public_base_url: &str,
) -> ServiceResult<ReceiptPdf> {
    let receipt = for_attempt(s, who, attempt_id).await?;
    if !receipt.signature_valid {
        tracing::error!(
            receipt = receipt.id,
            "stored receipt fails its signature check"
        );
        return Err(ServiceError::Unexpected(anyhow::anyhow!(
            "receipt {} fails its signature check",
            receipt.id
        )));
    }
    // Counted per receipt and caller: a forwarded link's holder cannot use up the
    // payer's or the agency's downloads.
    let caller = match who {
        Who::Citizen(id) => format!("c{id}"),
        Who::Staff(st) => format!("s{}", st.id),
        Who::NoticeHolder(d) => format!("h{d}"),
    };
    if let Err(r) = PRINTS.count(s, &format!("{}:{caller}", receipt.id)).await? {
        return Err(r.with(Text::new(
            "Biên lai này đã được tải quá nhiều lần trong một giờ. Vui lòng thử lại sau.",
            "This receipt was downloaded too many times in an hour. Please try again later.",
        )));
    }
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let (count,): (i64,) = sqlx::query_as(
        "UPDATE receipts SET print_count = print_count + 1 WHERE id = $1 RETURNING print_count",
    )
    .bind(receipt.id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    let copy = if count == 1 {
        layout::Copy::Original
    } else {
        layout::Copy::Reprint(count - 1)
    };
    let c = &receipt.content;
    let verify_url = format!(
        "{}/verify/receipt/{}",
        public_base_url.trim_end_matches('/'),
        c.verify_token
    );
    let printed_on = Date::from_unix_vn(now).display_vi();
    let content = c.clone();
    let masked = matches!(who, Who::NoticeHolder(_)).then(|| {
        let mut m = c.clone();
        m.payer_id_number = domain::NationalId::parse(&c.payer_id_number, s.today())
            .map_or_else(|_| "************".to_owned(), |n| n.masked());
        m
    });
    let (signature, key_id) = (receipt.signature.clone(), receipt.key_id.clone());
    // A cancelled receipt (its fee refunded) says so on every copy delivered after.
    let cancelled = receipt.cancelled.as_ref().map(|(at, reason)| {
        format!(
            "Huỷ ngày {}: {reason}",
            Date::from_unix_vn(*at).display_vi()
        )
    });
    // Rendering is CPU work (compressing the fonts): keep it off the async workers.
    // The kept original is always the whole receipt; a link holder's delivery is a
    // second rendering with the number masked.
    let (whole, delivered) = tokio::task::spawn_blocking(move || {
        let seal = layout::Seal {
            signature_hex: &signature,
            key_id: &key_id,
            verify_url: &verify_url,
            copy,
            printed_on: &printed_on,
            cancelled: cancelled.as_deref(),
        };
        let whole = (masked.is_none() || copy == layout::Copy::Original)
            .then(|| layout::render(&content, &seal));
        let delivered = masked.as_ref().map(|m| layout::render(m, &seal));
        (whole, delivered)
    })
    .await
    .map_err(anyhow::Error::from)?;
    if copy == layout::Copy::Original
        && let Some(whole) = &whole
    {
        // Written (to a file or a bucket) before the write lock is taken.
        let staged = s.blobs.stage(whole).await?;
        let mut tx = s.db.begin_write().await?;
        let sha = staged.keep(&mut tx).await?;
        sqlx::query("UPDATE receipts SET pdf_sha256 = $1 WHERE id = $2 AND pdf_sha256 IS NULL")
            .bind(&sha)
            .bind(receipt.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    let bytes = match delivered.or(whole) {
        Some(b) => b,
        None => unreachable_rendering()?,
    };
    let file_name = format!(
        "bien-lai-{}-{}{}.pdf",
        c.series_symbol,
        c.number_display(),
        if copy == layout::Copy::Original {
            ""
        } else {
            "-ban-sao"
        }
    );
    Ok(ReceiptPdf {
        bytes,
        file_name,
        copy: copy != layout::Copy::Original,
    })
}

fn unreachable_rendering() -> ServiceResult<Vec<u8>> {
    Err(anyhow::anyhow!("a receipt was rendered neither whole nor masked").into())
}

/// What the public verification page may show: enough to match a paper copy, with
/// the payer's name masked and no identity number.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub valid: bool,
    pub status: String,
    pub issuer_name: String,
    pub issuer_tax_code: String,
    pub template_symbol: String,
    pub series_symbol: String,
    pub number: String,
    pub issued_on: String,
    pub total_vnd: Vnd,
    pub total_in_words: String,
    pub payer: String,
    pub dossier_code: String,
    pub key_id: String,
    pub message: Text,
}

/// Checks a receipt by its verification token.
///
/// # Errors
/// `NotFound` for an unknown token.
pub async fn verify(s: &Services, token: &str) -> ServiceResult<Verification> {
    let r = by_token(s, token).await?;
    let valid = r.signature_valid && r.status == "issued";
    let message = if valid {
        Text::new(
            "Biên lai hợp lệ: do hệ thống Một Cửa phát hành và chữ ký số khớp với nội dung.",
            "Valid receipt: issued by Một Cửa and its digital signature matches its content.",
        )
    } else if r.signature_valid {
        Text::new(
            "Biên lai này đã bị huỷ hoặc thay thế.",
            "This receipt was cancelled or replaced.",
        )
    } else {
        Text::new(
            "Chữ ký số không khớp: biên lai không hợp lệ.",
            "The digital signature does not match: the receipt is not valid.",
        )
    };
    let c = &r.content;
    Ok(Verification {
        valid,
        status: r.status.clone(),
        issuer_name: c.issuer_name.clone(),
        issuer_tax_code: c.issuer_tax_code.clone(),
        template_symbol: c.template_symbol.clone(),
        series_symbol: c.series_symbol.clone(),
        number: c.number_display(),
        issued_on: c.issued_on.clone(),
        total_vnd: c.total_vnd,
        total_in_words: c.total_in_words.clone(),
        payer: c.payer_masked(),
        dossier_code: c.dossier_code.clone(),
        key_id: r.key_id.clone(),
        message,
    })
}

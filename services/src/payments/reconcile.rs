//! Reconciliation with the bank: the credits of a statement for a date range against
//! the payments recorded here. A credit matches a payment by the payment reference in
//! its transfer message (or by the bank's transaction reference already recorded from
//! its notification) and the exact amount. The result lists what matched, what is in
//! the bank only (with why) and what is in the system only; it exports to CSV.

use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::staff::Staff;
use crate::{ServiceError, Services};
use domain::Vnd;
use domain::statement::Credit;
use domain::{Date, Text};
use std::collections::BTreeMap;

/// A statement credit matched to a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub credit: Credit,
    pub reference: String,
    pub dossier_code: String,
}

/// A statement credit with no payment here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankOnly {
    pub credit: Credit,
    /// Why: no reference, an unknown reference, or a different amount.
    pub reason: Text,
}

/// A payment recorded here that the statement does not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemOnly {
    pub reference: String,
    pub dossier_code: String,
    pub amount_vnd: Vnd,
    pub paid_at: i64,
}

/// The outcome of a reconciliation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciliation {
    pub from: Date,
    pub to: Date,
    pub matched: Vec<Matched>,
    pub bank_only: Vec<BankOnly>,
    pub system_only: Vec<SystemOnly>,
}

#[derive(sqlx::FromRow)]
struct Payment {
    reference: String,
    #[sqlx(try_from = "i64")]
    amount_vnd: Vnd,
    paid_at: i64,
    dossier_code: Option<String>,
    /// The bank's transaction reference recorded with it, when there is one.
    bank_reference: Option<String>,
}

/// Reconciles the statement's credits dated `from`–`to` (inclusive) with the
/// payments by bank transfer (dynamic QR, or matched by staff) recorded in that range
/// for `me`'s agency (admins: all agencies). Audited.
///
/// # Errors
/// `Forbidden` for staff without an agency who are not admins; `Invalid` for a range
/// that ends before it starts or spans more than 93 days.
pub async fn reconcile(
    s: &Services,
    me: &Staff,
    from: Date,
    to: Date,
    credits: Vec<Credit>,
) -> ServiceResult<Reconciliation> {
    let scope = me.agency_scope()?;
    let days = to.days_since_epoch() - from.days_since_epoch();
    if !(0..=92).contains(&days) {
        return Err(ServiceError::invalid(
            "to",
            Text::new(
                "Khoảng ngày không hợp lệ (đến ngày phải sau từ ngày, tối đa 93 ngày)",
                "Invalid range (the end must follow the start, at most 93 days)",
            ),
        ));
    }
    let vn = domain::date::VN_UTC_OFFSET_SECONDS;
    let start = from.days_since_epoch() * 86_400 - vn;
    let end = (to.days_since_epoch() + 1) * 86_400 - vn;
    let payments: Vec<Payment> = sqlx::query_as(
        "SELECT pa.reference, pa.amount_vnd, pa.paid_at, d.code AS dossier_code, \
         COALESCE(bn.reference_code, bx.reference_code) AS bank_reference \
         FROM payment_attempts pa JOIN fee_notices n ON n.id = pa.notice_id \
         JOIN dossiers d ON d.id = n.dossier_id JOIN agencies a ON a.id = n.agency_id \
         LEFT JOIN bank_notifications bn ON bn.attempt_id = pa.id AND bn.outcome = 'matched' \
         LEFT JOIN payment_exceptions e ON e.id = pa.exception_id \
         LEFT JOIN bank_notifications bx ON bx.id = e.notification_id \
         WHERE pa.status = 'paid' AND pa.provider IN ('vietqr', 'bank_transfer') \
         AND pa.paid_at >= $1 AND pa.paid_at < $2 AND ($3 = '' OR a.code = $3) ORDER BY pa.paid_at",
    )
    .bind(start)
    .bind(end)
    .bind(&scope)
    .fetch_all(&s.db.pool)
    .await?;
    let by_reference: BTreeMap<&str, usize> = payments
        .iter()
        .enumerate()
        .map(|(i, p)| (p.reference.as_str(), i))
        .collect();
    let by_bank_reference: BTreeMap<&str, usize> = payments
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.bank_reference.as_deref().map(|r| (r, i)))
        .filter(|(r, _)| !r.is_empty())
        .collect();
    let mut used = vec![false; payments.len()];
    let mut matched = Vec::new();
    let mut bank_only = Vec::new();
    for credit in credits
        .into_iter()
        .filter(|c| c.date >= from && c.date <= to)
    {
        let references = domain::payment::find_references(&credit.content);
        let found = references
            .iter()
            .find_map(|r| by_reference.get(r.as_str()).copied())
            .or_else(|| {
                by_bank_reference
                    .get(credit.bank_reference.as_str())
                    .copied()
            });
        match found {
            Some(i) if used[i] => bank_only.push(BankOnly {
                credit,
                reason: Text::new(
                    "Trùng: khoản thanh toán này đã khớp với một dòng khác",
                    "Duplicate: this payment already matched another line",
                ),
            }),
            Some(i) if payments[i].amount_vnd != credit.amount_vnd => bank_only.push(BankOnly {
                reason: Text::new(
                    format!(
                        "Sai số tiền: hệ thống ghi nhận {} cho {}",
                        payments[i].amount_vnd.display_vi(),
                        payments[i].reference
                    ),
                    format!(
                        "Wrong amount: {} recorded for {}",
                        payments[i].amount_vnd.display_en(),
                        payments[i].reference
                    ),
                ),
                credit,
            }),
            Some(i) => {
                used[i] = true;
                matched.push(Matched {
                    credit,
                    reference: payments[i].reference.clone(),
                    dossier_code: payments[i].dossier_code.clone().unwrap_or_default(),
                });
            }
            None => bank_only.push(BankOnly {
                reason: if references.is_empty() {
                    Text::new(
                        "Không có mã thanh toán trong nội dung",
                        "No payment reference in the message",
                    )
                } else {
                    Text::new(
                        format!(
                            "Mã {} không có khoản đã thanh toán trong khoảng ngày",
                            references.join(", ")
                        ),
                        format!("No paid payment {} in the range", references.join(", ")),
                    )
                },
                credit,
            }),
        }
    }
    let system_only = payments
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(p, _)| SystemOnly {
            reference: p.reference.clone(),
            dossier_code: p.dossier_code.clone().unwrap_or_default(),
            amount_vnd: p.amount_vnd,
            paid_at: p.paid_at,
        })
        .collect::<Vec<_>>();
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(me.id),
        "reconciliation.run",
        &format!("agency:{}", if scope.is_empty() { "*" } else { &scope }),
        &format!(
            "{from}..{to}: {} khớp, {} chỉ ở ngân hàng, {} chỉ ở hệ thống",
            matched.len(),
            bank_only.len(),
            system_only.len()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Reconciliation {
        from,
        to,
        matched,
        bank_only,
        system_only,
    })
}

/// The result as CSV (UTF-8 with BOM), one line per item with its category.
#[must_use]
pub fn csv(r: &Reconciliation) -> String {
    use crate::reports::csv_cell;
    let mut out = String::from(
        "\u{feff}ket_qua,dong_sao_ke,ngay,so_tien,noi_dung,ma_giao_dich_ngan_hang,ma_thanh_toan,ma_ho_so,ghi_chu\r\n",
    );
    let mut line = |cells: [String; 9]| {
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    };
    for m in &r.matched {
        line([
            "khop".into(),
            m.credit.row.to_string(),
            m.credit.date.to_string(),
            m.credit.amount_vnd.get().to_string(),
            m.credit.content.clone(),
            m.credit.bank_reference.clone(),
            m.reference.clone(),
            m.dossier_code.clone(),
            String::new(),
        ]);
    }
    for b in &r.bank_only {
        line([
            "chi_ngan_hang".into(),
            b.credit.row.to_string(),
            b.credit.date.to_string(),
            b.credit.amount_vnd.get().to_string(),
            b.credit.content.clone(),
            b.credit.bank_reference.clone(),
            String::new(),
            String::new(),
            b.reason.vi.clone(),
        ]);
    }
    for p in &r.system_only {
        line([
            "chi_he_thong".into(),
            String::new(),
            Date::from_unix_vn(p.paid_at).to_string(),
            p.amount_vnd.get().to_string(),
            String::new(),
            String::new(),
            p.reference.clone(),
            p.dossier_code.clone(),
            String::new(),
        ]);
    }
    out
}

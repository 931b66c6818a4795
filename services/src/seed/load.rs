//! Fixtures and checks for the load harness (`make load`, issue 17 item 6): dossiers
//! recorded at the desk with a live QR each, made through the same services as real
//! ones, and afterwards the checks that every notification did what it must: each
//! attempt paid, one receipt each, receipt numbers without gaps.

use crate::Services;
use crate::dossiers::{DeskIntake, Who};
use crate::staff::{NewStaff, Role};
use anyhow::Context as _;
use serde::{Deserialize, Serialize};

/// The agency whose criminal-record procedure the fixture uses (demo seed).
const AGENCY: &str = "000.00.31.H53";
const PROCEDURE: &str = "2.000488";

/// One attempt the harness pays.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    pub reference: String,
    pub amount_vnd: i64,
    pub account_number: String,
}

/// Records `count` desk dossiers (one record each) and opens a QR for each; refused on
/// a database that already has dossiers, so it never mixes with real ones.
///
/// # Errors
/// A database with dossiers, or any service error.
pub async fn prepare(s: &Services, count: u32) -> anyhow::Result<Vec<Target>> {
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM dossiers")
        .fetch_one(&s.db.pool)
        .await?;
    anyhow::ensure!(
        existing == 0,
        "the load fixture needs a database without dossiers ({existing} found)"
    );
    anyhow::ensure!(count <= 999_999, "at most 999999 attempts");
    let officer = crate::staff::create(
        s,
        NewStaff {
            phone: "0899999999".into(),
            full_name: "Cán bộ Thử tải".into(),
            role: Role::Officer,
            agency_code: Some(AGENCY.into()),
            password: uuid::Uuid::new_v4().to_string(),
        },
        crate::audit::Actor::Cli,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let who = Who::Staff(officer.clone());
    let mut targets = Vec::with_capacity(count as usize);
    for n in 1..=count {
        let d = crate::dossiers::record_desk(
            s,
            &officer,
            &DeskIntake {
                procedure_code: PROCEDURE.into(),
                channel: "desk".into(),
                full_name: "Người Thử Tải".into(),
                phone: format!("0900{n:06}"),
                national_id: format!("001190{n:06}"),
                date_of_birth: "1990-01-01".into(),
                fee_answers: [("so_phieu".to_owned(), "1".to_owned())].into(),
                identity: "create".into(),
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("dossier {n}: {e}"))?;
        let code = d.summary.code.context("a recorded dossier has a code")?;
        let (attempt, _) = crate::payments::start_attempt(s, &who, &code)
            .await
            .map_err(|e| anyhow::anyhow!("QR of {code}: {e}"))?;
        targets.push(Target {
            id: attempt.id,
            reference: attempt.reference,
            amount_vnd: attempt.amount_vnd.get(),
            account_number: attempt.account_number,
        });
    }
    Ok(targets)
}

/// What [`check`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub attempts: usize,
    pub paid: usize,
    /// Attempts with other than exactly one receipt.
    pub receipts_not_one: usize,
    pub receipts: i64,
    /// Receipt numbers missing or repeated within a series (agency and year).
    pub numbering_faults: i64,
    /// Payment exceptions recorded (a duplicate notification is not one).
    pub exceptions: i64,
}

impl Checked {
    #[must_use]
    pub const fn ok(&self) -> bool {
        self.paid == self.attempts && self.receipts_not_one == 0 && self.numbering_faults == 0
    }
}

/// Checks the attempts of `targets` after the load.
///
/// # Errors
/// Database errors.
pub async fn check(s: &Services, targets: &[Target]) -> anyhow::Result<Checked> {
    let mut c = Checked {
        attempts: targets.len(),
        ..Checked::default()
    };
    for chunk in targets.chunks(500) {
        let ids = chunk
            .iter()
            .map(|t| t.id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        // The ids are numbers this process read back from the database.
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
            "SELECT pa.id, pa.status, (SELECT COUNT(*) FROM receipts r WHERE r.attempt_id = pa.id) \
             FROM payment_attempts pa WHERE pa.id IN ({ids})"
        ))
        .fetch_all(&s.db.pool)
        .await?;
        c.paid += rows.iter().filter(|r| r.1 == "paid").count();
        c.receipts_not_one +=
            rows.iter().filter(|r| r.2 != 1).count() + chunk.len().saturating_sub(rows.len());
    }
    // Gapless: in each series, numbers 1..=max each once.
    let series: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT number), MAX(number) FROM receipts GROUP BY agency_id, year",
    )
    .fetch_all(&s.db.pool)
    .await?;
    for (count, distinct, max) in series {
        c.receipts += count;
        c.numbering_faults += (max - distinct) + (count - distinct);
    }
    let (exceptions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payment_exceptions")
        .fetch_one(&s.db.pool)
        .await?;
    c.exceptions = exceptions;
    Ok(c)
}

//! Dossiers received at the one-stop desk or by post: the officer records the paper
//! dossier (the applicant's identity, the procedure; the form itself stays on paper),
//! it is received at once, and when a fee is due its notice is issued so the applicant
//! can pay by dynamic QR from a texted link or the printed slip.

use super::submit::{next_code, procedure};
use super::{Dossier, Key, Who, queries};
use crate::audit::{self, Actor as AuditActor};
use crate::error::ServiceResult;
use crate::identity::{self, CheckedAt};
use crate::staff::Staff;
use crate::{ServiceError, Services};
use domain::dossier::{Action, Actor, Channel, Status};
use domain::fees::ReductionStatus;
use domain::form::FormValues;
use domain::identity::{Applicant, Decision, Resolution};
use domain::{Date, PhoneNumber, Text};

/// What the officer types at the desk.
#[derive(Debug, Clone, Default)]
pub struct DeskIntake {
    pub procedure_code: String,
    /// `desk` or `postal`.
    pub channel: String,
    pub full_name: String,
    pub phone: String,
    pub national_id: String,
    pub date_of_birth: String,
    /// What the fee counts (copies, pages: the procedure's number fields) and the
    /// category of payer the officer checked in person
    /// ([`domain::fees::CATEGORY_INPUT`]).
    pub fee_answers: FormValues,
    /// The officer's word after the identity check was shown (`create`, `verify`):
    /// [`domain::identity::Decision`].
    pub identity: String,
}

/// Records a dossier received at the desk or by post for the officer's agency.
/// The applicant's account is the verified holder of their citizen ID number (see
/// `applicant` below: created or verified on the officer's word); the dossier is submitted and received in one step, and a fee notice
/// is issued when the procedure has a fee, priced like any dossier
/// ([`domain::catalog::Procedure::price`]) at the desk rate (online rates apply to
/// dossiers filed online only). A category of payer is checked by the officer in
/// person, so its reduction is accepted at once (audited).
///
/// # Errors
/// `Forbidden` for staff without an agency; `Invalid` (with the field) for bad input or
/// a procedure of another agency; `NotFound` for an unknown procedure.
pub async fn record_desk(
    s: &Services,
    officer: &Staff,
    intake: &DeskIntake,
) -> ServiceResult<Dossier> {
    let Some(agency) = officer.agency_code.as_deref() else {
        return Err(ServiceError::Forbidden);
    };
    let channel = match intake.channel.as_str() {
        "desk" | "" => Channel::Desk,
        "postal" => Channel::Postal,
        _ => {
            return Err(ServiceError::invalid(
                "channel",
                Text::new(
                    "Chọn nhận trực tiếp hoặc qua bưu chính",
                    "Choose desk or post",
                ),
            ));
        }
    };
    let p = procedure(s, &intake.procedure_code)
        .await
        .map_err(|e| match e {
            ServiceError::NotFound => ServiceError::invalid(
                "procedure",
                Text::new(
                    "Không có thủ tục mã này",
                    "There is no procedure with this code",
                ),
            ),
            other => other,
        })?;
    if p.agency_code != agency {
        return Err(ServiceError::invalid(
            "procedure",
            Text::new(
                "Thủ tục này không thuộc cơ quan của bạn",
                "This procedure belongs to another agency",
            ),
        ));
    }
    let phone = PhoneNumber::parse(&intake.phone).map_err(|e| ServiceError::invalid("phone", e))?;
    let today = s.today();
    let (name, dob, national_id) = crate::accounts::validate_registration(
        &crate::accounts::Registration {
            full_name: intake.full_name.clone(),
            date_of_birth: intake.date_of_birth.clone(),
            national_id: intake.national_id.clone(),
        },
        today,
    )?;
    let now = s.now();
    let counts = fee_answers(&p.procedure, &intake.fee_answers)?;
    let fee = p
        .procedure
        .price(&counts, false, today)
        .map_err(|e| ServiceError::InvalidForm(vec![e.problem()]))?;
    let claimed = fee.category.clone().filter(|_| fee.reduced);
    let submitted = Status::Draft
        .apply(Action::Submit, Actor::Citizen, "")
        .map_err(ServiceError::invalid_input)?;
    let received = submitted
        .apply(Action::Receive, Actor::Staff, "")
        .map_err(ServiceError::invalid_input)?;
    let follow_up = received.follow_up(fee.total_vnd > domain::Vnd::ZERO);
    let final_status = match follow_up {
        Some(a) => received
            .apply(a, Actor::System, "")
            .map_err(ServiceError::invalid_input)?,
        None => received,
    };
    let mut tx = s.db.begin_write().await?;
    let card = Applicant {
        full_name: &name,
        date_of_birth: dob,
        national_id: national_id.as_str(),
    };
    let decision = Decision::parse(&intake.identity);
    let citizen_id = applicant(&mut tx, officer, &phone, &card, decision, now).await?;
    let code = next_code(&mut tx, p.agency_id, &p.agency_code, today).await?;
    let mut form = counts;
    form.insert("ho_ten".to_owned(), name.clone());
    form.insert("so_cccd".to_owned(), national_id.as_str().to_owned());
    form.insert("so_dien_thoai".to_owned(), phone.national());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO dossiers (code, procedure_id, agency_id, citizen_id, status, channel, form_json, \
         applicant_name, applicant_phone, fee_due_vnd, created_at, submitted_at, updated_at, due_date, \
         fee_category, fee_category_name, fee_reduction) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(code.as_str())
    .bind(p.id)
    .bind(p.agency_id)
    .bind(citizen_id)
    .bind(final_status.as_str())
    .bind(channel.as_str())
    .bind(serde_json::to_string(&form).map_err(anyhow::Error::from)?)
    .bind(&name)
    .bind(phone.e164())
    .bind(fee.total_vnd.get())
    .bind(now)
    .bind(
        Date::from_days_since_epoch(today.days_since_epoch() + p.procedure.processing_days)
            .to_string(),
    )
    .bind(claimed.as_ref().map(|c| c.code.clone()))
    .bind(claimed.as_ref().map(|c| c.name.clone()).unwrap_or_default())
    .bind(claimed.as_ref().map(|_| ReductionStatus::Accepted.as_str()))
    .fetch_one(&mut *tx)
    .await?;
    if fee.total_vnd > domain::Vnd::ZERO {
        crate::payments::create_notice(&mut tx, id, p.agency_id, &fee, now, None).await?;
    }
    if let Some(c) = &claimed {
        audit::record(
            &mut tx,
            now,
            AuditActor::Staff(officer.id),
            "fee.reduction.accept",
            &format!("dossier:{code}"),
            &format!(
                "{} ({}): kiểm tra trực tiếp tại quầy",
                c.name, c.legal_basis
            ),
        )
        .await?;
    }
    let how = if channel == Channel::Postal {
        "Nhận hồ sơ giấy qua bưu chính công ích"
    } else {
        "Nhận hồ sơ giấy trực tiếp tại Bộ phận Một cửa"
    };
    let mut events = vec![
        ("submit", Status::Draft, submitted, "staff", how),
        ("receive", submitted, received, "staff", ""),
    ];
    if let Some(a) = follow_up {
        events.push((a.as_str(), received, final_status, "system", ""));
    }
    for (action, from, to, kind, note) in events {
        let staff = kind == "staff";
        sqlx::query(
            "INSERT INTO dossier_events (dossier_id, at, action, from_status, to_status, actor_kind, \
             actor_id, actor_name, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(now)
        .bind(action)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(kind)
        .bind(staff.then_some(officer.id))
        .bind(if staff { officer.full_name.as_str() } else { "" })
        .bind(note)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut tx,
        now,
        AuditActor::Staff(officer.id),
        "dossier.intake",
        &format!("dossier:{code}"),
        channel.as_str(),
    )
    .await?;
    tx.commit().await?;
    queries::get(s, &Who::Staff(officer.clone()), Key::Id(id)).await
}

/// The counts the fee needs, checked as the procedure's number fields, and the
/// category; nothing else of what was posted.
fn fee_answers(
    procedure: &domain::catalog::Procedure,
    posted: &FormValues,
) -> ServiceResult<FormValues> {
    let mut out = FormValues::new();
    let mut problems = Vec::new();
    for name in domain::fees::count_fields(&procedure.fees) {
        let Some(field) = procedure.form.fields.iter().find(|f| f.name == name) else {
            continue;
        };
        let value = posted.get(&name).map(|v| v.trim()).unwrap_or_default();
        match value.replace(['.', ' '], "").parse::<u64>() {
            Ok(n) if (1..=domain::form::MAX_NUMBER).contains(&n) => {
                out.insert(name, n.to_string());
            }
            _ => problems.push(domain::form::FieldProblem {
                field: name,
                message: Text::new(
                    format!("{}: nhập một số nguyên dương", field.label),
                    format!(
                        "{}: enter a whole number greater than zero",
                        field.label_in(true)
                    ),
                ),
            }),
        }
    }
    if let Some(code) = posted
        .get(domain::fees::CATEGORY_INPUT)
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
    {
        out.insert(domain::fees::CATEGORY_INPUT.to_owned(), code.to_owned());
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ServiceError::InvalidForm(problems))
    }
}

/// The applicant's account: the verified holder of their citizen ID number when name and
/// birth date match the card; a new verified account, or the phone's own unverified
/// claim verified, only on the officer's word that they checked the original card
/// ([`domain::identity`]). Anything else is shown to the officer and nothing is recorded.
async fn applicant(
    conn: &mut sqlx::AnyConnection,
    officer: &Staff,
    phone: &PhoneNumber,
    card: &Applicant<'_>,
    decision: Decision,
    now: i64,
) -> ServiceResult<i64> {
    let holder = identity::verified_holder(&mut *conn, card.national_id).await?;
    let of_phone = identity::of_phone(&mut *conn, phone).await?;
    let found = domain::identity::match_at_desk(card, holder.as_ref(), of_phone.as_ref());
    match domain::identity::resolve(found, decision) {
        Resolution::Attach(id) => Ok(id),
        Resolution::VerifyAndAttach(id) => {
            let account = identity::by_id(&mut *conn, id).await?;
            identity::verify(
                conn,
                now,
                officer.id,
                CheckedAt::Desk,
                &account,
                card.full_name,
                card.date_of_birth,
            )
            .await?;
            Ok(id)
        }
        Resolution::Create => {
            identity::create_verified(
                conn,
                now,
                officer.id,
                phone,
                card.full_name,
                card.date_of_birth,
                card.national_id,
            )
            .await
        }
        Resolution::Refuse(found) => Err(identity::refusal(&found)),
    }
}

use crate::common::{TestEnv, register, staff_member};
use crate::on_both_engines;
use domain::dossier::{Channel, Status};
use domain::payment::PaymentStatus;
use services::ServiceError;

use services::dossiers::{self, DeskIntake, Key, Who};
use services::payments::{self, links};
use services::staff::{Role, Staff};

const IP: &str = "203.0.113.7";
const PUBLIC: &str = "https://motcua.example.vn";

async fn member(env: &TestEnv, phone: &str, agency: &str) -> Staff {
    staff_member(env, phone, "Trần Thị Bình", Role::Officer, Some(agency)).await
}

fn intake(channel: &str) -> DeskIntake {
    DeskIntake {
        procedure_code: "2.000488".into(),
        channel: channel.into(),
        full_name: "  Lê Thị   Hoa ".into(),
        phone: "0987 654 321".into(),
        national_id: "001190123456".into(),
        date_of_birth: "1990-03-02".into(),
        fee_answers: [("so_phieu".to_owned(), "1".to_owned())].into(),
        // The officer checked the original card (domain::identity): a new applicant's
        // account is created verified; later, the verified holder is found.
        identity: "create".into(),
    }
}

async fn a_desk_dossier_gets_a_notice_paid_from_its_texted_link(env: TestEnv) {
    let s = &env.services;
    let officer = member(&env, "0901000001", "000.00.31.H53").await;
    let d = dossiers::record_desk(s, &officer, &intake("desk"))
        .await
        .unwrap();
    let code = d.summary.code.clone().unwrap();
    assert!(code.starts_with("000.00.31.H53-261124-"), "{code}");
    assert_eq!(d.summary.channel, Channel::Desk);
    assert_eq!(d.summary.status, Status::AwaitingPayment);
    assert_eq!(d.summary.applicant_name, "Lê Thị Hoa");
    // One record at the desk: 200.000 đ (TT 244/2016/TT-BTC Điều 4).
    let due = 200_000;
    assert_eq!(d.summary.fee_due_vnd, due);
    let actions: Vec<_> = d.history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["submit", "receive", "request_payment"]);
    assert_eq!(d.history[0].actor_name, "Trần Thị Bình");

    // Texting the notice: the SMS carries a signed link naming this notice only.
    let sent = links::send(s, &officer, &code, PUBLIC).await.unwrap();
    assert_eq!(sent.phone, "0987654321");
    assert!(
        sent.link.starts_with("https://motcua.example.vn/tb/"),
        "{}",
        sent.link
    );
    let sms = services::sms::outbox(&s.db, None, 1).await.unwrap();
    assert_eq!(sms[0].to, "0987654321");
    assert!(sms[0].body.contains(&code) && sms[0].body.contains(&sent.link));
    let shown = domain::Vnd::try_new(due).unwrap().display_vi();
    assert!(sms[0].body.contains(&shown), "{}", sms[0].body);
    let token = sent.link.rsplit('/').next().unwrap();
    assert_eq!(links::verify(s, token), Some(sent.notice_id));
    let forged = format!(
        "{}-{}",
        sent.notice_id + 1,
        token.split_once('-').unwrap().1
    );
    assert_eq!(links::verify(s, &forged), None);
    assert_eq!(links::verify(s, "12"), None);

    // The link holder pays that notice, and can see nothing else of the dossier.
    let opened = links::open(s, token, IP).await.unwrap();
    assert_eq!(opened.dossier_code, code);
    assert_eq!(opened.paid_attempt_id, None);
    let holder = Who::NoticeHolder(opened.dossier_id);
    let (attempt, _) = payments::start_attempt(s, &holder, &code).await.unwrap();
    assert_eq!(attempt.amount_vnd, due);
    assert!(matches!(
        dossiers::act(s, &holder, &code, domain::dossier::Action::Withdraw, "").await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        dossiers::download(s, &holder, 1).await,
        Err(ServiceError::NotFound)
    ));
    let other = dossiers::record_desk(
        s,
        &officer,
        &DeskIntake {
            national_id: "001190654321".into(),
            phone: "0987000111".into(),
            ..intake("postal")
        },
    )
    .await
    .unwrap();
    assert_eq!(other.summary.channel, Channel::Postal);
    assert!(matches!(
        payments::start_attempt(s, &holder, other.summary.code.as_deref().unwrap()).await,
        Err(ServiceError::NotFound)
    ));

    // The bank pays; the link now leads to the paid attempt.
    let credit = serde_json::json!({
        "id": "desk-1", "gateway": "SANDBOX", "transaction_date": "2026-11-24 09:01:00",
        "account_number": "0011000000031", "content": attempt.reference, "transfer_type": "in",
        "amount": due, "reference_code": "FTDESK1",
    })
    .to_string();
    crate::common::receive_bank(s, &credit).await.unwrap();
    let opened = links::open(s, token, IP).await.unwrap();
    assert_eq!(opened.paid_attempt_id, Some(attempt.id));
    assert_eq!(
        payments::get_attempt(s, &holder, attempt.id)
            .await
            .unwrap()
            .status,
        PaymentStatus::Paid
    );
    // Paid: nothing more to text.
    assert!(matches!(
        links::send(s, &officer, &code, PUBLIC).await,
        Err(ServiceError::Conflict(_))
    ));

    // The applicant can later sign in with the phone and finds the dossier.
    dossiers::get(s, &Who::Staff(officer.clone()), Key::Code(&code))
        .await
        .unwrap();
    let mine = dossiers::mine(s, citizen_of(&env, "+84987654321").await)
        .await
        .unwrap();
    assert!(
        mine.iter()
            .any(|m| m.code.as_deref() == Some(code.as_str()))
    );

    let audit = services::audit::recent(&s.db.pool, 20).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "dossier.intake"));
    assert!(
        audit
            .iter()
            .any(|e| e.action == "fee_notice.send" && !e.detail.contains("987654321"))
    );

    // The link is a bearer credential: seven days after the payment it opens nothing
    // (domain::payment::NOTICE_LINK_DAYS_AFTER_PAID), and its cookie no longer counts.
    env.clock.advance(7 * 86_400 - 120);
    assert_eq!(links::open(s, token, IP).await.unwrap().dossier_code, code);
    env.clock.advance(120);
    assert!(matches!(
        links::open(s, token, IP).await,
        Err(ServiceError::NotFound)
    ));
    assert!(links::holder(s, token).await.unwrap().is_none());
}
on_both_engines!(
    a_desk_dossier_gets_a_notice_paid_from_its_texted_link_on,
    a_desk_dossier_gets_a_notice_paid_from_its_texted_link
);

async fn citizen_of(env: &TestEnv, phone: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM citizens WHERE phone = $1")
        .bind(phone)
        .fetch_one(&env.services.db.pool)
        .await
        .unwrap();
    id
}

async fn desk_intake_is_checked_and_scoped(env: TestEnv) {
    let s = &env.services;
    let officer = member(&env, "0901000001", "000.00.31.H53").await;
    let other_agency = member(&env, "0901000002", "000.00.15.H53").await;
    // Another agency's procedure.
    assert!(matches!(
        dossiers::record_desk(s, &other_agency, &intake("desk")).await,
        Err(ServiceError::Invalid {
            field: Some("procedure"),
            ..
        })
    ));
    for (bad, field) in [
        (
            DeskIntake {
                phone: "12345".into(),
                ..intake("desk")
            },
            "phone",
        ),
        (
            DeskIntake {
                national_id: "0011901234".into(),
                ..intake("desk")
            },
            "national_id",
        ),
        (
            DeskIntake {
                full_name: " ".into(),
                ..intake("desk")
            },
            "full_name",
        ),
        (
            DeskIntake {
                procedure_code: "9.999999".into(),
                ..intake("desk")
            },
            "procedure",
        ),
        (intake("fax"), "channel"),
    ] {
        match dossiers::record_desk(s, &officer, &bad).await {
            Err(ServiceError::Invalid { field: Some(f), .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    // A phone already registered with another citizen ID is refused, not merged
    // (domain::identity::DeskMatch::PhoneTaken).
    dossiers::record_desk(s, &officer, &intake("desk"))
        .await
        .unwrap();
    match dossiers::record_desk(
        s,
        &officer,
        &DeskIntake {
            national_id: "001190999999".into(),
            ..intake("desk")
        },
    )
    .await
    {
        Err(ServiceError::Invalid {
            field: Some("identity"),
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    // Another agency's officer cannot text or print its notice; texts are limited.
    let d = dossiers::record_desk(s, &officer, &intake("desk"))
        .await
        .unwrap();
    let code = d.summary.code.unwrap();
    assert!(matches!(
        links::send(s, &other_agency, &code, PUBLIC).await,
        Err(ServiceError::NotFound)
    ));
    for _ in 0..links::SENDS_PER_NOTICE_PER_HOUR {
        links::send(s, &officer, &code, PUBLIC).await.unwrap();
    }
    assert!(matches!(
        links::send(s, &officer, &code, PUBLIC).await,
        Err(ServiceError::RateLimited { .. })
    ));
    // Wrong tokens are counted per address.
    for _ in 0..links::BAD_LINKS_PER_IP_PER_10_MIN {
        assert!(matches!(
            links::open(s, "1-00000000000000000000", IP).await,
            Err(ServiceError::NotFound)
        ));
    }
    assert!(matches!(
        links::open(s, "1-00000000000000000000", IP).await,
        Err(ServiceError::RateLimited { .. })
    ));
}
on_both_engines!(
    desk_intake_is_checked_and_scoped_on,
    desk_intake_is_checked_and_scoped
);

async fn the_audit_log_is_for_managers_and_admins(env: TestEnv) {
    let s = &env.services;
    let officer = member(&env, "0901000001", "000.00.31.H53").await;
    let police = member(&env, "0901000002", "000.00.15.H53").await;
    let manager = staff_member(
        &env,
        "0901000003",
        "Lãnh đạo Sở",
        Role::Manager,
        Some("000.00.31.H53"),
    )
    .await;
    let admin = staff_member(&env, "0901000004", "Quản trị", Role::Admin, None).await;
    let d = dossiers::record_desk(s, &officer, &intake("desk"))
        .await
        .unwrap();
    let code = d.summary.code.unwrap();
    services::badges::issue(s, &police).await.unwrap();

    assert!(matches!(
        services::audit::search(s, &officer, "", None, 50).await,
        Err(ServiceError::Forbidden)
    ));
    let seen = services::audit::search(s, &manager, "", None, 50)
        .await
        .unwrap();
    assert!(seen.iter().any(|l| l.action == "dossier.intake"
        && l.subject == format!("dossier:{code}")
        && l.actor_name.as_deref() == Some("Trần Thị Bình")));
    assert!(
        seen.iter().all(|l| l.action != "staff.badge.issue"),
        "another agency's staff actions are not shown"
    );
    let all = services::audit::search(s, &admin, "", None, 50)
        .await
        .unwrap();
    assert!(all.iter().any(|l| l.action == "staff.badge.issue"));
    assert!(
        all.iter()
            .any(|l| l.action == "staff.create" && l.actor_kind == "cli")
    );
    // Filtering and paging.
    let found = services::audit::search(s, &admin, "INTAKE", None, 50)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let first = services::audit::search(s, &admin, "", None, 2)
        .await
        .unwrap();
    assert_eq!(first.len(), 2);
    let next = services::audit::search(s, &admin, "", Some(first[1].id), 2)
        .await
        .unwrap();
    assert!(next.iter().all(|l| l.id < first[1].id));
}
on_both_engines!(
    the_audit_log_is_for_managers_and_admins_on,
    the_audit_log_is_for_managers_and_admins
);

fn refused_field(r: Result<dossiers::Dossier, ServiceError>) -> &'static str {
    match r {
        Err(ServiceError::Invalid { field: Some(f), .. }) => f,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn verified_holder(env: &TestEnv, national_id: &str) -> Vec<(i64, String)> {
    sqlx::query_as(
        "SELECT id, phone FROM citizens WHERE national_id = $1 \
         AND national_id_verified_at IS NOT NULL",
    )
    .bind(national_id)
    .fetch_all(&env.services.db.pool)
    .await
    .unwrap()
}

/// Issue 15, item 1: somebody registers with another person's citizen ID number. It
/// blocks nobody, and dossiers filed at the desk never reach that account.
async fn a_self_declared_citizen_id_takes_nothing_filed_at_the_desk(env: TestEnv) {
    let s = &env.services;
    let officer = member(&env, "0901000001", "000.00.31.H53").await;
    // The attacker types the victim's number (and name) with their own phone...
    let attacker = register(&env, "0911111111", "001190123456", "Lê Thị Hoa").await;
    // ... and the victim can still register it (it used to answer 400).
    let victim_online = register(&env, "0922222222", "001190123456", "Lê Thị Hoa").await;
    assert_ne!(attacker, victim_online);
    assert!(verified_holder(&env, "001190123456").await.is_empty());

    // At the desk, with the victim's own phone: no account is verified for the number
    // and the phone has none, so nothing is recorded until the officer has checked the
    // card and says so.
    let undecided = DeskIntake {
        identity: String::new(),
        ..intake("desk")
    };
    assert_eq!(
        refused_field(dossiers::record_desk(s, &officer, &undecided).await),
        "identity_create"
    );
    let d = dossiers::record_desk(s, &officer, &intake("desk"))
        .await
        .unwrap();
    let code = d.summary.code.unwrap();
    let holder = verified_holder(&env, "001190123456").await;
    assert_eq!(holder.len(), 1);
    assert_eq!(
        holder[0].1, "+84987654321",
        "the new account is the victim's phone's"
    );
    assert!(holder[0].0 != attacker && holder[0].0 != victim_online);
    // The attacker reads nothing of it, and cannot act on it.
    assert!(matches!(
        dossiers::get(s, &Who::Citizen(attacker), Key::Code(&code)).await,
        Err(ServiceError::NotFound)
    ));
    assert!(dossiers::mine(s, attacker).await.unwrap().is_empty());
    assert!(matches!(
        dossiers::act(
            s,
            &Who::Citizen(attacker),
            &code,
            domain::dossier::Action::Withdraw,
            ""
        )
        .await,
        Err(ServiceError::NotFound)
    ));
    // Next time the verified holder is found without a question.
    let again = dossiers::record_desk(s, &officer, &undecided)
        .await
        .unwrap();
    assert_eq!(
        dossiers::mine(s, holder[0].0).await.unwrap().len(),
        2,
        "{:?}",
        again.summary.code
    );
    // With the attacker's phone typed instead, the verified holder still gets it.
    let third = dossiers::record_desk(
        s,
        &officer,
        &DeskIntake {
            phone: "0911111111".into(),
            ..undecided.clone()
        },
    )
    .await
    .unwrap();
    assert!(
        dossiers::get(
            s,
            &Who::Citizen(holder[0].0),
            Key::Code(third.summary.code.as_deref().unwrap())
        )
        .await
        .is_ok()
    );
    // Another name or birth date than the verified holder's: shown, nothing recorded,
    // whatever the officer decides.
    for wrong in [
        DeskIntake {
            full_name: "Lê Thị Hòa".into(),
            ..intake("desk")
        },
        DeskIntake {
            date_of_birth: "1990-03-03".into(),
            identity: "verify".into(),
            ..intake("desk")
        },
    ] {
        assert_eq!(
            refused_field(dossiers::record_desk(s, &officer, &wrong).await),
            "identity"
        );
    }
    let audit = services::audit::recent(&s.db.pool, 30).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "citizen.create_verified"
        && e.subject == format!("citizen:{}", holder[0].0)));
}
on_both_engines!(
    a_self_declared_citizen_id_takes_nothing_filed_at_the_desk_on,
    a_self_declared_citizen_id_takes_nothing_filed_at_the_desk
);

/// A citizen who registered online with their own phone is verified at the desk: the
/// officer checks the card and says so; the account's name is corrected from the card.
async fn the_desk_verifies_a_phones_own_claim_on_the_officers_word(env: TestEnv) {
    let s = &env.services;
    let officer = member(&env, "0901000001", "000.00.31.H53").await;
    let mine = register(&env, "0987654321", "001190123456", "Le Thi Hoa").await;
    let undecided = DeskIntake {
        identity: String::new(),
        ..intake("desk")
    };
    assert_eq!(
        refused_field(dossiers::record_desk(s, &officer, &undecided).await),
        "identity_verify"
    );
    // "Create" is not what was proposed: the phone has this account already.
    assert_eq!(
        refused_field(dossiers::record_desk(s, &officer, &intake("desk")).await),
        "identity_verify"
    );
    let d = dossiers::record_desk(
        s,
        &officer,
        &DeskIntake {
            identity: "verify".into(),
            ..intake("desk")
        },
    )
    .await
    .unwrap();
    assert!(
        dossiers::get(
            s,
            &Who::Citizen(mine),
            Key::Code(d.summary.code.as_deref().unwrap())
        )
        .await
        .is_ok()
    );
    let account = services::accounts::citizen(s, mine).await.unwrap();
    assert!(account.national_id_verified);
    assert_eq!(account.full_name, "Lê Thị Hoa", "corrected from the card");
    assert_eq!(account.date_of_birth, "1990-03-02");
    let audit = services::audit::recent(&s.db.pool, 30).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "citizen.verify_national_id"
                && e.subject == format!("citizen:{mine}")
                && e.detail == "desk; corrected: full_name,date_of_birth")
    );
}
on_both_engines!(
    the_desk_verifies_a_phones_own_claim_on_the_officers_word_on,
    the_desk_verifies_a_phones_own_claim_on_the_officers_word
);

use crate::common::TestEnv;
use crate::on_both_engines;
use services::ServiceError;
use services::audit::{self, Actor};
use services::staff::{self, NewStaff, Role};

const IP: &str = "203.0.113.9";

fn officer() -> NewStaff {
    NewStaff {
        phone: "0901234567".into(),
        full_name: "Trần Thị Bình".into(),
        role: Role::Officer,
        agency_code: Some("000.00.31.H53".into()),
        password: "mat-khau-du-dai".into(),
    }
}

async fn staff_sign_in_and_lockout(env: TestEnv) {
    let s = &env.services;
    let created = staff::create(s, officer(), Actor::Cli).await.unwrap();
    assert_eq!(created.role, Role::Officer);
    assert_eq!(created.agency_code.as_deref(), Some("000.00.31.H53"));
    let entries = audit::recent(&s.db.pool, 10).await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "staff.create" && e.actor_kind == "cli")
    );

    // The password alone does not sign in: it opens the authenticator step, which
    // enrols the app by QR the first time.
    let first = staff::sign_in(s, "+84901234567", "mat-khau-du-dai", IP)
        .await
        .unwrap();
    assert!(first.enrolling);
    let enrolment = staff::enrolment(s, &first.challenge)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(enrolment.secret_base32.len(), 32);
    assert!(
        enrolment
            .otpauth_uri
            .starts_with("otpauth://totp/Mot%20Cua:")
    );
    assert!(enrolment.otpauth_uri.contains(&enrolment.secret_base32));
    // The secret is not in the database: only a salt is.
    let (salt,): (String,) = sqlx::query_as("SELECT totp_pending_salt FROM staff WHERE id = $1")
        .bind(created.id)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert!(!salt.contains(&enrolment.secret_base32));
    let key = data_encoding::BASE32_NOPAD
        .decode(enrolment.secret_base32.as_bytes())
        .unwrap();
    let code_now = || services::totp::code_at_step(&key, services::totp::step_of(s.now()), 6);
    let wrong = staff::verify_code(s, &first.challenge, "000000")
        .await
        .unwrap_err();
    assert!(
        matches!(
            wrong,
            ServiceError::Invalid {
                field: Some("code"),
                ..
            }
        ),
        "{wrong:?}"
    );
    let (token, me) = staff::verify_code(s, &first.challenge, &code_now())
        .await
        .unwrap();
    assert_eq!(me.id, created.id);
    assert!(
        services::accounts::resolve_session(s, &token)
            .await
            .unwrap()
            .is_some()
    );
    // The challenge is used up; the same code cannot sign in twice.
    assert!(
        staff::verify_code(s, &first.challenge, &code_now())
            .await
            .is_err()
    );
    let again = staff::sign_in(s, "0901234567", "mat-khau-du-dai", IP)
        .await
        .unwrap();
    assert!(!again.enrolling, "enrolled once");
    assert_eq!(staff::enrolment(s, &again.challenge).await.unwrap(), None);
    assert!(
        staff::verify_code(s, &again.challenge, &code_now())
            .await
            .is_err(),
        "replay"
    );
    env.clock.advance(30);
    staff::verify_code(s, &again.challenge, &code_now())
        .await
        .unwrap();
    // Challenges expire after five minutes.
    let stale = staff::sign_in(s, "0901234567", "mat-khau-du-dai", IP)
        .await
        .unwrap();
    env.clock.advance(staff::CHALLENGE_SECONDS + 1);
    assert!(
        staff::verify_code(s, &stale.challenge, &code_now())
            .await
            .is_err()
    );
    // Wrong codes count towards the lockout like wrong passwords (3 per challenge).
    let c = staff::sign_in(s, "0901234567", "mat-khau-du-dai", IP)
        .await
        .unwrap();
    for _ in 0..3 {
        staff::verify_code(s, &c.challenge, "123456")
            .await
            .unwrap_err();
    }
    let gone = staff::verify_code(s, &c.challenge, &code_now())
        .await
        .unwrap_err();
    assert!(
        gone.to_string().contains("hết hạn"),
        "three wrong codes end the challenge: {gone}"
    );
    let c = staff::sign_in(s, "0901234567", "mat-khau-du-dai", IP)
        .await
        .unwrap();
    for _ in 0..2 {
        staff::verify_code(s, &c.challenge, "123456")
            .await
            .unwrap_err();
    }
    let locked = staff::verify_code(s, &c.challenge, &code_now())
        .await
        .unwrap_err();
    assert!(
        matches!(locked, ServiceError::RateLimited { .. }),
        "{locked:?}"
    );
    env.clock.advance(15 * 60 + 1);
    let entries = audit::recent(&s.db.pool, 50).await.unwrap();
    for action in ["staff.totp_enrol", "staff.totp_failed", "staff.login"] {
        assert!(entries.iter().any(|e| e.action == action), "{action}");
    }
    let app = testkit::Authenticator::from_base32(&enrolment.secret_base32);
    let (token, _, _) = testkit::staff_session(s, "0901234567", "mat-khau-du-dai", IP, Some(&app))
        .await
        .unwrap();
    // Idle for more than 30 minutes: the session ends; requests keep it alive.
    env.clock.advance(29 * 60);
    assert!(
        services::accounts::resolve_session(s, &token)
            .await
            .unwrap()
            .is_some()
    );
    env.clock.advance(29 * 60);
    assert!(
        services::accounts::resolve_session(s, &token)
            .await
            .unwrap()
            .is_some()
    );
    env.clock.advance(31 * 60);
    assert!(
        services::accounts::resolve_session(s, &token)
            .await
            .unwrap()
            .is_none()
    );
    // A lost phone: the authenticator is reset and enrolled again at the next sign-in.
    staff::reset_authenticator(s, "0901234567", Actor::Cli)
        .await
        .unwrap();
    assert!(
        staff::sign_in(s, "0901234567", "mat-khau-du-dai", IP)
            .await
            .unwrap()
            .enrolling
    );

    for _ in 0..5 {
        let err = staff::sign_in(s, "0901234567", "sai-mat-khau", IP)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("không đúng"), "{err}");
    }
    let locked = staff::sign_in(s, "0901234567", "mat-khau-du-dai", IP)
        .await
        .unwrap_err();
    assert!(
        matches!(locked, ServiceError::RateLimited { .. }),
        "{locked:?}"
    );
    env.clock.advance(15 * 60 + 1);
    staff::sign_in(s, "0901234567", "mat-khau-du-dai", IP)
        .await
        .unwrap();
    // Unknown phones get the same message as wrong passwords.
    let unknown = staff::sign_in(s, "0909999999", "whatever-long", IP)
        .await
        .unwrap_err();
    assert!(unknown.to_string().contains("không đúng"));
}
on_both_engines!(staff_sign_in_and_lockout_on, staff_sign_in_and_lockout);

async fn staff_creation_rules(env: TestEnv) {
    let s = &env.services;
    let short = staff::create(
        s,
        NewStaff {
            password: "short".into(),
            ..officer()
        },
        Actor::Cli,
    )
    .await;
    assert!(matches!(
        short,
        Err(ServiceError::Invalid {
            field: Some("password"),
            ..
        })
    ));
    let no_agency = staff::create(
        s,
        NewStaff {
            agency_code: None,
            ..officer()
        },
        Actor::Cli,
    )
    .await;
    assert!(matches!(
        no_agency,
        Err(ServiceError::Invalid {
            field: Some("agency"),
            ..
        })
    ));
    let bad_agency = staff::create(
        s,
        NewStaff {
            agency_code: Some("999.99.99.H99".into()),
            ..officer()
        },
        Actor::Cli,
    )
    .await;
    assert!(matches!(
        bad_agency,
        Err(ServiceError::Invalid {
            field: Some("agency"),
            ..
        })
    ));
    staff::create(s, officer(), Actor::Cli).await.unwrap();
    let dup = staff::create(s, officer(), Actor::Cli).await;
    assert!(matches!(dup, Err(ServiceError::Conflict(_))));
    let admin = staff::create(
        s,
        NewStaff {
            phone: "0355555555".into(),
            role: Role::Admin,
            agency_code: None,
            ..officer()
        },
        Actor::Cli,
    )
    .await
    .unwrap();
    assert_eq!(admin.agency_code, None);
}
on_both_engines!(staff_creation_rules_on, staff_creation_rules);

async fn many_failures_from_one_ip_are_throttled(env: TestEnv) {
    let s = &env.services;
    staff::create(s, officer(), Actor::Cli).await.unwrap();
    // Guessing across many phones from one address is stopped after 20 failures.
    for i in 0..20 {
        let phone = format!("09000000{i:02}");
        let err = staff::sign_in(s, &phone, "doan-mat-khau", "198.51.100.66")
            .await
            .unwrap_err();
        assert!(matches!(err, ServiceError::Invalid { .. }), "{err:?}");
    }
    let err = staff::sign_in(s, "0901234567", "mat-khau-du-dai", "198.51.100.66")
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::RateLimited { .. }), "{err:?}");
    // Other addresses are not affected, and the window passes.
    staff::sign_in(s, "0901234567", "mat-khau-du-dai", IP)
        .await
        .unwrap();
    env.clock.advance(15 * 60 + 1);
    staff::sign_in(s, "0901234567", "mat-khau-du-dai", "198.51.100.66")
        .await
        .unwrap();
}
on_both_engines!(
    many_failures_from_one_ip_are_throttled_on,
    many_failures_from_one_ip_are_throttled
);

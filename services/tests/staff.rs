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

    let (token, me) = staff::sign_in(s, "+84901234567", "mat-khau-du-dai", IP)
        .await
        .unwrap();
    assert_eq!(me.id, created.id);
    assert!(
        services::accounts::resolve_session(s, &token)
            .await
            .unwrap()
            .is_some()
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

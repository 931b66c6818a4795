//! Kiosk registration, one-time enrolment, device credential, status and mode.

use crate::common::TestEnv;
use crate::on_both_engines;
use services::audit::Actor;
use services::kiosks::{self, Mode};
use services::staff::{self, NewStaff, Role, Staff};
use services::{Clock as _, ServiceError};

async fn member(env: &TestEnv, phone: &str, role: Role) -> Staff {
    staff::create(
        &env.services,
        NewStaff {
            phone: phone.into(),
            full_name: "Phạm Minh Đức".into(),
            role,
            agency_code: (role != Role::Admin).then(|| "000.00.31.H53".into()),
            password: "mat-khau-du-dai".into(),
        },
        Actor::Cli,
    )
    .await
    .unwrap()
}

async fn a_kiosk_is_registered_enrolled_and_followed(env: TestEnv) {
    let s = &env.services;
    let admin = member(&env, "0901000001", Role::Admin).await;
    let officer = member(&env, "0901000002", Role::Officer).await;
    assert!(matches!(
        kiosks::register(s, &officer, "Ki-ốt 1", "Sảnh A").await,
        Err(ServiceError::Forbidden)
    ));
    assert!(kiosks::register(s, &admin, " ", "Sảnh A").await.is_err());
    let (kiosk, code) = kiosks::register(s, &admin, "Ki-ốt 1", "Sảnh A, tầng 1")
        .await
        .unwrap();
    assert_eq!(code.len(), 8);
    assert!(!kiosk.enrolled && !kiosk.online);
    assert!(
        kiosks::register(s, &admin, "Ki-ốt 1", "Sảnh B")
            .await
            .is_err(),
        "unique name"
    );

    // Wrong code, then the right one (any case, with spaces), then it is used up.
    assert!(kiosks::enrol(s, "ZZZZZZZZ", "127.0.0.1").await.is_err());
    let spaced = format!("{} {}", &code[..4].to_lowercase(), &code[4..]);
    let (enrolled, credential) = kiosks::enrol(s, &spaced, "127.0.0.1").await.unwrap();
    assert_eq!(enrolled.id, kiosk.id);
    assert!(enrolled.enrolled && enrolled.online);
    assert_eq!(credential.len(), 64);
    assert!(
        kiosks::enrol(s, &code, "127.0.0.1").await.is_err(),
        "one use only"
    );

    // The device is recognised; it goes offline when not seen for two minutes.
    env.clock.advance(kiosks::ONLINE_WINDOW_SECONDS + 1);
    let listed = kiosks::list(s, &officer).await.unwrap();
    assert!(!listed[0].online);
    let seen = kiosks::device(s, &credential).await.unwrap();
    assert!(seen.online);
    assert_eq!(seen.last_seen_at, Some(s.now()));

    // Seen again within 30 seconds: read, not written (issue 18, item 3); written again
    // once 30 seconds have passed, and online all along.
    let marked = s.now();
    env.clock.advance(kiosks::SEEN_EVERY_SECONDS - 1);
    let soon = kiosks::device(s, &credential).await.unwrap();
    assert_eq!(soon.last_seen_at, Some(marked), "not written within 30 s");
    assert!(soon.online);
    env.clock.advance(1);
    let later = kiosks::device(s, &credential).await.unwrap();
    assert_eq!(later.last_seen_at, Some(s.now()), "written after 30 s");
    let (stored,): (Option<i64>,) = sqlx::query_as("SELECT last_seen_at FROM kiosks WHERE id = $1")
        .bind(kiosk.id)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, Some(s.now()));
    assert!(matches!(
        kiosks::device(s, "not-a-credential").await,
        Err(ServiceError::Unauthenticated)
    ));

    // Any staff member can switch it to assisted mode; it shows who assists.
    let k = kiosks::set_mode(s, &officer, kiosk.id, Mode::Assisted)
        .await
        .unwrap();
    assert_eq!(k.mode, Mode::Assisted);
    assert_eq!(k.assisted_by.as_deref(), Some("Phạm Minh Đức"));
    let k = kiosks::set_mode(s, &officer, kiosk.id, Mode::SelfService)
        .await
        .unwrap();
    assert_eq!((k.mode, k.assisted_by), (Mode::SelfService, None));

    // Revoked: the credential stops working.
    assert!(matches!(
        kiosks::revoke(s, &officer, kiosk.id).await,
        Err(ServiceError::Forbidden)
    ));
    kiosks::revoke(s, &admin, kiosk.id).await.unwrap();
    assert!(kiosks::device(s, &credential).await.is_err());
    let audit: Vec<(String,)> =
        sqlx::query_as("SELECT action FROM audit_log WHERE subject = $1 ORDER BY id")
            .bind(format!("kiosk:{}", kiosk.id))
            .fetch_all(&s.db.pool)
            .await
            .unwrap();
    let actions: Vec<String> = audit.into_iter().map(|a| a.0).collect();
    assert_eq!(
        actions,
        [
            "kiosk.register",
            "kiosk.enrol",
            "kiosk.mode.assisted",
            "kiosk.mode.self_service",
            "kiosk.revoke"
        ]
    );
}
on_both_engines!(
    a_kiosk_is_registered_enrolled_and_followed_on,
    a_kiosk_is_registered_enrolled_and_followed
);

async fn enrolment_codes_expire(env: TestEnv) {
    let s = &env.services;
    let admin = member(&env, "0901000001", Role::Admin).await;
    let (_, code) = kiosks::register(s, &admin, "Ki-ốt 2", "Sảnh B")
        .await
        .unwrap();
    env.clock.advance(kiosks::ENROL_CODE_SECONDS + 1);
    assert!(matches!(
        kiosks::enrol(s, &code, "127.0.0.1").await,
        Err(ServiceError::Invalid { .. })
    ));

    // Guessing codes from one address stops after a few tries, even with a good code;
    // another address is unaffected, and the limit lifts after an hour.
    let (_, fresh) = kiosks::register(s, &admin, "Ki-ốt 2b", "Sảnh B")
        .await
        .unwrap();
    for _ in 0..kiosks::ENROL_ATTEMPTS_PER_IP_PER_HOUR {
        assert!(kiosks::enrol(s, "ABCDEFGH", "203.0.113.9").await.is_err());
    }
    assert!(matches!(
        kiosks::enrol(s, &fresh, "203.0.113.9").await,
        Err(ServiceError::RateLimited { .. })
    ));
    env.clock.advance(3601);
    kiosks::enrol(s, &fresh, "203.0.113.9").await.unwrap();
}
on_both_engines!(enrolment_codes_expire_on, enrolment_codes_expire);

async fn a_phone_link_opens_once_within_ten_minutes(env: TestEnv) {
    use services::handoff;
    let s = &env.services;
    let citizen =
        crate::common::register(&env, "0912345678", "001090123456", "Nguyễn Văn An").await;
    assert!(
        handoff::create(s, citizen, "https://evil.example")
            .await
            .is_err()
    );
    let (token, expires) = handoff::create(s, citizen, "/ho-so").await.unwrap();
    assert_eq!(expires, env.clock.now() + handoff::HANDOFF_SECONDS);
    let (session, next) = handoff::redeem(s, &token).await.unwrap();
    assert_eq!(next, "/ho-so");
    assert_eq!(
        services::accounts::resolve_session(s, &session)
            .await
            .unwrap(),
        Some(services::accounts::Identity::Citizen(citizen))
    );
    assert!(
        matches!(
            handoff::redeem(s, &token).await,
            Err(ServiceError::NotFound)
        ),
        "single use"
    );
    let (late, _) = handoff::create(s, citizen, "/ho-so").await.unwrap();
    env.clock.advance(handoff::HANDOFF_SECONDS);
    assert!(handoff::redeem(s, &late).await.is_err(), "10 minutes only");
    assert!(handoff::redeem(s, "not-a-token").await.is_err());
}
on_both_engines!(
    a_phone_link_opens_once_within_ten_minutes_on,
    a_phone_link_opens_once_within_ten_minutes
);

async fn staff_unlock_assist_and_attest_identity(env: TestEnv) {
    use services::assist;
    let s = &env.services;
    let admin = member(&env, "0901000001", Role::Admin).await;
    let officer = member(&env, "0901000002", Role::Officer).await;
    let other = member(&env, "0901000003", Role::Officer).await;
    let (_, code) = kiosks::register(s, &admin, "Ki-ốt 3", "Sảnh C")
        .await
        .unwrap();
    let (kiosk, _) = kiosks::enrol(s, &code, "127.0.0.1").await.unwrap();
    // A citizen who registered earlier.
    let citizen =
        crate::common::register(&env, "0912345678", "001090123456", "Nguyễn Văn An").await;

    assert!(
        assist::set_pin(s, &officer, "123456").await.is_err(),
        "weak PIN"
    );
    assist::set_pin(s, &officer, "480219").await.unwrap();
    let code = assist::staff_code(s, officer.id).await.unwrap();
    // Wrong PINs: five lock it, even the right one then.
    for _ in 0..5 {
        assert!(assist::unlock(s, &kiosk, &code, "000001").await.is_err());
    }
    assert!(matches!(
        assist::unlock(s, &kiosk, &code, "480219").await,
        Err(ServiceError::RateLimited { .. })
    ));
    env.clock.advance(15 * 60 + 1);
    let helper = assist::unlock(s, &kiosk, &code, "480219").await.unwrap();
    assert_eq!(helper.id, officer.id);
    let k = kiosks::device_by_id(s, kiosk.id).await.unwrap();
    assert_eq!(
        (k.mode, k.assisted_by.as_deref()),
        (Mode::Assisted, Some("Phạm Minh Đức"))
    );

    // Find the citizen by phone or CCCD; attest identity checked in person. A number
    // typed at registration is a claim, shown as such (issue 15, item 1).
    let by_phone = assist::find_citizen(s, &officer, "0912 345 678")
        .await
        .unwrap();
    let by_id = assist::find_citizen(s, &officer, "001090123456")
        .await
        .unwrap();
    assert_eq!(by_phone.len(), 1);
    let by_phone = by_phone[0].clone();
    assert_eq!(
        by_id.iter().map(|c| (c.id, c.verified)).collect::<Vec<_>>(),
        [(citizen, false)]
    );
    assert_eq!(by_phone.id, citizen);
    // The kiosk's screen is seen by others in the hall: the personal numbers are masked
    // (issue 15, item 2); the name and birth date are what the officer compares with
    // the card in their hand.
    assert_eq!(
        (by_phone.phone.as_str(), by_phone.national_id.as_str()),
        ("0912 *** 678", "0010******56")
    );
    assert_eq!(by_phone.date_of_birth, "1990-05-17");
    assert!(matches!(
        assist::find_citizen(s, &officer, "0987654321").await,
        Err(ServiceError::NotFound)
    ));
    assert!(assist::find_citizen(s, &officer, "abc").await.is_err());
    assert!(
        matches!(
            assist::attest(s, &other, &kiosk, citizen, "480219", "").await,
            Err(ServiceError::Forbidden)
        ),
        "only the one assisting at this kiosk"
    );
    // Each attestation asks for the officer's PIN again (issue 15, item 2).
    for pin in ["", "000001"] {
        assert!(
            matches!(
                assist::attest(s, &officer, &kiosk, citizen, pin, "").await,
                Err(ServiceError::Invalid { .. })
            ),
            "attest with PIN {pin:?}"
        );
    }
    // The number read off the card verifies the account; another number opens nothing.
    assert!(matches!(
        assist::attest(s, &officer, &kiosk, citizen, "480219", "001090654321").await,
        Err(ServiceError::Invalid {
            field: Some("national_id"),
            ..
        })
    ));
    assert!(
        !services::accounts::citizen(s, citizen)
            .await
            .unwrap()
            .national_id_verified
    );
    let token = assist::attest(s, &officer, &kiosk, citizen, "480219", "0010 9012 3456")
        .await
        .unwrap();
    assert!(
        services::accounts::citizen(s, citizen)
            .await
            .unwrap()
            .national_id_verified
    );
    // Somebody declares the same number later: both are shown, the verified holder
    // first, and the claimant's account cannot be verified for it.
    let claimant =
        crate::common::register(&env, "0933333333", "001090123456", "Nguyễn Văn An").await;
    let by_id = assist::find_citizen(s, &officer, "001090123456")
        .await
        .unwrap();
    assert_eq!(
        by_id.iter().map(|c| (c.id, c.verified)).collect::<Vec<_>>(),
        [(citizen, true), (claimant, false)]
    );
    assert!(matches!(
        assist::attest(s, &officer, &kiosk, claimant, "480219", "001090123456").await,
        Err(ServiceError::Conflict(_))
    ));
    // Two accounts declared another number, one of them perhaps an impostor's made to
    // look the same: the kiosk verifies neither (the desk decides, by the person's own
    // phone), and opens no session on that attempt.
    let first = crate::common::register(&env, "0944444441", "001090777777", "Lê Văn Cường").await;
    let second = crate::common::register(&env, "0944444442", "001090777777", "Lê Văn Cường").await;
    for who in [first, second] {
        assert!(matches!(
            assist::attest(s, &officer, &kiosk, who, "480219", "001090777777").await,
            Err(ServiceError::Conflict(_))
        ));
        assert!(
            !services::accounts::citizen(s, who)
                .await
                .unwrap()
                .national_id_verified
        );
    }
    assert_eq!(
        services::accounts::resolve_session(s, &token)
            .await
            .unwrap(),
        Some(services::accounts::Identity::Citizen(citizen))
    );
    assert_eq!(
        assist::assisted_by(s, &token).await.unwrap(),
        Some(officer.id)
    );

    // Leaving assistance makes the kiosk self-service again; attesting no longer works.
    assist::leave(s, &officer, &kiosk).await.unwrap();
    assert!(
        assist::attest(s, &officer, &kiosk, citizen, "480219", "")
            .await
            .is_err()
    );
    let actions: Vec<(String,)> = sqlx::query_as(
        "SELECT action FROM audit_log WHERE actor_id = $1 AND actor_kind = 'staff' ORDER BY id",
    )
    .bind(officer.id)
    .fetch_all(&s.db.pool)
    .await
    .unwrap();
    let actions: Vec<String> = actions.into_iter().map(|a| a.0).collect();
    for expected in [
        "staff.kiosk_pin",
        "kiosk.assist.pin_failed",
        "kiosk.mode.assisted",
        "kiosk.assist.find_citizen",
        "kiosk.assist.attest_identity",
        "citizen.verify_national_id",
        "kiosk.mode.self_service",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }
}
on_both_engines!(
    staff_unlock_assist_and_attest_identity_on,
    staff_unlock_assist_and_attest_identity
);

async fn a_staff_badge_unlocks_assistance_until_replaced(env: TestEnv) {
    use services::badges;
    let s = &env.services;
    let admin = member(&env, "0901000001", Role::Admin).await;
    let officer = member(&env, "0901000002", Role::Officer).await;
    let (_, code) = kiosks::register(s, &admin, "Ki-ốt 4", "Sảnh D")
        .await
        .unwrap();
    let (kiosk, _) = kiosks::enrol(s, &code, "127.0.0.1").await.unwrap();

    let first = badges::issue(s, &officer).await.unwrap();
    assert!(first.starts_with(badges::PREFIX));
    // A scanner with Caps Lock on and a trailing newline still reads it.
    let helper = badges::unlock(s, &kiosk, &format!("{}\r\n", first.to_lowercase()))
        .await
        .unwrap();
    assert_eq!(helper.id, officer.id);
    let k = kiosks::device_by_id(s, kiosk.id).await.unwrap();
    assert!(k.assisted_by_staff(officer.id));
    assert!(!k.assisted_by_staff(admin.id));

    // A new badge replaces the old one; junk and other codes are refused.
    let second = badges::issue(s, &officer).await.unwrap();
    assert_ne!(first, second);
    for scanned in [
        first.as_str(),
        "CB00002",
        "",
        "MCCB-AAAAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        assert!(
            matches!(
                badges::unlock(s, &kiosk, scanned).await,
                Err(ServiceError::Invalid { .. })
            ),
            "{scanned}"
        );
    }
    assert_eq!(
        badges::unlock(s, &kiosk, &second).await.unwrap().id,
        officer.id
    );
    let refused: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'kiosk.assist.badge_refused' AND subject = $1",
    )
    .bind(format!("kiosk:{}", kiosk.id))
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(refused.0, 4);
    let issued: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'staff.badge.issue' AND actor_id = $1",
    )
    .bind(officer.id)
    .fetch_one(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(issued.0, 2);
}
on_both_engines!(
    a_staff_badge_unlocks_assistance_until_replaced_on,
    a_staff_badge_unlocks_assistance_until_replaced
);

async fn an_assist_credential_is_its_own_kind_and_ends_when_left_idle(env: TestEnv) {
    use services::{assist, sessions};
    let s = &env.services;
    let officer = member(&env, "0901000002", Role::Officer).await;
    let token = assist::open_session(s, officer.id).await.unwrap();
    // Accepted by the assist pages only: not a staff session, not an API token.
    assert_eq!(
        sessions::resolve_assist(s, &token).await.unwrap(),
        Some(officer.id)
    );
    assert_eq!(sessions::resolve_session(s, &token).await.unwrap(), None);
    // Each request keeps it alive; five minutes without one end it
    // (sessions::ASSIST_IDLE_SECONDS), well before its 30 minutes.
    env.clock.advance(sessions::ASSIST_IDLE_SECONDS - 1);
    assert!(sessions::resolve_assist(s, &token).await.unwrap().is_some());
    env.clock.advance(sessions::ASSIST_IDLE_SECONDS + 1);
    assert_eq!(sessions::resolve_assist(s, &token).await.unwrap(), None);
    // Nor does a staff session pass for an assist credential.
    let mut conn = s.db.pool.acquire().await.unwrap();
    let staff = sessions::create_session(
        s,
        &mut conn,
        services::accounts::Identity::Staff(officer.id),
        services::accounts::Channel::Web,
        3600,
    )
    .await
    .unwrap();
    assert_eq!(sessions::resolve_assist(s, &staff).await.unwrap(), None);

    // A visit that ends after the credential idled out still ends the assisted mode:
    // the banner must not go on naming an officer who left.
    let admin = member(&env, "0901000001", Role::Admin).await;
    let (_, enrol) = kiosks::register(s, &admin, "Ki-ốt 4", "Sảnh D")
        .await
        .unwrap();
    let (kiosk, _) = kiosks::enrol(s, &enrol, "127.0.0.1").await.unwrap();
    assist::set_pin(s, &officer, "480219").await.unwrap();
    let code = assist::staff_code(s, officer.id).await.unwrap();
    assist::unlock(s, &kiosk, &code, "480219").await.unwrap();
    assert_eq!(
        kiosks::device_by_id(s, kiosk.id).await.unwrap().mode,
        Mode::Assisted
    );
    kiosks::end_assistance(s, kiosk.id).await.unwrap();
    let k = kiosks::device_by_id(s, kiosk.id).await.unwrap();
    assert_eq!((k.mode, k.assisted_by), (Mode::SelfService, None));
}
on_both_engines!(
    an_assist_credential_is_its_own_kind_and_ends_when_left_idle_on,
    an_assist_credential_is_its_own_kind_and_ends_when_left_idle
);

//! Limits and lockouts hold under parallel requests: each attempt is counted and checked
//! in one statement, so guesses sent at the same moment cannot all pass a check made
//! before any of them was counted (issue 15, items 2 and 5).

use crate::common::{TestEnv, last_code};
use crate::on_both_engines;
use services::audit::Actor;
use services::rate::Limit;
use services::staff::{self, NewStaff, Role, Staff};
use services::{ServiceError, Services};
use std::future::Future;

/// Runs `n` copies of `attempt` at once, each with its own handle on the services,
/// and returns their answers.
async fn at_once<F, Fut, T>(s: &Services, n: usize, attempt: F) -> Vec<T>
where
    F: Fn(Services, usize) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let mut set = tokio::task::JoinSet::new();
    for i in 0..n {
        set.spawn(attempt(s.clone(), i));
    }
    let mut out = Vec::with_capacity(n);
    while let Some(r) = set.join_next().await {
        out.push(r.expect("task"));
    }
    out
}

fn refused(e: &ServiceError) -> bool {
    matches!(e, ServiceError::RateLimited { .. })
}

async fn fifty_parallel_hits_give_exactly_the_limit(env: TestEnv) {
    let s = &env.services;
    let limit = Limit {
        kind: "test_parallel",
        max: 10,
        window_seconds: 60,
    };
    let answers = at_once(s, 50, move |s, _| async move {
        limit.count(&s, "203.0.113.50").await.expect("count")
    })
    .await;
    let counted: Vec<i64> = answers.iter().filter_map(|a| a.ok()).collect();
    assert_eq!(counted.len(), 10, "{answers:?}");
    let mut sorted = counted.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        (1..=10).collect::<Vec<_>>(),
        "each hit counted once"
    );
    // Refused hits are not counted and say how long to wait: the whole window from
    // the hit that used the last one.
    let wait = answers.iter().find_map(|a| a.err()).expect("a refusal");
    assert_eq!(wait.retry_after_seconds, 60);
    // Another key is not affected; once the window has passed the key starts again.
    assert_eq!(limit.count(s, "203.0.113.51").await.unwrap(), Ok(1));
    env.clock.advance(61);
    assert_eq!(limit.count(s, "203.0.113.50").await.unwrap(), Ok(1));
    // Ended windows are purged; live ones stay.
    env.clock.advance(61);
    limit.count(s, "203.0.113.52").await.unwrap().unwrap();
    assert_eq!(services::rate::purge(s).await.unwrap(), 2);
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rate_counters")
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(left, 1);
}
on_both_engines!(
    fifty_parallel_hits_give_exactly_the_limit_on,
    fifty_parallel_hits_give_exactly_the_limit
);

async fn member(s: &Services, phone: &str) -> Staff {
    staff::create(
        s,
        NewStaff {
            phone: phone.into(),
            full_name: "Trần Thị Bình".into(),
            role: Role::Officer,
            agency_code: Some("000.00.31.H53".into()),
            password: "mat-khau-du-dai".into(),
        },
        Actor::Cli,
    )
    .await
    .unwrap()
}

async fn twenty_parallel_wrong_passwords_check_only_five(env: TestEnv) {
    let s = &env.services;
    member(s, "0901234567").await;
    // Twenty guesses at once, from twenty addresses (so that only the account's own
    // lockout applies): five are checked and found wrong, fifteen are refused unchecked.
    let answers = at_once(s, 20, |s, i| async move {
        staff::sign_in(
            &s,
            "0901234567",
            "doan-mat-khau",
            &format!("198.51.100.{i}"),
        )
        .await
        .unwrap_err()
    })
    .await;
    let wrong = answers
        .iter()
        .filter(|e| matches!(e, ServiceError::Invalid { .. }))
        .count();
    let locked = answers.iter().filter(|e| refused(e)).count();
    assert_eq!((wrong, locked), (5, 15), "{answers:?}");
    // Now even the right password waits out the lockout (MAX_FAILED_LOGINS = 5).
    let err = staff::sign_in(s, "0901234567", "mat-khau-du-dai", "203.0.113.9")
        .await
        .unwrap_err();
    assert!(refused(&err), "{err:?}");
    env.clock.advance(staff::LOCKOUT_SECONDS + 1);
    staff::sign_in(s, "0901234567", "mat-khau-du-dai", "203.0.113.9")
        .await
        .unwrap();
}
on_both_engines!(
    twenty_parallel_wrong_passwords_check_only_five_on,
    twenty_parallel_wrong_passwords_check_only_five
);

async fn a_locked_account_and_an_unknown_phone_answer_alike(env: TestEnv) {
    let s = &env.services;
    member(s, "0901234567").await;
    let mut answers = Vec::new();
    for phone in ["0901234567", "0909999999"] {
        for i in 0..6 {
            let e = staff::sign_in(s, phone, "doan-mat-khau", &format!("198.51.100.{i}"))
                .await
                .unwrap_err();
            answers.push(e.to_string());
        }
    }
    // The sixth try on each phone: "locked", word for word, whether or not the phone is
    // a member's, so the message does not tell which phones belong to staff.
    assert!(answers[5].contains("tạm khoá"), "{answers:?}");
    assert_eq!(answers[..6], answers[6..], "{answers:?}");
}
on_both_engines!(
    a_locked_account_and_an_unknown_phone_answer_alike_on,
    a_locked_account_and_an_unknown_phone_answer_alike
);

async fn twenty_parallel_wrong_authenticator_codes_on_one_challenge(env: TestEnv) {
    let s = &env.services;
    member(s, "0901234567").await;
    let first = staff::sign_in(s, "0901234567", "mat-khau-du-dai", "203.0.113.9")
        .await
        .unwrap();
    let challenge = first.challenge.clone();
    let answers = at_once(s, 20, move |s, _| {
        let challenge = challenge.clone();
        async move {
            staff::verify_code(&s, &challenge, "000000")
                .await
                .unwrap_err()
                .to_string()
        }
    })
    .await;
    // CODES_PER_CHALLENGE = 3: three codes are compared, the others find the challenge
    // used up and must start again from the password.
    let compared = answers.iter().filter(|m| m.contains("không đúng")).count();
    let ended = answers.iter().filter(|m| m.contains("hết hạn")).count();
    assert_eq!(
        (compared, ended),
        (usize::try_from(staff::CODES_PER_CHALLENGE).unwrap(), 17),
        "{answers:?}"
    );
}
on_both_engines!(
    twenty_parallel_wrong_authenticator_codes_on_one_challenge_on,
    twenty_parallel_wrong_authenticator_codes_on_one_challenge
);

async fn twenty_parallel_wrong_pins_check_only_five(env: TestEnv) {
    use services::{assist, kiosks};
    let s = &env.services;
    let officer = member(s, "0901000002").await;
    let admin = staff::create(
        s,
        NewStaff {
            phone: "0901000001".into(),
            full_name: "Quản trị".into(),
            role: Role::Admin,
            agency_code: None,
            password: "mat-khau-du-dai".into(),
        },
        Actor::Cli,
    )
    .await
    .unwrap();
    let (_, enrol) = kiosks::register(s, &admin, "Ki-ốt 3", "Sảnh C")
        .await
        .unwrap();
    let (kiosk, _) = kiosks::enrol(s, &enrol, "127.0.0.1").await.unwrap();
    assist::set_pin(s, &officer, "480219").await.unwrap();
    let code = assist::staff_code(s, officer.id).await.unwrap();
    assert!(
        code.len() == 10 && code.starts_with("CB") && code != format!("CB{:08}", officer.id),
        "codes are random, not the row id: {code}"
    );
    let answers = at_once(s, 20, {
        let (kiosk, code) = (kiosk.clone(), code.clone());
        move |s, _| {
            let (kiosk, code) = (kiosk.clone(), code.clone());
            async move {
                assist::unlock(&s, &kiosk, &code, "000001")
                    .await
                    .unwrap_err()
            }
        }
    })
    .await;
    let wrong = answers
        .iter()
        .filter(|e| matches!(e, ServiceError::Invalid { .. }))
        .count();
    let locked = answers.iter().filter(|e| refused(e)).count();
    assert_eq!((wrong, locked), (5, 15), "{answers:?}");
    let err = assist::unlock(s, &kiosk, &code, "480219")
        .await
        .unwrap_err();
    assert!(refused(&err), "locked even for the right PIN: {err:?}");
    // Setting a new PIN (an officer who forgot theirs) lifts the lockout at once.
    assist::set_pin(s, &officer, "731904").await.unwrap();
    assist::unlock(s, &kiosk, &code, "731904").await.unwrap();
    // Attesting asks for the PIN again, counted per officer: five wrong, then locked.
    let citizen =
        crate::common::register(&env, "0912345678", "001090123456", "Nguyễn Văn An").await;
    for _ in 0..5 {
        let e = assist::attest(s, &officer, &kiosk, citizen, "000001", "")
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Invalid { .. }), "{e:?}");
    }
    let e = assist::attest(s, &officer, &kiosk, citizen, "731904", "")
        .await
        .unwrap_err();
    assert!(refused(&e), "{e:?}");
}
on_both_engines!(
    twenty_parallel_wrong_pins_check_only_five_on,
    twenty_parallel_wrong_pins_check_only_five
);

async fn twenty_parallel_wrong_sign_in_codes_kill_the_code_once(env: TestEnv) {
    use services::accounts::{self, Channel};
    let s = &env.services;
    accounts::request_otp(s, "0987654321", "203.0.113.7")
        .await
        .unwrap();
    let code = last_code(s, "0987654321").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let answers = at_once(s, 20, move |s, i| async move {
        accounts::sign_in(
            &s,
            "0987654321",
            wrong,
            None,
            &format!("198.51.100.{i}"),
            Channel::Web,
        )
        .await
        .unwrap_err()
    })
    .await;
    // MAX_WRONG_ATTEMPTS = 5: four say how many tries are left, the fifth and every
    // later one that the code is dead.
    let wrong_left = answers
        .iter()
        .filter(|e| e.to_string().contains("lần"))
        .filter(|e| matches!(e, ServiceError::Invalid { .. }))
        .count();
    let dead = answers.iter().filter(|e| refused(e)).count();
    assert_eq!((wrong_left, dead), (4, 16), "{answers:?}");
    let err = accounts::sign_in(s, "0987654321", &code, None, "203.0.113.7", Channel::Web)
        .await
        .unwrap_err();
    assert!(refused(&err), "the right code is dead too: {err:?}");
}
on_both_engines!(
    twenty_parallel_wrong_sign_in_codes_kill_the_code_once_on,
    twenty_parallel_wrong_sign_in_codes_kill_the_code_once
);

async fn the_sweep_removes_what_can_no_longer_be_used(env: TestEnv) {
    use services::accounts;
    let s = &env.services;
    accounts::request_otp(s, "0987654321", "203.0.113.7")
        .await
        .unwrap();
    member(s, "0901234567").await;
    staff::sign_in(s, "0901234567", "mat-khau-du-dai", "203.0.113.9")
        .await
        .unwrap();
    // Within the hour nothing is removed but the ended windows (none yet).
    let early = services::rate::sweep(s).await.unwrap();
    assert_eq!(
        (early.otp_codes, early.staff_challenges, early.sms_bodies),
        (0, 0, 0)
    );
    env.clock.advance(2 * 3600);
    let later = services::rate::sweep(s).await.unwrap();
    assert_eq!((later.otp_codes, later.staff_challenges), (1, 1));
    // The SMS that carried the code no longer holds it (issue 15, item 8).
    assert_eq!(later.sms_bodies, 1);
    let phone = domain::PhoneNumber::parse("0987654321").unwrap();
    let sent = services::sms::outbox(&s.db, Some(&phone), 5).await.unwrap();
    assert_eq!(sent[0].body, services::rate::ERASED_SMS_BODY);
    // The OTP limits' windows (one hour at most) have ended too.
    assert!(later.counters >= 3, "{later:?}");
}
on_both_engines!(
    the_sweep_removes_what_can_no_longer_be_used_on,
    the_sweep_removes_what_can_no_longer_be_used
);

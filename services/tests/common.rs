//! Test harness: a fresh, migrated database per test on SQLite or PostgreSQL.

use services::sms::OutboxSender;
use services::{Db, FixedClock, Services};
use std::sync::Arc;

/// 2026-11-24 09:00 in Hà Nội.
pub const T0: i64 = 1_795_485_600;

#[derive(Debug)]
pub struct TestEnv {
    pub services: Services,
    pub clock: Arc<FixedClock>,
}

/// The PostgreSQL server tests use, from `MOTCUA_TEST_POSTGRES_URL`.
pub fn postgres_admin_url() -> String {
    std::env::var("MOTCUA_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A fresh database URL for one test, or `None` when PostgreSQL is absent and not required.
pub async fn fresh_database(engine: &str) -> Option<String> {
    let name = format!("motcua_test_{}", uuid::Uuid::new_v4().simple());
    match engine {
        "sqlite" => {
            let dir = std::env::temp_dir().join("motcua-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            Some(format!("sqlite://{}", dir.join(format!("{name}.db")).display()))
        }
        _ => {
            let admin = postgres_admin_url();
            let db = match Db::connect(&admin).await {
                Ok(db) => db,
                Err(e) => {
                    assert!(
                        std::env::var("MOTCUA_REQUIRE_POSTGRES").is_err(),
                        "PostgreSQL is required (MOTCUA_REQUIRE_POSTGRES) but unreachable at {admin}: {e:#}"
                    );
                    eprintln!("skipping: PostgreSQL unreachable at {admin}");
                    return None;
                }
            };
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&db.pool).await.expect("create database");
            db.pool.close().await;
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            Some(format!("{base}/{name}"))
        }
    }
}

pub async fn env(engine: &str) -> Option<TestEnv> {
    let url = fresh_database(engine).await?;
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let clock = Arc::new(FixedClock::at(T0));
    let sms = Arc::new(OutboxSender::new(db.clone(), clock.clone()));
    let services = Services::new(db, clock.clone(), sms, b"test secret key, not for production");
    services::seed::seed_demo(&services).await.expect("seed");
    Some(TestEnv { services, clock })
}

/// Runs one async test body against each engine.
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(env) = $crate::common::env("sqlite").await {
                    super::$body(env).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(env) = $crate::common::env("postgres").await {
                    super::$body(env).await;
                }
            }
        }
    };
}

/// The newest code sent to a phone, read from the sandbox outbox.
pub async fn last_code(s: &Services, phone: &str) -> String {
    let phone = domain::PhoneNumber::parse(phone).expect("phone");
    let msgs = services::sms::outbox(&s.db, Some(&phone), 1).await.expect("outbox");
    let body = &msgs.first().expect("a message").body;
    body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).expect("a 6-digit code").to_owned()
}

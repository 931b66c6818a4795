//! Support for tests of this crate and of the server: a fresh database per test.

use crate::Db;

/// The PostgreSQL server tests use: `MOTCUA_TEST_POSTGRES_URL`, by default the local
/// server with trust authentication.
#[must_use]
pub fn postgres_admin_url() -> String {
    std::env::var("MOTCUA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A URL of a new, empty database for one test: a SQLite file under the temp dir, or a new
/// PostgreSQL database named `motcua_test_<uuid>`. `None` when PostgreSQL is unreachable
/// and `MOTCUA_REQUIRE_POSTGRES` is not set (the test is then skipped with a note).
///
/// # Panics
/// When PostgreSQL is required but unreachable, or the database cannot be created.
pub async fn fresh_database(engine: &str) -> Option<String> {
    let name = format!("motcua_test_{}", uuid::Uuid::new_v4().simple());
    if engine == "sqlite" {
        let dir = std::env::temp_dir().join("motcua-tests");
        std::fs::create_dir_all(&dir).expect("temp dir for test databases");
        return Some(format!(
            "sqlite://{}",
            dir.join(format!("{name}.db")).display()
        ));
    }
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
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&db.pool)
        .await
        .expect("create test database");
    db.pool.close().await;
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    Some(format!("{base}/{name}"))
}

/// Tests only: a staff session from phone and password, skipping the authenticator
/// step (which [`crate::staff::verify_code`] tests cover on their own).
///
/// # Errors
/// As [`crate::staff::sign_in`].
pub async fn staff_session(
    s: &crate::Services,
    phone: &str,
    password: &str,
    client_ip: &str,
) -> crate::error::ServiceResult<(String, crate::staff::Staff)> {
    let accepted = crate::staff::sign_in(s, phone, password, client_ip).await?;
    let id = crate::staff::challenge_staff(s, &accepted.challenge).await?;
    let mut tx = s.db.begin_write().await?;
    let token = crate::accounts::create_session(
        s,
        &mut tx,
        crate::accounts::Identity::Staff(id),
        crate::accounts::Channel::Web,
        crate::accounts::STAFF_SESSION_SECONDS,
    )
    .await?;
    tx.commit().await?;
    Ok((token, crate::staff::get(s, id).await?))
}

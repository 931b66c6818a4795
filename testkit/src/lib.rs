//! Test support for the services' and the server's tests: a fresh database per test,
//! and staff signed in the way people sign in (password, then the authenticator's
//! code). It is a dev-dependency only, so no shortcut of it reaches a production build.

pub mod s3;

use services::staff::{self, Staff};
use services::{Db, ServiceError, Services};

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
    db.create_database(&name)
        .await
        .expect("create test database");
    db.pool.close().await;
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    Some(format!("{base}/{name}"))
}

/// A member's authenticator app: the secret it was enrolled with.
#[derive(Debug, Clone)]
pub struct Authenticator {
    key: Vec<u8>,
}

impl Authenticator {
    /// The app enrolled from the secret shown at the first sign-in (base32).
    ///
    /// # Panics
    /// When the secret is not base32.
    #[must_use]
    pub fn from_base32(secret: &str) -> Self {
        Self {
            key: data_encoding::BASE32_NOPAD
                .decode(secret.as_bytes())
                .expect("a base32 secret"),
        }
    }

    /// The code the app shows now.
    #[must_use]
    pub fn code(&self, s: &Services) -> String {
        services::totp::code_at_step(&self.key, services::totp::step_of(s.now()), 6)
    }
}

/// Signs a member of staff in as a person does: phone and password, then the code of
/// their authenticator app. At the first sign-in the app is enrolled from the secret
/// the server shows; later sign-ins need that app (`authenticator`). A code is good
/// once, so a second sign-in needs the clock moved to the next 30-second step.
///
/// # Errors
/// As [`staff::sign_in`] and [`staff::verify_code`]; `Invalid` when the member is
/// enrolled and no authenticator is given.
pub async fn staff_session(
    s: &Services,
    phone: &str,
    password: &str,
    client_ip: &str,
    authenticator: Option<&Authenticator>,
) -> Result<(String, Staff, Authenticator), ServiceError> {
    let accepted = staff::sign_in(s, phone, password, client_ip).await?;
    let app = match (
        staff::enrolment(s, &accepted.challenge).await?,
        authenticator,
    ) {
        (Some(enrolment), _) => Authenticator::from_base32(&enrolment.secret_base32),
        (None, Some(app)) => app.clone(),
        (None, None) => {
            return Err(ServiceError::invalid(
                "code",
                domain::Text::new(
                    "Cán bộ đã đăng ký ứng dụng xác thực: cần ứng dụng đó.",
                    "This member is enrolled: pass their authenticator.",
                ),
            ));
        }
    };
    let (token, member) = staff::verify_code(s, &accepted.challenge, &app.code(s)).await?;
    Ok((token, member, app))
}

//! The storage seam: one `AnyPool` for SQLite or PostgreSQL, migrations per engine,
//! and write transactions ([`write`]), which on SQLite share their commits.

mod write;

pub use write::{GROUP_AGE, GROUP_MEMBERS, WriteTx};

use anyhow::Context as _;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor as _};
use std::sync::Arc;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// Which database engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine a database URL names.
    ///
    /// # Errors
    /// When the URL is neither `sqlite:` nor `postgres:`/`postgresql:`.
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            anyhow::bail!("database URL must start with sqlite:// or postgres://")
        }
    }
}

/// How a node uses its database: the pool's size and how long one statement may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSettings {
    /// Connections this node holds at most (`MOTCUA_DB_MAX_CONNECTIONS`). Several
    /// nodes on one PostgreSQL server share its `max_connections` (100 by default).
    pub max_connections: u32,
    /// A statement running longer is cancelled (`MOTCUA_DB_STATEMENT_TIMEOUT_MS`,
    /// PostgreSQL's `statement_timeout`); SQLite has no such setting.
    pub statement_timeout: Option<Duration>,
}

impl PoolSettings {
    /// 8 connections on SQLite (one writer at a time anyway), 16 on PostgreSQL; 30 s
    /// per statement.
    #[must_use]
    pub fn default_for(engine: Engine) -> Self {
        Self {
            max_connections: match engine {
                Engine::Sqlite => 8,
                Engine::Postgres => 16,
            },
            statement_timeout: Some(Duration::from_secs(30)),
        }
    }
}

/// A connection pool and its engine.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
    /// SQLite's writes, which share commits ([`write`]). Unused with PostgreSQL.
    group: Arc<write::Group>,
}

impl Db {
    /// Opens the database, creating a SQLite file (and its directory) when missing.
    ///
    /// # Errors
    /// When the URL is malformed or the database cannot be reached.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        Self::connect_with(url, PoolSettings::default_for(Engine::from_url(url)?)).await
    }

    /// As [`Db::connect`], with the pool's size and statement timeout.
    ///
    /// # Errors
    /// When the URL is malformed or the database cannot be reached.
    pub async fn connect_with(url: &str, settings: PoolSettings) -> anyhow::Result<Self> {
        install_default_drivers();
        let engine = Engine::from_url(url)?;
        let (url, options) = match engine {
            Engine::Sqlite => {
                let path = url
                    .trim_start_matches("sqlite://")
                    .trim_start_matches("sqlite:");
                let path = path.split('?').next().unwrap_or_default();
                if let Some(dir) = std::path::Path::new(path).parent()
                    && !dir.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create directory {}", dir.display()))?;
                }
                let url = if url.contains('?') {
                    url.to_owned()
                } else {
                    format!("{url}?mode=rwc")
                };
                let options = AnyPoolOptions::new()
                    .max_connections(settings.max_connections)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA synchronous = FULL").await?;
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            Ok(())
                        })
                    });
                (url, options)
            }
            Engine::Postgres => {
                let timeout_ms = settings
                    .statement_timeout
                    .map_or(0, |t| t.as_millis().min(u128::from(u32::MAX)));
                let options = AnyPoolOptions::new()
                    .max_connections(settings.max_connections)
                    .after_connect(move |conn, _meta| {
                        Box::pin(async move {
                            // 0 is PostgreSQL's "no limit".
                            conn.execute(format!("SET statement_timeout = {timeout_ms}").as_str())
                                .await?;
                            Ok(())
                        })
                    });
                (url.to_owned(), options)
            }
        };
        let pool = options
            .acquire_timeout(Duration::from_secs(10))
            .connect(&url)
            .await
            .context("cannot open the database")?;
        Ok(Self {
            pool,
            engine,
            group: Arc::new(write::Group::new()),
        })
    }

    /// Applies pending migrations of this engine.
    ///
    /// # Errors
    /// When a migration fails; nothing after it is applied.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        // A migration (and the advisory lock a second node waits on meanwhile) is not
        // cut short by the statement timeout: its own connection, closed afterwards.
        let mut conn = self.pool.acquire().await?.detach();
        if self.engine == Engine::Postgres {
            conn.execute("SET statement_timeout = 0").await?;
        }
        let ran = migrator.run(&mut conn).await.context("migration failed");
        let _ = sqlx::Connection::close(conn).await;
        ran?;
        Ok(())
    }

    /// Creates an empty database on this PostgreSQL server (an operator's first setup, or
    /// one database per test). The name is letters, digits and `_` only.
    ///
    /// # Errors
    /// For another name, on SQLite (a file is its own database), or when PostgreSQL refuses.
    pub async fn create_database(&self, name: &str) -> anyhow::Result<()> {
        anyhow::ensure!(
            !name.is_empty()
                && name.len() <= 63
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
            "a database name is letters, digits and _ only: {name:?}"
        );
        anyhow::ensure!(
            self.engine == Engine::Postgres,
            "only PostgreSQL creates databases"
        );
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&self.pool)
            .await
            .with_context(|| format!("CREATE DATABASE {name}"))?;
        Ok(())
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn create_database_refuses_names_that_are_not_plain() {
        let path = std::env::temp_dir().join(format!(
            "motcua-db-name-{}.db",
            uuid::Uuid::new_v4().simple()
        ));
        let db = Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        for name in ["", "x; DROP TABLE staff", "a-b", "tên", &"a".repeat(64)] {
            let err = db.create_database(name).await.unwrap_err();
            assert!(
                err.to_string().contains("letters, digits"),
                "{name:?}: {err}"
            );
        }
        let err = db.create_database("motcua_x").await.unwrap_err();
        assert!(err.to_string().contains("only PostgreSQL"), "{err}");
        let _ = std::fs::remove_file(path);
    }

    /// The SQLite migrations before `version`.
    fn sqlite_before(version: i64) -> sqlx::migrate::Migrator {
        sqlx::migrate::Migrator {
            migrations: std::borrow::Cow::Owned(
                SQLITE_MIGRATIONS
                    .migrations
                    .iter()
                    .filter(|m| m.version < version)
                    .cloned()
                    .collect(),
            ),
            ignore_missing: false,
            locking: true,
            no_tx: false,
        }
    }

    /// Migration 14 rebuilds `citizens` on SQLite (to drop the CCCD's UNIQUE): on a
    /// database with citizens, their dossiers and sessions, every row and every key
    /// survives, and the keys are still enforced afterwards.
    #[tokio::test]
    async fn the_citizens_rebuild_keeps_rows_and_keys() {
        let path = std::env::temp_dir().join(format!(
            "motcua-migrate-{}.db",
            uuid::Uuid::new_v4().simple()
        ));
        let db = Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlite_before(14).run(&db.pool).await.unwrap();
        sqlx::raw_sql(
            "INSERT INTO agencies (id, code, name, level) VALUES (7, 'A', 'A', 'tinh'); \
             INSERT INTO fields (id, slug, name) VALUES (2, 'f', 'F'); \
             INSERT INTO procedures (id, code, name, level, field_id, agency_id) \
               VALUES (3, 'P', 'P', 'tinh', 2, 7); \
             INSERT INTO citizens (id, phone, full_name, date_of_birth, national_id, created_at) VALUES \
               (5, '+84912000001', 'An', '1990-01-01', '001090000001', 1), \
               (9, '+84912000002', 'Bình', '1990-01-01', '001090000002', 1); \
             INSERT INTO dossiers (id, code, procedure_id, agency_id, citizen_id, status, channel, form_json, \
               applicant_name, applicant_phone, fee_due_vnd, created_at, updated_at) \
               VALUES (1, 'D1', 3, 7, 5, 'submitted', 'online', '{}', 'An', '+84912000001', 0, 1, 1), \
                      (2, 'D2', 3, 7, 9, 'submitted', 'online', '{}', 'Bình', '+84912000002', 0, 1, 1);",
        )
        .execute(&db.pool)
        .await
        .unwrap();
        db.migrate().await.unwrap();
        let rows: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT c.id, c.national_id, c.national_id_verified_at FROM citizens c \
             JOIN dossiers d ON d.citizen_id = c.id ORDER BY c.id",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(
            rows,
            [
                (5, "001090000001".to_owned(), None),
                (9, "001090000002".to_owned(), None)
            ]
        );
        // The number is no longer unique; a new id follows the old ones; the keys hold.
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO citizens (phone, full_name, date_of_birth, national_id, created_at) \
             VALUES ('+84912000003', 'C', '1990-01-01', '001090000001', 1) RETURNING id",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(id, 10);
        assert!(
            sqlx::query("DELETE FROM citizens WHERE id = 5")
                .execute(&db.pool)
                .await
                .is_err(),
            "a citizen with dossiers cannot be removed"
        );
        let _ = std::fs::remove_file(path);
    }

    /// Migration 16 rebuilds `payment_exceptions` on SQLite (for the new kinds), keeps
    /// one live attempt per notice and provider, and points the record an accepted late
    /// credit paid at its exception: rows and keys survive, the new rules hold.
    #[tokio::test]
    async fn the_payment_core_migration_keeps_rows_and_adds_its_rules() {
        let path = std::env::temp_dir().join(format!(
            "motcua-migrate16-{}.db",
            uuid::Uuid::new_v4().simple()
        ));
        let db = Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlite_before(16).run(&db.pool).await.unwrap();
        sqlx::raw_sql(
            "INSERT INTO agencies (id, code, name, level) VALUES (7, 'A', 'A', 'tinh'); \
             INSERT INTO fields (id, slug, name) VALUES (2, 'f', 'F'); \
             INSERT INTO procedures (id, code, name, level, field_id, agency_id) VALUES (3, 'P', 'P', 'tinh', 2, 7); \
             INSERT INTO citizens (id, phone, full_name, date_of_birth, national_id, created_at) \
               VALUES (5, '+84912000001', 'An', '1990-01-01', '001090000001', 1); \
             INSERT INTO dossiers (id, code, procedure_id, agency_id, citizen_id, status, channel, form_json, \
               applicant_name, applicant_phone, fee_due_vnd, created_at, updated_at) \
               VALUES (1, 'D1', 3, 7, 5, 'submitted', 'online', '{}', 'An', '+84912000001', 200000, 1, 1); \
             INSERT INTO fee_notices (id, dossier_id, agency_id, amount_vnd, status, created_at) \
               VALUES (4, 1, 7, 200000, 'paid', 1), (6, 1, 7, 200000, 'unpaid', 2); \
             INSERT INTO payment_attempts (id, notice_id, reference, amount_vnd, status, provider, qr_payload, \
               created_at, expires_at, updated_at) VALUES \
               (10, 4, 'R10', 200000, 'paid', 'vietqr', '', 1, 2, 1), \
               (11, 6, 'R11', 200000, 'pending', 'vietqr', '', 1, 2, 1), \
               (12, 6, 'R12', 200000, 'pending', 'vietqr', '', 1, 2, 1), \
               (13, 6, 'R13', 200000, 'pending', 'vnpay', '', 1, 2, 1); \
             INSERT INTO bank_notifications (id, provider, event_id, raw_body, received_at, amount_vnd, content, \
               account_number, reference_code, outcome, attempt_id) \
               VALUES (8, 'bank', 'e8', '{}', 1, 200000, 'R10', '1', 'FT8', 'exception', NULL); \
             INSERT INTO payment_exceptions (id, notification_id, kind, attempt_id, amount_vnd, status, created_at, \
               resolution, reason) VALUES (21, 8, 'late', 10, 200000, 'resolved', 1, 'accepted_late', 'đã kiểm tra');",
        )
        .execute(&db.pool)
        .await
        .unwrap();
        db.migrate().await.unwrap();
        let kept: Vec<(i64, String, Option<String>)> =
            sqlx::query_as("SELECT id, kind, resolution FROM payment_exceptions")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        assert_eq!(
            kept,
            [(21, "late".to_owned(), Some("accepted_late".to_owned()))]
        );
        let attempts: Vec<(i64, String, Option<i64>)> =
            sqlx::query_as("SELECT id, status, exception_id FROM payment_attempts ORDER BY id")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        assert_eq!(
            attempts,
            [
                (10, "paid".to_owned(), Some(21)),
                (11, "cancelled".to_owned(), None),
                (12, "pending".to_owned(), None),
                (13, "pending".to_owned(), None),
            ],
            "the newest live attempt per provider stays; the late record points at its exception"
        );
        // The new kinds are accepted, unknown ones refused, and a second live QR too.
        for (kind, ok) in [
            ("wrong_account", true),
            ("notice_paid", true),
            ("other", false),
        ] {
            let r = sqlx::query(
                "INSERT INTO payment_exceptions (notification_id, kind, amount_vnd, created_at) \
                 VALUES (8, $1, 1, 1)",
            )
            .bind(kind)
            .execute(&db.pool)
            .await;
            assert_eq!(r.is_ok(), ok, "{kind}");
        }
        let second = sqlx::query(
            "INSERT INTO payment_attempts (notice_id, reference, amount_vnd, status, provider, qr_payload, \
             created_at, expires_at, updated_at) VALUES (6, 'R14', 200000, 'pending', 'vietqr', '', 3, 4, 3)",
        )
        .execute(&db.pool)
        .await;
        assert!(second.is_err(), "one live attempt per notice and provider");
        assert!(
            sqlx::query("DELETE FROM bank_notifications WHERE id = 8")
                .execute(&db.pool)
                .await
                .is_err(),
            "the exception still holds its notification"
        );
        let _ = std::fs::remove_file(path);
    }
}

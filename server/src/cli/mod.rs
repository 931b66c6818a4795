//! Subcommands: `serve` (default), `migrate`, `seed --demo`, `staff create`, `backup`,
//! `blobs migrate`, `vietqr`.

pub mod vietqr;

use crate::config::Settings;
use crate::startup::{Application, build_services, open_database};
use anyhow::Context as _;
use clap::{Parser, Subcommand};
use services::audit::Actor;
use services::staff::{NewStaff, Role};

#[derive(Debug, Parser)]
#[command(name = "motcua", version, about = "Một Cửa: public-service centre app")]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web app and API (applies pending migrations first).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Load data into the database.
    Seed {
        /// Demo agencies and the 50-procedure catalog (the bank table is always loaded).
        #[arg(long)]
        demo: bool,
    },
    /// Manage staff accounts.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Copy a SQLite deployment (database and files) into a new directory while it
    /// serves; restore by pointing MOTCUA_DATABASE_URL at DIR/motcua.db and MOTCUA_DATA_DIR
    /// at DIR. PostgreSQL is backed up with pg_dump (README, Backups).
    Backup {
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Move files (attachments, receipt PDFs) between blob stores.
    Blobs {
        #[command(subcommand)]
        command: BlobsCommand,
    },
    /// Load-test fixtures and checks (`make load`); refused in production.
    #[command(hide = true)]
    Loadtest {
        #[command(subcommand)]
        command: LoadtestCommand,
    },
    /// Decode or encode VietQR payloads (no database needed).
    Vietqr {
        #[command(subcommand)]
        command: crate::cli::vietqr::VietQrCommand,
    },
}

#[derive(Debug, Subcommand)]
enum BlobsCommand {
    /// Copy every file the database names from one store to another (`database`,
    /// `directory` under MOTCUA_DATA_DIR/blobs, or `s3`, the bucket MOTCUA_S3_* names),
    /// each checked against its SHA-256; files already there are skipped, so it can be
    /// run again. Then set
    /// MOTCUA_BLOB_STORE to the destination.
    Migrate {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
enum LoadtestCommand {
    /// Record N desk dossiers with a live QR each (on a database without dossiers) and
    /// print them as JSON lines: id, reference, amount_vnd, account_number.
    Prepare {
        #[arg(long)]
        attempts: u32,
    },
    /// Read those lines back from standard input and check that every attempt is paid
    /// with exactly one receipt and receipt numbers have no gaps; prints JSON.
    Check,
}

#[derive(Debug, Subcommand)]
enum StaffCommand {
    /// Create a staff account. The password is read from standard input (first line),
    /// or generated and printed once when standard input is a terminal or empty.
    Create {
        #[arg(long)]
        phone: String,
        #[arg(long)]
        name: String,
        /// officer | manager | admin
        #[arg(long)]
        role: String,
        /// Agency code, required for officers and managers (e.g. 000.00.31.H53).
        #[arg(long)]
        agency: Option<String>,
    },
    /// Remove a member's authenticator app (a lost phone): they enrol a new one by QR
    /// at their next sign-in.
    ResetAuthenticator {
        #[arg(long)]
        phone: String,
    },
}

/// Runs a parsed command line.
///
/// # Errors
/// Configuration, database or validation errors, with a message for the operator.
pub async fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Vietqr { command } = command {
        return crate::cli::vietqr::run(command);
    }
    crate::telemetry::init();
    let settings = Settings::from_env()?;
    run_with(command, settings)
        .await
        .map(|()| std::process::ExitCode::SUCCESS)
}

async fn run_with(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Vietqr { .. } => Ok(()),
        Command::Serve => {
            let app = Application::build(settings.clone()).await?;
            let addr = app.local_addr().map(|a| a.to_string()).unwrap_or_default();
            tracing::info!(
                database = %crate::config::redact_url(&settings.database_url),
                sandbox = settings.sandbox,
                "Một Cửa is serving on http://{addr}"
            );
            app.run().await
        }
        Command::Migrate => {
            open_database(&settings).await?;
            say("Migrations applied.");
            Ok(())
        }
        Command::Seed { demo } => {
            let db = open_database(&settings).await?;
            let services = build_services(&settings, db)?;
            if demo {
                let r = services::seed::seed_demo(&services).await?;
                say(&format!(
                    "Seeded demo data: {} banks, {} agencies, {} procedures added (existing rows kept).",
                    r.banks, r.agencies, r.procedures
                ));
            } else {
                say("Bank table loaded. Use --demo to load demo agencies and procedures.");
            }
            Ok(())
        }
        Command::Staff {
            command:
                StaffCommand::Create {
                    phone,
                    name,
                    role,
                    agency,
                },
        } => {
            let role = Role::parse(&role).context("--role must be officer, manager or admin")?;
            let (password, generated) = read_or_generate_password()?;
            let db = open_database(&settings).await?;
            let services = build_services(&settings, db)?;
            let staff = services::staff::create(
                &services,
                NewStaff {
                    phone,
                    full_name: name,
                    role,
                    agency_code: agency,
                    password: password.clone(),
                },
                Actor::Cli,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            say(&format!(
                "Created {} {} ({}){}.",
                staff.role.as_str(),
                staff.full_name,
                staff.phone,
                staff
                    .agency_code
                    .map(|a| format!(", agency {a}"))
                    .unwrap_or_default()
            ));
            if generated {
                say(&format!("Password (shown once): {password}"));
            }
            Ok(())
        }
        Command::Backup { to } => {
            // Read only: a backup does not migrate the database a node is serving.
            let db = services::Db::connect_with(&settings.database_url, settings.pool).await?;
            let services = build_services(&settings, db)?;
            let done = services::backup::sqlite(&services.db, &services.blobs, &to).await?;
            say(&format!(
                "Backed up to {}: the database ({} bytes) and {} files.",
                to.display(),
                done.database_bytes,
                done.files
            ));
            if let Some(bucket) = services.blobs.bucket() {
                say(&format!(
                    "The files are in the S3 bucket {bucket}, not in this backup: keep them with the \
                     bucket's own versioning or replication (docs/deploy.md, Backups)."
                ));
            }
            Ok(())
        }
        Command::Blobs {
            command: BlobsCommand::Migrate { from, to },
        } => {
            let kind = |v: &str, flag: &str| {
                services::blobs::Kind::parse(v).with_context(|| {
                    format!("--{flag} must be `database`, `directory` or `s3`, not {v:?}")
                })
            };
            let (from, to) = (kind(&from, "from")?, kind(&to, "to")?);
            anyhow::ensure!(from != to, "--from and --to name the same store");
            let db = open_database(&settings).await?;
            let (from_store, to_store) = (
                settings.blobs.open_kind(from, &db)?,
                settings.blobs.open_kind(to, &db)?,
            );
            // A misspelt bucket on either side stops here, not as "missing" files.
            from_store.check().await?;
            to_store.check().await?;
            let done = services::blobs::migrate(&db, &from_store, &to_store).await?;
            say(&format!(
                "Blobs from {} to {}: {} copied, {} already there, {} missing.",
                from.as_str(),
                to.as_str(),
                done.copied,
                done.present,
                done.missing.len()
            ));
            for sha in &done.missing {
                say(&format!("missing: {sha}"));
            }
            anyhow::ensure!(
                done.missing.is_empty(),
                "{} files named in the database are in neither store",
                done.missing.len()
            );
            Ok(())
        }
        Command::Loadtest { command } => {
            anyhow::ensure!(
                settings.environment == crate::config::Environment::Development,
                "load-test fixtures are refused outside development (MOTCUA_ENV=development)"
            );
            let db = open_database(&settings).await?;
            let services = build_services(&settings, db)?;
            match command {
                LoadtestCommand::Prepare { attempts } => {
                    for t in services::seed::load::prepare(&services, attempts).await? {
                        say(&serde_json::to_string(&t)?);
                    }
                    Ok(())
                }
                LoadtestCommand::Check => {
                    use std::io::BufRead as _;
                    let mut targets = Vec::new();
                    for line in std::io::stdin().lock().lines() {
                        let line = line?;
                        if !line.trim().is_empty() {
                            targets
                                .push(serde_json::from_str(&line).context("a line of `prepare`")?);
                        }
                    }
                    let checked = services::seed::load::check(&services, &targets).await?;
                    say(&serde_json::to_string(&checked)?);
                    anyhow::ensure!(
                        checked.ok(),
                        "the load left attempts unpaid or receipts wrong"
                    );
                    Ok(())
                }
            }
        }
        Command::Staff {
            command: StaffCommand::ResetAuthenticator { phone },
        } => {
            let db = open_database(&settings).await?;
            let services = build_services(&settings, db)?;
            services::staff::reset_authenticator(&services, &phone, Actor::Cli)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            say("The authenticator was removed: a new one is enrolled at the next sign-in.");
            Ok(())
        }
    }
}

#[expect(clippy::print_stdout, reason = "CLI output for the operator")]
fn say(line: &str) {
    println!("{line}");
}

fn read_or_generate_password() -> anyhow::Result<(String, bool)> {
    use std::io::{BufRead as _, IsTerminal as _};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if !line.is_empty() {
            return Ok((line, false));
        }
    }
    let password = uuid::Uuid::new_v4().simple().to_string()[..16].to_owned();
    Ok((password, true))
}

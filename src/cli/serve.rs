//! `folio serve` and what every command that opens the database shares.

use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use sqlx::SqlitePool;

use crate::auth::password;
use crate::config::Config;
use crate::db;
use crate::domain::{Email, Role};
use crate::startup::Application;

/// Opens the database, creating it if absent, and applies migrations.
pub async fn open_migrated(config: &Config) -> anyhow::Result<SqlitePool> {
    let pool = db::connect(&config.database_url)
        .await
        .map_err(cannot_open(&config.database_url))?;
    migrated(pool).await
}

/// A database that could not be opened, as the command line reports it
/// (`db::open_error`).
pub fn cannot_open(url: &str) -> impl FnOnce(sqlx::Error) -> anyhow::Error + '_ {
    move |e| anyhow::anyhow!(db::open_error(url, &e))
}

/// Applies pending migrations to an open pool.
pub async fn migrated(pool: SqlitePool) -> anyhow::Result<SqlitePool> {
    db::migrate(&pool)
        .await
        .context("cannot apply migrations")?;
    Ok(pool)
}

const STOPPED: &str = "interrupted: the server stopped before the run ended; \
     nothing of an atomic run was written";

pub async fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let pool = db::connect_server(&config.database_url)
        .await
        .map_err(cannot_open(&config.database_url))?;
    // A damaged file is not served (nor migrated): every request would
    // risk reading garbage or failing half-way, and writes make it worse.
    let problems = db::integrity::quick(&mut *pool.acquire().await?).await;
    if !problems.is_empty() {
        pool.close().await;
        anyhow::bail!(
            "the database {} is damaged (PRAGMA quick_check: {}); folio will not serve it. {}",
            config.database_url,
            problems
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("; "),
            super::doctor::RECOVER
        );
    }
    let pool = migrated(pool).await?;
    let mut conn = pool.acquire().await?;
    let abandoned = db::import_runs::fail_abandoned(&mut conn, Utc::now()).await?;
    db::optimize(&mut conn).await?;
    if abandoned > 0 {
        tracing::warn!(
            abandoned,
            "import runs interrupted by a previous stop were marked failed"
        );
    }
    // Uploads of a server killed mid-import, and dry runs never imported.
    let swept = crate::routes::admin::upload::sweep_stale(
        &std::env::temp_dir(),
        std::time::Duration::from_secs(24 * 3600),
    );
    if swept > 0 {
        tracing::info!(swept, "removed upload folders older than a day");
    }
    ensure_first_admin(&mut conn, &config).await?;
    drop(conn);
    let app = Application::build(config, pool.clone()).await?;
    let jobs = app.import_jobs();
    tracing::info!(address = %app.address(), "folio is serving");
    app.run_until_stopped().await?;
    // Background imports stopped with the server's workers (an atomic
    // one's transaction rolled back): say so in their runs now rather
    // than at the next start.
    let mut conn = pool.acquire().await?;
    for run_id in jobs.live_runs() {
        db::import_runs::fail(&mut conn, run_id, STOPPED, Utc::now()).await?;
        tracing::warn!(run = run_id, "an import was stopped with the server");
    }
    Ok(ExitCode::SUCCESS)
}

/// On an empty users table, creates the first admin from the environment,
/// or with a generated password printed once. Never a known password.
async fn ensure_first_admin(
    conn: &mut sqlx::SqliteConnection,
    config: &Config,
) -> anyhow::Result<()> {
    if !db::has_no_users(conn).await? {
        return Ok(());
    }
    let email_raw = config.admin_email.as_deref().unwrap_or("admin@localhost");
    let email = Email::parse(email_raw).context("FOLIO_ADMIN_EMAIL")?;
    let (secret, generated) = match &config.admin_password {
        Some(p) => (p.clone(), false),
        None => (password::generate(), true),
    };
    let owner = email.to_string();
    let hash = tokio::task::spawn_blocking(move || {
        password::hash_new(&secret, &owner).map(|h| (h, secret))
    })
    .await?
    .map_err(|e| anyhow::anyhow!("FOLIO_ADMIN_PASSWORD: {e}"))?;
    db::users::insert(conn, &email, Role::Admin, &hash.0, Utc::now()).await?;
    if generated {
        // Printed once, on stderr with the other start-up lines.
        eprintln!("created the first admin {email} with password: {}", hash.1);
        eprintln!("(shown once; change it with `folio user passwd {email}`)");
    } else {
        tracing::info!(%email, "created the first admin from FOLIO_ADMIN_EMAIL");
    }
    Ok(())
}

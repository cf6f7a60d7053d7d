//! `folio user …` and `folio token create`.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;

use super::UserCommand;
use super::serve::open_migrated;
use crate::auth::{password, token};
use crate::config::Config;
use crate::db;
use crate::domain::Email;

pub async fn user(config: &Config, command: UserCommand) -> anyhow::Result<ExitCode> {
    let pool = open_migrated(config).await?;
    let mut conn = pool.acquire().await?;
    match command {
        UserCommand::Add { email, role } => {
            let email = Email::parse(&email)?;
            if db::users::find_by_email(&mut conn, &email).await?.is_some() {
                anyhow::bail!("a user {email} already exists");
            }
            let (hash, shown) = password_from_stdin(email.as_str()).await?;
            db::users::insert(&mut conn, &email, role, &hash, Utc::now()).await?;
            report(&format!("created {role} {email}"), shown);
        }
        UserCommand::Passwd { email } => {
            let user = find(&mut conn, &email).await?;
            let (hash, shown) = password_from_stdin(&user.email).await?;
            // A new password also lifts the login throttle: nobody is
            // locked out for good.
            db::users::set_password(&mut conn, user.id, &hash, None, Utc::now()).await?;
            report(
                &format!(
                    "password of {email} changed; their sessions were ended and failed logins forgotten"
                ),
                shown,
            );
        }
        UserCommand::Disable { email } => {
            let user = find(&mut conn, &email).await?;
            db::users::disable(&mut conn, user.id, Utc::now()).await?;
            eprintln!("disabled {email}: their sessions and API tokens no longer work");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn create_token(config: &Config, name: &str, email: &str) -> anyhow::Result<ExitCode> {
    let pool = open_migrated(config).await?;
    let mut conn = pool.acquire().await?;
    let user = find(&mut conn, email).await?;
    if user.disabled_at.is_some() {
        anyhow::bail!("{email} is disabled");
    }
    let secret = token::new_api_token();
    db::tokens::insert(&mut conn, name, &token::hash(&secret), user.id, Utc::now()).await?;
    // Only the hash is stored: this is the one time the token is shown.
    println!("{secret}");
    Ok(ExitCode::SUCCESS)
}

async fn find(
    conn: &mut sqlx::SqliteConnection,
    email: &str,
) -> anyhow::Result<db::users::UserRow> {
    let email = Email::parse(email)?;
    db::users::find_by_email(conn, &email)
        .await?
        .with_context(|| format!("no user {email}"))
}

/// The password's hash, and the password itself when folio generated it
/// (so it is printed). A password is read from stdin when stdin is not a
/// terminal and holds a non-empty first line.
async fn password_from_stdin(email: &str) -> anyhow::Result<(String, Option<String>)> {
    let typed = if std::io::stdin().is_terminal() {
        None
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\n', '\r']).to_owned();
        (!line.is_empty()).then_some(line)
    };
    let generated = typed.is_none();
    let secret = typed.unwrap_or_else(password::generate);
    let email = email.to_owned();
    let (hash, secret) = tokio::task::spawn_blocking(move || {
        password::hash_new(&secret, &email).map(|h| (h, secret))
    })
    .await?
    .map_err(|e| anyhow::anyhow!("the password: {e}"))?;
    Ok((hash, generated.then_some(secret)))
}

fn report(what: &str, generated: Option<String>) {
    eprintln!("{what}");
    if let Some(secret) = generated {
        // The only time it is shown.
        println!("{secret}");
    }
}

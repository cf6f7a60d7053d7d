//! `folio doctor`: every integrity check, on demand; and the advice a
//! damaged database gets, here and from `folio serve`.

use std::process::ExitCode;

use crate::config::Config;
use crate::db::{self, integrity};

/// What to do with a damaged database, for a person.
pub const RECOVER: &str = "To recover: stop folio and keep a copy of the file; restore the latest \
     backup (`folio export --format sqlite` or Litestream's replica), or rescue what can still be \
     read into a new database: `sqlite3 DAMAGED.db .recover | sqlite3 rescued.db`, then point \
     FOLIO_DATABASE_URL at it and run `folio doctor` again.";

pub async fn doctor(config: &Config) -> anyhow::Result<ExitCode> {
    let pool = db::connect(&config.database_url)
        .await
        .map_err(super::serve::cannot_open(&config.database_url))?;
    let mut conn = pool.acquire().await?;
    let problems = integrity::full(&mut conn).await;
    let counts: Result<(i64, i64, i64), sqlx::Error> = sqlx::query_as(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_revisions), \
                (SELECT count(*) FROM users)",
    )
    .fetch_one(&mut *conn)
    .await;
    drop(conn);
    pool.close().await;
    if problems.is_empty() {
        let (articles, revisions, users) = counts.unwrap_or_default();
        println!(
            "{}: sound (integrity_check, foreign keys, search index); {articles} articles, \
             {revisions} revisions, {users} users",
            config.database_url
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}: damaged", config.database_url);
    for p in &problems {
        println!("  {p}");
    }
    eprintln!("{RECOVER}");
    Ok(ExitCode::FAILURE)
}

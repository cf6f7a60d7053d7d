//! Times an editor's save in-process, phase by phase: what a save costs
//! without HTTP. The body is rendered before the transaction, as the
//! editor does (`derived::Prepared`), and timed apart. `SQL` statements given after the count run first (to try
//! settings such as FTS5's automerge).
//!
//! usage: cargo run --release --example bench_save -- DB_URL COUNT [SQL...]

use std::time::Instant;

use folio::db::{self, article_edits, articles};
use folio::derived::Prepared;

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = || anyhow::anyhow!("usage: bench_save DB_URL COUNT [SQL...]");
    let url = args.next().ok_or_else(usage)?;
    let count: i64 = args.next().ok_or_else(usage)?.parse()?;
    let pool = db::connect_server(&url).await?;
    for sql in args {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&pool)
            .await?;
    }
    let user: i64 = sqlx::query_scalar("SELECT id FROM users ORDER BY id LIMIT 1")
        .fetch_one(&pool)
        .await?;
    let first: i64 = sqlx::query_scalar("SELECT min(id) FROM articles WHERE deleted_at IS NULL")
        .fetch_one(&pool)
        .await?;
    let (mut total, mut render, mut lock, mut commit) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..count {
        let id = first + i * 97;
        let started = Instant::now();
        let Some(read) = articles::load(&mut *pool.acquire().await?, id).await? else {
            continue;
        };
        let mut state = read.state();
        state.title = format!("bench {i} {}", state.title);
        let prepared = Prepared::for_state(&state).await?;
        let rendered = Instant::now();
        let mut tx = db::begin_write(&pool).await?;
        let locked = Instant::now();
        let Some(current) = articles::load(&mut tx, id).await? else {
            continue;
        };
        let version = current.row.version;
        let now = chrono::Utc::now();
        article_edits::save(&mut tx, &current, version, state, &prepared, user, now).await?;
        let saved = Instant::now();
        tx.commit().await?;
        let done = Instant::now();
        total.push((done - started).as_secs_f64() * 1000.0);
        render.push((rendered - started).as_secs_f64() * 1000.0);
        lock.push((saved - locked).as_secs_f64() * 1000.0);
        commit.push((done - saved).as_secs_f64() * 1000.0);
    }
    for (name, v) in [
        ("total", &mut total),
        ("rendering", &mut render),
        ("in transaction", &mut lock),
        ("commit", &mut commit),
    ] {
        v.sort_by(f64::total_cmp);
        println!(
            "{name:>15}: p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms",
            pct(v, 0.5),
            pct(v, 0.99),
            v[v.len() - 1]
        );
    }
    Ok(())
}

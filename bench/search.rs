//! Times folio's search on a database: each query runs `RUNS` times (the
//! first page of 20 hits, with snippets, as a results page needs) and the
//! p50/p95 latencies are printed.
//!
//! usage: cargo run --release --example bench_search -- DB_URL QUERY...

use std::time::Instant;

use folio::db::{self, search_index};
use folio::search::{SearchQuery, html_snippet};

const RUNS: usize = 60;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: bench_search DB_URL QUERY..."))?;
    let pool = db::connect(&url).await?;
    let mut conn = pool.acquire().await?;
    for q in args {
        let query =
            SearchQuery::parse(&q).ok_or_else(|| anyhow::anyhow!("{q}: nothing to search"))?;
        let mut times = Vec::with_capacity(RUNS);
        let mut hits = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let page = search_index::search(&mut conn, &query, false, 20, 0).await?;
            let snippets: usize = page
                .iter()
                .map(|h| html_snippet(&h.body_html, &query, 40).len())
                .sum();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            hits = page.len();
            std::hint::black_box(snippets);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "query={q} chars={} hits_on_page={hits} p50_ms={:.2} p95_ms={:.2}",
            q.chars().count(),
            pct(0.50),
            pct(0.95)
        );
    }
    Ok(())
}

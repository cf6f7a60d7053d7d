//! The editor page in headless chromium (issue 16's targets): how long
//! after navigation the visual editor is ready for typing with a body of
//! KIB (the seeds' HTML repeated), and what the editor's own assets weigh
//! as sent (gzipped), from the browser's Performance API. The first load
//! is cold (nothing cached), the rest warm. Then the source mode's first
//! opening, which loads CodeMirror. Prints figures; asserts nothing.
//!
//! Needs Debian's chromium and chromium-driver (FOLIO_CHROMEDRIVER and
//! FOLIO_CHROMIUM name others).
//!
//! usage: cargo run --release --example bench_editor -- [KIB=100] [RUNS=10]

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use folio::auth::password;
use folio::config::Config;
use folio::db::{self, article_edits};
use folio::derived::Prepared;
use folio::domain::{ArticleState, Email, Role};
use folio::startup::Application;

const PASSWORD: &str = "bench-editor-password-7";

fn body_of(seed: &str) -> &str {
    seed.splitn(3, "\n---\n").nth(2).unwrap_or(seed)
}

fn first_existing(paths: &[&str]) -> Option<String> {
    paths
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| (*p).to_owned())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let kib: usize = args.next().map_or(Ok(100), |a| a.parse())?;
    let runs: usize = args.next().map_or(Ok(10), |a| a.parse())?;

    // folio over a fresh database holding one article of KIB.
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("folio.db").display());
    let pool = db::connect(&url).await?;
    db::migrate(&pool).await?;
    let now = chrono::Utc::now();
    let mut conn = pool.acquire().await?;
    let email = Email::parse("bench@folio.test")?;
    let user = db::users::insert(
        &mut conn,
        &email,
        Role::Editor,
        &password::hash(PASSWORD)?,
        now,
    )
    .await?;
    drop(conn);
    let mut body = String::from("<div>\n");
    let seeds = [
        include_str!("../seeds/000_94ec247d2f0d791e.txt"),
        include_str!("../seeds/001_536809ad39583f54.txt"),
    ];
    while body.len() < kib * 1024 {
        for s in seeds {
            let inner = body_of(s).trim();
            body.push_str(
                inner
                    .strip_prefix("<div>")
                    .unwrap_or(inner)
                    .trim_end()
                    .strip_suffix("</div>")
                    .unwrap_or(inner),
            );
        }
    }
    body.push_str("\n</div>\n");
    let state = ArticleState {
        title: "编辑器的基准".into(),
        slug: "bench-editor".into(),
        body,
        ..ArticleState::blank(now)
    };
    let prepared = Prepared::for_state(&state).await?;
    let mut tx = db::begin_write(&pool).await?;
    let id = article_edits::create(&mut tx, state, &prepared, user, now)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await?;
    let config = Config::from_lookup(|name| match name {
        "FOLIO_DATABASE_URL" => Some(url.clone()),
        "FOLIO_BIND" => Some("127.0.0.1:0".into()),
        _ => None,
    })?;
    let app = Application::build(config, pool.clone()).await?;
    let base = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());

    // Headless chromium.
    let driver_path = std::env::var("FOLIO_CHROMEDRIVER")
        .ok()
        .or_else(|| first_existing(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]));
    let chromium = std::env::var("FOLIO_CHROMIUM")
        .ok()
        .or_else(|| first_existing(&["/usr/lib/chromium/chromium", "/usr/bin/chromium"]));
    let (Some(driver_path), Some(chromium)) = (driver_path, chromium) else {
        anyhow::bail!(
            "chromium and chromedriver are needed (apt-get install chromium chromium-driver)"
        );
    };
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut driver = Command::new(driver_path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let profile = tempfile::tempdir()?;
    let serde_json::Value::Object(caps) = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=zh-CN",
                     format!("--user-data-dir={}", profile.path().display())],
        },
    }) else {
        unreachable!()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(200)).await
            }
            Err(e) => anyhow::bail!("no chromium session: {e}"),
        }
    };

    client.goto(&format!("{base}/admin/login")).await?;
    client
        .find(Locator::Css("input[name=email]"))
        .await?
        .send_keys("bench@folio.test")
        .await?;
    client
        .find(Locator::Css("input[name=password]"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    client
        .find(Locator::Css("#login-form button[type=submit]"))
        .await?
        .click()
        .await?;
    client.wait().for_element(Locator::Css("#logout")).await?;

    let editor = format!("{base}/admin/articles/{id}");
    let mut ready = Vec::new();
    let mut assets = serde_json::Value::Null;
    for run in 0..runs {
        if run == 0 {
            // Cold: nothing of the editor's in the cache yet.
            client
                .execute(
                    "localStorage.setItem('folio-editor-mode', 'visual');",
                    vec![],
                )
                .await?;
        }
        client.goto(&editor).await?;
        client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("html[data-editor-ready]"))
            .await?;
        let ms = client
            .execute(
                "return performance.getEntriesByName('folio-editor-ready')[0].startTime;",
                vec![],
            )
            .await?
            .as_f64()
            .unwrap_or(f64::NAN);
        ready.push(ms);
        if run == 0 {
            assets = client
                .execute(
                    "return performance.getEntriesByType('resource')
                       .filter(r => r.name.includes('/static/'))
                       .map(r => [new URL(r.name).pathname, r.encodedBodySize, r.decodedBodySize]);",
                    vec![],
                )
                .await?;
        }
    }
    let blocks = client
        .execute(
            "return document.querySelector('#visual-editor .ProseMirror').children.length;",
            vec![],
        )
        .await?;
    let html_bytes = client
        .execute("return document.documentElement.outerHTML.length;", vec![])
        .await?;

    // The source mode's first opening: CodeMirror loads.
    let started = Instant::now();
    client
        .find(Locator::Css("#editor-modes [data-mode=source]"))
        .await?
        .click()
        .await?;
    client
        .wait()
        .for_element(Locator::Css("#source-editor .cm-content"))
        .await?;
    let source_ms = started.elapsed().as_secs_f64() * 1000.0;
    let codemirror = client
        .execute(
            "return performance.getEntriesByType('resource')
               .filter(r => r.name.includes('codemirror'))
               .map(r => [new URL(r.name).pathname, r.encodedBodySize, r.decodedBodySize]);",
            vec![],
        )
        .await?;

    println!(
        "body: {kib} KiB, {blocks} blocks in the visual editor; the page's HTML {html_bytes} characters"
    );
    println!(
        "ready for typing after navigation (ms): cold {:.0}",
        ready[0]
    );
    let mut warm: Vec<f64> = ready[1..].to_vec();
    warm.sort_by(f64::total_cmp);
    if !warm.is_empty() {
        println!(
            "  warm ({} loads): best {:.0}, median {:.0}, worst {:.0}",
            warm.len(),
            warm[0],
            warm[warm.len() / 2],
            warm[warm.len() - 1]
        );
    }
    let mut total = 0;
    println!("assets of the editor page (bytes sent, gzipped / as text):");
    for entry in assets
        .as_array()
        .into_iter()
        .flatten()
        .chain(codemirror.as_array().into_iter().flatten())
    {
        let sent = entry[1].as_u64().unwrap_or(0);
        total += sent;
        println!(
            "  {:<28} {:>8} / {:>8}",
            entry[0].as_str().unwrap_or(""),
            sent,
            entry[2]
        );
    }
    println!(
        "  total sent: {total} bytes ({:.0} KB)",
        total as f64 / 1000.0
    );
    println!("source mode first opened in {source_ms:.0} ms (CodeMirror loaded)");

    client.close().await?;
    let _ = driver.kill();
    Ok(())
}

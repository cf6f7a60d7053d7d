//! Images (issue 17's targets). Prints figures; asserts nothing.
//!
//! - `derive`: a 24-megapixel JPEG uploaded to folio over HTTP: how soon the
//!   upload answers, and how soon after its smaller copies are made (the
//!   background worker); then `media::derive::make` alone, best of 3.
//!   Target: copies ready under 1.5 s; the answer before they are made.
//! - `fetch ARTICLES`: ARTICLES (1,000) articles of 5 remote images each
//!   (~200 KB JPEGs, each different) served from 127.0.0.1 by a child
//!   process; `media_fetch` brings them all home with folio's limits (2 a
//!   host, 8 in all). Images/s and this process's peak RSS. Target: ≥ 100
//!   images/s, RSS < 200 MiB.
//! - `library IMAGES`: IMAGES (100,000) images in the library, a third used
//!   by articles; p50/p99 of the library page (first page, the unused
//!   filter, a search by file name, page 1,000) over 200 requests each.
//!   Target: p99 < 50 ms.
//!
//! usage: cargo run --release --example bench_media -- derive | fetch [N] | library [N]

use std::time::{Duration, Instant};

use folio::auth::password;
use folio::config::Config;
use folio::db;
use folio::domain::{Email, Role};
use folio::startup::Application;

const PASSWORD: &str = "bench-media-password-7";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "derive".into());
    let n: Option<usize> = args.next().map(|a| a.parse()).transpose()?;
    match what.as_str() {
        "derive" => derive().await,
        "fetch" => fetch(n.unwrap_or(1000)).await,
        "library" => library(n.unwrap_or(100_000)).await,
        "serve-images" => serve_images(n.unwrap_or(0) as u16).await,
        other => anyhow::bail!("unknown benchmark {other:?}: derive, fetch or library"),
    }
}

/// A fresh database with an editor; its URL and folder.
async fn fresh() -> anyhow::Result<(tempfile::TempDir, String, sqlx::SqlitePool)> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("folio.db").display());
    let pool = db::connect(&url).await?;
    db::migrate(&pool).await?;
    let email = Email::parse("bench@folio.test")?;
    db::users::insert(
        &mut *pool.acquire().await?,
        &email,
        Role::Editor,
        &password::hash(PASSWORD)?,
        chrono::Utc::now(),
    )
    .await?;
    Ok((dir, url, pool))
}

fn config(url: &str, extra: &[(&str, &str)]) -> anyhow::Result<Config> {
    let url = url.to_owned();
    let extra: Vec<(String, String)> = extra
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Ok(Config::from_lookup(move |name| match name {
        "FOLIO_DATABASE_URL" => Some(url.clone()),
        "FOLIO_BIND" => Some("127.0.0.1:0".into()),
        other => extra
            .iter()
            .find(|(k, _)| k == other)
            .map(|(_, v)| v.clone()),
    })?)
}

/// A logged-in client of the server at `base`.
async fn logged_in(base: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let r = client
        .post(format!("{base}/admin/login"))
        .form(&[
            ("email", "bench@folio.test"),
            ("password", PASSWORD),
            ("next", "/admin"),
        ])
        .send()
        .await?;
    anyhow::ensure!(r.status() == 303, "login: {}", r.status());
    Ok(client)
}

/// A photo-like JPEG (gradients and grain, which JPEG cannot make small).
fn photo(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let grain = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729) ^ seed.wrapping_mul(31)) % 23;
        image::Rgb([
            ((x * 255 / width) as u8).wrapping_add(grain as u8),
            ((y * 255 / height) as u8).wrapping_add(grain as u8),
            (((x + y) / 8 % 256) as u8) ^ (seed as u8),
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88)
        .encode_image(&img)
        .expect("encode");
    out
}

async fn derive() -> anyhow::Result<()> {
    let jpeg = photo(6000, 4000, 1);
    println!(
        "a 6000 × 4000 JPEG of {:.1} MiB",
        jpeg.len() as f64 / 1024.0 / 1024.0
    );
    let (_dir, url, pool) = fresh().await?;
    let app = Application::build(config(&url, &[])?, pool.clone()).await?;
    let base = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());
    let client = logged_in(&base).await?;
    let page = client
        .get(format!("{base}/admin/media"))
        .send()
        .await?
        .text()
        .await?;
    let csrf = page
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(jpeg.clone()).file_name("photo.jpg"),
    );
    let sent = Instant::now();
    let r = client
        .post(format!("{base}/admin/api/media"))
        .header("x-csrf-token", csrf)
        .multipart(form)
        .send()
        .await?;
    let answered = sent.elapsed();
    anyhow::ensure!(r.status() == 201, "upload: {}", r.status());
    let hash = r.json::<serde_json::Value>().await?["hash"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    loop {
        let derived: Option<String> =
            sqlx::query_scalar("SELECT derived FROM media WHERE hash = ?1")
                .bind(&hash)
                .fetch_one(&pool)
                .await?;
        if let Some(list) = derived {
            println!(
                "upload answered in {} ms; copies ({list}) ready {} ms after it was sent",
                answered.as_millis(),
                sent.elapsed().as_millis()
            );
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let image = folio::media::inspect(&jpeg, u64::MAX)?;
    let plan = folio::media::derive::plan(&image, &jpeg);
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let made = folio::media::derive::make(&jpeg, &image, &plan)?;
        best = best.min(start.elapsed());
        assert_eq!(made.len(), plan.len());
    }
    println!(
        "media::derive::make alone (decode, upright, {} copies): best of 3 {} ms",
        plan.len(),
        best.as_millis()
    );
    Ok(())
}

/// The child process: a web server of distinct ~200 KB JPEGs
/// (`/{n}.jpg`: one photo with `n` after its end, which decoders skip).
async fn serve_images(port: u16) -> anyhow::Result<()> {
    use actix_web::{App, HttpResponse, HttpServer, web};
    let base = web::Bytes::from(photo(760, 560, 7));
    eprintln!("serving {} KB images", base.len() / 1024);
    HttpServer::new(move || {
        let base = base.clone();
        App::new().route(
            "/{n}.jpg",
            web::get().to(move |n: web::Path<u64>| {
                let mut body = base.to_vec();
                body.extend_from_slice(&n.to_le_bytes());
                async move { HttpResponse::Ok().content_type("image/jpeg").body(body) }
            }),
        )
    })
    .workers(1)
    .bind(("127.0.0.1", port))?
    .run()
    .await?;
    Ok(())
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

async fn fetch(articles: usize) -> anyhow::Result<()> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut server = std::process::Command::new(std::env::current_exe()?)
        .args(["serve-images", &port.to_string()])
        .spawn()?;
    let (_dir, url, pool) = fresh().await?;
    // The articles, written as an import writes them.
    let now = chrono::Utc::now();
    for chunk in (0..articles).collect::<Vec<_>>().chunks(500) {
        let mut tx = db::begin_write(&pool).await?;
        for &i in chunk {
            let body: String = (0..5)
                .map(|k| {
                    format!(
                        "<p>第 {k} 张</p><p><img src=\"http://127.0.0.1:{port}/{}.jpg\"></p>",
                        i * 5 + k
                    )
                })
                .collect();
            let state = folio::domain::ArticleState {
                slug: format!("a{i}"),
                title: format!("文章 {i}"),
                status: folio::domain::ArticleStatus::Published,
                body,
                ..folio::domain::ArticleState::blank(now)
            };
            let prepared = folio::derived::Prepared::for_state(&state).await?;
            db::article_edits::create(&mut tx, state, &prepared, 1, now).await?;
        }
        tx.commit().await?;
    }
    // The server is up by now; wait for it all the same.
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let config = config(&url, &[("FOLIO_MEDIA_FETCH_ALLOW", "127.0.0.1")])?;
    let store = folio::media::MediaStore::open(&config.media)?;
    let fetcher = folio::outbound::Fetcher::new(folio::media_fetch::fetch_settings(&config))?;
    let derivatives = folio::media_jobs::Derivatives::default();
    let progress = folio::media_fetch::Progress::default();
    let bringer = folio::media_fetch::Bringer {
        library: folio::media_library::Library {
            pool: &pool,
            store: &store,
            derivatives: &derivatives,
            max_bytes: config.max_media_bytes,
        },
        fetcher: &fetcher,
        by: folio::media_library::Keeper {
            user_id: None,
            actor: "bench",
        },
        progress: &progress,
    };
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM articles WHERE slug LIKE 'a%' ORDER BY id")
            .fetch_all(&pool)
            .await?;
    let rss_before = peak_rss_mib();
    let start = Instant::now();
    let report = bringer.run(&ids).await?;
    let took = start.elapsed();
    let _ = server.kill();
    let images = report.fetched + report.had;
    println!(
        "{} articles, {} rewritten; {} images fetched, {} failed in {:.1} s: {:.0} images/s; \
         peak RSS {:.0} MiB ({:.0} MiB before the run)",
        report.articles,
        report.rewritten,
        images,
        report.failed,
        took.as_secs_f64(),
        images as f64 / took.as_secs_f64(),
        peak_rss_mib(),
        rss_before
    );
    Ok(())
}

async fn library(images: usize) -> anyhow::Result<()> {
    let (_dir, url, pool) = fresh().await?;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM articles ORDER BY id")
        .fetch_all(&pool)
        .await?;
    // Rows only: the page reads rows, not files.
    let mut tx = db::begin_write(&pool).await?;
    for i in 0..images {
        let hash = format!("{:064x}", i as u128 * 2_654_435_761);
        sqlx::query(
            "INSERT INTO media (hash, mime, bytes, width, height, file_name, original_url, created_at, derived) \
             VALUES (?1, 'image/jpeg', 200000, 1200, 800, ?2, ?3, ?4, '480.jpg 480.webp 960.jpg 960.webp 1200.webp')",
        )
        .bind(&hash)
        .bind(format!("photo-{i}.jpg"))
        .bind((i % 2 == 0).then(|| format!("https://img{}.example.com/wp/{i}.jpg", i % 50)))
        .bind(1_600_000_000 + i as i64)
        .execute(&mut *tx)
        .await?;
        if i % 3 == 0 && !ids.is_empty() {
            sqlx::query("INSERT OR IGNORE INTO article_media (article_id, hash) VALUES (?1, ?2)")
                .bind(ids[i % ids.len()])
                .bind(&hash)
                .execute(&mut *tx)
                .await?;
        }
    }
    // What `db::media::insert` does for each image, for all at once.
    sqlx::raw_sql(
        "UPDATE media SET seq = numbered.n \
           FROM (SELECT hash, row_number() OVER (ORDER BY created_at, hash) AS n FROM media) AS numbered \
           WHERE numbered.hash = media.hash; \
         UPDATE media SET uses = (SELECT count(*) FROM article_media am WHERE am.hash = media.hash); \
         INSERT INTO media_fts (rowid, name) \
           SELECT seq, coalesce(file_name, '') || ' ' || coalesce(original_url, '') FROM media;",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    let app = Application::build(config(&url, &[])?, pool.clone()).await?;
    let base = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());
    let client = logged_in(&base).await?;
    for (what, path) in [
        ("first page", "/admin/media".to_owned()),
        ("unused", "/admin/media?unused=1".to_owned()),
        ("search by name", "/admin/media?q=photo-4242".to_owned()),
        (
            "search by host",
            "/admin/media?q=img7.example.com".to_owned(),
        ),
        ("page 1,000", "/admin/media?page=1000".to_owned()),
        ("API, first page", "/admin/api/media".to_owned()),
    ] {
        let mut times = Vec::new();
        for _ in 0..200 {
            let start = Instant::now();
            let r = client.get(format!("{base}{path}")).send().await?;
            anyhow::ensure!(r.status() == 200, "{path}: {}", r.status());
            r.bytes().await?;
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "{images} images, {what}: p50 {:.1} ms, p99 {:.1} ms",
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times[times.len() * 99 / 100].as_secs_f64() * 1000.0
        );
    }
    Ok(())
}

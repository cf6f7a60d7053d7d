//! Imports cost bounded memory whatever the archive's shape: bombs are
//! refused by their ratio before they are unpacked, the items in flight
//! are bounded in bytes, a rolled-back import leaves no giant WAL, upload
//! names past a file system's limit are a clear 4xx, and the upload
//! folders of a killed server are swept at start.

use std::io::Write;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::admin_api_async::post_zip;
use crate::app::TestApp;
use crate::helpers::TestDb;
use crate::serve::{free_port, spawn_serve_with, wait_healthy};

const MIB: usize = 1024 * 1024;

/// A zip of `count` entries of 15 MiB of one byte, compressed once and
/// copied (each ~15 KB packed).
fn zip_bomb(path: &std::path::Path, count: usize) -> Vec<u8> {
    let one = path.with_extension("one.zip");
    crate::helpers::zip_of(&one, &[("a.md", &vec![b'a'; 15 * MIB])]);
    let mut source = zip::ZipArchive::new(std::fs::File::open(&one).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..count {
        let entry = source.by_index_raw(0).unwrap();
        out.raw_copy_file_rename(entry, format!("bomb-{i}.md"))
            .unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn codes(report: &Value) -> Vec<String> {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["error"]["code"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn archives_that_unpack_past_their_ratio_are_refused_before_they_are_unpacked() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let dir = app.db.folder("bombs");
    // 60 entries of 15 MiB in 0.9 MB: the archive says so, and is refused whole.
    let bomb = zip_bomb(&dir.join("bomb"), 60);
    let (status, report) = app.api_import(&token, "", "application/zip", bomb).await;
    assert_eq!(status, 422, "{report}");
    assert_eq!(codes(&report), ["too_large"], "{report}");
    let message = report["items"][0]["error"]["message"].as_str().unwrap();
    assert!(message.contains("100 times its packed size"), "{message}");
    // One bomb entry beside a megabyte that does not compress: the
    // archive's ratio is fine, the entry's is not.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let noise: Vec<u8> = (0..MIB)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let path = crate::helpers::zip_of(
        &dir.join("mixed.zip"),
        &[("noise.md", &noise), ("bomb.md", &vec![b'a'; 15 * MIB])],
    );
    let (_, report) = app
        .api_import(&token, "", "application/zip", std::fs::read(path).unwrap())
        .await;
    assert!(
        codes(&report).contains(&"compression_ratio".to_owned()),
        "{report}"
    );
    // A tar.gz keeps no packed sizes: the whole archive's ratio holds it.
    let path =
        crate::helpers::tar_gz_of(&dir.join("bomb.tar.gz"), &[("a.md", &vec![b'a'; 15 * MIB])]);
    let (_, report) = app
        .api_import(&token, "", "application/gzip", std::fs::read(path).unwrap())
        .await;
    assert_eq!(codes(&report), ["too_large"], "{report}");
    assert_eq!(app.db.count("articles").await, 2, "nothing was written");
}

/// The largest amount of memory the process `pid` has used, in MiB.
fn peak_rss_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kib / 1024
}

#[tokio::test]
async fn a_large_import_holds_bounded_memory_and_its_rollback_leaves_no_giant_wal() {
    let t = TestDb::new().await;
    let mut conn = t.pool.acquire().await.unwrap();
    let email = folio::domain::Email::parse("ops@folio.test").unwrap();
    let hash = folio::auth::password::hash("ops-granite-kettle-9").unwrap();
    let now = chrono::Utc::now();
    folio::db::users::insert(&mut conn, &email, folio::domain::Role::Admin, &hash, now)
        .await
        .unwrap();
    let token = folio::auth::token::new_api_token();
    let token_hash = folio::auth::token::hash(&token);
    folio::db::tokens::insert(&mut conn, "ops", &token_hash, 1, now)
        .await
        .unwrap();
    drop(conn);
    let port = free_port();
    let mut server = spawn_serve_with(&t, port, &[("FOLIO_MAX_UPLOAD_BYTES", "268435456")]);
    wait_healthy(port).await;
    let base = format!("http://127.0.0.1:{port}");
    let idle = peak_rss_mib(server.id());

    // Twelve posts of 15 MiB of Chinese HTML (stored: nothing to inflate),
    // then one that fails: an atomic import writes them all, then rolls back.
    let seed = std::fs::read_to_string(crate::helpers::seed_paths()[0].clone()).unwrap();
    let body = seed.split("\n---").nth(1).unwrap().to_owned();
    let post = format!(
        "---\ntitle: big\n---\n{}",
        body.repeat(15 * MIB / body.len())
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..12 {
        zip.start_file(format!("big-{i:02}.md"), stored).unwrap();
        zip.write_all(post.as_bytes()).unwrap();
    }
    zip.start_file("zz-bad.md", stored).unwrap();
    zip.write_all(b"---\ntitle: [unclosed\n---\nbody").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let r = post_zip(&base, &token, "?async=false", bytes).await;
    let (status, report): (u16, Value) = (r.status().as_u16(), r.json().await.unwrap());
    assert_eq!(status, 422, "{report}");
    assert_eq!(report["summary"]["failed"], 1, "{report}");

    let peak = peak_rss_mib(server.id());
    // Without a bound in bytes the twelve items were all in flight: 726
    // MiB. With it, one 15 MiB source (and its HTML and tokens) at a time:
    // 389 MiB here (a debug build), most of it SQLite's FTS5 taking in one
    // document of 35 MiB of tokens.
    assert!(peak < 500, "peak RSS {peak} MiB (idle {idle} MiB)");
    let wal = t.dir.path().join("folio.db-wal");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let size = std::fs::metadata(&wal).map_or(0, |m| m.len());
        if size <= 64 * MIB as u64 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the WAL stayed at {} MiB",
            size / MIB as u64
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
}

#[tokio::test]
async fn an_upload_name_past_255_bytes_is_a_clear_4xx() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let name = format!("{}.md", "长".repeat(100));
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(crate::helpers::post("x", "")).file_name(name),
    );
    let r = app
        .api(reqwest::Method::POST, &token, "/admin/api/import")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("超过了 249 字节"),
        "{body}"
    );
}

#[tokio::test]
async fn upload_folders_of_a_killed_server_are_swept_at_start() {
    let t = TestDb::new().await;
    let orphan = std::env::temp_dir().join(format!("folio-upload-orphan{}", std::process::id()));
    std::fs::create_dir_all(&orphan).unwrap();
    std::fs::write(orphan.join("00001-a.md"), "x").unwrap();
    // An id past the largest Linux gives: that process is gone.
    std::fs::write(orphan.join(".owner"), "4194305").unwrap();
    let port = free_port();
    let mut server = spawn_serve_with(&t, port, &[]);
    wait_healthy(port).await;
    assert!(!orphan.exists(), "the orphaned upload folder was swept");
    server.kill().unwrap();
    server.wait().unwrap();
}

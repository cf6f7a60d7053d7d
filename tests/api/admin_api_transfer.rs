//! `POST /admin/api/import` and `GET /admin/api/export` over real HTTP,
//! as scripts use them (an API token).

use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::app::TestApp;
use crate::helpers::{post, tar_gz_of, zip_of};

#[tokio::test]
async fn every_import_form_reports_and_a_repeat_is_unchanged() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let dir = app.db.folder("in");
    // multipart with two files
    let form = Form::new()
        .part("file", Part::bytes(post("甲", "")).file_name("a.md"))
        .part("file", Part::bytes(post("乙", "")).file_name("b.md"));
    let r = reqwest::Client::new()
        .post(format!("{}/admin/api/import", app.base))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["summary"]["created"], 2);
    // zip, tar.gz, and the JSON export of it all
    let zip = std::fs::read(zip_of(&dir.join("p.zip"), &[("z.md", &post("丙", ""))])).unwrap();
    let (status, report) = app
        .api_import(&token, "", "application/zip", zip.clone())
        .await;
    assert_eq!(
        (status, report["summary"]["created"].as_i64()),
        (200, Some(1))
    );
    let tgz = std::fs::read(tar_gz_of(
        &dir.join("p.tar.gz"),
        &[("t.md", &post("丁", ""))],
    ))
    .unwrap();
    let (status, report) = app.api_import(&token, "", "application/gzip", tgz).await;
    assert_eq!(
        (status, report["summary"]["created"].as_i64()),
        (200, Some(1))
    );
    let export = reqwest::Client::new()
        .get(format!("{}/admin/api/export?format=json", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let disposition = export.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"folio-")
            && disposition.ends_with(".json\"")
    );
    let json = export.bytes().await.unwrap().to_vec();
    let (status, report) = app.api_import(&token, "", "application/json", json).await;
    assert_eq!(status, 200);
    assert_eq!(report["summary"]["unchanged"], 6, "{report}");
    let (_, report) = app.api_import(&token, "", "application/zip", zip).await;
    assert_eq!(report["summary"]["unchanged"], 1);
}

#[tokio::test]
async fn options_dry_run_and_an_atomic_failure_write_nothing() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let dir = app.db.folder("in");
    let zip = std::fs::read(zip_of(
        &dir.join("p.zip"),
        &[
            ("good.md", &post("好", "")),
            ("bad.md", b"---\ntitle: [oops\n---\nx"),
        ],
    ))
    .unwrap();
    let (status, report) = app
        .api_import(&token, "", "application/zip", zip.clone())
        .await;
    assert_eq!(status, 422);
    assert_eq!(report["summary"]["failed"], 1);
    let bad = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["status"] == "failed")
        .unwrap();
    assert!(bad["source"].as_str().unwrap().ends_with("bad.md"), "{bad}");
    assert!(bad["error"]["line"].is_number(), "{bad}");
    assert_eq!(app.db.count("articles").await, 2, "nothing written");
    let (status, report) = app
        .api_import(
            &token,
            "?dry_run=true&atomic=false",
            "application/zip",
            zip.clone(),
        )
        .await;
    assert_eq!((status, report["dry_run"].as_bool()), (200, Some(true)));
    assert_eq!(app.db.count("articles").await, 2);
    let (status, report) = app
        .api_import(&token, "?atomic=false", "application/zip", zip)
        .await;
    assert_eq!(
        (status, report["summary"]["created"].as_i64()),
        (200, Some(1))
    );
    assert_eq!(app.db.count("articles").await, 3);
    let (status, _) = app
        .api_import(
            &token,
            "?on_conflict=sideways",
            "application/zip",
            Vec::new(),
        )
        .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn wrong_types_big_bodies_and_authors_are_refused_with_the_error_shape() {
    let app = TestApp::spawn_with(&[("FOLIO_MAX_UPLOAD_BYTES", "1000")]).await;
    let token = app.token_for(2).await;
    let (status, body) = app
        .api_import(&token, "", "text/plain", b"hello".to_vec())
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (415, Some("unsupported_media_type"))
    );
    let (status, body) = app
        .api_import(&token, "", "application/json", vec![b' '; 5000])
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    let author = app.token_for(3).await;
    let (status, _) = app
        .api_import(&author, "", "application/json", b"{}".to_vec())
        .await;
    assert_eq!(status, 403);
    let r = reqwest::Client::new()
        .get(format!("{}/admin/api/export?format=sqlite", app.base))
        .bearer_auth(&author)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.db.count("articles").await, 2);
}

/// Saves `ids` over and over until `stop`, each save changing an
/// article's title and its one tag together; returns the saves made.
async fn keep_saving(
    base: String,
    token: String,
    writer: usize,
    ids: Vec<i64>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    saves: std::sync::Arc<std::sync::atomic::AtomicU64>,
) {
    let c = reqwest::Client::new();
    let mut n = 0u64;
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        let id = ids[n as usize % ids.len()];
        let url = format!("{base}/admin/api/articles/{id}");
        let current: Value = c
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mark = format!("w{writer}-{n}");
        let r = c
            .put(&url)
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "version": current["version"], "title": mark, "tags": [mark]
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        saves.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        n += 1;
    }
}

#[tokio::test]
async fn exports_taken_while_four_writers_save_hold_whole_articles() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let zip = crate::admin_api_async::many_posts_zip(&app.db.folder("in").join("w.zip"), 200, "w");
    let (status, _) = app
        .api_import(&token, "?async=false", "application/zip", zip)
        .await;
    assert_eq!(status, 200);
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM articles WHERE slug LIKE 'w%' ORDER BY id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let saves = Arc::new(AtomicU64::new(0));
    let writers: Vec<_> = ids
        .chunks(50)
        .enumerate()
        .map(|(k, chunk)| {
            tokio::spawn(keep_saving(
                app.base.clone(),
                token.clone(),
                k,
                chunk.to_vec(),
                Arc::clone(&stop),
                Arc::clone(&saves),
            ))
        })
        .collect();
    assert_eq!(writers.len(), 4);
    while saves.load(Ordering::Relaxed) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }

    let get = |format: &'static str| {
        let (base, token) = (app.base.clone(), token.clone());
        async move {
            let r = reqwest::Client::new()
                .get(format!("{base}/admin/api/export?format={format}"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.bytes().await.unwrap().to_vec()
        }
    };
    let before = saves.load(Ordering::Relaxed);
    let snapshot = get("sqlite").await;
    let json: Value = serde_json::from_slice(&get("json").await).unwrap();
    let during = saves.load(Ordering::Relaxed) - before;
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    assert!(during > 0, "the writers saved while the exports ran");

    // The snapshot opens, is sound, and each article is whole: its title,
    // its tag and its revisions are of one and the same save.
    let path = app.db.folder("out").join("snapshot.sqlite");
    std::fs::write(&path, snapshot).unwrap();
    let copy = folio::db::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&copy)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let torn: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM articles a WHERE a.slug LIKE 'w%' AND ( \
           (a.version > 1 AND a.title NOT IN (SELECT t.name FROM article_tags g JOIN tags t ON t.id = g.tag_id \
                                             WHERE g.article_id = a.id)) \
           OR (SELECT count(*) FROM article_revisions r WHERE r.article_id = a.id) != a.version - 1)",
    )
    .fetch_one(&copy)
    .await
    .unwrap();
    assert_eq!(torn, 0);
    let saved: i64 = sqlx::query_scalar("SELECT count(*) FROM articles WHERE version > 1")
        .fetch_one(&copy)
        .await
        .unwrap();
    assert!(saved > 0);

    // The JSON export too: a saved article's one tag is its title.
    let articles = json["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 202);
    for a in articles {
        let title = a["title"].as_str().unwrap();
        if title.starts_with('w') && title.contains('-') {
            assert_eq!(a["tags"], serde_json::json!([title]), "{a}");
        }
    }
}

#[tokio::test]
async fn every_bad_input_of_the_importer_fails_as_its_item_over_http() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let dir = app.db.folder("in");
    let good = post("好文章", "");
    let bomb = "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e]\n---\nbody\n";
    let evil = std::fs::read(zip_of(
        &dir.join("evil.zip"),
        &[("ok.md", &post("zip里的", "")), ("../../escape.md", &good)],
    ))
    .unwrap();
    let zeros = vec![0u8; 16 * 1024 * 1024 + 1];
    let zip_bomb = std::fs::read(zip_of(&dir.join("bomb.zip"), &[("zeros.md", &zeros)])).unwrap();
    let mut big = b"---\ntitle: big\n---\n".to_vec();
    big.resize(16 * 1024 * 1024 + 1, b'x');
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("good.md", good.clone()),
        ("utf8.md", b"---\ntitle: \xff\n---\nbody\n".to_vec()),
        (
            "yaml.md",
            b"---\ntitle: ok\ntags: [unclosed\n---\nbody\n".to_vec(),
        ),
        (
            "bad.json",
            br#"{"format": "folio/v1", "articles": ["#.to_vec(),
        ),
        ("bomb.md", bomb.as_bytes().to_vec()),
        ("big.md", big),
        ("evil.zip", evil),
        ("bomb.zip", zip_bomb),
        ("tool.exe", b"MZ".to_vec()),
        ("dup1.md", post("一", "slug: same\n")),
        ("dup2.md", post("二", "slug: same\n")),
    ];
    let mut form = Form::new();
    for (name, bytes) in files {
        form = form.part("file", Part::bytes(bytes).file_name(name));
    }
    let r = reqwest::Client::new()
        .post(format!("{}/admin/api/import?atomic=false", app.base))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    let failure = |source: &str| -> (String, String) {
        let item = report["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["source"].as_str().unwrap().contains(source) && i["status"] == "failed")
            .unwrap_or_else(|| panic!("no failed item for {source}: {report}"));
        (
            item["error"]["code"].as_str().unwrap().to_owned(),
            item["error"]["message"].as_str().unwrap().to_owned(),
        )
    };
    for (source, code) in [
        ("utf8.md", "invalid_utf8"),
        ("yaml.md", "malformed_yaml"),
        ("bad.json", "malformed_json"),
        ("bomb.md", "yaml_limit"),
        ("big.md", "too_large"),
        ("escape.md", "unsafe_path"),
        // Refused whole: 16 MiB of zeros unpack to 1,000 times their size.
        ("bomb.zip", "too_large"),
        ("tool.exe", "unsupported_type"),
        ("dup2.md", "duplicate_slug"),
    ] {
        let (got, message) = failure(source);
        assert_eq!(got, code, "{source}: {message}");
        assert!(!message.is_empty());
    }
    let yaml = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["source"] == "yaml.md")
        .unwrap();
    assert!(yaml["error"]["line"].is_u64(), "{yaml}");
    assert_eq!(report["summary"]["created"], 3, "{report}");
    assert_eq!(report["summary"]["failed"], 9, "{report}");
    let health = reqwest::get(format!("{}/healthz", app.base)).await.unwrap();
    assert_eq!(health.status(), 200);
}

//! Bringing images home (issue 17) against a local image server
//! (`image_server`): each kind of failure is a failed item with its
//! reason and the rest of the run goes on; private addresses are refused
//! unless allowed; the article shows folio's copies, and exports as it
//! was imported when asked for the original addresses.

use std::time::Duration;

use folio::outbound::{AddressRules, Failure, Fetcher, Settings};

use crate::helpers::{TestDb, stderr, stdout, write_files};
use crate::image_server::serve_images;

fn quick(rules: &str) -> Fetcher {
    Fetcher::new(Settings {
        timeout: Duration::from_secs(2),
        retries: 0,
        max_bytes: 1024 * 1024,
        rules: AddressRules::parse(rules).unwrap(),
        ..Settings::default()
    })
    .unwrap()
}

#[tokio::test]
async fn each_bad_answer_is_a_failure_with_its_reason() {
    let base = serve_images().await;
    let f = quick("127.0.0.1");
    let got = |path: &str| {
        let url = format!("{base}{path}");
        let f = &f;
        async move { f.get(&url).await }
    };
    let image = got("/good/a.jpg").await.unwrap();
    assert!(image.starts_with(&[0xFF, 0xD8]), "a JPEG");
    assert!(got("/redirect.jpg").await.is_ok(), "a redirect is followed");
    assert!(
        got("/hotlink.jpg").await.is_ok(),
        "no Referer is sent, so hot-link protection lets it through"
    );
    assert_eq!(got("/missing.jpg").await, Err(Failure::Status(404)));
    assert_eq!(got("/loop.jpg").await, Err(Failure::Redirects(5)));
    assert!(matches!(
        got("/to-metadata.jpg").await,
        Err(Failure::Refused(_))
    ));
    assert_eq!(got("/slow.jpg").await, Err(Failure::Timeout(2)));
    assert_eq!(
        got("/huge.jpg").await,
        Err(Failure::TooBig { max: 1024 * 1024 })
    );
    assert_eq!(f.get("ftp://x/a.jpg").await, Err(Failure::BadUrl));

    // Without the allow-list: neither the address nor a name for it.
    let strict = quick("");
    let port = base.rsplit(':').next().unwrap();
    for url in [
        format!("{base}/good/a.jpg"),
        format!("http://localhost:{port}/good/a.jpg"),
        format!("http://[::ffff:127.0.0.1]:{port}/good/a.jpg"),
    ] {
        let failed = strict.get(&url).await;
        assert!(
            matches!(failed, Err(Failure::Refused(_))),
            "{url}: {failed:?}"
        );
    }
}

#[tokio::test]
async fn an_imported_posts_images_come_home_and_it_still_exports_as_it_came() {
    let base = serve_images().await;
    let t = TestDb::new().await;
    let dir = t.folder("in");
    let post = format!(
        "---\ntitle: 带图的文章\ndate: 2021-06-02 12:00:00\nheadimg: '{base}/good/cover.jpg'\n---\n\n\
         <div><p>正文</p><img data-action=\"zoom\" src=\"{base}/good/one.jpg\" alt referrerpolicy=\"no-referrer\">\n\
         <img data-src='{base}/redirect.jpg' src=\"data:image/gif;base64,R0lGOD\">\n\
         <img src=\"{base}/hotlink.jpg\"><img src=\"{base}/missing.jpg\"><img src=\"{base}/page.jpg\">\n\
         <img src=\"{base}/to-metadata.jpg\"></div>\n"
    );
    write_files(&dir, &[("with-images.md", post.as_bytes())]);
    let allow = [("FOLIO_MEDIA_FETCH_ALLOW", "127.0.0.1")];
    let o = t.folio_with_env(
        &allow,
        &["import", "--fetch-images", "--json", dir.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "images failed: {}", stderr(&o));
    let out: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(out["import"]["summary"]["created"], 1, "{out}");
    let images = &out["images"];
    assert_eq!(
        (
            &images["fetched"],
            &images["had"],
            &images["failed"],
            &images["rewritten"]
        ),
        (&4.into(), &0.into(), &3.into(), &1.into()),
        "{images}"
    );
    let failed: Vec<(String, String)> = images["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["outcome"] == "failed")
        .map(|i| {
            let url = i["url"].as_str().unwrap();
            (
                url[base.len()..].to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        failed,
        [
            ("/missing.jpg".to_owned(), "http_status".to_owned()),
            ("/page.jpg".to_owned(), "not_image".to_owned()),
            ("/to-metadata.jpg".to_owned(), "refused_address".to_owned()),
        ]
    );

    let (body, headimg, version): (String, String, i64) =
        sqlx::query_as("SELECT body, headimg, version FROM articles WHERE slug = 'with-images'")
            .fetch_one(&t.pool)
            .await
            .unwrap();
    let one: String = sqlx::query_scalar("SELECT hash FROM media WHERE original_url = ?1")
        .bind(format!("{base}/good/one.jpg"))
        .fetch_one(&t.pool)
        .await
        .unwrap();
    assert!(
        body.contains(&format!(
            r#"src="/media/{one}.jpg" data-origin-src="{base}/good/one.jpg" alt referrerpolicy"#
        )),
        "{body}"
    );
    assert!(body.contains(&format!("data-origin-data-src='{base}/redirect.jpg'")));
    assert!(
        body.contains(&format!(r#"<img src="{base}/missing.jpg">"#)),
        "a failure stays as it was"
    );
    assert!(headimg.starts_with("/media/"), "{headimg}");
    // The copies were made before the command ended.
    let waiting: i64 = sqlx::query_scalar("SELECT count(*) FROM media WHERE derived IS NULL")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    assert_eq!(waiting, 0);

    // Again: what came home is folio's now; only the failures are tried.
    let o = t.folio_with_env(
        &allow,
        &["media", "fetch", "--article", "with-images", "--json"],
    );
    let again: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (
            &again["fetched"],
            &again["had"],
            &again["failed"],
            &again["rewritten"]
        ),
        (&0.into(), &0.into(), &3.into(), &0.into()),
        "{again}"
    );
    // Another post showing an image brought home before: had, not fetched.
    let second = format!(
        "---\ntitle: 又一篇\ndate: 2021-06-03 12:00:00\n---\n\n<p><img src=\"{base}/good/one.jpg\"></p>\n"
    );
    let dir2 = t.folder("in2");
    write_files(&dir2, &[("second.md", second.as_bytes())]);
    let o = t.folio_with_env(
        &allow,
        &["import", "--fetch-images", "--json", dir2.to_str().unwrap()],
    );
    let out: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (
            &out["images"]["fetched"],
            &out["images"]["had"],
            &out["images"]["rewritten"]
        ),
        (&0.into(), &1.into(), &1.into()),
        "{out}"
    );
    let after: i64 = sqlx::query_scalar("SELECT version FROM articles WHERE slug = 'with-images'")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    assert_eq!(after, version);

    // Exported with the original addresses: the file as it came.
    let zip = t.folder("out").join("hexo.zip");
    let o = t.folio(&[
        "export",
        "--format",
        "hexo",
        "--original-urls",
        "-o",
        zip.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut exported = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("source/_posts/with-images.md").unwrap(),
        &mut exported,
    )
    .unwrap();
    assert_eq!(exported, post);
    // By default, with folio's copies.
    let o = t.folio(&["export", "--format", "hexo", "-o", zip.to_str().unwrap()]);
    assert!(o.status.success());
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut local = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("source/_posts/with-images.md").unwrap(),
        &mut local,
    )
    .unwrap();
    assert!(local.contains(&format!("/images/{one}.jpg")), "{local}");
    assert!(archive.by_name(&format!("source/images/{one}.jpg")).is_ok());
}

#[tokio::test]
async fn the_editors_button_runs_in_the_background_and_reports_each_image() {
    let base = serve_images().await;
    let app = crate::app::TestApp::spawn_with(&[("FOLIO_MEDIA_FETCH_ALLOW", "127.0.0.1")]).await;
    let token = app.token_for(2).await;
    let body = format!(
        r#"<p><img src="{base}/good/page-a.jpg"></p><p><img src="{base}/missing.jpg"></p>"#
    );
    let made: serde_json::Value = app
        .api_create_article(
            &token,
            &serde_json::json!({ "title": "按钮", "slug": "button", "body": body, "thumbnail": format!("{base}/hotlink.jpg") }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = made["id"].as_i64().unwrap();

    let editor = app.login("editor").await;
    let page = editor.html(&format!("/admin/articles/{id}")).await;
    assert_eq!(
        crate::app::select_texts(&page, "#fetch-images").concat(),
        "把 3 张外站图片存到本站"
    );
    let r = editor
        .post(&format!("/admin/articles/{id}/fetch-images"), &[])
        .await;
    assert_eq!(r.status(), 303);
    let run_page = r.headers()["location"].to_str().unwrap().to_owned();
    let run: i64 = run_page.rsplit('/').next().unwrap().parse().unwrap();

    // The machine view of the same run, until it ends.
    let mut doc = serde_json::Value::Null;
    for _ in 0..300 {
        doc = app
            .api_get_json(&token, &format!("/admin/api/media/fetches/{run}"))
            .await;
        if doc["state"] != "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(doc["state"], "finished", "{doc}");
    assert_eq!(
        (&doc["report"]["fetched"], &doc["report"]["failed"]),
        (&2.into(), &1.into()),
        "{doc}"
    );

    let page = editor.html(&run_page).await;
    let summary = crate::app::select_texts(&page, "#fetch-summary").concat();
    assert!(
        summary.contains("下载 2 张") && summary.contains("失败 1 张"),
        "{summary}"
    );
    let failed = crate::app::select_texts(&page, "#fetch-items tr.failed td").join("|");
    assert!(failed.contains("网站返回了 404"), "{failed}");

    let (body, thumbnail): (String, String) =
        sqlx::query_as("SELECT body, thumbnail FROM articles WHERE id = ?1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(
        body.contains(&format!(r#"data-origin-src="{base}/good/page-a.jpg""#)),
        "{body}"
    );
    assert!(thumbnail.starts_with("/media/"), "{thumbnail}");

    // The list's bulk action starts a run over the checked articles.
    let r = editor
        .post(
            "/admin/articles/bulk",
            &[
                ("action", "fetch_images"),
                ("id", &id.to_string()),
                ("back", "/admin/articles"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/admin/media/fetches/"), "{location}");
    assert_ne!(location, run_page, "a run of its own");

    // An author may not start runs over others' articles through the API.
    let author = app.token_for(3).await;
    let r = app
        .api(reqwest::Method::POST, &author, "/admin/api/media/fetch")
        .json(&serde_json::json!({ "articles": [id] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn a_hexo_export_carries_its_images_into_an_empty_database() {
    let base = serve_images().await;
    let t = TestDb::new().await;
    let dir = t.folder("in");
    let post = format!(
        "---\ntitle: 图文\ndate: 2021-06-02 12:00:00\nthumbnail: {base}/good/thumb.jpg\n---\n\n<p><img src=\"{base}/good/body.jpg\"></p>\n"
    );
    write_files(&dir, &[("pictures.md", post.as_bytes())]);
    let allow = [("FOLIO_MEDIA_FETCH_ALLOW", "127.0.0.1")];
    let o = t.folio_with_env(&allow, &["import", "--fetch-images", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let hashes = |pool: sqlx::SqlitePool| async move {
        sqlx::query_scalar::<_, String>("SELECT hash FROM media ORDER BY hash")
            .fetch_all(&pool)
            .await
            .unwrap()
    };
    let before = hashes(t.pool.clone()).await;
    assert_eq!(before.len(), 2);

    let zip = t.folder("out").join("hexo.zip");
    let o = t.folio(&["export", "--format", "hexo", "-o", zip.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Another folio, empty but for its seeds.
    let other = TestDb::new().await;
    let o = other.folio(&["import", "--json", zip.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert_eq!(
        hashes(other.pool.clone()).await,
        before,
        "the same images, the same hashes"
    );
    let (body, thumbnail, id): (String, String, i64) =
        sqlx::query_as("SELECT body, thumbnail, id FROM articles WHERE slug = 'pictures'")
            .fetch_one(&other.pool)
            .await
            .unwrap();
    assert!(
        body.contains("/images/") && thumbnail.starts_with("/images/"),
        "{body} {thumbnail}"
    );
    let linked: i64 =
        sqlx::query_scalar("SELECT count(*) FROM article_media WHERE article_id = ?1")
            .bind(id)
            .fetch_one(&other.pool)
            .await
            .unwrap();
    assert_eq!(
        linked, 2,
        "the post is linked to both images, though they came after it"
    );
    let derived: i64 = sqlx::query_scalar("SELECT count(*) FROM media WHERE derived IS NOT NULL")
        .fetch_one(&other.pool)
        .await
        .unwrap();
    assert_eq!(derived, 2, "their copies were made by the import");
    // Each image's file is in the new store, byte for byte.
    for hash in &before {
        let a = std::fs::read(t.dir.path().join(format!("media/{hash}.jpg"))).unwrap();
        let b = std::fs::read(other.dir.path().join(format!("media/{hash}.jpg"))).unwrap();
        assert_eq!(a, b);
    }
}

#[tokio::test]
async fn a_json_export_with_its_media_restores_the_library_whole() {
    let base = serve_images().await;
    let t = TestDb::new().await;
    let dir = t.folder("in");
    let post = format!(
        "---\ntitle: 全部\ndate: 2021-06-02 12:00:00\n---\n\n<p><img src=\"{base}/good/whole.jpg\"></p>\n"
    );
    let png = {
        let mut out = std::io::Cursor::new(Vec::new());
        image::RgbImage::from_pixel(30, 20, image::Rgb([9, 9, 9]))
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
        out.into_inner()
    };
    write_files(&dir, &[("whole.md", post.as_bytes()), ("图标.png", &png)]);
    let allow = [("FOLIO_MEDIA_FETCH_ALLOW", "127.0.0.1")];
    let o = t.folio_with_env(&allow, &["import", "--fetch-images", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let library = |pool: sqlx::SqlitePool| async move {
        sqlx::query_as::<_, (String, Option<String>, Option<String>, i64)>(
            "SELECT hash, file_name, original_url, created_at FROM media ORDER BY hash",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let before = library(t.pool.clone()).await;
    assert_eq!(before.len(), 2, "{before:?}");

    let zip = t.folder("out").join("backup.zip");
    let o = t.folio(&[
        "export",
        "--format",
        "json",
        "--with-media",
        "-o",
        zip.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let other = TestDb::new().await;
    let o = other.folio(&["import", "--on-conflict", "update", zip.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert_eq!(
        library(other.pool.clone()).await,
        before,
        "names, origins and ages too"
    );
    let body = |pool: sqlx::SqlitePool| async move {
        sqlx::query_scalar::<_, String>("SELECT body FROM articles WHERE slug = 'whole'")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    assert_eq!(body(other.pool.clone()).await, body(t.pool.clone()).await);
    for (hash, ..) in &before {
        let name = std::fs::read_dir(t.dir.path().join("media"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .find(|n| n.starts_with(hash.as_str()) && !n[64..].starts_with('-'))
            .unwrap();
        assert_eq!(
            std::fs::read(t.dir.path().join("media").join(&name)).unwrap(),
            std::fs::read(other.dir.path().join("media").join(&name)).unwrap(),
            "{name}"
        );
    }
}

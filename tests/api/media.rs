//! Media (issue 17): images uploaded through `POST /admin/api/media`, kept
//! once by content, served immutable; everything else refused with its
//! reason and nothing kept.

use std::io::Cursor;

use crate::app::TestApp;

pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 30]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([20, 130, 30]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

pub async fn upload(
    app: &TestApp,
    token: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, serde_json::Value) {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new().part("file", part);
    let r = app
        .api(reqwest::Method::POST, token, "/admin/api/media")
        .header("accept-language", "en")
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or_default())
}

async fn kept(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM media")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_image_is_kept_once_and_served_immutable() {
    let app = TestApp::spawn().await;
    let token = app.token_for(3).await; // an author may add images
    let image = png(40, 30);
    let (status, doc) = upload(&app, &token, "封面.png", image.clone()).await;
    assert_eq!(status, 201, "{doc}");
    assert_eq!(doc["mime"], "image/png");
    assert_eq!(
        (doc["width"].as_u64(), doc["height"].as_u64()),
        (Some(40), Some(30))
    );
    assert_eq!(doc["file_name"], "封面.png");
    let hash = doc["hash"].as_str().unwrap().to_owned();
    assert_eq!(doc["url"], format!("/media/{hash}.png"));

    // The same bytes again: kept already.
    let (status, again) = upload(&app, &token, "again.png", image.clone()).await;
    assert_eq!((status, again["hash"].as_str()), (200, Some(hash.as_str())));
    assert_eq!(kept(&app).await, 1);

    let client = app.client();
    let r = client
        .get(format!("{}/media/{hash}.png", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(
        r.bytes().await.unwrap().as_ref(),
        image.as_slice(),
        "the original, byte for byte"
    );
    let r = client
        .get(format!("{}/media/{hash}.png", app.base))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    // Another extension, or no such image: 404.
    for path in [
        format!("/media/{hash}.jpg"),
        format!("/media/{}.png", "0".repeat(64)),
        "/media/x.png".into(),
    ] {
        let r = client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn what_is_not_an_image_is_refused_with_its_reason_and_nothing_kept() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let mut bomb = png(1, 1);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    let cut = {
        let j = jpeg(64, 64);
        j[..j.len() - 300].to_vec()
    };
    let long = "n".repeat(300);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("cut.jpg", cut, 422, "damaged or cut short"),
        ("bomb.png", bomb, 422, "100000 × 100000 pixels"),
        (
            "x.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec(),
            422,
            "SVG images are not accepted",
        ),
        (
            "page.jpg",
            b"<!DOCTYPE html><html><body>x</body></html>".to_vec(),
            422,
            "looks like HTML",
        ),
        ("empty.png", Vec::new(), 422, "the file is empty"),
        ("../up.png", png(2, 2), 422, "names a folder"),
        (&long, png(2, 2), 422, "longer than 255 bytes"),
    ];
    for (name, bytes, status, says) in cases {
        let (got, body) = upload(&app, &token, name, bytes).await;
        assert_eq!(got, status, "{name}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{name}: {message}");
    }
    assert_eq!(kept(&app).await, 0, "nothing kept");
    let r = app
        .api(reqwest::Method::POST, &token, "/admin/api/media")
        .header("content-type", "image/png")
        .body(png(2, 2))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
}

#[tokio::test]
async fn articles_are_linked_to_the_images_they_use_on_every_save() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let (_, a) = upload(&app, &token, "a.png", png(3, 3)).await;
    let (_, b) = upload(&app, &token, "b.png", png(4, 4)).await;
    let (url_a, url_b) = (a["url"].as_str().unwrap(), b["url"].as_str().unwrap());
    let links = |id: i64| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT hash FROM article_media WHERE article_id = ?1 ORDER BY hash",
            )
            .bind(id)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    let body = format!(r#"<p><img src="{url_a}"></p>"#);
    let made: serde_json::Value = app
        .api_create_article(
            &token,
            &serde_json::json!({ "title": "有图", "slug": "with-images", "body": body, "headimg": url_b }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = made["id"].as_i64().unwrap();
    let mut both = vec![
        a["hash"].as_str().unwrap().to_owned(),
        b["hash"].as_str().unwrap().to_owned(),
    ];
    both.sort();
    assert_eq!(links(id).await, both);

    // The image leaves the body; the cover stays.
    let r = app
        .api_update_article(
            &token,
            id,
            &serde_json::json!({ "version": made["version"], "body": "<p>没有图了</p>" }),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(links(id).await, [b["hash"].as_str().unwrap()]);
}

/// A copy's bytes once the worker has made it (it runs after the upload
/// answers), waiting at most 60 s.
pub async fn when_made(app: &TestApp, path: &str) -> reqwest::Response {
    for _ in 0..600 {
        let r = app.visit(path).await;
        if r.status() != 404 {
            return r;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{path} was never made");
}

#[tokio::test]
async fn a_published_image_is_offered_in_smaller_copies_with_its_size() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let (status, doc) = upload(&app, &token, "photo.jpg", jpeg(1200, 800)).await;
    assert_eq!(status, 201, "{doc}");
    let hash = doc["hash"].as_str().unwrap().to_owned();
    let url = doc["url"].as_str().unwrap();

    let copy = when_made(&app, &format!("/media/{hash}-480.webp")).await;
    assert_eq!(copy.status(), 200);
    assert_eq!(copy.headers()["content-type"], "image/webp");
    assert_eq!(
        copy.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let copy = image::load_from_memory(&copy.bytes().await.unwrap()).unwrap();
    assert_eq!((copy.width(), copy.height()), (480, 320));
    // No 1600 copy of a 1200-pixel image, and no such width at all.
    for path in [
        format!("/media/{hash}-1600.jpg"),
        format!("/media/{hash}-481.jpg"),
    ] {
        assert_eq!(app.visit(&path).await.status(), 404, "{path}");
    }

    let body = format!(r#"<p>开头</p><p><img src="{url}" alt="照片"></p>"#);
    let made: serde_json::Value = app
        .api_create_article(
            &token,
            &serde_json::json!({ "title": "有图", "slug": "photo", "body": body, "status": "published" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(made["status"], "published", "{made}");
    let page = app.visit("/articles/photo").await.text().await.unwrap();
    let expected = format!(
        concat!(
            r#"<picture><source type="image/webp" srcset="/media/{h}-480.webp 480w, /media/{h}-960.webp 960w, /media/{h}-1200.webp 1200w" sizes="(max-width: 46rem) 100vw, 46rem">"#,
            r#"<img src="/media/{h}.jpg" alt="照片" decoding="async" width="1200" height="800" srcset="/media/{h}-480.jpg 480w, /media/{h}-960.jpg 960w, /media/{h}.jpg 1200w" sizes="(max-width: 46rem) 100vw, 46rem"></picture>"#
        ),
        h = hash
    );
    assert!(page.contains(&expected), "{page}");
}

/// moto's S3 server on 127.0.0.1 (PyPI's `moto[server]`, which `.ci/run`
/// installs), stopped when dropped.
struct Moto {
    child: std::process::Child,
    base: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// moto serving, or `None` (said on stderr) where it is not installed,
/// unless `FOLIO_REQUIRE_S3` is set (CI sets it), which makes that a failure.
async fn moto(test: &str) -> Option<Moto> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("moto_server"))
            .find(|p| p.exists())
    });
    let Some(program) = found else {
        assert!(
            std::env::var_os("FOLIO_REQUIRE_S3").is_none(),
            "moto_server is not installed (pip install 'moto[server]')"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: moto_server is not installed"
        );
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new(program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start moto_server");
    let moto = Moto {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while reqwest::get(&moto.base).await.is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "moto_server did not start"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    Some(moto)
}

#[tokio::test]
async fn images_live_in_s3_compatible_storage_when_told() {
    let Some(moto) = moto("images_live_in_s3_compatible_storage_when_told").await else {
        return;
    };
    let client = reqwest::Client::new();
    let made = client
        .put(format!("{}/folio-media", moto.base))
        .send()
        .await
        .unwrap();
    assert!(made.status().is_success(), "bucket: {}", made.status());
    let app = TestApp::spawn_with(&[
        ("FOLIO_MEDIA_URL", "s3://folio-media/site"),
        ("AWS_ENDPOINT", &moto.base),
        ("AWS_ALLOW_HTTP", "true"),
        ("AWS_ACCESS_KEY_ID", "folio-test"),
        ("AWS_SECRET_ACCESS_KEY", "folio-test-secret"),
        ("AWS_REGION", "us-east-1"),
    ])
    .await;
    let token = app.token_for(2).await;
    let image = png(12, 7);
    let (status, doc) = upload(&app, &token, "s3.png", image.clone()).await;
    assert_eq!(status, 201, "{doc}");
    let name = format!("{}.png", doc["hash"].as_str().unwrap());

    // In the bucket, under the prefix, byte for byte (read back with the
    // same settings, as another folio on another machine would)…
    let settings = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let bucket = |url: &str| {
        folio::media::MediaStore::open(&folio::media::Location::S3 {
            url: url.into(),
            settings: settings(&[
                ("aws_endpoint", moto.base.as_str()),
                ("aws_allow_http", "true"),
                ("aws_access_key_id", "folio-test"),
                ("aws_secret_access_key", "folio-test-secret"),
                ("aws_region", "us-east-1"),
            ]),
        })
        .unwrap()
    };
    let stored = bucket("s3://folio-media/site").get(&name).await.unwrap();
    assert_eq!(stored.as_deref(), Some(image.as_slice()));
    assert_eq!(
        bucket("s3://folio-media").get(&name).await.unwrap(),
        None,
        "under the prefix"
    );
    // …and served from there.
    let served = client
        .get(format!("{}/media/{name}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.bytes().await.unwrap().as_ref(), image.as_slice());
}

#[tokio::test]
async fn the_static_export_carries_the_images_its_pages_show() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let (_, doc) = upload(&app, &token, "photo.jpg", jpeg(1000, 500)).await;
    let hash = doc["hash"].as_str().unwrap().to_owned();
    when_made(&app, &format!("/media/{hash}-480.webp")).await;
    let body = format!(r#"<p><img src="{}"></p>"#, doc["url"].as_str().unwrap());
    let r = app
        .api_create_article(
            &token,
            &serde_json::json!({ "title": "静态", "slug": "static-photo", "body": body, "status": "published" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    // An uploaded image no published page shows stays out.
    let (_, unused) = upload(&app, &token, "unused.png", png(20, 20)).await;

    let dir = app.db.folder("site");
    let o = app
        .db
        .folio(&["export", "--format", "site", "-o", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", crate::helpers::stderr(&o));
    let page = std::fs::read_to_string(dir.join("articles/static-photo.html")).unwrap();
    for name in [
        format!("{hash}.jpg"),
        format!("{hash}-480.jpg"),
        format!("{hash}-480.webp"),
        format!("{hash}-960.webp"),
        format!("{hash}-1000.webp"),
    ] {
        assert!(
            page.contains(&format!("/media/{name}")),
            "{name} in the page"
        );
        let served = app
            .visit(&format!("/media/{name}"))
            .await
            .bytes()
            .await
            .unwrap();
        assert_eq!(
            std::fs::read(dir.join("media").join(&name)).unwrap(),
            served,
            "{name}"
        );
    }
    let unused_file = format!("{}.png", unused["hash"].as_str().unwrap());
    assert!(!dir.join("media").join(unused_file).exists());

    // Again: the images are not read or written a second time.
    let o = app
        .db
        .folio(&["export", "--format", "site", "-o", dir.to_str().unwrap()]);
    let said = crate::helpers::stderr(&o);
    assert!(said.contains(" 0 written"), "{said}");
}

/// A regression: triggers on `media` made an insert into it fail with "no
/// such table: media" on a connection an import had used (SQLite 3.50).
/// Every connection of the pool, after an import, records images and links.
#[tokio::test]
async fn after_an_import_every_connection_records_images_and_links() {
    let t = crate::helpers::TestDb::new().await;
    let dir = t.folder("in");
    let post = crate::helpers::post("导入", "");
    let paths = crate::helpers::write_files(&dir, &[("one.md", post.as_slice())]);
    t.import(&paths, crate::helpers::options()).await;
    let id: i64 = sqlx::query_scalar("SELECT min(id) FROM articles")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    let mut held = Vec::new();
    for i in 0..6u8 {
        let mut conn = t.pool.acquire().await.unwrap();
        let row = folio::db::media::MediaRow {
            hash: format!("{i:02x}").repeat(32),
            mime: "image/png".into(),
            bytes: 1,
            width: 1,
            height: 1,
            file_name: Some(format!("{i}.png")),
            original_url: None,
            created_by: None,
            created_at: 0,
            derived: None,
        };
        let kept = folio::db::media::insert(&mut conn, &row, chrono::Utc::now()).await;
        assert!(kept.unwrap(), "connection {i}");
        sqlx::query("INSERT INTO article_media (article_id, hash) VALUES (?1, ?2)")
            .bind(id)
            .bind(&row.hash)
            .execute(&mut *conn)
            .await
            .unwrap();
        held.push(conn);
    }
    drop(held);
    let (uses, numbered): (i64, i64) =
        sqlx::query_as("SELECT sum(uses), count(DISTINCT seq) FROM media")
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert_eq!((uses, numbered), (6, 6));
}

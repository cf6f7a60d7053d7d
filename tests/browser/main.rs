//! Real-browser flows of the admin UI: headless chromium over WebDriver
//! against folio on 127.0.0.1. See `harness` for what they need.

mod a11y;
mod desk;
mod editor;
mod harness;
#[path = "../api/image_server.rs"]
mod image_server;
mod media;
#[path = "../api/media_pages.rs"]
mod media_pages;
mod public_xss;

use harness::{Browser, Server, browser, serve};

const SEED_A: &str = "000_94ec247d2f0d791e";

async fn article(server: &Server, slug: &str) -> (i64, String, String, String) {
    sqlx::query_as("SELECT id, title, body, status FROM articles WHERE slug = ?1")
        .bind(slug)
        .fetch_one(&server.pool)
        .await
        .unwrap()
}

async fn tags(server: &Server, id: i64) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ?1 ORDER BY at.position",
    )
    .bind(id)
    .fetch_all(&server.pool)
    .await
    .unwrap()
}

/// The list row of the seed found by a search for a word only it holds.
async fn seed_row(b: &Browser, server: &Server) -> (String, String) {
    b.goto(server, "/admin/articles?q=%E5%86%8D%E6%80%9D%E8%80%83")
        .await;
    let status = b
        .attr("#articles tbody tr[data-id] .status", "data-status")
        .await;
    let updated = b.text("#articles tbody tr[data-id] .updated").await;
    (status, updated)
}

#[tokio::test]
async fn an_editor_searches_edits_tags_publishes_and_logs_out() {
    let Some(b) = browser("an_editor_searches_edits_tags_publishes_and_logs_out").await else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    // A Chinese browser gets the Chinese desk.
    assert_eq!(b.text("header nav a[href='/admin/articles']").await, "文章");
    assert_eq!(b.attr("html", "lang").await, "zh-CN");

    // Search for 金融, typed into the search box: both seeds.
    b.goto(&server, "/admin/articles").await;
    b.fill("input[name=q]", "金融").await;
    b.click("#search-button").await;
    b.wait_path("q=%E9%87%91%E8%9E%8D").await;
    b.wait("#articles tbody tr[data-id]").await;
    let mut found = b.texts("#articles tbody tr[data-id] .muted").await;
    found.sort();
    assert_eq!(found, [SEED_A, "001_536809ad39583f54"]);

    // Edit a seed: add two tags, save.
    let (id, _, body, _) = article(&server, SEED_A).await;
    b.goto(&server, &format!("/admin/articles/{id}")).await;
    b.wait("#preview p, #preview div, #preview img").await;
    b.fill("#tag-input", "金融科技, 区块链,").await;
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存")).await;
    assert_eq!(tags(&server, id).await, ["金融科技", "区块链"]);
    assert_eq!(
        article(&server, SEED_A).await.2,
        body,
        "the body went through the browser unchanged"
    );

    // Publish, unpublish, republish: the list follows.
    b.click("#unpublish").await;
    b.text_until("#current-status", |t| t == "已下线").await;
    // Told what happened.
    b.text_until("#flash", |t| t == "已下线：读者将看不到这篇文章。")
        .await;
    let (status, updated) = seed_row(&b, &server).await;
    assert_eq!((status.as_str(), updated.as_str()), ("unpublished", ""));
    b.goto(&server, &format!("/admin/articles/{id}")).await;
    b.click("#republish").await;
    b.wait("#current-updated").await;
    let (status, updated) = seed_row(&b, &server).await;
    assert_eq!(status, "published");
    assert!(
        updated.starts_with(&chrono::Utc::now().format("%Y-%m-%d").to_string()),
        "{updated}"
    );

    // Log out, and be refused.
    b.click("#logout").await;
    b.wait("#login-form").await;
    b.goto(&server, "/admin/articles").await;
    b.wait("#login-form").await;
    assert!(b.path().await.starts_with("/admin/login?next="));
}

#[tokio::test]
async fn two_windows_saving_one_article_lose_nothing_nor_does_an_expired_session() {
    let Some(b) =
        browser("two_windows_saving_one_article_lose_nothing_nor_does_an_expired_session").await
    else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    let (id, ..) = article(&server, SEED_A).await;
    let editor = format!("/admin/articles/{id}");

    b.goto(&server, &editor).await;
    let first = b.client.window().await.unwrap();
    let second = b.client.new_window(false).await.unwrap().handle;
    b.client.switch_to_window(second).await.unwrap();
    b.goto(&server, &editor).await;
    b.type_source("<p>第二个窗口的正文</p>").await;
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 2）"))
        .await;

    b.client.switch_to_window(first).await.unwrap();
    b.type_source("<p>第一个窗口的正文</p>").await;
    b.click("#save").await;
    b.wait("#conflict").await;
    assert_eq!(
        b.value("#body").await,
        "<p>第一个窗口的正文</p>",
        "the typed text is kept"
    );
    assert_eq!(
        article(&server, SEED_A).await.2,
        "<p>第二个窗口的正文</p>",
        "nothing overwritten"
    );
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 3）"))
        .await;
    assert_eq!(
        article(&server, SEED_A).await.2,
        "<p>第一个窗口的正文</p>",
        "saved deliberately"
    );

    // The session ends while an edit is unsaved: after logging in again
    // the editor offers it back.
    b.fill("input[name=title]", "会话过期时的标题").await;
    sqlx::query("DELETE FROM sessions")
        .execute(&server.pool)
        .await
        .unwrap();
    b.click("#save").await;
    b.wait("#login-form").await;
    b.fill("input[name=email]", "editor@folio.test").await;
    b.fill("input[name=password]", harness::PASSWORD).await;
    b.click("#login-form button[type=submit]").await;
    b.click("#restore-draft").await;
    assert_eq!(b.value("input[name=title]").await, "会话过期时的标题");
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 4）"))
        .await;
    assert_eq!(article(&server, SEED_A).await.1, "会话过期时的标题");
}

#[tokio::test]
async fn an_archive_is_uploaded_with_its_report_and_the_sqlite_export_downloads() {
    let Some(b) =
        browser("an_archive_is_uploaded_with_its_report_and_the_sqlite_export_downloads").await
    else {
        return;
    };
    let server = serve().await;
    b.login(&server, "admin").await;

    let zip_path = server.dir.path().join("posts.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    for (name, title) in [("a.md", "甲文章"), ("b.md", "乙文章")] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        let post = format!(
            "---\ntitle: {title}\ndate: 2021-06-02 12:00:00\ntags: [金融]\n---\n<p>{title}的正文</p>\n"
        );
        std::io::Write::write_all(&mut zip, post.as_bytes()).unwrap();
    }
    // A second `a`, dated with full-width colons: renamed on request, and
    // both said as warnings.
    zip.start_file("more/a.md", zip::write::SimpleFileOptions::default())
        .unwrap();
    let odd = "---\ntitle: 丙文章\ndate: 2021-06-02 12：00：00\n---\n<p>丙</p>\n";
    std::io::Write::write_all(&mut zip, odd.as_bytes()).unwrap();
    zip.finish().unwrap();

    b.goto(&server, "/admin/import").await;
    b.wait("#import-file")
        .await
        .send_keys(&zip_path.display().to_string())
        .await
        .unwrap();
    b.wait("select[name=on_duplicate_slug]")
        .await
        .select_by_value("rename")
        .await
        .unwrap();
    b.click("#import-submit").await;
    b.text_until("#report h2", |t| t == "试运行报告").await;
    assert_eq!(b.text("#summary td.created").await, "3");
    assert_eq!(b.text("#summary td.warned").await, "1");
    let warnings = b.texts("#items li.warning").await;
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("警告：Hexo 无法识别的日期"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].contains("已改名") && warnings[1].contains("a-2"),
        "{warnings:?}"
    );
    b.click("#import-for-real").await;
    b.text_until("#report h2", |t| t == "导入报告").await;
    assert_eq!(b.text("#summary td.created").await, "3");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM articles")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(n, 5);

    // A larger archive, imported without a dry run, goes to the background:
    // its page follows the progress and shows the report at the end.
    let big_path = server.dir.path().join("big.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&big_path).unwrap());
    let body = "<p>数字科技的终极目的</p>\n".repeat(200);
    for i in 0..600 {
        zip.start_file(
            format!("big{i:04}.md"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let post = format!("---\ntitle: 大文章 {i}\ndate: 2021-06-02 12:00:00\n---\n{body}");
        std::io::Write::write_all(&mut zip, post.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    b.goto(&server, "/admin/import").await;
    b.wait("#import-file")
        .await
        .send_keys(&big_path.display().to_string())
        .await
        .unwrap();
    b.click("input[name=dry_run]").await;
    b.click("#import-submit").await;
    b.wait_path("/admin/imports/").await;
    b.text_until("#run-state", |t| t == "已完成").await;
    assert_eq!(b.text("#summary td.created").await, "600");

    b.goto(&server, "/admin/export").await;
    b.fill(
        "#export-sqlite-form input[name=password]",
        harness::PASSWORD,
    )
    .await;
    b.click("#export-sqlite").await;
    let file = b.downloaded().await;
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("folio-") && name.ends_with(".sqlite"),
        "{name}"
    );
    let copy = folio::db::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let articles: i64 = sqlx::query_scalar("SELECT count(*) FROM articles")
        .fetch_one(&copy)
        .await
        .unwrap();
    let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
        .fetch_one(&copy)
        .await
        .unwrap();
    assert_eq!((articles, sessions), (605, 0));
}

//! The admin's import and export pages over real HTTP.

use reqwest::multipart::{Form, Part};
use scraper::Html;

use crate::app::{PASSWORD, Session, TestApp, select_texts};
use crate::helpers::{post, zip_of};

async fn upload(
    s: &Session,
    csrf: &str,
    files: Vec<(&str, Vec<u8>)>,
    dry_run: bool,
) -> reqwest::Response {
    let mut form = Form::new().text("csrf", csrf.to_owned());
    if dry_run {
        form = form.text("dry_run", "1");
    }
    form = form.text("on_conflict", "skip").text("atomic", "1");
    for (name, bytes) in files {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_owned()));
    }
    s.client
        .post(format!("{}/admin/import", s.base))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_upload_is_dry_run_first_then_imported_for_real() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let dir = app.db.folder("up");
    let zip = zip_of(
        &dir.join("posts.zip"),
        &[("a.md", &post("甲", "")), ("b.md", &post("乙", ""))],
    );
    let bytes = std::fs::read(zip).unwrap();
    let r = upload(&s, &s.csrf, vec![("posts.zip", bytes)], true).await;
    assert_eq!(r.status(), 200);
    let html = Html::parse_document(&r.text().await.unwrap());
    assert_eq!(select_texts(&html, "#summary td.created"), ["2"]);
    assert_eq!(
        app.db.count("articles").await,
        2,
        "a dry run writes nothing"
    );
    let action = html
        .select(&scraper::Selector::parse("#run-form").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    let r = s
        .post(&action, &[("on_conflict", "skip"), ("atomic", "1")])
        .await;
    assert_eq!(r.status(), 200);
    let html = Html::parse_document(&r.text().await.unwrap());
    assert_eq!(select_texts(&html, "#summary td.created"), ["2"]);
    assert_eq!(app.db.count("articles").await, 4);
    // Imports merge the index as they go, then leave saves not to.
    let automerge: i64 =
        sqlx::query_scalar("SELECT v FROM article_fts_config WHERE k = 'automerge'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(automerge, 0);
    assert_eq!(
        s.post(&action, &[]).await.status(),
        422,
        "an upload imports once"
    );
}

#[tokio::test]
async fn a_failed_file_names_its_problem_and_an_atomic_import_writes_nothing() {
    let app = TestApp::spawn().await;
    let s = app.login("admin").await;
    let files = vec![
        ("good.md", post("好", "")),
        ("bad.md", b"---\ntitle: [unclosed\n---\nbody".to_vec()),
    ];
    let r = upload(&s, &s.csrf, files, false).await;
    assert_eq!(r.status(), 422);
    let html = Html::parse_document(&r.text().await.unwrap());
    assert_eq!(select_texts(&html, "#summary td.failed"), ["1"]);
    let problems = select_texts(&html, "#items td:last-child").concat();
    assert!(problems.contains("line"), "{problems}");
    // Said in the editor's language, with the line, the import's own
    // words beside it.
    assert!(
        problems.starts_with("front matter 无法解析（第 2 行）"),
        "{problems}"
    );
    assert_eq!(app.db.count("articles").await, 2);
    // Rolled back: nothing reads "created".
    assert_eq!(select_texts(&html, "#rolled-back").len(), 1);
    assert_eq!(select_texts(&html, "#summary th")[1], "将创建");
    let shown = select_texts(&html, "#items td.status");
    assert!(shown.contains(&"将创建".to_owned()), "{shown:?}");
    assert!(!html.html().contains("已创建"));
}

#[tokio::test]
async fn a_long_report_shows_failed_items_first_and_links_the_whole_report() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let mut posts: Vec<(String, Vec<u8>)> = (0..1_003)
        .map(|n| (format!("p{n:04}.md"), post(&format!("第{n}篇"), "")))
        .collect();
    posts.push(("z-bad-1.md".into(), b"---\ntitle: [\n---\n".to_vec()));
    posts.push(("z-bad-2.md".into(), b"---\ntags: [a\n---\n".to_vec()));
    // Imported with a warning: shown right after the failed ones.
    posts.push(("z-odd.md".into(), b"---\ndate: someday\n---\n".to_vec()));
    let entries: Vec<(&str, &[u8])> = posts
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let zip = zip_of(&app.db.folder("long").join("posts.zip"), &entries);
    let r = upload(
        &s,
        &s.csrf,
        vec![("posts.zip", std::fs::read(zip).unwrap())],
        true,
    )
    .await;
    assert_eq!(r.status(), 200);
    let html = Html::parse_document(&r.text().await.unwrap());
    assert_eq!(select_texts(&html, "#summary td.failed"), ["2"]);
    let statuses: Vec<&str> = html
        .select(&scraper::Selector::parse("#items td.status").unwrap())
        .filter_map(|td| td.value().attr("data-status"))
        .collect();
    assert_eq!(statuses.len(), 1_000, "at most 1,000 items on the page");
    assert_eq!(
        statuses[..3],
        ["failed", "failed", "created"],
        "failed ones first"
    );
    assert_eq!(select_texts(&html, "#summary td.warned"), ["1"]);
    let third = select_texts(&html, "#items tr:nth-child(4) td");
    assert_eq!(third[0], "posts.zip:z-odd.md", "then those with warnings");
    assert!(
        third[3].starts_with("警告：Hexo 无法识别的日期：已改用文件时间（第 2 行）"),
        "{third:?}"
    );
    let more = html
        .select(&scraper::Selector::parse("#more a").unwrap())
        .next()
        .expect("a link to the rest");
    assert!(select_texts(&html, "#more")[0].starts_with("还有 6 项未在此显示"));
    let whole: serde_json::Value = s
        .get(more.value().attr("href").unwrap())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(whole["state"], "finished");
    assert_eq!(whole["report"]["items"].as_array().unwrap().len(), 1_006);
    assert_eq!(
        whole["report"]["items"][1_005]["source"],
        "posts.zip:z-odd.md"
    );
    assert_eq!(
        whole["report"]["items"][1_005]["warnings"][0]["code"],
        "unreadable_date"
    );
}

#[tokio::test]
async fn uploads_need_the_csrf_token_and_a_role_that_may_import() {
    let app = TestApp::spawn().await;
    let editor = app.login("editor").await;
    let r = upload(&editor, "forged", vec![("a.md", post("x", ""))], false).await;
    assert_eq!(r.status(), 403);
    let author = app.login("author").await;
    let r = upload(&author, &author.csrf, vec![("a.md", post("x", ""))], false).await;
    assert_eq!(r.status(), 403);
    assert_eq!(author.get("/admin/import").await.status(), 403);
    assert_eq!(author.get("/admin/export").await.status(), 403);
    assert_eq!(
        author
            .get("/admin/export/download?format=json")
            .await
            .status(),
        403
    );
    assert_eq!(app.db.count("articles").await, 2);
}

#[tokio::test]
async fn exports_download_with_a_dated_name_and_the_sqlite_one_holds_no_secrets() {
    let app = TestApp::spawn().await;
    let s = app.login("admin").await;
    for (format, ext) in [("json", "json"), ("hexo", "zip"), ("sqlite", "sqlite")] {
        let r = if format == "sqlite" {
            // The whole database asks for the password again.
            s.post("/admin/export/sqlite", &[("password", PASSWORD)])
                .await
        } else {
            s.get(&format!("/admin/export/download?format={format}"))
                .await
        };
        assert_eq!(r.status(), 200, "{format}");
        let disposition = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        assert_eq!(
            disposition,
            format!("attachment; filename=\"folio-{today}.{ext}\"")
        );
        let bytes = r.bytes().await.unwrap();
        if format == "sqlite" {
            let path = app.db.folder("dl").join("copy.sqlite");
            std::fs::write(&path, &bytes).unwrap();
            let copy = folio::db::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            let sessions: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
                .fetch_one(&copy)
                .await
                .unwrap();
            let hashes: i64 =
                sqlx::query_scalar("SELECT count(*) FROM users WHERE password_hash <> '!'")
                    .fetch_one(&copy)
                    .await
                    .unwrap();
            let articles: i64 = sqlx::query_scalar("SELECT count(*) FROM articles")
                .fetch_one(&copy)
                .await
                .unwrap();
            assert_eq!((sessions, hashes, articles), (0, 0, 2));
        }
    }
    assert_eq!(app.db.count("audit_log WHERE action = 'export'").await, 3);
}

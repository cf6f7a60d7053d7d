//! Tags and categories in the admin over real HTTP: rename, merge, move,
//! delete — and every touched article keeps a revision and exports anew.

use scraper::Html;

use crate::app::{TestApp, select_texts};

const SEED_A: &str = "000_94ec247d2f0d791e";
const SEED_B: &str = "001_536809ad39583f54";

async fn tag_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM tags WHERE name = ?1")
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn category_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM categories WHERE name = ?1")
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn tags_are_listed_with_counts_renamed_merged_and_deleted() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let (a, b) = (
        app.article_id(SEED_A).await.to_string(),
        app.article_id(SEED_B).await.to_string(),
    );
    s.post(
        "/admin/articles/bulk",
        &[
            ("action", "add_tags"),
            ("value", "金融, fintech"),
            ("id", &a),
        ],
    )
    .await;
    s.post(
        "/admin/articles/bulk",
        &[
            ("action", "add_tags"),
            ("value", "FinTech科技, 区块链"),
            ("id", &b),
        ],
    )
    .await;
    let html = s.html("/admin/tags").await;
    assert_eq!(
        select_texts(&html, "#tags tr[data-tag] .count"),
        ["1", "1", "1", "1"]
    );

    // Merge three spellings into one: each article carries it once.
    let ids = [
        tag_id(&app, "金融").await,
        tag_id(&app, "fintech").await,
        tag_id(&app, "FinTech科技").await,
    ];
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut fields = vec![("name", "金融科技"), ("confirm", "1")];
    fields.extend(ids.iter().map(|i| ("id", i.as_str())));
    assert_eq!(s.post("/admin/tags/merge", &fields).await.status(), 303);
    assert_eq!(app.db.article(SEED_A).await.tags, ["金融科技"]);
    assert_eq!(app.db.article(SEED_B).await.tags, ["金融科技", "区块链"]);
    assert_eq!(app.db.count("tags").await, 2);

    let id = tag_id(&app, "区块链").await;
    s.post(
        &format!("/admin/tags/{id}/rename"),
        &[("name", "Blockchain")],
    )
    .await;
    assert_eq!(
        app.db.article(SEED_B).await.tags,
        ["金融科技", "Blockchain"]
    );
    // Renaming onto an existing name merges.
    s.post(&format!("/admin/tags/{id}/rename"), &[("name", "金融科技")])
        .await;
    assert_eq!(app.db.article(SEED_B).await.tags, ["金融科技"]);
    let id = tag_id(&app, "金融科技").await;
    let asked = s.post(&format!("/admin/tags/{id}/delete"), &[]).await;
    assert_eq!(
        app.db.article(SEED_B).await.tags,
        ["金融科技"],
        "asked first"
    );
    let (question, answer) = s.answer_yes(asked).await;
    assert_eq!(question, "从 2 篇文章中删除标签“金融科技”？");
    assert_eq!(answer.status(), 303);
    assert!(app.db.article(SEED_B).await.tags.is_empty());
    assert_eq!(
        select_texts(&s.html("/admin/tags").await, "#flash"),
        ["已删除标签“金融科技”（原有 2 篇文章）。"]
    );

    // Every step kept the article's former tags as a revision, and the
    // article no longer exports as its original file.
    let b_revisions = app
        .db
        .count(&format!("article_revisions WHERE article_id = {b}"))
        .await;
    assert_eq!(b_revisions, 5);
    assert_eq!(
        app.db.count("articles WHERE source_hash IS NOT NULL").await,
        0
    );
}

#[tokio::test]
async fn categories_are_renamed_moved_and_merged_but_never_under_themselves() {
    let app = TestApp::spawn().await;
    let s = app.login("admin").await;
    let b = app.article_id(SEED_B).await.to_string();
    s.post(
        "/admin/articles/bulk",
        &[
            ("action", "set_category"),
            ("value", "科技 > 新闻"),
            ("id", &b),
        ],
    )
    .await;
    let html = s.html("/admin/categories").await;
    let paths = select_texts(&html, "#categories tr[data-path] td:first-child a");
    assert!(paths.contains(&"新闻".to_owned()), "{paths:?}");

    let media = category_id(&app, "新媒体").await;
    let news_under_tech: i64 = sqlx::query_scalar(
        "SELECT c.id FROM categories c JOIN categories p ON p.id = c.parent_id WHERE c.name = '新闻' AND p.name = '科技'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let tech = category_id(&app, "科技").await;
    // A category cannot move under its own child.
    let r = s
        .post(
            &format!("/admin/categories/{tech}/move"),
            &[("parent", &news_under_tech.to_string())],
        )
        .await;
    assert_eq!(r.status(), 422);
    // Rename, then merge 科技 into 新媒体: 科技 > 新闻 merges with
    // 新媒体's own… (新媒体 > 高科技行业门户 > 新闻 stays apart).
    s.post(
        &format!("/admin/categories/{tech}/rename"),
        &[("name", "科技频道")],
    )
    .await;
    assert_eq!(
        app.db.article(SEED_B).await.categories,
        [vec!["科技频道".to_owned(), "新闻".to_owned()]]
    );
    let r = s
        .post(
            &format!("/admin/categories/{tech}/merge"),
            &[("into", &media.to_string())],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.db.article(SEED_B).await.categories,
        [vec!["新媒体".to_owned(), "新闻".to_owned()]]
    );
    // Move it to the top level.
    let news = news_under_tech;
    s.post(&format!("/admin/categories/{news}/move"), &[("parent", "")])
        .await;
    assert_eq!(
        app.db.article(SEED_B).await.categories,
        [vec!["新闻".to_owned()]]
    );
    let author = app.login("author").await;
    assert_eq!(author.get("/admin/categories").await.status(), 403);
    assert_eq!(author.get("/admin/tags").await.status(), 403);
}

#[tokio::test]
async fn the_tags_page_is_searched_and_paged() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    for i in 0..250 {
        sqlx::query("INSERT INTO tags (name, slug) VALUES (?1, ?1)")
            .bind(format!("标签{i:03}"))
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let html = s.html("/admin/tags").await;
    assert_eq!(
        select_texts(&html, "#tags tr[data-tag]").len(),
        50,
        "a page"
    );
    let total: usize = select_texts(&html, "#total")[0].parse().unwrap();
    assert!(total >= 250, "{total}");
    assert_eq!(select_texts(&html, ".pager a[rel=next]").len(), 1);
    let third = s.html("/admin/tags?page=5").await;
    assert!(!select_texts(&third, "#tags tr[data-tag]").is_empty());
    let found = s.html("/admin/tags?q=%E6%A0%87%E7%AD%BE12").await;
    let names: Vec<String> = found
        .select(&scraper::Selector::parse("#tags tr[data-tag]").unwrap())
        .map(|tr| tr.value().attr("data-tag").unwrap().to_owned())
        .collect();
    assert_eq!(names.len(), 10, "标签120…标签129: {names:?}");
    assert!(names.iter().all(|n| n.starts_with("标签12")));
    // LIKE's wildcards are taken literally.
    let none = s.html("/admin/tags?q=%25").await;
    assert!(select_texts(&none, "#tags tr[data-tag]").is_empty());
}

#[tokio::test]
async fn the_category_tree_counts_what_is_under_each_and_picks_by_path() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let a = app.article_id(SEED_A).await.to_string();
    s.post(
        "/admin/articles/bulk",
        &[
            ("action", "set_category"),
            ("value", "新媒体 > 专栏"),
            ("id", &a),
        ],
    )
    .await;
    let html = s.html("/admin/categories").await;
    let row = |path: &str| -> (String, String) {
        let tr = html
            .select(
                &scraper::Selector::parse(&format!("#categories tr[data-path='{path}']")).unwrap(),
            )
            .next()
            .unwrap_or_else(|| panic!("{path}"));
        let cells: Vec<String> = tr
            .select(&scraper::Selector::parse("td.count").unwrap())
            .map(|td| td.text().collect::<String>().trim().to_owned())
            .collect();
        (cells[0].clone(), cells[1].clone())
    };
    // 新媒体 holds no article itself; both seeds are under it.
    assert_eq!(row("新媒体"), ("0".to_owned(), "2".to_owned()));
    assert_eq!(row("新媒体 > 专栏"), ("1".to_owned(), "1".to_owned()));

    let found = s.html("/admin/categories?q=%E4%B8%93%E6%A0%8F").await;
    assert_eq!(
        select_texts(&found, "#categories tr[data-path] td:first-child a"),
        ["新媒体 > 专栏"]
    );

    // Its page: the picker offers every other path not under it.
    let column = category_id(&app, "专栏").await;
    let page = s.html(&format!("/admin/categories/{column}")).await;
    let offered: Vec<String> = page
        .select(&scraper::Selector::parse("#category-paths option").unwrap())
        .map(|o| o.value().attr("value").unwrap().to_owned())
        .collect();
    assert!(
        offered.contains(&"新媒体 > 高科技行业门户".to_owned()),
        "{offered:?}"
    );
    assert!(!offered.contains(&"新媒体 > 专栏".to_owned()));
    // A path that names nothing: refused beside its field, kept.
    let r = s
        .post(
            &format!("/admin/categories/{column}/move"),
            &[("parent_path", "没有 > 这个")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = Html::parse_document(&r.text().await.unwrap());
    assert_eq!(select_texts(&html, "#error-parent_path").len(), 1);
    // Moved by path, then merged by path.
    let r = s
        .post(
            &format!("/admin/categories/{column}/move"),
            &[("parent_path", "新媒体 > 高科技行业门户")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.db.article(SEED_A).await.categories,
        [vec![
            "新媒体".to_owned(),
            "高科技行业门户".to_owned(),
            "专栏".to_owned()
        ]]
    );
    let r = s
        .post(
            &format!("/admin/categories/{column}/merge"),
            &[("into_path", "新媒体 > 高科技行业门户 > 新闻")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.db.article(SEED_A).await.categories,
        [vec![
            "新媒体".to_owned(),
            "高科技行业门户".to_owned(),
            "新闻".to_owned()
        ]]
    );

    // Only an empty category may be deleted.
    let news = category_id(&app, "新闻").await;
    let r = s
        .post(
            &format!("/admin/categories/{news}/delete"),
            &[("confirm", "1")],
        )
        .await;
    assert_eq!(r.status(), 409);
    s.post(
        "/admin/articles/bulk",
        &[
            ("action", "set_category"),
            ("value", "空的 > 更空"),
            ("id", &a),
        ],
    )
    .await;
    s.post(
        "/admin/articles/bulk",
        &[("action", "set_category"), ("value", "新媒体"), ("id", &a)],
    )
    .await;
    let empty = category_id(&app, "空的").await;
    let asked = s
        .post(&format!("/admin/categories/{empty}/delete"), &[])
        .await;
    let (_, answer) = s.answer_yes(asked).await;
    assert_eq!(answer.status(), 303);
    assert_eq!(
        app.db
            .count("categories WHERE name IN ('空的', '更空')")
            .await,
        0
    );
}

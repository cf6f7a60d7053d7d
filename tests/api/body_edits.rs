//! The visual editor's saves (issue 16): per-block edits put back on the
//! body as the page gave it, refused when they do not fit, and the routes
//! that switch between the source and visual modes.

use folio::render::blocks::{Blocks, Edit};
use scraper::Selector;

use crate::app::{Session, TestApp};

const SEED_A: &str = "000_94ec247d2f0d791e";

async fn post_json(s: &Session, path: &str, body: serde_json::Value) -> reqwest::Response {
    s.json(reqwest::Method::POST, path, body).await
}

#[tokio::test]
async fn the_forms_block_edits_change_only_their_blocks() {
    let app = TestApp::spawn().await;
    let editor = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    let before = app.db.article(SEED_A).await.row.body;

    // The page carries the body's blocks for the visual mode.
    let page = editor.html(&format!("/admin/articles/{id}")).await;
    let data: serde_json::Value = serde_json::from_str(
        &page
            .select(&Selector::parse("#visual-blocks").unwrap())
            .next()
            .unwrap()
            .inner_html(),
    )
    .unwrap();
    let split = Blocks::split(&before);
    assert_eq!(data["visual"], true);
    assert_eq!(
        data["blocks"].as_array().unwrap().len(),
        split.blocks().len()
    );
    assert!(
        data["blocks"][0]["html"]
            .as_str()
            .unwrap()
            .starts_with("<p")
    );

    // Block 1 changed, block 3 gone, a new block at the end.
    let mut edits: Vec<serde_json::Value> = (0..split.blocks().len())
        .filter(|&i| i != 3)
        .map(|i| match i {
            1 => serde_json::json!({ "from": 1, "html": "<p>改过的段落</p>" }),
            _ => serde_json::json!({ "keep": i }),
        })
        .collect();
    edits.push(serde_json::json!({ "html": "<p>新的结尾</p>" }));
    let form = editor.edit_form(id).await;
    let edits_json = serde_json::Value::Array(edits.clone()).to_string();
    let r = editor.save(id, &form, &[("blocks", &edits_json)]).await;
    assert_eq!(r.status(), 303);

    let typed: Vec<Edit> = serde_json::from_value(serde_json::Value::Array(edits)).unwrap();
    let expected = split.assemble(&typed).unwrap();
    let after = app.db.article(SEED_A).await.row.body;
    assert_eq!(after, expected);
    let b1 = &split.blocks()[1].bytes;
    assert_eq!(after[..b1.start], before[..b1.start]);
    assert!(after.contains("<p>改过的段落</p>"));
    assert!(!after.contains(split.source_of(&split.blocks()[3])));
}

#[tokio::test]
async fn edits_that_do_not_fit_the_body_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let editor = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    let before = app.db.article(SEED_A).await.row;
    let form = editor.edit_form(id).await;
    for edits in [
        r#"[{"keep": 999}]"#,
        r#"[{"keep": 0}, {"keep": 0}]"#,
        "not json",
    ] {
        let r = editor.save(id, &form, &[("blocks", edits)]).await;
        assert_eq!(r.status(), 422, "{edits}");
        let page = scraper::Html::parse_document(&r.text().await.unwrap());
        let error: String = page
            .select(&Selector::parse("#error-body").unwrap())
            .flat_map(|e| e.text())
            .collect();
        assert!(error.starts_with("可视化编辑的改动与正文对不上"), "{error}");
        // The form shown again holds the body as it was.
        let body: String = page
            .select(&Selector::parse("textarea#body").unwrap())
            .flat_map(|e| e.text())
            .collect();
        assert_eq!(
            body.trim_start_matches('\n'),
            before.body.trim_start_matches('\n')
        );
    }
    let after = app.db.article(SEED_A).await.row;
    assert_eq!(after.version, before.version);
    assert_eq!(after.body, before.body);
}

#[tokio::test]
async fn switching_modes_splits_and_assembles_bodies() {
    let app = TestApp::spawn().await;
    let editor = app.login("editor").await;

    let body = "<p>一</p><h2>二</h2>\n<!-- more --><p>三</p>";
    let r = post_json(
        &editor,
        "/admin/body/blocks",
        serde_json::json!({ "body": body }),
    )
    .await;
    assert_eq!(r.status(), 200);
    let split: serde_json::Value = r.json().await.unwrap();
    assert_eq!(split["visual"], true);
    let tags: Vec<&str> = split["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["tag"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["p", "h2", "#comment", "p"]);
    // Offsets in UTF-16 units, as a script counts them.
    assert_eq!(split["blocks"][1]["at"], "<p>一</p>".encode_utf16().count());

    let edits =
        serde_json::json!([{ "keep": 1 }, { "from": 0, "html": "<p>壹</p>" }, { "keep": 3 }]);
    let r = post_json(
        &editor,
        "/admin/body/assemble",
        serde_json::json!({ "body": body, "edits": edits }),
    )
    .await;
    let joined: serde_json::Value = r.json().await.unwrap();
    assert_eq!(joined["body"], "<h2>二</h2><p>壹</p><p>三</p>");

    // Markdown is for the source mode, unless the editor converts it.
    let md = "# 标题\n\n正文 *强调*";
    let r = post_json(
        &editor,
        "/admin/body/blocks",
        serde_json::json!({ "body": md }),
    )
    .await;
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["visual"],
        false
    );
    let r = post_json(
        &editor,
        "/admin/body/blocks",
        serde_json::json!({ "body": md, "convert": true }),
    )
    .await;
    let converted: serde_json::Value = r.json().await.unwrap();
    assert_eq!(converted["visual"], true);
    assert!(
        converted["body"]
            .as_str()
            .unwrap()
            .contains("<em>强调</em>")
    );

    // Edits that do not fit: 422, saying which block.
    let r = post_json(
        &editor,
        "/admin/body/assemble",
        serde_json::json!({ "body": body, "edits": [{ "keep": 9 }] }),
    )
    .await;
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn the_known_front_matter_keys_are_fields_of_the_form() {
    let app = TestApp::spawn().await;
    let editor = app.login("editor").await;
    let id = app.article_id(SEED_A).await;
    let before = app.db.article(SEED_A).await.row;
    assert_eq!(
        before.comments,
        Some(false),
        "the seed says comments: false"
    );
    let form = editor.edit_form(id).await;
    let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    assert_eq!(value("comments").as_deref(), Some("false"));
    assert_eq!(value("thumbnail"), before.thumbnail);

    let r = editor
        .save(
            id,
            &form,
            &[
                ("comments", "true"),
                ("thumbnail", "https://example.com/t.png"),
                ("permalink", "2021/old-address/"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let after = app.db.article(SEED_A).await.row;
    assert_eq!(after.comments, Some(true));
    assert_eq!(
        after.thumbnail.as_deref(),
        Some("https://example.com/t.png")
    );
    assert_eq!(after.permalink.as_deref(), Some("2021/old-address/"));

    // Unset: the key leaves the front matter; a value folio cannot read is
    // refused beside its field.
    let form = editor.edit_form(id).await;
    assert_eq!(
        editor.save(id, &form, &[("comments", "")]).await.status(),
        303
    );
    assert_eq!(app.db.article(SEED_A).await.row.comments, None);
    let form = editor.edit_form(id).await;
    let r = editor.save(id, &form, &[("comments", "maybe")]).await;
    assert_eq!(r.status(), 422);
    let page = scraper::Html::parse_document(&r.text().await.unwrap());
    let error: String = page
        .select(&Selector::parse("#error-comments").unwrap())
        .flat_map(|e| e.text())
        .collect();
    assert!(error.contains("maybe"), "{error}");
}

#[tokio::test]
async fn a_draft_is_previewed_in_the_sites_theme_by_those_who_may_edit_it() {
    let app = TestApp::spawn().await;
    let editor = app.login("editor").await;
    let author = app.login("author").await;
    let id = app.article_id(SEED_A).await;
    let form = editor.edit_form(id).await;
    let r = editor
        .save(
            id,
            &form,
            &[
                ("status", "draft"),
                ("body", "<p>预览里的正文<script>alert(1)</script></p>"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = editor.get(&format!("/admin/articles/{id}/preview")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-robots-tag"], "noindex");
    let page = r.text().await.unwrap();
    assert!(
        page.contains("预览里的正文") && !page.contains("<script>alert"),
        "{page}"
    );
    assert!(page.contains("/static/site.css"), "the public theme");
    // The public site does not show the draft; an author may not preview it.
    let public = app
        .client()
        .get(format!("{}/articles/{SEED_A}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 410, "gone from the site while a draft");
    assert_eq!(
        author
            .get(&format!("/admin/articles/{id}/preview"))
            .await
            .status(),
        404
    );
}

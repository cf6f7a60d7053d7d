//! One write path (issue 16): the rules of an article change answer the
//! same through the editor's form and the JSON API, and the database keeps
//! the one the scheduler depends on.

use crate::app::TestApp;

const SEED_A: &str = "000_94ec247d2f0d791e";

#[tokio::test]
async fn scheduled_without_a_time_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let id = app.article_id(SEED_A).await;
    let before = app.db.article(SEED_A).await;
    let token = app.token_for(2).await;
    let r = app
        .api(
            reqwest::Method::PUT,
            &token,
            &format!("/admin/api/articles/{id}"),
        )
        .header("accept-language", "en")
        .json(&serde_json::json!({ "status": "scheduled", "version": before.row.version }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid");
    let after = app.db.article(SEED_A).await;
    assert_eq!(
        (after.row.status.as_str(), after.row.version),
        (before.row.status.as_str(), before.row.version),
        "nothing changed"
    );

    // The form refuses the same, beside its field.
    let s = app.login("editor").await;
    let form = s.edit_form(id).await;
    let r = s.save(id, &form, &[("status", "scheduled")]).await;
    assert_eq!(r.status(), 422);

    // And the database itself, whoever writes.
    let direct =
        sqlx::query("UPDATE articles SET status = 'scheduled', scheduled_at = NULL WHERE id = ?1")
            .bind(id)
            .execute(&app.db.pool)
            .await;
    assert!(direct.is_err(), "the trigger refuses it");
}

#[tokio::test]
async fn an_authors_status_change_gets_the_same_answer_through_the_form_and_the_api() {
    let app = TestApp::spawn().await;
    let author = app.login("author").await;
    // The author's own draft, made through the API.
    let token = app.token_for(3).await;
    let made: serde_json::Value = app
        .api_create_article(&token, &serde_json::json!({ "title": "作者的草稿", "slug": "author-draft-rules", "body": "<p>正文</p>" }))
        .await
        .json()
        .await
        .unwrap();
    let id = made["id"].as_i64().unwrap();
    let version = made["version"].as_i64().unwrap();

    let api = app
        .api_update_article(
            &token,
            id,
            &serde_json::json!({ "status": "published", "version": version }),
        )
        .await
        .status();
    let form = author.edit_form(id).await;
    let through_form = author
        .save(id, &form, &[("status", "published")])
        .await
        .status();
    assert_eq!((api.as_u16(), through_form.as_u16()), (403, 403));
    let created_by_api = app
        .api_create_article(&token, &serde_json::json!({ "title": "想直接发布", "slug": "author-publish", "body": "b", "status": "published" }))
        .await
        .status();
    let mut new_form: Vec<(String, String)> = vec![
        ("title".into(), "想直接发布".into()),
        ("slug".into(), "author-publish-form".into()),
        ("body".into(), "b".into()),
        ("status".into(), "published".into()),
        ("csrf".into(), author.csrf.clone()),
    ];
    let fields: Vec<(&str, &str)> = new_form
        .iter_mut()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let created_by_form = author.post_raw("/admin/articles", &fields).await.status();
    assert_eq!(
        (created_by_api.as_u16(), created_by_form.as_u16()),
        (403, 403)
    );
    assert_eq!(
        app.db
            .count("articles WHERE slug LIKE 'author-publish%'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_slug_left_empty_is_made_from_the_title_in_pinyin_by_every_surface() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let new = |title: &'static str| {
        [
            ("title", title),
            ("slug", ""),
            ("body", "<p>正文</p>"),
            ("status", "draft"),
        ]
    };
    assert_eq!(
        s.post("/admin/articles", &new("金融科技的底色"))
            .await
            .status(),
        303
    );
    assert_eq!(
        s.post("/admin/articles", &new("金融科技的底色"))
            .await
            .status(),
        303
    );
    let token = app.token_for(2).await;
    let made: serde_json::Value = app
        .api_create_article(
            &token,
            &serde_json::json!({ "title": "金融科技的底色", "body": "b" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let slugs: Vec<String> = sqlx::query_scalar(
        "SELECT slug FROM articles WHERE slug LIKE 'jin-rong-ke-ji-de-di-se%' ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        slugs,
        [
            "jin-rong-ke-ji-de-di-se",
            "jin-rong-ke-ji-de-di-se-2",
            "jin-rong-ke-ji-de-di-se-3"
        ]
    );
    assert_eq!(made["slug"], "jin-rong-ke-ji-de-di-se-3");
    // The editor shows it before the first save.
    let suggested: serde_json::Value = s
        .get("/admin/slug?title=%E9%87%91%E8%9E%8D%20Rust")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(suggested["slug"], "jin-rong-rust");
}

#[tokio::test]
async fn publishing_steps_get_the_same_answer_through_the_buttons_the_api_and_bulk() {
    let app = TestApp::spawn().await;
    let author = app.login("author").await;
    let token = app.token_for(3).await;
    let made: serde_json::Value = app
        .api_create_article(&token, &serde_json::json!({ "title": "作者的稿子", "slug": "author-steps", "body": "<p>正文</p>" }))
        .await
        .json()
        .await
        .unwrap();
    let id = made["id"].as_i64().unwrap();
    let button = author
        .post(&format!("/admin/articles/{id}/publish"), &[])
        .await
        .status();
    let api = app
        .api_publishing_step(&token, id, "publish")
        .await
        .status();
    let schedule = author
        .post(
            &format!("/admin/articles/{id}/schedule"),
            &[("at", "2099-01-01T08:00")],
        )
        .await
        .status();
    assert_eq!(
        (button.as_u16(), api.as_u16(), schedule.as_u16()),
        (403, 403, 403)
    );
    let status: String = sqlx::query_scalar("SELECT status FROM articles WHERE id = ?1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "draft", "nothing published");

    // An editor's schedule in the past: refused beside the picker (422).
    let editor = app.login("editor").await;
    let r = editor
        .post(
            &format!("/admin/articles/{id}/schedule"),
            &[("at", "2020-01-01T08:00")],
        )
        .await;
    assert_eq!(r.status(), 422);
}

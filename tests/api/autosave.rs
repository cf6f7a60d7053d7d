//! The editor's autosave slot (issue 16): one per user and article, offered
//! back in the editor, refused for what the user may not edit, cleared by a
//! save.

use scraper::Selector;

use crate::app::{Session, TestApp};

const SEED_A: &str = "000_94ec247d2f0d791e";

async fn put(s: &Session, article: i64, body: serde_json::Value) -> reqwest::Response {
    s.json(
        reqwest::Method::PUT,
        &format!("/admin/autosave/{article}"),
        body,
    )
    .await
}

#[tokio::test]
async fn an_autosave_is_offered_back_to_its_author_only_and_a_save_clears_it() {
    let app = TestApp::spawn().await;
    let editor = app.login("editor").await;
    let admin = app.login("admin").await;
    let author = app.login("author").await;
    let id = app.article_id(SEED_A).await;

    let r = put(
        &editor,
        id,
        serde_json::json!({ "title": "半路的标题", "body": "<p>半路</p>" }),
    )
    .await;
    assert_eq!(r.status(), 200);
    let said: serde_json::Value = r.json().await.unwrap();
    assert!(
        said["message"].as_str().unwrap().starts_with("已于"),
        "{said}"
    );

    let offered = |page: scraper::Html| {
        page.select(&Selector::parse("#autosave-fields").unwrap())
            .next()
            .map(|e| serde_json::from_str::<serde_json::Value>(&e.inner_html()).unwrap())
    };
    let mine = offered(editor.html(&format!("/admin/articles/{id}")).await).unwrap();
    assert_eq!(mine["title"], "半路的标题");
    assert!(
        offered(admin.html(&format!("/admin/articles/{id}")).await).is_none(),
        "another user's slot"
    );

    // Not a form's fields; an article the author may not edit.
    assert_eq!(
        put(&editor, id, serde_json::json!({ "title": 1 }))
            .await
            .status(),
        422
    );
    assert_eq!(
        put(&author, id, serde_json::json!({ "title": "x" }))
            .await
            .status(),
        404
    );
    // A new article's slot is 0.
    assert_eq!(
        put(&author, 0, serde_json::json!({ "title": "新" }))
            .await
            .status(),
        200
    );
    assert!(offered(author.html("/admin/articles/new").await).is_some());

    let form = editor.edit_form(id).await;
    assert_eq!(
        editor
            .save(id, &form, &[("title", "存下的标题")])
            .await
            .status(),
        303
    );
    assert!(
        offered(editor.html(&format!("/admin/articles/{id}")).await).is_none(),
        "cleared by the save"
    );
}

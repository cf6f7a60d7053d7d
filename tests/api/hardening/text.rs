//! Text is normalised where it enters: NUL refused in every field (forms,
//! the JSON API, imported files), bidirectional controls refused in the
//! names people pick things by (titles, slugs, tags, categories).

use reqwest::Method;
use serde_json::{Value, json};

use crate::app::TestApp;

async fn api_create(app: &TestApp, token: &str, article: Value) -> (u16, Value) {
    let r = app.api_create_article(token, &article).await;
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn nul_bytes_are_refused_in_every_text_field() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    for field in ["title", "body", "excerpt", "author", "headimg"] {
        let mut article = json!({ "title": "t", "slug": format!("nul-{field}"), "body": "b" });
        article[field] = json!(format!("a\u{0}b"));
        let (status, body) = api_create(&app, &token, article).await;
        assert_eq!(status, 422, "{field}: {body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(field),
            "{body}"
        );
    }
    // Any admin form: refused before its handler.
    let s = app.login("editor").await;
    let r = s
        .post("/admin/tags/merge", &[("name", "a\0b"), ("id", "1")])
        .await;
    assert_eq!(r.status(), 422);
    // An imported file: its item fails, naming the line.
    let document = json!({"format": "folio/v1", "articles": [{
        "slug": "nul-import", "title": "t", "status": "draft",
        "date": "2026-01-01T00:00:00Z", "body": "line\u{0}",
    }]});
    let (_, report) = app
        .api_import(
            &token,
            "",
            "application/json",
            document.to_string().into_bytes(),
        )
        .await;
    assert_eq!(report["items"][0]["status"], "failed", "{report}");
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"---\ntitle: t\n---\nfirst\nsec\0ond\n".to_vec())
            .file_name("nul.md"),
    );
    let report: Value = app
        .api(Method::POST, &token, "/admin/api/import")
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let error = &report["items"][0]["error"];
    assert_eq!(
        (error["code"].as_str(), error["line"].as_u64()),
        (Some("nul_byte"), Some(5)),
        "{report}"
    );
    assert_eq!(app.db.count("articles").await, 2);
}

#[tokio::test]
async fn bidirectional_controls_are_refused_in_titles_slugs_tags_and_categories() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let rlo = "\u{202E}";
    for (field, value) in [
        ("title", json!(format!("invoice{rlo}fdp.exe"))),
        ("slug", json!(format!("a{rlo}b"))),
        ("tags", json!([format!("tag{rlo}")])),
        ("categories", json!([[format!("cat\u{2066}x")]])),
    ] {
        let mut article = json!({ "title": "t", "slug": format!("bidi-{field}"), "body": "b" });
        article[field] = value;
        let (status, body) = api_create(&app, &token, article).await;
        assert_eq!(status, 422, "{field}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("双向控制字符"),
            "{body}"
        );
    }
    // The admin's own tag rename goes through the same rule.
    let s = app.login("editor").await;
    let r = s
        .post("/admin/tags/1/rename", &[("name", &format!("x{rlo}y"))])
        .await;
    assert_eq!(r.status(), 422);
    // Right-to-left text itself is welcome.
    let (status, _) = api_create(
        &app,
        &token,
        json!({ "title": "שלום עולם", "slug": "shalom", "body": "b" }),
    )
    .await;
    assert_eq!(status, 201);
}

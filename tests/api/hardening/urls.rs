//! URLs a page or the public API gives out pass the same filter: `srcset`
//! candidates like `src`, and the JSON API's `headimg` and `thumbnail`
//! exactly as the article's page shows them.

use serde_json::{Value, json};

use crate::app::TestApp;

#[tokio::test]
async fn the_public_api_gives_out_only_the_urls_the_page_would_show() {
    let app = TestApp::spawn().await;
    let token = app.token_for(1).await;
    let r = app
        .api_create_article(&token, &json!({
            "title": "urls", "slug": "urls", "status": "published",
            "headimg": "javascript:alert(document.domain)",
            "thumbnail": "https://images.example/t.png",
            "body": "<img src=\"a.png\" srcset=\"javascript:alert(1) 1x, data:text/html,<b>x</b> 2x, https://images.example/b.png 3x\">",
        }))
        .await;
    assert_eq!(r.status(), 201);
    let article: Value = reqwest::get(format!("{}/api/articles/urls", app.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(article["headimg"], Value::Null, "{article}");
    assert_eq!(article["thumbnail"], "https://images.example/t.png");
    let html = article["html"].as_str().unwrap();
    assert!(
        html.contains("srcset=\"https://images.example/b.png 3x\""),
        "{html}"
    );
    assert!(
        !html.contains("javascript") && !html.contains("data:"),
        "{html}"
    );
    let page = reqwest::get(format!("{}/articles/urls", app.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("javascript:alert(document.domain)"));
}

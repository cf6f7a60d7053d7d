//! An author asking for another's article and for a missing id gets the
//! same answer, in the pages and in the API: no status tells which ids
//! exist.

use crate::app::TestApp;

#[tokio::test]
async fn another_authors_article_answers_as_a_missing_one() {
    let app = TestApp::spawn().await;
    let seed = app.seed_ids().await[0];
    let author = app.login("author").await;
    let mut answers = Vec::new();
    for id in [seed, 999_999] {
        let page = author.get(&format!("/admin/articles/{id}")).await;
        let revisions = author.get(&format!("/admin/articles/{id}/revisions")).await;
        let api = author
            .client
            .get(format!("{}/admin/api/articles/{id}", app.base))
            .header("X-CSRF-Token", &author.csrf)
            .send()
            .await
            .unwrap();
        let api_status = api.status().as_u16();
        let api_body: serde_json::Value = api.json().await.unwrap();
        answers.push((
            page.status().as_u16(),
            revisions.status().as_u16(),
            api_status,
            api_body,
        ));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, 404);
}

//! `/admin/api/articles…` over real HTTP, with API tokens and with a
//! session plus `X-CSRF-Token`.

use serde_json::{Value, json};

use crate::app::TestApp;

fn api(app: &TestApp, path: &str) -> String {
    format!("{}/admin/api{path}", app.base)
}

async fn error_code(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap();
    (
        status,
        body["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

#[tokio::test]
async fn a_token_lists_searches_reads_and_updates_with_version_checks() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let c = reqwest::Client::new();
    let list: Value = c
        .get(api(&app, "/articles?q=%E9%87%91%E8%9E%8D"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 2);
    let id = list["articles"][0]["id"].as_i64().unwrap();

    let r = c
        .get(api(&app, &format!("/articles/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["etag"], "\"1\"");
    let article: Value = r.json().await.unwrap();
    assert_eq!(article["version"], 1);
    assert!(article["html"].as_str().unwrap().len() > 100);

    let url = api(&app, &format!("/articles/{id}"));
    let r = c
        .put(&url)
        .bearer_auth(&token)
        .json(&json!({ "title": "no version" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (422, "invalid".into()));
    let r = c
        .put(&url)
        .bearer_auth(&token)
        .header("If-Match", "\"1\"")
        .json(&json!({ "title": "改过的标题", "tags": ["甲", "乙"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let updated: Value = r.json().await.unwrap();
    assert_eq!(
        (updated["version"].as_i64(), updated["tags"].clone()),
        (Some(2), json!(["甲", "乙"]))
    );
    assert_eq!(
        updated["body"], article["body"],
        "absent fields keep their value"
    );
    let r = c
        .put(&url)
        .bearer_auth(&token)
        .json(&json!({ "version": 1, "title": "stale" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (409, "conflict".into()));
    let r = c
        .put(&url)
        .bearer_auth(&token)
        .json(&json!({ "version": 2, "colour": "red" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await.0, 422, "unknown fields are refused");
    let r = c
        .put(&url)
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (415, "unsupported_media_type".into()));

    let r = c
        .post(api(&app, &format!("/articles/{id}/unpublish")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let after: Value = r.json().await.unwrap();
    assert_eq!(
        (after["status"].as_str(), after["version"].as_i64()),
        (Some("unpublished"), Some(3))
    );
    let r = c.delete(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let r = c.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(error_code(r).await, (404, "not_found".into()));
}

#[tokio::test]
async fn create_answers_201_with_its_location_and_authors_cannot_publish() {
    let app = TestApp::spawn().await;
    let author = app.token_for(3).await;
    let c = reqwest::Client::new();
    let r = c
        .post(api(&app, "/articles"))
        .bearer_auth(&author)
        .json(&json!({ "title": "接口创建", "slug": "api-made", "body": "# 标题\n\n正文", "tags": ["接口"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let made: Value = r.json().await.unwrap();
    assert_eq!(location, format!("/admin/api/articles/{}", made["id"]));
    assert_eq!(made["status"], "draft");
    let r = c
        .post(format!("{}{location}/publish", app.base))
        .bearer_auth(&author)
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (403, "forbidden".into()));
    let r = c
        .post(api(&app, "/articles"))
        .bearer_auth(&author)
        .json(&json!({ "title": "x", "status": "published", "body": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = c
        .post(api(&app, "/articles"))
        .bearer_auth(&author)
        .json(&json!({ "title": "dup", "slug": "api-made", "body": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (409, "conflict".into()));
}

#[tokio::test]
async fn tokens_work_only_on_the_api_only_in_the_header_and_only_until_revoked() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = c
        .get(api(&app, &format!("/articles?token={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (401, "unauthenticated".into()));
    let r = c
        .get(format!("{}/admin/articles", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "never on HTML pages");
    let r = c
        .get(api(&app, "/articles"))
        .bearer_auth("folio_not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (401, "unauthenticated".into()));
    let used: Option<i64> = sqlx::query_scalar("SELECT last_used_at FROM api_tokens")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(used.is_none());
    assert_eq!(
        c.get(api(&app, "/articles"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let used: Option<i64> = sqlx::query_scalar("SELECT last_used_at FROM api_tokens")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(used.is_some());
    sqlx::query("UPDATE api_tokens SET revoked_at = 1")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = c
        .get(api(&app, "/articles"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (401, "unauthenticated".into()));
}

#[tokio::test]
async fn a_session_calls_the_api_with_the_csrf_header() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let id = app.seed_ids().await[0];
    let url = format!("{}/admin/api/articles/{id}/unpublish", app.base);
    let r = s.client.post(&url).send().await.unwrap();
    assert_eq!(error_code(r).await, (403, "csrf".into()));
    let r = s
        .client
        .post(&url)
        .header("X-CSRF-Token", &s.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .client()
        .get(api(&app, "/articles"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(r).await,
        (401, "unauthenticated".into()),
        "JSON, not a redirect"
    );
}

#[tokio::test]
async fn the_list_pages_by_cursor() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let c = reqwest::Client::new();
    let page = |query: String| {
        let (c, url, token) = (
            c.clone(),
            api(&app, &format!("/articles{query}")),
            token.clone(),
        );
        async move {
            let r = c.get(url).bearer_auth(token).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()
        }
    };
    let first = page("?per_page=1".into()).await;
    assert_eq!(first["articles"].as_array().unwrap().len(), 1);
    let cursor = first["next_cursor"].as_str().expect("a cursor").to_owned();
    let second = page(format!("?per_page=1&after={cursor}")).await;
    assert_ne!(first["articles"][0]["id"], second["articles"][0]["id"]);
    // Newest first: the second page starts where the first ended.
    assert!(first["articles"][0]["date"].as_str() >= second["articles"][0]["date"].as_str());
    let end = second["next_cursor"]
        .as_str()
        .expect("a full page has a cursor");
    let last = page(format!("?per_page=1&after={end}")).await;
    assert!(last["articles"].as_array().unwrap().is_empty());
    assert!(last["next_cursor"].is_null());
}

#[tokio::test]
async fn deep_pages_by_number_match_the_pages_walked_by_cursor() {
    let app = TestApp::spawn().await;
    // 1,298 articles with 60 distinct dates: past two page marks (every
    // 500 rows), with ties that the id must order.
    let dir = app.db.folder("many");
    for n in 0..1_296 {
        let post = format!(
            "---\ntitle: 第{n}篇\ndate: 2020-01-{:02} 08:00:00\n---\n\n<p>正文</p>\n",
            1 + n % 28
        );
        std::fs::write(dir.join(format!("p{n:04}.md")), post).unwrap();
    }
    let report = app.db.import(&[dir], crate::helpers::options()).await;
    assert_eq!(report.summary.created, 1_296);
    let token = app.token_for(2).await;
    let c = reqwest::Client::new();
    let get = |query: String| {
        let (c, url, token) = (
            c.clone(),
            api(&app, &format!("/articles{query}")),
            token.clone(),
        );
        async move {
            let r = c.get(&url).bearer_auth(token).send().await.unwrap();
            assert_eq!(r.status(), 200, "{url}: {}", r.text().await.unwrap());
            r.json::<Value>().await.unwrap()
        }
    };
    for order in ["", "&sort=date_asc"] {
        let mut walked = Vec::new();
        let mut query = format!("?per_page=200{order}");
        loop {
            let page = get(query.clone()).await;
            walked.extend(
                page["articles"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["id"].as_i64().unwrap()),
            );
            match page["next_cursor"].as_str() {
                Some(cursor) => query = format!("?per_page=200{order}&after={cursor}"),
                None => break,
            }
        }
        assert_eq!(walked.len(), 1_298, "{order}");
        for (page, per_page) in [(11, 50), (12, 50), (21, 50), (26, 50), (7, 173), (4, 200)] {
            let numbered = get(format!("?per_page={per_page}&page={page}{order}")).await;
            let ids: Vec<i64> = numbered["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_i64().unwrap())
                .collect();
            let from = ((page - 1) * per_page) as usize;
            let expected = &walked[from.min(1_298)..(from + per_page as usize).min(1_298)];
            assert_eq!(ids, expected, "page {page} of {per_page}{order}");
        }
    }
}

#[tokio::test]
async fn a_tag_filter_follows_status_date_and_trash_changes() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let c = reqwest::Client::new();
    let listed = |query: &'static str| {
        let (c, url, token) = (
            c.clone(),
            api(&app, &format!("/articles?tag=%E6%A0%87%E7%AD%BE{query}")),
            token.clone(),
        );
        async move {
            let body: Value = c
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            body["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["title"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let mut ids = Vec::new();
    for (title, date) in [
        ("甲", "2021-01-01T00:00:00Z"),
        ("乙", "2022-01-01T00:00:00Z"),
    ] {
        let r = c
            .post(api(&app, "/articles"))
            .bearer_auth(&token)
            .json(&json!({ "title": title, "body": "<p>x</p>", "tags": ["标签"], "date": date }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        ids.push(r.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    assert_eq!(listed("").await, ["乙", "甲"], "newest first");
    assert_eq!(listed("&sort=date_asc").await, ["甲", "乙"]);
    assert_eq!(listed("&status=draft").await, ["乙", "甲"]);
    let publish = c
        .post(api(&app, &format!("/articles/{}/publish", ids[0])))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(publish.status(), 200);
    assert_eq!(listed("&status=published").await, ["甲"]);
    assert_eq!(listed("&status=draft").await, ["乙"]);
    let r = c
        .put(api(&app, &format!("/articles/{}", ids[0])))
        .bearer_auth(&token)
        .json(&json!({ "version": 2, "date": "2023-01-01T00:00:00Z" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(listed("").await, ["甲", "乙"], "a new date reorders");
    let r = c
        .delete(api(&app, &format!("/articles/{}", ids[1])))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert_eq!(listed("").await, ["甲"], "the trash is not listed");
}

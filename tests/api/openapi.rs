//! `GET /admin/api/openapi.json` against the real routes: the document
//! lists exactly the machine endpoints of SPEC, and each operation it
//! lists is served (a request to it reaches its handler: neither the
//! router's 404 nor 405, nor a 5xx).

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::app::TestApp;

#[tokio::test]
async fn the_document_lists_the_machine_endpoints_and_each_is_served() {
    let app = TestApp::spawn().await;
    let token = app.token_for(1).await;
    let c = reqwest::Client::new();
    let anonymous = c
        .get(format!("{}/admin/api/openapi.json", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let doc: Value = c
        .get(format!("{}/admin/api/openapi.json", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    // Every schema named is in the document.
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 20, "{refs:?}");
    for r in refs {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or(&r);
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "{r} is not in the document"
        );
    }

    let operations: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    // In the order they are called below (the delete last).
    let expected = [
        ("GET", "/admin/api/articles"),
        ("POST", "/admin/api/articles"),
        ("GET", "/admin/api/articles/{id}"),
        ("PUT", "/admin/api/articles/{id}"),
        ("POST", "/admin/api/articles/{id}/{step}"),
        ("POST", "/admin/api/import"),
        ("GET", "/admin/api/imports/{id}"),
        ("POST", "/admin/api/media"),
        ("GET", "/admin/api/media"),
        ("POST", "/admin/api/media/fetch"),
        ("GET", "/admin/api/media/fetches/{id}"),
        ("GET", "/admin/api/export"),
        ("GET", "/admin/api/openapi.json"),
        ("DELETE", "/admin/api/articles/{id}"),
        ("GET", "/api/articles"),
        ("GET", "/api/articles/{slug}"),
    ];
    let listed: BTreeSet<(String, String)> = expected
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(operations, listed);

    // Every error answer it documents has the one error shape.
    for (_, item) in doc["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') && status != "422" {
                    assert_eq!(
                        response["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorBody",
                        "{status} of {}",
                        op["operationId"]
                    );
                }
            }
        }
    }

    // Each operation, called as documented, reaches its handler.
    let id = app.seed_ids().await[1];
    let seed_slug: String = sqlx::query_scalar("SELECT slug FROM articles WHERE id = ?1")
        .bind(app.seed_ids().await[0])
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let run = {
        let r = c
            .post(format!("{}/admin/api/import?dry_run=true", app.base))
            .bearer_auth(&token)
            .json(&json!({"format": "folio/v1", "articles": []}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        sqlx::query_scalar::<_, i64>("SELECT max(id) FROM import_runs")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    // A run of bringing images home, for its document's GET.
    let fetch_run: i64 = {
        let r = c
            .post(format!("{}/admin/api/media/fetch", app.base))
            .bearer_auth(&token)
            .json(&json!({"articles": [id]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
        r.json::<serde_json::Value>().await.unwrap()["run"]
            .as_i64()
            .unwrap()
    };
    for (method, path) in expected {
        let target = if path.contains("imports") {
            run
        } else if path.contains("fetches") {
            fetch_run
        } else {
            id
        };
        let url = format!(
            "{}{}",
            app.base,
            path.replace("{step}", "publish")
                .replace("{id}", &target.to_string())
                .replace("{slug}", &seed_slug)
        );
        let request = match (method, path) {
            ("GET", "/admin/api/export") => c.get(format!("{url}?format=json")),
            ("GET", _) => c.get(&url),
            ("DELETE", _) => c.delete(&url),
            ("PUT", _) => c.put(&url).json(&json!({"version": 1, "title": "文档"})),
            ("POST", "/admin/api/media/fetch") => c.post(&url).json(&json!({"articles": [id]})),
            ("POST", "/admin/api/import") => c
                .post(format!("{url}?dry_run=true"))
                .json(&json!({"format": "folio/v1", "articles": []})),
            ("POST", "/admin/api/media") => {
                let mut png = std::io::Cursor::new(Vec::new());
                image::RgbImage::from_pixel(2, 2, image::Rgb([1, 2, 3]))
                    .write_to(&mut png, image::ImageFormat::Png)
                    .unwrap();
                let part = reqwest::multipart::Part::bytes(png.into_inner()).file_name("a.png");
                c.post(&url)
                    .multipart(reqwest::multipart::Form::new().part("file", part))
            }
            ("POST", _) => c.post(&url).json(&json!({"title": "新的"})),
            (other, _) => panic!("undocumented method {other}"),
        };
        let r = request.bearer_auth(&token).send().await.unwrap();
        let status = r.status().as_u16();
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {}",
            r.text().await.unwrap()
        );
    }
}

#[tokio::test]
async fn unknown_methods_paths_and_queries_answer_in_the_error_shape() {
    let app = TestApp::spawn().await;
    let token = app.token_for(1).await;
    let c = reqwest::Client::new();
    let call = |method: reqwest::Method, path: &str| {
        c.request(method, format!("{}{path}", app.base))
            .bearer_auth(&token)
            .send()
    };
    let r = call(reqwest::Method::PATCH, "/admin/api/articles")
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    let mut allow: Vec<String> = r.headers()["allow"]
        .to_str()
        .unwrap()
        .split(", ")
        .map(str::to_owned)
        .collect();
    allow.sort();
    assert_eq!(allow, ["GET", "POST"]);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");

    let r = call(
        reqwest::Method::GET,
        "/admin/api/articles/99999999999999999999",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "not_found"
    );
    let r = call(reqwest::Method::GET, "/admin/api/nothing")
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "not_found"
    );

    let r = call(reqwest::Method::GET, "/admin/api/export")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("format"),
        "{body}"
    );
    let r = call(reqwest::Method::GET, "/admin/api/articles?per_page=lots")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn the_public_api_gives_published_articles_only_and_redirects_old_slugs() {
    let app = TestApp::spawn().await;
    let token = app.token_for(2).await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get = |path: String| c.get(format!("{}{path}", app.base)).send();
    let list: Value = get("/api/articles".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 2);
    let first = &list["articles"][0];
    assert!(
        first["url"]
            .as_str()
            .unwrap()
            .starts_with("http://folio.test/articles/")
    );
    assert!(first.get("html").is_none(), "lists carry no bodies");
    let found: Value = get("/api/articles?q=%E9%87%91%E8%9E%8D".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 2);

    // Unpublish one, rename the other: the first is gone, the old slug redirects.
    let ids = app.seed_ids().await;
    let r = c
        .post(format!(
            "{}/admin/api/articles/{}/unpublish",
            app.base, ids[0]
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let article: Value = c
        .get(format!("{}/admin/api/articles/{}", app.base, ids[1]))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let old = article["slug"].as_str().unwrap().to_owned();
    let r = c
        .put(format!("{}/admin/api/articles/{}", app.base, ids[1]))
        .bearer_auth(&token)
        .json(&json!({"version": article["version"], "slug": "新的地址"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let list: Value = get("/api/articles".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["articles"][0]["slug"], "新的地址");
    let r = get(format!("/api/articles/{}", urlencode(&old)))
        .await
        .unwrap();
    assert_eq!(r.status(), 301);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        format!("/api/articles/{}", urlencode("新的地址"))
    );
    let one: Value = get(format!("/api/articles/{}", urlencode("新的地址")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(one["html"].as_str().unwrap().contains("金融"));
    assert!(!one["html"].as_str().unwrap().contains("<script"));
    let hidden: Value = sqlx::query_scalar::<_, String>("SELECT slug FROM articles WHERE id = ?1")
        .bind(ids[0])
        .fetch_one(&app.db.pool)
        .await
        .map(Value::String)
        .unwrap();
    let r = get(format!(
        "/api/articles/{}",
        urlencode(hidden.as_str().unwrap())
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "not_found"
    );
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

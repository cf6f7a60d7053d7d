//! A running folio for HTTP tests: the real application on 127.0.0.1 (port
//! 0) over a fresh database file, users of each role, and a logged-in
//! client per user that keeps its cookies and knows its CSRF token.

use folio::auth::password;
use folio::config::Config;
use folio::db;
use folio::domain::{Email, Role};
use folio::startup::Application;
use std::sync::Arc;

use reqwest::cookie::{CookieStore, Jar};
use reqwest::redirect::Policy;
use scraper::{Html, Selector};

use crate::helpers::TestDb;

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub db: TestDb,
    pub base: String,
}

/// The environment of a test server, with `extra` settings on top.
pub fn test_config(url: &str, extra: &[(&str, &str)]) -> Config {
    let mut vars = vec![
        ("FOLIO_DATABASE_URL".to_owned(), url.to_owned()),
        ("FOLIO_BIND".to_owned(), "127.0.0.1:0".to_owned()),
        (
            "FOLIO_PUBLIC_URL".to_owned(),
            "http://folio.test".to_owned(),
        ),
    ];
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Config::from_lookup(|name| {
        vars.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    })
    .expect("test config")
}

impl TestApp {
    /// A server over a fresh install (the seed posts) with one user of each
    /// role: admin@folio.test, editor@folio.test, author@folio.test.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(&[]).await
    }

    pub async fn spawn_with(extra: &[(&str, &str)]) -> TestApp {
        let db = TestDb::new().await;
        let hash = password::hash(PASSWORD).unwrap();
        let mut conn = db.pool.acquire().await.unwrap();
        for role in [Role::Admin, Role::Editor, Role::Author] {
            let email = Email::parse(&format!("{role}@folio.test")).unwrap();
            db::users::insert(&mut conn, &email, role, &hash, chrono::Utc::now())
                .await
                .unwrap();
        }
        drop(conn);
        let config = test_config(&db.url, extra);
        let app = Application::build(config, db.pool.clone())
            .await
            .expect("build");
        let base = format!("http://{}", app.address());
        tokio::spawn(app.run_until_stopped());
        TestApp { db, base }
    }

    /// A client that keeps cookies and does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        self.client_and_jar().0
    }

    /// `GET path` as a reader: no session, no redirect followed.
    pub async fn visit(&self, path: &str) -> reqwest::Response {
        self.client()
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// The folder its images are kept in (`media/` beside the database,
    /// unless the test said otherwise).
    pub fn media_dir(&self) -> std::path::PathBuf {
        match test_config(&self.db.url, &[]).media {
            folio::media::Location::Dir(dir) => dir,
            other => panic!("not a folder: {other:?}"),
        }
    }

    /// [`TestApp::client`] and the jar it keeps its cookies in.
    pub fn client_and_jar(&self) -> (reqwest::Client, Arc<Jar>) {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(Policy::none())
            .build()
            .unwrap();
        (client, jar)
    }

    pub async fn post_login(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        client
            .post(format!("{}/admin/login", self.base))
            .form(&[("email", email), ("password", password), ("next", "/admin")])
            .send()
            .await
            .unwrap()
    }

    /// A logged-in session of the user with that role.
    pub async fn login(&self, role: &str) -> Session {
        let (client, jar) = self.client_and_jar();
        let r = self
            .post_login(&client, &format!("{role}@folio.test"), PASSWORD)
            .await;
        assert_eq!(r.status(), 303, "login as {role}");
        let mut s = Session {
            client,
            jar,
            base: self.base.clone(),
            csrf: String::new(),
        };
        let page = s.get("/admin").await;
        assert_eq!(page.status(), 200);
        let html = Html::parse_document(&page.text().await.unwrap());
        s.csrf = html
            .select(&Selector::parse(r#"meta[name="csrf-token"]"#).unwrap())
            .next()
            .and_then(|m| m.value().attr("content"))
            .expect("the page carries the CSRF token")
            .to_owned();
        s
    }

    /// The id of the article with that slug.
    pub async fn article_id(&self, slug: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM articles WHERE slug = ?1")
            .bind(slug)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// A new API token of the user with that id (1 admin, 2 editor, 3 author).
    pub async fn token_for(&self, user_id: i64) -> String {
        let secret = folio::auth::token::new_api_token();
        let mut conn = self.db.pool.acquire().await.unwrap();
        let hash = folio::auth::token::hash(&secret);
        folio::db::tokens::insert(&mut conn, "test", &hash, user_id, chrono::Utc::now())
            .await
            .unwrap();
        secret
    }

    /// A request to `path` with `token` as its Bearer, as scripts send them.
    pub fn api(&self, method: reqwest::Method, token: &str, path: &str) -> reqwest::RequestBuilder {
        reqwest::Client::new()
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
    }

    /// `POST /admin/api/articles` with `article`.
    pub async fn api_create_article(
        &self,
        token: &str,
        article: &serde_json::Value,
    ) -> reqwest::Response {
        self.api(reqwest::Method::POST, token, "/admin/api/articles")
            .json(article)
            .send()
            .await
            .unwrap()
    }

    /// `GET path` with `token` as its Bearer: the answer's JSON.
    pub async fn api_get_json(&self, token: &str, path: &str) -> serde_json::Value {
        self.api(reqwest::Method::GET, token, path)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// `PUT /admin/api/articles/{id}` with `changes` (and their `version`).
    pub async fn api_update_article(
        &self,
        token: &str,
        id: impl std::fmt::Display,
        changes: &serde_json::Value,
    ) -> reqwest::Response {
        self.api(
            reqwest::Method::PUT,
            token,
            &format!("/admin/api/articles/{id}"),
        )
        .json(changes)
        .send()
        .await
        .unwrap()
    }

    /// `POST /admin/api/articles/{id}/{step}` (publish, unpublish, republish).
    pub async fn api_publishing_step(&self, token: &str, id: i64, step: &str) -> reqwest::Response {
        self.api(
            reqwest::Method::POST,
            token,
            &format!("/admin/api/articles/{id}/{step}"),
        )
        .send()
        .await
        .unwrap()
    }

    /// `POST /admin/api/import{query}` of a raw body; its status and JSON.
    pub async fn api_import(
        &self,
        token: &str,
        query: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, serde_json::Value) {
        let r = self
            .api(
                reqwest::Method::POST,
                token,
                &format!("/admin/api/import{query}"),
            )
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap())
    }

    pub async fn seed_ids(&self) -> Vec<i64> {
        sqlx::query_scalar("SELECT id FROM articles ORDER BY id")
            .fetch_all(&self.db.pool)
            .await
            .unwrap()
    }
}

pub struct Session {
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub base: String,
    pub csrf: String,
}

impl Session {
    /// A JSON request with the session's CSRF token, as the admin's
    /// scripts send them.
    pub async fn json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .request(method, format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// The `name=value` pairs of the cookies this session sends.
    pub fn cookies(&self) -> String {
        self.jar
            .cookies(&self.base.parse().unwrap())
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// Posts a form with the session's CSRF token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut all: Vec<(&str, &str)> = vec![("csrf", &self.csrf)];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts a form as given (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// A page as a browser loads it (which shows, and uses up, the message
    /// the last action left).
    pub async fn html(&self, path: &str) -> Html {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html,application/xhtml+xml")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        Html::parse_document(&r.text().await.unwrap())
    }

    /// Answers "yes" on a confirmation page (the way destructive actions
    /// ask without a script): posts its form as the browser would, and
    /// returns the question it asked beside the answer.
    pub async fn answer_yes(&self, asked: reqwest::Response) -> (String, reqwest::Response) {
        assert_eq!(asked.status(), 200, "a confirmation page");
        let html = Html::parse_document(&asked.text().await.unwrap());
        let question = select_texts(&html, "#confirm-question").concat();
        let form = html
            .select(&Selector::parse("#confirm-form").unwrap())
            .next()
            .expect("a confirmation form");
        let action = form.value().attr("action").unwrap().to_owned();
        let fields: Vec<(String, String)> = form
            .select(&Selector::parse("input").unwrap())
            .map(|i| {
                let attr = |n| i.value().attr(n).unwrap_or_default().to_owned();
                (attr("name"), attr("value"))
            })
            .collect();
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        (question, self.post_raw(&action, &fields).await)
    }

    /// The editor's form fields of an article, as a browser would send them.
    pub async fn edit_form(&self, id: i64) -> Vec<(String, String)> {
        let html = self.html(&format!("/admin/articles/{id}")).await;
        let form =
            Selector::parse("#article-form input, #article-form textarea, #article-form select")
                .unwrap();
        html.select(&form)
            .filter_map(|el| {
                let name = el.value().attr("name")?.to_owned();
                let value = match el.value().name() {
                    "textarea" => el.text().collect(),
                    "select" => el
                        .select(&Selector::parse("option[selected]").unwrap())
                        .next()
                        .and_then(|o| o.value().attr("value").map(str::to_owned))
                        .unwrap_or_default(),
                    _ => el.value().attr("value").unwrap_or_default().to_owned(),
                };
                Some((name, value))
            })
            .collect()
    }

    /// Posts the editor's form with `changes` applied.
    pub async fn save(
        &self,
        id: i64,
        form: &[(String, String)],
        changes: &[(&str, &str)],
    ) -> reqwest::Response {
        let fields: Vec<(&str, &str)> = form
            .iter()
            .map(|(k, v)| {
                let v = changes
                    .iter()
                    .find(|(ck, _)| ck == k)
                    .map_or(v.as_str(), |(_, cv)| cv);
                (k.as_str(), v)
            })
            .collect();
        self.post_raw(&format!("/admin/articles/{id}"), &fields)
            .await
    }
}

pub fn select_texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

//! Accessibility as a test: axe-core (from npm in `tests/a11y`, injected by
//! the test only: folio never ships it) on every admin page in both
//! languages and on the public pages finds no critical or serious
//! violation; and the daily flows work from the keyboard alone.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::key::Key;

use crate::harness::{self, Browser, Server, browser, serve};

/// axe-core's source, when `npm ci --prefix tests/a11y` installed it.
fn axe_source() -> Option<String> {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/a11y/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&file) {
        Ok(source) => Some(source),
        Err(e) => {
            let why = format!("{}: {e}: run npm ci --prefix tests/a11y", file.display());
            assert!(std::env::var_os("FOLIO_REQUIRE_A11Y").is_none(), "{why}");
            eprintln!("SKIPPED: {why}");
            None
        }
    }
}

/// axe's critical and serious violations on the page the browser shows.
async fn violations(b: &Browser, axe: &str) -> Vec<String> {
    b.client
        .execute(&format!("{axe}\n;return true;"), vec![])
        .await
        .expect("axe loads");
    let found = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then((r) => done(
               r.violations
                 .filter((v) => v.impact === 'critical' || v.impact === 'serious')
                 .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)));",
            vec![],
        )
        .await
        .expect("axe runs");
    serde_json::from_value(found).unwrap_or_default()
}

/// Every admin page, with what it needs made first.
async fn admin_paths(server: &Server) -> Vec<String> {
    let id: i64 = sqlx::query_scalar("SELECT min(id) FROM articles")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    let category: i64 = sqlx::query_scalar("SELECT min(id) FROM categories")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    vec![
        "/admin".into(),
        "/admin/articles".into(),
        "/admin/articles?q=%E9%87%91%E8%9E%8D".into(),
        "/admin/articles?trash=1".into(),
        "/admin/articles/new".into(),
        format!("/admin/articles/{id}"),
        format!("/admin/articles/{id}/revisions"),
        format!("/admin/articles/{id}/revisions/compare?from={}&to={}", 1, 1),
        "/admin/tags".into(),
        "/admin/categories".into(),
        format!("/admin/categories/{category}"),
        "/admin/import".into(),
        "/admin/export".into(),
        "/admin/users".into(),
        "/admin/audit".into(),
        "/admin/tokens".into(),
        "/admin/account".into(),
        "/admin/no-such-page".into(),
    ]
    .into_iter()
    .chain(crate::media_pages::media_pages(&server.pool).await)
    .collect()
}

#[tokio::test]
async fn no_page_has_a_critical_or_serious_accessibility_violation() {
    let Some(b) = browser("no_page_has_a_critical_or_serious_accessibility_violation").await else {
        return;
    };
    let Some(axe) = axe_source() else {
        return;
    };
    let server = serve().await;
    let mut found = Vec::new();
    for (path, label) in [
        ("/admin/login", "login"),
        ("/", "site home"),
        ("/archives", "archives"),
        ("/tags", "site tags"),
        ("/categories", "site categories"),
        ("/search?q=%E9%87%91%E8%9E%8D", "site search"),
    ] {
        b.goto(&server, path).await;
        b.wait("main").await;
        found.extend(
            violations(&b, &axe)
                .await
                .into_iter()
                .map(|v| format!("{label}: {v}")),
        );
    }
    let slug: String =
        sqlx::query_scalar("SELECT slug FROM articles WHERE status = 'published' LIMIT 1")
            .fetch_one(&server.pool)
            .await
            .unwrap();
    b.goto(&server, &format!("/articles/{slug}")).await;
    b.wait("main").await;
    found.extend(
        violations(&b, &axe)
            .await
            .into_iter()
            .map(|v| format!("site article: {v}")),
    );

    b.login(&server, "admin").await;
    let paths = admin_paths(&server).await;
    for lang in ["zh-CN", "en"] {
        if lang == "en" {
            b.goto(&server, "/admin/account").await;
            b.wait("#lang").await.select_by_value("en").await.unwrap();
            b.click("#save-preferences").await;
            b.text_until("#flash", |t| t.starts_with("Saved")).await;
        }
        for path in &paths {
            b.goto(&server, path).await;
            b.wait("main").await;
            assert_eq!(b.attr("html", "lang").await, lang, "{path}");
            found.extend(
                violations(&b, &axe)
                    .await
                    .into_iter()
                    .map(|v| format!("{lang} {path}: {v}")),
            );
        }
    }
    assert!(
        found.is_empty(),
        "{} violations:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Presses Tab until the focused element matches `css` (at most 80 times).
async fn tab_to(b: &Browser, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    for _ in 0..80 {
        let on: bool = b
            .client
            .execute(
                "return document.activeElement !== null && document.activeElement.matches(arguments[0]);",
                vec![serde_json::json!(css)],
            )
            .await
            .unwrap()
            .as_bool()
            .unwrap_or(false);
        if on {
            return;
        }
        assert!(Instant::now() < deadline, "no focus on {css}");
        b.client
            .active_element()
            .await
            .unwrap()
            .send_keys(&Key::Tab.to_string())
            .await
            .unwrap();
    }
    panic!("Tab never reached {css}");
}

/// Types into the focused element.
async fn type_here(b: &Browser, text: &str) {
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

#[tokio::test]
async fn login_search_edit_save_and_publish_work_from_the_keyboard() {
    let Some(b) = browser("login_search_edit_save_and_publish_work_from_the_keyboard").await else {
        return;
    };
    let server = serve().await;
    let enter = Key::Enter.to_string();

    b.goto(&server, "/admin/login").await;
    b.wait("#login-form").await;
    tab_to(&b, "input[name=email]").await;
    type_here(&b, "editor@folio.test").await;
    tab_to(&b, "input[name=password]").await;
    type_here(&b, &format!("{}{enter}", harness::PASSWORD)).await;
    b.wait("#logout").await;

    b.goto(&server, "/admin/articles").await;
    tab_to(&b, "input[name=q]").await;
    type_here(&b, &format!("金融{enter}")).await;
    b.wait_path("q=%E9%87%91%E8%9E%8D").await;
    b.wait("#articles .passage mark").await;

    let id: i64 = sqlx::query_scalar("SELECT min(id) FROM articles")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    b.goto(&server, &format!("/admin/articles/{id}")).await;
    tab_to(&b, "#title").await;
    type_here(&b, "（键盘）").await;
    tab_to(&b, "#save").await;
    type_here(&b, &enter).await;
    b.text_until("#flash", |t| t.starts_with("已保存")).await;
    let title: String = sqlx::query_scalar("SELECT title FROM articles WHERE id = ?1")
        .bind(id)
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert!(title.ends_with("（键盘）"), "{title}");

    tab_to(&b, "#unpublish").await;
    type_here(&b, &enter).await;
    b.text_until("#flash", |t| t.starts_with("已下线")).await;
    tab_to(&b, "#publish").await;
    type_here(&b, &enter).await;
    b.text_until("#flash", |t| t.starts_with("已发布")).await;
}

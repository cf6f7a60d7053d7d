//! What a browser test needs: folio serving a fresh database on 127.0.0.1,
//! and a headless chromium driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`). Without them the tests say they were skipped, unless
//! `FOLIO_REQUIRE_BROWSER` is set (CI sets it), which makes that a failure.

use std::io::Write;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use folio::auth::password;
use folio::config::Config;
use folio::db;
use folio::domain::{Email, Role};
use folio::startup::Application;
use sqlx::SqlitePool;
use tempfile::TempDir;

pub const PASSWORD: &str = "correct horse battery";

pub struct Server {
    pub dir: TempDir,
    pub pool: SqlitePool,
    pub base: String,
}

/// folio over a fresh install (the two seed posts) with an admin, an
/// editor and an author (`{role}@folio.test`). Imports of more than 100
/// items run in the background, so that a test can follow one.
pub async fn serve() -> Server {
    serve_with(&[]).await
}

/// [`serve`] with these settings too.
pub async fn serve_with(extra: &[(&str, &str)]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("folio.db").display());
    let pool = db::connect(&url).await.unwrap();
    db::migrate(&pool).await.unwrap();
    let hash = password::hash(PASSWORD).unwrap();
    let mut conn = pool.acquire().await.unwrap();
    for role in [Role::Admin, Role::Editor, Role::Author] {
        let email = Email::parse(&format!("{role}@folio.test")).unwrap();
        db::users::insert(&mut conn, &email, role, &hash, chrono::Utc::now())
            .await
            .unwrap();
    }
    drop(conn);
    let config = Config::from_lookup(|name| match name {
        "FOLIO_DATABASE_URL" => Some(url.clone()),
        "FOLIO_BIND" => Some("127.0.0.1:0".into()),
        "FOLIO_ASYNC_IMPORT_ITEMS" => Some("100".into()),
        other => extra
            .iter()
            .find(|(k, _)| *k == other)
            .map(|(_, v)| (*v).to_owned()),
    })
    .unwrap();
    let app = Application::build(config, pool.clone()).await.unwrap();
    let base = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());
    Server { dir, pool, base }
}

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
    pub downloads: TempDir,
}

impl Drop for Browser {
    /// Ends chromedriver and every chromium it started, even when the test
    /// failed half-way: they share a process group, killed as one (killing
    /// chromedriver alone leaves its browsers running).
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

fn locate(variable: &str, defaults: &[&str]) -> Option<PathBuf> {
    match std::env::var_os(variable) {
        Some(path) => Some(PathBuf::from(path)).filter(|p| p.is_file()),
        None => defaults.iter().map(PathBuf::from).find(|p| p.is_file()),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A headless chromium, or `None` (after saying so) when this machine has
/// none and the tests may be skipped.
pub async fn browser(test: &str) -> Option<Browser> {
    // FOLIO_CHROMEDRIVER / FOLIO_CHROMIUM name the programs; unset, the
    // places Debian puts them are tried.
    let driver_path = locate(
        "FOLIO_CHROMEDRIVER",
        &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
    );
    let chromium = locate(
        "FOLIO_CHROMIUM",
        &[
            "/usr/lib/chromium/chromium",
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
        ],
    );
    let (Some(driver_path), Some(chromium)) = (driver_path, chromium) else {
        let why = "chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver fonts-wqy-microhei)";
        assert!(std::env::var_os("FOLIO_REQUIRE_BROWSER").is_none(), "{why}");
        // Straight to the process's stderr: libtest captures eprintln! of a
        // passing test, and a skip must be seen.
        let _ = writeln!(std::io::stderr(), "SKIPPED browser test {test}: {why}");
        return None;
    };
    let port = free_port();
    let driver = Command::new(driver_path)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                // A Chinese browser, as folio's editors use: its
                // Accept-Language is zh-CN.
                "--lang=zh-CN",
                format!("--user-data-dir={}", profile.path().display()),
            ],
            "prefs": {
                "download.default_directory": downloads.path(),
                "download.prompt_for_download": false,
                "intl.accept_languages": "zh-CN,zh",
            },
        },
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => break c,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot start a chromium session: {e}"),
        }
    };
    Some(Browser {
        client,
        driver,
        _profile: profile,
        downloads,
    })
}

impl Browser {
    pub async fn goto(&self, server: &Server, path: &str) {
        self.client
            .goto(&format!("{}{path}", server.base))
            .await
            .unwrap();
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait(css).await.text().await.unwrap()
    }

    /// Waits until the element's text satisfies `ok` and returns it. After
    /// a click that loads a new page the old page's element may still be
    /// found (then go stale): this polls through that.
    pub async fn text_until(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = el.text().await
            {
                if ok(&text) {
                    return text;
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} never became what was expected; last seen: {last:?}");
    }

    /// Waits until the browser is on a page whose path and query contain
    /// `part` (a click's navigation has finished).
    pub async fn wait_path(&self, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !self.path().await.contains(part) {
            assert!(
                Instant::now() < deadline,
                "never reached a page with {part:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.wait("body").await;
    }

    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self.client.find_all(Locator::Css(css)).await.unwrap() {
            out.push(el.text().await.unwrap());
        }
        out
    }

    pub async fn wait(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
    }

    /// Clicks an element, scrolled to the middle of the window first (the
    /// editor's sticky action bar covers the top of it).
    pub async fn click(&self, css: &str) {
        let el = self.wait(css).await;
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![serde_json::to_value(&el).unwrap()],
            )
            .await
            .unwrap();
        el.click().await.unwrap();
    }

    /// Replaces a field's text by typing, as a person would.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.wait(css).await;
        el.clear().await.unwrap();
        el.send_keys(text).await.unwrap();
    }

    /// An attribute of the element (`data-status`…), empty when absent.
    pub async fn attr(&self, css: &str, name: &str) -> String {
        self.wait(css)
            .await
            .attr(name)
            .await
            .unwrap()
            .unwrap_or_default()
    }

    pub async fn value(&self, css: &str) -> String {
        self.wait(css)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    pub async fn login(&self, server: &Server, role: &str) {
        self.goto(server, "/admin/login").await;
        self.fill("input[name=email]", &format!("{role}@folio.test"))
            .await;
        self.fill("input[name=password]", PASSWORD).await;
        self.click("#login-form button[type=submit]").await;
        self.wait("#logout").await;
    }

    /// Presses keys on whatever has the focus, as a keyboard would (no
    /// element is focused first, so a selection made in the page stays).
    /// `held` keys (Control…) are held while `text` is typed.
    pub async fn keys(&self, held: &[fantoccini::key::Key], text: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for &k in held {
            actions = actions.then(KeyAction::Down { value: k.into() });
        }
        for c in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        for &k in held.iter().rev() {
            actions = actions.then(KeyAction::Up { value: k.into() });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// The body editor in its source mode, its whole text replaced by
    /// typing `text`.
    pub async fn type_source(&self, text: &str) {
        use fantoccini::key::Key;
        self.wait("html[data-editor-ready]").await;
        self.click("#editor-modes [data-mode=source]").await;
        self.click("#source-editor .cm-content").await;
        // Selected, deleted, then typed: typing over a selection of the
        // whole seed kept its last line in chromium.
        self.keys(&[Key::Control], "a").await;
        let delete: char = Key::Delete.into();
        self.keys(&[], &delete.to_string()).await;
        self.keys(&[], text).await;
    }

    /// Waits for a finished download in the downloads folder.
    pub async fn downloaded(&self) -> PathBuf {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let done = std::fs::read_dir(self.downloads.path())
                .unwrap()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| {
                    let name = p.file_name().unwrap_or_default().to_string_lossy();
                    !name.starts_with('.') && !name.ends_with(".crdownload") && is_nonempty(p)
                });
            if let Some(p) = done {
                return p;
            }
            assert!(Instant::now() < deadline, "no download arrived");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

fn is_nonempty(p: &Path) -> bool {
    p.metadata().is_ok_and(|m| m.len() > 0)
}

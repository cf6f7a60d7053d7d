//! The public site over real HTTP: its pages and status codes, feeds,
//! sitemap, validators, compression, headers, and that a publish,
//! unpublish or republish is seen on the very next request.

use std::io::Read;

use reqwest::StatusCode;
use scraper::Html;
use serde_json::{Value, json};

use crate::app::{TestApp, select_texts};

struct Public {
    app: TestApp,
    client: reqwest::Client,
    token: String,
}

impl Public {
    async fn spawn() -> Public {
        let app = TestApp::spawn().await;
        let token = app.token_for(2).await;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Public { app, client, token }
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.app.base))
            .send()
            .await
            .unwrap()
    }

    async fn page(&self, path: &str) -> Html {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        Html::parse_document(&r.text().await.unwrap())
    }

    async fn status(&self, path: &str) -> u16 {
        self.get(path).await.status().as_u16()
    }

    /// An article made through the admin API; its id.
    async fn create(&self, fields: Value) -> i64 {
        let r = self
            .client
            .post(format!("{}/admin/api/articles", self.app.base))
            .bearer_auth(&self.token)
            .json(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
    }

    async fn step(&self, id: i64, step: &str) {
        let r = self
            .client
            .post(format!("{}/admin/api/articles/{id}/{step}", self.app.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{step}: {}", r.text().await.unwrap());
    }

    async fn update(&self, id: i64, fields: Value) {
        let url = format!("{}/admin/api/articles/{id}", self.app.base);
        let current: Value = self
            .client
            .get(&url)
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut fields = fields;
        fields["version"] = current["version"].clone();
        let r = self
            .client
            .put(&url)
            .bearer_auth(&self.token)
            .json(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }

    /// The titles the home page lists, in order.
    async fn home_titles(&self) -> Vec<String> {
        select_texts(&self.page("/").await, ".card h2 a")
    }

    async fn feed(&self, path: &str) -> feed_rs::model::Feed {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200);
        assert_eq!(
            r.headers()["content-type"],
            "application/atom+xml; charset=utf-8"
        );
        feed_rs::parser::parse(&r.bytes().await.unwrap()[..]).expect("a valid Atom feed")
    }

    async fn sitemap(&self) -> String {
        let r = self.get("/sitemap.xml").await;
        assert_eq!(r.status(), 200);
        r.text().await.unwrap()
    }
}

/// `FOLIO_PUBLIC_URL` of the test server: absolute links start with it.
const PUBLIC: &str = "http://folio.test";
const SEED_0: &str = "/articles/000_94ec247d2f0d791e";
const SEED_0_TITLE: &str = "蚂蚁金服们的再思考：金融数字科技化的终极目的是什么？";
const NEW_MEDIA: &str = "/categories/%E6%96%B0%E5%AA%92%E4%BD%93";

#[tokio::test]
async fn every_page_of_a_fresh_install_answers_with_its_status() {
    let p = Public::spawn().await;
    for path in [
        "/",
        "/tags",
        "/categories",
        "/archives",
        "/archives/2021",
        "/archives/2021/06",
        "/feed.xml",
        "/sitemap.xml",
        "/robots.txt",
        NEW_MEDIA,
        "/static/site.css",
    ] {
        assert_eq!(p.status(path).await, 200, "{path}");
    }
    for path in [
        "/nothing",
        "/articles/missing",
        "/page/2",
        "/page/1",
        "/tags/missing",
        "/categories/missing",
        "/archives/2021/13",
        "/sitemaps/1.xml",
    ] {
        assert_eq!(p.status(path).await, 404, "{path}");
    }

    let article = p.page(SEED_0).await;
    assert_eq!(select_texts(&article, "h1"), [SEED_0_TITLE]);
    assert_eq!(
        select_texts(&article, ".categories a"),
        ["新媒体", "高科技行业门户", "新闻"]
    );
    assert!(select_texts(&article, ".credit")[0].contains("原文发表于 高科技行业门户"));
    let canonical = article
        .select(&scraper::Selector::parse("link[rel=canonical]").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(canonical, format!("{PUBLIC}{SEED_0}"));
    let og_type = article
        .select(&scraper::Selector::parse("meta[property='og:type']").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("content");
    assert_eq!(og_type, Some("article"));
    assert_eq!(
        select_texts(&article, ".pager a[rel=prev]"),
        ["← 「科技」正成为金融科技的底色"],
        "the newer seed is the next article"
    );

    let category = p.page(NEW_MEDIA).await;
    assert_eq!(
        select_texts(&category, ".children a"),
        ["人人都是产品经理", "高科技行业门户"],
        "a category shows its sub-categories"
    );
    assert_eq!(select_texts(&category, ".card h2 a").len(), 2);

    let search = p.page("/search?q=%E9%87%91%E8%9E%8D").await;
    assert_eq!(
        select_texts(&search, ".card h2 a").len(),
        2,
        "金融 finds both"
    );
    let search = p.page("/search?q=%E5%BA%95%E8%89%B2").await;
    assert_eq!(
        select_texts(&search, ".card h2 a"),
        ["「科技」正成为金融科技的底色"],
        "底色 finds one"
    );

    let archives = p.page("/archives").await;
    assert_eq!(
        select_texts(&archives, ".year li a"),
        ["2021-12", "2021-06"]
    );
    let robots = p.get("/robots.txt").await.text().await.unwrap();
    assert!(robots.contains(&format!("Sitemap: {PUBLIC}/sitemap.xml")));
}

#[tokio::test]
async fn a_publish_unpublish_republish_cycle_is_seen_on_the_next_request_everywhere() {
    let p = Public::spawn().await;
    let id = p
        .create(json!({ "title": "循环的文章", "slug": "循环", "body": "<p>一篇循环的文章</p>", "tags": ["循环"] }))
        .await;
    let path = "/articles/%E5%BE%AA%E7%8E%AF";
    assert_eq!(p.status(path).await, 404, "a draft was never published");
    assert!(!p.home_titles().await.contains(&"循环的文章".to_owned()));
    // Every page below is now cached: each step must drop it.
    p.feed("/feed.xml").await;
    p.sitemap().await;

    p.step(id, "publish").await;
    assert_eq!(p.status(path).await, 200);
    assert_eq!(p.home_titles().await[0], "循环的文章", "newest first");
    let feed = p.feed("/feed.xml").await;
    assert_eq!(
        feed.entries[0].title.as_ref().unwrap().content,
        "循环的文章"
    );
    let entry_id = feed.entries[0].id.clone();
    assert!(p.sitemap().await.contains(&format!("{PUBLIC}{path}")));
    assert_eq!(
        p.feed("/tags/%E5%BE%AA%E7%8E%AF/feed.xml")
            .await
            .entries
            .len(),
        1
    );

    p.step(id, "unpublish").await;
    assert_eq!(p.status(path).await, 410, "withdrawn: Gone");
    assert!(!p.home_titles().await.contains(&"循环的文章".to_owned()));
    assert!(
        p.feed("/feed.xml")
            .await
            .entries
            .iter()
            .all(|e| e.id != entry_id)
    );
    assert!(!p.sitemap().await.contains(path));
    assert_eq!(
        p.status("/tags/%E5%BE%AA%E7%8E%AF").await,
        404,
        "an empty tag has no page"
    );

    // Republished: the seeds go back above it by date, then it comes
    // back to the top with `updated` set.
    p.step(id, "publish").await;
    p.update(id, json!({ "date": "2020-01-01T00:00:00Z" }))
        .await;
    assert_eq!(p.home_titles().await.last().unwrap(), "循环的文章");
    p.step(id, "republish").await;
    assert_eq!(
        p.home_titles().await[0],
        "循环的文章",
        "a republish comes back to the top"
    );
    let page = p.page(path).await;
    assert!(select_texts(&page, ".meta")[0].contains("更新于"));
    let feed = p.feed("/feed.xml").await;
    let top = &feed.entries[0];
    assert_eq!(top.id, entry_id, "an entry's id outlives its edits");
    assert!(top.updated.unwrap() > top.published.unwrap());
}

#[tokio::test]
async fn the_atom_feed_has_what_rfc_4287_requires_with_absolute_links() {
    let p = Public::spawn().await;
    let feed = p.feed("/feed.xml").await;
    assert_eq!(feed.title.unwrap().content, "folio");
    assert_eq!(feed.id, format!("{PUBLIC}/feed.xml"));
    assert!(feed.updated.is_some());
    assert_eq!(feed.authors[0].name, "folio");
    assert!(feed.links.iter().any(|l| l.rel.as_deref() == Some("self")));
    assert_eq!(feed.entries.len(), 2);
    for entry in &feed.entries {
        assert!(entry.id.starts_with("tag:folio.test,"), "{}", entry.id);
        assert!(entry.updated.is_some() && entry.title.is_some());
        assert!(entry.links[0].href.starts_with(PUBLIC));
        let content = entry.content.as_ref().unwrap();
        assert!(content.body.as_ref().unwrap().contains("金融"));
    }
    let category = p.feed(&format!("{NEW_MEDIA}/feed.xml")).await;
    assert_eq!(category.entries.len(), 2);
    assert_eq!(p.status("/categories/missing/feed.xml").await, 404);
}

#[tokio::test]
async fn old_slugs_answer_301_to_the_current_one_percent_encoded() {
    let p = Public::spawn().await;
    let id = p.app.article_id("000_94ec247d2f0d791e").await;
    p.update(id, json!({ "slug": "金融新时代" })).await;
    let r = p.get(SEED_0).await;
    assert_eq!(r.status(), StatusCode::MOVED_PERMANENTLY);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        "/articles/%E9%87%91%E8%9E%8D%E6%96%B0%E6%97%B6%E4%BB%A3"
    );
    assert_eq!(select_texts(&p.page(&location).await, "h1"), [SEED_0_TITLE]);
}

#[tokio::test]
async fn lists_page_by_twenty_and_chinese_tags_round_trip_in_urls() {
    let p = Public::spawn().await;
    for n in 0..25 {
        let id = p
            .create(json!({
                "title": format!("第{n}篇"),
                "slug": format!("post-{n}"),
                "body": "<p>正文</p>",
                "tags": ["金融 科技"],
                "date": format!("2022-01-{:02}T00:00:00Z", n + 1),
            }))
            .await;
        p.step(id, "publish").await;
    }
    let first = p.page("/").await;
    assert_eq!(select_texts(&first, ".card").len(), 20);
    assert_eq!(select_texts(&first, ".pager a[rel=next]"), ["较早 →"]);
    assert!(select_texts(&first, ".pager a[rel=prev]").is_empty());
    let second = p.page("/page/2").await;
    assert_eq!(
        select_texts(&second, ".card").len(),
        7,
        "27 articles in all"
    );
    assert!(select_texts(&second, ".pager a[rel=next]").is_empty());
    assert_eq!(p.status("/page/3").await, 404);

    // The tag's slug keeps its Chinese (Hexo's slugize): a percent-encoded URL.
    let tags = p.page("/tags").await;
    let href = tags
        .select(&scraper::Selector::parse(".cloud a").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(href, "/tags/%E9%87%91%E8%9E%8D-%E7%A7%91%E6%8A%80");
    let tag = p.page(&href).await;
    assert_eq!(select_texts(&tag, "h1"), ["标签：金融 科技"]);
    assert_eq!(select_texts(&tag, ".card").len(), 20);
    assert_eq!(
        select_texts(&p.page(&format!("{href}/page/2")).await, ".card").len(),
        5
    );
    assert_eq!(p.status("/archives/2022/01").await, 200);
    assert_eq!(
        select_texts(&p.page("/archives/2022/01/page/2").await, ".card").len(),
        5
    );
}

#[tokio::test]
async fn validators_answer_304_and_bodies_are_compressed_when_asked() {
    let p = Public::spawn().await;
    let url = format!("{}{SEED_0}", p.app.base);
    let r = p.get(SEED_0).await;
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let modified = r.headers()["last-modified"].to_str().unwrap().to_owned();
    assert_eq!(r.headers()["cache-control"], "public, no-cache");
    assert_eq!(r.headers()["vary"], "Accept-Encoding");
    let plain = r.bytes().await.unwrap();

    let again = p
        .client
        .get(&url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());
    let since = p
        .client
        .get(&url)
        .header("If-Modified-Since", &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(since.status(), StatusCode::NOT_MODIFIED);
    let stale = p
        .client
        .get(&url)
        .header("If-None-Match", "\"other\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::OK);

    let gz = p
        .client
        .get(&url)
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&gz.bytes().await.unwrap()[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain);
    let br = p
        .client
        .get(&url)
        .header("Accept-Encoding", "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    let compressed = br.bytes().await.unwrap();
    assert!(compressed.len() * 2 < plain.len());
    let mut unbrotli = Vec::new();
    brotli::Decompressor::new(&compressed[..], 4096)
        .read_to_end(&mut unbrotli)
        .unwrap();
    assert_eq!(unbrotli, plain);
    let refused = p
        .client
        .get(&url)
        .header("Accept-Encoding", "br;q=0, gzip;q=0")
        .send()
        .await
        .unwrap();
    assert!(refused.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn public_answers_carry_security_headers_and_never_a_cookie() {
    let p = Public::spawn().await;
    let s = p.app.login("admin").await;
    for path in ["/", SEED_0, "/feed.xml", "/nothing", "/api/articles"] {
        let r = s.get(path).await;
        let headers = r.headers();
        assert!(headers.get("set-cookie").is_none(), "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
    }
    let r = p
        .client
        .post(format!("{}/", p.app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
}

/// A page without the search form, which only the live site has.
fn without_search_form(html: &str) -> String {
    match (html.find("<form class=\"search\""), html.find("</form>")) {
        (Some(start), Some(end)) => {
            let start = html[..start].trim_end().len();
            format!("{}{}", &html[..start], &html[end + "</form>".len()..])
        }
        _ => html.to_owned(),
    }
}

/// The live URL of an exported file: `a/b.html` is `/a/b`.
fn url_of(file: &str) -> String {
    let path = match file {
        "index.html" => "",
        f => f.strip_suffix(".html").unwrap_or(f),
    };
    let segments: Vec<String> = path
        .split('/')
        .map(|s| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        })
        .collect();
    format!("/{}", segments.join("/"))
}

fn export_site(p: &Public, dir: &std::path::Path) -> String {
    let o = p
        .app
        .db
        .folio(&["export", "--format", "site", "-o", dir.to_str().unwrap()]);
    let said = crate::helpers::stderr(&o);
    assert!(o.status.success(), "{said}");
    said.rsplit(": ").next().unwrap().trim().to_owned()
}

#[tokio::test]
async fn the_static_export_matches_the_live_pages_and_rewrites_only_what_changed() {
    let p = Public::spawn().await;
    let dir = p.app.db.folder("site");
    let first = export_site(&p, &dir);
    let files: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&dir)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        })
        .filter(|f| f != ".folio-site.json")
        .collect();
    assert_eq!(
        first,
        format!("{} files, {} written, 0 removed", files.len(), files.len())
    );
    for file in [
        "index.html",
        "articles/000_94ec247d2f0d791e.html",
        "categories/新媒体/高科技行业门户/新闻.html",
        "categories/新媒体/feed.xml",
        "archives/2021/06.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "static/site.css",
    ] {
        assert!(files.contains(&file.to_owned()), "{file} in {files:?}");
    }
    for file in &files {
        let exported = std::fs::read_to_string(dir.join(file)).unwrap();
        let r = p.get(&url_of(file)).await;
        assert_eq!(r.status(), 200, "{file}");
        let live = r.text().await.unwrap();
        assert_eq!(without_search_form(&live), exported, "{file}");
    }

    assert_eq!(
        export_site(&p, &dir),
        format!("{} files, 0 written, 0 removed", files.len()),
        "nothing changed"
    );

    let id = p
        .create(json!({ "title": "新文章", "slug": "new-one", "body": "<p>新</p>", "date": "2019-01-01T00:00:00Z" }))
        .await;
    p.step(id, "publish").await;
    let after_publish = export_site(&p, &dir);
    assert!(dir.join("articles/new-one.html").exists());
    // The new page, its neighbour's page, the home page, the feed, the
    // sitemap and the archives changed; the other article did not.
    let written: usize = after_publish
        .split(", ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(written > 3 && written < files.len(), "{after_publish}");
    p.step(id, "unpublish").await;
    let after_unpublish = export_site(&p, &dir);
    assert!(
        after_unpublish.ends_with("removed") && !after_unpublish.ends_with(" 0 removed"),
        "{after_unpublish}"
    );
    assert!(!dir.join("articles/new-one.html").exists());
}

#[tokio::test]
async fn the_content_api_filters_by_category_path() {
    let p = Public::spawn().await;
    let list = |q: &'static str| {
        let p = &p;
        async move {
            let r = p.get(&format!("/api/articles?category={q}")).await;
            assert_eq!(r.status(), 200);
            assert!(
                r.headers()["content-security-policy"]
                    .to_str()
                    .unwrap()
                    .contains("script-src 'self'")
            );
            let body: Value = r.json().await.unwrap();
            body["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["slug"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    // 新媒体 holds both seeds through its sub-categories; 新媒体/高科技行业门户 one.
    assert_eq!(list("%E6%96%B0%E5%AA%92%E4%BD%93").await.len(), 2);
    assert_eq!(
        list("%E6%96%B0%E5%AA%92%E4%BD%93%2F%E9%AB%98%E7%A7%91%E6%8A%80%E8%A1%8C%E4%B8%9A%E9%97%A8%E6%88%B7").await,
        ["000_94ec247d2f0d791e"]
    );
    assert!(list("nothing").await.is_empty());
}

#[tokio::test]
async fn tags_and_categories_of_drafts_only_stay_private() {
    let p = Public::spawn().await;
    let id = p
        .create(json!({
            "title": "草稿",
            "slug": "draft-only",
            "body": "<p>未发表</p>",
            "tags": ["秘密标签"],
            "categories": [["新媒体", "秘密栏目"]],
        }))
        .await;
    let secret_tag = "/tags/%E7%A7%98%E5%AF%86%E6%A0%87%E7%AD%BE";
    let secret_category = format!("{NEW_MEDIA}/%E7%A7%98%E5%AF%86%E6%A0%8F%E7%9B%AE");
    for path in [
        secret_tag.to_owned(),
        format!("{secret_tag}/feed.xml"),
        secret_category.clone(),
        format!("{secret_category}/feed.xml"),
    ] {
        assert_eq!(p.status(&path).await, 404, "{path}");
    }
    let categories = select_texts(&p.page("/categories").await, ".tree a");
    assert!(
        !categories.contains(&"秘密栏目".to_owned()),
        "{categories:?}"
    );
    let children = select_texts(&p.page(NEW_MEDIA).await, ".children a");
    assert!(!children.contains(&"秘密栏目".to_owned()), "{children:?}");
    assert!(!select_texts(&p.page("/tags").await, ".cloud a").contains(&"秘密标签".to_owned()));

    p.step(id, "publish").await;
    assert_eq!(p.status(secret_tag).await, 200);
    assert_eq!(p.status(&secret_category).await, 200);
    assert!(select_texts(&p.page("/categories").await, ".tree a").contains(&"秘密栏目".to_owned()));
}

#[tokio::test]
async fn the_theme_speaks_folio_site_lang() {
    let zh = TestApp::spawn().await;
    let en = TestApp::spawn_with(&[("FOLIO_SITE_LANG", "en")]).await;
    for (app, lang, archives) in [(&zh, "zh-CN", "归档"), (&en, "en", "Archives")] {
        let html = scraper::Html::parse_document(
            &app.client()
                .get(format!("{}/", app.base))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        assert_eq!(html.root_element().value().attr("lang"), Some(lang));
        assert_eq!(select_texts(&html, "header nav a")[0], archives);
        let nav = html
            .select(&scraper::Selector::parse("header nav").unwrap())
            .next()
            .unwrap();
        assert!(
            nav.value().attr("aria-label").is_some(),
            "a named navigation"
        );
    }
}

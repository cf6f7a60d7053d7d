//! A whole Hexo site as one input (issue 18): `_config.yml` and `source/`,
//! as a folder and as a zip; posts, drafts, pages, images and asset
//! folders; every address the site had answers 301 to a page that is
//! there.

use crate::hexo_compare as compare;
use std::path::Path;

use crate::app::TestApp;
use crate::helpers::{stderr, stdout, write_files, zip_of};
use crate::media::png;

const CONFIG: &str = "title: 一个博客\n\
timezone: Asia/Shanghai\n\
url: https://blog.example\n\
permalink: :year/:month/:title/\n\
post_asset_folder: true\n\
skip_render: README.md\n";

/// A site of our own making, with the forms real blogs have.
fn site_files() -> Vec<(String, Vec<u8>)> {
    let text = |s: &str| s.as_bytes().to_vec();
    vec![
        (
            "package.json".into(),
            text(r#"{"name":"blog","hexo":{"version":"8.1.2"}}"#),
        ),
        ("_config.yml".into(), text(CONFIG)),
        (
            "source/_posts/hello.md".into(),
            text(
                "---\ntitle: Hello\ndate: 2020-01-02 10:00:00\ntags: [Rust, 金融]\ncategories: [技术, 后端]\n---\n![图](diagram.png)\n\n<img src=\"/images/logo.png\">\n",
            ),
        ),
        ("source/_posts/hello/diagram.png".into(), png(40, 30)),
        (
            "source/_posts/2021/你好.md".into(),
            text("---\ntitle: 你好\ndate: 2021-03-04 05:06:07\ntags: Rust\n---\n正文\n"),
        ),
        (
            "source/_posts/old.html".into(),
            text(
                "---\ntitle: Old HTML\ndate: 2019-05-06 07:08:09\n---\n<p>an <b>HTML</b> post</p>\n",
            ),
        ),
        (
            "source/_drafts/idea.md".into(),
            text("---\ntitle: Idea\n---\nnot yet\n"),
        ),
        (
            "source/about/index.md".into(),
            text("---\ntitle: 关于\nlayout: page\n---\n关于我\n"),
        ),
        ("source/images/logo.png".into(), png(20, 20)),
        ("source/css/site.css".into(), text("body { color: red }\n")),
        ("source/README.md".into(), text("# not a page\n")),
        ("source/_data/menu.yml".into(), text("home: /\n")),
        (
            "themes/plain/layout/post.ejs".into(),
            text("<%- page.content %>\n"),
        ),
    ]
}

fn write_site(dir: &Path) {
    let files = site_files();
    let entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    write_files(dir, &entries);
}

/// The addresses Hexo gives the site's posts, pages, tags and categories,
/// as Hexo 8 itself computes them when it is installed, else as we do.
fn old_addresses(site: &Path) -> Vec<String> {
    let expected: Vec<String> = [
        "/2020/01/hello/",
        "/2021/03/2021/你好/",
        "/about/index.html",
        "/tags/Rust/",
        "/tags/金融/",
        "/categories/技术/",
        "/categories/技术/后端/",
    ]
    .map(str::to_owned)
    .to_vec();
    if compare::hexo_installed() {
        let (_, zone) = compare::site_config(site);
        let hexo = compare::hexo_site(site, zone).unwrap();
        let mut from_hexo: Vec<String> = hexo
            .posts
            .iter()
            .filter(|p| p.source.starts_with("_posts/"))
            .map(|p| p.url.clone())
            .chain(hexo.tags.iter().map(|t| t.url.clone()))
            .chain(hexo.categories.iter().map(|c| c.url.clone()))
            .collect();
        let mut ours = expected.clone();
        ours.retain(|u| u != "/about/index.html");
        from_hexo.sort();
        ours.sort();
        assert_eq!(from_hexo, ours, "Hexo gives the addresses we expect");
    }
    expected
}

#[tokio::test]
async fn a_hexo_site_folder_is_imported_whole_and_its_old_addresses_answer() {
    let app = TestApp::spawn().await;
    let site = app.db.folder("blog");
    write_site(&site);
    let o = app.db.folio(&["import", "--json", site.to_str().unwrap()]);
    let report: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    assert!(o.status.success(), "{report}");
    let summary = &report["summary"];
    assert_eq!(
        (&summary["created"], &summary["skipped"], &summary["failed"]),
        (&4.into(), &3.into(), &0.into()),
        "posts, a draft and a page; the stylesheet, the README and the HTML file \
         (with asset folders, only `.md` files are posts) skipped: {report}"
    );
    let skipped: Vec<&str> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "skipped")
        .map(|i| i["warnings"][0]["code"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["not_kept", "not_kept", "not_kept"]);

    type Row = (String, String, String, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT slug, kind, status, source_path, page_path FROM articles ORDER BY source_path",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let row = |slug: &str| {
        rows.iter()
            .find(|r| r.0 == slug)
            .unwrap_or_else(|| panic!("{slug}: {rows:?}"))
    };
    assert_eq!(row("idea").2, "draft", "a draft is a draft");
    assert_eq!(row("idea").3.as_deref(), Some("_drafts/idea.md"));
    assert_eq!(
        (row("about").1.as_str(), row("about").4.as_deref()),
        ("page", Some("/about/"))
    );
    assert_eq!(row("你好").1, "post");
    let date: i64 = sqlx::query_scalar("SELECT date FROM articles WHERE slug = 'hello'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        date,
        chrono::DateTime::parse_from_rfc3339("2020-01-02T10:00:00+08:00")
            .unwrap()
            .timestamp(),
        "dates in the site's timezone"
    );
    let assets: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.name, m.mime FROM article_assets s JOIN media m ON m.hash = s.hash",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(assets, [("diagram.png".to_owned(), "image/png".to_owned())]);

    // Every old address answers 301, and where it leads answers 200; or
    // 200 at once where folio's own address is the same (`/tags/金融/`).
    let mut moved = 0;
    for old in old_addresses(&site) {
        let r = app.visit(&encode(&old)).await;
        if r.status() == 200 {
            continue;
        }
        assert_eq!(r.status(), 301, "{old}");
        moved += 1;
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        let there = app.visit(&to).await;
        assert_eq!(there.status(), 200, "{old} → {to}");
    }
    assert!(moved >= 4, "{moved}");
    // The page at its own path; the draft nowhere.
    let about = app.visit(&encode("/about/")).await;
    assert_eq!(about.status(), 200);
    assert!(about.text().await.unwrap().contains("关于我"));
    // Images at the addresses the site served them at.
    for old in ["/images/logo.png", "/2020/01/hello/diagram.png"] {
        let r = app.visit(old).await;
        assert_eq!(r.status(), 301, "{old}");
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.starts_with("/media/"), "{to}");
        assert_eq!(app.visit(&to).await.status(), 200);
    }
    // The post shows its asset folder's image from the library.
    let hash: String = sqlx::query_scalar("SELECT hash FROM article_assets")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let hello = app.visit("/articles/hello").await.text().await.unwrap();
    assert!(hello.contains(&format!("/media/{hash}.png")), "{hello}");
    assert!(!hello.contains("src=\"diagram.png\""), "{hello}");
    // Lists leave the page out.
    let home = app.visit("/").await.text().await.unwrap();
    assert!(home.contains("Hello") && !home.contains("关于我"), "{home}");

    // Its Hexo export puts each file back where it was, as it was.
    let out = app.db.dir.path().join("hexo.zip");
    let o = app
        .db
        .folio(&["export", "--format", "hexo", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    for name in [
        "source/_posts/hello.md",
        "source/_posts/2021/你好.md",
        "source/_drafts/idea.md",
        "source/about/index.md",
        "source/_posts/hello/diagram.png",
    ] {
        let mut entry = zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let original = std::fs::read(site.join(name)).unwrap();
        assert!(bytes == original, "{name} comes back byte for byte");
    }

    // The same site again changes nothing.
    let again = app.db.folio(&["import", "--json", site.to_str().unwrap()]);
    let again: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert_eq!(again["summary"]["unchanged"], 4, "{again}");
}

#[tokio::test]
async fn a_sites_addresses_pages_and_asset_folders_survive_a_json_round_trip() {
    let first = TestApp::spawn().await;
    let site = first.db.folder("blog");
    write_site(&site);
    let o = first.db.folio(&["import", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let export = |app: &TestApp, name: &str| {
        let out = app.db.dir.path().join(name);
        let o = app.db.folio(&[
            "export",
            "--format",
            "json",
            "--with-media",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        out
    };
    let out = export(&first, "site.zip");

    let second = TestApp::spawn().await;
    let o = second
        .db
        .folio(&["import", "--json", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let r = second.visit("/2020/01/hello/").await;
    assert_eq!(r.status(), 301);
    assert_eq!(r.headers()["location"], "/articles/hello");
    assert_eq!(second.visit("/about/").await.status(), 200);
    let r = second.visit("/2020/01/hello/diagram.png").await;
    assert_eq!(r.status(), 301);
    let hello = second.visit("/articles/hello").await.text().await.unwrap();
    assert!(
        !hello.contains("src=\"diagram.png\""),
        "the asset resolves: {hello}"
    );

    // And its own export is the same document.
    let document = |zip: &Path| -> serde_json::Value {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
        let entry = archive.by_name("folio.json").unwrap();
        let mut value: serde_json::Value = serde_json::from_reader(entry).unwrap();
        value.as_object_mut().unwrap().remove("exported_at");
        value.as_object_mut().unwrap().remove("media");
        value
    };
    let again = export(&second, "again.zip");
    let (a, b) = (document(&out), document(&again));
    assert!(a["legacy_paths"].as_array().unwrap().len() > 10, "{a}");
    assert_eq!(a["legacy_paths"], b["legacy_paths"]);
    assert_eq!(a["assets"], b["assets"]);
    assert_eq!(a["articles"], b["articles"]);
}

#[tokio::test]
async fn a_hexo_site_in_a_zip_with_its_top_folder_is_a_site_too() {
    let app = TestApp::spawn().await;
    let files = site_files();
    let entries: Vec<(String, &[u8])> = files
        .iter()
        .map(|(n, b)| (format!("blog-main/{n}"), b.as_slice()))
        .collect();
    let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let zip = zip_of(&app.db.dir.path().join("blog.zip"), &entries);
    let o = app.db.folio(&["import", "--json", zip.to_str().unwrap()]);
    let report: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    assert_eq!(report["summary"]["created"], 4, "{report}");
    assert_eq!(report["summary"]["failed"], 0, "{report}");
    let r = app.visit("/2020/01/hello/").await;
    assert_eq!(r.status(), 301);
    assert_eq!(r.headers()["location"], "/articles/hello");
    let page: Option<String> =
        sqlx::query_scalar("SELECT page_path FROM articles WHERE slug = 'about'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(page.as_deref(), Some("/about/"));
}

#[tokio::test]
async fn html_files_in_posts_are_posts_as_hexo_renders_them() {
    let app = TestApp::spawn().await;
    // In a site without asset folders, and in a `_posts` folder alone.
    let site = app.db.folder("site");
    write_files(
        &site,
        &[
            ("_config.yml", b"title: x
"),
            ("source/_posts/old.html", b"---\ntitle: Old HTML\ndate: 2019-05-06 07:08:09\n---\n<p>an <b>HTML</b> post</p>\n"),
        ],
    );
    let folder = app.db.folder("plain");
    write_files(
        &folder,
        &[(
            "_posts/older.htm",
            b"---\ntitle: Older\n---\n<p>older</p>\n",
        )],
    );
    for (path, slug) in [(&site, "old"), (&folder, "older")] {
        let o = app.db.folio(&["import", "--json", path.to_str().unwrap()]);
        let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(report["summary"]["created"], 1, "{report}");
        assert_eq!(report["items"][0]["slug"], slug, "{report}");
    }
    let r = app.visit("/2019/05/06/old/").await;
    assert_eq!(r.status(), 301);
    let page = app.visit("/articles/old").await.text().await.unwrap();
    assert!(page.contains("<b>HTML</b>"), "{page}");
}

#[tokio::test]
async fn hexo_tag_plugins_render_and_a_themes_own_are_shown_and_warned_of() {
    let app = TestApp::spawn().await;
    let site = app.db.folder("tags");
    let post = "---\ntitle: Tags\ndate: 2020-01-02 10:00:00\n---\n\
{% blockquote 鲁迅, 呐喊 %}\n**希望**是本无所谓有的。\n{% endblockquote %}\n\n\
{% codeblock hello.rs lang:rust %}\nfn main() {}\n{% endcodeblock %}\n\n\
{% img /images/a.png 200 100 \"标题\" \"替代\" %}\n\n\
{% asset_img diagram.png 图 %}\n\n\
{% link Hexo https://hexo.io %} and {% post_link other 另一篇 %}\n\n\
{% youtube dQw4w9WgXcQ %}\n\n\
{% pullquote %}\n拉引\n{% endpullquote %}\n\n\
{% raw %}{{ kept }}{% endraw %}\n\n\
```\n{% img /not/a/tag.png %}\n```\n\n\
{% spoiler 剧透 %}\n秘密\n{% endspoiler %}\n";
    write_files(
        &site,
        &[
            ("_config.yml", b"title: x\npost_asset_folder: true\n"),
            ("source/_posts/tags.md", post.as_bytes()),
            ("source/_posts/tags/diagram.png", &png(10, 10)),
            ("source/_posts/other.md", b"---\ntitle: Other\n---\nx\n"),
        ],
    );
    let o = app.db.folio(&["import", "--json", site.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let item = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == "tags")
        .unwrap();
    let warnings = item["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{item}");
    assert_eq!(warnings[0]["code"], "unknown_tag");
    assert_eq!(warnings[0]["line"], 31, "the file's line: {item}");
    assert!(warnings[0]["message"].as_str().unwrap().contains("spoiler"));

    let page = app.visit("/articles/tags").await.text().await.unwrap();
    for rendered in [
        "<blockquote>",
        "<strong>希望</strong>是本无所谓有的。",
        "<footer><strong>鲁迅</strong><cite>呐喊</cite></footer>",
        "<figure class=\"highlight rust\"><figcaption><span>hello.rs</span></figcaption>",
        // Highlighted on the server.
        "<code class=\"language-rust\"><span class=\"hl-source hl-rust\">",
        "width=\"200\" height=\"100\" title=\"标题\" alt=\"替代\"",
        "href=\"https://hexo.io\"",
        "href=\"/articles/other\"",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "<blockquote class=\"pullquote\">",
        "{{ kept }}",
        "{% img /not/a/tag.png %}",
        "{% spoiler 剧透 %}",
    ] {
        assert!(page.contains(rendered), "{rendered} in {page}");
    }
    let hash: String = sqlx::query_scalar("SELECT hash FROM article_assets")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(
        page.contains(&format!("/media/{hash}.png")),
        "asset_img resolves: {page}"
    );
    // The source keeps the tags.
    let body: String = sqlx::query_scalar("SELECT body FROM articles WHERE slug = 'tags'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(body.contains("{% asset_img diagram.png 图 %}"));
}

#[tokio::test]
async fn a_site_whose_config_cannot_be_read_fails_naming_it() {
    let app = TestApp::spawn().await;
    let site = app.db.folder("broken");
    write_files(
        &site,
        &[
            ("_config.yml", b"title: x\npermalink: [\n"),
            ("source/_posts/a.md", b"---\ntitle: A\n---\na\n"),
        ],
    );
    let o = app.db.folio(&["import", "--json", site.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(!o.status.success());
    let item = &report["items"][0];
    assert!(
        item["source"].as_str().unwrap().ends_with("_config.yml"),
        "{item}"
    );
    assert!(
        item["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("_config.yml"),
        "{item}"
    );
    assert!(item["error"]["line"].is_number(), "{item}");
}

/// A path as a browser sends it: each segment percent-encoded.
fn encode(path: &str) -> String {
    path.split('/')
        .map(|s| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        })
        .collect::<Vec<_>>()
        .join("/")
}

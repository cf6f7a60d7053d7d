//! SPEC's "Reading a Hexo post", rule by rule, through the importer into a
//! real database.

use chrono::{TimeZone, Utc};
use folio::db::from_unix;

use crate::helpers::{TestDb, options, write_files};

async fn import_one(name: &str, bytes: &[u8]) -> (TestDb, folio::db::articles::StoredArticle) {
    let t = TestDb::empty().await;
    let dir = t.folder("in");
    let paths = write_files(&dir, &[(name, bytes)]);
    let report = t.import(&paths, options()).await;
    assert_eq!(report.summary.failed, 0, "{}", report.to_text());
    let slug = report.items[0].slug.clone().expect("slug");
    let article = t.article(&slug).await;
    (t, article)
}

#[tokio::test]
async fn yaml_between_three_or_more_dashes() {
    let (_t, a) = import_one("a.md", b"-----\ntitle: Five dashes\n-----\nbody\n").await;
    assert_eq!(a.row.title, "Five dashes");
    assert_eq!(a.row.body, "body\n");
}

#[tokio::test]
async fn json_between_semicolons() {
    let (_t, a) = import_one(
        "j.md",
        b";;;\n\"title\": \"JSON post\",\n\"tags\": [\"x\"]\n;;;\nbody",
    )
    .await;
    assert_eq!(a.row.title, "JSON post");
    assert_eq!(a.row.front_matter_format, "json");
    assert_eq!(a.tags, ["x"]);
}

#[tokio::test]
async fn the_opening_separator_may_be_omitted() {
    let (_t, a) = import_one(
        "n.md",
        b"title: No opener\ndate: 2013/7/13 20:46:25\n---\nbody",
    )
    .await;
    assert_eq!(a.row.title, "No opener");
    assert_eq!(
        from_unix(a.row.date),
        Utc.with_ymd_and_hms(2013, 7, 13, 20, 46, 25).unwrap()
    );
}

#[tokio::test]
async fn a_bom_crlf_and_leading_blank_lines_are_ignored() {
    let (_t, a) = import_one(
        "b.md",
        "\u{feff}\r\n\r\n---\r\ntitle: 带BOM\r\n---\r\nline1\r\nline2".as_bytes(),
    )
    .await;
    assert_eq!(a.row.title, "带BOM");
    assert_eq!(a.row.body, "line1\nline2");
    assert_eq!(a.row.front_matter, "\n\n---\ntitle: 带BOM\n---\n");
}

#[tokio::test]
async fn tabs_that_indent_yaml_count_as_two_spaces() {
    let (_t, a) = import_one("t.md", b"---\ntitle: Tabs\ntags:\n\t- one\n\t- two\n---\n").await;
    assert_eq!(a.tags, ["one", "two"]);
}

#[tokio::test]
async fn dates_in_every_form_hexo_accepts() {
    let cases = [
        (
            "date: 2013-07-13 20:46:25",
            Utc.with_ymd_and_hms(2013, 7, 13, 20, 46, 25),
        ),
        (
            "date: 2013/7/13 20:46:25",
            Utc.with_ymd_and_hms(2013, 7, 13, 20, 46, 25),
        ),
        (
            "date: 2021-06-02T12:07:00+08:00",
            Utc.with_ymd_and_hms(2021, 6, 2, 4, 7, 0),
        ),
        (
            "date: 2021-06-02T04:07:00Z",
            Utc.with_ymd_and_hms(2021, 6, 2, 4, 7, 0),
        ),
        (
            "date: 2021-06-02T04:07:00",
            Utc.with_ymd_and_hms(2021, 6, 2, 4, 7, 0),
        ),
        (
            "date: Wed, 02 Jun 2021 04:07:00 GMT",
            Utc.with_ymd_and_hms(2021, 6, 2, 4, 7, 0),
        ),
        (
            "date: 2013-07-13",
            Utc.with_ymd_and_hms(2013, 7, 13, 0, 0, 0),
        ),
    ];
    for (line, expected) in cases {
        let text = format!("---\ntitle: d\n{line}\nupdated: 2022-01-01 00:00:00\n---\n");
        let (_t, a) = import_one("d.md", text.as_bytes()).await;
        assert_eq!(from_unix(a.row.date), expected.unwrap(), "{line}");
        assert_eq!(
            a.row.updated.map(from_unix),
            Some(Utc.with_ymd_and_hms(2022, 1, 1, 0, 0, 0).unwrap())
        );
    }
}

#[tokio::test]
async fn a_date_without_zone_is_in_folio_timezone() {
    let t = TestDb::empty().await;
    let dir = t.folder("in");
    let paths = write_files(
        &dir,
        &[("z.md", b"---\ntitle: z\ndate: 2013-07-13 20:46:25\n---\n")],
    );
    let mut opts = options();
    opts.zone = chrono_tz::Asia::Shanghai;
    t.import(&paths, opts).await;
    let a = t.article("z").await;
    assert_eq!(
        from_unix(a.row.date),
        Utc.with_ymd_and_hms(2013, 7, 13, 12, 46, 25).unwrap()
    );
}

#[tokio::test]
async fn tags_may_be_a_list_or_one_string() {
    let (_t, a) = import_one("s.md", b"---\ntitle: s\ntags: Rust\n---\n").await;
    assert_eq!(a.tags, ["Rust"]);
    let (_t, a) = import_one(
        "l.md",
        b"---\ntitle: l\ntags: [Rust, \xe9\x87\x91\xe8\x9e\x8d]\n---\n",
    )
    .await;
    assert_eq!(a.tags, ["Rust", "金融"]);
}

#[tokio::test]
async fn categories_follow_hexo_hierarchy_rules() {
    let (t, a) = import_one(
        "c.md",
        "---\ntitle: c\ncategories: [新媒体, 高科技行业门户, 新闻]\n---\n".as_bytes(),
    )
    .await;
    assert_eq!(a.categories, [vec!["新媒体", "高科技行业门户", "新闻"]]);
    assert_eq!(
        t.category_paths().await.len(),
        3,
        "one path makes three nested categories"
    );

    let (_t, a) = import_one(
        "c2.md",
        b"---\ntitle: c\ncategories:\n  - [A, B]\n  - [C]\n  - D\n---\n",
    )
    .await;
    assert_eq!(a.categories, [vec!["A", "B"], vec!["C"], vec!["D"]]);

    let (_t, a) = import_one("c3.md", b"---\ntitle: c\ncategories: Life\n---\n").await;
    assert_eq!(a.categories, [vec!["Life"]]);
}

#[tokio::test]
async fn published_false_imports_as_a_draft() {
    let (_t, a) = import_one("p.md", b"---\ntitle: p\npublished: false\n---\n").await;
    assert_eq!(a.row.status.as_str(), "draft");
    assert_eq!(a.row.published_at, None);
    let (_t, a) = import_one("q.md", b"---\ntitle: q\n---\n").await;
    assert_eq!(a.row.status.as_str(), "published");
}

#[tokio::test]
async fn the_slug_is_the_front_matter_slug_or_the_file_name() {
    let (_t, a) = import_one("file-name.md", b"---\ntitle: s\nslug: chosen\n---\n").await;
    assert_eq!(a.row.slug, "chosen");
    let (_t, a) = import_one("sub/file-name.markdown", b"---\ntitle: s\n---\n").await;
    assert_eq!(a.row.slug, "file-name");
}

#[tokio::test]
async fn known_keys_are_honoured_and_unknown_ones_kept_in_order() {
    let text = "---\ntitle: k\nzeta: 1\nheadimg: /h.png\nthumbnail: /t.png\nauthor: 某网站\ncomments: false\n\
                permalink: /p/k/\nexcerpt: 摘要\nlayout: post\nphotos: [a.jpg]\n---\nbody";
    let (_t, a) = import_one("k.md", text.as_bytes()).await;
    assert_eq!(a.row.headimg.as_deref(), Some("/h.png"));
    assert_eq!(a.row.thumbnail.as_deref(), Some("/t.png"));
    assert_eq!(a.row.author.as_deref(), Some("某网站"));
    assert_eq!(a.row.comments, Some(false));
    assert_eq!(a.row.permalink.as_deref(), Some("/p/k/"));
    assert_eq!(a.row.excerpt_source.as_deref(), Some("摘要"));
    let keys: Vec<String> = a.extra().keys().cloned().collect();
    assert_eq!(keys, ["zeta", "layout", "photos"]);
}

#[tokio::test]
async fn the_more_marker_makes_the_excerpt() {
    let t = TestDb::empty().await;
    let dir = t.folder("in");
    let paths = write_files(
        &dir,
        &[(
            "m.md",
            b"---\ntitle: m\n---\nIntro **here**.\n\n<!-- more -->\n\nRest.\n",
        )],
    );
    t.import(&paths, options()).await;
    let excerpt: String = sqlx::query_scalar("SELECT excerpt_html FROM articles WHERE slug = 'm'")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    assert_eq!(excerpt, "<p>Intro <strong>here</strong>.</p>\n");
}

#[tokio::test]
async fn a_text_file_with_front_matter_is_a_post() {
    let (_t, a) = import_one("note.txt", b"---\ntitle: txt\n---\nplain").await;
    assert_eq!(a.row.title, "txt");
}

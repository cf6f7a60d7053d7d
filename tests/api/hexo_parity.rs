//! Parity with Hexo itself: the fixtures of every form folio reads are put
//! in a Hexo site, which Hexo 8 (`tests/hexo`, installed by `npm ci`) and
//! folio then read; every field the front matter holds must agree, but for
//! differences DECISIONS documents, which are listed here by name.

use crate::hexo_compare as compare;
use std::path::Path;

use crate::helpers::{TestDb, seed_paths, write_files};

/// Fixtures with forms of their own (line endings, a BOM).
const ENDINGS: &[(&str, &[u8])] = &[
    ("crlf.md", b"\xef\xbb\xbf---\r\ntitle: crlf\r\n---\r\nx\r\n"),
    (
        "mixed.md",
        b"---\r\ntitle: mixed\ndate: 2020-01-02 03:04:05\r\n---\nx\r\ny\n",
    ),
    (
        "cr_only.md",
        b"---\ntitle: cr\ndate: 2020-01-02\n---\na\rb\r",
    ),
    (
        "zoned.md",
        b"---\ntitle: zoned\ndate: 2020-01-02T03:04:05+08:00\nupdated: 2021-06-02 04:07\n---\nz\n",
    ),
    (
        "rfc2822.md",
        b"---\ntitle: rfc\ndate: Wed, 02 Jun 2021 04:07:00 GMT\n---\nr\n",
    ),
    (
        "nested.md",
        b"---\ntitle: nested\ncategories:\n- [A, B]\n- C\ntag: [x, y]\n---\nn\n",
    ),
    ("category.md", b"---\ntitle: cat\ncategory: Solo\n---\nc\n"),
    ("empty.md", b"---\n---\nonly body\n"),
    ("no_front.md", b"just text, no front matter\n"),
];

#[tokio::test]
async fn hexo_and_folio_read_every_fixture_alike() {
    if !compare::hexo_installed() {
        assert!(
            std::env::var_os("FOLIO_REQUIRE_HEXO").is_none(),
            "Hexo is not installed: npm ci --prefix tests/hexo"
        );
        eprintln!("SKIPPED hexo parity test: npm ci --prefix tests/hexo --ignore-scripts");
        return;
    }
    let t = TestDb::empty().await;
    let site = t.folder("site");
    std::fs::write(
        site.join("_config.yml"),
        "title: Parity\ntimezone: Asia/Shanghai\nurl: http://example.com\n",
    )
    .unwrap();
    let posts = site.join("source/_posts");
    for set in [
        crate::round_trip::VARIED,
        crate::hexo_forms::DATE_FORMS,
        crate::hexo_forms::TAG_FORMS,
        ENDINGS,
    ] {
        write_files(&posts, set);
    }
    // The seeds are `.txt` (SPEC takes any text file); Hexo renders
    // `.md` as posts, and takes `.txt` for an asset.
    for seed in seed_paths() {
        let name = format!("{}.md", seed.file_stem().unwrap().to_string_lossy());
        std::fs::copy(&seed, posts.join(name)).unwrap();
    }
    let expected_posts = std::fs::read_dir(&posts).unwrap().count();

    let (config, zone) = compare::site_config(&site);
    assert_eq!(zone, chrono_tz::Asia::Shanghai);
    let hexo_site = compare::hexo_site(&site, zone).unwrap();
    let hexo = &hexo_site.posts;
    assert_eq!(hexo.len(), expected_posts, "Hexo read every post");
    let (terms, differ) = compare::compare_terms(&config, &hexo_site);
    assert!(terms > 5, "{terms}");
    assert_eq!(differ, Vec::new(), "tag and category addresses");
    let mut tally = compare::Tally::default();
    for post in hexo {
        tally.add(&post.source, compare::compare(&site, &config, post, zone));
    }
    let by_decision: Vec<&String> = tally
        .details
        .iter()
        .filter(|(_, d)| d.iter().all(|d| d.starts_with("by decision")))
        .map(|(source, _)| source)
        .collect();
    assert_eq!((tally.differ, tally.failed), (0, 0), "{:#?}", tally.details);
    assert_eq!(
        by_decision,
        ["_posts/c.md", "_posts/zoned.md"]
            .map(|s| s.to_owned())
            .iter()
            .collect::<Vec<_>>(),
        "one post's tags that differ in case, a date naming its zone: {:#?}",
        tally.details
    );
    assert_eq!(tally.agree + tally.by_decision, expected_posts);
    assert!(Path::new(&site).join("source/_posts/crlf.md").exists());
}

//! Search that works for Chinese: any number of CJK characters, or Latin
//! words, finds every article containing it, ranked, with a snippet.

use folio::db::search_index;
use folio::search::{SearchQuery, html_snippet};

use crate::helpers::TestDb;

async fn slugs_for(t: &TestDb, q: &str) -> Vec<String> {
    let query = SearchQuery::parse(q).expect("a searchable query");
    let mut conn = t.pool.acquire().await.unwrap();
    search_index::search(&mut conn, &query, false, 20, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.slug)
        .collect()
}

const FIRST: &str = "000_94ec247d2f0d791e";
const SECOND: &str = "001_536809ad39583f54";

#[tokio::test]
async fn one_and_two_character_queries_find_every_article() {
    let t = TestDb::new().await;
    let mut both = slugs_for(&t, "融").await;
    both.sort();
    assert_eq!(both, [FIRST, SECOND]);
    let mut both = slugs_for(&t, "金融").await;
    both.sort();
    assert_eq!(both, [FIRST, SECOND]);
}

#[tokio::test]
async fn longer_phrases_match_exactly() {
    let t = TestDb::new().await;
    assert_eq!(slugs_for(&t, "数字科技").await, [FIRST]);
    assert_eq!(slugs_for(&t, "虚实结合").await, [FIRST]);
    assert_eq!(slugs_for(&t, "底色").await, [SECOND]);
    assert!(
        slugs_for(&t, "色底").await.is_empty(),
        "characters must be adjacent and in order"
    );
}

#[tokio::test]
async fn latin_words_and_mixed_queries() {
    let t = TestDb::new().await;
    assert_eq!(slugs_for(&t, "pexels").await, [SECOND]);
    assert_eq!(
        slugs_for(&t, "金融 Pexels").await,
        [SECOND],
        "every part must match"
    );
}

#[tokio::test]
async fn a_title_match_ranks_first() {
    let t = TestDb::new().await;
    // 金融科技 is in both bodies, but only the second title.
    assert_eq!(
        slugs_for(&t, "金融科技").await.first().map(String::as_str),
        Some(SECOND)
    );
}

#[tokio::test]
async fn hits_carry_a_highlighted_snippet() {
    let t = TestDb::new().await;
    let query = SearchQuery::parse("虚实结合").unwrap();
    let mut conn = t.pool.acquire().await.unwrap();
    let hit = search_index::search(&mut conn, &query, false, 1, 0)
        .await
        .unwrap()
        .remove(0);
    let s = html_snippet(&hit.body_html, &query, 30);
    assert!(s.contains("<mark>虚实结合</mark>"), "{s}");
    assert!(s.chars().count() < 120, "{s}");
}

#[tokio::test]
async fn query_syntax_is_never_interpreted() {
    let t = TestDb::new().await;
    for q in ["\"", "金融 OR", "NEAR(金 融)", "*", "a AND", "-金融"] {
        if let Some(query) = SearchQuery::parse(q) {
            let mut conn = t.pool.acquire().await.unwrap();
            search_index::search(&mut conn, &query, false, 5, 0)
                .await
                .expect(q);
        }
    }
}

#[tokio::test]
async fn a_common_phrase_ranks_title_matches_first_then_the_newest() {
    let t = TestDb::empty().await;
    let dir = t.folder("in");
    let body = "<p>数字科技改变金融</p>";
    let posts = [
        (
            "old.md",
            format!("---\ntitle: 旧文\ndate: 2019-01-01\n---\n{body}"),
        ),
        (
            "titled.md",
            format!("---\ntitle: 数字科技的未来\ndate: 2018-01-01\n---\n{body}"),
        ),
        (
            "new.md",
            format!("---\ntitle: 新文\ndate: 2023-01-01\n---\n{body}"),
        ),
    ];
    let refs: Vec<(&str, &[u8])> = posts.iter().map(|(n, b)| (*n, b.as_bytes())).collect();
    let paths = crate::helpers::write_files(&dir, &refs);
    t.import(&paths, crate::helpers::options()).await;

    let query = SearchQuery::parse("数字科技").unwrap();
    let mut conn = t.pool.acquire().await.unwrap();
    // A limit of 0 makes every phrase "common": no BM25, title then date.
    let hits = search_index::search_ranked(&mut conn, &query, false, 10, 0, 0)
        .await
        .unwrap();
    let slugs: Vec<&str> = hits.iter().map(|h| h.slug.as_str()).collect();
    assert_eq!(slugs, ["titled", "new", "old"]);
}

async fn fts_setting(t: &TestDb, key: &str) -> i64 {
    sqlx::query_scalar("SELECT v FROM article_fts_config WHERE k = ?1")
        .bind(key)
        .fetch_one(&t.pool)
        .await
        .unwrap()
}

/// An import writes the index in bulk (several segments of 1,000 posts,
/// merged later); every post is found afterwards, and FTS5's settings are
/// back to what an editor's save relies on (no merge inside a commit),
/// whether the import committed in one piece, in pieces, or rolled back.
#[tokio::test]
async fn a_bulk_import_is_searchable_and_leaves_the_index_settings_for_saves() {
    let t = TestDb::empty().await;
    let posts: Vec<(String, Vec<u8>)> = (0..2500)
        .map(|i| {
            let body = format!("word{i} 金融科技 第{i}篇");
            let text =
                format!("---\ntitle: post {i}\ndate: 2021-06-02 12:00:00\n---\n<p>{body}</p>\n");
            (format!("p{i:04}.md"), text.into_bytes())
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = posts.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let paths = crate::helpers::write_files(&t.folder("in"), &refs);
    let mut piecewise = crate::helpers::options();
    piecewise.atomic = false;
    let report = t.import(&paths[..1200], piecewise).await;
    assert_eq!(report.summary.created, 1200);
    let report = t.import(&paths, crate::helpers::options()).await;
    assert_eq!(report.summary.created, 1300);

    for i in [0, 999, 1000, 1199, 1200, 2499] {
        assert_eq!(
            slugs_for(&t, &format!("word{i}")).await,
            [format!("p{i:04}")]
        );
    }
    assert_eq!(
        slugs_for(&t, "融").await.len(),
        20,
        "a page of the 2,500 matches"
    );
    assert_eq!(fts_setting(&t, "automerge").await, 0);
    assert_eq!(fts_setting(&t, "hashsize").await, 1024 * 1024);

    let bad = crate::helpers::write_files(
        &t.folder("bad"),
        &[
            ("ok.md", b"---\ntitle: fine\n---\nx"),
            ("bad.md", b"---\ntitle: [\n---\n"),
        ],
    );
    let report = t.import(&bad, crate::helpers::options()).await;
    assert_eq!(report.summary.failed, 1);
    assert_eq!(t.count("articles").await, 2500);
    assert_eq!(fts_setting(&t, "automerge").await, 0);
    assert_eq!(fts_setting(&t, "hashsize").await, 1024 * 1024);

    let page_size: i64 = sqlx::query_scalar("PRAGMA page_size")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    assert_eq!(
        page_size,
        16 * 1024,
        "a database folio creates has 16 KiB pages"
    );
}

/// The benchmark's floor (`bench/writer.rs`) reads everything first and
/// then writes: it must write what an import writes, or its figure would
/// be the floor of something else.
#[tokio::test]
async fn an_import_read_first_and_written_after_writes_what_an_import_writes() {
    use folio::transfer::import::{self, Input};

    let streamed = TestDb::empty().await;
    let phased = TestDb::empty().await;
    let paths = crate::helpers::seed_paths();
    let report = streamed.import(&paths, crate::helpers::options()).await;
    let inputs = paths.iter().cloned().map(Input::Path).collect();
    let (phased_report, _) =
        import::read_all_then_write(&phased.pool, inputs, &crate::helpers::options())
            .await
            .expect("import runs");
    let phased_report = phased_report.unpack();
    assert_eq!(phased_report.summary.created, 2);
    assert_eq!(phased_report, report);
    let rows = "SELECT slug, title, status, date, front_matter, body, body_html, excerpt_html, \
                source_hash FROM articles ORDER BY slug";
    type Row = (
        String,
        String,
        String,
        i64,
        String,
        String,
        String,
        String,
        Vec<u8>,
    );
    let want: Vec<Row> = sqlx::query_as(rows)
        .fetch_all(&streamed.pool)
        .await
        .unwrap();
    let got: Vec<Row> = sqlx::query_as(rows).fetch_all(&phased.pool).await.unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got, want);
    for q in ["融", "金融", "数字科技"] {
        let hits = slugs_for(&phased, q).await;
        assert_eq!(hits, slugs_for(&streamed, q).await, "{q}");
        assert!(!hits.is_empty(), "{q}");
    }
}

/// The admin list's rows for a search: slug and passage (as HTML).
async fn admin_hits(s: &crate::app::Session, q: &str) -> Vec<(String, String)> {
    let html = s
        .html(&format!("/admin/articles?q={}", crate::url_enc(q)))
        .await;
    html.select(&scraper::Selector::parse("#articles tbody tr[data-id]").unwrap())
        .map(|tr| {
            let passage = tr
                .select(&scraper::Selector::parse(".passage").unwrap())
                .next()
                .map(|p| p.inner_html())
                .unwrap_or_default();
            (tr.value().attr("data-slug").unwrap().to_owned(), passage)
        })
        .collect()
}

#[tokio::test]
async fn the_admin_list_shows_why_each_hit_matched() {
    let app = crate::app::TestApp::spawn().await;
    let s = app.login("editor").await;
    for q in ["金融", "融", "数字科技"] {
        let hits = admin_hits(&s, q).await;
        assert!(!hits.is_empty(), "{q}");
        for (slug, passage) in &hits {
            assert!(
                passage.contains(&format!("<mark>{q}</mark>")),
                "{q} in {slug}: {passage}"
            );
        }
    }
    // A Latin word, any case.
    let dir = app.db.folder("latin");
    let paths = crate::helpers::write_files(
        &dir,
        &[(
            "rust.md",
            "---\ntitle: 系统编程\n---\n<p>我们用 Rust 重写了服务。</p>\n".as_bytes(),
        )],
    );
    app.db.import(&paths, crate::helpers::options()).await;
    let hits = admin_hits(&s, "rust").await;
    assert_eq!(hits.len(), 1);
    assert!(hits[0].1.contains("<mark>Rust</mark>"), "{}", hits[0].1);
}

#[tokio::test]
async fn simplified_finds_traditional_full_width_finds_ascii_and_tags_are_searched() {
    let app = crate::app::TestApp::spawn().await;
    let s = app.login("editor").await;
    let dir = app.db.folder("forms");
    let paths = crate::helpers::write_files(
        &dir,
        &[
            (
                "tw.md",
                "---\ntitle: 臺灣的數字經濟\n---\n<p>數字轉型正在加速。</p>\n".as_bytes(),
            ),
            (
                "fw.md",
                "---\ntitle: 全角\n---\n<p>用ＡＩ和２０２６年的数据。</p>\n".as_bytes(),
            ),
            (
                "tagged.md",
                "---\ntitle: 无关的标题\ntags: [量子计算]\n---\n<p>正文里没有那个词。</p>\n"
                    .as_bytes(),
            ),
        ],
    );
    app.db.import(&paths, crate::helpers::options()).await;
    let slugs = |hits: Vec<(String, String)>| hits.into_iter().map(|h| h.0).collect::<Vec<_>>();

    let hits = admin_hits(&s, "数字").await;
    let tw = hits
        .iter()
        .find(|(slug, _)| slug == "tw")
        .expect("数字 finds 數字");
    assert!(tw.1.contains("<mark>數字</mark>"), "{}", tw.1);
    assert!(slugs(admin_hits(&s, "臺灣").await).contains(&"tw".to_owned()));
    // And the reverse: the seeds write 数字科技 in Simplified.
    let seeds = admin_hits(&s, "數字科技").await;
    assert!(!seeds.is_empty(), "{seeds:?}");
    assert!(
        seeds
            .iter()
            .all(|(_, p)| p.contains("<mark>数字科技</mark>")),
        "{seeds:?}"
    );

    let hits = admin_hits(&s, "AI").await;
    assert_eq!(slugs(hits.clone()), ["fw"]);
    assert!(hits[0].1.contains("<mark>ＡＩ</mark>"), "{}", hits[0].1);
    assert_eq!(slugs(admin_hits(&s, "2026").await), ["fw"]);

    // A tag's name, found though no text holds it.
    assert_eq!(slugs(admin_hits(&s, "量子计算").await), ["tagged"]);
    assert_eq!(slugs(admin_hits(&s, "量子").await), ["tagged"]);

    // The public search too, with the passage in place of the excerpt.
    let page = app
        .visit(&format!("/search?q={}", crate::url_enc("数字")))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("<mark>數字</mark>"), "the public passage");
}

#[tokio::test]
async fn counts_past_the_cap_say_so() {
    let app = crate::app::TestApp::spawn().await;
    let dir = app.db.folder("many");
    let posts: Vec<(String, Vec<u8>)> = (0..205)
        .map(|i| {
            (
                format!("p{i:03}.md"),
                format!("---\ntitle: 第{i}篇\ndate: 2020-01-01\n---\n<p>区块链 {i}</p>\n")
                    .into_bytes(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = posts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let paths = crate::helpers::write_files(&dir, &refs);
    app.db.import(&paths, crate::helpers::options()).await;
    let token = app.token_for(2).await;
    let list: serde_json::Value = app
        .api(
            reqwest::Method::GET,
            &token,
            "/admin/api/articles?q=%E5%8C%BA%E5%9D%97%E9%93%BE",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (list["total"].clone(), list["total_exact"].clone()),
        (200.into(), false.into())
    );
    let s = app.login("editor").await;
    let html = s
        .html("/admin/articles?q=%E5%8C%BA%E5%9D%97%E9%93%BE")
        .await;
    assert_eq!(crate::app::select_texts(&html, "#total"), ["200+"]);
    let few: serde_json::Value = app
        .api(
            reqwest::Method::GET,
            &token,
            "/admin/api/articles?q=%E7%AC%AC1%E7%AF%87",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(few["total_exact"], true);
}

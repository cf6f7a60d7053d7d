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

//! The two real posts folio exists for, field by field, and the data
//! migration that loads them.

use chrono::{TimeZone, Utc};
use folio::db::from_unix;

use crate::helpers::{TestDb, options, seed_paths};

#[tokio::test]
async fn the_first_seed_reads_field_by_field() {
    let t = TestDb::empty().await;
    let report = t.import(&seed_paths(), options()).await;
    assert_eq!(report.summary.created, 2, "{}", report.to_text());

    let a = t.article("000_94ec247d2f0d791e").await;
    assert_eq!(
        a.row.title,
        "蚂蚁金服们的再思考：金融数字科技化的终极目的是什么？"
    );
    assert_eq!(
        from_unix(a.row.date),
        Utc.with_ymd_and_hms(2021, 6, 2, 4, 7, 0).unwrap()
    );
    assert_eq!(a.categories, [vec!["新媒体", "高科技行业门户", "新闻"]]);
    assert!(a.tags.is_empty());
    assert_eq!(a.row.comments, Some(false));
    assert_eq!(a.row.author.as_deref(), Some("高科技行业门户"));
    assert_eq!(
        a.row.headimg.as_deref(),
        Some("https://picsum.photos/400/300?random=6117")
    );
    assert_eq!(
        a.row.thumbnail.as_deref(),
        Some("https://picsum.photos/400/300?random=6117")
    );
    assert_eq!(a.row.status.as_str(), "published");

    // The body is everything after the closing `---` line, byte for byte.
    let raw = std::fs::read_to_string(&seed_paths()[0]).unwrap();
    let close = raw
        .match_indices("\n---\n")
        .nth(1)
        .expect("closing separator")
        .0
        + "\n---\n".len();
    assert_eq!(a.row.body, raw[close..]);
    assert_eq!(format!("{}{}", a.row.front_matter, a.row.body), raw);
}

#[tokio::test]
async fn the_second_seed_reads_field_by_field_and_renders_safely() {
    let t = TestDb::empty().await;
    t.import(&seed_paths(), options()).await;
    let a = t.article("001_536809ad39583f54").await;
    assert_eq!(a.row.title, "「科技」正成为金融科技的底色");
    assert_eq!(
        from_unix(a.row.date),
        Utc.with_ymd_and_hms(2021, 12, 3, 0, 0, 0).unwrap()
    );
    assert_eq!(
        a.categories,
        [vec!["新媒体", "人人都是产品经理", "最新文章"]]
    );
    assert_eq!(a.row.author.as_deref(), Some("人人都是产品经理"));

    let html: String =
        sqlx::query_scalar("SELECT body_html FROM articles WHERE slug = '001_536809ad39583f54'")
            .fetch_one(&t.pool)
            .await
            .unwrap();
    let doc = scraper::Html::parse_fragment(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    assert_eq!(
        doc.select(&select("button")).count(),
        0,
        "buttons are removed"
    );
    assert!(
        doc.select(&select("svg path")).count() > 0,
        "plain SVG shapes stay"
    );
    let img = doc
        .select(&select("img"))
        .next()
        .expect("the picture stays");
    assert_eq!(img.value().attr("referrerpolicy"), Some("no-referrer"));
    assert_eq!(img.value().attr("data-action"), None);
}

#[tokio::test]
async fn seed_migration_matches_the_importer() {
    // A fresh install holds the seeds through migration 0002 …
    let migrated = TestDb::new().await;
    assert_eq!(migrated.count("articles").await, 2);
    // … which must be exactly what the importer makes of the same files.
    let imported = TestDb::empty().await;
    imported.import(&seed_paths(), options()).await;
    assert_eq!(migrated.snapshot().await, imported.snapshot().await);

    // And re-importing the files over the migration changes nothing.
    let report = migrated.import(&seed_paths(), options()).await;
    assert_eq!(report.summary.unchanged, 2, "{}", report.to_text());
}

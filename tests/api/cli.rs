//! The command line of SPEC, through the real binary.

use folio::transfer::report::ImportReport;

use crate::helpers::{TestDb, post, seed_paths, stderr, stdout, write_files};

#[tokio::test]
async fn import_prints_a_report_and_exits_by_failures() {
    let t = TestDb::new().await;
    let dir = t.folder("in");
    write_files(
        &dir,
        &[
            ("a.md", &post("A post", "")),
            ("b.md", b"---\ntitle: [\n---\n"),
        ],
    );

    let o = t.folio(&["import", "--json", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report: ImportReport = serde_json::from_str(&stdout(&o)).expect("the JSON report");
    assert_eq!((report.summary.total, report.summary.failed), (2, 1));
    assert!(!report.committed);
    assert_eq!(t.count("articles").await, 2, "atomic: nothing written");

    let o = t.folio(&["import", "--no-atomic", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("created   ") && text.contains("a.md (a)"),
        "{text}"
    );
    assert!(
        text.contains("failed    ") && text.contains("line 2"),
        "{text}"
    );
    assert_eq!(t.count("articles").await, 3);
}

#[tokio::test]
async fn reimporting_the_same_files_is_unchanged_and_writes_nothing() {
    let t = TestDb::new().await;
    let seeds: Vec<String> = seed_paths()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let before: i64 = sqlx::query_scalar("SELECT total_changes()")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    let modified_before: Vec<i64> =
        sqlx::query_scalar("SELECT modified_at FROM articles ORDER BY id")
            .fetch_all(&t.pool)
            .await
            .unwrap();
    let mut args = vec!["import", "--json"];
    args.extend(seeds.iter().map(String::as_str));
    let o = t.folio(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: ImportReport = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report.summary.unchanged, 2);
    let modified_after: Vec<i64> =
        sqlx::query_scalar("SELECT modified_at FROM articles ORDER BY id")
            .fetch_all(&t.pool)
            .await
            .unwrap();
    assert_eq!(modified_before, modified_after);
    let revisions = t.count("article_revisions").await;
    assert_eq!(revisions, 0);
    let _ = before;
}

#[tokio::test]
async fn dry_run_and_conflict_policies() {
    let t = TestDb::new().await;
    let dir = t.folder("in");
    let changed = b"---\ntitle: A new version\n---\nnew body".to_vec();
    write_files(
        &dir,
        &[
            ("000_94ec247d2f0d791e.md", &changed),
            ("fresh.md", &post("Fresh", "")),
        ],
    );
    let path = dir.to_str().unwrap();

    let o = t.folio(&["import", "--dry-run", "--json", path]);
    let report: ImportReport = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(report.dry_run);
    assert_eq!((report.summary.created, report.summary.skipped), (1, 1));
    assert_eq!(t.count("articles").await, 2, "a dry run writes nothing");

    let o = t.folio(&["import", "--on-conflict", "fail", "--json", path]);
    let report: ImportReport = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report.summary.failed, 1);
    assert_eq!(
        report
            .items
            .iter()
            .find(|i| i.error.is_some())
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .code,
        "conflict"
    );

    let o = t.folio(&["import", "--on-conflict", "update", "--json", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: ImportReport = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!((report.summary.created, report.summary.updated), (1, 1));
    assert_eq!(
        t.article("000_94ec247d2f0d791e").await.row.title,
        "A new version"
    );
    assert_eq!(
        t.count("article_revisions").await,
        1,
        "the replaced version is kept"
    );
}

/// Tag links whose listing values (migration 0006) differ from their
/// article's status and date; the tag filter reads those values.
async fn stale_tag_listings(t: &TestDb) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM article_tags t JOIN articles a ON a.id = t.article_id \
         WHERE t.article_date IS NOT a.date \
            OR t.live_status IS NOT CASE WHEN a.deleted_at IS NULL THEN a.status END",
    )
    .fetch_one(&t.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn imported_tag_links_carry_their_articles_status_and_date() {
    let t = TestDb::empty().await;
    let dir = t.folder("in");
    let first = [
        ("a.md", post("A", "tags: [Rust, rust, 金融]\n")),
        ("b.md", post("B", "tags: [金融]\npublished: false\n")),
    ];
    let refs: Vec<(&str, &[u8])> = first.iter().map(|(n, b)| (*n, &b[..])).collect();
    write_files(&dir, &refs);
    let o = t.folio(&["import", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        t.count("article_tags").await,
        3,
        "Rust and rust are one tag"
    );
    assert_eq!(stale_tag_listings(&t).await, 0);

    // A replaced article's links are written again, from its new row.
    let changed =
        "---\ntitle: A\ndate: 2024-01-01 00:00:00\npublished: false\ntags: [金融, 科技]\n---\nx";
    write_files(&dir, &[("a.md", changed.as_bytes())]);
    let o = t.folio(&["import", "--on-conflict", "update", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(t.count("article_tags").await, 3);
    assert_eq!(stale_tag_listings(&t).await, 0);
    let listed: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT a.slug, t.live_status FROM article_tags t JOIN articles a ON a.id = t.article_id \
         JOIN tags g ON g.id = t.tag_id WHERE g.name = '金融' ORDER BY t.article_date DESC",
    )
    .fetch_all(&t.pool)
    .await
    .unwrap();
    assert_eq!(
        listed,
        [
            ("a".to_owned(), Some("draft".to_owned())),
            ("b".to_owned(), Some("draft".to_owned()))
        ]
    );
}

#[tokio::test]
async fn tag_links_are_inserted_by_id_whatever_the_statistics_say() {
    // A server analyses its tables at start (`db::optimize`), when a fresh
    // install holds two articles; an import's link inserts on that
    // connection must still look articles up by id, not walk the table
    // for each batch (an HTTP import of 10,000 posts took 50 s so).
    let t = TestDb::new().await;
    let mut conn = t.pool.acquire().await.unwrap();
    folio::db::optimize(&mut conn).await.unwrap();
    let plan: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!(
        "EXPLAIN QUERY PLAN {}",
        folio::db::article_writes::TAG_LINKS_INSERT
    )))
    .bind("[[1, 1, 0]]")
    .fetch_all(&mut *conn)
    .await
    .unwrap()
    .iter()
    .map(|row| sqlx::Row::get::<String, _>(row, "detail"))
    .collect();
    assert_eq!(
        plan,
        [
            "SCAN link VIRTUAL TABLE INDEX 1:",
            "SEARCH a USING INTEGER PRIMARY KEY (rowid=?)"
        ]
    );
}

#[tokio::test]
async fn users_and_tokens() {
    let t = TestDb::new().await;
    let o = t.folio_with_stdin(
        &["user", "add", "ed@example.com", "--role", "editor"],
        Some("amber-violin-sunset-4\n"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "a typed password is never echoed");
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'ed@example.com'")
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    assert!(folio::auth::password::verify(
        "amber-violin-sunset-4",
        &hash
    ));

    let o = t.folio(&["user", "passwd", "ed@example.com"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let generated = stdout(&o).trim().to_owned();
    assert!(
        generated.len() >= 16,
        "a generated password is printed once"
    );
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'ed@example.com'")
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert!(folio::auth::password::verify(&generated, &hash));

    let o = t.folio(&["token", "create", "crawler", "--user", "ed@example.com"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let token = stdout(&o).trim().to_owned();
    assert!(token.starts_with("folio_"));
    let stored: Vec<u8> =
        sqlx::query_scalar("SELECT token_hash FROM api_tokens WHERE name = 'crawler'")
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert_eq!(
        stored,
        folio::auth::token::hash(&token),
        "only the hash is kept"
    );

    let o = t.folio(&["user", "disable", "ed@example.com"]);
    assert!(o.status.success());
    let revoked: i64 =
        sqlx::query_scalar("SELECT count(*) FROM api_tokens WHERE revoked_at IS NOT NULL")
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert_eq!(revoked, 1, "disabling revokes the user's tokens");
}

#[tokio::test]
async fn errors_are_one_clear_line_and_a_failure_exit() {
    let t = TestDb::new().await;
    for (args, needle) in [
        (
            vec!["import", "no/such/dir"],
            "no/such/dir: no such file or folder",
        ),
        (
            vec!["user", "passwd", "nobody@example.com"],
            "no user nobody@example.com",
        ),
        (
            vec!["user", "add", "not-an-email", "--role", "admin"],
            "is not an email address",
        ),
        (
            vec!["token", "create", "x", "--user", "ghost@example.com"],
            "no user ghost@example.com",
        ),
    ] {
        let o = t.folio(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{err}");
    }
    let o = t.folio(&["export", "--format", "json", "-o", "no/such/dir/x.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).trim().lines().count(), 1, "{}", stderr(&o));

    // An existing file is replaced whole, once the new export is complete.
    let existing = t.dir.path().join("backup.db");
    std::fs::write(&existing, b"old").unwrap();
    let o = t.folio(&[
        "export",
        "--format",
        "sqlite",
        "-o",
        existing.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read(&existing)
            .unwrap()
            .starts_with(b"SQLite format 3\0")
    );
}

#[tokio::test]
async fn migrate_creates_and_migrates_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("new.db").display());
    let o = crate::helpers::folio_command(&url, dir.path(), &["migrate"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let pool = folio::db::connect(&url).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM articles")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 2, "a fresh install starts with the seed posts");
}

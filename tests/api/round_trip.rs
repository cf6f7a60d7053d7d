//! Round trips: what goes in comes back out, unchanged.

use std::io::Read;

use crate::helpers::{TestDb, options, seed_paths, stderr, write_files};

fn unzip(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Posts in the shapes the reader accepts.
pub const VARIED: &[(&str, &[u8])] = &[
    ("json.md", b";;;\n\"title\": \"JSON\",\n\"tags\": [\"a\", \"b\"],\n\"custom\": {\"k\": [1, 2]}\n;;;\nBody *md*\n"),
    ("newstyle.md", b"title: No opener\ndate: 2013/7/13 20:46:25\n---\nbody\n"),
    ("quoted.md", b"---\n# a comment\ntitle: \"Quoted: yes\"\nversion: 1.10\ncategories:\n  - [A, B]\n  - C\n---\n\n## Hi\n"),
    ("draft.md", b"---\ntitle: Draft\npublished: false\ntags: Rust\n---\ntext"),
    // Real-world forms (issue 18): a closing separator with spaces and a
    // tab after it, in both styles; a lone CR kept in the body and the
    // front matter (where YAML reads it as a line break).
    ("trailing.md", b"---\ntitle: Trailing\ndate: 2020-01-02 03:04:05\n--- \t\nbody after\n"),
    ("trailing_new.md", b"title: Trailing new\ndate: 2020-01-02 03:04:05\n---  \nbody\n"),
    ("lone_cr.md", b"---\ntitle: Lone CR\ndate: 2020-01-02 03:04:05\n---\nline one\rline two\n"),
    // Typo keys Hexo keeps as they are (`tltle`, `tag`), numbers as typed.
    ("typos.md", b"---\ntitle: Typos\ntltle: Tyops\ntag: one\nversion: 1.79\nrevision: 010\ndate: 2020-01-02 03:04:05\n---\nbody\n"),
    // No opening separator, and a blank line before the closing one.
    ("blank_last.md", b"title: Blank last\ndate: 2020-01-02 03:04:05\n\n---\nbody\n"),
    // A list indented with tabs: Hexo counts each as two spaces.
    ("tabs.md", b"---\ntitle: Tabs\ndate: 2020-01-02 03:04:05\ntags:\n\t- one\n\t- two\n---\nbody\n"),
];

#[tokio::test]
async fn json_export_imports_into_an_empty_folio_and_exports_the_same() {
    let first = TestDb::new().await;
    let dir = first.folder("in");
    let paths = write_files(&dir, VARIED);
    let report = first.import(&paths, options()).await;
    assert_eq!(report.summary.failed, 0, "{}", report.to_text());
    let user = first.folio_with_stdin(
        &["user", "add", "ed@example.com", "--role", "editor"],
        Some("copper-lantern-drift-8\n"),
    );
    assert!(user.status.success(), "{}", stderr(&user));

    let out = first.dir.path().join("export.json");
    let o = first.folio(&["export", "--format", "json", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !std::fs::read_to_string(&out).unwrap().contains("argon2"),
        "no password hashes"
    );

    let second = TestDb::empty().await;
    let report = second.import(std::slice::from_ref(&out), options()).await;
    assert_eq!(report.summary.failed, 0, "{}", report.to_text());
    assert_eq!(first.snapshot().await, second.snapshot().await);

    // The same export imported again is unchanged, in either database.
    let again = first.import(&[out], options()).await;
    assert_eq!(
        again.summary.unchanged,
        again.summary.total,
        "{}",
        again.to_text()
    );
}

#[tokio::test]
async fn hexo_export_gives_back_the_original_bytes() {
    let t = TestDb::empty().await;
    let dir = t.folder("in");
    let mut paths = seed_paths();
    paths.extend(write_files(&dir, VARIED));
    // CRLF and a BOM are normalised away; everything else is kept.
    paths.extend(write_files(
        &dir,
        &[
            (
                "crlf.md",
                "\u{feff}---\r\ntitle: crlf\r\n---\r\nx\r\n".as_bytes(),
            ),
            (
                "mixed.md",
                "---\r\ntitle: mixed\ndate: 2020-01-02 03:04:05\r\n---\nx\r\ny\n".as_bytes(),
            ),
        ],
    ));
    t.import(&paths, options()).await;
    for (slug, title) in [
        ("trailing", "Trailing"),
        ("trailing_new", "Trailing new"),
        ("lone_cr", "Lone CR"),
        ("mixed", "mixed"),
        ("blank_last", "Blank last"),
        ("typos", "Typos"),
        ("tabs", "Tabs"),
    ] {
        let found: String = sqlx::query_scalar("SELECT title FROM articles WHERE slug = ?1")
            .bind(slug)
            .fetch_one(&t.pool)
            .await
            .unwrap();
        assert_eq!(found, title, "{slug}: its front matter was read");
    }

    let extra: String = sqlx::query_scalar("SELECT extra FROM articles WHERE slug = 'typos'")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    let extra: serde_json::Value = serde_json::from_str(&extra).unwrap();
    assert_eq!(
        (&extra["tltle"], &extra["tag"], &extra["version"]),
        (&"Tyops".into(), &"one".into(), &serde_json::json!(1.79)),
        "typo keys kept as unknown keys, numbers as numbers: {extra}"
    );

    let tags: Vec<String> = sqlx::query_scalar(
        "SELECT t.name FROM tags t JOIN article_tags l ON l.tag_id = t.id \
         JOIN articles a ON a.id = l.article_id WHERE a.slug = 'tabs' ORDER BY l.position",
    )
    .fetch_all(&t.pool)
    .await
    .unwrap();
    assert_eq!(tags, ["one", "two"], "a tab-indented list");
    let tags: Vec<String> = sqlx::query_scalar(
        "SELECT t.name FROM tags t JOIN article_tags l ON l.tag_id = t.id \
         JOIN articles a ON a.id = l.article_id WHERE a.slug = 'typos'",
    )
    .fetch_all(&t.pool)
    .await
    .unwrap();
    assert_eq!(tags, ["one"], "`tag:` read as Hexo reads it, as `tags`");

    let out = t.dir.path().join("hexo.zip");
    let o = t.folio(&["export", "--format", "hexo", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = unzip(&out);
    assert_eq!(files.len(), paths.len());
    for path in &paths {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let (_, bytes) = files
            .iter()
            .find(|(name, _)| name == &format!("source/_posts/{stem}.md"))
            .unwrap_or_else(|| panic!("{stem} missing"));
        let original = std::fs::read_to_string(path).unwrap();
        let expected = original
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "\n");
        assert_eq!(String::from_utf8_lossy(bytes), expected, "{stem}");
    }

    // And folio reads its own Hexo export back to the same articles.
    let report = t.import(&[out], options()).await;
    assert_eq!(
        report.summary.unchanged,
        paths.len() as u64,
        "{}",
        report.to_text()
    );
}

#[tokio::test]
async fn after_an_edit_the_front_matter_keeps_its_keys_order_and_unknown_keys() {
    let t = TestDb::empty().await;
    let dir = t.folder("in");
    let text = "---\n# keep me\nzeta: [1, 2]\ntitle: Old title\ndate: Wed, 02 Jun 2021 04:07:00 GMT\nlayout: post\ntags: [a]\n---\nbody\n";
    let paths = write_files(&dir, &[("edit.md", text.as_bytes())]);
    t.import(&paths, options()).await;
    // An edit of the title, as the editor will make it.
    sqlx::query("UPDATE articles SET title = '新标题', source_hash = NULL, version = version + 1 WHERE slug = 'edit'")
        .execute(&t.pool)
        .await
        .unwrap();

    let out = t.dir.path().join("hexo.zip");
    assert!(
        t.folio(&["export", "--format", "hexo", "-o", out.to_str().unwrap()])
            .status
            .success()
    );
    let (_, bytes) = unzip(&out)
        .into_iter()
        .find(|(n, _)| n.ends_with("edit.md"))
        .unwrap();
    let written = String::from_utf8(bytes).unwrap();
    assert_eq!(
        written,
        "---\n# keep me\nzeta: [1, 2]\ntitle: 新标题\ndate: Wed, 02 Jun 2021 04:07:00 GMT\nlayout: post\ntags: [a]\n---\nbody\n"
    );
}

#[tokio::test]
async fn the_sqlite_export_is_a_database_folio_runs_on_without_secrets() {
    let t = TestDb::new().await;
    let user = t.folio_with_stdin(
        &["user", "add", "ops@example.com", "--role", "admin"],
        Some("granite-meadow-echo-5\n"),
    );
    assert!(user.status.success(), "{}", stderr(&user));
    let token = t.folio(&["token", "create", "backup", "--user", "ops@example.com"]);
    assert!(token.status.success(), "{}", stderr(&token));

    let copy = t.dir.path().join("copy.db");
    let o = t.folio(&["export", "--format", "sqlite", "-o", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let copy_url = format!("sqlite://{}", copy.display());
    let pool = folio::db::connect(&copy_url).await.unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let secrets: (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM api_tokens), \
                (SELECT count(*) FROM users WHERE password_hash <> '!')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(secrets, (0, 0, 0));
    pool.close().await;
    let raw = std::fs::read(&copy).unwrap();
    assert!(
        !raw.windows(9).any(|w| w == b"$argon2id"),
        "no hash bytes linger in free pages"
    );

    // folio runs on the copy and sees the same content.
    let copy_db = crate::helpers::folio_command(
        &copy_url,
        t.dir.path(),
        &["export", "--format", "json", "-o", "again.json"],
        None,
    );
    assert!(copy_db.status.success(), "{}", stderr(&copy_db));
    let again: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.dir.path().join("again.json")).unwrap()).unwrap();
    assert_eq!(again["articles"], t.snapshot().await["articles"]);
}

#[tokio::test]
async fn a_blank_line_before_the_closing_separator_stays_after_an_edit() {
    let t = TestDb::empty().await;
    let dir = t.folder("in");
    let original: &[u8] = b"title: Blank last\ndate: 2020-01-02 03:04:05\n\n---\nbody\n";
    let paths = write_files(&dir, &[("blank_last.md", original)]);
    t.import(&paths, options()).await;
    // Edited: the export writes the front matter again from the fields.
    sqlx::query("UPDATE articles SET source_hash = NULL")
        .execute(&t.pool)
        .await
        .unwrap();
    let out = t.dir.path().join("hexo.zip");
    let o = t.folio(&["export", "--format", "hexo", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = unzip(&out);
    assert_eq!(
        String::from_utf8_lossy(&files[0].1),
        String::from_utf8_lossy(original)
    );
}

//! Front-matter forms real Hexo blogs hold (issue 18), each imported as
//! Hexo reads it, reported where Hexo reads past something, and exported
//! again byte for byte.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::helpers::{TestDb, stderr, stdout, write_files};

/// Dates as real blogs write them, Hexo reading some and not others.
pub const DATE_FORMS: &[(&str, &[u8])] = &[
    // Full-width colons, typed with a Chinese input method.
    (
        "fullwidth.md",
        "---\ntitle: 全角\ndate: 2020-01-02 10：11：12\n---\n正文\n".as_bytes(),
    ),
    // A three-digit minute.
    (
        "minute.md",
        b"---\ntitle: Minute\ndate: 2020-01-02 10:111:12\n---\nbody\n",
    ),
    // An `updated` Hexo cannot read: left out, and said.
    (
        "updated.md",
        b"---\ntitle: Updated\ndate: 2020-01-02 10:11:12\nupdated: tomorrow\n---\nbody\n",
    ),
    // Read by V8 (so by Hexo) as milliseconds: no warning.
    (
        "millis.md",
        b"---\ntitle: Millis\ndate: 2020-01-02 10:11:12:13\n---\nbody\n",
    ),
];

/// Tags as real blogs spell them.
pub const TAG_FORMS: &[(&str, &[u8])] = &[
    (
        "a.md",
        b"---\ntitle: A\ndate: 2023-01-01\ntags: [ChatGPT, AI]\n---\na\n",
    ),
    (
        "b.md",
        b"---\ntitle: B\ndate: 2023-01-02\ntags:\n- chatGpt\n---\nb\n",
    ),
    (
        "c.md",
        b"---\ntitle: C\ndate: 2023-01-03\ntags: [Rust, rust]\n---\nc\n",
    ),
];

/// A time a file is given, on an even second (zip keeps two-second steps).
const FILE_TIME: i64 = 1_600_000_000;

fn set_file_time(path: &Path, unix: i64) {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix as u64);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// `folio import --json` of `paths` with `args`: the report.
fn import_json(t: &TestDb, paths: &[PathBuf], args: &[&str]) -> serde_json::Value {
    let mut all = vec!["import", "--json"];
    all.extend_from_slice(args);
    all.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let o = t.folio(&all);
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)))
}

fn item<'a>(report: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["source"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("{file} not in {report}"))
}

fn codes(item: &serde_json::Value) -> Vec<&str> {
    item["warnings"]
        .as_array()
        .map(|w| w.iter().map(|w| w["code"].as_str().unwrap()).collect())
        .unwrap_or_default()
}

/// The Hexo export's entries: name, bytes and entry time.
fn export_hexo(t: &TestDb) -> Vec<(String, Vec<u8>, DateTime<Utc>)> {
    let out = t.dir.path().join("hexo.zip");
    let o = t.folio(&["export", "--format", "hexo", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            let d = entry.last_modified().unwrap();
            let time =
                chrono::NaiveDate::from_ymd_opt(d.year().into(), d.month().into(), d.day().into())
                    .unwrap()
                    .and_hms_opt(d.hour().into(), d.minute().into(), d.second().into())
                    .unwrap()
                    .and_utc();
            (entry.name().unwrap().to_string(), bytes, time)
        })
        .collect()
}

fn exported<'a>(
    files: &'a [(String, Vec<u8>, DateTime<Utc>)],
    slug: &str,
) -> &'a (String, Vec<u8>, DateTime<Utc>) {
    files
        .iter()
        .find(|(name, ..)| name == &format!("source/_posts/{slug}.md"))
        .unwrap_or_else(|| panic!("{slug} not exported"))
}

async fn date_of(t: &TestDb, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT date FROM articles WHERE slug = ?1")
        .bind(slug)
        .fetch_one(&t.pool)
        .await
        .unwrap()
}

/// An edit made elsewhere: the export then writes the front matter again.
async fn edit_title(t: &TestDb, slug: &str, title: &str) {
    sqlx::query("UPDATE articles SET title = ?2, source_hash = NULL WHERE slug = ?1")
        .bind(slug)
        .bind(title)
        .execute(&t.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_post_without_a_date_takes_its_file_time_and_gets_it_back_as_the_entry_time() {
    let t = TestDb::empty().await;
    let original: &[u8] = b"---\ntitle: Undated\ntags: [a]\n---\nbody\n";
    let paths = write_files(&t.folder("in"), &[("undated.md", original)]);
    set_file_time(&paths[0], FILE_TIME);
    let report = import_json(&t, &paths, &[]);
    assert_eq!(item(&report, "undated.md")["status"], "created", "{report}");
    assert_eq!(date_of(&t, "undated").await, FILE_TIME);

    let files = export_hexo(&t);
    let (_, bytes, time) = exported(&files, "undated");
    assert_eq!(bytes, original, "unedited: byte for byte");
    assert_eq!(time.timestamp(), FILE_TIME, "the date is the entry's time");

    // Edited: the front matter is written again, still without `date`.
    edit_title(&t, "undated", "Undated, edited").await;
    let files = export_hexo(&t);
    let (_, bytes, time) = exported(&files, "undated");
    assert_eq!(
        String::from_utf8_lossy(bytes),
        "---\ntitle: Undated, edited\ntags: [a]\n---\nbody\n"
    );
    assert_eq!(time.timestamp(), FILE_TIME);
}

#[tokio::test]
async fn dates_hexo_cannot_read_are_warnings_and_the_file_time_is_taken() {
    let t = TestDb::empty().await;
    let fixtures = DATE_FORMS;
    let paths = write_files(&t.folder("in"), fixtures);
    for path in &paths {
        set_file_time(path, FILE_TIME);
    }
    let report = import_json(&t, &paths, &[]);
    assert_eq!(report["summary"]["failed"], 0, "{report}");
    assert_eq!(report["summary"]["warned"], 3, "{report}");
    for (file, line) in [("fullwidth.md", 3), ("minute.md", 3), ("updated.md", 4)] {
        let item = item(&report, file);
        assert_eq!(item["status"], "created", "{item}");
        assert_eq!(codes(item), ["unreadable_date"], "{item}");
        assert_eq!(item["warnings"][0]["line"], line, "{item}");
    }
    assert!(
        item(&report, "fullwidth.md")["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("10：11：12"),
        "the message quotes the date"
    );
    assert_eq!(codes(item(&report, "millis.md")), Vec::<&str>::new());
    assert_eq!(date_of(&t, "fullwidth").await, FILE_TIME);
    assert_eq!(date_of(&t, "minute").await, FILE_TIME);
    let updated: Option<i64> =
        sqlx::query_scalar("SELECT updated FROM articles WHERE slug = 'updated'")
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert_eq!(updated, None);
    assert_eq!(
        date_of(&t, "millis").await,
        chrono::DateTime::parse_from_rfc3339("2020-01-02T10:11:12Z")
            .unwrap()
            .timestamp()
    );

    // The text report says it too.
    let again = t.folio(&[
        "import",
        "--on-conflict",
        "update",
        paths[0].to_str().unwrap(),
    ]);
    let text = stdout(&again);
    assert!(text.contains("  warning: line 3: `date`"), "{text}");
    assert!(text.contains("[unreadable_date]"), "{text}");
    assert!(text.contains("1 with warnings"), "{text}");

    // Each comes back as it came, edited or not.
    let files = export_hexo(&t);
    for (name, bytes) in fixtures {
        let slug = name.trim_end_matches(".md");
        assert_eq!(exported(&files, slug).1, *bytes, "{name}");
    }
    edit_title(&t, "fullwidth", "全角，改过").await;
    let files = export_hexo(&t);
    let (_, bytes, time) = exported(&files, "fullwidth");
    assert_eq!(
        String::from_utf8_lossy(bytes),
        "---\ntitle: 全角，改过\ndate: 2020-01-02 10：11：12\n---\n正文\n",
        "the date as written stays, the file's time carries it"
    );
    assert_eq!(time.timestamp(), FILE_TIME);
}

#[tokio::test]
async fn tags_that_differ_only_in_case_are_one_tag_and_each_post_keeps_its_spelling() {
    let t = TestDb::empty().await;
    let paths = write_files(&t.folder("in"), TAG_FORMS);
    let report = import_json(&t, &paths, &[]);
    assert_eq!(codes(item(&report, "a.md")), Vec::<&str>::new(), "{report}");
    let b = item(&report, "b.md");
    assert_eq!(codes(b), ["tag_case"], "{b}");
    let message = b["warnings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("\"chatGpt\"") && message.contains("\"ChatGPT\""),
        "{message}"
    );
    let c = item(&report, "c.md");
    assert_eq!(codes(c), ["tag_case"], "one post with both spellings: {c}");
    assert_eq!(c["warnings"][0]["line"], 4, "{c}");

    let tags: Vec<String> = sqlx::query_scalar("SELECT name FROM tags ORDER BY name")
        .fetch_all(&t.pool)
        .await
        .unwrap();
    assert_eq!(
        tags,
        ["AI", "ChatGPT", "Rust"],
        "one tag each, as first spelt"
    );

    // A dry run of the same says the same without writing.
    let dry = import_json(&t, &paths[1..2], &["--dry-run", "--on-conflict", "update"]);
    assert_eq!(codes(item(&dry, "b.md")), ["tag_case"], "{dry}");

    // After an edit, b's export still spells its tag its own way.
    edit_title(&t, "b", "B, edited").await;
    let files = export_hexo(&t);
    assert_eq!(
        String::from_utf8_lossy(&exported(&files, "b").1),
        "---\ntitle: B, edited\ndate: 2023-01-02\ntags:\n- chatGpt\n---\nb\n"
    );
    // And with its tags changed too, the spelling of the one it keeps.
    sqlx::query(
        "INSERT INTO article_tags (article_id, tag_id, position) \
         SELECT a.id, t.id, 1 FROM articles a, tags t WHERE a.slug = 'b' AND t.name = 'AI'",
    )
    .execute(&t.pool)
    .await
    .unwrap();
    let files = export_hexo(&t);
    let text = String::from_utf8_lossy(&exported(&files, "b").1).into_owned();
    assert!(text.contains("- chatGpt\n- AI\n"), "{text}");
}

#[tokio::test]
async fn a_slug_twice_in_one_import_fails_or_is_renamed_on_request() {
    let t = TestDb::empty().await;
    let dir = t.folder("in");
    write_files(
        &dir,
        &[
            (
                "2019/hello.md",
                b"---\ntitle: First\ndate: 2019-01-01\n---\none\n",
            ),
            (
                "2020/hello.md",
                b"---\ntitle: Second\ndate: 2020-01-01\n---\ntwo\n",
            ),
            (
                "other.md",
                b"---\ntitle: Third\nslug: hello\ndate: 2021-01-01\n---\nthree\n",
            ),
        ],
    );
    let report = import_json(&t, std::slice::from_ref(&dir), &[]);
    let second = item(&report, "2020/hello.md");
    assert_eq!(second["status"], "failed", "{report}");
    assert_eq!(second["error"]["code"], "duplicate_slug");
    assert_eq!(t.count("articles").await, 0, "atomic: nothing written");

    let report = import_json(
        &t,
        std::slice::from_ref(&dir),
        &["--on-duplicate-slug", "rename"],
    );
    assert_eq!(report["summary"]["created"], 3, "{report}");
    assert_eq!(item(&report, "2019/hello.md")["slug"], "hello");
    let second = item(&report, "2020/hello.md");
    assert_eq!(
        (&second["slug"], codes(second)),
        (&"hello-2".into(), vec!["slug_renamed"])
    );
    let third = item(&report, "other.md");
    assert_eq!(third["slug"], "hello-3", "{third}");
    let titles: Vec<(String, String)> =
        sqlx::query_as("SELECT slug, title FROM articles ORDER BY slug")
            .fetch_all(&t.pool)
            .await
            .unwrap();
    assert_eq!(
        titles,
        [
            ("hello", "First"),
            ("hello-2", "Second"),
            ("hello-3", "Third")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );

    // The same import again changes nothing.
    let again = import_json(&t, &[dir], &["--on-duplicate-slug", "rename"]);
    assert_eq!(again["summary"]["unchanged"], 3, "{again}");

    // The renamed post's export names its new slug, which Hexo then uses.
    let files = export_hexo(&t);
    let text = String::from_utf8_lossy(&exported(&files, "hello-3").1).into_owned();
    assert!(text.contains("slug: hello-3\n"), "{text}");

    // An unknown choice is refused with its name.
    let o = t.folio(&["import", "--on-duplicate-slug", "merge", "x.md"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("merge"), "{}", stderr(&o));
}

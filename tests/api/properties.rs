//! Property tests of the readers: whatever the bytes, they never panic, and
//! what they accept comes back out unchanged.

use std::ops::ControlFlow;

use chrono::{TimeZone, Utc};
use folio::domain::{ArticleStatus, Slug};
use folio::hexo::{PostSource, ReadContext, normalise, read_post, write_post};
use folio::transfer::source::{Found, Limits, RawItem, walk_file};
use proptest::prelude::*;

fn ctx() -> ReadContext {
    ReadContext {
        zone: chrono_tz::UTC,
        now: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
    }
}

/// Text that looks like a post more often than random bytes would.
fn post_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("---".to_string()),
        Just(";;;".to_string()),
        Just(String::new()),
        "[a-z]{1,8}: [^\n]{0,20}",
        " - [^\n]{0,10}",
        "\t- [a-z金融]{0,6}",
        "\"[a-z]{1,5}\": \"[^\"\n]{0,10}\",?",
        "[^\n]{0,40}",
    ];
    (
        proptest::option::of(Just("\u{feff}")),
        prop::collection::vec(line, 0..12),
        any::<bool>(),
    )
        .prop_map(|(bom, lines, crlf)| {
            let text = format!("{}{}", bom.unwrap_or(""), lines.join("\n"));
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        })
}

/// A Hexo post as people write them: title and date, then known and
/// unknown keys in any order, comments, quoted and plain values, lists.
fn hexo_post() -> impl Strategy<Value = String> {
    let entry = prop_oneof![
        "tags: \\[[a-z金融]{1,5}(, [a-z]{1,5}){0,3}\\]",
        "tags:\n(  - [a-z科技]{1,5}\n){1,3}".prop_map(|s| s.trim_end().to_string()),
        "categories:\n(  - [A-Z新闻]{1,5}\n){1,3}".prop_map(|s| s.trim_end().to_string()),
        "author: [a-z人人都是]{1,8}",
        "comments: (true|false)",
        "headimg: '[a-z:/.]{5,20}'",
        "layout: [a-z]{1,6}",
        "# [a-z 金融]{0,20}",
        "x_[a-z]{1,5}: \"[a-z 0-9]{0,10}\"",
        "version: [0-9]\\.[0-9]{1,2}0",
    ];
    (
        "[a-zA-Z0-9 金融科技：？]{1,20}",
        prop::collection::vec(entry, 0..6),
        // No NUL, no bidirectional control: what no text may hold.
        "[^\r\\x00\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]{0,60}",
        any::<bool>(),
    )
        .prop_map(|(title, entries, body, lead)| {
            let mut keys: Vec<String> = Vec::new();
            let mut lines = vec![
                format!("title: '{}'", title.trim()),
                "date: 2021-06-02 12:00:00".to_string(),
            ];
            for e in entries {
                // Duplicate keys are refused by the reader: keep the first.
                let key = e.split(':').next().unwrap_or("").to_string();
                if e.starts_with('#') || !keys.contains(&key) {
                    keys.push(key);
                    lines.push(e);
                }
            }
            format!(
                "{}---\n{}\n---\n{}",
                if lead { "\n" } else { "" },
                lines.join("\n"),
                body
            )
        })
}

proptest! {
    // A fixed seed: CI runs the same cases every time; change it (or run
    // the fuzzers) to explore further.
    #![proptest_config(ProptestConfig {
        cases: 256,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0xf0110),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_reader_never_panics_and_keeps_every_byte(text in post_like()) {
        if let Ok(article) = read_post("stem", text.as_bytes(), &ctx()) {
            // The head and the body are the normalised file, cut in two.
            prop_assert_eq!(format!("{}{}", article.front_matter, article.body), normalise(&text));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = read_post("stem", &bytes, &ctx());
    }

    #[test]
    fn a_post_read_and_written_again_is_unchanged(text in hexo_post()) {
        let article = read_post("stem", text.as_bytes(), &ctx()).unwrap();
        let post = PostSource::of(&article);
        prop_assert_eq!(write_post(&post, &ctx()), text);
    }

    #[test]
    fn front_matter_values_survive_the_reader(
        title in "[^\n\r\\x00\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]{0,30}",
        tags in prop::collection::vec("[a-z金融科技]{1,6}", 0..5),
        path in prop::collection::vec("[A-Za-z新闻媒体]{1,6}", 1..4),
        draft in any::<bool>(),
    ) {
        let yaml = serde_saphyr::to_string(&serde_json::json!({
            "title": title,
            "tags": tags,
            "categories": path,
            "published": !draft,
        })).unwrap();
        let text = format!("---\n{yaml}---\nbody");
        let article = read_post("stem", text.as_bytes(), &ctx()).unwrap();
        prop_assert_eq!(&article.fields.title, &title);
        let read_tags: Vec<String> = article.fields.tags.iter().map(|t| t.to_string()).collect();
        let mut expected: Vec<String> = Vec::new();
        for t in &tags {
            if !expected.iter().any(|e| e.eq_ignore_ascii_case(t)) {
                expected.push(t.clone());
            }
        }
        prop_assert_eq!(read_tags, expected);
        prop_assert_eq!(article.fields.categories[0].names(), &path[..]);
        let status = if draft { ArticleStatus::Draft } else { ArticleStatus::Published };
        prop_assert_eq!(article.fields.status, status);
        prop_assert_eq!(article.slug, Slug::parse("stem").unwrap());
    }

    #[test]
    fn arbitrary_archives_never_panic_and_only_yield_posts_or_failures(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        gz in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let name = if gz { "x.tar.gz" } else { "x.zip" };
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let mut seen = 0;
        let flow = walk_file(&path, name, &Limits::default(), &mut |found| {
            seen += 1;
            match found {
                Found::Item(RawItem::Post { .. } | RawItem::Failed { .. }) => ControlFlow::Continue(()),
                _ => ControlFlow::Break(()),
            }
        });
        prop_assert!(flow.is_continue());
        prop_assert!(seen >= 1, "a bad archive is reported, never silently empty");
    }
}

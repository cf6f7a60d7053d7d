//! The Hexo reader on arbitrary bytes: it must never panic, and whatever it
//! accepts must come back out of the writer unchanged.
#![no_main]

use chrono::{TimeZone, Utc};
use folio::hexo::{PostSource, ReadContext, normalise, read_post, write_post};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let ctx = ReadContext {
        zone: chrono_tz::Asia::Shanghai,
        now: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
    };
    let Ok(article) = read_post("fuzz", data, &ctx) else {
        return;
    };
    // The reader keeps every byte: head and body are the normalised input.
    let text = normalise(std::str::from_utf8(data).expect("accepted input is UTF-8"));
    assert_eq!(format!("{}{}", article.front_matter, article.body), text);
    // What the writer makes of it reads back as the same article.
    let written = write_post(&PostSource::of(&article), &ctx);
    let again = read_post("fuzz", written.as_bytes(), &ctx).expect("the writer's output reads back");
    assert_eq!(again.fields, article.fields);
    assert_eq!(again.extra, article.extra);
    assert_eq!(again.body, article.body);
});

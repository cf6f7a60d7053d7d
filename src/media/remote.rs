//! Images a body shows from other sites, and the body rewritten to show
//! folio's copies instead — reversibly.
//!
//! Read in `<img>` and `<source>` tags of the body's source (raw HTML, as
//! scraped posts are): `src`, `srcset` and the lazy-loading attributes
//! scrapers and themes use (`data-src`, `data-original`, `data-lazy-src`,
//! `data-actualsrc`, `data-srcset`); and Markdown's `![alt](url)`.
//!
//! A rewritten attribute keeps its original value beside it, in
//! `data-origin-{name}` (`data-origin-src="https://…"`), written with the
//! attribute's own quote so that [`restore`] gives back the body byte for
//! byte. Markdown has no attribute to keep it in: `restore` is told the
//! original of each of folio's URLs instead.

use std::collections::HashMap;

/// The attributes an image's address is read from.
const URL_ATTRS: &[&str] = &[
    "src",
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-actualsrc",
];
const SRCSET_ATTRS: &[&str] = &["srcset", "data-srcset"];
/// The prefix of the attributes that keep an original address.
pub const ORIGIN_PREFIX: &str = "data-origin-";

/// An attribute in a tag of the source: its name and where its value is.
#[derive(Debug, Clone)]
struct Attr {
    name: String,
    /// The value's bytes in the source, quotes excluded.
    value: std::ops::Range<usize>,
    /// The quote it was written with, if any.
    quote: Option<char>,
    /// Where the whole attribute ends (after its closing quote).
    end: usize,
}

/// The `<img>` and `<source>` tags of `source`: for each, its attributes.
fn image_tags(source: &str) -> Vec<Vec<Attr>> {
    let bytes = source.as_bytes();
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(found) = source[at..].find('<') {
        let start = at + found + 1;
        let name_end = source[start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(source.len(), |n| start + n);
        let name = source[start..name_end].to_ascii_lowercase();
        at = name_end.max(start);
        if name != "img" && name != "source" {
            continue;
        }
        let (attrs, end) = attributes(bytes, name_end);
        tags.push(attrs);
        at = end;
    }
    tags
}

/// The attributes of a tag from `from` (after its name) to its `>`, as
/// HTML reads them, and where the tag ends.
fn attributes(bytes: &[u8], from: usize) -> (Vec<Attr>, usize) {
    let mut attrs = Vec::new();
    let mut i = from;
    let space = |b: u8| b.is_ascii_whitespace();
    loop {
        while i < bytes.len() && (space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (attrs, (i + 1).min(bytes.len()));
        }
        let name_start = i;
        while i < bytes.len() && !space(bytes[i]) && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = String::from_utf8_lossy(&bytes[name_start..i]).to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && space(bytes[j]) {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b'=' {
            // A name alone (`alt`): no value.
            attrs.push(Attr {
                name,
                value: i..i,
                quote: None,
                end: i,
            });
            continue;
        }
        j += 1;
        while j < bytes.len() && space(bytes[j]) {
            j += 1;
        }
        let (value, quote, end) = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = bytes[j + 1..]
                    .iter()
                    .position(|&b| b == q)
                    .map_or(bytes.len(), |p| j + 1 + p);
                (j + 1..close, Some(q as char), (close + 1).min(bytes.len()))
            }
            _ => {
                let stop = bytes[j..]
                    .iter()
                    .position(|&b| space(b) || b == b'>')
                    .map_or(bytes.len(), |p| j + p);
                (j..stop, None, stop)
            }
        };
        attrs.push(Attr {
            name,
            value,
            quote,
            end,
        });
        i = end;
    }
}

/// An attribute's value as a URL to fetch: decoded (`&amp;` → `&`),
/// trimmed, absolute http(s) (`//host/…` taken as https).
fn absolute(raw: &str) -> Option<String> {
    let decoded = html_escape::decode_html_entities(raw.trim()).into_owned();
    let url = if let Some(rest) = decoded.strip_prefix("//") {
        format!("https://{rest}")
    } else {
        decoded
    };
    let lower = url.to_ascii_lowercase();
    ((lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(char::is_whitespace))
    .then_some(url)
}

/// A cover's or thumbnail's address as a URL to fetch, if it is remote.
pub fn cover_url(raw: &str) -> Option<String> {
    absolute(raw)
}

/// Every remote image an article shows, each once: its body's, then its
/// cover's and thumbnail's.
pub fn article_images(body: &str, covers: [&Option<String>; 2]) -> Vec<String> {
    let mut urls = remote_images(body);
    for url in covers.into_iter().flatten().filter_map(|c| cover_url(c)) {
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    urls
}

/// The URLs of a `srcset`'s candidates, with where each is in `value`.
fn srcset_urls(value: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    let bytes = value.as_bytes();
    while at < bytes.len() {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b',') {
            at += 1;
        }
        let start = at;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut end = at;
        // A URL's own trailing commas end the candidate.
        while end > start && bytes[end - 1] == b',' {
            end -= 1;
        }
        if end > start {
            out.push((start..end, &value[start..end]));
        }
        while at < bytes.len() && bytes[at] != b',' {
            at += 1;
        }
    }
    out
}

/// Markdown images, `![alt](url …)`: where each URL is.
fn markdown_images(source: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = source[at..].find("![") {
        let start = at + found;
        at = start + 2;
        let Some(close) = source[at..].find("](") else {
            break;
        };
        let alt = &source[at..at + close];
        if alt.contains('\n') && alt.contains("\n\n") {
            continue;
        }
        let url_start = at + close + 2;
        let url_end = source[url_start..]
            .find(|c: char| c.is_whitespace() || c == ')')
            .map_or(source.len(), |n| url_start + n);
        out.push(url_start..url_end);
        at = url_end;
    }
    out
}

/// Every remote image a body shows, each once, in order.
pub fn remote_images(body: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut add = |url: Option<String>| {
        if let Some(url) = url
            && !found.contains(&url)
        {
            found.push(url);
        }
    };
    for tag in image_tags(body) {
        for attr in &tag {
            let value = &body[attr.value.clone()];
            if URL_ATTRS.contains(&attr.name.as_str()) {
                add(absolute(value));
            } else if SRCSET_ATTRS.contains(&attr.name.as_str()) {
                for (_, url) in srcset_urls(value) {
                    add(absolute(url));
                }
            }
        }
    }
    for range in markdown_images(body) {
        add(absolute(&body[range]));
    }
    found
}

/// `body` showing folio's copies: each remote URL `local` maps (as
/// [`remote_images`] gave it) replaced, its attribute's original value kept
/// in `data-origin-{name}` after it. Attributes already rewritten (with an
/// origin beside them) are left alone.
pub fn rewrite(body: &str, local: &HashMap<String, String>) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for tag in image_tags(body) {
        let has = |name: &str| tag.iter().any(|a| a.name == name);
        for attr in &tag {
            let value = &body[attr.value.clone()];
            let is_url = URL_ATTRS.contains(&attr.name.as_str());
            let is_set = SRCSET_ATTRS.contains(&attr.name.as_str());
            if !(is_url || is_set) || has(&format!("{ORIGIN_PREFIX}{}", attr.name)) {
                continue;
            }
            let new_value = if is_url {
                absolute(value).and_then(|u| local.get(&u)).cloned()
            } else {
                let mut out = value.to_owned();
                let mut changed = false;
                for (range, url) in srcset_urls(value).into_iter().rev() {
                    if let Some(l) = absolute(url).and_then(|u| local.get(&u)) {
                        out.replace_range(range, l);
                        changed = true;
                    }
                }
                changed.then_some(out)
            };
            let Some(new_value) = new_value else { continue };
            let q = attr.quote.unwrap_or('"');
            // The local URL goes where the value was (in its own quotes);
            // the origin right after the attribute, in the same quotes (an
            // unquoted value holds neither quote).
            edits.push((attr.value.clone(), new_value));
            edits.push((
                attr.end..attr.end,
                format!(" {ORIGIN_PREFIX}{}={q}{value}{q}", attr.name),
            ));
        }
    }
    for range in markdown_images(body) {
        if let Some(l) = absolute(&body[range.clone()]).and_then(|u| local.get(&u)) {
            edits.push((range, l.clone()));
        }
    }
    apply(body, edits)
}

/// The body as it was before [`rewrite`]: each `data-origin-{name}` put
/// back as the value of `name` and removed; Markdown images pointing to
/// folio's URLs given back their `originals`.
pub fn restore(body: &str, originals: &HashMap<String, String>) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for tag in image_tags(body) {
        for (i, attr) in tag.iter().enumerate() {
            let Some(of) = attr.name.strip_prefix(ORIGIN_PREFIX) else {
                continue;
            };
            // The attribute it keeps the origin of comes right before it.
            let Some(target) = i.checked_sub(1).map(|p| &tag[p]).filter(|t| t.name == of) else {
                continue;
            };
            edits.push((target.value.clone(), body[attr.value.clone()].to_owned()));
            edits.push((target.end..attr.end, String::new()));
        }
    }
    for range in markdown_images(body) {
        if let Some(original) = originals.get(&body[range.clone()]) {
            edits.push((range, original.clone()));
        }
    }
    apply(body, edits)
}

/// Replaces ranges (none overlapping) of `body`.
fn apply(body: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(body.len() + edits.len() * 80);
    let mut at = 0;
    for (range, text) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&body[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&body[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_IMG: &str = r#"<p><img data-action="zoom" class="size-full" src="https://image.yunyingpai.com/wp/2021/12/Eu4083DE6NWbwxiKiEJH.png" alt referrerpolicy="no-referrer"></p>"#;

    #[test]
    fn remote_images_are_found_in_every_attribute_scrapers_use() {
        let body = format!(
            "{SEED_IMG}<img data-src='//cdn.example/lazy.jpg?a=1&amp;b=2' src=\"data:image/gif;base64,R0l\">\n\
             <picture><source srcset=\"https://a.example/1.webp 1x, https://a.example/2.webp 2x\"></picture>\n\
             <IMG SRC=https://up.example/x.gif>\n![图](https://md.example/p.png \"t\") ![local](/media/x.png)\n\
             <img src=\"/relative.png\"><a href=\"https://not.an/image.png\">x</a>"
        );
        assert_eq!(
            remote_images(&body),
            [
                "https://image.yunyingpai.com/wp/2021/12/Eu4083DE6NWbwxiKiEJH.png",
                "https://cdn.example/lazy.jpg?a=1&b=2",
                "https://a.example/1.webp",
                "https://a.example/2.webp",
                "https://up.example/x.gif",
                "https://md.example/p.png",
            ]
        );
    }

    #[test]
    fn a_rewrite_keeps_the_origin_and_restores_byte_for_byte() {
        let body = format!(
            "{SEED_IMG}<img data-src='//cdn.example/lazy.jpg?a=1&amp;b=2' src=\"data:x\">\
             <source srcset=\"https://a.example/1.webp 1x, https://a.example/2.webp 2x\">\
             <IMG SRC=https://up.example/x.gif alt=\"\">\n![图](https://md.example/p.png)\n\
             <img src=\"https://failed.example/no.png\">"
        );
        let local: HashMap<String, String> = [
            (
                "https://image.yunyingpai.com/wp/2021/12/Eu4083DE6NWbwxiKiEJH.png",
                "/media/a.png",
            ),
            ("https://cdn.example/lazy.jpg?a=1&b=2", "/media/b.jpg"),
            ("https://a.example/2.webp", "/media/c.webp"),
            ("https://up.example/x.gif", "/media/d.gif"),
            ("https://md.example/p.png", "/media/e.png"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let home = rewrite(&body, &local);
        assert!(home.contains(r#"src="/media/a.png" data-origin-src="https://image.yunyingpai.com/wp/2021/12/Eu4083DE6NWbwxiKiEJH.png" alt referrerpolicy"#), "{home}");
        assert!(home.contains("data-src='/media/b.jpg' data-origin-data-src='//cdn.example/lazy.jpg?a=1&amp;b=2' src=\"data:x\""), "{home}");
        assert!(home.contains(r#"srcset="https://a.example/1.webp 1x, /media/c.webp 2x" data-origin-srcset="https://a.example/1.webp 1x, https://a.example/2.webp 2x""#), "{home}");
        assert!(
            home.contains(
                r#"<IMG SRC=/media/d.gif data-origin-src="https://up.example/x.gif" alt="">"#
            ),
            "{home}"
        );
        assert!(home.contains("![图](/media/e.png)"), "{home}");
        assert!(home.contains(r#"<img src="https://failed.example/no.png">"#));
        // Rewriting again changes nothing.
        assert_eq!(rewrite(&home, &local), home);
        let originals = HashMap::from([(
            "/media/e.png".to_owned(),
            "https://md.example/p.png".to_owned(),
        )]);
        assert_eq!(restore(&home, &originals), body);
    }
}

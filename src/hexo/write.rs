//! Writing an article back out as a Hexo post.
//!
//! The original front matter is the template: every top-level entry whose
//! value is unchanged keeps its raw text (quotes, comments, key order), a
//! changed entry is re-emitted, a new one is appended. An article never
//! edited therefore comes back byte for byte, and an edited one keeps the
//! keys folio does not model.

use serde_json::{Map, Value};

use super::front_matter::KNOWN_KEYS;
use super::{Format, ReadContext, read_post, split};
use crate::domain::{ArticleFields, ArticleStatus, NewArticle, Slug};

/// What the writer needs of a stored article.
pub struct PostSource<'a> {
    pub slug: &'a Slug,
    pub fields: &'a ArticleFields,
    /// The original text before the body ("" for an article made in folio).
    pub front_matter: &'a str,
    pub format: Format,
    pub extra: &'a Map<String, Value>,
    pub body: &'a str,
}

impl<'a> PostSource<'a> {
    /// The source of an article as the reader made it.
    pub fn of(article: &'a NewArticle) -> PostSource<'a> {
        PostSource {
            slug: &article.slug,
            fields: &article.fields,
            front_matter: &article.front_matter,
            format: article.front_matter_format,
            extra: &article.extra,
            body: &article.body,
        }
    }
}

/// The post as a file's text.
pub fn write_post(post: &PostSource<'_>, ctx: &ReadContext) -> String {
    let original = (!post.front_matter.is_empty())
        .then(|| read_post(post.slug.as_str(), post.front_matter.as_bytes(), ctx).ok())
        .flatten();
    let wanted = wanted_entries(post, original.as_ref());
    let agrees = |key: &str| {
        original
            .as_ref()
            .is_some_and(|o| original_agrees(o, post, key))
    };
    let head = match post.format {
        Format::Yaml => yaml_head(post, &wanted, &agrees),
        Format::Json => json_head(post, &wanted, &agrees),
    };
    let mut out = String::with_capacity(head.len() + post.body.len());
    out.push_str(&head);
    out.push_str(post.body);
    out
}

/// Every key the written front matter should hold, with its value, in
/// folio's canonical order (used for keys the original did not have).
/// `slug` is updated where the original has it but never added: the file
/// is named after the slug, which is Hexo's default. A tag keeps the
/// spelling the original gave it (`chatGpt`, where folio's one tag is
/// `ChatGPT`).
fn wanted_entries(post: &PostSource<'_>, original: Option<&NewArticle>) -> Vec<(String, Value)> {
    let f = post.fields;
    let spelt = |tag: &crate::domain::TagName| {
        original
            .and_then(|o| o.fields.tags.iter().find(|t| *t == tag))
            .unwrap_or(tag)
            .to_string()
    };
    let text = |v: &Option<String>| v.clone().map(Value::String);
    let mut known: Vec<(&str, Option<Value>)> = vec![
        ("title", Some(Value::String(f.title.clone()))),
        ("date", Some(Value::String(format_date(f.date)))),
        ("updated", f.updated.map(|d| Value::String(format_date(d)))),
        (
            "tags",
            (!f.tags.is_empty()).then(|| f.tags.iter().map(|t| Value::String(spelt(t))).collect()),
        ),
        ("categories", categories_value(f)),
        (
            "published",
            (f.status != ArticleStatus::Published).then_some(Value::Bool(false)),
        ),
        ("slug", Some(Value::String(post.slug.to_string()))),
        ("author", text(&f.author)),
        ("headimg", text(&f.headimg)),
        ("thumbnail", text(&f.thumbnail)),
        ("comments", f.comments.map(Value::Bool)),
        ("permalink", text(&f.permalink)),
        ("excerpt", text(&f.excerpt)),
    ];
    debug_assert!(known.iter().all(|(k, _)| KNOWN_KEYS.contains(k)));
    let mut out: Vec<(String, Value)> = known
        .drain(..)
        .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
        .collect();
    out.extend(post.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    out
}

fn categories_value(f: &ArticleFields) -> Option<Value> {
    let paths: Vec<Value> = f
        .categories
        .iter()
        .map(|p| p.names().iter().cloned().map(Value::String).collect())
        .collect();
    match paths.len() {
        0 => None,
        // One hierarchy is a flat list (Hexo's rule).
        1 => paths.into_iter().next(),
        _ => Some(Value::Array(paths)),
    }
}

fn format_date(d: chrono::DateTime<chrono::Utc>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// Does the original entry `key`, as read back by the reader, already say
/// what `post` says? Compared through the reader itself, so "unchanged"
/// means "reads the same".
fn original_agrees(original: &NewArticle, post: &PostSource<'_>, key: &str) -> bool {
    let (a, b) = (&original.fields, post.fields);
    match key {
        "title" => a.title == b.title,
        "date" => a.date == b.date,
        "updated" => a.updated == b.updated,
        "tags" => a.tags == b.tags,
        "categories" => a.categories == b.categories,
        "published" => {
            (a.status == ArticleStatus::Published) == (b.status == ArticleStatus::Published)
        }
        "slug" => original.slug == *post.slug,
        "author" => a.author == b.author,
        "headimg" => a.headimg == b.headimg,
        "thumbnail" => a.thumbnail == b.thumbnail,
        "comments" => a.comments == b.comments,
        "permalink" => a.permalink == b.permalink,
        "excerpt" => a.excerpt == b.excerpt,
        other => original.extra.get(other) == post.extra.get(other),
    }
}

fn yaml_head(
    post: &PostSource<'_>,
    wanted: &[(String, Value)],
    agrees: &dyn Fn(&str) -> bool,
) -> String {
    let parts = split(post.front_matter);
    let (prefix, suffix, segments) = if parts.head.is_empty() {
        ("---\n", "\n---\n", Vec::new())
    } else {
        let start = parts.front_matter_start;
        let end = start + parts.front_matter.len();
        (
            &parts.head[..start],
            &parts.head[end..],
            yaml_segments(parts.front_matter),
        )
    };

    let indent = top_indent(parts.front_matter);
    let mut entries: Vec<String> = Vec::new();
    let mut written: Vec<&str> = Vec::new();
    for (key, raw) in &segments {
        let Some(key) = key else {
            // Comments and blank lines before the first key are kept; a
            // line of other white space (a vertical tab) is not valid YAML
            // once keys follow it, so it goes.
            let junk = raw.trim().is_empty() && !raw.chars().all(|c| c == ' ' || c == '\n');
            if !junk {
                entries.push((*raw).to_owned());
            }
            continue;
        };
        match wanted.iter().find(|(k, _)| k == key) {
            Some(_) if agrees(key) => entries.push((*raw).to_owned()),
            Some((k, v)) => entries.push(indented(&yaml_entry(k, v), indent)),
            // Keys the article no longer has: `published` when it is public
            // again, or a cleared field. Keep the key where Hexo allows an
            // empty value, so the original keys stay.
            None if key == "published" => entries.push(indented("published: true", indent)),
            None if KNOWN_KEYS.contains(&key.as_str()) => {
                entries.push(indented(&format!("{key}:"), indent))
            }
            None => continue,
        }
        written.push(key);
    }
    // A key the original lacks is added only where its absence reads as
    // something else: a post without `date` whose date is its file's time
    // stays without one.
    for (k, v) in wanted {
        if !written.contains(&k.as_str()) && k != "slug" && !agrees(k) {
            entries.push(indented(&yaml_entry(k, v), indent));
        }
    }
    // Blank lines the original had after its last entry stay there (a
    // front matter without an opening separator often ends with one).
    while entries.last().is_some_and(|e| e.trim().is_empty()) {
        entries.pop();
    }
    let fm = parts.front_matter;
    let trailing = &fm[fm.trim_end().len()..];
    let trailing = if trailing.contains('\n') {
        trailing
    } else {
        ""
    };
    let mut out = String::from(prefix);
    out.push_str(&entries.join("\n"));
    out.push_str(trailing);
    // An empty original (`---` right after `---`) has no newline of its own
    // before the closing separator.
    if !entries.is_empty() && !suffix.starts_with('\n') && trailing.is_empty() {
        out.push('\n');
    }
    out.push_str(suffix);
    out
}

fn indented(entry: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    entry
        .lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn yaml_entry(key: &str, value: &Value) -> String {
    let mut map = Map::new();
    map.insert(key.to_owned(), value.clone());
    let text = serde_saphyr::to_string(&Value::Object(map)).unwrap_or_else(|_| format!("{key}:"));
    text.trim_end_matches('\n').to_owned()
}

/// Cuts YAML text into top-level entries: a line at column 0 that is not a
/// comment or a `- ` list item starts one; indented, blank, comment and
/// list-item lines belong to the entry above. Lines before the first key
/// have no key.
fn yaml_segments(text: &str) -> Vec<(Option<String>, &str)> {
    let indent = top_indent(text);
    let mut segments: Vec<(Option<String>, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let (width, lead) = lead_width(line);
        let rest = if width == indent { &line[lead..] } else { "" };
        // `- item` at the key's own indentation is a list belonging to the
        // key above (Hexo's own scaffold writes `tags:` lists that way).
        let sequence_item =
            rest.starts_with('-') && rest[1..].starts_with([' ', '\t', '\n', '\r']) || rest == "-";
        let starts_entry = !sequence_item
            && rest
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && c != '#');
        if starts_entry {
            segments.push((Some(entry_key(line)), offset));
        } else if segments.is_empty() {
            segments.push((None, offset));
        }
        offset += line.len();
    }
    let mut out = Vec::with_capacity(segments.len());
    for (i, (key, start)) in segments.iter().enumerate() {
        let end = segments.get(i + 1).map_or(text.len(), |s| s.1);
        // Entries are joined with "\n", so each drops its own final newline.
        let raw = &text[*start..end];
        out.push((key.clone(), raw.strip_suffix('\n').unwrap_or(raw)));
    }
    out
}

/// The top level's indentation: that of its first key (a whole mapping
/// may be indented).
fn top_indent(text: &str) -> usize {
    text.lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or(0, |l| lead_width(l).0)
}

/// A line's indentation as the reader sees it (a leading tab counts two
/// spaces, Hexo's rule), and the bytes it takes.
fn lead_width(line: &str) -> (usize, usize) {
    let mut width = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => width += 1,
            '\t' => width += 2,
            _ => return (width, i),
        }
    }
    (width, line.len())
}

fn entry_key(line: &str) -> String {
    let line = line.trim_end();
    let key = match line
        .find(": ")
        .or_else(|| line.ends_with(':').then(|| line.len() - 1))
    {
        Some(i) => &line[..i],
        None => line,
    };
    key.trim().trim_matches(['"', '\'']).to_owned()
}

fn json_head(
    post: &PostSource<'_>,
    wanted: &[(String, Value)],
    agrees: &dyn Fn(&str) -> bool,
) -> String {
    let parts = split(post.front_matter);
    let original_keys = front_matter_keys_json(parts.front_matter);
    let same_keys = original_keys.len() == wanted.len()
        && wanted.iter().all(|(k, _)| original_keys.contains(k));
    if !parts.head.is_empty() && same_keys && wanted.iter().all(|(k, _)| agrees(k)) {
        return parts.head.to_owned();
    }
    // Keys in the original order first, then new ones.
    let mut map = Map::new();
    for key in &original_keys {
        if let Some((k, v)) = wanted.iter().find(|(k, _)| k == key) {
            map.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in wanted {
        if !map.contains_key(k) && k != "slug" && !agrees(k) {
            map.insert(k.clone(), v.clone());
        }
    }
    let object = serde_json::to_string_pretty(&Value::Object(map)).unwrap_or_else(|_| "{}".into());
    // Hexo's JSON front matter is the object's members without braces.
    let members = object
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim_matches('\n');
    let members: Vec<&str> = members
        .lines()
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect();
    format!(";;;\n{}\n;;;\n", members.join("\n"))
}

fn front_matter_keys_json(text: &str) -> Vec<String> {
    let wrapped = if text.trim_start().starts_with('{') {
        text.to_owned()
    } else {
        format!("{{{text}\n}}")
    };
    serde_json::from_str::<Map<String, Value>>(&wrapped)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_list_at_column_zero_stays_with_its_key() {
        let ctx = ReadContext {
            zone: chrono_tz::UTC,
            now: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
        };
        let text = "---\ntitle: a\ndate: 2024-01-01\ntags:\n- one\n- two\nkeep:\n-\n---\nbody";
        let mut article = read_post("x", text.as_bytes(), &ctx).unwrap();
        article.fields.title = "b".into();
        let written = write_post(&PostSource::of(&article), &ctx);
        assert_eq!(written, text.replace("title: a", "title: b"));
    }

    #[test]
    fn a_body_that_looks_like_an_empty_front_matter_comes_back_as_body() {
        let ctx = ReadContext {
            zone: chrono_tz::UTC,
            now: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
        };
        // Found by the fuzzer: `---` right after `---`, at the end of the
        // file. Hexo reads it all as body (no front matter at all).
        let article = read_post("x", b"\n---\n---", &ctx).unwrap();
        assert_eq!(
            (article.front_matter.as_str(), article.body.as_str()),
            ("", "\n---\n---")
        );
        let written = write_post(&PostSource::of(&article), &ctx);
        let again = read_post("x", written.as_bytes(), &ctx).unwrap();
        assert_eq!(again.fields, article.fields);
        assert_eq!(again.body, article.body);
    }
}

//! Parsing the raw front matter (YAML or JSON) into the keys folio models
//! and the ones it only keeps.
//!
//! Known keys are read type-driven, so a string field is read as written
//! (`title: 1.10` stays "1.10"); every other key goes into an ordered JSON
//! map. YAML does both in one pass ([`Document`]); JSON in two, one into
//! [`KnownKeys`] and one into the map.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

use super::split::Format;

/// Keys Hexo gives a meaning to. Everything else goes to `extra`.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "tags",
    "categories",
    "published",
    "slug",
    "headimg",
    "thumbnail",
    "author",
    "comments",
    "permalink",
    "excerpt",
];

/// The known keys, with each value as it was written.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct KnownKeys {
    pub title: Option<String>,
    pub date: Option<Scalar>,
    pub updated: Option<Scalar>,
    pub tags: Option<StringList>,
    pub categories: Option<Categories>,
    pub published: Option<bool>,
    pub slug: Option<Scalar>,
    pub headimg: Option<String>,
    pub thumbnail: Option<String>,
    pub author: Option<String>,
    pub comments: Option<bool>,
    pub permalink: Option<String>,
    pub excerpt: Option<String>,
}

/// Parsed front matter: the known keys and every other key in file order.
#[derive(Debug, Default)]
pub struct Parsed {
    pub known: KnownKeys,
    pub extra: Map<String, Value>,
}

/// Why the front matter could not be read; `line` is 1-based within the
/// front-matter text.
#[derive(Debug)]
pub struct ParseError {
    pub code: &'static str,
    pub message: String,
    pub line: Option<usize>,
}

/// Outcome of parsing: the front matter, or Hexo's "not a mapping" case, in
/// which Hexo reads the whole file as body.
pub enum Outcome {
    Mapping(Box<Parsed>),
    NotAMapping,
}

/// Caps for untrusted YAML. Front matter is a few hundred bytes, so these
/// are far below serde-saphyr's defaults: a 300-byte "billion laughs" stops
/// after 10,000 replayed events instead of expanding.
fn yaml_options() -> serde_saphyr::Options {
    let budget = serde_saphyr::budget! {
        max_events: 200_000,
        max_nodes: 100_000,
        max_depth: 64,
        max_aliases: 1_000,
        max_anchors: 1_000,
    };
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = 10_000;
    alias_limits.max_replay_stack_depth = 16;
    alias_limits.max_alias_expansions_per_anchor = 1_000;
    serde_saphyr::options! {
        budget: budget,
        alias_limits: alias_limits,
        // YAML 1.2, as Hexo's js-yaml reads it: `y`, `N`, `yes`, `off` are
        // strings, not booleans.
        strict_booleans: true,
    }
}

pub fn parse(text: &str, format: Format) -> Result<Outcome, ParseError> {
    match format {
        Format::Yaml => parse_yaml(text),
        Format::Json => parse_json(text),
    }
}

fn parse_yaml(text: &str) -> Result<Outcome, ParseError> {
    // Hexo: tabs that indent YAML count as two spaces each.
    let text = expand_indent_tabs(text);
    if text.trim().is_empty() {
        return Ok(Outcome::Mapping(Box::default()));
    }
    let document: Document =
        serde_saphyr::from_str_with_options(&text, yaml_options()).map_err(yaml_error)?;
    Ok(match document {
        Document::Mapping(parsed) => Outcome::Mapping(parsed),
        Document::Empty => Outcome::Mapping(Box::default()),
        Document::NotAMapping => Outcome::NotAMapping,
    })
}

/// YAML text as one JSON value, under the same limits as a front matter
/// (a site's `_config.yml`).
pub fn parse_yaml_value(text: &str) -> Result<Value, ParseError> {
    let text = expand_indent_tabs(text);
    serde_saphyr::from_str_with_options(&text, yaml_options()).map_err(yaml_error)
}

/// A YAML front matter read in one pass: each known key into its field as
/// written, every other key into `extra`, in file order. (A second, typed
/// pass over the text was a third of a dry run's CPU.) Its key names are
/// [`KNOWN_KEYS`]; a test holds the two together. Duplicate keys are
/// refused by serde-saphyr before they get here.
enum Document {
    Mapping(Box<Parsed>),
    Empty,
    NotAMapping,
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of front-matter keys")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut parsed = Parsed::default();
        let known = &mut parsed.known;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "title" => known.title = map.next_value()?,
                "date" => known.date = map.next_value()?,
                "updated" => known.updated = map.next_value()?,
                "tags" => known.tags = map.next_value()?,
                "categories" => known.categories = map.next_value()?,
                "published" => known.published = map.next_value()?,
                "slug" => known.slug = map.next_value()?,
                "headimg" => known.headimg = map.next_value()?,
                "thumbnail" => known.thumbnail = map.next_value()?,
                "author" => known.author = map.next_value()?,
                "comments" => known.comments = map.next_value()?,
                "permalink" => known.permalink = map.next_value()?,
                "excerpt" => known.excerpt = map.next_value()?,
                _ => {
                    let value: Value = map.next_value()?;
                    parsed.extra.insert(key, value);
                }
            }
        }
        Ok(Document::Mapping(Box::new(parsed)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Document, E> {
        Ok(Document::Empty)
    }
    fn visit_none<E: de::Error>(self) -> Result<Document, E> {
        Ok(Document::Empty)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Document, E> {
        Ok(Document::NotAMapping)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Document, E> {
        Ok(Document::NotAMapping)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Document, E> {
        Ok(Document::NotAMapping)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Document, E> {
        Ok(Document::NotAMapping)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Document, E> {
        Ok(Document::NotAMapping)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Document::NotAMapping)
    }
}

fn parse_json(text: &str) -> Result<Outcome, ParseError> {
    // Hexo's JSON front matter is an object's members without the braces;
    // accept a braced object too.
    let wrapped;
    let json = if text.trim_start().starts_with('{') {
        text
    } else {
        wrapped = format!("{{{text}\n}}");
        &wrapped
    };
    let all: Value = serde_json::from_str(json).map_err(json_error)?;
    let Value::Object(extra) = all else {
        return Ok(Outcome::NotAMapping);
    };
    let known: KnownKeys = serde_json::from_str(json).map_err(json_error)?;
    Ok(Outcome::Mapping(Box::new(Parsed {
        known,
        extra: without_known(extra),
    })))
}

fn without_known(mut map: Map<String, Value>) -> Map<String, Value> {
    map.retain(|k, _| !KNOWN_KEYS.contains(&k.as_str()));
    map
}

fn expand_indent_tabs(text: &str) -> String {
    if !text.contains('\t') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let tabs = line.len() - line.trim_start_matches('\t').len();
        out.extend(std::iter::repeat_n("  ", tabs));
        out.push_str(&line[tabs..]);
    }
    out
}

fn yaml_error(e: serde_saphyr::Error) -> ParseError {
    let line = e.location().map(|l| l.line() as usize).filter(|l| *l > 0);
    let text = e.to_string();
    let (code, what) =
        if text.contains("budget") || text.contains("alias") || text.contains("replay") {
            (
                "yaml_limit",
                "YAML exceeds folio's limits (alias expansion, size or depth)",
            )
        } else {
            ("malformed_yaml", "malformed YAML front matter")
        };
    ParseError {
        code,
        message: format!("{what}: {}", first_line(&text)),
        line,
    }
}

fn json_error(e: serde_json::Error) -> ParseError {
    ParseError {
        code: "malformed_json",
        message: format!("malformed JSON front matter: {e}"),
        line: Some(e.line()).filter(|l| *l > 0),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// A scalar read as written: in YAML, `007` stays "007" and a timestamp
/// stays its text. JSON numbers and booleans are turned into text.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_string(ScalarVisitor).map(Scalar)
    }
}

struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// `tags`: a list, or one string (Hexo's `tags: Rust`).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct StringList(pub Vec<String>);

impl<'de> Deserialize<'de> for StringList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = Vec<String>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of strings or one string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(vec![v.to_owned()])
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Option<Scalar>>()? {
                    out.extend(item.map(|s| s.0));
                }
                Ok(out)
            }
        }
        d.deserialize_any(ListVisitor).map(StringList)
    }
}

/// `categories`, by Hexo's rule: a flat list is ONE hierarchy; a list that
/// holds lists is several (a plain string in it being a one-level one); one
/// string is a one-level hierarchy.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Categories(pub Vec<Vec<String>>);

enum CategoryItem {
    Name(String),
    Path(Vec<String>),
}

impl<'de> Deserialize<'de> for CategoryItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = CategoryItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a category name or a list of names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CategoryItem::Name(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(CategoryItem::Name(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(CategoryItem::Name(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(CategoryItem::Name(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(CategoryItem::Name(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                StringList::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(|l| CategoryItem::Path(l.0))
            }
        }
        d.deserialize_any(ItemVisitor)
    }
}

impl<'de> Deserialize<'de> for Categories {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CategoriesVisitor;
        impl<'de> Visitor<'de> for CategoriesVisitor {
            type Value = Vec<Vec<String>>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a category, a list of categories or a list of lists")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(vec![vec![v.to_owned()]])
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(vec![vec![v.to_string()]])
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(vec![vec![v.to_string()]])
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Option<CategoryItem>>()? {
                    items.extend(item);
                }
                let nested = items.iter().any(|i| matches!(i, CategoryItem::Path(_)));
                if !nested {
                    let path: Vec<String> = items
                        .into_iter()
                        .filter_map(|i| match i {
                            CategoryItem::Name(n) => Some(n),
                            CategoryItem::Path(_) => None,
                        })
                        .collect();
                    return Ok(if path.is_empty() {
                        Vec::new()
                    } else {
                        vec![path]
                    });
                }
                Ok(items
                    .into_iter()
                    .map(|i| match i {
                        CategoryItem::Name(n) => vec![n],
                        CategoryItem::Path(p) => p,
                    })
                    .filter(|p| !p.is_empty())
                    .collect())
            }
        }
        d.deserialize_any(CategoriesVisitor).map(Categories)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Parsed {
        match parse(text, Format::Yaml) {
            Ok(Outcome::Mapping(p)) => *p,
            Ok(Outcome::NotAMapping) => panic!("not a mapping"),
            Err(e) => panic!("{}", e.message),
        }
    }

    #[test]
    fn every_known_key_is_read_as_known_not_kept_as_extra() {
        for key in KNOWN_KEYS {
            let p = yaml(&format!("{key}: null\nother: 1"));
            assert_eq!(p.extra.keys().collect::<Vec<_>>(), ["other"], "{key}");
        }
    }

    #[test]
    fn yaml_1_1_booleans_are_strings_as_in_hexo() {
        let p = yaml("categories:\n  - N\n  - yes\ntags: [off, true]");
        assert_eq!(
            p.known.categories.unwrap().0,
            vec![vec!["N".to_string(), "yes".into()]]
        );
        assert_eq!(p.known.tags.unwrap().0, vec!["off", "true"]);
    }

    #[test]
    fn strings_are_read_as_written() {
        let p = yaml("title: 1.10\nslug: 007");
        assert_eq!(p.known.title.as_deref(), Some("1.10"));
        assert_eq!(p.known.slug, Some(Scalar("007".into())));
    }

    #[test]
    fn tags_may_be_one_string_or_a_list() {
        assert_eq!(
            yaml("tags: Rust").known.tags,
            Some(StringList(vec!["Rust".into()]))
        );
        assert_eq!(
            yaml("tags: [a, 金融]").known.tags,
            Some(StringList(vec!["a".into(), "金融".into()]))
        );
    }

    #[test]
    fn a_flat_category_list_is_one_hierarchy() {
        let p = yaml("categories:\n - 新媒体\n - 高科技行业门户\n - 新闻");
        assert_eq!(
            p.known.categories.unwrap().0,
            vec![vec![
                "新媒体".to_string(),
                "高科技行业门户".into(),
                "新闻".into()
            ]]
        );
    }

    #[test]
    fn a_list_of_lists_is_several_hierarchies() {
        let p = yaml("categories:\n - [A, B]\n - C\n");
        assert_eq!(
            p.known.categories.unwrap().0,
            vec![vec!["A".to_string(), "B".into()], vec!["C".to_string()]]
        );
        assert_eq!(
            yaml("categories: Life").known.categories.unwrap().0,
            vec![vec!["Life".to_string()]]
        );
    }

    #[test]
    fn unknown_keys_are_kept_in_order() {
        let p = yaml("zeta: 1\ntitle: t\nalpha: [x]\nlayout: post");
        let keys: Vec<_> = p.extra.keys().cloned().collect();
        assert_eq!(keys, ["zeta", "alpha", "layout"]);
    }

    #[test]
    fn tab_indentation_counts_as_two_spaces() {
        let p = yaml("tags:\n\t- a\n\t- b");
        assert_eq!(p.known.tags.unwrap().0, vec!["a", "b"]);
    }

    #[test]
    fn a_title_that_is_not_a_string_is_refused() {
        let Err(e) = parse("a: 1\ntitle: [x, y]", Format::Yaml) else {
            panic!("accepted")
        };
        assert_eq!(e.line, Some(2));
        assert!(
            e.message.contains("title") || e.message.contains("string"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_billion_laughs_fails_fast() {
        let bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n\
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n\
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n\
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
        let Err(e) = parse(bomb, Format::Yaml) else {
            panic!("accepted")
        };
        assert_eq!(e.code, "yaml_limit", "{}", e.message);
    }

    #[test]
    fn json_members_without_braces() {
        let Ok(Outcome::Mapping(p)) = parse(
            "\"title\": \"Hello\",\n\"tags\": [\"a\"],\n\"x\": 1",
            Format::Json,
        ) else {
            panic!()
        };
        assert_eq!(p.known.title.as_deref(), Some("Hello"));
        assert!(p.extra.contains_key("x"));
    }

    #[test]
    fn malformed_json_names_the_line() {
        let Err(e) = parse("\"title\": \"a\",\n\"b\": ,", Format::Json) else {
            panic!()
        };
        assert_eq!(e.code, "malformed_json");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn a_list_is_not_a_mapping() {
        assert!(matches!(
            parse("- a\n- b", Format::Yaml),
            Ok(Outcome::NotAMapping)
        ));
    }
}

//! A Hexo site's `_config.yml`, and the addresses Hexo gives what it
//! builds: a post's permalink, a page's path, a tag's and a category's
//! archive. folio keeps those addresses to answer them with 301 once the
//! site lives here (issue 18). Each rule follows Hexo 8's code, named
//! where it is followed; the parity test checks them against Hexo.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};
use sha1::{Digest, Sha1};

use super::ReadError;

/// What folio reads of `_config.yml` (Hexo's defaults where it is silent:
/// `hexo/dist/hexo/default_config.js`).
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// `root`, or the path of `url`; always starts and ends with `/`.
    pub root: String,
    pub permalink: String,
    pub permalink_defaults: Map<String, Value>,
    pub pretty_urls: PrettyUrls,
    pub new_post_name: String,
    pub post_asset_folder: bool,
    /// `timezone`, when it names a zone.
    pub timezone: Option<Tz>,
    pub tag_dir: String,
    pub category_dir: String,
    pub archive_dir: String,
    /// 0 keeps a name's case in its slug, 1 lowers it, 2 raises it.
    pub filename_case: u8,
    pub tag_map: Map<String, Value>,
    pub category_map: Map<String, Value>,
    pub default_category: String,
    /// Glob patterns of files under `source/` Hexo copies unrendered.
    pub skip_render: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrettyUrls {
    pub trailing_index: bool,
    pub trailing_html: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            root: "/".into(),
            permalink: ":year/:month/:day/:title/".into(),
            permalink_defaults: Map::new(),
            pretty_urls: PrettyUrls {
                trailing_index: true,
                trailing_html: true,
            },
            new_post_name: ":title.md".into(),
            post_asset_folder: false,
            timezone: None,
            tag_dir: "tags".into(),
            category_dir: "categories".into(),
            archive_dir: "archives".into(),
            filename_case: 0,
            tag_map: Map::new(),
            category_map: Map::new(),
            default_category: "uncategorized".into(),
            skip_render: Vec::new(),
        }
    }
}

impl SiteConfig {
    /// Reads `_config.yml`. A file YAML cannot read fails with its line;
    /// a key of an unexpected type is taken as absent, as Hexo's own
    /// defaults would then apply.
    pub fn parse(text: &str) -> Result<SiteConfig, ReadError> {
        let text = super::normalise(text);
        let value: Value = if text.trim().is_empty() {
            Value::Object(Map::new())
        } else {
            super::front_matter::parse_yaml_value(&text).map_err(|e| {
                ReadError::new(e.code, format!("_config.yml: {}", e.message), e.line)
            })?
        };
        let map = match value {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let text_of = |key: &str| map.get(key).and_then(scalar_text);
        let map_of = |key: &str| match map.get(key) {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        let mut config = SiteConfig::default();
        if let Some(p) = text_of("permalink").filter(|p| !p.is_empty()) {
            config.permalink = p;
        }
        config.permalink_defaults = map_of("permalink_defaults");
        if let Some(Value::Object(p)) = map.get("pretty_urls") {
            let flag =
                |key: &str, default: bool| p.get(key).and_then(Value::as_bool).unwrap_or(default);
            config.pretty_urls = PrettyUrls {
                trailing_index: flag("trailing_index", true),
                trailing_html: flag("trailing_html", true),
            };
        }
        if let Some(n) = text_of("new_post_name").filter(|n| !n.is_empty()) {
            config.new_post_name = n;
        }
        config.post_asset_folder =
            map.get("post_asset_folder").and_then(Value::as_bool) == Some(true);
        config.timezone = text_of("timezone").and_then(|z| z.parse().ok());
        for (key, field) in [
            ("tag_dir", &mut config.tag_dir),
            ("category_dir", &mut config.category_dir),
            ("archive_dir", &mut config.archive_dir),
            ("default_category", &mut config.default_category),
        ] {
            if let Some(v) = text_of(key).filter(|v| !v.is_empty()) {
                *field = v;
            }
        }
        config.filename_case = map
            .get("filename_case")
            .and_then(Value::as_u64)
            .map_or(0, |n| n.min(2) as u8);
        config.tag_map = map_of("tag_map");
        config.category_map = map_of("category_map");
        config.skip_render = match map.get("skip_render") {
            Some(Value::Array(items)) => items.iter().filter_map(scalar_text).collect(),
            Some(v) => scalar_text(v).into_iter().collect(),
            None => Vec::new(),
        };
        // Hexo's `load_config`: without `root`, the path of `url`.
        let root = text_of("root")
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| {
                text_of("url")
                    .and_then(|u| url::Url::parse(&u).ok())
                    .map_or_else(|| "/".to_owned(), |u| u.path().to_owned())
            });
        let root = if root.starts_with('/') {
            root
        } else {
            format!("/{root}")
        };
        config.root = format!("{}/", root.trim_end_matches('/'));
        Ok(config)
    }

    /// Hexo's `:title` of a post: its path under `_posts` without the
    /// extension, as `new_post_name` parses it (`processor/post.js`,
    /// `parseFilename`), with the date parts it holds.
    pub fn post_file_name(&self, path: &str) -> FileName {
        let rule = without_extension(&self.new_post_name);
        let path = without_extension(path);
        match parse_by_rule(rule, path) {
            Some(parts) => {
                let title = parts.get("title").cloned();
                let date = |key: &str| parts.get(key).and_then(|v| v.parse::<u32>().ok());
                FileName {
                    title: title.unwrap_or_else(|| slugize(path, Case::Keep)),
                    year: date("year").map(|y| y as i32),
                    month: date("month").or_else(|| date("i_month")),
                    day: date("day").or_else(|| date("i_day")),
                }
            }
            None => FileName {
                title: slugize(path, Case::Keep),
                year: None,
                month: None,
                day: None,
            },
        }
    }

    /// A post's address (`filter/post_permalink.js`, then `url_for`),
    /// percent-decoded.
    pub fn post_url(&self, post: &PostAddress<'_>) -> String {
        if let Some(p) = post.permalink.filter(|p| !p.is_empty()) {
            let mut p = p.to_owned();
            if self.post_asset_folder && !p.ends_with('/') && !p.ends_with(".html") {
                p.push('/');
            }
            return self.url_for(&p);
        }
        let local = post.date.with_timezone(&post.zone);
        // `:hash`, made only for a rule that has it.
        let hash = || {
            let mut h = Sha1::new();
            h.update(format!("{}{}", post.slug, post.date.timestamp()).as_bytes());
            let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
            hex[..12].to_owned()
        };
        let category = post
            .categories
            .last()
            .map_or_else(|| self.default_category.clone(), |c| self.category_slug(c));
        let value = |key: &str| -> Option<String> {
            Some(match key {
                "title" => post.slug.to_owned(),
                "name" => post.slug.rsplit('/').next().unwrap_or(post.slug).to_owned(),
                "post_title" => slugize(post.title, Case::Lower),
                "year" => format!("{:04}", local.year()),
                "month" => format!("{:02}", local.month()),
                "day" => format!("{:02}", local.day()),
                "hour" => format!("{:02}", local.hour()),
                "minute" => format!("{:02}", local.minute()),
                "second" => format!("{:02}", local.second()),
                "i_month" => local.month().to_string(),
                "i_day" => local.day().to_string(),
                "timestamp" => post.date.timestamp().to_string(),
                "hash" => hash(),
                "category" => category.clone(),
                other => post
                    .extra
                    .get(other)
                    .or_else(|| self.permalink_defaults.get(other))
                    .and_then(scalar_text)?,
            })
        };
        let mut path = fill_rule(&self.permalink, &value);
        if self.post_asset_folder && !path.ends_with('/') && !path.ends_with(".html") {
            path.push('/');
        }
        self.url_for(&path)
    }

    /// A page's address: its file's path with `.html` for its extension,
    /// or its `permalink` (`processor/asset.js`, `processPage`).
    pub fn page_url(&self, source_path: &str, permalink: Option<&str>) -> String {
        let path = match permalink.filter(|p| !p.is_empty()) {
            Some(p) => {
                let mut p = p.to_owned();
                if p.ends_with('/') {
                    p.push_str("index");
                }
                let last = p.rsplit('/').next().unwrap_or("");
                if !last.contains('.') {
                    p.push_str(".html");
                }
                p
            }
            None => format!("{}.html", without_extension(source_path)),
        };
        self.url_for(&path)
    }

    /// A tag's archive (`models/tag.js`: `tag_dir`, the slug, `/`).
    pub fn tag_url(&self, name: &str) -> String {
        let name = self
            .tag_map
            .get(name)
            .and_then(scalar_text)
            .unwrap_or_else(|| name.to_owned());
        self.url_for(&format!(
            "{}/{}/",
            self.tag_dir,
            slugize(&name, self.case())
        ))
    }

    /// A category's archive (`models/category.js`: its parents' slugs).
    pub fn category_url(&self, path: &[String]) -> String {
        self.url_for(&format!(
            "{}/{}/",
            self.category_dir,
            self.category_slug(path)
        ))
    }

    fn category_slug(&self, path: &[String]) -> String {
        path.iter()
            .map(|name| {
                let name = self
                    .category_map
                    .get(name)
                    .and_then(scalar_text)
                    .unwrap_or_else(|| name.clone());
                slugize(&name, self.case())
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The archive of a year, or of a month in it (`hexo-generator-archive`).
    pub fn archive_url(&self, year: Option<i32>, month: Option<u32>) -> String {
        let path = match (year, month) {
            (Some(y), Some(m)) => format!("{}/{y:04}/{m:02}/", self.archive_dir),
            (Some(y), None) => format!("{}/{y:04}/", self.archive_dir),
            _ => format!("{}/", self.archive_dir),
        };
        self.url_for(&path)
    }

    /// A file Hexo copies as it is: under `source/` at its own path, under
    /// `_posts/` at its path there (`processor/post.js`, `processAsset`).
    pub fn asset_url(&self, path: &str) -> String {
        self.url_for(path.strip_prefix("_posts/").unwrap_or(path))
    }

    fn case(&self) -> Case {
        match self.filename_case {
            1 => Case::Lower,
            2 => Case::Upper,
            _ => Case::Keep,
        }
    }

    /// hexo-util's `url_for`: the root before the path, doubled slashes
    /// made one, `pretty_urls` applied (kept percent-decoded here).
    fn url_for(&self, path: &str) -> String {
        let joined = format!("{}{}", self.root, path.trim_start_matches('/'));
        let mut url = String::with_capacity(joined.len());
        for c in joined.chars() {
            if !(c == '/' && url.ends_with('/')) {
                url.push(c);
            }
        }
        if !self.pretty_urls.trailing_index && url.ends_with("index.html") {
            url.truncate(url.len() - "index.html".len());
        } else if !self.pretty_urls.trailing_html && url.ends_with(".html") {
            url.truncate(url.len() - ".html".len());
        }
        url
    }
}

/// The addresses a request may use for a page Hexo wrote at `url`, the
/// first being what a link to it asks for: Hexo leaves `?` and `#` in the
/// links it writes (`encodeURL` keeps them), so a browser asks for the
/// path before them (`/2020/09/20/Why?/` is asked as `/2020/09/20/Why`),
/// while the file itself was written under the whole name. A folder's
/// address (`…/`) is asked for with `index.html` too.
pub fn requested_paths(url: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |p: &str| {
        if !p.is_empty() && !out.iter().any(|o| o == p) {
            out.push(p.to_owned());
        }
    };
    let cut = url.find(['?', '#']).map_or(url, |at| &url[..at]);
    for path in [cut, url] {
        add(path);
        if path.ends_with('/') {
            add(&format!("{path}index.html"));
        } else if let Some(folder) = path.strip_suffix("index.html") {
            add(folder);
        }
    }
    out
}

/// What a post's address is made of.
pub struct PostAddress<'a> {
    /// Hexo's slug: the file's `:title` ([`SiteConfig::post_file_name`]).
    pub slug: &'a str,
    pub title: &'a str,
    pub date: DateTime<Utc>,
    /// The zone Hexo formats the date in (the site's).
    pub zone: Tz,
    pub categories: &'a [Vec<String>],
    /// The front matter's `permalink`, which replaces the rule.
    pub permalink: Option<&'a str>,
    /// Other front-matter keys, for a rule's own `:key`.
    pub extra: &'a Map<String, Value>,
}

/// A post file's name as `new_post_name` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    pub title: String,
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Keep,
    Lower,
    Upper,
}

/// hexo-util's `slugize`: diacritics dropped, control characters removed,
/// runs of white space and ``~`!@#$%^&*()-_+=[]{}|\;:"'<>,.?/`` one `-`,
/// no `-` at either end. Chinese stays as it is. (Diacritics go by Unicode
/// decomposition; Hexo's own table also turns a few ligatures, `Æ`, into
/// letters.)
pub fn slugize(s: &str, case: Case) -> String {
    use unicode_normalization::UnicodeNormalization;
    const SPECIAL: &str = "~`!@#$%^&*()-_+=[]{}|\\;:\"'<>,.?/";
    let mut out = String::with_capacity(s.len());
    for c in s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
    {
        if ('\u{0}'..='\u{1f}').contains(&c) {
            continue;
        }
        if c.is_whitespace() || SPECIAL.contains(c) {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c);
        }
    }
    let out = out.trim_matches('-');
    match case {
        Case::Keep => out.to_owned(),
        Case::Lower => out.to_lowercase(),
        Case::Upper => out.to_uppercase(),
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A path without its file's extension (`_posts/a.b/hello.md` is
/// `_posts/a.b/hello`); a name starting with its only dot (`.nojekyll`)
/// has none. The one reading of extensions for a site's files.
pub fn without_extension(path: &str) -> &str {
    let base = path.rsplit('/').next().unwrap_or(path);
    match base.rfind('.') {
        Some(dot) if dot > 0 => &path[..path.len() - (base.len() - dot)],
        _ => path,
    }
}

/// A path's file extension, lower-cased (see [`without_extension`]).
pub fn extension(path: &str) -> Option<String> {
    let stem = without_extension(path);
    (stem.len() < path.len()).then(|| path[stem.len() + 1..].to_ascii_lowercase())
}

/// The names of a rule's `:params` (hexo-util's `Permalink`: `:` then a
/// word that does not end in `_`).
fn params(rule: &str) -> Vec<(usize, usize, String)> {
    let bytes = rule.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':' {
            let start = i + 1;
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            // `\w*[^_\W]`: the name may not end in `_`.
            let mut name_end = end;
            while name_end > start && bytes[name_end - 1] == b'_' {
                name_end -= 1;
            }
            if name_end > start {
                out.push((i, name_end, rule[start..name_end].to_owned()));
                i = name_end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// `Permalink.stringify`: each `:param` replaced by its value ("undefined"
/// where there is none, as JavaScript writes it).
fn fill_rule(rule: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(rule.len() + 32);
    let mut last = 0;
    for (start, end, name) in params(rule) {
        out.push_str(&rule[last..start]);
        out.push_str(&value(&name).unwrap_or_else(|| "undefined".to_owned()));
        last = end;
    }
    out.push_str(&rule[last..]);
    out
}

/// `Permalink.parse` with `parseFilename`'s segments: the rule as a
/// pattern, `:year` four digits, `:month`/`:day` two, `:i_month`/`:i_day`
/// one or two, `:hash` twelve hex digits, anything else the shortest run
/// that lets the rest match.
fn parse_by_rule(rule: &str, path: &str) -> Option<std::collections::HashMap<String, String>> {
    let params = params(rule);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut last = 0;
    for (start, end, name) in &params {
        if *start > last {
            pieces.push(Piece::Literal(&rule[last..*start]));
        }
        pieces.push(Piece::Param(name.as_str()));
        last = *end;
    }
    if last < rule.len() {
        pieces.push(Piece::Literal(&rule[last..]));
    }
    let mut found = std::collections::HashMap::new();
    match_pieces(&pieces, path, &mut found).then_some(found)
}

enum Piece<'a> {
    Literal(&'a str),
    Param(&'a str),
}

fn match_pieces(
    pieces: &[Piece<'_>],
    text: &str,
    found: &mut std::collections::HashMap<String, String>,
) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    match first {
        Piece::Literal(lit) => text
            .strip_prefix(lit)
            .is_some_and(|after| match_pieces(rest, after, found)),
        Piece::Param(name) => {
            let fits = |s: &str| -> bool {
                let digits = |lo: usize, hi: usize| {
                    (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
                };
                match *name {
                    "year" => digits(4, 4),
                    "month" | "day" => digits(2, 2),
                    "i_month" | "i_day" => digits(1, 2),
                    "hash" => {
                        s.len() == 12
                            && s.bytes()
                                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                    }
                    _ => !s.is_empty(),
                }
            };
            // Shortest first, as `(.+?)` takes it.
            for (end, _) in text.char_indices().skip(1).chain([(text.len(), ' ')]) {
                let candidate = &text[..end];
                if fits(candidate) && match_pieces(rest, &text[end..], found) {
                    found.insert((*name).to_owned(), candidate.to_owned());
                    return true;
                }
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn config(yaml: &str) -> SiteConfig {
        SiteConfig::parse(yaml).unwrap()
    }

    #[test]
    fn defaults_are_hexos() {
        let c = config("title: x\n");
        assert_eq!(c.permalink, ":year/:month/:day/:title/");
        assert_eq!(c.root, "/");
        assert_eq!(c.tag_dir, "tags");
        assert!(c.pretty_urls.trailing_index);
    }

    #[test]
    fn the_root_comes_from_the_url_without_one() {
        assert_eq!(config("url: https://a.example/blog\n").root, "/blog/");
        assert_eq!(
            config("url: https://a.example/blog\nroot: /x\n").root,
            "/x/"
        );
    }

    #[test]
    fn a_post_address_as_hexo_builds_it() {
        let c = config("permalink: :year/:month/:day/:title/\ntimezone: Asia/Shanghai\n");
        let extra = Map::new();
        let name = c.post_file_name("2020/你好.md");
        assert_eq!(name.title, "2020/你好");
        let url = c.post_url(&PostAddress {
            slug: &name.title,
            title: "你好 World",
            date: Utc.with_ymd_and_hms(2020, 3, 3, 21, 6, 7).unwrap(),
            zone: chrono_tz::Asia::Shanghai,
            categories: &[],
            permalink: None,
            extra: &extra,
        });
        assert_eq!(url, "/2020/03/04/2020/你好/");
    }

    #[test]
    fn file_names_by_new_post_name() {
        let c = config("new_post_name: :year-:month-:day-:title.md\n");
        let name = c.post_file_name("2019-07-13-hello-world.md");
        assert_eq!(
            name,
            FileName {
                title: "hello-world".into(),
                year: Some(2019),
                month: Some(7),
                day: Some(13)
            }
        );
        // Not the rule's shape: slugized.
        assert_eq!(c.post_file_name("a b/c.md").title, "a-b-c");
    }

    #[test]
    fn tags_categories_pages_and_pretty_urls() {
        let c = config("root: /blog/\n");
        assert_eq!(c.tag_url("C++"), "/blog/tags/C/");
        assert_eq!(c.tag_url("A B"), "/blog/tags/A-B/");
        assert_eq!(
            c.category_url(&["技术".into(), "Rust 语言".into()]),
            "/blog/categories/技术/Rust-语言/"
        );
        assert_eq!(c.page_url("about/index.md", None), "/blog/about/index.html");
        let pretty = config("pretty_urls:\n  trailing_index: false\n  trailing_html: false\n");
        assert_eq!(pretty.page_url("about/index.md", None), "/about/");
        assert_eq!(pretty.page_url("links.md", None), "/links");
        assert_eq!(pretty.page_url("x.md", Some("/y/")), "/y/");
    }

    #[test]
    fn requested_paths_are_what_a_browser_asks_for_first() {
        assert_eq!(
            requested_paths("/2020/09/20/Why?/"),
            [
                "/2020/09/20/Why",
                "/2020/09/20/Why?/",
                "/2020/09/20/Why?/index.html"
            ]
        );
        assert_eq!(requested_paths("/a/"), ["/a/", "/a/index.html"]);
        assert_eq!(requested_paths("/a/index.html"), ["/a/index.html", "/a/"]);
    }

    #[test]
    fn slugize_is_hexos() {
        assert_eq!(slugize("Café ~ au lait!", Case::Keep), "Cafe-au-lait");
        assert_eq!(slugize("金融_科技", Case::Lower), "金融-科技");
        assert_eq!(slugize("--x--", Case::Upper), "X");
    }

    #[test]
    fn a_config_yaml_cannot_read_names_its_line() {
        let e = SiteConfig::parse("title: x\npermalink: [\n").unwrap_err();
        assert!(e.message.starts_with("_config.yml"), "{e:?}");
        assert!(e.line.is_some());
    }
}

//! The languages folio speaks: Simplified Chinese first, and English.
//!
//! Every string a person reads comes from the Fluent catalogs in
//! `locales/<lang>/*.ftl`, compiled into the binary (fluent-templates);
//! plurals and numbers are Fluent's. A test keeps the two catalogs' keys
//! the same. Which language a request gets: the user's choice, else the
//! browser's `Accept-Language`, else `FOLIO_ADMIN_LANG`. (So far the
//! admin's frame and login page speak through it; the other pages and the
//! public site follow, issue 15.)

mod errors;
mod message;

pub use errors::{import_problem, role_key};
pub use message::{Arg, Message};

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};

static_loader! {
    static CATALOGS = {
        locales: "./locales",
        fallback_language: "zh-CN",
        // Fluent wraps each placeable in Unicode isolation marks (U+2068,
        // U+2069) for mixed-direction text; both languages here run left
        // to right, and the marks would reach HTML, titles and JSON.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language folio speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, as `<html lang>` and the catalogs' folders name it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The catalog key of the language's own name (`简体中文`, `English`).
    pub fn name_key(self) -> &'static str {
        match self {
            Lang::ZhCn => "lang-zh-CN",
            Lang::En => "lang-en",
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::ZhCn => langid!("zh-CN"),
            Lang::En => langid!("en"),
        }
    }

    /// A tag as a person or a browser writes it: `zh`, `zh-CN`,
    /// `zh-Hans`, `zh-hans-cn`, `en`, `en-GB`… Traditional Chinese
    /// (`zh-TW`, `zh-Hant`) is not Simplified: no match.
    pub fn parse(raw: &str) -> Option<Lang> {
        let tag = raw.trim().to_ascii_lowercase();
        let mut parts = tag.split(['-', '_']);
        match parts.next()? {
            "en" => Some(Lang::En),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                let traditional = rest
                    .iter()
                    .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
                (!traditional).then_some(Lang::ZhCn)
            }
            _ => None,
        }
    }

    /// The best of an `Accept-Language` header's languages folio speaks,
    /// by their `q` weights (RFC 9110 §12.5.4).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }

    /// The message `key`.
    pub fn t(self, key: &str) -> String {
        CATALOGS.lookup(&self.id(), key)
    }

    /// The message `key`, if the catalogs have it (for keys made from
    /// data, such as a time zone's name).
    pub fn try_t(self, key: &str) -> Option<String> {
        CATALOGS.try_lookup(&self.id(), key)
    }

    /// The message `key` with its arguments.
    pub fn t_with(self, key: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        CATALOGS.lookup_with_args(&self.id(), key, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_headers_pick_a_language_folio_speaks() {
        assert_eq!(Lang::parse("zh-Hans-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("zh_CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("zh-TW"), None);
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        let header = "fr-FR,fr;q=0.9,en-US;q=0.8,zh-CN;q=0.7";
        assert_eq!(Lang::from_accept_language(header), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("zh-TW,zh;q=0.8"),
            Some(Lang::ZhCn)
        );
        assert_eq!(Lang::from_accept_language("de;q=1, en;q=0"), None);
    }

    /// The message ids of every catalog file, by file name, per language.
    fn catalog_keys(lang: Lang) -> std::collections::BTreeMap<String, Vec<String>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang.tag());
        let mut files = std::collections::BTreeMap::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut keys: Vec<String> = text
                .lines()
                .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
                .collect();
            keys.sort();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, keys);
        }
        files
    }

    #[test]
    fn both_catalogs_hold_the_same_keys() {
        let zh = catalog_keys(Lang::ZhCn);
        assert!(!zh.is_empty());
        assert_eq!(zh, catalog_keys(Lang::En));
        for keys in zh.values() {
            for key in keys {
                for lang in Lang::ALL {
                    assert_ne!(lang.t(key), "", "{key} in {}", lang.tag());
                }
            }
        }
    }

    #[test]
    fn messages_come_from_the_catalogs_with_their_arguments() {
        assert_eq!(Lang::ZhCn.t("nav-articles"), "文章");
        assert_eq!(Lang::En.t("nav-articles"), "Articles");
        let text = Lang::En.t_with(
            "login-too-long",
            &[("email_bytes", 254.into()), ("password_bytes", 1024.into())],
        );
        assert_eq!(
            text,
            "An email has at most 254 bytes, a password at most 1024 bytes."
        );
    }

    /// Every file under `dir` (recursively) ending in one of `exts`.
    fn sources(dir: &std::path::Path, exts: &[&str], out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, exts, out);
            } else if exts
                .iter()
                .any(|e| path.extension().is_some_and(|x| x == *e))
            {
                out.push(path);
            }
        }
    }

    /// The first string literal after each `call` in `text` (whitespace
    /// and line breaks allowed before it).
    fn literals_after(text: &str, call: &str) -> Vec<String> {
        text.match_indices(call)
            .filter_map(|(i, _)| {
                let rest = text[i + call.len()..].trim_start();
                let rest = rest.strip_prefix('"')?;
                Some(rest[..rest.find('"')?].to_owned())
            })
            .collect()
    }

    /// A key the code or a template names in a literal and no catalog has
    /// would show as the key itself: every one must be in the catalogs.
    #[test]
    fn every_key_the_code_names_is_in_the_catalogs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        sources(&root.join("src"), &["rs"], &mut files);
        sources(&root.join("templates"), &["html"], &mut files);
        let known: std::collections::BTreeSet<String> =
            catalog_keys(Lang::En).into_values().flatten().collect();
        let calls = [
            ".t(",
            "t_with(",
            "t_one(",
            "t_count(",
            "Message::new(",
            "with_key(\"why\",",
        ];
        let mut named = 0;
        // This file names the calls themselves.
        files.retain(|f| !f.ends_with("src/i18n/mod.rs"));
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for call in calls {
                for key in literals_after(&text, call) {
                    // Keys made at run time (`role-{role}`) and the tests'
                    // own examples are not literals of the catalogs.
                    if key.contains('{') || key.is_empty() {
                        continue;
                    }
                    named += 1;
                    assert!(known.contains(&key), "{} names {key:?}", file.display());
                }
            }
        }
        assert!(named > 100, "{named}");
    }
}

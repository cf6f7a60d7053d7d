//! Article slugs, and Hexo's `slugize` for tag and category URLs.

use std::fmt;

/// The URL name of an article: unique, non-empty, at most 200 characters,
/// free of whitespace, control characters and URL delimiters. Other
/// characters, Chinese included, are kept (URLs percent-encode them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SlugError {
    #[error("the slug is empty")]
    Empty,
    #[error("the slug is longer than {max} characters", max = Slug::MAX_CHARS)]
    TooLong,
    #[error("the slug: {0}")]
    Text(super::TextError),
}

impl Slug {
    pub const MAX_CHARS: usize = 200;

    /// Makes a slug from a front-matter `slug` or a file name: characters
    /// that cannot stand in a URL path segment become `-`.
    pub fn parse(raw: &str) -> Result<Slug, SlugError> {
        // NUL is a control character and becomes `-` below; a bidirectional
        // control would make one URL read as another.
        if let Err(e @ super::TextError::BidiControl(_)) = super::check_name(raw) {
            return Err(SlugError::Text(e));
        }
        let mut out = String::with_capacity(raw.len());
        for c in raw.trim().chars() {
            let keep = !(c.is_whitespace() || c.is_control() || "/\\?#%<>\"'`{}|^[]".contains(c));
            if keep {
                out.push(c);
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        let out = out.trim_matches('-');
        if out.is_empty() || out == "." || out == ".." {
            return Err(SlugError::Empty);
        }
        if out.chars().count() > Self::MAX_CHARS {
            return Err(SlugError::TooLong);
        }
        Ok(Slug(out.to_owned()))
    }

    /// A slug made from a title for an article that names none: Chinese
    /// as toneless pinyin, a syllable a word (`金融科技的底色` →
    /// `jin-rong-ke-ji-de-di-se`), Latin letters and digits lower-cased,
    /// everything else a separator; cut to `MAX_CHARS` (as WordPress and
    /// Hexo cut long titles). Characters with no reading (kana, rare Han)
    /// are kept as they are.
    pub fn from_title(title: &str) -> Result<Slug, SlugError> {
        use pinyin::ToPinyin;
        let mut words: Vec<String> = Vec::new();
        let mut word = String::new();
        for c in title.trim().chars() {
            if let Some(reading) = c.to_pinyin() {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                words.push(reading.plain().to_owned());
            } else if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
        let joined = words.join("-");
        let cut: String = joined.chars().take(Self::MAX_CHARS).collect();
        Slug::parse(cut.trim_end_matches('-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Hexo's `slugize` (hexo-util): control characters dropped, runs of
/// whitespace and punctuation become one `-`, lower case. Chinese stays.
pub fn slugize(name: &str) -> String {
    const SPECIAL: &str = "~`!@#$%^&*()-_+=[]{}|\\;:\"'<>,.?/";
    let mut out = String::with_capacity(name.len());
    for c in name.chars().filter(|c| !c.is_control()) {
        if c.is_whitespace() || SPECIAL.contains(c) {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_pinyin_slugs() {
        let slug = |t: &str| Slug::from_title(t).map(Slug::into_string);
        assert_eq!(slug("金融科技的底色"), Ok("jin-rong-ke-ji-de-di-se".into()));
        assert_eq!(
            slug("「科技」正成为 FinTech 的底色！"),
            Ok("ke-ji-zheng-cheng-wei-fintech-de-di-se".into())
        );
        assert_eq!(slug("Rust 1.88 released"), Ok("rust-1-88-released".into()));
        assert_eq!(slug("？！"), Err(SlugError::Empty));
    }

    #[test]
    fn file_stems_are_kept_as_they_are() {
        assert_eq!(
            Slug::parse("000_94ec247d2f0d791e").unwrap().as_str(),
            "000_94ec247d2f0d791e"
        );
        assert_eq!(Slug::parse("金融科技").unwrap().as_str(), "金融科技");
    }

    #[test]
    fn url_delimiters_and_spaces_become_dashes() {
        assert_eq!(
            Slug::parse(" my post/2?x ").unwrap().as_str(),
            "my-post-2-x"
        );
    }

    #[test]
    fn empty_slugs_are_refused() {
        assert_eq!(Slug::parse(" / "), Err(SlugError::Empty));
        assert_eq!(Slug::parse(".."), Err(SlugError::Empty));
    }

    #[test]
    fn slugize_follows_hexo() {
        assert_eq!(slugize("Hello World!"), "hello-world");
        assert_eq!(slugize("C++ 编程"), "c-编程");
        assert_eq!(slugize("新媒体"), "新媒体");
    }
}

//! Tags and category paths.

use std::fmt;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TaxonomyError {
    #[error("a tag or category name is empty")]
    Empty,
    #[error("the name {0:?} is longer than 100 characters")]
    TooLong(String),
    #[error("the name {0:?}: {1}")]
    Text(String, super::TextError),
}

const MAX_NAME_CHARS: usize = 100;

fn clean_name(raw: &str) -> Result<String, TaxonomyError> {
    // Control characters (NUL among them) are dropped; bidirectional
    // controls are refused: dropping them would change what was meant.
    let name: String = raw.trim().chars().filter(|c| !c.is_control()).collect();
    if let Err(e) = super::check_name(&name) {
        return Err(TaxonomyError::Text(name, e));
    }
    if name.is_empty() {
        return Err(TaxonomyError::Empty);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(TaxonomyError::TooLong(name));
    }
    Ok(name)
}

/// A tag's display name: trimmed, non-empty, at most 100 characters.
/// Tags compare without regard to ASCII case, as the database does
/// (`COLLATE NOCASE`): `Rust` and `rust` are one tag.
#[derive(Debug, Clone)]
pub struct TagName(String);

impl PartialEq for TagName {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for TagName {}

impl std::hash::Hash for TagName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_ascii_lowercase().hash(state);
    }
}

impl TagName {
    pub fn parse(raw: &str) -> Result<TagName, TaxonomyError> {
        clean_name(raw).map(TagName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TagName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One hierarchy of categories, root first: 新媒体 > 高科技行业门户 > 新闻.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CategoryPath(Vec<String>);

impl CategoryPath {
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<CategoryPath, TaxonomyError> {
        let names = names
            .iter()
            .map(|n| clean_name(n.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        if names.is_empty() {
            return Err(TaxonomyError::Empty);
        }
        Ok(CategoryPath(names))
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Display for CategoryPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(" > "))
    }
}

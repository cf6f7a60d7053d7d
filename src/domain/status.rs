//! The publishing state of an article.

use std::fmt;
use std::str::FromStr;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ArticleStatus {
    Draft,
    Published,
    /// Publishes itself at its `scheduled_at` time.
    Scheduled,
    /// Was public, taken down; the public site answers 410 Gone.
    Unpublished,
}

impl ArticleStatus {
    pub const ALL: [ArticleStatus; 4] = [
        Self::Draft,
        Self::Published,
        Self::Scheduled,
        Self::Unpublished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Scheduled => "scheduled",
            Self::Unpublished => "unpublished",
        }
    }
}

impl fmt::Display for ArticleStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown status {0:?}: expected draft, published, scheduled or unpublished")]
pub struct UnknownStatus(pub String);

/// A stored status read straight into its type (`db::articles::ArticleRow`);
/// the schema's CHECK lets in only the four.
impl TryFrom<String> for ArticleStatus {
    type Error = UnknownStatus;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl FromStr for ArticleStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

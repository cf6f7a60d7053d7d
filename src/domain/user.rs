//! Users' identities and roles.

use std::fmt;
use std::str::FromStr;

/// What a user may do (SPEC: admin everything; editor all content, import,
/// publishing, export; author own drafts only).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Editor,
    Author,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Author => "author",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown role {0:?}: expected admin, editor or author")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "admin" => Ok(Role::Admin),
            "editor" => Ok(Role::Editor),
            "author" => Ok(Role::Author),
            _ => Err(UnknownRole(s.to_owned())),
        }
    }
}

/// A login name. Only the shape is checked (one `@`, something either side,
/// no spaces): folio sends no mail, so deliverability is not its concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not an email address")]
pub struct EmailError(pub String);

impl Email {
    /// RFC 5321's longest path (256 octets, less the angle brackets).
    pub const MAX_BYTES: usize = 254;

    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        let s = raw.trim();
        let valid = s.len() <= Self::MAX_BYTES
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && matches!(s.split_once('@'), Some((local, domain)) if !local.is_empty() && !domain.is_empty() && !domain.contains('@'));
        if valid {
            Ok(Email(s.to_owned()))
        } else {
            // Named in messages: a megabyte of it would be echoed whole.
            Err(EmailError(raw.chars().take(64).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

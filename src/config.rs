//! Configuration, read once from the environment (and `.env`) at start and
//! passed down; nothing reads the environment after this.

use std::net::SocketAddr;
use std::time::Duration;

use chrono_tz::Tz;

#[derive(Debug, Clone)]
pub struct Config {
    /// `FOLIO_DATABASE_URL`, e.g. `sqlite://folio.db`.
    pub database_url: String,
    /// `FOLIO_BIND`: the listen address.
    pub bind: SocketAddr,
    /// `FOLIO_PUBLIC_URL`: absolute base for links; https turns on Secure cookies.
    pub public_url: String,
    /// `FOLIO_SITE_TITLE`: the public site's name, in its pages and feeds.
    pub site_title: String,
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
    /// `FOLIO_TIMEZONE`: the zone of front-matter dates written without one.
    pub timezone: Tz,
    /// `FOLIO_MAX_UPLOAD_BYTES`: largest import request.
    pub max_upload_bytes: u64,
    /// An HTTP import of more items, or a larger upload, answers
    /// `202 Accepted` and runs in the background.
    pub async_import_items: u64,
    pub async_import_bytes: u64,
    /// Idle and absolute session lifetimes.
    pub session_idle: Duration,
    pub session_absolute: Duration,
    /// `FOLIO_ADMIN_LANG`: the admin's language when neither the user nor
    /// the browser names one folio speaks (`zh-CN`, or `en`).
    pub admin_lang: crate::i18n::Lang,
    /// `FOLIO_SITE_LANG`: the public site's language (default `zh-CN`).
    pub site_lang: crate::i18n::Lang,
    /// How slowly a request body may arrive (`routes::slow_bodies`).
    pub body_pace: crate::routes::slow_bodies::Pace,
    /// Where media live: `FOLIO_MEDIA_URL` (`s3://bucket/prefix`) if set,
    /// else `FOLIO_MEDIA_DIR` (default `media/` beside the database).
    pub media: crate::media::Location,
    /// `FOLIO_MAX_MEDIA_BYTES`: the largest image kept (20 MiB).
    pub max_media_bytes: u64,
    /// `FOLIO_MEDIA_FETCH_ALLOW`: private addresses images may be brought
    /// home from all the same (none by default; see `outbound::guard`).
    pub media_fetch_allow: crate::outbound::AddressRules,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name}: {value:?} is not valid: {reason}")]
    Invalid {
        name: &'static str,
        value: String,
        reason: String,
    },
}

impl Config {
    /// Reads the environment. Unset variables take SPEC's defaults.
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can configure without
    /// touching the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str, default: &str| {
            lookup(name)
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        let invalid = |name: &'static str, value: String, reason: String| ConfigError::Invalid {
            name,
            value,
            reason,
        };

        let bind_raw = get("FOLIO_BIND", "127.0.0.1:8080");
        let bind = bind_raw.parse().map_err(|e: std::net::AddrParseError| {
            invalid("FOLIO_BIND", bind_raw.clone(), e.to_string())
        })?;
        let tz_raw = get("FOLIO_TIMEZONE", "UTC");
        let timezone = tz_raw
            .parse::<Tz>()
            .map_err(|e| invalid("FOLIO_TIMEZONE", tz_raw.clone(), e.to_string()))?;
        let max_raw = get("FOLIO_MAX_UPLOAD_BYTES", "67108864");
        let max_upload_bytes = max_raw.parse().map_err(|e: std::num::ParseIntError| {
            invalid("FOLIO_MAX_UPLOAD_BYTES", max_raw.clone(), e.to_string())
        })?;
        let number = |name: &'static str, default: &str| -> Result<u64, ConfigError> {
            let raw = get(name, default);
            raw.parse()
                .map_err(|e: std::num::ParseIntError| invalid(name, raw.clone(), e.to_string()))
        };
        let secs = |name: &'static str, default: &str| -> Result<Duration, ConfigError> {
            let raw = get(name, default);
            raw.parse()
                .map(Duration::from_secs)
                .map_err(|e: std::num::ParseIntError| invalid(name, raw.clone(), e.to_string()))
        };
        let lang = |name: &'static str| -> Result<crate::i18n::Lang, ConfigError> {
            let raw = get(name, "zh-CN");
            crate::i18n::Lang::parse(&raw)
                .ok_or_else(|| invalid(name, raw.clone(), "folio speaks zh-CN and en".into()))
        };
        let public_url = get("FOLIO_PUBLIC_URL", "http://127.0.0.1:8080");
        let database_url = get("FOLIO_DATABASE_URL", "sqlite://folio.db");
        let media = match lookup("FOLIO_MEDIA_URL").filter(|v| !v.is_empty()) {
            Some(url) if url.starts_with("s3://") => crate::media::Location::S3 {
                url,
                settings: crate::media::store::S3_VARIABLES
                    .iter()
                    .filter_map(|name| {
                        lookup(name)
                            .filter(|v| !v.is_empty())
                            .map(|v| (name.to_ascii_lowercase(), v))
                    })
                    .collect(),
            },
            Some(url) => {
                return Err(invalid(
                    "FOLIO_MEDIA_URL",
                    url,
                    "expected s3://bucket or s3://bucket/prefix".into(),
                ));
            }
            None => crate::media::Location::Dir(
                match lookup("FOLIO_MEDIA_DIR").filter(|v| !v.is_empty()) {
                    Some(dir) => dir.into(),
                    None => media_beside(&database_url),
                },
            ),
        };
        let allow = get("FOLIO_MEDIA_FETCH_ALLOW", "");
        let media_fetch_allow = crate::outbound::AddressRules::parse(&allow)
            .map_err(|reason| invalid("FOLIO_MEDIA_FETCH_ALLOW", allow.clone(), reason))?;
        Ok(Config {
            database_url,
            media,
            media_fetch_allow,
            max_media_bytes: number("FOLIO_MAX_MEDIA_BYTES", "20971520")?,
            bind,
            public_url: public_url.trim_end_matches('/').to_owned(),
            site_title: get("FOLIO_SITE_TITLE", "folio"),
            admin_email: lookup("FOLIO_ADMIN_EMAIL").filter(|v| !v.is_empty()),
            admin_password: lookup("FOLIO_ADMIN_PASSWORD").filter(|v| !v.is_empty()),
            timezone,
            max_upload_bytes,
            async_import_items: number("FOLIO_ASYNC_IMPORT_ITEMS", "1000")?,
            async_import_bytes: number("FOLIO_ASYNC_IMPORT_BYTES", "33554432")?,
            session_idle: secs("FOLIO_SESSION_IDLE_SECS", "7200")?,
            session_absolute: secs("FOLIO_SESSION_ABSOLUTE_SECS", "43200")?,
            admin_lang: lang("FOLIO_ADMIN_LANG")?,
            site_lang: lang("FOLIO_SITE_LANG")?,
            body_pace: crate::routes::slow_bodies::Pace {
                grace: secs("FOLIO_BODY_GRACE_SECS", "10")?,
                min_bytes_per_sec: number("FOLIO_BODY_MIN_RATE", "8192")?,
            },
        })
    }

    pub fn session_lifetimes(&self) -> crate::auth::session::Lifetimes {
        crate::auth::session::Lifetimes {
            idle: self.session_idle,
            absolute: self.session_absolute,
        }
    }

    /// Secure cookies (and the `__Host-` prefix) when served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// `media/` in the folder of the database file a `sqlite://` URL names
/// (`media/` in the working folder for an in-memory database).
fn media_beside(database_url: &str) -> std::path::PathBuf {
    let path = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .unwrap_or(database_url);
    let path = path.split('?').next().unwrap_or(path);
    match std::path::Path::new(path).parent() {
        Some(dir) if !path.starts_with(':') => dir.join("media"),
        _ => std::path::PathBuf::from("media"),
    }
}

#[cfg(test)]
mod media_tests {
    use super::*;
    use crate::media::Location;

    #[test]
    fn media_live_beside_the_database_unless_told() {
        let with = |vars: &[(&str, &str)]| {
            let vars: Vec<(String, String)> = vars
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect();
            Config::from_lookup(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
        };
        let media = |vars: &[(&str, &str)]| with(vars).unwrap().media;
        assert_eq!(
            media(&[("FOLIO_DATABASE_URL", "sqlite:///var/lib/folio/folio.db")]),
            Location::Dir("/var/lib/folio/media".into())
        );
        assert_eq!(media(&[]), Location::Dir("media".into()));
        assert_eq!(
            media(&[("FOLIO_MEDIA_DIR", "/srv/images")]),
            Location::Dir("/srv/images".into())
        );
        assert_eq!(
            media(&[
                ("FOLIO_MEDIA_URL", "s3://pictures/folio"),
                ("AWS_REGION", "cn-north-1")
            ]),
            Location::S3 {
                url: "s3://pictures/folio".into(),
                settings: vec![("aws_region".into(), "cn-north-1".into())]
            }
        );
        assert!(with(&[("FOLIO_MEDIA_URL", "https://pictures")]).is_err());
        assert_eq!(with(&[]).unwrap().max_media_bytes, 20 * 1024 * 1024);
    }
}

//! Admin sessions: the cookie's random token, its lifetimes, and the
//! cookie itself.

use std::time::Duration;

use actix_web::cookie::{Cookie, SameSite};
use chrono::{DateTime, Utc};

use super::token;

/// A session token: 44 characters of a 57-symbol alphabet, 256+ bits.
pub fn new_token() -> String {
    token::random_string(44)
}

/// The per-session CSRF token sent in forms and `X-CSRF-Token`.
pub fn new_csrf_token() -> String {
    token::random_string(32)
}

/// The session cookie's name: `__Host-` (the browser then insists on
/// Secure, path `/` and no Domain) when folio is served over https.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-folio_session"
    } else {
        "folio_session"
    }
}

/// The cookie carrying `token`. No `Max-Age`: the server decides when a
/// session ends, and a browser session cookie never outlives the browser.
pub fn cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build(cookie_name(secure), token)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .finish()
}

/// A cookie that makes the browser forget the session cookie.
pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut c = cookie(String::new(), secure);
    c.make_removal();
    c
}

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Lifetimes {
    /// Whether a session created at `created` and last used at `last_seen`
    /// is still valid at `now`.
    pub fn valid(
        &self,
        created: DateTime<Utc>,
        last_seen: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        let within = |since: DateTime<Utc>, limit: Duration| {
            (now - since).to_std().is_ok_and(|d| d < limit) || now <= since
        };
        within(last_seen, self.idle) && within(created, self.absolute)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_end_after_the_idle_or_the_absolute_lifetime() {
        let l = Lifetimes {
            idle: Duration::from_secs(7200),
            absolute: Duration::from_secs(43200),
        };
        let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let h = |n: i64| t0 + chrono::Duration::hours(n);
        assert!(l.valid(t0, t0, h(1)));
        assert!(!l.valid(t0, t0, h(2)));
        assert!(l.valid(t0, h(10), h(11)));
        assert!(!l.valid(t0, h(12), h(12)));
    }

    #[test]
    fn tokens_carry_at_least_256_bits() {
        let bits = new_token().len() as f64 * 57f64.log2();
        assert!(bits >= 256.0, "{bits}");
    }
}

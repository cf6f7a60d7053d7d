//! Cross-site request forgery defences: a per-session synchronizer token
//! every state-changing request must carry (a form's hidden `csrf` field or
//! the `X-CSRF-Token` header), and the `Origin` header checked when present.

use subtle::ConstantTimeEq;

/// The form field and the header that carry the token.
pub const FIELD: &str = "csrf";
pub const HEADER: &str = "X-CSRF-Token";

/// Compares in constant time, so the token cannot be guessed byte by byte.
pub fn tokens_match(expected: &str, given: &str) -> bool {
    expected.len() == given.len() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// Whether a request's `Origin` may change state: absent (older browsers,
/// scripts), or the site's own origin (`FOLIO_PUBLIC_URL`, or the `Host`
/// it was reached at, which behind no proxy is the same).
pub fn origin_allowed(origin: Option<&str>, public_url: &str, host: Option<&str>) -> bool {
    let Some(origin) = origin else {
        return true;
    };
    let origin = origin.trim_end_matches('/');
    if origin.eq_ignore_ascii_case(public_url.trim_end_matches('/')) {
        return true;
    }
    host.is_some_and(|h| {
        origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(h))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sites_own_origin_or_none_passes() {
        let site = "https://cms.example";
        assert!(origin_allowed(None, site, None));
        assert!(origin_allowed(Some("https://cms.example"), site, None));
        assert!(origin_allowed(
            Some("http://127.0.0.1:8080"),
            site,
            Some("127.0.0.1:8080")
        ));
        assert!(!origin_allowed(
            Some("https://evil.example"),
            site,
            Some("cms.example")
        ));
        assert!(!origin_allowed(Some("null"), site, Some("cms.example")));
    }

    #[test]
    fn tokens_match_only_when_equal() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abd"));
        assert!(!tokens_match("abc", "ab"));
    }
}

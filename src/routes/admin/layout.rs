//! What every admin page shares: the navigation (by role), the CSRF token
//! for forms and scripts, the error page, and the two answers a handler
//! gives a browser (a page, a 303).

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};

use super::flash::Flash;
use super::guard::CurrentUser;
use super::seconds::Seconds;
use crate::auth::permissions;
use crate::db::from_unix;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::local_time;
use chrono_tz::Tz;

/// 303 to `location`: where a form's action sends the browser next.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// A rendered page with `status`.
pub fn html(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// A page of the admin to send a browser back to (a login's `next`, a bulk
/// form's `back`): a path under `within`, without `//` or `\` (which a
/// browser may read as another host). A value that leads elsewhere falls
/// back to `fallback`; one with a control character (a CR or LF would
/// split the `Location` header, a NUL cut it) is a 400, refused before
/// anything is done.
pub fn return_path(raw: Option<&str>, within: &str, fallback: &str) -> Result<String, AppError> {
    match raw {
        Some(p) if p.chars().any(char::is_control) => Err(AppError::BadRequest(
            crate::i18n::Message::new("error-return-path"),
        )),
        Some(p) if p.starts_with(within) && !p.contains("//") && !p.contains('\\') => {
            Ok(p.to_owned())
        }
        _ => Ok(fallback.to_owned()),
    }
}

/// Why a form was refused, field by field, in the reader's language: what
/// a page shows beside each field (`errors.get("email")`).
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    /// A refusal of a form's field as its message; any other error is not
    /// the form's to show, and comes back as it was.
    pub fn of(error: AppError, lang: Lang) -> Result<FieldErrors, AppError> {
        match error {
            AppError::Invalid { field, message } => Ok(FieldErrors::one(field, message.say(lang))),
            other => Err(other),
        }
    }

    /// One field's message.
    pub fn one(field: impl Into<String>, message: String) -> FieldErrors {
        FieldErrors(vec![(field.into(), message)])
    }

    /// The message of `field`, if the form was refused for it.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each field and its message.
    pub fn iter(&self) -> std::slice::Iter<'_, (String, String)> {
        self.0.iter()
    }
}

/// The frame of a logged-in page.
pub struct Frame {
    pub email: String,
    pub role: &'static str,
    pub csrf: String,
    pub can_transfer: bool,
    pub can_manage_taxonomy: bool,
    pub is_admin: bool,
    /// Which navigation entry is current.
    pub section: &'static str,
    /// The language the page speaks.
    pub lang: Lang,
    /// The zone the page shows times in.
    pub zone: Tz,
    /// What the user's last action did, shown once at the top.
    pub flash: Option<Flash>,
    /// Propose the browser's time zone (the user has not chosen one).
    pub propose_zone: bool,
}

impl Frame {
    pub fn new(user: &CurrentUser, section: &'static str) -> Frame {
        Frame {
            email: user.email.clone(),
            role: user.role.as_str(),
            csrf: user.csrf_token.clone(),
            can_transfer: permissions::can_transfer(user.role),
            can_manage_taxonomy: permissions::can_manage_taxonomy(user.role),
            is_admin: permissions::can_manage_users(user.role),
            section,
            lang: user.lang,
            zone: user.zone,
            flash: user.flash.clone(),
            propose_zone: !user.zone_chosen,
        }
    }

    /// Unix seconds as the reader's clock shows them, zone named:
    /// `2026-12-05 08:00 (北京时间 UTC+8)`.
    pub fn time<T: Seconds>(&self, secs: T) -> String {
        local_time::show(self.lang, self.zone, from_unix(secs.seconds()))
    }

    /// The page's zone as a person knows it, with its offset now:
    /// `北京时间 (Asia/Shanghai)`, or `UTC`.
    pub fn zone_label(&self) -> String {
        local_time::zone_label(self.lang, self.zone)
    }

    /// "page 2 of 7".
    pub fn page_of(&self, page: i64, pages: i64) -> String {
        self.lang.t_with(
            "pager-page-of",
            &[("page", page.into()), ("pages", pages.into())],
        )
    }

    /// The message `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The message `key` with one text argument (a name, an email).
    pub fn t_one(&self, key: &str, name: &'static str, value: &str) -> String {
        self.lang.t_with(key, &[(name, value.to_owned().into())])
    }

    /// The message `key` with a `name` and a `count` (its plural is
    /// Fluent's, by the language's rules).
    pub fn t_count(&self, key: &str, name: &str, count: i64) -> String {
        self.lang.t_with(
            key,
            &[("name", name.to_owned().into()), ("count", count.into())],
        )
    }

    /// A role (`admin`, `editor`, `author`) as the page's language names it.
    pub fn role_name(&self, role: &str) -> String {
        self.lang.t(&format!("role-{role}"))
    }

    /// An audit log action (`merge_tags`) as the page's language says it;
    /// an action the catalogs do not know, as its code.
    pub fn audit_action(&self, code: &str) -> String {
        self.lang
            .try_t(&format!("audit-do-{code}"))
            .unwrap_or_else(|| code.to_owned())
    }

    /// An article status (`draft`, `published`…, or `trash`) as the page's
    /// language names it.
    pub fn status(&self, status: &str) -> String {
        self.lang.t(&format!("status-{status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_stay_inside_and_control_characters_are_refused() {
        let back = |raw| return_path(Some(raw), "/admin", "/admin").map_err(|e| e.to_string());
        assert_eq!(
            back("/admin/articles?page=2"),
            Ok("/admin/articles?page=2".into())
        );
        assert_eq!(back("https://evil.example"), Ok("/admin".into()));
        assert_eq!(back("/admin//evil.example"), Ok("/admin".into()));
        assert!(back("/admin\r\nSet-Cookie: x=1").is_err());
        assert!(back("/admin\0").is_err());
        assert_eq!(
            return_path(None, "/admin", "/admin").ok(),
            Some("/admin".into())
        );
    }
}

//! The guard in front of every `/admin` route: it finds the session, puts
//! the [`CurrentUser`] into the request, refuses state changes without the
//! session's CSRF token or from another origin, turns errors into HTML
//! pages for browsers, and adds the admin's security headers to every
//! response. Handlers take `CurrentUser` as an argument and never look at
//! the session themselves.

use std::future::{Ready, ready};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

use chrono_tz::Tz;

use super::flash::{self, Flash};
use crate::auth::{csrf, session, token};
use crate::config::Config;
use crate::db;
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::Message;
use crate::site_cache::SiteCache;

/// The logged-in user of an admin request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub session_id: i64,
    pub csrf_token: String,
    /// The language the admin speaks to this user ([`lang_of`]).
    pub lang: Lang,
    /// Whether `lang` is the user's own choice (not the browser's).
    pub lang_chosen: bool,
    /// The zone the admin shows and reads times in: the user's choice,
    /// else `FOLIO_TIMEZONE`.
    pub zone: Tz,
    /// Whether the user chose `zone` (if not, the admin proposes the
    /// browser's).
    pub zone_chosen: bool,
    /// What the user's last action did, for this page to show (once).
    pub flash: Option<Flash>,
}

impl CurrentUser {
    /// Authenticated by an API token rather than a browser's session.
    pub fn is_token(&self) -> bool {
        self.session_id == 0
    }

    /// Leaves `flash` for the next page this session shows, in the
    /// caller's transaction. API tokens have no next page: nothing is kept.
    pub async fn tell(
        &self,
        conn: &mut sqlx::SqliteConnection,
        flash: Flash,
    ) -> Result<(), AppError> {
        if !self.is_token() {
            db::sessions::set_flash(conn, self.session_id, &flash.to_json()).await?;
        }
        Ok(())
    }

    /// [`CurrentUser::tell`] that `message` (in the user's language) is done.
    pub async fn tell_done(
        &self,
        conn: &mut sqlx::SqliteConnection,
        message: Message,
    ) -> Result<(), AppError> {
        self.tell(conn, Flash::done(message.say(self.lang))).await
    }

    /// The message `key` in this user's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// Writes what this user did to the audit log, in the caller's
    /// transaction (so the entry exists exactly when the change does).
    pub async fn record(
        &self,
        conn: &mut sqlx::SqliteConnection,
        action: &str,
        target: Option<&str>,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        let entry = db::audit::Entry {
            user_id: Some(self.id),
            actor: &self.email,
            action,
            target,
            detail,
            ip: None,
        };
        db::audit::record(conn, entry, Utc::now()).await?;
        Ok(())
    }

    /// The user as the media library records who kept an image.
    pub fn keeper(&self) -> crate::media_library::Keeper<'_> {
        crate::media_library::Keeper {
            user_id: Some(self.id),
            actor: &self.email,
        }
    }

    /// `Forbidden` unless `allowed`: handlers state the rule of
    /// `auth::permissions` they need, in one line.
    pub fn require(&self, allowed: bool) -> Result<(), AppError> {
        if allowed {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Ready<Result<CurrentUser, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let ext = req.extensions();
        // A multipart form's token is inside the body, which the guard does
        // not read: only a handler taking `UploadUser` (which checks it
        // itself) may serve such a request.
        if ext.contains::<CsrfInBody>() {
            return ready(Err(AppError::Csrf));
        }
        // Absent only for a route the guard does not cover: refuse rather
        // than serve it unauthenticated.
        ready(
            ext.get::<CurrentUser>()
                .cloned()
                .ok_or(AppError::Unauthenticated),
        )
    }
}

/// Marks a multipart request whose CSRF token the handler must check (as
/// the first field, before reading any file).
#[derive(Debug, Clone, Copy)]
struct CsrfInBody;

/// The user of a multipart upload whose handler checks the `csrf` field
/// itself, against `csrf_token`.
pub struct UploadUser(pub CurrentUser);

impl FromRequest for UploadUser {
    type Error = AppError;
    type Future = Ready<Result<UploadUser, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<CurrentUser>()
                .cloned()
                .map(UploadUser)
                .ok_or(AppError::Unauthenticated),
        )
    }
}

/// The admin's security headers (issue 3): no inline or foreign scripts,
/// no framing, no sniffing, no caching. Images may come from anywhere:
/// imported articles show their pictures in the preview.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Paths reachable without a session.
fn is_public(path: &str) -> bool {
    path == "/admin/login"
}

pub async fn admin_guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let json_client = req.path().starts_with("/admin/api/");
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let site = req.app_data::<web::Data<SiteCache>>().cloned();
    let pool = req.app_data::<web::Data<SqlitePool>>().cloned();
    let refusal = check(&mut req).await.err();
    let mut res = match refusal {
        Some(AppError::Unauthenticated) if !json_client => {
            let (http_req, _) = req.into_parts();
            let target = login_redirect(&http_req);
            ServiceResponse::new(http_req, target)
        }
        Some(e) => {
            let (http_req, _) = req.into_parts();
            let response = e.error_response();
            ServiceResponse::new(http_req, response)
        }
        None => next.call(req).await?.map_into_boxed_body(),
    };
    // Errors are said in the language the page would be.
    let lang = match res.request().extensions().get::<CurrentUser>() {
        Some(user) => user.lang,
        None => match res.request().app_data::<web::Data<Config>>() {
            Some(config) => lang_of(res.request(), config, None),
            None => Lang::default(),
        },
    };
    res = if json_client {
        crate::error::localize_json(res, lang)
    } else {
        html_error_page(res, lang)
    };
    // The public site shows the change on its very next request: its
    // pages are dropped now, the write committed (see `site_cache`).
    if changes_state && let (Some(site), Some(pool)) = (site, pool) {
        match pool.acquire().await {
            Ok(mut conn) => {
                if let Err(e) = site.refresh(&mut conn).await {
                    tracing::warn!(error = %e, "could not check the site's pages");
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not check the site's pages"),
        }
    }
    let headers = res.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // No window this one opens, or that opened it, may reach into it.
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    Ok(res)
}

/// Authenticates the request and checks its CSRF defences.
async fn check(req: &mut ServiceRequest) -> Result<(), AppError> {
    let config = req
        .app_data::<web::Data<Config>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("Config is not registered")))?;
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state {
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok());
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok());
        if !csrf::origin_allowed(origin, &config.public_url, host) {
            return Err(AppError::Csrf);
        }
    }
    if is_public(req.path()) {
        return Ok(());
    }
    let pool = req
        .app_data::<web::Data<SqlitePool>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the pool is not registered")))?;
    if req.path().starts_with("/admin/api/") {
        let query = req.query_string();
        if form_urlencoded::parse(query.as_bytes())
            .any(|(k, _)| matches!(&*k, "token" | "access_token" | "api_token"))
        {
            // A token in a URL ends up in logs and histories: refuse it
            // rather than use it.
            return Err(AppError::Unauthenticated);
        }
        if let Some(bearer) = bearer_token(req.request()) {
            // A script with a token: no cookie, so no CSRF to check.
            let user = authenticate_token(req.request(), &config, &pool, &bearer, Utc::now())
                .await?
                .ok_or(AppError::Unauthenticated)?;
            req.extensions_mut().insert(user);
            return Ok(());
        }
    }
    let user = authenticate(req.request(), &pool, &config, Utc::now())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if changes_state {
        // Read (and checked) whether or not the header carries the token.
        let in_form = form_field(req, csrf::FIELD).await?;
        let given = match req.headers().get(csrf::HEADER) {
            Some(v) => Some(v.to_str().unwrap_or_default().to_owned()),
            None if req.content_type() == "multipart/form-data" => None,
            None => Some(in_form.unwrap_or_default()),
        };
        match given {
            Some(token) if !csrf::tokens_match(&user.csrf_token, &token) => {
                return Err(AppError::Csrf);
            }
            Some(_) => {}
            None => {
                req.extensions_mut().insert(CsrfInBody);
            }
        }
    }
    req.extensions_mut().insert(user);
    Ok(())
}

/// The admin's language for a request: the user's choice, else the best
/// of the browser's `Accept-Language` folio speaks, else
/// `FOLIO_ADMIN_LANG`.
pub fn lang_of(req: &HttpRequest, config: &Config, chosen: Option<&str>) -> Lang {
    chosen
        .and_then(Lang::parse)
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(config.admin_lang)
}

/// The zone a user reads times in: their choice (if it still names a
/// zone), else `FOLIO_TIMEZONE`.
pub fn zone_of(config: &Config, chosen: Option<&str>) -> Tz {
    chosen
        .and_then(|z| z.parse().ok())
        .unwrap_or(config.timezone)
}

/// The user behind the request's session cookie, if the session is live.
/// An expired session, or one of a disabled user, is deleted.
pub async fn authenticate(
    req: &HttpRequest,
    pool: &SqlitePool,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(cookie) = req.cookie(session::cookie_name(config.secure_cookies())) else {
        return Ok(None);
    };
    let mut conn = pool.acquire().await?;
    let Some(row) = db::sessions::find(&mut conn, &token::hash(cookie.value())).await? else {
        return Ok(None);
    };
    let lifetimes = config.session_lifetimes();
    let created = db::from_unix(row.created_at);
    let last_seen = db::from_unix(row.last_seen_at);
    let role = row.role.parse::<Role>().ok();
    let (Some(role), None, true) = (
        role,
        row.disabled_at,
        lifetimes.valid(created, last_seen, now),
    ) else {
        db::sessions::delete(&mut conn, row.id).await?;
        return Ok(None);
    };
    // Written at most once a minute, so reading pages does not queue on
    // the single SQLite writer.
    if (now - last_seen).num_seconds() >= 60 {
        db::sessions::touch(&mut conn, row.id, now).await?;
    }
    // A waiting message is used up by the page that shows it.
    let flash = match &row.flash {
        Some(raw) if flash::shows_a_page(req) => {
            db::sessions::clear_flash(&mut conn, row.id, raw).await?;
            Flash::from_json(raw)
        }
        _ => None,
    };
    Ok(Some(CurrentUser {
        lang: lang_of(req, config, row.lang.as_deref()),
        lang_chosen: row.lang.as_deref().and_then(Lang::parse).is_some(),
        zone: zone_of(config, row.time_zone.as_deref()),
        zone_chosen: row.time_zone.is_some(),
        flash,
        id: row.user_id,
        email: row.email,
        display_name: row.display_name,
        role,
        session_id: row.id,
        csrf_token: row.csrf_token,
    }))
}

/// The token of an `Authorization: Bearer …` header.
fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// The user of a live API token (`session_id` 0, no CSRF token: a token
/// request carries no cookie). `last_used_at` is written at most once a
/// minute.
async fn authenticate_token(
    req: &HttpRequest,
    config: &Config,
    pool: &SqlitePool,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Option<CurrentUser>, AppError> {
    let mut conn = pool.acquire().await?;
    let Some(t) = db::tokens::find_live(&mut conn, &token::hash(secret)).await? else {
        return Ok(None);
    };
    let Ok(role) = t.role.parse::<Role>() else {
        return Ok(None);
    };
    if t.last_used_at.is_none_or(|at| db::unix(now) - at >= 60) {
        db::tokens::mark_used(&mut conn, t.token_id, now).await?;
    }
    Ok(Some(CurrentUser {
        lang: lang_of(req, config, t.lang.as_deref()),
        lang_chosen: t.lang.as_deref().and_then(Lang::parse).is_some(),
        zone: zone_of(config, t.time_zone.as_deref()),
        zone_chosen: t.time_zone.is_some(),
        flash: None,
        id: t.user_id,
        email: t.email,
        display_name: t.display_name,
        role,
        session_id: 0,
        csrf_token: String::new(),
    }))
}

/// Reads a field of an urlencoded form body and puts the body back for the
/// handler. Other bodies (multipart uploads, JSON) must use the header.
async fn form_field(req: &mut ServiceRequest, name: &str) -> Result<Option<String>, AppError> {
    if req.content_type() != "application/x-www-form-urlencoded" {
        return Ok(None);
    }
    let mut payload = req.take_payload();
    let body = web::Bytes::from_request(req.request(), &mut payload)
        .await
        .map_err(|e| {
            AppError::BadRequest(
                Message::new("error-form-unreadable").with("detail", e.to_string()),
            )
        })?;
    // Every admin form passes here: a NUL in any field is refused before
    // a handler sees it (`domain::check_text` holds the rule).
    if let Some((field, _)) = form_urlencoded::parse(&body).find(|(k, v)| {
        crate::domain::check_text(k).is_err() || crate::domain::check_text(v).is_err()
    }) {
        return Err(AppError::invalid(field, crate::domain::TextError::Nul));
    }
    let value = form_urlencoded::parse(&body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned());
    req.set_payload(Payload::from(body));
    Ok(value)
}

/// To the login page, coming back here afterwards (for a GET).
fn login_redirect(req: &HttpRequest) -> HttpResponse {
    let mut location = String::from("/admin/login");
    // After a GET, back to the page asked for; after a refused POST (a
    // save in an expired session), back to the page the form was on, where
    // the editor offers the changes it kept.
    let back = if req.method() == Method::GET {
        req.uri().path_and_query().map(|p| p.as_str().to_owned())
    } else {
        req.headers()
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| r.find("/admin").map(|i| r[i..].to_owned()))
            // Without its query: `?saved=…` would tell the editor the
            // kept changes were saved.
            .map(|p| p.split('?').next().unwrap_or_default().to_owned())
    };
    if let Some(back) = back {
        location.push_str("?next=");
        location.extend(form_urlencoded::byte_serialize(back.as_bytes()));
    }
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// Replaces a JSON error body with the HTML error page, keeping status and
/// headers (`Retry-After`).
fn html_error_page(res: ServiceResponse<BoxBody>, lang: Lang) -> ServiceResponse<BoxBody> {
    let status = res.status();
    // Only errors: a handler's own page with a 4xx status (a failed login)
    // is already HTML.
    if status.as_u16() < 400 || res.response().error().is_none() {
        return res;
    }
    let message = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .map(|e| (!e.is_failure()).then(|| e.message().say(lang)))
        .unwrap_or_else(|| {
            (status == StatusCode::NOT_FOUND).then(|| Message::new("error-not-found").say(lang))
        })
        .unwrap_or_else(|| lang.t("error-page-logged"));
    let page = ErrorPage {
        status: status.as_u16(),
        heading: lang.t(match status.as_u16() {
            404 => "error-page-404",
            400..500 => "error-page-4xx",
            _ => "error-page-5xx",
        }),
        message,
        lang,
    };
    let Ok(html) = askama::Template::render(&page) else {
        return res;
    };
    res.map_body(|head, _| {
        head.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        BoxBody::new(html)
    })
}

/// The admin's error page (any status), in the user's language.
#[derive(askama::Template)]
#[template(path = "admin/error.html")]
pub struct ErrorPage {
    pub status: u16,
    /// What kind of failure, in the page's language.
    pub heading: String,
    pub message: String,
    pub lang: Lang,
}

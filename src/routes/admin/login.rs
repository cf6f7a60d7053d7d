//! Logging in and out of the admin UI.

use std::sync::OnceLock;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::guard::{self, CurrentUser};
use super::layout::{html, return_path, see_other};
use crate::auth::password::{self, Hashing};
use crate::auth::throttle::{self, Admission};
use crate::auth::{session, token};
use crate::config::Config;
use crate::db;
use crate::domain::Email;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::Message;

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    lang: Lang,
    message: Option<String>,
    next: String,
    email: String,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// Where to go after logging in: only a path inside the admin, so the
/// login page cannot be used to send people elsewhere.
fn safe_next(next: Option<&str>) -> Result<String, AppError> {
    return_path(next, "/admin", "/admin")
}

#[get("/login")]
pub async fn login_form(
    req: HttpRequest,
    query: web::Query<LoginQuery>,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(query.next.as_deref())?;
    if guard::authenticate(&req, &pool, &config, Utc::now())
        .await?
        .is_some()
    {
        return Ok(see_other(&next));
    }
    let page = LoginPage {
        lang: guard::lang_of(&req, &config, None),
        message: None,
        next,
        email: String::new(),
    };
    Ok(html(StatusCode::OK, page.render()?))
}

#[post("/login")]
pub async fn login(
    req: HttpRequest,
    form: web::Form<LoginForm>,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    hashing: web::Data<Hashing>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let next = safe_next(form.next.as_deref())?;
    // Before anything is stored or hashed: nothing longer is an account's.
    if form.email.len() > Email::MAX_BYTES
        || form.email.contains('\0')
        || password::check_length(&form.password).is_err()
    {
        let lang = guard::lang_of(&req, &config, None);
        let page = LoginPage {
            lang,
            message: Some(lang.t_with(
                "login-too-long",
                &[
                    ("email_bytes", Email::MAX_BYTES.into()),
                    ("password_bytes", password::MAX_BYTES.into()),
                ],
            )),
            next,
            email: String::new(),
        };
        return Ok(html(StatusCode::BAD_REQUEST, page.render()?));
    }
    let now = Utc::now();
    let ip = peer_ip(&req);
    let attempt = throttle::Attempt::new(&form.email, ip.as_deref());
    let found = db::users::credentials(&mut *pool.acquire().await?, &form.email).await?;
    let password = form.password;
    let user = throttled(&pool, &hashing, &attempt, now, move || {
        check_password(found, &password)
    })
    .await?;
    let mut tx = db::begin_write(&pool).await?;
    let Some(user_id) = user else {
        let entry = audit_entry(None, &form.email, "login_failed", ip.as_deref());
        db::audit::record(&mut tx, entry, now).await?;
        tx.commit().await?;
        let lang = guard::lang_of(&req, &config, None);
        let page = LoginPage {
            lang,
            // The same words whether or not the account exists.
            message: Some(lang.t("login-wrong")),
            next,
            email: form.email,
        };
        return Ok(html(StatusCode::UNAUTHORIZED, page.render()?));
    };
    throttle::succeeded(&mut tx, &attempt, now).await?;
    // A new id at every login (no session fixation): the old one, if the
    // browser had one, is deleted.
    let secure = config.secure_cookies();
    if let Some(old) = req.cookie(session::cookie_name(secure)) {
        db::sessions::delete_by_token(&mut tx, &token::hash(old.value())).await?;
    }
    let (secret, _) = start_session(&mut tx, &req, user_id, now).await?;
    let entry = audit_entry(Some(user_id), &form.email, "login", ip.as_deref());
    db::audit::record(&mut tx, entry, now).await?;
    tx.commit().await?;
    let mut res = see_other(&next);
    res.add_cookie(&session::cookie(secret, secure))?;
    Ok(res)
}

#[post("/logout")]
pub async fn logout(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let mut tx = db::begin_write(&pool).await?;
    db::sessions::delete(&mut tx, user.session_id).await?;
    let entry = audit_entry(Some(user.id), &user.email, "logout", None);
    db::audit::record(&mut tx, entry, Utc::now()).await?;
    tx.commit().await?;
    let mut res = see_other("/admin/login");
    res.add_removal_cookie(&session::removal_cookie(config.secure_cookies()))?;
    // The browser drops what it kept of the admin too: pages in its cache
    // and the editor's unsaved changes in its storage (a shared computer).
    res.headers_mut().insert(
        header::HeaderName::from_static("clear-site-data"),
        header::HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
    );
    Ok(res)
}

/// A new session of `user_id`, written in `tx`: the cookie's secret and
/// the session's CSRF token.
pub async fn start_session(
    tx: &mut sqlx::SqliteConnection,
    req: &HttpRequest,
    user_id: i64,
    now: chrono::DateTime<Utc>,
) -> Result<(String, String), AppError> {
    let secret = session::new_token();
    let csrf = session::new_csrf_token();
    let ip = peer_ip(req);
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let new = db::sessions::NewSession {
        token_hash: &token::hash(&secret),
        user_id,
        csrf_token: &csrf,
        ip: ip.as_deref(),
        user_agent,
    };
    db::sessions::insert(tx, new, now).await?;
    Ok((secret, csrf))
}

/// Checks `given` as `user`'s own password, asked again before a password
/// change, a new API token or a whole-database export, under the login
/// throttle (counted before it is hashed, as a login). A wrong one is an
/// invalid `field`.
pub async fn confirm_password(
    req: &HttpRequest,
    pool: &SqlitePool,
    hashing: &Hashing,
    user: &CurrentUser,
    field: &str,
    given: String,
) -> Result<(), AppError> {
    let wrong = || AppError::invalid(field, Message::new("error-password-wrong"));
    if password::check_length(&given).is_err() {
        return Err(wrong());
    }
    let now = Utc::now();
    let attempt = throttle::Attempt::new(&user.email, peer_ip(req).as_deref());
    let stored = db::users::password_hash(&mut *pool.acquire().await?, user.id).await?;
    let right = throttled(pool, hashing, &attempt, now, move || {
        password::verify(&given, &stored)
    })
    .await?;
    let mut tx = db::begin_write(pool).await?;
    if right {
        throttle::succeeded(&mut tx, &attempt, now).await?;
    } else {
        let detail = serde_json::json!({});
        user.record(&mut tx, "password_check_failed", None, detail)
            .await?;
    }
    tx.commit().await?;
    if right { Ok(()) } else { Err(wrong()) }
}

/// Runs `check` (a password's hash) on a hashing core, with `attempt`
/// counted as a failure first, in the write transaction that checks the
/// locks: parallel attempts see each other's counts, never a lock checked
/// too early (429 when one holds). When no core is free (503), the count
/// is taken back. A right password's count is taken back by the caller
/// (`throttle::succeeded`).
async fn throttled<T: Send + 'static>(
    pool: &SqlitePool,
    hashing: &Hashing,
    attempt: &throttle::Attempt,
    now: chrono::DateTime<Utc>,
    check: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let mut tx = db::begin_write(pool).await?;
    if let Admission::Locked { retry_after } = throttle::begin(&mut tx, attempt, now).await? {
        return Err(AppError::TooManyRequests { retry_after });
    }
    tx.commit().await?;
    match hashing.run(check).await {
        Ok(checked) => Ok(checked),
        Err(e) => {
            let mut tx = db::begin_write(pool).await?;
            throttle::take_back(&mut tx, attempt).await?;
            tx.commit().await?;
            Err(e.into())
        }
    }
}

/// The address a request came from, as the throttle and sessions key it.
fn peer_ip(req: &HttpRequest) -> Option<String> {
    req.peer_addr().map(|a| a.ip().to_string())
}

/// The user's id when the password is right and the account enabled. An
/// unknown email is checked against a dummy hash, so the answer takes as
/// long as for a real account. CPU-bound: run by [`Hashing`].
fn check_password(found: Option<db::users::Credentials>, given: &str) -> Option<i64> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash = match &found {
        Some(c) => c.password_hash.as_str(),
        None => DUMMY.get_or_init(|| password::hash("folio dummy password").unwrap_or_default()),
    };
    let ok = password::verify(given, hash);
    found
        .filter(|c| ok && c.disabled_at.is_none())
        .map(|c| c.id)
}

fn audit_entry<'a>(
    user_id: Option<i64>,
    actor: &'a str,
    action: &'a str,
    ip: Option<&'a str>,
) -> db::audit::Entry<'a> {
    db::audit::Entry {
        user_id,
        actor,
        action,
        target: None,
        detail: serde_json::json!({}),
        ip,
    }
}

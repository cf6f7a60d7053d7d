//! `/admin/account`: one's own password, language and time zone.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use chrono_tz::Tz;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::flash::Flash;
use super::guard::{CurrentUser, lang_of};
use super::layout::{FieldErrors, Frame, html, return_path, see_other};
use super::login::{self, confirm_password};
use super::users::new_password_hash;
use crate::auth::password::{self, Hashing};
use crate::auth::session;
use crate::config::Config;
use crate::db::{self, tokens, users};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::Message;
use crate::local_time;

#[derive(Template)]
#[template(path = "admin/account.html")]
struct AccountPage {
    frame: Frame,
    notice: Option<String>,
    /// The user's own language choice (`None`: the browser's).
    chosen_lang: Option<Lang>,
    /// Every zone: its IANA name and how the page's language names it.
    zones: Vec<(&'static str, String)>,
    /// A refused password change: the field and why.
    errors: FieldErrors,
    /// After a password change: the user's API tokens, which still work.
    tokens: Vec<tokens::TokenRow>,
}

async fn live_tokens(pool: &SqlitePool, user_id: i64) -> Result<Vec<tokens::TokenRow>, AppError> {
    let mut all = tokens::list(&mut *pool.acquire().await?, Some(user_id)).await?;
    all.retain(|t| t.revoked_at.is_none());
    Ok(all)
}

#[get("/account")]
pub async fn account(user: CurrentUser) -> Result<HttpResponse, AppError> {
    let page = AccountPage {
        frame: Frame::new(&user, "account"),
        notice: None,
        chosen_lang: user.lang_chosen.then_some(user.lang),
        zones: zones(user.lang),
        errors: FieldErrors::default(),
        tokens: Vec::new(),
    };
    Ok(html(StatusCode::OK, page.render()?))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

/// Changes one's own password, after the current one (throttled as a
/// login). Every session of the user ends, this one too: the browser gets a
/// new session id (ASVS 5 V7.2.4), and the page then lists the user's API
/// tokens, which a password change does not end, to revoke.
#[post("/account/password")]
pub async fn change_password(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    hashing: web::Data<Hashing>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let checked = async {
        if form.new != form.confirm {
            return Err(AppError::invalid(
                "confirm",
                Message::new("error-passwords-differ"),
            ));
        }
        password::check_length(&form.new).map_err(|e| AppError::invalid("new", e))?;
        confirm_password(&req, &pool, &hashing, &user, "current", form.current).await?;
        new_password_hash(&hashing, "new", form.new, &user.email).await
    };
    let hashed = match checked.await {
        Ok(hashed) => hashed,
        // Beside its field, on the account page (the passwords are not
        // kept: a browser should not hold them in a page).
        Err(e) => {
            let errors = FieldErrors::of(e, user.lang)?;
            let page = AccountPage {
                frame: Frame::new(&user, "account"),
                notice: None,
                chosen_lang: user.lang_chosen.then_some(user.lang),
                zones: zones(user.lang),
                errors,
                tokens: Vec::new(),
            };
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()?));
        }
    };
    let now = Utc::now();
    let mut tx = db::begin_write(&pool).await?;
    users::set_password(&mut tx, user.id, &hashed, None, now).await?;
    let (secret, csrf) = login::start_session(&mut tx, &req, user.id, now).await?;
    user.record(
        &mut tx,
        "change_password",
        Some(&user.email),
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    let mut frame = Frame::new(&user, "account");
    frame.csrf = csrf;
    let page = AccountPage {
        frame,
        notice: Some(user.lang.t("account-changed")),
        chosen_lang: user.lang_chosen.then_some(user.lang),
        zones: zones(user.lang),
        errors: FieldErrors::default(),
        tokens: live_tokens(&pool, user.id).await?,
    };
    let mut res = html(StatusCode::OK, page.render()?);
    res.add_cookie(&session::cookie(secret, config.secure_cookies()))?;
    Ok(res)
}

/// Every zone a user may choose, named in `lang`.
fn zones(lang: Lang) -> Vec<(&'static str, String)> {
    local_time::all_zones()
        .filter_map(|name| Some((name, name.parse::<Tz>().ok()?)))
        .map(|(name, zone)| (name, local_time::zone_label(lang, zone)))
        .collect()
}

/// A zone as a form names it, or 422 naming the field.
fn zone_field(raw: &str) -> Result<Tz, AppError> {
    raw.trim().parse::<Tz>().map_err(|_| {
        AppError::invalid(
            "time_zone",
            Message::new("error-zone-unknown").quoting("given", raw),
        )
    })
}

#[derive(Deserialize)]
pub struct PreferencesForm {
    /// `zh-CN`, `en`, or empty: the browser's.
    #[serde(default)]
    lang: String,
    time_zone: String,
}

/// The account's language and time zone.
#[post("/account/preferences")]
pub async fn set_preferences(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    form: web::Form<PreferencesForm>,
) -> Result<HttpResponse, AppError> {
    let lang = match form.lang.trim() {
        "" => None,
        raw => Some(Lang::parse(raw).ok_or_else(|| {
            AppError::invalid(
                "lang",
                Message::new("error-lang-unknown").quoting("given", raw),
            )
        })?),
    };
    let zone = zone_field(&form.time_zone)?;
    let mut tx = db::begin_write(&pool).await?;
    users::set_preferences(&mut tx, user.id, lang.map(Lang::tag), Some(zone.name())).await?;
    user.record(
        &mut tx,
        "set_preferences",
        Some(&user.email),
        serde_json::json!({ "lang": lang.map(Lang::tag), "time_zone": zone.name() }),
    )
    .await?;
    // Said in the language the next page will speak.
    let said = lang.unwrap_or_else(|| lang_of(&req, &config, None));
    let text = said.t_with(
        "account-preferences-saved",
        &[("zone", local_time::zone_label(said, zone).into())],
    );
    user.tell(&mut tx, Flash::done(text)).await?;
    tx.commit().await?;
    Ok(see_other("/admin/account"))
}

#[derive(Deserialize)]
pub struct ZoneForm {
    time_zone: String,
}

/// The answer to the frame's proposal: the browser's zone, or keep the
/// default; either way the user has chosen, and the proposal stops.
#[post("/account/zone")]
pub async fn set_zone(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    form: web::Form<ZoneForm>,
) -> Result<HttpResponse, AppError> {
    let zone = zone_field(&form.time_zone)?;
    let back = req
        .headers()
        .get(actix_web::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<actix_web::http::Uri>().ok())
        .and_then(|u| u.path_and_query().map(|p| p.as_str().to_owned()));
    let back = return_path(back.as_deref(), "/admin", "/admin")?;
    let mut tx = db::begin_write(&pool).await?;
    let lang = user.lang_chosen.then(|| user.lang.tag());
    users::set_preferences(&mut tx, user.id, lang, Some(zone.name())).await?;
    user.record(
        &mut tx,
        "set_preferences",
        Some(&user.email),
        serde_json::json!({ "time_zone": zone.name() }),
    )
    .await?;
    let text = user.lang.t_with(
        "account-zone-saved",
        &[("zone", local_time::zone_label(user.lang, zone).into())],
    );
    user.tell(&mut tx, Flash::done(text)).await?;
    tx.commit().await?;
    Ok(see_other(&back))
}

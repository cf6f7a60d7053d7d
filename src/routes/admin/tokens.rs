//! `/admin/tokens`: API tokens — created and shown once (only a hash is
//! kept), listed with their last use, revoked. Everyone manages their own;
//! admins see and revoke all.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::confirm;
use super::guard::CurrentUser;
use super::layout::{Frame, html, see_other};
use super::login::confirm_password;
use crate::auth::password::Hashing;
use crate::auth::{permissions, token};
use crate::db::{self, tokens};
use crate::error::AppError;
use crate::i18n::Message;

#[derive(Template)]
#[template(path = "admin/tokens.html")]
struct TokensPage {
    frame: Frame,
    tokens: Vec<tokens::TokenRow>,
    shown_once: Option<String>,
}

/// Admins see and revoke every token; others their own.
fn token_scope(user: &CurrentUser) -> Option<i64> {
    (!permissions::can_manage_users(user.role)).then_some(user.id)
}

async fn tokens_page(
    pool: &SqlitePool,
    user: &CurrentUser,
    shown_once: Option<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    let page = TokensPage {
        frame: Frame::new(user, "tokens"),
        tokens: tokens::list(&mut conn, token_scope(user)).await?,
        shown_once,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

#[get("/tokens")]
pub async fn list_tokens(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
) -> Result<HttpResponse, AppError> {
    tokens_page(&pool, &user, None).await
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
    /// The user's password, asked again: a token outlives the session, so
    /// a session left open must not be enough to make one.
    password: String,
}

#[post("/tokens")]
pub async fn create_token(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    hashing: web::Data<Hashing>,
    form: web::Form<TokenForm>,
) -> Result<HttpResponse, AppError> {
    let TokenForm { name, password } = form.into_inner();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid("name", Message::new("error-token-name")));
    }
    confirm_password(&req, &pool, &hashing, &user, "password", password).await?;
    let secret = token::new_api_token();
    let mut tx = db::begin_write(&pool).await?;
    tokens::insert(&mut tx, name, &token::hash(&secret), user.id, Utc::now()).await?;
    user.record(
        &mut tx,
        "create_token",
        None,
        serde_json::json!({ "name": name }),
    )
    .await?;
    tx.commit().await?;
    tokens_page(&pool, &user, Some(secret)).await
}

#[post("/tokens/{id}/revoke")]
pub async fn revoke_token(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let name = tokens::live_name(&mut *pool.acquire().await?, *id, token_scope(&user))
        .await?
        .ok_or(AppError::NotFound)?;
    if !confirm::confirmed(&body) {
        let question = Message::new("tokens-confirm-revoke").with("name", name.as_str());
        let yes = "tokens-revoke";
        let action = format!("/admin/tokens/{}/revoke", *id);
        return confirm::ask(
            &user,
            "tokens",
            &action,
            &body,
            question,
            yes,
            "/admin/tokens",
        );
    }
    let mut tx = db::begin_write(&pool).await?;
    if !tokens::revoke(&mut tx, *id, token_scope(&user), Utc::now()).await? {
        return Err(AppError::NotFound);
    }
    user.record(
        &mut tx,
        "revoke_token",
        None,
        serde_json::json!({ "id": *id }),
    )
    .await?;
    let said = Message::new("flash-token-revoked").with("name", name.as_str());
    user.tell_done(&mut tx, said).await?;
    tx.commit().await?;
    Ok(see_other("/admin/tokens"))
}

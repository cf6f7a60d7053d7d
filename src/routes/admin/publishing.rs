//! Publishing steps from the editor — publish, unpublish, republish,
//! schedule — and moving an article to the trash. Each keeps the state it
//! replaces as a revision and is recorded in the audit log.

use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::editor::{editable, record};
use super::guard::CurrentUser;
use super::login::see_other;
use crate::auth::permissions;
use crate::config::Config;
use crate::db;
use crate::db::article_edits::{self, Transition};
use crate::error::AppError;
use crate::hexo::parse_date;
use crate::i18n::Message;

#[derive(Deserialize)]
pub struct ScheduleForm {
    at: String,
}

async fn step(
    user: &CurrentUser,
    pool: &SqlitePool,
    id: i64,
    transition: Transition,
    action: &str,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_publish(user.role))?;
    let now = Utc::now();
    let mut tx = db::begin_write(pool).await?;
    if !article_edits::transition(&mut tx, id, transition, Some(user.id), now).await? {
        return Err(AppError::NotFound);
    }
    record(&mut tx, user, action, id, serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/articles/{id}")))
}

#[post("/articles/{id}/publish")]
pub async fn publish_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    step(&user, &pool, *id, Transition::Publish, "publish").await
}

#[post("/articles/{id}/unpublish")]
pub async fn unpublish_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    step(&user, &pool, *id, Transition::Unpublish, "unpublish").await
}

#[post("/articles/{id}/republish")]
pub async fn republish_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    step(&user, &pool, *id, Transition::Republish, "republish").await
}

#[post("/articles/{id}/schedule")]
pub async fn schedule_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    id: web::Path<i64>,
    form: web::Form<ScheduleForm>,
) -> Result<HttpResponse, AppError> {
    let at = parse_date(form.at.trim(), config.timezone).ok_or_else(|| {
        AppError::invalid("at", Message::new("error-date").quoting("given", &form.at))
    })?;
    step(&user, &pool, *id, Transition::Schedule(at), "schedule").await
}

#[post("/articles/{id}/delete")]
pub async fn delete_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let now = Utc::now();
    let mut tx = db::begin_write(&pool).await?;
    editable(&mut tx, &user, *id).await?;
    article_edits::set_trashed(&mut tx, *id, true, now).await?;
    record(&mut tx, &user, "delete", *id, serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(see_other("/admin/articles"))
}

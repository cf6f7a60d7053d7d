//! Publishing steps from the editor — publish, unpublish, republish,
//! schedule — and moving an article to the trash. Each keeps the state it
//! replaces as a revision and is recorded in the audit log.

use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::choices::ChoicesCache;
use super::editor::{editable, record, refused_schedule};
use super::guard::CurrentUser;
use super::layout::see_other;

use crate::article_rules::{self, RuleError};
use crate::auth::permissions;
use crate::db;
use crate::db::article_edits::{self, Transition};
use crate::error::AppError;
use crate::i18n::Message;
use crate::local_time;

#[derive(Deserialize)]
pub struct ScheduleForm {
    at: String,
}

/// Takes the article through `transition` and tells the user `done`.
async fn step(
    user: &CurrentUser,
    pool: &SqlitePool,
    id: i64,
    transition: Transition,
    action: &str,
    done: Message,
) -> Result<HttpResponse, AppError> {
    let now = Utc::now();
    let schedule_at = match transition {
        Transition::Schedule(at) => Some(at),
        _ => None,
    };
    article_rules::publishing_step(user.role, schedule_at, now)?;
    let mut tx = db::begin_write(pool).await?;
    if !article_edits::transition(&mut tx, id, transition, Some(user.id), now).await? {
        return Err(AppError::NotFound);
    }
    record(&mut tx, user, action, id, serde_json::json!({})).await?;
    user.tell_done(&mut tx, done).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/articles/{id}")))
}

#[post("/articles/{id}/publish")]
pub async fn publish_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let done = Message::new("flash-published");
    step(&user, &pool, *id, Transition::Publish, "publish", done).await
}

#[post("/articles/{id}/unpublish")]
pub async fn unpublish_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let done = Message::new("flash-unpublished");
    step(&user, &pool, *id, Transition::Unpublish, "unpublish", done).await
}

#[post("/articles/{id}/republish")]
pub async fn republish_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let done = Message::new("flash-republished");
    step(&user, &pool, *id, Transition::Republish, "republish", done).await
}

#[post("/articles/{id}/schedule")]
pub async fn schedule_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    choices: web::Data<ChoicesCache>,
    id: web::Path<i64>,
    form: web::Form<ScheduleForm>,
) -> Result<HttpResponse, AppError> {
    // Read in the user's zone, from the picker; a time already past would
    // publish at once, which Publish does: refused, the typed text kept.
    let refused = |why: Message| {
        let typed = form.at.clone();
        refused_schedule(&pool, &choices, &user, *id, typed, why)
    };
    let at = match local_time::parse_input(user.zone, &form.at) {
        Ok(at) => at,
        Err(e) => return refused(Message::from(e)).await,
    };
    match article_rules::publishing_step(user.role, Some(at), Utc::now()) {
        Ok(()) => {}
        Err(RuleError::ScheduleInPast) => return refused(Message::new("time-in-past")).await,
        Err(e) => return Err(e.into()),
    }
    let done =
        Message::new("flash-scheduled").with("time", local_time::show(user.lang, user.zone, at));
    step(
        &user,
        &pool,
        *id,
        Transition::Schedule(at),
        "schedule",
        done,
    )
    .await
}

#[post("/articles/{id}/delete")]
pub async fn delete_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let now = Utc::now();
    let mut tx = db::begin_write(&pool).await?;
    let article = editable(&mut tx, &user, *id).await?;
    article_edits::set_trashed(&mut tx, *id, true, now).await?;
    record(&mut tx, &user, "delete", *id, serde_json::json!({})).await?;
    let done = Message::new("flash-trashed").with("title", article.row.title.as_str());
    user.tell_done(&mut tx, done).await?;
    tx.commit().await?;
    Ok(see_other("/admin/articles"))
}

/// Takes an article out of the trash (editors and admins, as the trash
/// list's bulk restore).
#[post("/articles/{id}/restore")]
pub async fn restore_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_edit_all_content(user.role))?;
    let mut tx = db::begin_write(&pool).await?;
    let article = crate::db::articles::trashed(&mut tx, *id)
        .await?
        .ok_or(AppError::NotFound)?;
    article_edits::set_trashed(&mut tx, *id, false, Utc::now()).await?;
    record(&mut tx, &user, "restore", *id, serde_json::json!({})).await?;
    let done = Message::new("flash-untrashed").with("title", article.title.as_str());
    user.tell_done(&mut tx, done).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/articles/{}", *id)))
}

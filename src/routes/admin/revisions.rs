//! An article's revisions: the list, two compared side by side, and
//! restoring one (itself a save, so it makes a revision too).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::diff::{self, FieldDiff};
use super::guard::CurrentUser;
use super::layout::{Frame, html, see_other};

use crate::auth::permissions;
use crate::db::article_edits::{self, RevisionRow};
use crate::db::{self, articles};
use crate::domain::{ArticleState, ArticleStatus};
use crate::error::AppError;
use crate::i18n::Message;

#[derive(Template)]
#[template(path = "admin/revisions.html")]
struct RevisionsPage {
    frame: Frame,
    id: i64,
    title: String,
    version: i64,
    /// "3 (current)", who made it and when.
    current_label: String,
    current_by: Option<String>,
    current_at: i64,
    revisions: Vec<RevisionRow>,
}

#[derive(Template)]
#[template(path = "admin/revision_compare.html")]
struct ComparePage {
    frame: Frame,
    id: i64,
    /// "Version 1 ↔ version 3".
    heading: String,
    diffs: Vec<FieldDiff>,
}

/// The state at `version`: the article itself for its current version.
async fn state_at(
    conn: &mut sqlx::SqliteConnection,
    article: &articles::StoredArticle,
    version: i64,
) -> Result<ArticleState, AppError> {
    if version == article.row.version {
        return Ok(article.state());
    }
    article_edits::revision_state(conn, article.row.id, version)
        .await?
        .ok_or(AppError::NotFound)
}

#[get("/articles/{id}/revisions")]
pub async fn list_revisions(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    let article = super::editor::editable(&mut conn, &user, *id).await?;
    let page = RevisionsPage {
        frame: Frame::new(&user, "articles"),
        id: article.row.id,
        title: article.row.title.clone(),
        version: article.row.version,
        current_label: Message::new("revisions-current")
            .with("version", article.row.version)
            .say(user.lang),
        current_by: match article.row.modified_by {
            Some(id) => db::users::find(&mut conn, id).await?.map(|u| u.email),
            None => None,
        },
        current_at: article.row.modified_at,
        revisions: article_edits::revisions(&mut conn, article.row.id).await?,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

#[derive(Deserialize)]
pub struct CompareQuery {
    from: i64,
    to: i64,
}

#[get("/articles/{id}/revisions/compare")]
pub async fn compare_revisions(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
    query: web::Query<CompareQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    let article = super::editor::editable(&mut conn, &user, *id).await?;
    let left = state_at(&mut conn, &article, query.from).await?;
    let right = state_at(&mut conn, &article, query.to).await?;
    let page = ComparePage {
        frame: Frame::new(&user, "articles"),
        id: article.row.id,
        heading: Message::new("compare-heading")
            .with("from", query.from)
            .with("to", query.to)
            .say(user.lang),
        diffs: diff::compare(left, right).await?,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

#[post("/articles/{id}/revisions/{version}/restore")]
pub async fn restore_revision(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (id, version) = path.into_inner();
    let now = Utc::now();
    // A revision never changes: what it renders to is made before the
    // transaction, from the article as read now.
    let prepared = {
        let mut conn = pool.acquire().await?;
        let read = super::editor::editable(&mut conn, &user, id).await?;
        super::editor::prepare(&state_at(&mut conn, &read, version).await?).await?
    };
    let mut tx = db::begin_write(&pool).await?;
    let article = super::editor::editable(&mut tx, &user, id).await?;
    let mut state = state_at(&mut tx, &article, version).await?;
    // A restore brings back the text, not the status: an author's article
    // stays a draft, and a scheduled state comes back only with its time.
    if !permissions::can_publish(user.role) {
        state.status = ArticleStatus::Draft;
    }
    crate::article_rules::status_change(
        user.role,
        article.row.status,
        article.row.scheduled_at,
        state.status,
    )?;
    let new_version = article_edits::save(
        &mut tx,
        &article,
        article.row.version,
        state,
        &prepared,
        user.id,
        now,
    )
    .await?;
    let target = format!("article:{id}");
    user.record(
        &mut tx,
        "restore_revision",
        Some(&target),
        serde_json::json!({ "restored": version, "version": new_version }),
    )
    .await?;
    let done = Message::new("flash-restored")
        .with("restored", version)
        .with("version", new_version);
    user.tell_done(&mut tx, done).await?;
    tx.commit().await?;
    Ok(see_other(&format!(
        "/admin/articles/{id}?saved={new_version}"
    )))
}

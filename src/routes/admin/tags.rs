//! `/admin/tags`: the tags with their counts, searched and paged; rename,
//! merge, delete. Editors and admins.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use sqlx::SqlitePool;

use std::collections::HashMap;

use super::confirm;
use super::guard::CurrentUser;
use super::layout::{Frame, html, see_other};

use super::per_generation::PerGeneration;
use super::taxonomy::{NameForm, record, tag_name};
use crate::auth::permissions;
use crate::db;
use crate::db::taxonomy_edits::{self, TagRow};
use crate::error::AppError;
use crate::i18n::Message;

/// Tags a page.
const PER_PAGE: i64 = 50;

/// Every tag's count of articles, kept until the content changes.
#[derive(Default)]
pub struct TagCountsCache(PerGeneration<HashMap<i64, i64>>);

#[derive(Deserialize)]
pub struct TagsQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin/tags.html")]
struct TagsPage {
    frame: Frame,
    q: String,
    tags: Vec<TagRow>,
    total: i64,
    page: i64,
    pages: i64,
}

#[get("/tags")]
pub async fn list_tags(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    counts: web::Data<TagCountsCache>,
    query: web::Query<TagsQuery>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let query = query.into_inner();
    let page = query.page.unwrap_or(1).max(1);
    let mut conn = pool.acquire().await?;
    let (mut tags, total) =
        taxonomy_edits::tags_page(&mut conn, &query.q, PER_PAGE, (page - 1) * PER_PAGE).await?;
    let stamp = db::content_generation(&mut conn).await?;
    let counts = counts
        .0
        .get(stamp, || taxonomy_edits::tag_counts(&mut conn))
        .await?;
    for tag in &mut tags {
        tag.articles = counts.get(&tag.id).copied().unwrap_or(0);
    }
    let view = TagsPage {
        frame: Frame::new(&user, "tags"),
        q: query.q,
        tags,
        total,
        page,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
    };
    Ok(html(StatusCode::OK, view.render()?))
}

#[post("/tags/{id}/rename")]
pub async fn rename_tag(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
    form: web::Form<NameForm>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let name = tag_name(&form.name)?;
    let mut tx = db::begin_write(&pool).await?;
    taxonomy_edits::rename_tag(&mut tx, *id, &name, user.id, Utc::now()).await?;
    record(
        &mut tx,
        &user,
        "rename_tag",
        serde_json::json!({ "id": *id, "name": name.as_str() }),
    )
    .await?;
    user.tell_done(
        &mut tx,
        Message::new("flash-tag-renamed").with("name", name.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(see_other("/admin/tags"))
}

/// Merges the checked tags (repeated `id` fields) into `name`.
#[post("/tags/merge")]
pub async fn merge_tags(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let mut ids = Vec::new();
    let mut name = String::new();
    for (k, v) in form_urlencoded::parse(&body) {
        match &*k {
            "id" => ids.extend(v.parse::<i64>().ok()),
            "name" => name = v.into_owned(),
            _ => {}
        }
    }
    if ids.is_empty() {
        return Err(AppError::invalid("id", Message::new("error-select-tags")));
    }
    let name = tag_name(&name)?;
    if !confirm::confirmed(&body) {
        let question = Message::new("tags-confirm-merge")
            .with("count", ids.len())
            .with("name", name.as_str());
        let yes = "tags-merge";
        return confirm::ask(
            &user,
            "tags",
            "/admin/tags/merge",
            &body,
            question,
            yes,
            "/admin/tags",
        );
    }
    let mut tx = db::begin_write(&pool).await?;
    taxonomy_edits::merge_tags(&mut tx, &ids, &name, user.id, Utc::now()).await?;
    record(
        &mut tx,
        &user,
        "merge_tags",
        serde_json::json!({ "ids": ids, "into": name.as_str() }),
    )
    .await?;
    let said = Message::new("flash-tags-merged")
        .with("count", ids.len())
        .with("name", name.as_str());
    user.tell_done(&mut tx, said).await?;
    tx.commit().await?;
    Ok(see_other("/admin/tags"))
}

#[post("/tags/{id}/delete")]
pub async fn delete_tag(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let tag = taxonomy_edits::tag(&mut *pool.acquire().await?, *id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !confirm::confirmed(&body) {
        let question = Message::new("tags-confirm-delete")
            .with("name", tag.name.as_str())
            .with("count", tag.articles);
        let yes = "tags-delete";
        let action = format!("/admin/tags/{}/delete", tag.id);
        return confirm::ask(&user, "tags", &action, &body, question, yes, "/admin/tags");
    }
    let mut tx = db::begin_write(&pool).await?;
    taxonomy_edits::delete_tag(&mut tx, *id, user.id, Utc::now()).await?;
    record(
        &mut tx,
        &user,
        "delete_tag",
        serde_json::json!({ "id": *id }),
    )
    .await?;
    let said = Message::new("flash-tag-deleted")
        .with("name", tag.name.as_str())
        .with("count", tag.articles);
    user.tell_done(&mut tx, said).await?;
    tx.commit().await?;
    Ok(see_other("/admin/tags"))
}

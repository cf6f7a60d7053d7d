//! `/admin/tags` (list with counts, rename, merge, delete) and
//! `/admin/categories` (the tree, rename, move, merge). Editors and admins.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::confirm;
use super::flash::Flash;
use super::guard::CurrentUser;
use super::layout::Frame;
use super::login::{html, see_other};
use crate::auth::permissions;
use crate::db;
use crate::db::taxonomy_edits::{self, CategoryRow, TagRow, TaxonomyEditError};
use crate::domain::TagName;
use crate::error::AppError;
use crate::i18n::Message;

impl From<TaxonomyEditError> for AppError {
    fn from(e: TaxonomyEditError) -> Self {
        match e {
            TaxonomyEditError::NotFound => AppError::NotFound,
            TaxonomyEditError::SiblingNamed { field, name } => AppError::invalid(
                field,
                Message::new("error-sibling-named").quoting("name", &name),
            ),
            TaxonomyEditError::UnderItself => {
                AppError::invalid("parent", Message::new("error-under-itself"))
            }
            TaxonomyEditError::Database(e) => AppError::Database(e),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/tags.html")]
struct TagsPage {
    frame: Frame,
    tags: Vec<TagRow>,
}

#[get("/tags")]
pub async fn list_tags(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let mut conn = pool.acquire().await?;
    let page = TagsPage {
        frame: Frame::new(&user, "tags"),
        tags: taxonomy_edits::tags_with_counts(&mut conn).await?,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

#[derive(Deserialize)]
pub struct NameForm {
    name: String,
}

async fn record(
    conn: &mut sqlx::SqliteConnection,
    user: &CurrentUser,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    user.record(conn, action, None, detail).await
}

/// Leaves `message`, in the user's language, for the next page.
async fn tell(
    conn: &mut sqlx::SqliteConnection,
    user: &CurrentUser,
    message: Message,
) -> Result<(), AppError> {
    user.tell(conn, Flash::done(message.say(user.lang))).await
}

fn tag_name(raw: &str) -> Result<TagName, AppError> {
    TagName::parse(raw).map_err(|e| AppError::invalid("name", e))
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
    tell(
        &mut tx,
        &user,
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
    tell(&mut tx, &user, said).await?;
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
    tell(&mut tx, &user, said).await?;
    tx.commit().await?;
    Ok(see_other("/admin/tags"))
}

/// A category as the tree shows it: its path and depth.
pub struct CategoryView {
    pub row: CategoryRow,
    pub path: String,
    pub depth: usize,
}

#[derive(Template)]
#[template(path = "admin/categories.html")]
struct CategoriesPage {
    frame: Frame,
    categories: Vec<CategoryView>,
}

#[get("/categories")]
pub async fn list_categories(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let mut conn = pool.acquire().await?;
    let tree = db::taxonomy::category_tree(&mut conn).await?;
    let mut categories: Vec<CategoryView> = taxonomy_edits::categories_with_counts(&mut conn)
        .await?
        .into_iter()
        .map(|row| {
            let path = tree.path(row.id);
            CategoryView {
                depth: path.len().saturating_sub(1),
                path: path.join(" > "),
                row,
            }
        })
        .collect();
    categories.sort_by(|a, b| a.path.cmp(&b.path));
    let page = CategoriesPage {
        frame: Frame::new(&user, "categories"),
        categories,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

#[post("/categories/{id}/rename")]
pub async fn rename_category(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
    form: web::Form<NameForm>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let name = tag_name(&form.name)?;
    let mut tx = db::begin_write(&pool).await?;
    taxonomy_edits::rename_category(&mut tx, *id, name.as_str(), user.id, Utc::now()).await?;
    record(
        &mut tx,
        &user,
        "rename_category",
        serde_json::json!({ "id": *id, "name": name.as_str() }),
    )
    .await?;
    tx.commit().await?;
    Ok(see_other("/admin/categories"))
}

#[derive(Deserialize)]
pub struct MoveForm {
    /// The new parent's id; empty for the top level.
    #[serde(default)]
    parent: String,
}

#[post("/categories/{id}/move")]
pub async fn move_category(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
    form: web::Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let parent = match form.parent.trim() {
        "" => None,
        p => Some(p.parse::<i64>().map_err(|_| {
            AppError::invalid(
                "parent",
                Message::new("error-not-an-id").quoting("given", p),
            )
        })?),
    };
    let mut tx = db::begin_write(&pool).await?;
    taxonomy_edits::move_category(&mut tx, *id, parent, user.id, Utc::now()).await?;
    record(
        &mut tx,
        &user,
        "move_category",
        serde_json::json!({ "id": *id, "parent": parent }),
    )
    .await?;
    tx.commit().await?;
    Ok(see_other("/admin/categories"))
}

#[derive(Deserialize)]
pub struct MergeForm {
    into: i64,
}

#[post("/categories/{id}/merge")]
pub async fn merge_category(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
    form: web::Form<MergeForm>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let mut tx = db::begin_write(&pool).await?;
    taxonomy_edits::merge_category(&mut tx, *id, form.into, user.id, Utc::now()).await?;
    record(
        &mut tx,
        &user,
        "merge_category",
        serde_json::json!({ "id": *id, "into": form.into }),
    )
    .await?;
    tx.commit().await?;
    Ok(see_other("/admin/categories"))
}

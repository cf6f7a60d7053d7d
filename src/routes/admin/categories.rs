//! `/admin/categories`: the tree with its counts (each category's own, and
//! with what is under it), searched and paged; a category's page with
//! rename, move and merge (a searchable picker of paths) and delete for an
//! empty one. Editors and admins.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use sqlx::{SqliteConnection, SqlitePool};

use super::confirm;
use super::guard::CurrentUser;
use super::layout::{FieldErrors, Frame, html, see_other};

use super::per_generation::PerGeneration;
use super::taxonomy::{NameForm, record, tag_name};
use crate::auth::permissions;
use crate::db;
use crate::db::taxonomy_edits;
use crate::error::AppError;
use crate::i18n::Message;

/// Rows a page of the tree.
const PER_PAGE: usize = 200;

/// A category as the tree shows it.
#[derive(Debug, Clone)]
pub struct CategoryNode {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    /// Its names from the top, `新媒体 > 新闻`: what the picker offers.
    pub path: String,
    pub depth: usize,
    /// Articles filed in it, and in it or under it (each once).
    pub own: i64,
    pub total: i64,
}

/// The tree in order (each category after its parent, siblings by name),
/// computed once per change of the content.
#[derive(Default)]
pub struct CategoryTreeCache(PerGeneration<Vec<CategoryNode>>);

impl CategoryTreeCache {
    pub async fn get(
        &self,
        conn: &mut SqliteConnection,
    ) -> Result<std::sync::Arc<Vec<CategoryNode>>, AppError> {
        let stamp = db::content_generation(conn).await?;
        self.0
            .get(stamp, || async {
                Ok(tree_of(taxonomy_edits::category_counts(conn).await?))
            })
            .await
    }
}

fn tree_of(counts: Vec<taxonomy_edits::CategoryCount>) -> Vec<CategoryNode> {
    let by_id: HashMap<i64, &taxonomy_edits::CategoryCount> =
        counts.iter().map(|c| (c.id, c)).collect();
    let names_of = |id: i64| {
        let mut names = Vec::new();
        let mut at = by_id.get(&id);
        while let Some(c) = at {
            names.push(c.name.clone());
            // A cycle cannot be made (a move under itself is refused);
            // the bound only keeps a damaged database from hanging.
            if names.len() > 64 {
                break;
            }
            at = c.parent_id.and_then(|p| by_id.get(&p));
        }
        names.reverse();
        names
    };
    let mut nodes: Vec<(Vec<String>, CategoryNode)> = counts
        .iter()
        .map(|c| {
            let names = names_of(c.id);
            let node = CategoryNode {
                id: c.id,
                parent_id: c.parent_id,
                name: c.name.clone(),
                path: names.join(" > "),
                depth: names.len().saturating_sub(1),
                own: c.own,
                total: c.total,
            };
            (names, node)
        })
        .collect();
    nodes.sort_by(|a, b| a.0.cmp(&b.0));
    nodes.into_iter().map(|(_, n)| n).collect()
}

#[derive(Deserialize)]
pub struct TreeQuery {
    #[serde(default)]
    q: String,
    page: Option<usize>,
}

#[derive(Template)]
#[template(path = "admin/categories.html")]
struct CategoriesPage {
    frame: Frame,
    q: String,
    rows: Vec<CategoryNode>,
    /// Categories in all, and "12 found".
    all: usize,
    found_label: String,
    page: i64,
    pages: i64,
}

#[get("/categories")]
pub async fn list_categories(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    trees: web::Data<CategoryTreeCache>,
    query: web::Query<TreeQuery>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let query = query.into_inner();
    let tree = trees.get(&mut *pool.acquire().await?).await?;
    let needle = query.q.trim().to_lowercase();
    let found: Vec<&CategoryNode> = tree
        .iter()
        .filter(|c| needle.is_empty() || c.path.to_lowercase().contains(&needle))
        .collect();
    let pages = found.len().div_ceil(PER_PAGE).max(1);
    let page = query.page.unwrap_or(1).clamp(1, pages);
    let view = CategoriesPage {
        frame: Frame::new(&user, "categories"),
        rows: found
            .iter()
            .skip((page - 1) * PER_PAGE)
            .take(PER_PAGE)
            .map(|c| (*c).clone())
            .collect(),
        all: tree.len(),
        found_label: Message::new("categories-found")
            .with("count", found.len())
            .say(user.lang),
        q: query.q,
        page: page as i64,
        pages: pages as i64,
    };
    Ok(html(StatusCode::OK, view.render()?))
}

#[derive(Template)]
#[template(path = "admin/category.html")]
struct CategoryPage {
    frame: Frame,
    category: CategoryNode,
    /// Where it may move or merge: every other category not under it.
    targets: Vec<String>,
    /// The last refused form's field and why, with what was typed.
    errors: FieldErrors,
    typed: String,
    /// "3 articles filed here, 10 with those under it".
    counts_label: String,
}

/// The page of category `id`, with `errors` by their field when a form
/// was refused.
async fn category_page(
    user: &CurrentUser,
    pool: &SqlitePool,
    trees: &CategoryTreeCache,
    id: i64,
    errors: FieldErrors,
    typed: String,
) -> Result<HttpResponse, AppError> {
    let tree = trees.get(&mut *pool.acquire().await?).await?;
    let category = tree
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let inside = format!("{} > ", category.path);
    let targets = tree
        .iter()
        .filter(|c| c.id != id && !c.path.starts_with(&inside))
        .map(|c| c.path.clone())
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let counts_label = Message::new("categories-counts")
        .with("own", category.own)
        .with("total", category.total)
        .say(user.lang);
    let view = CategoryPage {
        frame: Frame::new(user, "categories"),
        counts_label,
        category,
        targets,
        errors,
        typed,
    };
    Ok(html(status, view.render()?))
}

#[get("/categories/{id}")]
pub async fn show_category(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    trees: web::Data<CategoryTreeCache>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    category_page(
        &user,
        &pool,
        &trees,
        *id,
        FieldErrors::default(),
        String::new(),
    )
    .await
}

/// The category a picker's path names (`新媒体 > 新闻`), or the refusal
/// for `field`.
async fn picked(
    pool: &SqlitePool,
    trees: &CategoryTreeCache,
    field: &str,
    path: &str,
) -> Result<i64, AppError> {
    let tree = trees.get(&mut *pool.acquire().await?).await?;
    let wanted: Vec<&str> = path.split('>').map(str::trim).collect();
    tree.iter()
        .find(|c| c.path.split(" > ").eq(wanted.iter().copied()))
        .map(|c| c.id)
        .ok_or_else(|| {
            AppError::invalid(
                field,
                Message::new("error-no-such-category").quoting("given", path),
            )
        })
}

/// A refused form shown on the category's page, beside its field (422).
async fn refused(
    user: &CurrentUser,
    pool: &SqlitePool,
    trees: &CategoryTreeCache,
    id: i64,
    error: AppError,
    typed: String,
) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::of(error, user.lang)?;
    category_page(user, pool, trees, id, errors, typed).await
}

#[post("/categories/{id}/rename")]
pub async fn rename_category(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    trees: web::Data<CategoryTreeCache>,
    id: web::Path<i64>,
    form: web::Form<NameForm>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let id = *id;
    let typed = form.into_inner().name;
    let done = async {
        let name = tag_name(&typed)?;
        let mut tx = db::begin_write(&pool).await?;
        taxonomy_edits::rename_category(&mut tx, id, name.as_str(), user.id, Utc::now()).await?;
        record(
            &mut tx,
            &user,
            "rename_category",
            serde_json::json!({ "id": id, "name": name.as_str() }),
        )
        .await?;
        let said = Message::new("flash-category-renamed").with("name", name.as_str());
        user.tell_done(&mut tx, said).await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    };
    match done.await {
        Ok(()) => Ok(see_other(&format!("/admin/categories/{id}"))),
        Err(e) => refused(&user, &pool, &trees, id, e, typed).await,
    }
}

#[derive(Deserialize)]
pub struct MoveForm {
    /// The new parent's id; empty for the top level.
    #[serde(default)]
    parent: String,
    /// Or its path, as the picker offers it (`新媒体 > 新闻`).
    #[serde(default)]
    parent_path: String,
}

#[post("/categories/{id}/move")]
pub async fn move_category(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    trees: web::Data<CategoryTreeCache>,
    id: web::Path<i64>,
    form: web::Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let id = *id;
    let form = form.into_inner();
    let done = async {
        let parent = match (form.parent.trim(), form.parent_path.trim()) {
            ("", "") => None,
            ("", path) => Some(picked(&pool, &trees, "parent_path", path).await?),
            (p, _) => Some(p.parse::<i64>().map_err(|_| {
                AppError::invalid(
                    "parent",
                    Message::new("error-not-an-id").quoting("given", p),
                )
            })?),
        };
        let mut tx = db::begin_write(&pool).await?;
        taxonomy_edits::move_category(&mut tx, id, parent, user.id, Utc::now()).await?;
        record(
            &mut tx,
            &user,
            "move_category",
            serde_json::json!({ "id": id, "parent": parent }),
        )
        .await?;
        user.tell_done(&mut tx, Message::new("flash-category-moved"))
            .await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    };
    match done.await {
        Ok(()) => Ok(see_other(&format!("/admin/categories/{id}"))),
        Err(e) => refused(&user, &pool, &trees, id, e, form.parent_path).await,
    }
}

#[derive(Deserialize)]
pub struct MergeForm {
    /// The category that takes this one in, by id…
    into: Option<i64>,
    /// …or by path, as the picker offers it.
    #[serde(default)]
    into_path: String,
}

#[post("/categories/{id}/merge")]
pub async fn merge_category(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    trees: web::Data<CategoryTreeCache>,
    id: web::Path<i64>,
    form: web::Form<MergeForm>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let id = *id;
    let form = form.into_inner();
    let into = match form.into {
        Some(into) => Ok(into),
        None => picked(&pool, &trees, "into_path", &form.into_path).await,
    };
    let into = match into {
        Ok(into) => into,
        Err(e) => return refused(&user, &pool, &trees, id, e, form.into_path).await,
    };
    let mut tx = db::begin_write(&pool).await?;
    taxonomy_edits::merge_category(&mut tx, id, into, user.id, Utc::now()).await?;
    record(
        &mut tx,
        &user,
        "merge_category",
        serde_json::json!({ "id": id, "into": into }),
    )
    .await?;
    user.tell_done(&mut tx, Message::new("flash-category-merged"))
        .await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/categories/{into}")))
}

#[post("/categories/{id}/delete")]
pub async fn delete_category(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_manage_taxonomy(user.role))?;
    let id = *id;
    if !confirm::confirmed(&body) {
        let action = format!("/admin/categories/{id}/delete");
        let back = format!("/admin/categories/{id}");
        let question = Message::new("categories-confirm-delete");
        return confirm::ask(
            &user,
            "categories",
            &action,
            &body,
            question,
            "categories-delete",
            &back,
        );
    }
    let mut tx = db::begin_write(&pool).await?;
    taxonomy_edits::delete_empty_category(&mut tx, id).await?;
    record(
        &mut tx,
        &user,
        "delete_category",
        serde_json::json!({ "id": id }),
    )
    .await?;
    user.tell_done(&mut tx, Message::new("flash-category-deleted"))
        .await?;
    tx.commit().await?;
    Ok(see_other("/admin/categories"))
}

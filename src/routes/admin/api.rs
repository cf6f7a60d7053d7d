//! `/admin/api/articles…`: the admin's article operations over JSON, for
//! scripts (an API token) and the admin's own pages (the session and
//! `X-CSRF-Token`). Unlike the editor, an update is strict: it must name
//! the version it edited (`If-Match: "3"` or `"version": 3`) and a stale
//! one is refused with 409, whatever fields it touches.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::SqlitePool;

use super::articles::ListQueryParams;
use super::editor::save_error;
use super::guard::CurrentUser;
use crate::auth::permissions;
use crate::config::Config;
use crate::db::article_edits::{self, Transition};
use crate::db::{self, article_list, articles};
use crate::domain::{ArticleState, ArticleStatus};
use crate::error::AppError;
use crate::hexo::parse_date;
use crate::search_cache::SearchCache;
use crate::transfer::document::{ArticleDoc, rfc3339};

/// An article as the API gives it: the folio/v1 document plus its id,
/// version and sanitised HTML.
#[derive(Serialize)]
struct ArticleJson {
    id: i64,
    version: i64,
    #[serde(flatten)]
    doc: ArticleDoc,
    scheduled_at: Option<String>,
    html: String,
}

async fn article_json(conn: &mut sqlx::SqliteConnection, id: i64) -> Result<ArticleJson, AppError> {
    let a = articles::load(conn, id).await?.ok_or(AppError::NotFound)?;
    let html: String = sqlx::query_scalar("SELECT body_html FROM articles WHERE id = ?1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(ArticleJson {
        id,
        version: a.row.version,
        scheduled_at: a.row.scheduled_at.map(|s| rfc3339(db::from_unix(s))),
        doc: ArticleDoc::from_stored(&a),
        html,
    })
}

fn with_etag(status: StatusCode, article: &ArticleJson) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, format!("\"{}\"", article.version)))
        .json(article)
}

#[get("/api/articles")]
pub async fn api_list_articles(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    cache: web::Data<SearchCache>,
    query: web::Query<ListQueryParams>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let per_page = query.per_page.unwrap_or(50).clamp(1, 200);
    let page = query.page.unwrap_or(1).max(1);
    let mut conn = pool.acquire().await?;
    let (filter, sort) = query.filter(&mut conn, &user, &cache).await?;
    let (rows, total) =
        article_list::page(&mut conn, &filter, sort, per_page, (page - 1) * per_page).await?;
    let articles: Vec<Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id, "slug": r.slug, "title": r.title, "status": r.status,
                "date": rfc3339(db::from_unix(r.date)),
                "updated": r.updated.map(|u| rfc3339(db::from_unix(u))),
                "author": r.author, "owner": r.owner_email,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "articles": articles, "page": page, "per_page": per_page, "total": total,
    })))
}

#[get("/api/articles/{id}")]
pub async fn api_get_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    super::editor::editable(&mut conn, &user, *id).await?;
    Ok(with_etag(
        StatusCode::OK,
        &article_json(&mut conn, *id).await?,
    ))
}

/// What a create or update may set; an absent field keeps its value (or
/// its default, on create). Unknown fields are refused, not ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    version: Option<i64>,
    title: Option<String>,
    slug: Option<String>,
    body: Option<String>,
    status: Option<ArticleStatus>,
    date: Option<String>,
    author: Option<String>,
    headimg: Option<String>,
    thumbnail: Option<String>,
    comments: Option<bool>,
    excerpt: Option<String>,
    tags: Option<Vec<String>>,
    categories: Option<Vec<Vec<String>>>,
    extra: Option<Map<String, Value>>,
}

impl ArticleInput {
    fn apply(self, mut s: ArticleState, config: &Config) -> Result<ArticleState, AppError> {
        let opt = |v: String| (!v.trim().is_empty()).then_some(v);
        if let Some(raw) = self.date {
            s.date = parse_date(&raw, config.timezone)
                .ok_or_else(|| AppError::invalid("date", format!("{raw:?} is not a date")))?;
        }
        s.title = self.title.unwrap_or(s.title);
        s.slug = self.slug.unwrap_or(s.slug);
        s.body = self.body.unwrap_or(s.body);
        s.status = self.status.unwrap_or(s.status);
        s.author = self.author.map_or(s.author, opt);
        s.headimg = self.headimg.map_or(s.headimg, opt);
        s.thumbnail = self.thumbnail.map_or(s.thumbnail, opt);
        s.comments = self.comments.or(s.comments);
        s.excerpt = self.excerpt.map_or(s.excerpt, opt);
        s.tags = self.tags.unwrap_or(s.tags);
        s.categories = self.categories.unwrap_or(s.categories);
        s.extra = self.extra.unwrap_or(s.extra);
        Ok(s)
    }
}

async fn record(
    conn: &mut sqlx::SqliteConnection,
    user: &CurrentUser,
    action: &str,
    id: i64,
) -> Result<(), AppError> {
    let target = format!("article:{id}");
    let detail = serde_json::json!({ "via": "api" });
    user.record(conn, action, Some(&target), detail).await
}

#[post("/api/articles")]
pub async fn api_create_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    input: web::Json<ArticleInput>,
) -> Result<HttpResponse, AppError> {
    let mut state = input
        .into_inner()
        .apply(ArticleState::blank(Utc::now()), &config)?;
    if state.status != ArticleStatus::Draft {
        user.require(permissions::can_publish(user.role))?;
    }
    if state.slug.trim().is_empty() {
        state.slug = state.title.clone();
    }
    let mut tx = db::begin_write(&pool).await?;
    let id = article_edits::create(&mut tx, state, user.id, Utc::now())
        .await
        .map_err(save_error)?;
    record(&mut tx, &user, "create", id).await?;
    tx.commit().await?;
    let article = article_json(&mut *pool.acquire().await?, id).await?;
    let mut res = with_etag(StatusCode::CREATED, &article);
    res.headers_mut().insert(
        header::LOCATION,
        header::HeaderValue::from_str(&format!("/admin/api/articles/{id}"))
            .map_err(|e| AppError::Internal(e.into()))?,
    );
    Ok(res)
}

/// The version an update claims to edit: `If-Match` or the body's field.
fn edited_version(req: &HttpRequest, input: &ArticleInput) -> Result<i64, AppError> {
    if let Some(v) = req.headers().get(header::IF_MATCH) {
        let raw = v
            .to_str()
            .unwrap_or_default()
            .trim()
            .trim_start_matches("W/")
            .trim_matches('"');
        return raw.parse().map_err(|_| {
            AppError::invalid(
                "If-Match",
                format!("{raw:?} is not a version this API gave"),
            )
        });
    }
    input.version.ok_or_else(|| {
        AppError::invalid(
            "version",
            "say which version you edited (If-Match or \"version\")",
        )
    })
}

#[put("/api/articles/{id}")]
pub async fn api_update_article(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    id: web::Path<i64>,
    input: web::Json<ArticleInput>,
) -> Result<HttpResponse, AppError> {
    let id = *id;
    let input = input.into_inner();
    let edited = edited_version(&req, &input)?;
    let mut tx = db::begin_write(&pool).await?;
    let current = super::editor::editable(&mut tx, &user, id).await?;
    if current.row.version != edited {
        return Err(AppError::Conflict(format!(
            "version {edited} is stale: the article is at version {}",
            current.row.version
        )));
    }
    let state = input.apply(current.state(), &config)?;
    if state.status.as_str() != current.row.status {
        user.require(permissions::can_publish(user.role))?;
    }
    article_edits::save(&mut tx, &current, edited, state, user.id, Utc::now())
        .await
        .map_err(save_error)?;
    record(&mut tx, &user, "save", id).await?;
    tx.commit().await?;
    Ok(with_etag(
        StatusCode::OK,
        &article_json(&mut *pool.acquire().await?, id).await?,
    ))
}

#[delete("/api/articles/{id}")]
pub async fn api_delete_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let mut tx = db::begin_write(&pool).await?;
    super::editor::editable(&mut tx, &user, *id).await?;
    article_edits::set_trashed(&mut tx, *id, true, Utc::now()).await?;
    record(&mut tx, &user, "delete", *id).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

#[post("/api/articles/{id}/{step}")]
pub async fn api_publishing_step(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, step) = path.into_inner();
    let transition = match step.as_str() {
        "publish" => Transition::Publish,
        "unpublish" => Transition::Unpublish,
        "republish" => Transition::Republish,
        _ => return Err(AppError::NotFound),
    };
    user.require(permissions::can_publish(user.role))?;
    let mut tx = db::begin_write(&pool).await?;
    if !article_edits::transition(&mut tx, id, transition, Some(user.id), Utc::now()).await? {
        return Err(AppError::NotFound);
    }
    record(&mut tx, &user, &step, id).await?;
    tx.commit().await?;
    Ok(with_etag(
        StatusCode::OK,
        &article_json(&mut *pool.acquire().await?, id).await?,
    ))
}

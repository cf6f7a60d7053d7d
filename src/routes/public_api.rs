//! `/api/articles` and `/api/articles/{slug}` (SPEC): published articles
//! as JSON, for anyone. An old slug answers 301 to the article's current
//! one; anything not published is 404, as if it did not exist.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use super::admin::articles::ListQueryParams;
use crate::config::Config;
use crate::db::public::{self, SiteArticle};
use crate::db::{self, article_list};
use crate::error::{AppError, ErrorBody};
use crate::render::web_url;
use crate::search_cache::SearchCache;
use crate::transfer::document::rfc3339;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicListQuery {
    /// Search words: any Chinese characters or Latin words (ranked).
    #[serde(default)]
    q: String,
    /// A tag's name.
    #[serde(default)]
    tag: String,
    /// A category, as the slugs of its path from the top joined by `/`
    /// (`新媒体/高科技行业门户`): its articles and its sub-categories'.
    #[serde(default)]
    category: String,
    /// A page number, from 1.
    page: Option<i64>,
    /// Articles a page: 1 to 100, default 20.
    per_page: Option<i64>,
    /// The `next_cursor` of the previous page (newest-first lists).
    #[serde(default)]
    after: String,
}

/// A published article.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicArticleJson {
    slug: String,
    title: String,
    /// Its page on the public site.
    url: String,
    date: String,
    updated: Option<String>,
    published_at: Option<String>,
    author: Option<String>,
    /// An http(s) URL, or null: any other value the front matter held is
    /// not given out (as the article's page does not show it).
    headimg: Option<String>,
    thumbnail: Option<String>,
    tags: Vec<String>,
    /// Category paths, each from the top.
    categories: Vec<Vec<String>>,
    /// The sanitised excerpt.
    excerpt_html: String,
    /// The sanitised body (only when one article is asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    html: Option<String>,
}

impl PublicArticleJson {
    fn new(a: SiteArticle, config: &Config) -> PublicArticleJson {
        let time = |t: i64| rfc3339(db::from_unix(t));
        PublicArticleJson {
            url: format!("{}/articles/{}", config.public_url, a.slug),
            date: time(a.date),
            updated: a.updated.map(time),
            published_at: a.published_at.map(time),
            slug: a.slug,
            title: a.title,
            author: a.author,
            // As the article's page filters them.
            headimg: web_url(a.headimg.as_deref()),
            thumbnail: web_url(a.thumbnail.as_deref()),
            tags: a.tags.into_iter().map(|t| t.name).collect(),
            categories: a
                .categories
                .into_iter()
                .map(|path| path.into_iter().map(|c| c.name).collect())
                .collect(),
            excerpt_html: a.excerpt_html,
            html: a.html,
        }
    }
}

/// A page of published articles.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicList {
    articles: Vec<PublicArticleJson>,
    page: i64,
    per_page: i64,
    /// Matches in all, counted up to a cap (200): past it, `total` is the
    /// cap and `total_exact` is false.
    total: i64,
    /// Whether `total` is the exact count.
    total_exact: bool,
    /// `after=` of the next page; `null` on the last one (or for searches).
    next_cursor: Option<String>,
}

#[utoipa::path(
    tag = "public",
    security(()),
    params(PublicListQuery),
    responses(
        (status = 200, description = "Published articles, newest first (by relevance with q)", body = PublicList),
        (status = 422, description = "A parameter is invalid", body = ErrorBody),
    ),
)]
#[get("/articles")]
pub async fn public_list(
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    cache: web::Data<SearchCache>,
    query: web::Query<PublicListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let per_page = query.per_page.unwrap_or(20).clamp(1, 100);
    let page = query.page.unwrap_or(1).clamp(1, i64::MAX / 100);
    let mut params =
        ListQueryParams::published(query.q, query.tag, Some(page), Some(per_page), query.after);
    let mut conn = pool.acquire().await?;
    if !query.category.trim().is_empty() {
        let slugs: Vec<String> = query
            .category
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        // A path that names no category matches nothing, as an unknown tag does.
        params.category = public::category_by_slugs(&mut conn, &slugs)
            .await?
            .map_or(-1, |(id, _)| id)
            .to_string();
    }
    let (filter, sort) = params.filter_for(&mut conn, None, &cache).await?;
    let list = article_list::read_page(&mut conn, &cache, &filter, sort, page, per_page).await?;
    let ids: Vec<i64> = list.rows.iter().map(|r| r.id).collect();
    let articles = public::site_articles(&mut conn, &ids, false)
        .await?
        .into_iter()
        .map(|a| PublicArticleJson::new(a, &config))
        .collect();
    Ok(HttpResponse::Ok().json(PublicList {
        articles,
        page,
        per_page,
        total: list.total.min(article_list::COUNT_CAP),
        total_exact: list.total <= article_list::COUNT_CAP,
        next_cursor: list.next_cursor,
    }))
}

#[utoipa::path(
    tag = "public",
    security(()),
    params(("slug" = String, Path, description = "The article's slug (an old one redirects)")),
    responses(
        (status = 200, description = "The article, with its sanitised body", body = PublicArticleJson),
        (status = 301, description = "An old slug: Location names the current one"),
        (status = 404, description = "No published article has this slug", body = ErrorBody),
    ),
)]
#[get("/articles/{slug}")]
pub async fn public_article(
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    if let Some(article) = public::site_article(&mut conn, &slug).await? {
        return Ok(HttpResponse::Ok().json(PublicArticleJson::new(article, &config)));
    }
    let current = public::redirect(&mut conn, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    // Percent-encoded: a header carries ASCII only, and slugs are Chinese.
    let encoded: String = form_urlencoded::byte_serialize(current.as_bytes()).collect();
    Ok(HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, format!("/api/articles/{encoded}")))
        .finish())
}

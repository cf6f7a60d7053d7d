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

use crate::config::Config;
use crate::db::article_edits::{self, Transition};
use crate::db::{self, article_list, articles};
use crate::domain::{ArticleState, ArticleStatus};
use crate::error::{AppError, ErrorBody};
use crate::hexo::parse_date;
use crate::i18n::Message;
use crate::routes::admin::articles::ListQueryParams;
use crate::routes::admin::guard::CurrentUser;
use crate::search_cache::SearchCache;
use crate::transfer::document::{ArticleDoc, rfc3339};

/// An article as the API gives it: the folio/v1 document plus its id,
/// version and sanitised HTML.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ArticleJson {
    id: i64,
    /// Send it back as `If-Match: "N"` or `"version": N` to update.
    version: i64,
    #[serde(flatten)]
    doc: ArticleDoc,
    scheduled_at: Option<String>,
    /// The sanitised HTML of the body.
    html: String,
}

/// A page of the article list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ArticleList {
    articles: Vec<ArticleSummary>,
    page: i64,
    per_page: i64,
    /// Matches in all, counted up to a cap (200): past it, `total` is the
    /// cap and `total_exact` is false.
    total: i64,
    /// Whether `total` is the exact count.
    total_exact: bool,
    /// `after=` of the next page, for date orders; `null` on the last page.
    next_cursor: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ArticleSummary {
    id: i64,
    slug: String,
    title: String,
    status: String,
    date: String,
    updated: Option<String>,
    author: Option<String>,
    /// The email of the user who owns the article.
    owner: Option<String>,
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

/// An article to create: `ArticleInput`, with its title required. For the
/// document only: the handler reads an `ArticleInput`.
#[allow(dead_code)]
#[derive(utoipa::ToSchema)]
pub struct NewArticleInput {
    #[schema(
        min_length = 1,
        pattern = r"^[^\x00\u202A-\u202E\u2066-\u2069]*[^\s\x00\u202A-\u202E\u2066-\u2069][^\x00\u202A-\u202E\u2066-\u2069]*$"
    )]
    title: String,
    #[serde(flatten)]
    rest: ArticleInput,
}

#[utoipa::path(
    tag = "articles",
    params(ListQueryParams),
    responses(
        (status = 200, description = "A page of articles", body = ArticleList),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 422, description = "A filter is invalid", body = ErrorBody),
    ),
)]
#[get("/articles")]
pub async fn api_list_articles(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    cache: web::Data<SearchCache>,
    query: web::Query<ListQueryParams>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let per_page = query.per_page.unwrap_or(50).clamp(1, 200);
    let page = query.page.unwrap_or(1).clamp(1, i64::MAX / 200);
    let mut conn = pool.acquire().await?;
    let (filter, sort) = query.filter(&mut conn, &user, &cache).await?;
    let list = article_list::read_page(&mut conn, &cache, &filter, sort, page, per_page).await?;
    let articles = list
        .rows
        .into_iter()
        .map(|r| ArticleSummary {
            id: r.id,
            slug: r.slug,
            title: r.title,
            status: r.status,
            date: rfc3339(db::from_unix(r.date)),
            updated: r.updated.map(|u| rfc3339(db::from_unix(u))),
            author: r.author,
            owner: r.owner_email,
        })
        .collect();
    Ok(HttpResponse::Ok().json(ArticleList {
        articles,
        page,
        per_page,
        total: list.total.min(article_list::COUNT_CAP),
        total_exact: list.total <= article_list::COUNT_CAP,
        next_cursor: list.next_cursor,
    }))
}

#[utoipa::path(
    tag = "articles",
    params(("id" = i64, Path, description = "The article's id")),
    responses(
        (status = 200, description = "The article; its version is also the ETag", body = ArticleJson),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 404, description = "No such article, or not one this user may edit", body = ErrorBody),
    ),
)]
#[get("/articles/{id}")]
pub async fn api_get_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    crate::routes::admin::editor::editable(&mut conn, &user, *id).await?;
    Ok(with_etag(
        StatusCode::OK,
        &article_json(&mut conn, *id).await?,
    ))
}

/// What a create or update may set; an absent field keeps its value (or
/// its default, on create). Unknown fields are refused, not ignored.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    #[serde(default, deserialize_with = "whole_number")]
    version: Option<i64>,
    /// No NUL, no bidirectional control (`domain::text`).
    #[schema(pattern = r"^[^\x00\u202A-\u202E\u2066-\u2069]*$")]
    title: Option<String>,
    /// At least one character a URL path carries as it is; absent on
    /// create, made from the title.
    #[schema(
        max_length = 200,
        pattern = r#"^[^\u202A-\u202E\u2066-\u2069]*[^\s\x00-\x1f\x7f-\x9f/\\?#%<>"'`{}|^\[\]\-.\u202A-\u202E\u2066-\u2069][^\u202A-\u202E\u2066-\u2069]*$"#
    )]
    slug: Option<String>,
    /// No NUL.
    #[schema(pattern = r"^[^\x00]*$")]
    body: Option<String>,
    /// `scheduled` only for an article scheduled already: its time comes
    /// from `POST /admin/api/articles/{id}/schedule` (else 422). Authors
    /// change no status (403).
    status: Option<ArticleStatus>,
    /// RFC 3339, or any date form a Hexo front matter may hold.
    #[schema(format = DateTime)]
    date: Option<String>,
    #[schema(pattern = r"^[^\x00]*$")]
    author: Option<String>,
    #[schema(pattern = r"^[^\x00]*$")]
    headimg: Option<String>,
    #[schema(pattern = r"^[^\x00]*$")]
    thumbnail: Option<String>,
    comments: Option<bool>,
    #[schema(pattern = r"^[^\x00]*$")]
    excerpt: Option<String>,
    #[schema(value_type = Option<Vec<super::openapi::Name>>)]
    tags: Option<Vec<String>>,
    /// Category paths, each from the top: `[["新媒体", "新闻"]]`.
    #[schema(value_type = Option<Vec<Vec<super::openapi::Name>>>)]
    categories: Option<Vec<Vec<String>>>,
    /// Other front-matter keys, any JSON; a NUL in a key or a string is
    /// dropped (nothing else of `extra` is checked).
    #[schema(value_type = Option<Object>)]
    extra: Option<Map<String, Value>>,
}

/// An integer as JSON Schema counts them: `3` or `3.0` (some clients
/// write every number as a float).
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let Some(n) = Option::<serde_json::Number>::deserialize(d)? else {
        return Ok(None);
    };
    super::whole(&n)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("{n} is not a whole number")))
}

impl ArticleInput {
    fn apply(self, mut s: ArticleState, config: &Config) -> Result<ArticleState, AppError> {
        let opt = |v: String| (!v.trim().is_empty()).then_some(v);
        if let Some(raw) = self.date {
            s.date = parse_date(&raw, config.timezone).ok_or_else(|| {
                AppError::invalid("date", Message::new("error-date").quoting("given", &raw))
            })?;
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
        // An empty path names no category (as `categories: []` in a front
        // matter); it is left out rather than refused.
        if let Some(paths) = self.categories {
            s.categories = paths.into_iter().filter(|p| !p.is_empty()).collect();
        }
        s.extra = self.extra.map_or(s.extra, without_nul);
        Ok(s)
    }
}

/// `extra` with every NUL taken out of its keys and strings.
fn without_nul(map: Map<String, Value>) -> Map<String, Value> {
    fn clean(v: Value) -> Value {
        match v {
            Value::String(s) => Value::String(s.replace('\0', "")),
            Value::Array(a) => Value::Array(a.into_iter().map(clean).collect()),
            Value::Object(o) => Value::Object(without_nul(o)),
            other => other,
        }
    }
    map.into_iter()
        .map(|(k, v)| (k.replace('\0', ""), clean(v)))
        .collect()
}

/// The publishing steps of `POST /admin/api/articles/{id}/{step}`.
#[derive(Debug, Clone, Copy, utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum PublishingStep {
    Publish,
    Unpublish,
    Republish,
}

impl PublishingStep {
    fn parse(raw: &str) -> Option<PublishingStep> {
        match raw {
            "publish" => Some(PublishingStep::Publish),
            "unpublish" => Some(PublishingStep::Unpublish),
            "republish" => Some(PublishingStep::Republish),
            _ => None,
        }
    }

    fn transition(self) -> Transition {
        match self {
            PublishingStep::Publish => Transition::Publish,
            PublishingStep::Unpublish => Transition::Unpublish,
            PublishingStep::Republish => Transition::Republish,
        }
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

#[utoipa::path(
    tag = "articles",
    request_body = NewArticleInput,
    responses(
        (status = 201, description = "Created; Location names it", body = ArticleJson),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 403, description = "This role may not publish", body = ErrorBody),
        (status = 409, description = "The slug is taken", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A field is invalid", body = ErrorBody),
    ),
)]
#[post("/articles")]
pub async fn api_create_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    input: web::Json<ArticleInput>,
) -> Result<HttpResponse, AppError> {
    let state = input
        .into_inner()
        .apply(ArticleState::blank(Utc::now()), &config)?;
    // A new article starts as a draft, with no time.
    crate::article_rules::status_change(user.role, ArticleStatus::Draft, None, state.status)?;
    // An empty slug is made from the title by the write path (pinyin).

    let prepared = crate::routes::admin::editor::prepare(&state).await?;
    let mut tx = db::begin_write(&pool).await?;
    let id = article_edits::create(&mut tx, state, &prepared, user.id, Utc::now()).await?;
    record(&mut tx, &user, "create", id).await?;
    tx.commit().await?;
    let article = article_json(&mut *pool.acquire().await?, id).await?;
    let mut res = with_etag(StatusCode::CREATED, &article);
    res.headers_mut().insert(
        header::LOCATION,
        header::HeaderValue::from_str(&format!("/admin/api/articles/{id}"))?,
    );
    Ok(res)
}

/// 409 unless `current` is at the version the update edited.
fn stale_check(current: &articles::StoredArticle, edited: i64) -> Result<(), AppError> {
    if current.row.version != edited {
        return Err(AppError::Conflict(
            Message::new("error-version-stale")
                .with("edited", edited)
                .with("current", current.row.version),
        ));
    }
    Ok(())
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
            AppError::invalid("If-Match", Message::new("error-etag").quoting("given", raw))
        });
    }
    input
        .version
        .ok_or_else(|| AppError::invalid("version", Message::new("error-version-missing-api")))
}

#[utoipa::path(
    tag = "articles",
    params(
        ("id" = i64, Path, description = "The article's id"),
        ("If-Match" = Option<String>, Header, nullable = false, description = "The version edited, as its ETag; or send `version` in the body (one of the two is required)", pattern = r#"^(W/)?"[0-9]+"$"#),
    ),
    request_body = ArticleInput,
    responses(
        (status = 200, description = "Saved", body = ArticleJson),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 403, description = "This role may not change the status", body = ErrorBody),
        (status = 404, description = "No such article, or not one this user may edit", body = ErrorBody),
        (status = 409, description = "The version is stale, or the slug is taken", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "No version given, or a field is invalid", body = ErrorBody),
    ),
)]
#[put("/articles/{id}")]
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
    // The state is made and rendered from the article as read before the
    // transaction; inside it, the version check (strict) makes sure that
    // is still the article saved over.
    let read =
        crate::routes::admin::editor::editable(&mut *pool.acquire().await?, &user, id).await?;
    stale_check(&read, edited)?;
    let state = input.apply(read.state(), &config)?;
    crate::article_rules::status_change(
        user.role,
        read.row.status,
        read.row.scheduled_at,
        state.status,
    )?;
    let prepared = crate::routes::admin::editor::prepare(&state).await?;
    let mut tx = db::begin_write(&pool).await?;
    let current = crate::routes::admin::editor::editable(&mut tx, &user, id).await?;
    stale_check(&current, edited)?;
    article_edits::save(
        &mut tx,
        &current,
        edited,
        state,
        &prepared,
        user.id,
        Utc::now(),
    )
    .await?;
    record(&mut tx, &user, "save", id).await?;
    tx.commit().await?;
    Ok(with_etag(
        StatusCode::OK,
        &article_json(&mut *pool.acquire().await?, id).await?,
    ))
}

#[utoipa::path(
    tag = "articles",
    params(("id" = i64, Path, description = "The article's id")),
    responses(
        (status = 204, description = "Moved to the trash"),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 404, description = "No such article, or not one this user may edit", body = ErrorBody),
    ),
)]
#[delete("/articles/{id}")]
pub async fn api_delete_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let mut tx = db::begin_write(&pool).await?;
    crate::routes::admin::editor::editable(&mut tx, &user, *id).await?;
    article_edits::set_trashed(&mut tx, *id, true, Utc::now()).await?;
    record(&mut tx, &user, "delete", *id).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(
    tag = "articles",
    params(
        ("id" = i64, Path, description = "The article's id"),
        ("step" = inline(PublishingStep), Path, description = "What to do"),
    ),
    responses(
        (status = 200, description = "Done", body = ArticleJson),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 403, description = "This role may not publish", body = ErrorBody),
        (status = 404, description = "No such article or step", body = ErrorBody),
    ),
)]
#[post("/articles/{id}/{step}")]
pub async fn api_publishing_step(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, step) = path.into_inner();
    let transition = PublishingStep::parse(&step)
        .ok_or(AppError::NotFound)?
        .transition();
    let now = Utc::now();
    crate::article_rules::publishing_step(user.role, None, now)?;
    let mut tx = db::begin_write(&pool).await?;
    if !article_edits::transition(&mut tx, id, transition, Some(user.id), now).await? {
        return Err(AppError::NotFound);
    }
    record(&mut tx, &user, &step, id).await?;
    tx.commit().await?;
    Ok(with_etag(
        StatusCode::OK,
        &article_json(&mut *pool.acquire().await?, id).await?,
    ))
}

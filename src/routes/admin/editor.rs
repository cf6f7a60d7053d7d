//! The article editor: the form, saving (version-checked, merged, never a
//! silent overwrite), creating, the live preview, and publishing steps.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Map, Value};
use sqlx::SqlitePool;

use super::articles::{parse_path, split_names};
use super::choices::ChoicesCache;
use super::diff::{self, FieldDiff};
use super::guard::CurrentUser;
use super::layout::{FieldErrors, Frame, html, see_other};

pub use super::access::editable;

use crate::article_rules;
use crate::auth::permissions;
use crate::db::article_edits::{self, SaveError};
use crate::db::{self, articles};
use crate::derived::Prepared;
use crate::domain::{ArticleState, ArticleStatus};
use crate::error::AppError;
use crate::hexo::parse_date;
use crate::i18n::Message;
use crate::local_time;
use crate::render;
use chrono_tz::Tz;

/// The editor's fields as the browser sends them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArticleForm {
    pub version: Option<i64>,
    pub title: String,
    pub slug: String,
    pub body: String,
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub categories: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub headimg: String,
    #[serde(default)]
    pub thumbnail: String,
    /// `true`, `false`, or empty (the key absent from the front matter).
    #[serde(default)]
    pub comments: String,
    #[serde(default)]
    pub permalink: String,
    #[serde(default)]
    pub date: String,
    /// The date as the form showed it: a `date` still equal to it was not
    /// touched, and keeps the stored date to the nanosecond.
    #[serde(default)]
    pub date_shown: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub excerpt: String,
    #[serde(default)]
    pub extra: String,
    /// The visual editor's per-block edits of `body` (JSON, see
    /// `body::apply_edits`); empty when the body was edited as source.
    #[serde(default)]
    pub blocks: String,
}

impl ArticleForm {
    fn of(state: &ArticleState, version: i64, zone: Tz) -> ArticleForm {
        let date = local_time::input_value_seconds(zone, state.date);
        ArticleForm {
            version: Some(version),
            title: state.title.clone(),
            slug: state.slug.clone(),
            body: state.body.clone(),
            tags: state.tags.join(", "),
            categories: state
                .categories
                .iter()
                .map(|p| p.join(" > "))
                .collect::<Vec<_>>()
                .join("\n"),
            author: state.author.clone().unwrap_or_default(),
            headimg: state.headimg.clone().unwrap_or_default(),
            thumbnail: state.thumbnail.clone().unwrap_or_default(),
            comments: state.comments.map(|c| c.to_string()).unwrap_or_default(),
            permalink: state.permalink.clone().unwrap_or_default(),
            date_shown: date.clone(),
            date,
            status: state.status.as_str().to_owned(),
            excerpt: state.excerpt.clone().unwrap_or_default(),
            extra: if state.extra.is_empty() {
                String::new()
            } else {
                serde_json::to_string_pretty(&state.extra).unwrap_or_default()
            },
            blocks: String::new(),
        }
    }

    /// Applies the visual editor's edits to the body, so that every later
    /// step (and a form shown again) works on the body they make. Refused
    /// edits leave the body as the page gave it.
    fn resolve_blocks(&mut self) -> Result<(), AppError> {
        // The browser sends line breaks as CRLF; the blocks are those of
        // the body as the page gave it.
        self.body = self.body.replace("\r\n", "\n");
        let edits = std::mem::take(&mut self.blocks);
        self.body = super::body::apply_edits(&self.body, &edits)?;
        Ok(())
    }

    /// The edited state: the form's fields over `current` (which supplies
    /// what the form does not show: the original front matter, `updated`…).
    fn into_state(self, current: &ArticleState, zone: Tz) -> Result<ArticleState, AppError> {
        let date = match self.date.trim() {
            "" => current.date,
            raw if raw == self.date_shown.trim() => current.date,
            // The picker's value, else any date Hexo reads.
            raw => local_time::parse_input(zone, raw)
                .ok()
                .or_else(|| parse_date(raw, zone))
                .ok_or_else(|| {
                    AppError::invalid("date", Message::new("error-date").quoting("given", raw))
                })?,
        };
        let status = match self.status.trim() {
            "" => current.status,
            raw => raw.parse().map_err(|e| AppError::invalid("status", e))?,
        };
        let extra: Map<String, Value> = match self.extra.trim() {
            "" => Map::new(),
            raw => serde_json::from_str(raw).map_err(|e| {
                AppError::invalid(
                    "extra",
                    Message::new("error-extra-json").with("detail", e.to_string()),
                )
            })?,
        };
        let comments = match self.comments.trim() {
            "" => None,
            "true" => Some(true),
            "false" => Some(false),
            other => {
                return Err(AppError::invalid(
                    "comments",
                    Message::new("error-comments-value").quoting("given", other),
                ));
            }
        };
        let opt = |s: String| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Ok(ArticleState {
            slug: self.slug.trim().to_owned(),
            title: self.title.trim().to_owned(),
            status,
            date,
            tags: split_names(&self.tags),
            categories: self
                .categories
                .lines()
                .map(parse_path)
                .filter(|p| !p.is_empty())
                .collect(),
            author: opt(self.author),
            headimg: opt(self.headimg),
            thumbnail: opt(self.thumbnail),
            comments,
            permalink: opt(self.permalink),
            excerpt: opt(self.excerpt),
            extra,
            body: self.body.replace("\r\n", "\n"),
            ..current.clone()
        })
    }
}

/// A conflict shown in the editor: what the other save changed, beside
/// what this editor typed (which stays in the form).
pub struct ConflictView {
    pub fields: String,
    pub diffs: Vec<FieldDiff>,
}

#[derive(Template)]
#[template(path = "admin/article_edit.html")]
struct ArticleEditPage {
    frame: Frame,
    id: Option<i64>,
    form: ArticleForm,
    status: String,
    published_at: Option<i64>,
    updated: Option<i64>,
    scheduled_at: Option<i64>,
    published_late: bool,
    can_publish: bool,
    statuses: Vec<&'static str>,
    /// The tag `<datalist>`'s options, pre-rendered (see `choices`).
    tag_options: String,
    /// Every category path, for the category picker (see `choices`).
    category_options: String,
    /// The fields above and below the body, in order.
    fields_before_body: Vec<EditorField>,
    fields_after_body: Vec<EditorField>,
    /// Why the form was not saved, by field, in the user's language.
    errors: FieldErrors,
    conflict: Option<ConflictView>,
    /// Just saved: the browser's kept copy of the edits can go.
    saved: bool,
    /// The body's blocks for the visual editor (`body::VisualBody`, JSON).
    visual: String,
    /// The source editor's own words in the user's language (JSON).
    source_phrases: String,
    /// This user's autosaved form of this article, offered back.
    autosave: Option<super::autosave::AutosaveOffer>,
    autosave_ms: u64,
    /// The schedule picker: what it holds, the earliest it offers, and why
    /// the last choice was refused.
    schedule_value: String,
    schedule_min: String,
    schedule_error: Option<String>,
    /// How many images the stored article shows from other sites (the
    /// "bring them home" button says so).
    remote_images: i64,
}

/// A field of the editor's form, as the template lays it out.
struct EditorField {
    name: &'static str,
    /// The catalog key of its label.
    label: &'static str,
    value: String,
    kind: &'static str,
    multiline: bool,
    rows: u8,
    required: bool,
    /// A drop-down's choices: value and the catalog key of its label.
    options: Vec<(&'static str, &'static str)>,
}

impl EditorField {
    fn line(name: &'static str, label: &'static str, value: &str) -> EditorField {
        EditorField {
            name,
            label,
            value: value.to_owned(),
            kind: "text",
            multiline: false,
            rows: 1,
            required: false,
            options: Vec::new(),
        }
    }

    fn text(name: &'static str, label: &'static str, value: &str, rows: u8) -> EditorField {
        EditorField {
            multiline: true,
            rows,
            ..EditorField::line(name, label, value)
        }
    }

    /// The form's fields, above the body and below it.
    fn all(form: &ArticleForm) -> (Vec<EditorField>, Vec<EditorField>) {
        let required = |f: EditorField| EditorField {
            required: true,
            ..f
        };
        let before = vec![
            required(EditorField::line("title", "editor-title", &form.title)),
            // Left empty on a new article, it is made from the title.
            EditorField {
                required: form.version.is_some(),
                ..EditorField::line("slug", "editor-slug", &form.slug)
            },
        ];
        let after = vec![
            EditorField::line("tags", "editor-tags", &form.tags),
            EditorField::text("categories", "editor-categories", &form.categories, 3),
            EditorField::line("headimg", "editor-cover", &form.headimg),
            EditorField::line("thumbnail", "editor-thumbnail", &form.thumbnail),
            EditorField::line("author", "editor-author", &form.author),
            EditorField {
                options: vec![
                    ("", "editor-comments-unset"),
                    ("true", "editor-comments-on"),
                    ("false", "editor-comments-off"),
                ],
                ..EditorField::line("comments", "editor-comments", &form.comments)
            },
            EditorField::line("permalink", "editor-permalink", &form.permalink),
            EditorField {
                kind: "datetime-local",
                ..EditorField::line("date", "editor-date", &form.date)
            },
            EditorField::text("excerpt", "editor-excerpt", &form.excerpt, 3),
            EditorField::text("extra", "editor-extra", &form.extra, 5),
        ];
        (before, after)
    }
}

async fn page(
    conn: &mut sqlx::SqliteConnection,
    choices: &ChoicesCache,
    user: &CurrentUser,
    article: Option<&articles::StoredArticle>,
    form: ArticleForm,
) -> Result<ArticleEditPage, AppError> {
    let can_publish = permissions::can_publish(user.role);
    // "Scheduled" needs a time, which the schedule picker gives: the
    // drop-down offers it only to keep an article already scheduled.
    let scheduled = article.is_some_and(|a| a.row.status == ArticleStatus::Scheduled);
    let statuses = match (can_publish, scheduled) {
        (true, true) => vec!["draft", "published", "unpublished", "scheduled"],
        (true, false) => vec!["draft", "published", "unpublished"],
        (false, _) => vec!["draft"],
    };
    let row = article.map(|a| &a.row);
    let (fields_before_body, fields_after_body) = EditorField::all(&form);
    let visual = super::body::VisualBody::for_page(form.body.clone()).await?;
    let choices = choices.get(conn).await?;
    let now = Utc::now();
    Ok(ArticleEditPage {
        frame: Frame::new(user, "articles"),
        id: row.map(|r| r.id),
        status: row.map_or("draft".into(), |r| r.status.as_str().to_owned()),
        published_at: row.and_then(|r| r.published_at),
        updated: row.and_then(|r| r.updated),
        scheduled_at: row.and_then(|r| r.scheduled_at),
        published_late: row.is_some_and(|r| r.published_late),
        can_publish,
        statuses,
        tag_options: choices.tags.clone(),
        category_options: choices.category_paths.clone(),
        fields_before_body,
        fields_after_body,
        form,
        errors: FieldErrors::default(),
        conflict: None,
        saved: false,
        visual,
        source_phrases: source_phrases(user.lang),
        autosave: super::autosave::offer(conn, user, row.map_or(0, |r| r.id)).await?,
        autosave_ms: super::autosave::AUTOSAVE_SECS * 1000,
        schedule_value: row
            .and_then(|r| r.scheduled_at)
            .map(|at| local_time::input_value(user.zone, db::from_unix(at)))
            .unwrap_or_default(),
        schedule_min: local_time::input_value(user.zone, now),
        schedule_error: None,
        remote_images: row.map_or(0, |r| {
            crate::media::remote::article_images(&r.body, [&r.headimg, &r.thumbnail]).len() as i64
        }),
    })
}

/// CodeMirror's phrases (its search panel's words) said in `lang`, as the
/// JSON its `EditorState.phrases` takes; no `<`, to sit in the page.
fn source_phrases(lang: crate::i18n::Lang) -> String {
    let phrases = [
        ("Find", Message::new("source-find")),
        ("Replace", Message::new("source-replace")),
        ("next", Message::new("source-next")),
        ("previous", Message::new("source-previous")),
        ("all", Message::new("source-all")),
        ("match case", Message::new("source-match-case")),
        ("regexp", Message::new("source-regexp")),
        ("by word", Message::new("source-by-word")),
        ("replace", Message::new("source-replace-one")),
        ("replace all", Message::new("source-replace-all")),
        ("close", Message::new("source-close")),
        ("current match", Message::new("source-current-match")),
        (
            "replaced $ matches",
            Message::new("source-replaced-matches"),
        ),
        (
            "replaced match on line $",
            Message::new("source-replaced-on-line"),
        ),
        ("on line", Message::new("source-on-line")),
        ("Go to line", Message::new("source-goto-line")),
        ("go", Message::new("source-go")),
        (
            "Control character",
            Message::new("source-control-character"),
        ),
        (
            "Selection deleted",
            Message::new("source-selection-deleted"),
        ),
    ];
    let map: Map<String, Value> = phrases
        .into_iter()
        .map(|(english, message)| (english.to_owned(), Value::String(message.say(lang))))
        .collect();
    Value::Object(map).to_string().replace('<', "\\u003c")
}

/// An article in the trash: what it is, and the way back.
#[derive(Template)]
#[template(path = "admin/article_trashed.html")]
struct TrashedPage {
    frame: Frame,
    article: articles::TrashedArticle,
}

#[derive(Deserialize)]
pub struct EditQuery {
    saved: Option<i64>,
}

#[get("/articles/new")]
pub async fn new_article_form(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    choices: web::Data<ChoicesCache>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    let form = ArticleForm::of(&ArticleState::blank(Utc::now()), 0, user.zone);
    let view = page(
        &mut conn,
        &choices,
        &user,
        None,
        ArticleForm {
            version: None,
            ..form
        },
    )
    .await?;
    Ok(html(StatusCode::OK, view.render()?))
}

#[get("/articles/{id}")]
pub async fn edit_article_form(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    choices: web::Data<ChoicesCache>,
    id: web::Path<i64>,
    query: web::Query<EditQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    // The trash list links here too: a trashed article's page offers it
    // back rather than answering 404.
    if let Some(t) = articles::trashed(&mut conn, *id).await?
        && permissions::can_edit_all_content(user.role)
    {
        let page = TrashedPage {
            frame: Frame::new(&user, "articles"),
            article: t,
        };
        return Ok(html(StatusCode::OK, page.render()?));
    }
    let article = editable(&mut conn, &user, *id).await?;
    let form = ArticleForm::of(&article.state(), article.row.version, user.zone);
    let mut view = page(&mut conn, &choices, &user, Some(&article), form).await?;
    view.saved = query.saved.is_some();
    Ok(html(StatusCode::OK, view.render()?))
}

#[post("/articles")]
pub async fn create_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    choices: web::Data<ChoicesCache>,
    form: ArticleFormBody,
) -> Result<HttpResponse, AppError> {
    let ArticleFormBody(mut form) = form;
    if let Err(e) = form.resolve_blocks() {
        return form_error(&pool, &choices, &user, None, form, e).await;
    }
    let now = Utc::now();
    let state = match form
        .clone()
        .into_state(&ArticleState::blank(now), user.zone)
    {
        Ok(state) => state,
        Err(e @ AppError::Invalid { .. }) => {
            return form_error(&pool, &choices, &user, None, form, e).await;
        }
        Err(e) => return Err(e),
    };
    // A new article starts as a draft, with no time.
    match article_rules::status_change(user.role, ArticleStatus::Draft, None, state.status)
        .map_err(AppError::from)
    {
        Ok(()) => {}
        Err(e @ AppError::Invalid { .. }) => {
            return form_error(&pool, &choices, &user, None, form, e).await;
        }
        Err(e) => return Err(e),
    }
    let prepared = prepare(&state).await?;
    let mut tx = db::begin_write(&pool).await?;
    let created = article_edits::create(&mut tx, state, &prepared, user.id, now).await;
    let id = match created {
        Ok(id) => id,
        Err(e @ (SaveError::Invalid(_) | SaveError::SlugTaken(_))) => {
            drop(tx);
            return form_error(&pool, &choices, &user, None, form, AppError::from(e)).await;
        }
        Err(e) => return Err(AppError::from(e)),
    };
    record(&mut tx, &user, "create", id, serde_json::json!({})).await?;
    db::autosaves::clear(&mut tx, user.id, 0).await?;
    user.tell_done(&mut tx, Message::new("flash-created"))
        .await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/articles/{id}?saved=1")))
}

#[post("/articles/{id}")]
pub async fn update_article(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    choices: web::Data<ChoicesCache>,
    id: web::Path<i64>,
    form: ArticleFormBody,
) -> Result<HttpResponse, AppError> {
    let id = *id;
    let ArticleFormBody(mut form) = form;
    let now = Utc::now();
    let edited = form
        .version
        .ok_or_else(|| AppError::invalid("version", Message::new("error-version-missing-form")))?;
    // Rendered before the transaction, for the article as last read; a save
    // merged with a change made since may need another render (then again).
    let read = editable(&mut *pool.acquire().await?, &user, id).await?;
    if let Err(e) = form.resolve_blocks() {
        return form_error(&pool, &choices, &user, Some(&read), form, e).await;
    }
    let mut prepared = match edited_state(&form, &read, &user) {
        Ok(state) => prepare(&state).await?,
        Err(e @ AppError::Invalid { .. }) => {
            return form_error(&pool, &choices, &user, Some(&read), form, e).await;
        }
        Err(e) => return Err(e),
    };
    for _ in 0..SAVE_ATTEMPTS {
        let mut tx = db::begin_write(&pool).await?;
        let current = editable(&mut tx, &user, id).await?;
        let state = edited_state(&form, &current, &user)?;
        match article_edits::save(&mut tx, &current, edited, state, &prepared, user.id, now).await {
            Ok(version) => {
                record(
                    &mut tx,
                    &user,
                    "save",
                    id,
                    serde_json::json!({ "version": version }),
                )
                .await?;
                db::autosaves::clear(&mut tx, user.id, id).await?;
                let saved = Message::new("flash-saved").with("version", version);
                user.tell_done(&mut tx, saved).await?;
                tx.commit().await?;
                return Ok(see_other(&format!("/admin/articles/{id}?saved={version}")));
            }
            Err(SaveError::Unprepared(sources)) => {
                drop(tx);
                prepared = Prepared::make(*sources).await?;
            }
            Err(SaveError::Conflict { current, fields }) => {
                drop(tx);
                return conflict_page(&pool, &choices, &user, &current, form, fields).await;
            }
            Err(e @ (SaveError::Invalid(_) | SaveError::SlugTaken(_))) => {
                drop(tx);
                return form_error(
                    &pool,
                    &choices,
                    &user,
                    Some(&current),
                    form,
                    AppError::from(e),
                )
                .await;
            }
            Err(e) => return Err(AppError::from(e)),
        }
    }
    Err(AppError::Conflict(Message::new("error-kept-changing")))
}

/// The largest editor form: an article of 16 MiB (the importer's limit)
/// and its other fields. Every other form is held to the application's
/// default (`startup::FORM_LIMIT`).
pub const ARTICLE_FORM_LIMIT: usize = 20 * 1024 * 1024;

/// The editor's form, read with [`ARTICLE_FORM_LIMIT`].
pub struct ArticleFormBody(ArticleForm);

impl actix_web::FromRequest for ArticleFormBody {
    type Error = actix_web::Error;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(
        req: &actix_web::HttpRequest,
        payload: &mut actix_web::dev::Payload,
    ) -> Self::Future {
        let body =
            actix_web::dev::UrlEncoded::<ArticleForm>::new(req, payload).limit(ARTICLE_FORM_LIMIT);
        Box::pin(async move {
            body.await.map(ArticleFormBody).map_err(|e| {
                use actix_web::error::UrlencodedError as U;
                match e {
                    U::Overflow { .. } => AppError::PayloadTooLarge.into(),
                    other => AppError::BadRequest(
                        Message::new("error-form-unreadable").with("detail", other.to_string()),
                    )
                    .into(),
                }
            })
        })
    }
}

/// Saves that find the article changed into other sources than were
/// rendered are tried this many times before the editor is asked to retry.
const SAVE_ATTEMPTS: usize = 3;

/// The state the editor's form saves over `current`.
fn edited_state(
    form: &ArticleForm,
    current: &articles::StoredArticle,
    user: &CurrentUser,
) -> Result<ArticleState, AppError> {
    let state = form.clone().into_state(&current.state(), user.zone)?;
    article_rules::status_change(
        user.role,
        current.row.status,
        current.row.scheduled_at,
        state.status,
    )?;
    Ok(state)
}

/// What `state` renders to, made on a blocking thread before any
/// transaction (see `derived::Prepared`).
pub async fn prepare(state: &ArticleState) -> Result<Prepared, AppError> {
    Ok(Prepared::for_state(state).await?)
}

/// The editor again, its schedule picker holding what was typed and why
/// it was refused (422).
pub(super) async fn refused_schedule(
    pool: &SqlitePool,
    choices: &ChoicesCache,
    user: &CurrentUser,
    id: i64,
    typed: String,
    why: Message,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    let article = editable(&mut conn, user, id).await?;
    let form = ArticleForm::of(&article.state(), article.row.version, user.zone);
    let mut view = page(&mut conn, choices, user, Some(&article), form).await?;
    view.schedule_value = typed;
    view.schedule_error = Some(why.say(user.lang));
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, view.render()?))
}

/// The editor again with what was typed and why it was refused (422).
async fn form_error(
    pool: &SqlitePool,
    choices: &ChoicesCache,
    user: &CurrentUser,
    article: Option<&articles::StoredArticle>,
    form: ArticleForm,
    error: AppError,
) -> Result<HttpResponse, AppError> {
    // A slug another article has (a conflict) is the slug field's error.
    let errors = FieldErrors::of(error, user.lang)
        .unwrap_or_else(|other| FieldErrors::one("slug", other.message().say(user.lang)));
    let mut conn = pool.acquire().await?;
    let mut view = page(&mut conn, choices, user, article, form).await?;
    view.errors = errors;
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, view.render()?))
}

/// 409: the editor keeps what was typed, shows what the other save changed
/// side by side, and now carries the current version, so saving again is a
/// deliberate choice to keep this text.
async fn conflict_page(
    pool: &SqlitePool,
    choices: &ChoicesCache,
    user: &CurrentUser,
    current: &articles::StoredArticle,
    form: ArticleForm,
    fields: Vec<String>,
) -> Result<HttpResponse, AppError> {
    let theirs = current.state();
    let mine = form.clone().into_state(&theirs, user.zone)?;
    let mut conn = pool.acquire().await?;
    let form = ArticleForm {
        version: Some(current.row.version),
        ..form
    };
    let mut view = page(&mut conn, choices, user, Some(current), form).await?;
    view.conflict = Some(ConflictView {
        fields: fields.join(", "),
        diffs: diff::compare(theirs, mine).await?,
    });
    Ok(html(StatusCode::CONFLICT, view.render()?))
}

pub(super) async fn record(
    conn: &mut sqlx::SqliteConnection,
    user: &CurrentUser,
    action: &str,
    id: i64,
    detail: Value,
) -> Result<(), AppError> {
    let target = format!("article:{id}");
    user.record(conn, action, Some(&target), detail).await
}

#[derive(Deserialize)]
pub struct PreviewRequest {
    body: String,
}

/// The sanitised HTML of a body, for the editor's live preview.
#[post("/preview")]
pub async fn preview(
    _user: CurrentUser,
    req: web::Json<PreviewRequest>,
) -> Result<HttpResponse, AppError> {
    let body = req.into_inner().body;
    let rendered = web::block(move || render::render(&body, None)).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "html": rendered.html })))
}

#[derive(Deserialize)]
pub struct SlugQuery {
    #[serde(default)]
    title: String,
}

/// The slug a new article titled so would get (pinyin for Chinese, unique
/// among the articles now), for the editor to show before the first save.
#[get("/slug")]
pub async fn suggest_slug(
    _user: CurrentUser,
    pool: web::Data<SqlitePool>,
    query: web::Query<SlugQuery>,
) -> Result<HttpResponse, AppError> {
    let base = crate::domain::Slug::from_title(&query.title)
        .map(crate::domain::Slug::into_string)
        .unwrap_or_default();
    let slug = if base.is_empty() {
        base
    } else {
        article_edits::free_slug(&mut *pool.acquire().await?, &base).await?
    };
    Ok(HttpResponse::Ok().json(serde_json::json!({ "slug": slug })))
}

/// The article as the public page will show it, whatever its status (a
/// draft included), in the site's theme: the action bar's "preview".
#[get("/articles/{id}/preview")]
pub async fn preview_page(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    site: web::Data<crate::site::Site>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    editable(&mut conn, &user, *id).await?;
    let article = db::public::preview_article(&mut conn, *id)
        .await?
        .ok_or(AppError::NotFound)?;
    let page = crate::site::preview_page(&site, article);
    Ok(HttpResponse::Ok()
        .content_type(page.content_type)
        // A preview is not the page: no search engine keeps it.
        .insert_header(("X-Robots-Tag", "noindex"))
        .body(page.body))
}

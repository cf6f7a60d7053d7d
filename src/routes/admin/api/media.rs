//! `POST /admin/api/media` (issue 17): an image for machines and the
//! editor alike, as a multipart `file` part. It is known by its bytes,
//! stored once by content, and answered with where the site serves it.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, get, http::StatusCode, post, web};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use super::openapi::MediaUpload;
use crate::db;
use crate::error::{AppError, ErrorBody};
use crate::i18n::Message;
use crate::media;
use crate::media_fetch::{FetchReport, FetchRuns, RunState};
use crate::media_library::{Kept, Origin};
use crate::routes::admin::guard::CurrentUser;
use crate::routes::admin::media::MediaServices;
use crate::routes::admin::upload::{read_field, upload_unreadable};

/// An image kept, as the API answers it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MediaDoc {
    /// The SHA-256 of its bytes, in hex: its name.
    pub hash: String,
    /// Where the public site serves it (`/media/{hash}.{ext}`).
    pub url: String,
    pub mime: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    /// The name it was uploaded with.
    pub file_name: Option<String>,
}

/// The image in the request's `file` part, read up to `max` bytes (one
/// more is refused), and its name.
async fn read_file(
    req: &HttpRequest,
    payload: web::Payload,
    max: u64,
) -> Result<(Vec<u8>, Option<String>), AppError> {
    let mut form = Multipart::new(req.headers(), payload);
    while let Some(field) = form.next().await {
        let mut field = field.map_err(upload_unreadable)?;
        if field.name() != Some("file") {
            continue;
        }
        let name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(media::inspect::file_name)
            .transpose()?;
        let bytes = read_field(&mut field, max).await?;
        return Ok((bytes, name));
    }
    Err(AppError::invalid(
        "file",
        Message::new("error-media-no-file"),
    ))
}

/// Keeps an image: 201 with where it is served, or 200 when folio had it
/// already (the same bytes).
#[utoipa::path(
    tag = "media",
    request_body(description = "The image, as a part named `file`", content((MediaUpload = "multipart/form-data"))),
    responses(
        (status = 201, description = "Kept", body = MediaDoc),
        (status = 200, description = "Kept already (the same bytes)", body = MediaDoc),
        (status = 400, description = "The upload could not be read", body = ErrorBody),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 403, description = "CSRF missing", body = ErrorBody),
        (status = 413, description = "Past FOLIO_MAX_MEDIA_BYTES", body = ErrorBody),
        (status = 415, description = "Not multipart/form-data", body = ErrorBody),
        (status = 422, description = "Not an image folio keeps (JPEG, PNG, GIF, WebP), damaged, over 50 megapixels, or a bad file name", body = ErrorBody),
    ),
)]
#[post("/media")]
pub async fn api_upload_media(
    req: HttpRequest,
    user: CurrentUser,
    media: MediaServices,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    if actix_web::HttpMessage::content_type(&req) != "multipart/form-data" {
        return Err(AppError::UnsupportedMediaType(Message::new(
            "error-media-multipart",
        )));
    }
    let (bytes, file_name) = read_file(&req, payload, media.max_bytes()).await?;
    let library = media.library();
    let origin = Origin {
        file_name,
        original_url: None,
    };
    let kept = library.keep(bytes, origin.clone(), user.keeper()).await?;
    let status = if kept.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(HttpResponse::build(status).json(MediaDoc::of(&kept, origin.file_name)))
}

impl MediaDoc {
    pub fn of(kept: &Kept, file_name: Option<String>) -> MediaDoc {
        let image = kept.examined.image;
        MediaDoc {
            url: kept.examined.url(),
            hash: kept.examined.hash.clone(),
            mime: image.kind.mime().into(),
            bytes: kept.bytes,
            width: image.width,
            height: image.height,
            file_name,
        }
    }
}

/// Which images `GET /admin/api/media` lists.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MediaQuery {
    /// Part of a file name, an origin address, or an article's title or
    /// slug (case-insensitive).
    #[serde(default)]
    q: String,
    /// Only the images no article uses.
    #[serde(default)]
    unused: bool,
    /// From 1 (to 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// 1 to 200; 48 when not given.
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

/// A page of the media library.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MediaList {
    pub media: Vec<MediaItem>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

/// An image in the library, with how many articles use it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MediaItem {
    #[serde(flatten)]
    pub doc: MediaDoc,
    /// A small copy for thumbnails (the original until copies exist).
    pub thumb: String,
    /// Where it was fetched from, when it was brought home.
    pub original_url: Option<String>,
    pub uses: i64,
}

/// The media library, newest first.
#[utoipa::path(
    tag = "media",
    params(MediaQuery),
    responses(
        (status = 200, description = "A page of images", body = MediaList),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 422, description = "A parameter is invalid", body = ErrorBody),
    ),
)]
#[get("/media")]
pub async fn api_list_media(
    _user: CurrentUser,
    pool: web::Data<SqlitePool>,
    query: web::Query<MediaQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let per_page = query.per_page.unwrap_or(48);
    if !(1..=200).contains(&per_page) {
        return Err(AppError::invalid(
            "per_page",
            Message::new("error-range")
                .with("min", 1i64)
                .with("max", 200i64),
        ));
    }
    let page = query.page.unwrap_or(1);
    if !(1..=1_000_000).contains(&page) {
        return Err(AppError::invalid(
            "page",
            Message::new("error-range")
                .with("min", 1i64)
                .with("max", 1_000_000i64),
        ));
    }
    let filter = db::media::LibraryFilter {
        q: query.q,
        unused: query.unused,
    };
    let (items, total) = db::media::library(
        &mut *pool.acquire().await?,
        &filter,
        per_page,
        (page - 1) * per_page,
    )
    .await?;
    let media = items
        .into_iter()
        .map(|item| {
            let shown = crate::routes::admin::media::Shown::of(item.media, item.uses);
            MediaItem {
                doc: MediaDoc {
                    hash: shown.row.hash.clone(),
                    url: shown.url.clone(),
                    mime: shown.row.mime.clone(),
                    bytes: shown.row.bytes as u64,
                    width: shown.row.width as u32,
                    height: shown.row.height as u32,
                    file_name: shown.row.file_name.clone(),
                },
                thumb: shown.thumb,
                original_url: shown.row.original_url,
                uses: item.uses,
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(MediaList {
        media,
        page,
        per_page,
        total,
    }))
}

/// Which articles' images to bring home.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FetchRequest {
    /// The articles' ids (1 to 10,000).
    #[schema(min_items = 1, max_items = 10_000)]
    #[serde(deserialize_with = "super::whole_numbers")]
    pub articles: Vec<i64>,
}

/// A run started.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FetchStarted {
    pub run: i64,
    /// Where its state and report are (`GET`).
    pub location: String,
}

/// Brings the remote images of these articles home, in the background:
/// each downloaded (public addresses only), kept in the library, and the
/// article rewritten to show it. Editors and admins.
#[utoipa::path(
    tag = "media",
    request_body = FetchRequest,
    responses(
        (status = 202, description = "Started", body = FetchStarted),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 403, description = "Not an editor or admin, or CSRF missing", body = ErrorBody),
        (status = 413, description = "Past the JSON body limit", body = ErrorBody),
        (status = 415, description = "Not application/json", body = ErrorBody),
        (status = 422, description = "No articles, too many, or not a list of ids", body = ErrorBody),
    ),
)]
#[post("/media/fetch")]
pub async fn api_fetch_images(
    user: CurrentUser,
    media: MediaServices,
    runs: web::Data<FetchRuns>,
    body: web::Json<FetchRequest>,
) -> Result<HttpResponse, AppError> {
    user.require(crate::auth::permissions::can_edit_all_content(user.role))?;
    let ids = body.into_inner().articles;
    if ids.is_empty() || ids.len() > 10_000 {
        return Err(AppError::invalid(
            "articles",
            Message::new("error-range")
                .with("min", 1i64)
                .with("max", 10_000i64),
        ));
    }
    let with = media.background(&user);
    let run = runs.into_inner().start(with, ids).await?;
    let location = format!("/admin/api/media/fetches/{run}");
    Ok(HttpResponse::Accepted()
        .insert_header((actix_web::http::header::LOCATION, location.clone()))
        .json(FetchStarted { run, location }))
}

/// A run's state: under way (with its progress), or finished (with its
/// report).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FetchRunDoc {
    pub run: i64,
    /// `running`, `finished`, `failed` (the run itself stopped: `error`
    /// says why), or `interrupted` (folio stopped during it).
    pub state: String,
    pub articles: Option<usize>,
    pub articles_done: Option<usize>,
    pub images_done: Option<usize>,
    pub report: Option<FetchReport>,
    /// Why the run itself stopped, if it did.
    pub error: Option<String>,
}

#[utoipa::path(
    tag = "media",
    params(("id" = i64, Path, description = "The run's id")),
    responses(
        (status = 200, description = "The run", body = FetchRunDoc),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 404, description = "No such run", body = ErrorBody),
    ),
)]
#[get("/media/fetches/{id}")]
pub async fn api_fetch_run(
    _user: CurrentUser,
    pool: web::Data<SqlitePool>,
    runs: web::Data<FetchRuns>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let run = *id;
    let state = runs.state(&pool, run).await?.ok_or(AppError::NotFound)?;
    let mut doc = FetchRunDoc {
        run,
        state: String::new(),
        articles: None,
        articles_done: None,
        images_done: None,
        report: None,
        error: None,
    };
    doc.state = match state {
        RunState::Running {
            articles_done,
            articles,
            images_done,
        } => {
            doc.articles = Some(articles);
            doc.articles_done = Some(articles_done);
            doc.images_done = Some(images_done);
            "running"
        }
        RunState::Finished(report) => {
            doc.report = Some(report);
            "finished"
        }
        RunState::Failed(error) => {
            doc.error = Some(error);
            "failed"
        }
        RunState::Interrupted => "interrupted",
    }
    .into();
    Ok(HttpResponse::Ok().json(doc))
}

//! `POST /admin/api/media` (issue 17): an image for machines and the
//! editor alike, as a multipart `file` part. It is known by its bytes,
//! stored once by content, and answered with where the site serves it.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, post, web};
use futures_util::StreamExt;
use serde::Serialize;
use sqlx::SqlitePool;

use super::openapi::MediaUpload;
use crate::config::Config;
use crate::error::{AppError, ErrorBody};
use crate::i18n::Message;
use crate::media::{self, MediaStore};
use crate::media_jobs::Derivatives;
use crate::media_library::{Kept, Library, Origin};
use crate::routes::admin::guard::CurrentUser;
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
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    store: web::Data<MediaStore>,
    derivatives: web::Data<Derivatives>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    if actix_web::HttpMessage::content_type(&req) != "multipart/form-data" {
        return Err(AppError::UnsupportedMediaType(Message::new(
            "error-media-multipart",
        )));
    }
    let (bytes, file_name) = read_file(&req, payload, config.max_media_bytes).await?;
    let library = Library {
        pool: &pool,
        store: &store,
        derivatives: &derivatives,
        max_bytes: config.max_media_bytes,
    };
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

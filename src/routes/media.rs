//! `GET /media/{hash}.{ext}`: an image kept by folio, for anyone, as it
//! was stored; `GET /media/{hash}-{width}.{ext}`: one of its smaller
//! copies, once made. A name is its content, so it never changes: cached
//! for a year as immutable, with the name as a strong ETag.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use sqlx::SqlitePool;

use crate::db;
use crate::error::AppError;
use crate::media::derive::Variant;
use crate::media::{self, MediaStore};

#[get("/media/{name}")]
pub async fn media_file(
    req: HttpRequest,
    name: web::Path<String>,
    pool: web::Data<SqlitePool>,
    store: web::Data<MediaStore>,
) -> Result<HttpResponse, AppError> {
    serve(&req, &name, &pool, &store).await
}

/// `GET /images/{hash}.{ext}`: an original where a Hexo export puts it
/// (`source/images/`), so the posts of an export imported again show
/// their images as Hexo does.
#[get("/images/{name}")]
pub async fn exported_image(
    req: HttpRequest,
    name: web::Path<String>,
    pool: web::Data<SqlitePool>,
    store: web::Data<MediaStore>,
) -> Result<HttpResponse, AppError> {
    media::parse_name(&name).ok_or(AppError::NotFound)?;
    serve(&req, &name, &pool, &store).await
}

async fn serve(
    req: &HttpRequest,
    name: &str,
    pool: &SqlitePool,
    store: &MediaStore,
) -> Result<HttpResponse, AppError> {
    let (hash, width, kind) = media::parse_object(name).ok_or(AppError::NotFound)?;
    let row = db::media::get(&mut *pool.acquire().await?, hash)
        .await?
        .ok_or(AppError::NotFound)?;
    let exists = match width {
        None => row.mime == kind.mime(),
        Some(width) => Variant::parse_list(row.derived.as_deref().unwrap_or(""))
            .contains(&Variant { width, kind }),
    };
    if !exists {
        return Err(AppError::NotFound);
    }
    let etag = format!("\"{name}\"");
    let mut answer = HttpResponse::Ok();
    answer
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::ETAG, etag.clone()))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "default-src 'none'"));
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return Ok(answer
            .status(actix_web::http::StatusCode::NOT_MODIFIED)
            .finish());
    }
    let bytes = store
        .get(name)
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .ok_or(AppError::NotFound)?;
    Ok(answer.content_type(kind.mime()).body(bytes))
}

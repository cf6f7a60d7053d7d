//! `GET /media/{hash}.{ext}`: an image kept by folio, for anyone, as it
//! was stored; `GET /media/{hash}-{width}.{ext}`: one of its smaller
//! copies, once made. A name is its content, so it never changes: cached
//! for a year as immutable, with the name as a strong ETag.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use sqlx::SqlitePool;

use crate::db;
use crate::error::AppError;
use crate::media::derive::Variant;
use crate::media::{self, MediaStore};

/// The images served lately, as they are sent: an image page answered
/// from memory, as a static file server would from its page cache. Names
/// are content, so an entry never goes stale; a deleted image's entries
/// are taken out by the delete (`forget`).
pub struct ServedImages(quick_cache::sync::Cache<String, Bytes, ByBytes>);

/// Memory the kept images may take.
const SERVED_CAPACITY: u64 = 64 * 1024 * 1024;
/// Larger images are read from the store each time.
const SERVED_LARGEST: usize = 4 * 1024 * 1024;

#[derive(Clone)]
pub struct ByBytes;

impl quick_cache::Weighter<String, Bytes> for ByBytes {
    fn weight(&self, name: &String, bytes: &Bytes) -> u64 {
        (name.len() + bytes.len()) as u64
    }
}

impl Default for ServedImages {
    fn default() -> Self {
        ServedImages(quick_cache::sync::Cache::with_weighter(
            1024,
            SERVED_CAPACITY,
            ByBytes,
        ))
    }
}

impl ServedImages {
    /// Forgets the files of a deleted image.
    pub fn forget(&self, names: &[String]) {
        for name in names {
            self.0.remove(name);
        }
    }
}

#[get("/media/{name}")]
pub async fn media_file(
    req: HttpRequest,
    name: web::Path<String>,
    pool: web::Data<SqlitePool>,
    store: web::Data<MediaStore>,
    served: web::Data<ServedImages>,
) -> Result<HttpResponse, AppError> {
    serve(&req, &name, &pool, &store, &served).await
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
    served: web::Data<ServedImages>,
) -> Result<HttpResponse, AppError> {
    if media::parse_name(&name).is_none() {
        // An image of an imported Hexo site, at the address it had there.
        return super::site::moved_or_not_found(&req, &pool).await;
    }
    serve(&req, &name, &pool, &store, &served).await
}

async fn serve(
    req: &HttpRequest,
    name: &str,
    pool: &SqlitePool,
    store: &MediaStore,
    served: &ServedImages,
) -> Result<HttpResponse, AppError> {
    let (hash, width, kind) = media::parse_object(name).ok_or(AppError::NotFound)?;
    if let Some(bytes) = served.0.get(name) {
        return Ok(answer(req, name, kind, || bytes));
    }
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
    let bytes = store
        .get(name)
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .ok_or(AppError::NotFound)?;
    if bytes.len() <= SERVED_LARGEST {
        served.0.insert(name.to_owned(), bytes.clone());
    }
    Ok(answer(req, name, kind, || bytes))
}

/// The answer for an image's bytes: 304 when the client has them.
fn answer(
    req: &HttpRequest,
    name: &str,
    kind: media::MediaType,
    bytes: impl FnOnce() -> Bytes,
) -> HttpResponse {
    use actix_web::http::header::HeaderValue;
    let etag = format!("\"{name}\"");
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if matches {
        HttpResponse::NotModified().finish()
    } else {
        HttpResponse::Ok().body(bytes())
    };
    // Static values, made once: this is the path an image page takes.
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'"),
    );
    if !matches {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
    }
    response
}

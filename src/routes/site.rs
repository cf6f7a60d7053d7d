//! The public site over HTTP: every path outside `/admin`, `/api` and
//! `/static` is a `site::Route`, answered from `SiteCache` or rendered
//! into it. Validators (`ETag`, `Last-Modified`) turn repeat visits into
//! 304s; bodies are compressed once, when a client first asks for gzip or
//! brotli, and kept beside the page.
//!
//! Public answers never set a cookie and never depend on one, so a CDN
//! may keep them; `Cache-Control: no-cache` has it (and browsers) ask
//! again each time, which a 304 answers cheaply, so that a republish is
//! seen at once everywhere.

use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use sqlx::SqlitePool;

use crate::db::site_paths::{self, Found, Moved};
use crate::error::AppError;
use crate::search_cache::SearchCache;
use crate::site::{self, Rendered, Route, Site};
use crate::site_cache::SiteCache;

/// The public site's security headers: scripts from this site only (it
/// has none today), nothing framed or embedded from elsewhere; pictures
/// from anywhere, since imported articles hot-link theirs; inline style
/// attributes, which the sanitiser keeps for text layout. No referrer, so
/// that hot-linked pictures load (their hosts refuse foreign referrers).
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src * data:; media-src *; object-src 'none'; frame-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'self'";

pub fn security_headers(headers: &mut actix_web::http::header::HeaderMap) {
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Smaller bodies are sent as they are: compressing them saves nothing.
const COMPRESS_ABOVE: usize = 1024;

pub async fn site_page(
    req: HttpRequest,
    pool: web::Data<SqlitePool>,
    site: web::Data<Site>,
    cache: web::Data<SiteCache>,
    search: web::Data<SearchCache>,
) -> Result<HttpResponse, AppError> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(AppError::MethodNotAllowed {
            allow: "GET, HEAD".into(),
        });
    }
    let q = web::Query::<SearchParams>::from_query(req.query_string())
        .map(|p| p.into_inner().q)
        .unwrap_or_default();
    let own = match Route::from_path(req.path(), Some(&q)) {
        Some(route) => {
            let page = cached(&pool, &site, &cache, &search, &route).await?;
            if page.status != 404 {
                return Ok(respond(&req, &page));
            }
            Some(page)
        }
        None => None,
    };
    // Not one of folio's own pages: a page of an imported Hexo site, or an
    // address such a site had (issue 18).
    match imported(&req, &pool).await? {
        Some(Found::Page(slug)) => {
            let page = cached(&pool, &site, &cache, &search, &Route::Article { slug }).await?;
            Ok(respond(&req, &page))
        }
        Some(Found::Moved(moved)) => Ok(moved_permanently(&moved)),
        // SPEC: an HTML page for browsers, the error shape for JSON clients.
        None if wants_json(&req) => Err(AppError::NotFound),
        None => Ok(respond(
            &req,
            &own.unwrap_or_else(|| Arc::new(site::not_found(&site))),
        )),
    }
}

/// An address a route of folio's own took but does not have (`/images/
/// logo.png`): 301 where an imported site had it, else 404.
pub async fn moved_or_not_found(
    req: &HttpRequest,
    pool: &SqlitePool,
) -> Result<HttpResponse, AppError> {
    match imported(req, pool).await? {
        Some(Found::Moved(moved)) => Ok(moved_permanently(&moved)),
        _ => Err(AppError::NotFound),
    }
}

/// What the request's path (percent-decoded) is among imported sites'
/// pages and old addresses.
async fn imported(req: &HttpRequest, pool: &SqlitePool) -> Result<Option<Found>, AppError> {
    let path = percent_encoding::percent_decode_str(req.path()).decode_utf8_lossy();
    Ok(site_paths::find(&mut *pool.acquire().await?, &path).await?)
}

fn moved_permanently(moved: &Moved) -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, location_of(moved)))
        .finish()
}

/// A route's page from the cache, rendered into it when missing.
async fn cached(
    pool: &SqlitePool,
    site: &Site,
    cache: &SiteCache,
    search: &SearchCache,
    route: &Route,
) -> Result<Arc<Rendered>, AppError> {
    let key = route.path();
    if let Some(page) = cache.get(&key) {
        return Ok(page);
    }
    let epoch = cache.epoch();
    let mut conn = pool.acquire().await?;
    let page = Arc::new(site::render(&mut conn, site, search, route).await?);
    cache.insert(epoch, key, page.clone());
    Ok(page)
}

/// Where an old address of an imported site leads now, percent-encoded.
fn location_of(moved: &Moved) -> String {
    match moved {
        Moved::Article {
            page_path: Some(path),
            ..
        } => path
            .split('/')
            .map(crate::site::route::encode)
            .collect::<Vec<_>>()
            .join("/"),
        Moved::Article { slug, .. } => Route::Article { slug: slug.clone() }.path(),
        Moved::Tag { slug } => Route::Tag {
            slug: slug.clone(),
            page: 1,
        }
        .path(),
        Moved::Category { path } => Route::Category {
            path: path.clone(),
            page: 1,
        }
        .path(),
        Moved::Media { name } => format!("/media/{}", crate::site::route::encode(name)),
        Moved::Location(location) => location.clone(),
    }
}

/// A client that asks for JSON and not HTML.
fn wants_json(req: &HttpRequest) -> bool {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    accept.contains("application/json") && !accept.contains("text/html")
}

#[derive(serde::Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
}

fn respond(req: &HttpRequest, page: &Rendered) -> HttpResponse {
    let status = StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK);
    let last_modified = header::HttpDate::from(std::time::SystemTime::from(page.rendered_at));
    let unchanged = not_modified(req, page);
    let mut res = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::build(status)
    };
    res.insert_header((header::ETAG, page.etag.as_str()))
        .insert_header((header::LAST_MODIFIED, last_modified))
        .insert_header((header::CACHE_CONTROL, "public, no-cache"))
        .insert_header((header::VARY, "Accept-Encoding"));
    if let Some(location) = &page.location {
        res.insert_header((header::LOCATION, location.as_str()));
    }
    let mut res = if unchanged {
        res.finish()
    } else {
        res.insert_header((header::CONTENT_TYPE, page.content_type));
        let body = match (page.body.len() > COMPRESS_ABOVE)
            .then(|| encoding(req))
            .flatten()
        {
            Some(Encoding::Brotli) => {
                res.insert_header((header::CONTENT_ENCODING, "br"));
                page.brotli().clone()
            }
            Some(Encoding::Gzip) => {
                res.insert_header((header::CONTENT_ENCODING, "gzip"));
                page.gzip().clone()
            }
            None => page.body.clone(),
        };
        res.body(body)
    };
    security_headers(res.headers_mut());
    res
}

/// RFC 9110: `If-None-Match` decides when present; else `If-Modified-Since`.
fn not_modified(req: &HttpRequest, page: &Rendered) -> bool {
    if !(200..300).contains(&page.status) {
        return false;
    }
    let headers = req.headers();
    if let Some(tags) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        return tags.trim() == "*"
            || tags
                .split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == page.etag);
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<header::HttpDate>().ok());
    match since {
        Some(since) => {
            let since = std::time::SystemTime::from(since);
            // HTTP dates have whole seconds.
            let rendered = page.rendered_at.timestamp();
            let since = since
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            rendered <= since
        }
        None => false,
    }
}

enum Encoding {
    Brotli,
    Gzip,
}

/// The client's preferred compression among those folio makes.
fn encoding(req: &HttpRequest) -> Option<Encoding> {
    let accept = req.headers().get(header::ACCEPT_ENCODING)?.to_str().ok()?;
    let accepts = |name: &str| {
        accept.split(',').any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let refused = it.any(|p| {
                let p = p.trim();
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepts("br") {
        Some(Encoding::Brotli)
    } else if accepts("gzip") {
        Some(Encoding::Gzip)
    } else {
        None
    }
}

//! The public site: published articles as pages, feeds and a sitemap.
//!
//! One renderer serves both the live site (`routes::site`, which keeps
//! what it renders in `site_cache`) and the static export (`transfer::
//! export::site`): a `Route` in, a `Rendered` answer out — the same bytes
//! either way, but for the links' base.

mod feeds;
mod pages;
pub mod route;

use std::sync::OnceLock;

use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

pub use route::Route;

use crate::config::Config;
use crate::i18n::Lang;
use crate::search_cache::SearchCache;

/// Articles on a page of any list.
pub const PER_PAGE: i64 = 20;
/// Entries in a feed.
pub const FEED_ENTRIES: i64 = 20;

/// What pages need to know about the site they belong to.
#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    /// `FOLIO_PUBLIC_URL`: canonical links, feeds and the sitemap are
    /// absolute from it, whatever `base` is.
    pub public_url: String,
    /// Put before every link between pages: empty for root-relative
    /// links, or an absolute URL a static export is to be served at.
    pub base: String,
    pub timezone: Tz,
    /// `FOLIO_SITE_LANG`: the language of the theme's words.
    pub lang: Lang,
    /// False in a static export: no search form (no server to answer it).
    pub live: bool,
}

impl Site {
    pub fn live(config: &Config) -> Site {
        Site {
            title: config.site_title.clone(),
            public_url: config.public_url.clone(),
            base: String::new(),
            timezone: config.timezone,
            lang: config.site_lang,
            live: true,
        }
    }

    /// A link to a route, from any page.
    pub fn href(&self, route: &Route) -> String {
        format!("{}{}", self.base, route.path())
    }

    /// A route's absolute URL, for canonical links, feeds and sitemaps.
    pub fn absolute(&self, route: &Route) -> String {
        format!("{}{}", self.public_url, route.path())
    }
}

/// An answer of the site, as it is sent (and kept).
#[derive(Debug)]
pub struct Rendered {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Bytes,
    /// Where a 301 points.
    pub location: Option<String>,
    /// A strong validator: a hash of the body.
    pub etag: String,
    pub rendered_at: DateTime<Utc>,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

pub const HTML: &str = "text/html; charset=utf-8";
pub const ATOM: &str = "application/atom+xml; charset=utf-8";
pub const XML: &str = "application/xml; charset=utf-8";
pub const TEXT: &str = "text/plain; charset=utf-8";

impl Rendered {
    pub fn new(status: u16, content_type: &'static str, body: String) -> Rendered {
        let digest = Sha256::digest(body.as_bytes());
        Rendered {
            status,
            content_type,
            etag: format!("\"{}\"", hex::encode(&digest[..12])),
            body: Bytes::from(body),
            location: None,
            rendered_at: Utc::now(),
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    pub fn redirect(location: String) -> Rendered {
        let mut r = Rendered::new(301, TEXT, String::new());
        r.location = Some(location);
        r
    }

    /// The body gzip-compressed, made the first time it is asked for.
    pub fn gzip(&self) -> &Bytes {
        self.gzip.get_or_init(|| {
            use std::io::Write;
            let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            // Writing to memory cannot fail.
            let _ = out.write_all(&self.body);
            Bytes::from(out.finish().unwrap_or_default())
        })
    }

    /// The body brotli-compressed, made the first time it is asked for.
    pub fn brotli(&self) -> &Bytes {
        self.brotli.get_or_init(|| {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                // Quality 5: most of brotli's gain at a fraction of 11's time.
                quality: 5,
                ..Default::default()
            };
            let _ = brotli::BrotliCompress(&mut &self.body[..], &mut out, &params);
            Bytes::from(out)
        })
    }

    /// What keeping it costs, with whichever compressed forms were made.
    pub fn weight(&self) -> usize {
        let made = |b: &OnceLock<Bytes>| b.get().map_or(0, Bytes::len);
        256 + self.body.len() + made(&self.gzip) + made(&self.brotli)
    }
}

/// The failure of a render: the database's.
pub type RenderResult = Result<Rendered, sqlx::Error>;

/// An article's page as it will be when published, whatever its status
/// now: the editor's preview (no neighbours, never cached).
pub fn preview_page(site: &Site, article: crate::db::public::SiteArticle) -> Rendered {
    pages::article_page(site, article, None, None)
}

/// Renders a route. `search` is the admin's cache of ranked results,
/// shared so that a public search costs what an admin one does.
pub async fn render(
    conn: &mut SqliteConnection,
    site: &Site,
    search: &SearchCache,
    route: &Route,
) -> RenderResult {
    match route {
        Route::Feed | Route::TagFeed { .. } | Route::CategoryFeed { .. } => {
            feeds::feed(conn, site, route).await
        }
        Route::Sitemap | Route::SitemapPart(_) => feeds::sitemap(conn, site, route).await,
        Route::Robots => Ok(feeds::robots(site)),
        _ => pages::page(conn, site, search, route).await,
    }
}

pub use pages::{SNIPPET_RADIUS, article_page, list_pages};

/// A static export's failure: the database's, or writing a file.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("database error while rendering the site")]
    Database(#[from] sqlx::Error),
    #[error("cannot write the site")]
    Io(#[from] std::io::Error),
}

/// The site's 404 page, for paths it does not have.
pub fn not_found(site: &Site) -> Rendered {
    pages::error_page(site, 404)
}

/// Every route of the site, for the static export: its pages, feeds
/// and sitemaps (not searches).
pub async fn all_routes(
    conn: &mut SqliteConnection,
    site: &Site,
) -> Result<Vec<Route>, sqlx::Error> {
    let mut routes = pages::all_routes(conn, site).await?;
    routes.extend(feeds::sitemap_routes(conn).await?);
    Ok(routes)
}

/// A time as the site shows it, in its zone.
fn local_date(site: &Site, t: i64) -> String {
    crate::db::from_unix(t)
        .with_timezone(&site.timezone)
        .format("%Y-%m-%d")
        .to_string()
}

fn iso(t: i64) -> String {
    crate::transfer::document::rfc3339(crate::db::from_unix(t))
}

use crate::render::web_url;

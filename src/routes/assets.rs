//! The admin's stylesheet and script, compiled into the binary: no build
//! step, no files to deploy beside it.

use std::io::Write;
use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::error::AppError;

/// Name, content type and content of each file under `/static/`.
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "admin.css",
        "text/css; charset=utf-8",
        include_str!("../../static/admin.css"),
    ),
    // The public site's, with the code highlighter's colours after it
    // (`render::markdown`).
    (
        "site.css",
        "text/css; charset=utf-8",
        concat!(
            include_str!("../../static/site.css"),
            include_str!("../../static/highlight.css")
        ),
    ),
    (
        "admin.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/admin.js"),
    ),
    // The editor page's own script and style, and the libraries they use
    // (static/vendor: bundled from npm by its build.mjs, licences in
    // LICENSES.txt). Only the editor page loads them.
    (
        "editor.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/editor.js"),
    ),
    (
        "pickers.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/pickers.js"),
    ),
    (
        "media.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/media.js"),
    ),
    (
        "editor.css",
        "text/css; charset=utf-8",
        include_str!("../../static/editor.css"),
    ),
    (
        "vendor/prosemirror.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/vendor/prosemirror.js"),
    ),
    (
        "vendor/prosemirror.css",
        "text/css; charset=utf-8",
        include_str!("../../static/vendor/prosemirror.css"),
    ),
    (
        "vendor/codemirror.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/vendor/codemirror.js"),
    ),
    (
        "vendor/LICENSES.txt",
        "text/plain; charset=utf-8",
        include_str!("../../static/vendor/LICENSES.txt"),
    ),
];

/// Each file of [`FILES`] gzipped, made once on first use: the editor's
/// libraries are 0.8 MB as text, a quarter of that compressed.
static GZIPPED: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(_, _, body)| {
            let mut gz = GzEncoder::new(Vec::new(), Compression::best());
            // Writing to a Vec cannot fail.
            let _ = gz.write_all(body.as_bytes());
            gz.finish().unwrap_or_default()
        })
        .collect()
});

#[get("/static/{name:.+}")]
pub async fn asset(req: HttpRequest, name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let index = FILES
        .iter()
        .position(|(n, _, _)| *n == name.as_str())
        .ok_or(AppError::NotFound)?;
    let (_, content_type, body) = FILES[index];
    let mut answer = HttpResponse::Ok();
    answer
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::VARY, "Accept-Encoding"));
    let gzip = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    if gzip {
        answer.insert_header((header::CONTENT_ENCODING, "gzip"));
        return Ok(answer.body(GZIPPED[index].as_slice()));
    }
    Ok(answer.body(body))
}

//! The admin's stylesheet and script, compiled into the binary: no build
//! step, no files to deploy beside it.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

use crate::error::AppError;

/// Name, content type and content of each file under `/static/`.
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "admin.css",
        "text/css; charset=utf-8",
        include_str!("../../static/admin.css"),
    ),
    (
        "site.css",
        "text/css; charset=utf-8",
        include_str!("../../static/site.css"),
    ),
    (
        "admin.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/admin.js"),
    ),
];

#[get("/static/{name}")]
pub async fn asset(name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (_, content_type, body) = FILES
        .iter()
        .find(|(n, _, _)| *n == name.as_str())
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, *content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(*body))
}

//! `/healthz`: is the process up and the database answering?

use actix_web::{HttpResponse, get, web};
use sqlx::SqlitePool;

use crate::error::AppError;

#[get("/healthz")]
pub async fn healthz(pool: web::Data<SqlitePool>) -> Result<HttpResponse, AppError> {
    sqlx::query("SELECT 1").execute(pool.get_ref()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({ "status": "ok" })))
}

//! `/admin/audit`: who did what when, newest first (admins only).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use askama::Template;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::guard::CurrentUser;
use super::layout::{Frame, html};

use crate::auth::permissions;
use crate::db::audit;
use crate::error::AppError;

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    frame: Frame,
    entries: Vec<audit::AuditRow>,
    action: String,
    next_before: Option<i64>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
    #[serde(default)]
    action: String,
}

const AUDIT_PAGE: i64 = 100;

#[get("/audit")]
pub async fn audit_log(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_read_audit(user.role))?;
    let mut conn = pool.acquire().await?;
    let action = query.action.trim();
    let entries = audit::page(
        &mut conn,
        query.before,
        (!action.is_empty()).then_some(action),
        AUDIT_PAGE,
    )
    .await?;
    let next_before = (entries.len() as i64 == AUDIT_PAGE)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    let page = AuditPage {
        frame: Frame::new(&user, "audit"),
        entries,
        action: action.to_owned(),
        next_before,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

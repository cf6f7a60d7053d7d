//! `/admin`: counts by status, recent edits, scheduled posts, failed imports.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use askama::Template;
use sqlx::SqlitePool;

use super::guard::CurrentUser;
use super::layout::Frame;
use super::login::html;
use crate::auth::permissions;
use crate::db::article_list::{self, Filter, ListRow, Sort};
use crate::db::import_runs;
use crate::error::AppError;

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    frame: Frame,
    counts: Vec<(String, i64)>,
    recent: Vec<ListRow>,
    scheduled: Vec<ListRow>,
    failed_imports: Vec<import_runs::RunRow>,
}

#[get("")]
pub async fn dashboard(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    let own = (!permissions::can_edit_all_content(user.role)).then_some(user.id);
    let counts = article_list::counts(&mut conn).await?;
    let recent_filter = Filter {
        owner: own,
        ..Filter::default()
    };
    let (recent, _) =
        article_list::page(&mut conn, &recent_filter, Some(Sort::ModifiedDesc), 10, 0).await?;
    let scheduled_filter = Filter {
        status: Some("scheduled".into()),
        owner: own,
        ..Filter::default()
    };
    let (scheduled, _) =
        article_list::page(&mut conn, &scheduled_filter, Some(Sort::DateAsc), 10, 0).await?;
    let failed_imports = import_runs::recent_failed(&mut conn, 5).await?;
    let page = DashboardPage {
        frame: Frame::new(&user, "dashboard"),
        counts,
        recent,
        scheduled,
        failed_imports,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

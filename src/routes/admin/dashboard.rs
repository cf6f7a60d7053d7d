//! `/admin`: counts by status, recent edits, scheduled posts, failed imports.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use askama::Template;
use sqlx::SqlitePool;

use super::guard::CurrentUser;
use super::layout::{Frame, html};

use crate::auth::permissions;
use crate::db::article_list::{self, Filter, ListRow, Sort};
use crate::db::import_runs;
use crate::error::AppError;
use crate::i18n::{Lang, Message};
use crate::transfer::report::Summary;

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    frame: Frame,
    counts: Vec<(String, i64)>,
    recent: Vec<ListRow>,
    scheduled: Vec<ListRow>,
    failed_imports: Vec<ImportLine>,
    can_transfer: bool,
}

/// A failed import as the dashboard lists it: a link to its report and a
/// sentence of what happened.
struct ImportLine {
    id: i64,
    started_at: i64,
    /// `import-origin-http`, `import-origin-cli`.
    origin_key: &'static str,
    said: String,
}

impl ImportLine {
    fn of(run: import_runs::RunRow, lang: Lang) -> ImportLine {
        let summary = run
            .summary
            .as_deref()
            .and_then(|s| serde_json::from_str::<Summary>(s).ok());
        let said = match (summary, run.error) {
            (Some(s), _) => Message::new("dashboard-import-summary")
                .with("total", s.total)
                .with("created", s.created + s.updated)
                .with("failed", s.failed),
            (None, Some(e)) => Message::new("import-run-failed").with("error", e),
            (None, None) => Message::new("import-state-failed"),
        };
        ImportLine {
            id: run.id,
            started_at: run.started_at,
            origin_key: if run.origin == "cli" {
                "import-origin-cli"
            } else {
                "import-origin-http"
            },
            said: said.say(lang),
        }
    }
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
    let can_transfer = permissions::can_transfer(user.role);
    let failed_imports = if can_transfer {
        import_runs::recent_failed(&mut conn, 5)
            .await?
            .into_iter()
            .map(|r| ImportLine::of(r, user.lang))
            .collect()
    } else {
        Vec::new()
    };
    let page = DashboardPage {
        frame: Frame::new(&user, "dashboard"),
        counts,
        recent,
        scheduled,
        failed_imports,
        can_transfer,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

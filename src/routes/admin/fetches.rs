//! Bringing images home from the admin: the editor's button (one
//! article), the list's bulk action (those checked), and the run's page,
//! which follows it while it runs and shows its report after.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use sqlx::SqlitePool;

use super::access::editable;
use super::guard::CurrentUser;
use super::layout::{Frame, html, see_other};
use super::media::MediaServices;
use crate::error::AppError;
use crate::media_fetch::{FetchRuns, Outcome, RunState};

/// The editor's button: this article's images, in the background.
#[post("/articles/{id}/fetch-images")]
pub async fn fetch_article_images(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    media: MediaServices,
    runs: web::Data<FetchRuns>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    editable(&mut *pool.acquire().await?, &user, *id).await?;
    let with = media.background(&user);
    let run = runs.into_inner().start(with, vec![*id]).await?;
    Ok(see_other(&format!("/admin/media/fetches/{run}")))
}

/// A line of the report as the page shows it.
pub struct Line {
    pub article: String,
    pub url: String,
    pub outcome: Outcome,
    /// Its outcome in the reader's language.
    pub said: String,
    pub media: Option<String>,
    /// Why it failed, in the reader's language.
    pub reason: String,
}

#[derive(Template)]
#[template(path = "admin/media_fetch.html")]
struct RunPage {
    frame: Frame,
    /// Under way: articles done, of, and what that is in words.
    running: Option<(usize, usize, String)>,
    /// The report's counts, in words.
    summary: Option<String>,
    /// Failed images first, then the others.
    lines: Vec<Line>,
    /// Neither under way nor finished: cut short by a stop.
    interrupted: bool,
    /// The run itself failed (its report says only why).
    error: Option<String>,
}

#[get("/media/fetches/{run}")]
pub async fn fetch_run(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    runs: web::Data<FetchRuns>,
    run: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let state = runs.state(&pool, *run).await?.ok_or(AppError::NotFound)?;
    let n = |v: usize| fluent_templates::fluent_bundle::FluentValue::from(v as i64);
    let (mut running, mut report, mut error, mut interrupted) = (None, None, None, false);
    match state {
        RunState::Running {
            articles_done,
            articles,
            images_done,
        } => {
            let said = user.lang.t_with(
                "fetch-progress",
                &[
                    ("done", n(articles_done)),
                    ("total", n(articles)),
                    ("images", n(images_done)),
                ],
            );
            running = Some((articles_done, articles, said));
        }
        RunState::Finished(r) => report = Some(r),
        RunState::Failed(e) => error = Some(e),
        RunState::Interrupted => interrupted = true,
    }
    let mut lines: Vec<Line> = report
        .iter()
        .flat_map(|r| r.items.iter())
        .map(|item| Line {
            article: item.article.clone(),
            url: item.url.clone(),
            outcome: item.outcome,
            said: user.lang.t(match item.outcome {
                Outcome::Fetched => "fetch-outcome-fetched",
                Outcome::Had => "fetch-outcome-had",
                Outcome::Failed => "fetch-outcome-failed",
            }),
            media: item.media.clone(),
            reason: item
                .code
                .as_deref()
                .map(|code| {
                    user.lang.t_with(
                        &format!("fetch-code-{code}"),
                        &[("status", n(usize::from(item.status.unwrap_or(0))))],
                    )
                })
                .unwrap_or_default(),
        })
        .collect();
    lines.sort_by_key(|l| l.outcome != Outcome::Failed);
    let summary = report.as_ref().map(|r| {
        user.lang.t_with(
            "fetch-summary",
            &[
                ("articles", n(r.articles)),
                ("rewritten", n(r.rewritten)),
                ("fetched", n(r.fetched)),
                ("had", n(r.had)),
                ("failed", n(r.failed)),
            ],
        )
    });
    let view = RunPage {
        frame: Frame::new(&user, "media"),
        interrupted,
        running,
        summary,
        lines,
        error,
    };
    Ok(html(StatusCode::OK, view.render()?))
}

//! `/admin/import`: uploading files or archives (a dry run first, then the
//! real import of the same upload), and `/admin/imports/{id}`, the page of
//! an import running in the background, with its progress bar and, at the
//! end, its report. Editors and admins only.

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use futures_util::StreamExt;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::api::import::{RunStatus, run_status};
use super::guard::{CurrentUser, UploadUser};
use super::layout::{Frame, html};

use super::upload::{
    self, Options, Started, UploadFolder, Wait, parse_conflict, parse_duplicate_slug,
};
use crate::auth::{csrf, permissions};
use crate::config::Config;
use crate::error::AppError;
use crate::i18n::{Lang, Message};
use crate::import_jobs::ImportJobs;
use crate::transfer::import::{OnConflict, OnDuplicateSlug};
use crate::transfer::report::{ItemError, ItemReport, ItemStatus, PackedReport, Summary};

#[derive(Template)]
#[template(path = "admin/import.html")]
struct ImportPage {
    frame: Frame,
    report: Option<ReportView>,
    /// The upload a dry run checked, which the real import may then use.
    upload: Option<String>,
    on_conflict: &'static str,
    on_duplicate_slug: OnDuplicateSlug,
    atomic: bool,
}

#[derive(Template)]
#[template(path = "admin/import_run.html")]
struct RunPage {
    frame: Frame,
    run: RunStatus,
    /// The run's report, once it has one.
    report: Option<ReportView>,
    title: String,
    /// The catalog key of the run's state.
    state_key: &'static str,
    /// When it started and ended, unix seconds.
    started: i64,
    finished: Option<i64>,
}

#[get("/import")]
pub async fn import_form(user: CurrentUser) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let page = ImportPage {
        frame: Frame::new(&user, "import"),
        report: None,
        upload: None,
        on_conflict: "skip",
        on_duplicate_slug: OnDuplicateSlug::Fail,
        atomic: true,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

#[post("/import")]
pub async fn upload_import(
    user: UploadUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    jobs: web::Data<ImportJobs>,
    mut form: Multipart,
) -> Result<HttpResponse, AppError> {
    let user = user.0;
    user.require(permissions::can_transfer(user.role))?;
    let mut folder = UploadFolder::create()?;
    let mut options = Options {
        dry_run: false,
        on_conflict: OnConflict::Skip,
        on_duplicate_slug: OnDuplicateSlug::Fail,
        atomic: false,
    };
    let mut csrf_ok = false;
    let mut files = 0usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(super::upload::upload_unreadable)?;
        let name = field.name().unwrap_or_default().to_owned();
        if name != "csrf" && !csrf_ok {
            return Err(AppError::Csrf);
        }
        if name == "file" {
            files += 1;
            upload::save_file_part(&mut field, &mut folder, files, config.max_upload_bytes).await?;
            continue;
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(super::upload::upload_unreadable)?;
            value.extend_from_slice(&chunk);
            if value.len() > 4096 {
                return Err(AppError::invalid(
                    &name,
                    Message::new("error-field-too-long"),
                ));
            }
        }
        let value = String::from_utf8_lossy(&value).into_owned();
        match name.as_str() {
            "csrf" => csrf_ok = csrf::tokens_match(&user.csrf_token, &value),
            "dry_run" => options.dry_run = !value.is_empty(),
            "atomic" => options.atomic = !value.is_empty(),
            "on_conflict" => options.on_conflict = parse_conflict(&value)?,
            "on_duplicate_slug" => options.on_duplicate_slug = parse_duplicate_slug(&value)?,
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(AppError::Csrf);
    }
    if files == 0 {
        return Err(AppError::invalid(
            "file",
            Message::new("error-choose-files"),
        ));
    }
    // A dry run reads without rendering or writing: quick enough to wait
    // for, and its upload is kept for the real import that follows.
    let wait = if options.dry_run {
        Wait::Always
    } else {
        Wait::Auto
    };
    let started = upload::start_import(
        &pool,
        &config,
        &jobs.into_inner(),
        &user,
        folder,
        &options,
        wait,
    )
    .await?;
    match started {
        Started::Finished {
            run_id,
            report,
            kept: folder,
        } => {
            let upload = options.dry_run.then(|| folder.keep());
            report_page(&user, run_id, &report, upload, &options)
        }
        Started::Background { run_id } => Ok(see_run(run_id)),
    }
}

#[derive(Deserialize)]
pub struct RunForm {
    #[serde(default)]
    on_conflict: String,
    #[serde(default)]
    on_duplicate_slug: String,
    #[serde(default)]
    atomic: String,
}

/// Imports for real an upload a dry run checked.
#[post("/import/{upload}/run")]
pub async fn run_upload(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    jobs: web::Data<ImportJobs>,
    upload: web::Path<String>,
    form: web::Form<RunForm>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let folder = UploadFolder::reopen(&upload)
        .ok_or_else(|| AppError::invalid("upload", Message::new("error-upload-gone")))?;
    let options = Options {
        dry_run: false,
        on_conflict: parse_conflict(&form.on_conflict)?,
        on_duplicate_slug: parse_duplicate_slug(&form.on_duplicate_slug)?,
        atomic: !form.atomic.is_empty(),
    };
    let started = upload::start_import(
        &pool,
        &config,
        &jobs.into_inner(),
        &user,
        folder,
        &options,
        Wait::Auto,
    )
    .await?;
    match started {
        Started::Finished { run_id, report, .. } => {
            report_page(&user, run_id, &report, None, &options)
        }
        Started::Background { run_id } => Ok(see_run(run_id)),
    }
}

/// 303 to the page of a run started in the background.
fn see_run(run_id: i64) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/admin/imports/{run_id}")))
        .finish()
}

fn report_page(
    user: &CurrentUser,
    run_id: i64,
    report: &PackedReport,
    upload: Option<String>,
    options: &Options,
) -> Result<HttpResponse, AppError> {
    let status = if !report.dry_run && options.atomic && report.summary.failed > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ImportPage {
        frame: Frame::new(user, "import"),
        report: Some(ReportView::new(run_id, report, options.atomic)),
        upload,
        on_conflict: options.on_conflict.as_str(),
        on_duplicate_slug: options.on_duplicate_slug,
        atomic: options.atomic,
    };
    Ok(html(status, page.render()?))
}

/// The page of an import run: its progress while it runs (admin.js polls
/// `/admin/api/imports/{id}`; without script the page refreshes itself),
/// its report once it ended.
#[get("/imports/{id}")]
pub async fn import_run_page(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    jobs: web::Data<ImportJobs>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let mut run = run_status(&mut *pool.acquire().await?, &jobs.into_inner(), *id).await?;
    let seconds = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .map(|t| t.timestamp())
            .ok()
    };
    let page = RunPage {
        frame: Frame::new(&user, "import"),
        report: run
            .report
            .take()
            .map(|r| ReportView::new(run.id, &r, run.atomic)),
        title: Message::new("import-run-title")
            .with("id", run.id)
            .say(user.lang),
        state_key: match run.state.as_str() {
            "queued" => "import-state-queued",
            "running" => "import-state-running",
            "finished" => "import-state-finished",
            _ => "import-state-failed",
        },
        started: seconds(&run.started_at).unwrap_or_default(),
        finished: run.finished_at.as_deref().and_then(seconds),
        run,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

/// At most this many items on a report page; the run's JSON has them all.
const SHOWN_ITEMS: usize = 1_000;

/// A report as its page shows it: failed items first (what an editor acts
/// on), then the others, at most `SHOWN_ITEMS` in all.
struct ReportView {
    run_id: i64,
    dry_run: bool,
    /// All or nothing, and a file failed: nothing was written.
    rolled_back: bool,
    /// Nothing was written (a dry run, or rolled back): the counts are
    /// what the import would have done.
    would: bool,
    summary: Summary,
    items: Vec<ItemReport>,
    /// Items not shown.
    more: u64,
}

impl ReportView {
    fn new(run_id: i64, report: &PackedReport, atomic: bool) -> ReportView {
        let rolled_back = !report.dry_run && atomic && report.summary.failed > 0;
        // The failed items first, then those with warnings, then the rest.
        let failed = |i: &ItemReport| i.status == ItemStatus::Failed;
        let warned = |i: &ItemReport| !failed(i) && !i.warnings.is_empty();
        let quiet = |i: &ItemReport| !failed(i) && i.warnings.is_empty();
        let mut items: Vec<ItemReport> = Vec::new();
        for group in [&failed as &dyn Fn(&ItemReport) -> bool, &warned, &quiet] {
            let room = SHOWN_ITEMS - items.len();
            if room == 0 {
                break;
            }
            items.extend(report.items.iter().filter(|i| group(i)).take(room));
        }
        ReportView {
            run_id,
            dry_run: report.dry_run,
            rolled_back,
            would: report.dry_run || rolled_back,
            summary: report.summary.clone(),
            more: report.summary.total.saturating_sub(items.len() as u64),
            items,
        }
    }
}

impl ReportView {
    /// An item's result in `lang`: "would create" where nothing was written.
    fn status(&self, status: &ItemStatus, lang: &Lang) -> String {
        let key = match (status, self.would) {
            (ItemStatus::Created, true) => "import-status-would-create",
            (ItemStatus::Updated, true) => "import-status-would-update",
            (ItemStatus::Created, false) => "import-status-created",
            (ItemStatus::Updated, false) => "import-status-updated",
            (ItemStatus::Unchanged, _) => "import-status-unchanged",
            (ItemStatus::Skipped, _) => "import-status-skipped",
            (ItemStatus::Failed, _) => "import-status-failed",
        };
        lang.t(key)
    }

    /// What went wrong with an item, in `lang` (its detail, as the import
    /// wrote it, is shown beside it), with the line where there is one.
    fn problem(&self, e: &ItemError, lang: &Lang) -> String {
        let lang = *lang;
        let what = crate::i18n::import_problem(&e.code).say(lang);
        match e.line {
            Some(line) => Message::new("import-problem-at-line")
                .with("problem", what)
                .with("line", line)
                .say(lang),
            None => what,
        }
    }

    /// A warning on an item, in `lang`: "Warning: …".
    fn warning(&self, w: &ItemError, lang: &Lang) -> String {
        Message::new("import-warning")
            .with("problem", self.problem(w, lang))
            .say(*lang)
    }

    /// "12 more items, not shown here:".
    fn more_label(&self, lang: &Lang) -> String {
        Message::new("import-more")
            .with("count", self.more)
            .say(*lang)
    }
}

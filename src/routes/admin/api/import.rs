//! `POST /admin/api/import` (SPEC) and the import runs it starts:
//! `GET /admin/api/imports/{id}` (state, progress, and the report at the
//! end). Editors and admins only.

use std::sync::Arc;

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use super::openapi::{Binary, ImportRefused, ImportUpload};
use crate::auth::permissions;
use crate::config::Config;
use crate::db::{self, import_runs};
use crate::error::{AppError, ErrorBody};
use crate::i18n::Message;
use crate::import_jobs::ImportJobs;
use crate::routes::admin::guard::CurrentUser;
use crate::routes::admin::upload::{
    self, Options, Started, UploadFolder, Wait, parse_conflict, parse_duplicate_slug,
    upload_unreadable,
};
use crate::routes::json_stream;
use crate::transfer::document::rfc3339;
use crate::transfer::import::{OnConflict, OnDuplicateSlug};
use crate::transfer::report::{ImportReport, PackedReport};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiImportQuery {
    /// `true`: check everything, write nothing (default `false`).
    #[param(value_type = Option<bool>)]
    dry_run: Option<String>,
    /// What to do with an item whose slug names an existing article
    /// (default `skip`).
    #[serde(default)]
    #[param(inline, value_type = Option<OnConflict>)]
    on_conflict: String,
    /// What to do with a second item of the import whose slug an earlier
    /// one has: `fail` it (default), or `rename` it with a numeric suffix
    /// and a warning.
    #[serde(default)]
    #[param(inline, value_type = Option<OnDuplicateSlug>)]
    on_duplicate_slug: String,
    /// `true` (default): any failed item rolls back the whole import (422).
    #[param(value_type = Option<bool>)]
    atomic: Option<String>,
    /// `true`: always answer 202 and run in the background; `false`:
    /// always wait for the report; absent: by size (see `upload::Wait`).
    #[serde(rename = "async")]
    #[param(rename = "async", value_type = Option<bool>)]
    background: Option<String>,
}

fn flag(name: &str, value: Option<&str>, default: bool) -> Result<bool, AppError> {
    match value {
        None => Ok(default),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(other) => Err(AppError::invalid(
            name,
            Message::new("error-not-boolean").quoting("given", other),
        )),
    }
}

/// `POST /admin/api/import` (SPEC): multipart `file` parts, or a raw zip,
/// tar.gz or folio/v1 JSON body, streamed to disk; the report, 200 — or
/// 422 when atomic and an item failed, with nothing written. A large
/// import answers 202 with the `Location` of its run instead.
#[utoipa::path(
    tag = "import and export",
    params(ApiImportQuery),
    request_body(
        description = "Files to import: many `file` parts, or one zip, tar.gz or folio/v1 JSON",
        content(
            (ImportUpload = "multipart/form-data"),
            (Binary = "application/zip"),
            (Binary = "application/gzip"),
            (Object = "application/json"),
        ),
    ),
    responses(
        (status = 200, description = "Imported (or checked, in a dry run)", body = ImportReport),
        (status = 202, description = "Large: running in the background; Location names the run", body = RunStatus),
        (status = 400, description = "The upload could not be read", body = ErrorBody),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 403, description = "Authors may not import; or CSRF missing", body = ErrorBody),
        (status = 413, description = "Past FOLIO_MAX_UPLOAD_BYTES", body = ErrorBody),
        (status = 415, description = "Not one of the accepted types", body = ErrorBody),
        (status = 422, description = "Atomic and an item failed: the report, nothing written; or an option is invalid: the error", body = ImportRefused),
    ),
)]
#[post("/import")]
pub async fn api_import(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    jobs: web::Data<ImportJobs>,
    query: web::Query<ApiImportQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let options = Options {
        dry_run: flag("dry_run", query.dry_run.as_deref(), false)?,
        on_conflict: parse_conflict(&query.on_conflict)?,
        on_duplicate_slug: parse_duplicate_slug(&query.on_duplicate_slug)?,
        atomic: flag("atomic", query.atomic.as_deref(), true)?,
    };
    let wait = match query.background.as_deref() {
        None => Wait::Auto,
        some => match flag("async", some, false)? {
            true => Wait::Never,
            false => Wait::Always,
        },
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > config.max_upload_bytes) {
        return Err(AppError::PayloadTooLarge);
    }
    let raw_name = match actix_web::HttpMessage::content_type(&req) {
        "multipart/form-data" => None,
        "application/zip" | "application/x-zip-compressed" => Some("upload.zip"),
        "application/gzip" | "application/x-gzip" | "application/x-tar+gzip" => {
            Some("upload.tar.gz")
        }
        "application/json" => Some("upload.json"),
        other => {
            return Err(AppError::UnsupportedMediaType(
                Message::new("error-import-type").quoting("given", other),
            ));
        }
    };
    let mut folder = UploadFolder::create()?;
    match raw_name {
        Some(name) => {
            let name = format!("00001-{name}");
            upload::save_stream(&mut payload, &mut folder, &name, config.max_upload_bytes).await?;
        }
        None => {
            let mut form = Multipart::new(req.headers(), payload);
            let mut files = 0usize;
            while let Some(field) = form.next().await {
                let mut field = field.map_err(upload_unreadable)?;
                if field.name() != Some("file") {
                    continue;
                }
                files += 1;
                upload::save_file_part(&mut field, &mut folder, files, config.max_upload_bytes)
                    .await?;
            }
            if files == 0 {
                return Err(AppError::invalid(
                    "file",
                    Message::new("error-no-file-part"),
                ));
            }
        }
    }
    let jobs = jobs.into_inner();
    let started =
        upload::start_import(&pool, &config, &jobs, &user, folder, &options, wait).await?;
    match started {
        Started::Finished { report, .. } => {
            let status = if options.atomic && report.summary.failed > 0 {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            Ok(json_stream::streamed(status, report))
        }
        Started::Background { run_id } => {
            let run = run_status(&mut *pool.acquire().await?, &jobs, run_id).await?;
            Ok(HttpResponse::Accepted()
                .insert_header((header::LOCATION, run_location(run_id)))
                .json(run))
        }
    }
}

pub fn run_location(run_id: i64) -> String {
    format!("/admin/api/imports/{run_id}")
}

/// An import run as `GET /admin/api/imports/{id}` shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RunStatus {
    pub id: i64,
    /// `queued`, `running`, `finished` or `failed` (the run as a whole:
    /// a finished run's report may still hold failed items).
    pub state: String,
    pub origin: String,
    pub dry_run: bool,
    pub atomic: bool,
    pub on_conflict: String,
    pub progress: RunProgress,
    pub started_at: String,
    pub finished_at: Option<String>,
    #[schema(value_type = Option<ImportReport>)]
    pub report: Option<PackedReport>,
    pub error: Option<String>,
    pub location: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RunProgress {
    pub done: u64,
    /// Unknown (`null`) while the inputs are being counted.
    pub total: Option<u64>,
}

/// A run's status: its row, and while it runs in this process, its live
/// progress.
pub async fn run_status(
    conn: &mut sqlx::SqliteConnection,
    jobs: &Arc<ImportJobs>,
    id: i64,
) -> Result<RunStatus, AppError> {
    let run = import_runs::get(conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let live = (run.state == "running")
        .then(|| jobs.progress(id))
        .flatten();
    let (state, progress) = match live {
        Some(live) => (
            live.phase.as_str().to_owned(),
            RunProgress {
                done: live.done,
                total: live.total,
            },
        ),
        None => (
            run.state.clone(),
            RunProgress {
                done: run.done as u64,
                total: (run.state != "running").then_some(run.total as u64),
            },
        ),
    };
    let report = match run.report.as_deref() {
        Some(stored) => Some(
            PackedReport::from_stored(stored, run.items)
                .map_err(|e| AppError::Internal(e.into()))?,
        ),
        None => None,
    };
    Ok(RunStatus {
        id,
        state,
        origin: run.origin,
        dry_run: run.dry_run,
        atomic: run.atomic,
        on_conflict: run.on_conflict,
        progress,
        started_at: rfc3339(db::from_unix(run.started_at)),
        finished_at: run.finished_at.map(|f| rfc3339(db::from_unix(f))),
        report,
        error: run.error,
        location: run_location(id),
    })
}

#[utoipa::path(
    tag = "import and export",
    params(("id" = i64, Path, description = "The run's id")),
    responses(
        (status = 200, description = "The run: state, progress, and at the end the report", body = RunStatus),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 403, description = "Authors may not import", body = ErrorBody),
        (status = 404, description = "No such run", body = ErrorBody),
    ),
)]
#[get("/imports/{id}")]
pub async fn api_import_run(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    jobs: web::Data<ImportJobs>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let run = run_status(
        &mut *pool.acquire().await?,
        &jobs.into_inner(),
        id.into_inner(),
    )
    .await?;
    Ok(json_stream::streamed(StatusCode::OK, run))
}

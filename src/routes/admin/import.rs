//! `/admin/import` and `POST /admin/api/import`: uploading files or
//! archives, streamed to disk (on the page, a dry run first, then the real
//! import of the same upload). Editors and admins only.

use std::path::{Path, PathBuf};

use actix_multipart::Multipart;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use futures_util::StreamExt;
use serde::Deserialize;
use sqlx::SqlitePool;
use tokio::io::AsyncWriteExt;

use super::guard::{CurrentUser, UploadUser};
use super::layout::Frame;
use super::login::html;
use crate::auth::{csrf, permissions};
use crate::config::Config;
use crate::error::AppError;
use crate::transfer::import::{self, ImportOptions, Input, OnConflict, Origin};
use crate::transfer::report::ImportReport;
use crate::transfer::source::Limits;

/// Uploads wait for their real import in folders named so under the
/// system's temporary directory.
const UPLOAD_PREFIX: &str = "folio-upload-";

#[derive(Template)]
#[template(path = "admin/import.html")]
struct ImportPage {
    frame: Frame,
    report: Option<ImportReport>,
    /// The upload a dry run checked, which the real import may then use.
    upload: Option<String>,
    on_conflict: &'static str,
    atomic: bool,
}

#[get("/import")]
pub async fn import_form(user: CurrentUser) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let page = ImportPage {
        frame: Frame::new(&user, "import"),
        report: None,
        upload: None,
        on_conflict: "skip",
        atomic: true,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

/// The options of an import form.
struct Options {
    dry_run: bool,
    on_conflict: OnConflict,
    atomic: bool,
}

fn parse_conflict(raw: &str) -> Result<OnConflict, AppError> {
    match raw {
        "skip" | "" => Ok(OnConflict::Skip),
        "update" => Ok(OnConflict::Update),
        "fail" => Ok(OnConflict::Fail),
        other => Err(AppError::invalid(
            "on_conflict",
            format!("{other:?} is not skip, update or fail"),
        )),
    }
}

/// Receives an upload: the CSRF field first (checked before any file is
/// read), then options and files, each file streamed to disk.
#[post("/import")]
pub async fn upload_import(
    user: UploadUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    mut form: Multipart,
) -> Result<HttpResponse, AppError> {
    let user = user.0;
    user.require(permissions::can_transfer(user.role))?;
    let dir = tempfile::Builder::new()
        .prefix(UPLOAD_PREFIX)
        .tempdir()
        .map_err(|e| AppError::Internal(e.into()))?;
    let mut options = Options {
        dry_run: false,
        on_conflict: OnConflict::Skip,
        atomic: false,
    };
    let mut csrf_ok = false;
    let mut received = 0u64;
    let mut files = 0usize;
    while let Some(field) = form.next().await {
        let mut field =
            field.map_err(|e| AppError::BadRequest(format!("cannot read the upload: {e}")))?;
        let name = field.name().unwrap_or_default().to_owned();
        if name != "csrf" && !csrf_ok {
            return Err(AppError::Csrf);
        }
        if name == "file" {
            files += 1;
            save_file_part(
                &mut field,
                dir.path(),
                files,
                &mut received,
                config.max_upload_bytes,
            )
            .await?;
            continue;
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|e| AppError::BadRequest(format!("cannot read the upload: {e}")))?;
            value.extend_from_slice(&chunk);
            if value.len() > 4096 {
                return Err(AppError::invalid(&name, "the field is too long"));
            }
        }
        let value = String::from_utf8_lossy(&value).into_owned();
        match name.as_str() {
            "csrf" => csrf_ok = csrf::tokens_match(&user.csrf_token, &value),
            "dry_run" => options.dry_run = !value.is_empty(),
            "atomic" => options.atomic = !value.is_empty(),
            "on_conflict" => options.on_conflict = parse_conflict(&value)?,
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(AppError::Csrf);
    }
    if files == 0 {
        return Err(AppError::invalid("file", "choose at least one file"));
    }
    let report = run_import(&pool, &config, &user, dir.path(), &options).await?;
    // A dry run keeps the upload for the real import that follows it.
    let upload = options.dry_run.then(|| {
        let kept = dir.keep();
        kept.file_name()
            .and_then(|n| n.to_str())
            .map(|n| n.trim_start_matches(UPLOAD_PREFIX).to_owned())
            .unwrap_or_default()
    });
    report_page(&user, report, upload, &options)
}

#[derive(Deserialize)]
pub struct RunForm {
    #[serde(default)]
    on_conflict: String,
    #[serde(default)]
    atomic: String,
}

/// Imports for real an upload a dry run checked.
#[post("/import/{upload}/run")]
pub async fn run_upload(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    upload: web::Path<String>,
    form: web::Form<RunForm>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let id = upload.into_inner();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::NotFound);
    }
    let dir = std::env::temp_dir().join(format!("{UPLOAD_PREFIX}{id}"));
    if !dir.is_dir() {
        return Err(AppError::invalid(
            "upload",
            "this upload is gone (already imported?): upload the files again",
        ));
    }
    let options = Options {
        dry_run: false,
        on_conflict: parse_conflict(&form.on_conflict)?,
        atomic: !form.atomic.is_empty(),
    };
    let report = run_import(&pool, &config, &user, &dir, &options).await;
    let _ = std::fs::remove_dir_all(&dir);
    report_page(&user, report?, None, &options)
}

async fn run_import(
    pool: &SqlitePool,
    config: &Config,
    user: &CurrentUser,
    dir: &Path,
    options: &Options,
) -> Result<ImportReport, AppError> {
    let mut inputs: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .map_err(|e| AppError::Internal(e.into()))?
        .filter_map(Result::ok)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let shown = name
                .split_once('-')
                .map_or(name.clone(), |(_, n)| n.to_owned());
            (e.path(), shown)
        })
        .collect();
    inputs.sort();
    let inputs = inputs
        .into_iter()
        .map(|(path, name)| Input::Upload { path, name })
        .collect();
    let import_options = ImportOptions {
        dry_run: options.dry_run,
        on_conflict: options.on_conflict,
        atomic: options.atomic,
        zone: config.timezone,
        limits: Limits::default(),
    };
    let origin = Origin {
        kind: "http",
        user_id: Some(user.id),
        actor: user.email.clone(),
    };
    import::run(pool, inputs, import_options, origin, &|_| ())
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

fn report_page(
    user: &CurrentUser,
    report: ImportReport,
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
        report: Some(report),
        upload,
        on_conflict: options.on_conflict.as_str(),
        atomic: options.atomic,
    };
    Ok(html(status, page.render()?))
}

/// Writes an upload's stream to `path`, counting its bytes into `received`
/// against `max` (413 past it): nothing of a request is held in memory.
async fn save_stream<S, E>(
    stream: &mut S,
    path: &Path,
    received: &mut u64,
    max: u64,
) -> Result<(), AppError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut out = tokio::fs::File::create(path)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|e| AppError::BadRequest(format!("cannot read the upload: {e}")))?;
        *received += chunk.len() as u64;
        if *received > max {
            return Err(AppError::PayloadTooLarge);
        }
        out.write_all(&chunk)
            .await
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    out.flush().await.map_err(|e| AppError::Internal(e.into()))
}

/// Saves the `n`th file part of a multipart upload under its (sanitised)
/// name, numbered so the report keeps the order files were sent in.
async fn save_file_part(
    field: &mut actix_multipart::Field,
    dir: &Path,
    n: usize,
    received: &mut u64,
    max: u64,
) -> Result<(), AppError> {
    let original = field
        .content_disposition()
        .and_then(|d| d.get_filename())
        .map(base_name)
        .unwrap_or_else(|| "upload".into());
    save_stream(
        field,
        &dir.join(format!("{n:05}-{original}")),
        received,
        max,
    )
    .await
}

#[derive(Deserialize)]
pub struct ApiImportQuery {
    dry_run: Option<String>,
    #[serde(default)]
    on_conflict: String,
    atomic: Option<String>,
}

fn flag(name: &str, value: Option<&str>, default: bool) -> Result<bool, AppError> {
    match value {
        None => Ok(default),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(other) => Err(AppError::invalid(
            name,
            format!("{other:?} is not true or false"),
        )),
    }
}

/// `POST /admin/api/import` (SPEC): multipart `file` parts, or a raw zip,
/// tar.gz or folio/v1 JSON body, streamed to disk; the report, 200 — or
/// 422 when atomic and an item failed, with nothing written.
#[post("/api/import")]
pub async fn api_import(
    req: actix_web::HttpRequest,
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    query: web::Query<ApiImportQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let options = Options {
        dry_run: flag("dry_run", query.dry_run.as_deref(), false)?,
        on_conflict: parse_conflict(&query.on_conflict)?,
        atomic: flag("atomic", query.atomic.as_deref(), true)?,
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > config.max_upload_bytes) {
        return Err(AppError::PayloadTooLarge);
    }
    let dir = tempfile::Builder::new()
        .prefix(UPLOAD_PREFIX)
        .tempdir()
        .map_err(|e| AppError::Internal(e.into()))?;
    let mut received = 0u64;
    let raw_name = match actix_web::HttpMessage::content_type(&req) {
        "multipart/form-data" => None,
        "application/zip" | "application/x-zip-compressed" => Some("upload.zip"),
        "application/gzip" | "application/x-gzip" | "application/x-tar+gzip" => {
            Some("upload.tar.gz")
        }
        "application/json" => Some("upload.json"),
        other => {
            return Err(AppError::UnsupportedMediaType(format!(
                "{other:?}: send multipart/form-data, application/zip, application/gzip or application/json"
            )));
        }
    };
    match raw_name {
        Some(name) => {
            let path = dir.path().join(format!("00001-{name}"));
            save_stream(&mut payload, &path, &mut received, config.max_upload_bytes).await?;
        }
        None => {
            let mut form = Multipart::new(req.headers(), payload);
            let mut files = 0usize;
            while let Some(field) = form.next().await {
                let mut field = field
                    .map_err(|e| AppError::BadRequest(format!("cannot read the upload: {e}")))?;
                if field.name() != Some("file") {
                    continue;
                }
                files += 1;
                save_file_part(
                    &mut field,
                    dir.path(),
                    files,
                    &mut received,
                    config.max_upload_bytes,
                )
                .await?;
            }
            if files == 0 {
                return Err(AppError::invalid(
                    "file",
                    "send at least one part named file",
                ));
            }
        }
    }
    let report = run_import(&pool, &config, &user, dir.path(), &options).await?;
    let status = if options.atomic && report.summary.failed > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(HttpResponse::build(status).json(report))
}

/// The last component of an uploaded file's name, without anything that
/// could leave the upload folder.
fn base_name(raw: &str) -> String {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim_start_matches('.')
        .to_owned();
    if clean.is_empty() {
        "upload".into()
    } else {
        clean
    }
}

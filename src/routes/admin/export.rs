//! `/admin/export` and `GET /admin/api/export`: each export format as a
//! download, streamed from a temporary file. Editors and admins only.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::api::openapi::{Binary, ExportFormatName};
use super::guard::CurrentUser;
use super::layout::{Frame, html};
use super::login::confirm_password;
use crate::auth::password::Hashing;
use crate::auth::permissions;
use crate::config::Config;
use crate::error::{AppError, ErrorBody};
use crate::i18n::Message;
use crate::transfer::export::{self, ExportFormat, Holding};

#[derive(Template)]
#[template(path = "admin/export.html")]
struct ExportPage {
    frame: Frame,
    /// Users and the audit log too (admins).
    everything: bool,
}

#[get("/export")]
pub async fn export_page(user: CurrentUser) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let page = ExportPage {
        frame: Frame::new(&user, "export"),
        everything: holding(&user) == Holding::Everything,
    };
    Ok(html(StatusCode::OK, page.render()?))
}

/// What `user`'s exports may hold: users and the audit log are an admin's.
fn holding(user: &CurrentUser) -> Holding {
    if permissions::can_manage_users(user.role) {
        Holding::Everything
    } else {
        Holding::Content
    }
}

#[derive(Deserialize)]
pub struct SqliteExportForm {
    password: String,
}

/// The whole database from the export page, after the user's password
/// (asked again: a session left open must not be enough to carry it off).
#[post("/export/sqlite")]
pub async fn download_sqlite(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    hashing: web::Data<Hashing>,
    form: web::Form<SqliteExportForm>,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let password = form.into_inner().password;
    confirm_password(&req, &pool, &hashing, &user, "password", password).await?;
    export_response(&user, &pool, &config, "sqlite").await
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// What to export.
    #[param(inline, value_type = ExportFormatName)]
    format: String,
}

/// Streams an export as a download named `folio-<date>.<ext>`. The file is
/// written to a temporary file first (the sqlite snapshot needs a path; a
/// zip needs to seek), then sent from disk: memory stays flat.
#[get("/export/download")]
pub async fn download_export(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    password_first(&user, &query.format)?;
    export_response(&user, &pool, &config, &query.format).await
}

/// A whole database asked for by a browser's session (not an API token)
/// goes through the export page's password ([`download_sqlite`]).
fn password_first(user: &CurrentUser, format: &str) -> Result<(), AppError> {
    if format == "sqlite" && !user.is_token() {
        return Err(AppError::invalid(
            "password",
            Message::new("error-export-password"),
        ));
    }
    Ok(())
}

/// `GET /admin/api/export?format=sqlite|json|hexo` (SPEC), for scripts.
#[utoipa::path(
    tag = "import and export",
    params(ExportQuery),
    responses(
        (status = 200, description = "The export, as a download with a dated file name", content(
            (Binary = "application/vnd.sqlite3"),
            (Object = "application/json"),
            (Binary = "application/zip"),
        )),
        (status = 401, description = "No valid session or token", body = ErrorBody),
        (status = 403, description = "Authors may not export", body = ErrorBody),
        (status = 422, description = "Unknown format; or a whole database asked for with a session rather than an API token (the export page asks for the password)", body = ErrorBody),
    ),
)]
#[get("/export")]
pub async fn api_export(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    config: web::Data<Config>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    password_first(&user, &query.format)?;
    export_response(&user, &pool, &config, &query.format).await
}

async fn export_response(
    user: &CurrentUser,
    pool: &SqlitePool,
    config: &Config,
    format: &str,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_transfer(user.role))?;
    let (kind, ext, mime) = match format {
        "sqlite" => (ExportFormat::Sqlite, "sqlite", "application/vnd.sqlite3"),
        "json" => (ExportFormat::Json, "json", "application/json"),
        "hexo" => (ExportFormat::Hexo, "zip", "application/zip"),
        other => {
            return Err(AppError::invalid(
                "format",
                Message::new("error-export-format").quoting("given", other),
            ));
        }
    };
    let temp = tempfile::NamedTempFile::new()?;
    match kind {
        ExportFormat::Sqlite => {
            let source = <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(
                &config.database_url,
            )?
            .get_filename()
            .to_owned();
            let path = temp.path().to_owned();
            std::fs::remove_file(&path)?;
            export::snapshot(&source, &path, holding(user)).await?;
        }
        ExportFormat::Json => {
            let mut out = std::io::BufWriter::new(temp.reopen()?);
            export::write_json(pool, &mut out, holding(user)).await?;
            std::io::Write::flush(&mut out)?;
        }
        // Not offered over HTTP: a folder of files (see `folio export`).
        ExportFormat::Site => return Err(AppError::NotFound),
        ExportFormat::Hexo => {
            let file = temp.reopen()?;
            let store = crate::media::MediaStore::open(&config.media)
                .map_err(|e| AppError::Internal(e.into()))?;
            export::write_hexo_zip(
                pool,
                &store,
                std::io::BufWriter::new(file),
                config.timezone,
                export::ImageUrls::Local,
            )
            .await?;
        }
    }
    let file = tokio::fs::File::open(temp.path()).await?;
    let size = file.metadata().await?.len();
    // The name is unlinked now; the open file stays readable until sent.
    drop(temp);
    let mut conn = pool.acquire().await?;
    user.record(
        &mut conn,
        "export",
        None,
        serde_json::json!({ "format": format, "bytes": size }),
    )
    .await?;
    let name = format!("folio-{}.{ext}", Utc::now().format("%Y-%m-%d"));
    let stream = tokio_util::io::ReaderStream::new(file);
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .no_chunking(size)
        .streaming(stream))
}

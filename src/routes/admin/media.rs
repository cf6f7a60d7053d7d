//! `/admin/media`: the media library — every image folio keeps, newest
//! first, searched by file name, origin and article, filtered to those no
//! article uses; upload, see where an image is used, delete it when
//! nothing uses it. Everyone may look and upload; editors and admins
//! delete.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use futures_util::StreamExt;
use serde::Deserialize;
use sqlx::SqlitePool;

use super::confirm;
use super::flash::Flash;
use super::guard::{CurrentUser, UploadUser};
use super::layout::{Frame, html, see_other};
use super::upload::{read_field, upload_unreadable};
use crate::auth::{csrf, permissions};
use crate::config::Config;
use crate::db::media::{self as media_db, LibraryFilter, LibraryItem, MediaRow, Use};
use crate::error::AppError;
use crate::i18n::Message;
use crate::media::derive::Variant;
use crate::media::{MediaStore, MediaType, inspect};
use crate::media_jobs::Derivatives;
use crate::media_library::{Library, Origin};

/// What keeping and deleting images takes, from the app's data, as one
/// extractor (the upload and delete handlers, the API's upload).
pub struct MediaServices {
    pool: web::Data<SqlitePool>,
    store: web::Data<MediaStore>,
    derivatives: web::Data<Derivatives>,
    config: web::Data<Config>,
    served: web::Data<crate::routes::media::ServedImages>,
}

impl MediaServices {
    pub fn library(&self) -> Library<'_> {
        Library {
            pool: &self.pool,
            store: &self.store,
            derivatives: &self.derivatives,
            max_bytes: self.config.max_media_bytes,
        }
    }

    pub fn max_bytes(&self) -> u64 {
        self.config.max_media_bytes
    }

    /// What a run of bringing images home started by `user` needs to own.
    pub fn background(&self, user: &CurrentUser) -> crate::media_fetch::Background {
        crate::media_fetch::Background {
            pool: self.pool.get_ref().clone(),
            store: self.store.get_ref().clone(),
            derivatives: self.derivatives.clone().into_inner(),
            max_bytes: self.config.max_media_bytes,
            user_id: Some(user.id),
            actor: user.email.clone(),
        }
    }
}

impl actix_web::FromRequest for MediaServices {
    type Error = AppError;
    type Future = std::future::Ready<Result<MediaServices, AppError>>;

    fn from_request(req: &actix_web::HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        fn data<T: 'static>(req: &actix_web::HttpRequest) -> Option<web::Data<T>> {
            req.app_data::<web::Data<T>>().cloned()
        }
        let found = (|| {
            Some(MediaServices {
                pool: data(req)?,
                store: data(req)?,
                derivatives: data(req)?,
                config: data(req)?,
                served: data(req)?,
            })
        })();
        std::future::ready(found.ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("the media services are not registered"))
        }))
    }
}

/// Images a page of the library.
const PER_PAGE: i64 = 48;
/// Files one upload form may carry.
const MAX_FILES: usize = 50;

#[derive(Deserialize)]
pub struct LibraryQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    unused: Option<String>,
    page: Option<i64>,
}

/// An image as the library shows it.
pub struct Shown {
    pub row: MediaRow,
    pub uses: i64,
    /// Its original's URL.
    pub url: String,
    /// The smallest picture good for a thumbnail: a copy when made.
    pub thumb: String,
    /// Its origin's host, when it was fetched.
    pub host: Option<String>,
}

impl Shown {
    pub fn of(row: MediaRow, uses: i64) -> Shown {
        let ext = MediaType::from_mime(&row.mime).map_or("bin", MediaType::ext);
        let url = format!("/media/{}.{ext}", row.hash);
        let copies = Variant::parse_list(row.derived.as_deref().unwrap_or(""));
        let thumb = copies
            .iter()
            .filter(|v| v.kind == MediaType::Webp)
            .min_by_key(|v| v.width)
            .map_or_else(|| url.clone(), |v| format!("/media/{}", v.name(&row.hash)));
        let host = row
            .original_url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_owned));
        Shown {
            row,
            uses,
            url,
            thumb,
            host,
        }
    }

    /// Its size for people: KiB or MiB.
    pub fn size(&self) -> String {
        let bytes = self.row.bytes as f64;
        if bytes >= 1024.0 * 1024.0 {
            format!("{:.1} MiB", bytes / 1024.0 / 1024.0)
        } else {
            format!("{:.0} KiB", (bytes / 1024.0).max(1.0))
        }
    }

    /// What it is called: its file name, or the last part of its hash.
    pub fn name(&self) -> &str {
        self.row
            .file_name
            .as_deref()
            .unwrap_or(&self.row.hash[..12])
    }
}

#[derive(Template)]
#[template(path = "admin/media.html")]
struct LibraryPage {
    frame: Frame,
    q: String,
    unused: bool,
    images: Vec<Shown>,
    total: i64,
    page: i64,
    pages: i64,
    /// The query string of the filters, for the pager's links.
    filters: String,
}

#[get("/media")]
pub async fn list_media(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    query: web::Query<LibraryQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = LibraryFilter {
        q: query.q.trim().to_owned(),
        unused: query.unused.is_some_and(|v| !v.is_empty()),
    };
    let page = query.page.unwrap_or(1).clamp(1, 100_000);
    let (items, total) = media_db::library(
        &mut *pool.acquire().await?,
        &filter,
        PER_PAGE,
        (page - 1) * PER_PAGE,
    )
    .await?;
    let filters = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &filter.q)
        .append_pair("unused", if filter.unused { "1" } else { "" })
        .finish();
    let view = LibraryPage {
        frame: Frame::new(&user, "media"),
        images: items
            .into_iter()
            .map(|LibraryItem { media, uses }| Shown::of(media, uses))
            .collect(),
        q: filter.q,
        unused: filter.unused,
        total,
        page,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
        filters,
    };
    Ok(html(StatusCode::OK, view.render()?))
}

#[derive(Template)]
#[template(path = "admin/media_item.html")]
struct ItemPage {
    frame: Frame,
    image: Shown,
    copies: Vec<(String, String)>,
    used_in: Vec<Use>,
    can_delete: bool,
}

#[get("/media/{hash}")]
pub async fn media_item(
    user: CurrentUser,
    pool: web::Data<SqlitePool>,
    hash: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.acquire().await?;
    let row = media_db::get(&mut conn, &hash)
        .await?
        .ok_or(AppError::NotFound)?;
    let used_in = media_db::uses(&mut conn, &hash).await?;
    let copies = Variant::parse_list(row.derived.as_deref().unwrap_or(""))
        .into_iter()
        .map(|v| {
            (
                format!("{} px, {}", v.width, v.kind.ext().to_uppercase()),
                format!("/media/{}", v.name(&row.hash)),
            )
        })
        .collect();
    let view = ItemPage {
        frame: Frame::new(&user, "media"),
        can_delete: permissions::can_edit_all_content(user.role) && used_in.is_empty(),
        image: Shown::of(row, used_in.len() as i64),
        copies,
        used_in,
    };
    Ok(html(StatusCode::OK, view.render()?))
}

/// The library's upload form: its `csrf` field first, then up to
/// [`MAX_FILES`] `file` parts. Each image is kept or refused on its own;
/// the flash says which, and why.
#[post("/media")]
pub async fn upload_media(
    user: UploadUser,
    media: MediaServices,
    mut form: Multipart,
) -> Result<HttpResponse, AppError> {
    let user = user.0;
    let library = media.library();
    let max_bytes = media.max_bytes();
    let mut csrf_ok = false;
    let (mut kept, mut refused) = (0usize, Vec::new());
    while let Some(field) = form.next().await {
        let mut field = field.map_err(upload_unreadable)?;
        let name = field.name().unwrap_or_default().to_owned();
        if name == "csrf" {
            let value = read_field(&mut field, 4096).await?;
            csrf_ok = csrf::tokens_match(&user.csrf_token, &String::from_utf8_lossy(&value));
            continue;
        }
        if !csrf_ok {
            return Err(AppError::Csrf);
        }
        if name != "file" {
            continue;
        }
        if kept + refused.len() == MAX_FILES {
            return Err(AppError::invalid(
                "file",
                Message::new("media-too-many-files").with("max", MAX_FILES),
            ));
        }
        let raw_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or_default()
            .to_owned();
        if raw_name.is_empty() {
            // A form sent with no file chosen has one empty part.
            continue;
        }
        let outcome = match inspect::file_name(&raw_name) {
            Ok(file_name) => match read_field(&mut field, max_bytes).await {
                Ok(bytes) => {
                    let origin = Origin {
                        file_name: Some(file_name),
                        original_url: None,
                    };
                    library
                        .keep(bytes, origin, user.keeper())
                        .await
                        .map_err(AppError::from)
                }
                Err(e) => Err(e),
            },
            Err(e) => Err(e.into()),
        };
        match outcome {
            Ok(_) => kept += 1,
            Err(AppError::Invalid { message, .. }) => {
                refused.push(format!("{raw_name}: {}", message.say(user.lang)));
            }
            Err(AppError::PayloadTooLarge) => refused.push(format!(
                "{raw_name}: {}",
                Message::new("media-file-too-large")
                    .with("max", max_bytes)
                    .say(user.lang)
            )),
            Err(e) => return Err(e),
        }
    }
    if !csrf_ok {
        return Err(AppError::Csrf);
    }
    if kept == 0 && refused.is_empty() {
        return Err(AppError::invalid(
            "file",
            Message::new("error-choose-files"),
        ));
    }
    let said = Message::new("flash-media-uploaded").with("count", kept);
    let flash = if refused.is_empty() {
        Flash::done(said.say(user.lang))
    } else {
        Flash::warning(format!(
            "{} {}",
            said.say(user.lang),
            Message::new("flash-media-refused")
                .with("list", refused.join("; "))
                .say(user.lang)
        ))
    };
    user.tell(&mut *media.pool.acquire().await?, flash).await?;
    Ok(see_other("/admin/media"))
}

#[post("/media/{hash}/delete")]
pub async fn delete_media(
    user: CurrentUser,
    media: MediaServices,
    hash: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    user.require(permissions::can_edit_all_content(user.role))?;
    let row = media_db::get(&mut *media.pool.acquire().await?, &hash)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = Shown::of(row, 0).name().to_owned();
    let back = format!("/admin/media/{hash}");
    if !confirm::confirmed(&body) {
        let question = Message::new("media-confirm-delete").with("name", name.as_str());
        let action = format!("/admin/media/{hash}/delete");
        return confirm::ask(
            &user,
            "media",
            &action,
            &body,
            question,
            "media-delete",
            &back,
        );
    }
    let mut conn = media.pool.acquire().await?;
    match media.library().delete_unused(&hash, user.keeper()).await? {
        Some(row) => {
            media
                .served
                .forget(&crate::media_library::object_names(&row));
            let said = Message::new("flash-media-deleted").with("name", name.as_str());
            user.tell_done(&mut conn, said).await?;
            Ok(see_other("/admin/media"))
        }
        None => {
            let said = Message::new("flash-media-in-use").with("name", name.as_str());
            user.tell(&mut conn, Flash::warning(said.say(user.lang)))
                .await?;
            Ok(see_other(&back))
        }
    }
}

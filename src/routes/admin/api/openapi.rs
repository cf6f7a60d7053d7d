//! `GET /admin/api/openapi.json`: the OpenAPI 3 document of `/admin/api`
//! and the public `/api`, generated from the handlers' `#[utoipa::path]` as
//! the two API scopes register them (`startup::api_scope`,
//! `public_api_scope`), so a route cannot be served and left out, nor
//! documented and not served.

use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi, SecurityRequirement};

use crate::error::{AppError, ErrorBody};
use crate::routes::admin::guard::CurrentUser;

/// Bodies the handlers read as streams, described for the document only.
mod described {
    #![allow(dead_code)] // never built: they only give the document its shapes

    /// A file, as raw bytes.
    #[derive(utoipa::ToSchema)]
    #[schema(value_type = String, format = Binary)]
    pub struct Binary(Vec<u8>);

    /// A tag's or category's name: 1 to 100 characters once surrounding
    /// spaces and control characters are taken out; no bidirectional
    /// control (`domain::text`).
    #[derive(utoipa::ToSchema)]
    #[schema(
        value_type = String,
        pattern = r"^[\s\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f\u202A-\u202E\u2066-\u2069][^\u202A-\u202E\u2066-\u2069]{0,99}$"
    )]
    pub struct Name(String);

    /// The formats of `GET /admin/api/export`.
    #[derive(utoipa::ToSchema)]
    #[schema(rename_all = "lowercase")]
    pub enum ExportFormatName {
        Sqlite,
        Json,
        Hexo,
    }

    /// A 422 from an import: the report of an atomic import that failed
    /// (nothing written), or the error of an invalid option.
    #[derive(utoipa::ToSchema)]
    #[serde(untagged)]
    pub enum ImportRefused {
        Report(crate::transfer::report::ImportReport),
        Error(crate::error::ErrorBody),
    }

    /// An image to keep, as a multipart part.
    #[derive(utoipa::ToSchema)]
    pub struct MediaUpload {
        /// The image: JPEG, PNG, GIF or WebP.
        #[schema(value_type = String, format = Binary)]
        file: Vec<u8>,
    }

    /// The parts of a multipart import.
    #[derive(utoipa::ToSchema)]
    pub struct ImportUpload {
        /// One or more files: `.md`, `.markdown`, `.txt`, `.zip`, `.tar.gz`, `.json`.
        #[schema(value_type = Vec<String>, format = Binary, min_items = 1)]
        file: Vec<Vec<u8>>,
    }
}

pub use described::{Binary, ExportFormatName, ImportRefused, ImportUpload, MediaUpload, Name};

/// The document, serialised once at start, and the operations it lists.
pub struct ApiDocument {
    json: String,
    /// Each path's segments (`{id}` matches any one) and its methods.
    routes: Vec<(Vec<String>, Vec<String>)>,
}

impl ApiDocument {
    pub fn new(api: &OpenApi) -> Result<ApiDocument, serde_json::Error> {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path.split('/').map(str::to_owned).collect();
                let value = serde_json::to_value(item).unwrap_or_default();
                let methods = value
                    .as_object()
                    .into_iter()
                    .flat_map(|o| o.keys())
                    .filter(|k| HTTP_METHODS.contains(&k.as_str()))
                    .map(|k| k.to_uppercase())
                    .collect();
                (segments, methods)
            })
            .collect();
        Ok(ApiDocument {
            json: api.to_pretty_json()?,
            routes,
        })
    }

    /// The methods the document lists for a request path.
    fn methods_of(&self, path: &str) -> Vec<&str> {
        let asked: Vec<&str> = path.split('/').collect();
        self.routes
            .iter()
            .filter(|(segments, _)| {
                segments.len() == asked.len()
                    && segments.iter().zip(&asked).all(|(s, a)| {
                        s == a || (s.starts_with('{') && s.ends_with('}') && !a.is_empty())
                    })
            })
            .flat_map(|(_, methods)| methods.iter().map(String::as_str))
            .collect()
    }
}

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What `/admin/api` answers to a request no handler took: 405 with
/// `Allow` when the path is one of the document's with another method,
/// else 404 — both in the error shape.
pub async fn no_route(
    req: HttpRequest,
    document: web::Data<ApiDocument>,
) -> Result<HttpResponse, AppError> {
    let methods = document.methods_of(req.path());
    Err(if methods.is_empty() {
        AppError::NotFound
    } else {
        AppError::MethodNotAllowed {
            allow: methods.join(", "),
        }
    })
}

/// Completes the paths collected from the API scope with what describes
/// the API as a whole: its title, and that it takes a Bearer token.
pub fn describe(mut api: OpenApi) -> OpenApi {
    api.info = InfoBuilder::new()
        .title("folio API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "`/api`: published articles, for anyone. `/admin/api`: articles, imports \
             and exports for scripts; authenticate with \
             `Authorization: Bearer <API token>` (from /admin/tokens or `folio token create`), \
             or a logged-in session with the `X-CSRF-Token` header. Every error is \
             `{\"error\":{\"code\",\"message\"}}`.",
        ))
        .build();
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "token",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("folio API token")
                .build(),
        ),
    );
    api.security = Some(vec![SecurityRequirement::new(
        "token",
        Vec::<String>::new(),
    )]);
    api
}

#[utoipa::path(
    tag = "meta",
    responses(
        (status = 200, description = "This document", content_type = "application/json"),
        (status = 401, description = "No valid session or token", body = ErrorBody),
    ),
)]
#[get("/openapi.json")]
pub async fn openapi_json(
    _user: CurrentUser,
    document: web::Data<ApiDocument>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(document.json.clone()))
}

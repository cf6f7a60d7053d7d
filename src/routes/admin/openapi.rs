//! `GET /admin/api/openapi.json`: the OpenAPI 3 document of `/admin/api`,
//! generated from the handlers' `#[utoipa::path]` as the API scope
//! registers them (`startup::api_scope`), so a route cannot be served and
//! left out, nor documented and not served.

use actix_web::{HttpResponse, get, web};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi, SecurityRequirement};

use super::guard::CurrentUser;
use crate::error::{AppError, ErrorBody};

/// Bodies the handlers read as streams, described for the document only.
mod described {
    #![allow(dead_code)] // never built: they only give the document its shapes

    /// A file, as raw bytes.
    #[derive(utoipa::ToSchema)]
    #[schema(value_type = String, format = Binary)]
    pub struct Binary(Vec<u8>);

    /// The parts of a multipart import.
    #[derive(utoipa::ToSchema)]
    pub struct ImportUpload {
        /// One or more files: `.md`, `.markdown`, `.txt`, `.zip`, `.tar.gz`, `.json`.
        #[schema(value_type = Vec<String>, format = Binary)]
        file: Vec<Vec<u8>>,
    }
}

pub use described::{Binary, ImportUpload};

/// The document, serialised once at start.
pub struct ApiDocument(pub String);

/// Completes the paths collected from the API scope with what describes
/// the API as a whole: its title, and that it takes a Bearer token.
pub fn describe(mut api: OpenApi) -> OpenApi {
    api.info = InfoBuilder::new()
        .title("folio admin API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "Articles, imports and exports for scripts. Authenticate with \
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
        .body(document.0.clone()))
}

//! Building the HTTP application: the one route table.

use std::net::{SocketAddr, TcpListener};

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use sqlx::SqlitePool;

use crate::config::Config;
use crate::error::AppError;
use crate::routes;

/// Largest JSON or raw body: an article of 16 MiB and its other fields.
const BODY_LIMIT: usize = 20 * 1024 * 1024;
/// Largest form, but the editor's (`editor::ARTICLE_FORM_LIMIT`): the login
/// form is read before anyone is known, so it must stay small.
pub const FORM_LIMIT: usize = 64 * 1024;

/// Every `/admin` route, behind the guard (session, CSRF, headers).
fn admin_scope() -> actix_web::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<actix_web::body::BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    use routes::admin::*;
    web::scope("/admin")
        .wrap(actix_web::middleware::from_fn(guard::admin_guard))
        .service(login::login_form)
        .service(login::login)
        .service(login::logout)
        .service(dashboard::dashboard)
        .service(articles::list_articles)
        .service(articles::bulk_articles)
        .service(articles::empty_trash)
        .service(editor::new_article_form)
        .service(editor::create_article)
        .service(editor::edit_article_form)
        .service(editor::update_article)
        .service(editor::preview)
        .service(editor::suggest_slug)
        .service(editor::preview_page)
        .service(body::body_blocks)
        .service(body::assemble_body)
        .service(autosave::put_autosave)
        .service(autosave::discard_autosave)
        .service(publishing::publish_article)
        .service(publishing::unpublish_article)
        .service(publishing::republish_article)
        .service(publishing::schedule_article)
        .service(publishing::delete_article)
        .service(publishing::restore_article)
        .service(revisions::list_revisions)
        .service(revisions::compare_revisions)
        .service(revisions::restore_revision)
        .service(tags::list_tags)
        .service(tags::merge_tags)
        .service(tags::rename_tag)
        .service(tags::delete_tag)
        .service(categories::list_categories)
        .service(categories::show_category)
        .service(categories::rename_category)
        .service(categories::move_category)
        .service(categories::merge_category)
        .service(categories::delete_category)
        .service(users::list_users)
        .service(users::create_user)
        .service(users::set_role)
        .service(users::disable_user)
        .service(users::enable_user)
        .service(users::reset_password)
        .service(account::account)
        .service(account::change_password)
        .service(account::set_preferences)
        .service(account::set_zone)
        .service(fetches::fetch_article_images)
        .service(fetches::fetch_run)
        .service(media::list_media)
        .service(media::upload_media)
        .service(media::media_item)
        .service(media::delete_media)
        .service(tokens::list_tokens)
        .service(tokens::create_token)
        .service(tokens::revoke_token)
        .service(audit::audit_log)
        .service(import::import_form)
        .service(import::upload_import)
        .service(import::run_upload)
        .service(export::export_page)
        .service(export::download_export)
        .service(export::download_sqlite)
        .service(import::import_run_page)
        .default_service(web::to(|| async {
            Err::<actix_web::HttpResponse, _>(AppError::NotFound)
        }))
}

/// `/admin/api`: the JSON API, behind the same guard as the pages. A
/// utoipa scope: each handler must carry its `#[utoipa::path]`, and the
/// OpenAPI document is collected from exactly what is registered here.
fn api_scope() -> utoipa_actix_web::scope::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<actix_web::body::BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    use routes::admin::*;
    utoipa_actix_web::scope("/admin/api")
        .wrap(actix_web::middleware::from_fn(guard::admin_guard))
        .service(api::articles::api_list_articles)
        .service(api::articles::api_create_article)
        .service(api::articles::api_get_article)
        .service(api::articles::api_update_article)
        .service(api::articles::api_delete_article)
        .service(api::articles::api_publishing_step)
        .service(api::import::api_import)
        .service(api::import::api_import_run)
        .service(api::media::api_upload_media)
        .service(api::media::api_list_media)
        .service(api::media::api_fetch_images)
        .service(api::media::api_fetch_run)
        .service(export::api_export)
        .service(api::openapi::openapi_json)
        .default_service(web::to(routes::admin::api::openapi::no_route))
}

/// `/api`: published articles as JSON, for anyone (SPEC's public API).
fn public_api_scope() -> utoipa_actix_web::scope::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<actix_web::body::BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    use routes::public_api::*;
    utoipa_actix_web::scope("/api")
        .wrap(actix_web::middleware::from_fn(public_headers))
        .service(public_list)
        .service(public_article)
        .default_service(web::to(routes::admin::api::openapi::no_route))
}

/// The public site's security headers on `/api` answers too.
async fn public_headers(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let mut res = next.call(req).await?.map_into_boxed_body();
    routes::site::security_headers(res.headers_mut());
    if res.response().error().is_some() {
        // The JSON API's errors follow the client's Accept-Language.
        let lang = res
            .request()
            .headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::i18n::Lang::from_accept_language)
            .or_else(|| {
                res.request()
                    .app_data::<web::Data<Config>>()
                    .map(|c| c.site_lang)
            })
            .unwrap_or_default();
        res = crate::error::localize_json(res, lang);
    }
    Ok(res)
}

/// The OpenAPI document of everything `api_scope` and `public_api_scope`
/// serve.
pub fn api_document() -> utoipa::openapi::OpenApi {
    use utoipa_actix_web::AppExt;
    let (_, api) = App::new()
        .into_utoipa_app()
        .service(api_scope())
        .service(public_api_scope())
        .split_for_parts();
    routes::admin::api::openapi::describe(api)
}

pub struct Application {
    address: SocketAddr,
    server: Server,
    import_jobs: web::Data<crate::import_jobs::ImportJobs>,
}

impl Application {
    /// Binds `config.bind` (port 0 picks a free port, as the tests do) and
    /// prepares the server; `run_until_stopped` serves.
    pub async fn build(config: Config, pool: SqlitePool) -> std::io::Result<Application> {
        let listener = TcpListener::bind(config.bind)?;
        let address = listener.local_addr()?;
        // The scheduler lives as long as the server's runtime.
        let site_cache = web::Data::new(crate::site_cache::SiteCache::default());
        tokio::spawn(crate::scheduler::run(
            pool.clone(),
            config.session_lifetimes(),
            site_cache.clone().into_inner(),
        ));
        let site = web::Data::new(crate::site::Site::live(&config));
        let search_cache = web::Data::new(crate::search_cache::SearchCache::default());
        let choices = web::Data::new(routes::admin::choices::ChoicesCache::default());
        let category_trees =
            web::Data::new(routes::admin::categories::CategoryTreeCache::default());
        let tag_counts = web::Data::new(routes::admin::tags::TagCountsCache::default());
        let import_jobs = web::Data::new(crate::import_jobs::ImportJobs::default());
        let store = crate::media::MediaStore::open(&config.media).map_err(std::io::Error::other)?;
        // The images' copies are made in the background, as long as the
        // server runs (and what a stop left is made at the next start).
        let derivatives = web::Data::new(crate::media_jobs::Derivatives::default());
        tokio::spawn(crate::media_jobs::run(
            derivatives.clone().into_inner(),
            pool.clone(),
            store.clone(),
        ));
        let media = web::Data::new(store);
        let served_images = web::Data::new(routes::media::ServedImages::default());
        let fetch_runs = web::Data::new(crate::media_fetch::FetchRuns::new(
            crate::outbound::Fetcher::new(crate::media_fetch::fetch_settings(&config))
                .map_err(std::io::Error::other)?,
        ));
        let hashing = web::Data::new(crate::auth::password::Hashing::for_this_machine());
        let pool = web::Data::new(pool);
        let config = web::Data::new(config);
        let jobs = import_jobs.clone();
        // Over https, browsers are told to come back only over https.
        let hsts = config.secure_cookies();
        let document = web::Data::new(
            routes::admin::api::openapi::ApiDocument::new(&api_document())
                .map_err(std::io::Error::other)?,
        );
        let server = HttpServer::new(move || {
            App::new()
                .app_data(pool.clone())
                .app_data(config.clone())
                .app_data(search_cache.clone())
                .app_data(choices.clone())
                .app_data(category_trees.clone())
                .app_data(tag_counts.clone())
                .app_data(import_jobs.clone())
                .app_data(media.clone())
                .app_data(derivatives.clone())
                .app_data(fetch_runs.clone())
                .app_data(served_images.clone())
                .app_data(hashing.clone())
                .app_data(document.clone())
                .app_data(site.clone())
                .app_data(site_cache.clone())
                // Article bodies reach 16 MiB (the importer's limit).
                .app_data(web::FormConfig::default().limit(FORM_LIMIT))
                .app_data(web::PayloadConfig::new(BODY_LIMIT))
                // A path or query that does not parse answers in the one
                // error shape: a path segment that is no id names nothing
                // (404); a bad query value is an invalid field (422).
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()),
                )
                .app_data(web::QueryConfig::default().error_handler(|e, _| {
                    AppError::invalid(
                        "query",
                        crate::i18n::Message::new("error-query").with("detail", e.to_string()),
                    )
                    .into()
                }))
                .app_data(
                    web::JsonConfig::default()
                        .limit(BODY_LIMIT)
                        .error_handler(|e, _| AppError::from(e).into()),
                )
                .wrap(actix_web::middleware::from_fn(
                    routes::slow_bodies::pace_bodies,
                ))
                .wrap(actix_web::middleware::Condition::new(
                    hsts,
                    actix_web::middleware::DefaultHeaders::new()
                        .add(("Strict-Transport-Security", "max-age=31536000")),
                ))
                .wrap(
                    actix_web::middleware::Logger::new("%a \"%r\" %s %b %Dms")
                        .log_target("folio::http"),
                )
                .service(routes::health::healthz)
                .service(routes::assets::asset)
                .service(routes::media::media_file)
                .service(routes::media::exported_image)
                .service(api_scope())
                .service(public_api_scope())
                .service(admin_scope())
                // Everything else is the public site (`site::Route`).
                .default_service(web::to(routes::site::site_page))
        })
        // SIGTERM and Ctrl-C stop accepting, then let requests in flight
        // finish for up to this many seconds.
        .shutdown_timeout(10)
        .listen(listener)?
        .run();
        Ok(Application {
            address,
            server,
            import_jobs: jobs,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The imports running in the background, which outlive a stop only
    /// as failed runs (see `serve`).
    pub fn import_jobs(&self) -> std::sync::Arc<crate::import_jobs::ImportJobs> {
        self.import_jobs.clone().into_inner()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

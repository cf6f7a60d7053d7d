//! folio: a content management backend for Hexo-style article collections.

/// Authentication primitives: argon2id passwords, random tokens.
/// The rules of an article change, one place for every surface.
pub mod article_rules;
pub mod auth;
/// The `folio` command line: subcommands and their output.
pub mod cli;
/// Configuration read once from the environment.
pub mod config;
/// Every SQL statement, as functions over a SQLite connection.
pub mod db;
/// Rendered HTML, excerpt, plain text and search tokens of an article.
pub mod derived;
/// Domain types that are valid once constructed.
pub mod domain;
/// The error type HTTP handlers answer with.
pub mod error;
/// Reading and writing Hexo posts.
pub mod hexo;
/// The languages folio speaks and their message catalogs.
pub mod i18n;
/// Imports running in the background: one at a time, with live progress.
pub mod import_jobs;
/// Times in a person's zone, shown and typed.
pub mod local_time;
pub mod media;
/// Bringing an article's remote images home.
pub mod media_fetch;
/// The background worker that makes images' smaller copies.
pub mod media_jobs;
/// Keeping and removing images, whoever asks.
pub mod media_library;
/// Requests folio makes on a user's behalf, kept off private addresses.
pub mod outbound;
/// Markdown/HTML → sanitised HTML, excerpts and plain text.
pub mod render;
/// HTTP handlers.
pub mod routes;
/// Publishing scheduled articles on time, from inside the server.
pub mod scheduler;
/// Tokenising and querying the Chinese-capable full-text index.
pub mod search;
/// Ranked search results kept until the database changes.
pub mod search_cache;
/// The public site: pages, feeds and sitemap of published articles.
pub mod site;
/// The public site's rendered answers, dropped when the content changes.
pub mod site_cache;
/// Building the HTTP application: the one route table.
pub mod startup;
/// Logging setup.
pub mod telemetry;
pub mod text_diff;
/// Import (files, folders, archives, JSON) and export (sqlite, json, hexo).
pub mod transfer;

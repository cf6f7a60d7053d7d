//! Integration tests: real SQLite files, the real `folio` binary, real HTTP
//! on 127.0.0.1.

mod admin_api;
mod admin_api_async;
mod admin_api_transfer;
mod admin_articles;
mod admin_auth;
mod admin_people;
mod admin_taxonomy;
mod admin_transfer;
mod app;
mod autosave;
mod bad_input;
mod body_edits;
mod cli;
mod desk;
mod fetch_images;
mod hardening;
mod helpers;
/// Hexo's reading and folio's compared: shared with `bench/hexo_parity`.
#[path = "../../bench/hexo_parity/compare.rs"]
mod hexo_compare;
mod hexo_forms;
mod hexo_parity;
mod hexo_site;
mod i18n;
mod image_server;
mod markup;
mod media;
mod media_library;
mod media_pages;
mod openapi;
mod properties;
mod reader;
mod round_trip;
mod search;
mod seeds;
mod serve;
mod serve_imports;
mod site;
mod write_rules;

/// `s` percent-encoded for a URL's path or query.
pub fn url_enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

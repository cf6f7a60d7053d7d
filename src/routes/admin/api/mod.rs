//! `/admin/api`: the JSON API for machines, beside the pages (SPEC's
//! admin API). `articles` (list, create, read, update, delete, publishing
//! steps), `import` (`POST /admin/api/import` and a run's status), `media`
//! (`POST /admin/api/media`), and
//! `openapi` (the document, collected by utoipa from the scope `startup`
//! registers, and the scope's 404/405). The export's download lives with
//! the export page (`export`).

pub mod articles;
pub mod import;
pub mod media;
pub mod openapi;

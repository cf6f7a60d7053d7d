//! Moving articles in and out: import (files, folders, zip, tar.gz,
//! folio/v1 JSON) and export (sqlite snapshot, folio/v1 JSON, Hexo zip).

pub mod document;
pub mod export;
pub mod hexo_site;
pub mod import;
pub mod item_log;
pub mod report;
pub mod source;

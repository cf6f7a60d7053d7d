//! The admin UI: server-rendered pages behind the session guard.

pub mod account;
pub mod api;
pub mod api_import;
pub mod articles;
pub mod audit;
pub mod choices;
pub mod confirm;
pub mod dashboard;
pub mod diff;
pub mod editor;
pub mod export;
pub mod flash;
pub mod guard;
pub mod import;
pub mod layout;
pub mod login;
pub mod openapi;
pub mod publishing;
pub mod revisions;
pub mod seconds;
pub mod taxonomy;
pub mod tokens;
pub mod upload;
pub mod users;

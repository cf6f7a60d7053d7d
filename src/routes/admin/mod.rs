//! The admin UI: server-rendered pages behind the session guard.

pub mod dashboard;
pub mod filters;
pub mod guard;
pub mod layout;
pub mod login;

//! HTTP handlers, one file per resource.

pub mod admin;
pub mod assets;
pub mod health;
pub mod public_api;

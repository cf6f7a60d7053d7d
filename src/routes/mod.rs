//! HTTP handlers, one file per resource.

pub mod admin;
pub mod assets;
pub mod health;
pub mod json_stream;
pub mod media;
pub mod public_api;
pub mod site;
pub mod slow_bodies;

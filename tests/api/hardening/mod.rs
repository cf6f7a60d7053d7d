//! Issue 14: what an attacker can make folio do with its own work — the
//! cost of a request, the order of checks, what stays behind in a file.
//! One module per class, each at the HTTP level against a real server.

mod answers;
mod export;
mod import;
mod integrity;
mod login;
mod render;
mod requests;
mod sessions;
mod text;
mod urls;

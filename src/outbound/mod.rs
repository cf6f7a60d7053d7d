//! Requests folio makes on a user's behalf (images brought home from the
//! web): `guard` says which addresses it may reach, `fetch` downloads
//! within bounds.

pub mod fetch;
pub mod guard;

pub use fetch::{Failure, Fetcher, Settings};
pub use guard::AddressRules;

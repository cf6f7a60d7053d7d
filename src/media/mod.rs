//! Media (issue 17): images kept by folio, content-addressed (the SHA-256
//! of their bytes names them, so the same image is stored once), the
//! original bytes kept as they came.
//!
//! `inspect` says what a file is from its bytes, before anything is
//! decoded; `store` keeps the bytes (a folder or S3-compatible storage).

pub mod inspect;
pub mod store;

pub use inspect::{Inspected, MediaError, MediaType, inspect};
pub use store::{Location, MediaStore, StoreError};

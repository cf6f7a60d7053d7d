//! Authentication primitives: argon2id password hashing and random tokens.
//! (Sessions, CSRF and throttling arrive with the admin UI.)

pub mod password;
pub mod token;

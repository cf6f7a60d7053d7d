//! Authentication and its defences: argon2id passwords, random tokens,
//! sessions, CSRF, the login throttle and what each role may do.

pub mod csrf;
pub mod password;
pub mod permissions;
pub mod session;
pub mod throttle;
pub mod token;

//! Filters the admin templates use (`{{ at|time }}`); a page module brings
//! them in with `use super::filters;`.

use askama::{Result, Values};

use crate::db::from_unix;

/// Unix seconds, however many references deep the template holds them.
pub trait Seconds {
    fn seconds(&self) -> i64;
}

impl Seconds for i64 {
    fn seconds(&self) -> i64 {
        *self
    }
}

impl<T: Seconds + ?Sized> Seconds for &T {
    fn seconds(&self) -> i64 {
        (**self).seconds()
    }
}

/// Unix seconds as `2021-06-02 04:07 UTC`.
#[askama::filter_fn]
pub fn time<T: Seconds>(secs: T, _: &dyn Values) -> Result<String> {
    Ok(from_unix(secs.seconds())
        .format("%Y-%m-%d %H:%M UTC")
        .to_string())
}

//! What the admin templates accept as a time: unix seconds, however many
//! references deep the template holds them (`Frame::time`).

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

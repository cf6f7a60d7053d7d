//! A value computed from the content and kept until the content changes
//! (`db::content_generation` moves): the choices of the list's filters,
//! the category tree with its counts. The first page view after a change
//! computes it; the others share it.

use std::sync::{Arc, Mutex};

pub struct PerGeneration<T> {
    current: Mutex<Option<(i64, Arc<T>)>>,
}

impl<T> Default for PerGeneration<T> {
    fn default() -> Self {
        PerGeneration {
            current: Mutex::new(None),
        }
    }
}

impl<T> PerGeneration<T> {
    /// The value kept for content generation `stamp`, if any.
    pub fn fresh(&self, stamp: i64) -> Option<Arc<T>> {
        let current = self.current.lock().ok()?;
        let (at, value) = current.as_ref()?;
        (*at == stamp).then(|| value.clone())
    }

    /// Keeps `value` as generation `stamp`'s.
    pub fn keep(&self, stamp: i64, value: T) -> Arc<T> {
        let value = Arc::new(value);
        if let Ok(mut current) = self.current.lock() {
            *current = Some((stamp, value.clone()));
        }
        value
    }
}

//! A value computed from the content and kept until the content changes
//! (`db::content_generation` moves): the choices of the list's filters,
//! the category tree with its counts, the tags' counts. The first request
//! after a change computes it — one computation, however many requests
//! arrive meanwhile — and the others share it.

use std::future::Future;
use std::sync::{Arc, Mutex};

pub struct PerGeneration<T> {
    current: Mutex<Option<(i64, Arc<T>)>>,
    computing: tokio::sync::Mutex<()>,
}

impl<T> Default for PerGeneration<T> {
    fn default() -> Self {
        PerGeneration {
            current: Mutex::new(None),
            computing: tokio::sync::Mutex::new(()),
        }
    }
}

impl<T> PerGeneration<T> {
    /// The value kept for content generation `stamp`, if any.
    fn fresh(&self, stamp: i64) -> Option<Arc<T>> {
        let current = self.current.lock().ok()?;
        let (at, value) = current.as_ref()?;
        (*at == stamp).then(|| value.clone())
    }

    /// The value of generation `stamp`: kept, or made by `compute` (while
    /// other requests for it wait) and kept.
    pub async fn get<E, Fut>(&self, stamp: i64, compute: impl FnOnce() -> Fut) -> Result<Arc<T>, E>
    where
        Fut: Future<Output = Result<T, E>>,
    {
        if let Some(value) = self.fresh(stamp) {
            return Ok(value);
        }
        let _one_at_a_time = self.computing.lock().await;
        if let Some(value) = self.fresh(stamp) {
            return Ok(value);
        }
        let value = Arc::new(compute().await?);
        if let Ok(mut current) = self.current.lock() {
            *current = Some((stamp, value.clone()));
        }
        Ok(value)
    }
}

//! Request bodies that arrive too slowly are cut off.
//!
//! actix-web bounds the time to read a request's head, not its body: an
//! upload sent at a byte a second held a connection (and a worker's share
//! of an import's memory) for as long as the client liked. Every body is
//! read through [`Paced`]: after a grace period it must have arrived at a
//! floor rate on average, counted from the request's start, and a body
//! that falls behind ends the request with 408 and the connection.

use std::cell::Cell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use futures_util::Stream;
use tokio::time::{Instant, Sleep};

use crate::config::Config;
use crate::error::AppError;

/// How slowly a body may arrive: `FOLIO_BODY_GRACE_SECS` (10) before the
/// floor applies, then `FOLIO_BODY_MIN_RATE` bytes a second (8 KiB) on
/// average since the request began. A 64 MiB upload may take up to 2 h 16.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub grace: Duration,
    pub min_bytes_per_sec: u64,
}

impl Pace {
    /// When a body that has `received` bytes since `start` falls behind.
    fn deadline(&self, start: Instant, received: u64) -> Instant {
        let earned =
            Duration::from_secs_f64(received as f64 / self.min_bytes_per_sec.max(1) as f64);
        start + self.grace.max(earned)
    }
}

/// The middleware: every request's body is read through [`Paced`]; a body
/// that fell behind answers 408 whatever its handler made of the error.
pub async fn pace_bodies(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    // A request without a body (most: every page and image) has nothing
    // to pace.
    let headers = req.headers();
    let has_body = headers.contains_key(actix_web::http::header::TRANSFER_ENCODING)
        || headers
            .get(actix_web::http::header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    let pace = req.app_data::<web::Data<Config>>().map(|c| c.body_pace);
    let Some(pace) = pace.filter(|_| has_body) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let late = Rc::new(Cell::new(false));
    let inner = req.take_payload();
    req.set_payload(Payload::Stream {
        payload: Box::pin(Paced {
            inner,
            pace,
            start: Instant::now(),
            received: 0,
            timer: None,
            late: late.clone(),
        }),
    });
    let res = next.call(req).await?.map_into_boxed_body();
    if !late.get() {
        return Ok(res);
    }
    let (req, _) = res.into_parts();
    let mut answer = actix_web::ResponseError::error_response(&AppError::BodyTooSlow);
    answer
        .head_mut()
        .set_connection_type(actix_web::http::ConnectionType::Close);
    Ok(ServiceResponse::new(req, answer))
}

/// A request body that ends with an error once it falls behind its pace.
struct Paced {
    inner: Payload,
    pace: Pace,
    start: Instant,
    received: u64,
    timer: Option<Pin<Box<Sleep>>>,
    late: Rc<Cell<bool>>,
}

impl Stream for Paced {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Poll::Ready(item) = Pin::new(&mut this.inner).poll_next(cx) {
            if let Some(Ok(chunk)) = &item {
                this.received += chunk.len() as u64;
            }
            return Poll::Ready(item);
        }
        let deadline = this.pace.deadline(this.start, this.received);
        if Instant::now() >= deadline {
            this.late.set(true);
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the body arrived too slowly",
            )))));
        }
        // Woken at the deadline if no data comes before it.
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        timer.as_mut().reset(deadline);
        let _ = timer.as_mut().poll(cx);
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_applies_after_the_grace_and_counts_from_the_start() {
        let pace = Pace {
            grace: Duration::from_secs(10),
            min_bytes_per_sec: 1000,
        };
        let start = Instant::now();
        assert_eq!(pace.deadline(start, 0), start + Duration::from_secs(10));
        assert_eq!(pace.deadline(start, 5_000), start + Duration::from_secs(10));
        assert_eq!(
            pace.deadline(start, 30_000),
            start + Duration::from_secs(30)
        );
    }
}

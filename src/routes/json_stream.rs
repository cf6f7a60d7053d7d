//! JSON answers too large to build in memory first: an import report of
//! 300,000 items is 56 MiB of text. The value is serialised on a blocking
//! thread into 64 KiB chunks handed over a channel of a few, so an answer
//! holds the value and those chunks, never the whole text.

use std::convert::Infallible;
use std::io::{self, Write};

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use serde::Serialize;
use tokio::sync::mpsc;

const CHUNK: usize = 64 * 1024;
/// Chunks serialised ahead of the client.
const AHEAD: usize = 4;

pub fn streamed(status: StatusCode, value: impl Serialize + Send + 'static) -> HttpResponse {
    let (sender, receiver) = mpsc::channel::<Bytes>(AHEAD);
    tokio::task::spawn_blocking(move || {
        let mut out = io::BufWriter::with_capacity(CHUNK, Chunks(sender));
        // The only error is a client gone (the channel closed): no one to tell.
        let _ = serde_json::to_writer(&mut out, &value)
            .map_err(io::Error::from)
            .and_then(|()| out.flush());
    });
    let body = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let chunk = receiver.recv().await?;
        Some((Ok::<_, Infallible>(chunk), receiver))
    });
    HttpResponse::build(status)
        .content_type("application/json")
        .streaming(body)
}

/// Hands each buffer it is given to the answer's channel.
struct Chunks(mpsc::Sender<Bytes>);

impl Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .blocking_send(Bytes::copy_from_slice(buf))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

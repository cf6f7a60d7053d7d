//! The reading side of an import: walks the inputs on its own thread and
//! prepares each item (parse, render, tokenise, hash) for the writer.

use std::ops::ControlFlow;

use chrono::Utc;
use tokio::sync::mpsc;

use super::{ImportOptions, Input, Message, Prepared};
use crate::derived::Derived;
use crate::hexo::{self, ReadContext};
use crate::transfer::report::ItemError;
use crate::transfer::source::{self, Found, RawItem};

/// The producer: walks the inputs and prepares each item.
pub(super) fn produce(inputs: Vec<Input>, options: &ImportOptions, sender: &mpsc::Sender<Message>) {
    let mut emit = |found: Found| -> ControlFlow<()> {
        let message = match found {
            Found::Extra(extra) => Message::Extra(extra),
            Found::Item(item) => prepare(item, options),
        };
        // The writer is gone (it failed): stop walking.
        match sender.blocking_send(message) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        }
    };
    for input in inputs {
        let flow = match &input {
            Input::Path(path) => source::walk_path(path, &options.limits, &mut emit),
            Input::Upload { path, name } => {
                source::walk_file(path, name, &options.limits, &mut emit)
            }
        };
        if flow.is_break() {
            break;
        }
    }
}

fn prepare(item: RawItem, options: &ImportOptions) -> Message {
    let (source, result) = match item {
        RawItem::Failed { source, error } => (source, Err(error)),
        RawItem::Post {
            source,
            stem,
            bytes,
            modified,
        } => {
            // A post without a date takes its file's time, as in Hexo; that
            // also keeps a re-import of the same file `unchanged`.
            // Times are kept to two seconds, zip's resolution, so a post
            // read from a folio Hexo export gets back the very same date.
            let file_time = modified.unwrap_or_else(Utc::now);
            let even = file_time.timestamp() - file_time.timestamp().rem_euclid(2);
            let ctx = ReadContext {
                zone: options.zone,
                now: chrono::DateTime::from_timestamp(even, 0).unwrap_or(file_time),
            };
            let result = hexo::read_post(&stem, &bytes, &ctx).map_err(|e| {
                let mut error = ItemError::from(e);
                error.message = format!("{source}: {}", error.message);
                error
            });
            (source, result)
        }
        RawItem::Document { source, doc } => (source, doc.into_article()),
    };
    let result = result.map(|article| {
        let derived = (!options.dry_run).then(|| Derived::of(&article));
        let hash = article.content_hash();
        Box::new(Prepared {
            article,
            derived,
            hash,
        })
    });
    Message::Item { source, result }
}

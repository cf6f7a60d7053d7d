//! The reading side of an import. One thread walks the inputs (files,
//! folders, archives are read in order); a few workers prepare the items
//! (parse, render, tokenise, hash: the CPU-bound part) in parallel; the
//! walking thread puts them back in input order before the writer sees
//! them, so reports, "first slug wins" and re-runs are deterministic.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::{Arc, Condvar, Mutex, mpsc as sync_mpsc};

use chrono::Utc;
use tokio::sync::mpsc;

use super::{ImportOptions, Input, Message, Prepared, site_items};
use crate::derived::Derived;
use crate::hexo::{self, ReadContext};
use crate::transfer::hexo_site::Part;
use crate::transfer::report::ItemError;
use crate::transfer::source::Extra;
use crate::transfer::source::{self, Found, RawItem};

/// Items in flight between the walker and the writer, at most.
const IN_FLIGHT: usize = 128;
/// Bytes of source in flight between the walker and the writer, at most
/// (one item larger than this goes alone). A prepared item holds about
/// four times its source (the body, its HTML, the index's tokens), so the
/// reading side of an import holds ~70 MiB whatever the archive's shape:
/// 60 files of 15 MiB held 2.9 GB when only the items were counted. Posts
/// of ordinary size (~40 KB) are bounded by [`IN_FLIGHT`] first.
pub const IN_FLIGHT_BYTES: usize = 16 * 1024 * 1024;

/// The budget of [`IN_FLIGHT_BYTES`]: the walker takes an item's share
/// before handing it on, and the share comes back when the writer drops the
/// item ([`Held`]).
#[derive(Debug)]
pub(super) struct Budget {
    left: Mutex<usize>,
    freed: Condvar,
}

impl Budget {
    fn new(bytes: usize) -> Arc<Budget> {
        Arc::new(Budget {
            left: Mutex::new(bytes),
            freed: Condvar::new(),
        })
    }

    /// Takes `bytes` (at most the whole budget) if they are free.
    fn try_hold(self: &Arc<Self>, bytes: usize) -> Option<Held> {
        let bytes = bytes.min(IN_FLIGHT_BYTES);
        let mut left = self.left.lock().unwrap_or_else(|e| e.into_inner());
        (*left >= bytes).then(|| {
            *left -= bytes;
            Held {
                budget: Arc::clone(self),
                bytes,
            }
        })
    }

    /// Waits until `bytes` (at most the whole budget) are free and takes
    /// them. Only once every item holding a share is on its way to the
    /// writer, which gives the shares back: else this waits forever.
    fn hold(self: &Arc<Self>, bytes: usize) -> Held {
        let bytes = bytes.min(IN_FLIGHT_BYTES);
        let mut left = self.left.lock().unwrap_or_else(|e| e.into_inner());
        while *left < bytes {
            left = self.freed.wait(left).unwrap_or_else(|e| e.into_inner());
        }
        *left -= bytes;
        Held {
            budget: Arc::clone(self),
            bytes,
        }
    }
}

/// A share of the in-flight budget, given back when dropped.
#[derive(Debug)]
pub(super) struct Held {
    budget: Arc<Budget>,
    bytes: usize,
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut left = self.budget.left.lock().unwrap_or_else(|e| e.into_inner());
        *left += self.bytes;
        self.budget.freed.notify_all();
    }
}

/// What an item found costs in flight: its source's bytes.
fn weight(found: &Found) -> usize {
    match found {
        Found::Item(RawItem::Post { bytes, .. }) => bytes.len(),
        Found::Item(RawItem::Document { doc, .. }) => doc.body.len(),
        Found::Extra(Extra::Image {
            image: Ok((_, bytes)),
            ..
        }) => bytes.len(),
        Found::Item(RawItem::Failed { .. } | RawItem::Passed { .. }) | Found::Extra(_) => 0,
    }
}

/// The producer: walks the inputs and hands prepared items to the writer.
pub(super) fn produce(inputs: Vec<Input>, options: &ImportOptions, sender: &mpsc::Sender<Message>) {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let (work_tx, work_rx) = sync_mpsc::sync_channel::<(u64, Found, Held)>(IN_FLIGHT);
    let budget = Budget::new(IN_FLIGHT_BYTES);
    let (done_tx, done_rx) = sync_mpsc::channel::<(u64, Message)>();
    let work_rx = Arc::new(Mutex::new(work_rx));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (work_rx, done_tx) = (Arc::clone(&work_rx), done_tx.clone());
            scope.spawn(move || {
                loop {
                    // The lock is held only to take the next item.
                    let next = work_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((seq, found, held))) = next else {
                        break;
                    };
                    let message = match found {
                        Found::Extra(extra) => Message::Extra(extra),
                        Found::Item(item) => prepare(item, options, held),
                    };
                    if done_tx.send((seq, message)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut order = Reorder::new(sender);
        let mut seq = 0u64;
        let mut emit = |found: Found| -> ControlFlow<()> {
            let weight = weight(&found);
            let held = match budget.try_hold(weight) {
                Some(held) => held,
                None => {
                    // The shares come back from the writer: hand it every
                    // item prepared so far (this thread forwards them),
                    // then wait.
                    order.drain(&done_rx, seq)?;
                    budget.hold(weight)
                }
            };
            if work_tx.send((seq, found, held)).is_err() {
                return ControlFlow::Break(());
            }
            seq += 1;
            // Pass on whatever is ready, keeping the pipeline bounded.
            order.drain(&done_rx, seq.saturating_sub(IN_FLIGHT as u64))
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
        drop(work_tx);
        let _ = order.drain(&done_rx, seq);
    });
}

/// Puts prepared items back in input order and sends them to the writer.
struct Reorder<'a> {
    sender: &'a mpsc::Sender<Message>,
    next: u64,
    waiting: BTreeMap<u64, Message>,
}

impl<'a> Reorder<'a> {
    fn new(sender: &'a mpsc::Sender<Message>) -> Self {
        Reorder {
            sender,
            next: 0,
            waiting: BTreeMap::new(),
        }
    }

    /// Sends every item that is next in order; blocks until at least
    /// `until` items have been sent. Breaks when the writer is gone.
    fn drain(&mut self, done: &sync_mpsc::Receiver<(u64, Message)>, until: u64) -> ControlFlow<()> {
        loop {
            while let Some(message) = self.waiting.remove(&self.next) {
                // The writer is gone (it failed): stop walking.
                if self.sender.blocking_send(message).is_err() {
                    return ControlFlow::Break(());
                }
                self.next += 1;
            }
            let received = if self.next < until {
                done.recv().ok()
            } else {
                done.try_recv().ok()
            };
            match received {
                Some((seq, message)) => {
                    self.waiting.insert(seq, message);
                }
                None => return ControlFlow::Continue(()),
            }
        }
    }
}

/// A warning for each tag of the body folio does not render (a theme's or
/// a plugin's own): it shows as written.
fn unknown_tags(article: &crate::domain::NewArticle) -> impl Iterator<Item = ItemError> + '_ {
    let body_line = article.front_matter.matches('\n').count();
    hexo::tags::unknown(&article.body).into_iter().map(move |tag| {
        let mut warning = ItemError::new(
            "unknown_tag",
            format!(
                "{{% {} %}} is a tag of a theme or plugin, not Hexo's own: the page shows it as written",
                tag.name
            ),
        );
        warning.line = Some(body_line + tag.line);
        warning
    })
}

fn prepare(item: RawItem, options: &ImportOptions, held: Held) -> Message {
    let (source, result) = match item {
        RawItem::Failed { source, error } => (source, Err(error)),
        RawItem::Passed { source, warning } => return Message::Passed { source, warning },
        RawItem::Post {
            source,
            stem,
            bytes,
            modified,
            site,
        } => {
            // A post without a date takes its file's time, as in Hexo; that
            // also keeps a re-import of the same file `unchanged`.
            // Times are kept to two seconds, zip's resolution, so a post
            // read from a folio Hexo export gets back the very same date.
            let file_time = modified.unwrap_or_else(Utc::now);
            let even = file_time.timestamp() - file_time.timestamp().rem_euclid(2);
            let zone = site
                .as_ref()
                .map_or(options.zone, |f| site_items::zone_of(f, options.zone));
            let ctx = ReadContext {
                zone,
                now: chrono::DateTime::from_timestamp(even, 0).unwrap_or(file_time),
            };
            // A page without `slug` is named after its path, not "index".
            let stem = match &site {
                Some(f) if f.part == Part::Page => site_items::page_stem(&f.path),
                _ => stem,
            };
            let result = hexo::read(&stem, &bytes, &ctx)
                .map(|read| {
                    let mut warnings: Vec<ItemError> =
                        read.warnings.into_iter().map(ItemError::from).collect();
                    let mut article = read.article;
                    warnings.extend(unknown_tags(&article));
                    let placed = site.as_ref().map(|f| {
                        Box::new(site_items::place(f, &mut article, read.file_dated, zone))
                    });
                    (article, warnings, placed)
                })
                .map_err(|e| {
                    let mut error = ItemError::from(e);
                    error.message = format!("{source}: {}", error.message);
                    error
                });
            (source, result)
        }
        RawItem::Document { source, doc } => {
            let place = doc.place().map(Box::new);
            (source, doc.into_article().map(|a| (a, Vec::new(), place)))
        }
    };
    let result = result.map(|(article, warnings, site)| {
        let derived = (!options.dry_run).then(|| Derived::of(&article));
        let hash = article.content_hash();
        Box::new(Prepared {
            article,
            derived,
            hash,
            warnings,
            site,
            _held: held,
        })
    });
    Message::Item { source, result }
}

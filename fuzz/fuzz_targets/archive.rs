//! The archive reader (zip, then tar.gz) on arbitrary bytes: it must never
//! panic, and every entry is either a post or a failed item.
#![no_main]

use std::ops::ControlFlow;

use folio::transfer::source::{Found, Limits, RawItem, walk_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    for name in ["in.zip", "in.tar.gz"] {
        let path = dir.path().join(name);
        std::fs::write(&path, data).unwrap();
        let _ = walk_file(&path, name, &Limits::default(), &mut |found| match found {
            Found::Item(RawItem::Post { .. } | RawItem::Failed { .. }) => ControlFlow::Continue(()),
            _ => panic!("an archive yielded something other than posts and failures"),
        });
    }
});

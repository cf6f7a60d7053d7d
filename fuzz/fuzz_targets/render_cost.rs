//! Rendering's cost on arbitrary shapes: the input, tiled to 64 KiB and to
//! 128 KiB, goes through `render::render` (Markdown, the guard, ammonia)
//! both ways; twice the body must not cost more than three times the time
//! (with 20 ms for the machine's noise). libFuzzer's `-timeout` catches
//! anything slow outright.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;

fn tiled(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1))
}

fn timed(body: &str) -> Duration {
    let start = Instant::now();
    std::hint::black_box(folio::render::render(body, None));
    start.elapsed()
}

fuzz_target!(|data: &[u8]| {
    let unit = String::from_utf8_lossy(data);
    if unit.is_empty() {
        return;
    }
    let (small, large) = (tiled(&unit, 64 * 1024), tiled(&unit, 128 * 1024));
    // The fastest of two each: the same work, so slower is the machine.
    let t1 = timed(&small).min(timed(&small));
    let t2 = timed(&large).min(timed(&large));
    assert!(
        t2 <= t1 * 3 + Duration::from_millis(20),
        "{} bytes took {t1:?}, {} bytes {t2:?}",
        small.len(),
        large.len()
    );
});

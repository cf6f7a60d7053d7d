//! Times a revision compare of two large bodies (issue 16's target: two
//! 100 KB bodies in under 50 ms): the seeds' HTML repeated to KIB, then
//! WORDS words changed across it. Prints the text-and-markup diff alone and
//! the whole compare page's work (with both renderings side by side), the
//! fastest and median of RUNS.
//!
//! usage: cargo run --release --example bench_diff -- [KIB=100] [WORDS=5] [RUNS=20]

use std::time::Instant;

use folio::domain::ArticleState;
use folio::routes::admin::diff;
use folio::text_diff;

fn body_of(seed: &str) -> &str {
    seed.splitn(3, "\n---\n").nth(2).unwrap_or(seed)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let kib: usize = args.next().map_or(100, |a| a.parse().expect("KIB"));
    let words: usize = args.next().map_or(5, |a| a.parse().expect("WORDS"));
    let runs: usize = args.next().map_or(20, |a| a.parse().expect("RUNS"));
    let seeds = [
        body_of(include_str!("../seeds/000_94ec247d2f0d791e.txt")),
        body_of(include_str!("../seeds/001_536809ad39583f54.txt")),
    ];
    let mut old = String::new();
    while old.len() < kib * 1024 {
        for s in seeds {
            old.push_str(s);
        }
    }
    // WORDS changes spread across the body: 金融 → 金融业 at evenly spaced hits.
    let hits: Vec<usize> = old.match_indices("金融").map(|(i, _)| i).collect();
    let step = (hits.len() / words.max(1)).max(1);
    let mut new = String::with_capacity(old.len() + words * 3);
    let mut last = 0;
    for &at in hits.iter().step_by(step).take(words) {
        new.push_str(&old[last..at]);
        new.push_str("金融业");
        last = at + "金融".len();
    }
    new.push_str(&old[last..]);

    let time = |f: &dyn Fn()| {
        let mut ms: Vec<f64> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        ms.sort_by(f64::total_cmp);
        (ms[0], ms[ms.len() / 2])
    };
    let d = text_diff::body(&old, &new);
    println!(
        "bodies: {} and {} bytes, {} words changed; {} text passages, {} markup passages",
        old.len(),
        new.len(),
        words,
        d.text.len(),
        d.markup.len()
    );
    let (best, median) = time(&|| {
        std::hint::black_box(text_diff::body(&old, &new));
    });
    println!("text and markup diff:       best {best:.1} ms, median {median:.1} ms");
    let mut left = ArticleState::blank(chrono::Utc::now());
    left.body = old.clone();
    let mut right = left.clone();
    right.body = new.clone();
    let (best, median) = time(&|| {
        std::hint::black_box(diff::compare_blocking(&left, &right));
    });
    println!("compare page (+ renderings): best {best:.1} ms, median {median:.1} ms");
}

//! `bench_render`: what rendering a body costs, by shape and size.
//!
//! For each shape (the seeds' bodies, and the nestings an attacker would
//! send), a body of about 512 KiB and one of 1 MiB go through
//! `render::render` (Markdown, the guard, ammonia, the excerpt); the fastest
//! of five runs of each is printed with their ratio. Issue 14's targets:
//! under 1 s for any body of 1 MiB, and a body twice as large never more
//! than 2.5 times as slow.
//!
//! `cargo run --release --example bench_render [SIZE_KIB]`

use std::time::{Duration, Instant};

use folio::render;

/// A body of about so many bytes.
type Make = Box<dyn Fn(usize) -> String>;

fn shapes() -> Vec<(&'static str, Make)> {
    let seed = include_str!("../seeds/001_536809ad39583f54.txt");
    let body = seed.split("\n---").nth(1).unwrap_or(seed).to_owned();
    // Whole units only: a unit cut in two can change what the rest parses
    // as (an unclosed `*` pairs up with the first one), which is another shape.
    let repeat = |unit: String| move |n: usize| unit.repeat(n / unit.len());
    vec![
        ("seed body, repeated", Box::new(repeat(body))),
        ("<div> nested", Box::new(repeat("<div>".into()))),
        ("<span> nested", Box::new(repeat("<span>".into()))),
        (
            "<div></span> (unmatched ends)",
            Box::new(repeat("<div></span>".into())),
        ),
        (
            "<div></i></b></u>",
            Box::new(repeat("<div></i></b></u>".into())),
        ),
        (
            "<b><div></b> (misnested)",
            Box::new(repeat("<b><div></b>".into())),
        ),
        (
            "<table><b class>",
            Box::new(|n| numbered(n, "<table><b class=c", ">")),
        ),
        (
            "<p><b class></p>",
            Box::new(|n| numbered(n, "<p><b class=c", "></p>")),
        ),
        ("<a><div>", Box::new(repeat("<a href=x><div>".into()))),
        ("<ul><li> nested", Box::new(repeat("<ul><li>x".into()))),
        (
            "<table><tr><td> nested",
            Box::new(repeat("<table><tr><td>".into())),
        ),
        ("<svg><g> nested", Box::new(repeat("<svg><g>".into()))),
        ("Markdown > quotes", Box::new(repeat("> ".into()))),
        ("Markdown list indent", Box::new(indented_list)),
        ("Markdown [[[ brackets", Box::new(repeat("[a](".into()))),
        (
            "Markdown *a **b emphasis",
            Box::new(repeat("*a **b ".into())),
        ),
        ("text, one long line", Box::new(repeat("金融科技 ".into()))),
        // Hexo's tag plugins (issue 18): tags never closed, `{%` that
        // never ends, nested block tags, backtick runs never closed.
        (
            "Hexo {% quote %} unclosed",
            Box::new(repeat("{% quote a %}x ".into())),
        ),
        ("Hexo {% alone", Box::new(repeat("{%".into()))),
        (
            "Hexo nested quotes",
            Box::new(repeat("{% quote %}\n".into())),
        ),
        (
            "Hexo tags, many",
            Box::new(repeat(
                "{% img /a.png 10 10 'a' 'b' %} {% link x https://y.z %}\n".into(),
            )),
        ),
        ("backtick runs", Box::new(repeat("`` x ```".into()))),
        ("Markdown headings", Box::new(repeat("## 标题 x\n".into()))),
    ]
}

fn numbered(n: usize, before: &str, after: &str) -> String {
    let mut s = String::with_capacity(n + 64);
    let mut i = 0;
    loop {
        let unit = format!("{before}{i}{after}");
        if s.len() + unit.len() > n {
            return s;
        }
        s.push_str(&unit);
        i += 1;
    }
}

fn indented_list(n: usize) -> String {
    let mut s = String::with_capacity(n + 64);
    let mut depth = 0;
    loop {
        let unit = "  ".repeat(depth % 200) + "- x\n";
        if s.len() + unit.len() > n {
            return s;
        }
        s.push_str(&unit);
        depth += 1;
    }
}

fn fastest_render(body: &str) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(render::render(body, None));
            start.elapsed()
        })
        .collect();
    // The fastest of five: the work is the same each time, so anything
    // slower is the machine (another process, page faults), not the body.
    times.sort();
    times[0]
}

fn main() {
    let kib: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(512);
    let (small, large) = (kib * 1024, kib * 2048);
    println!(
        "{:34} {:>12} {:>12} {:>7}",
        "shape",
        format!("{kib} KiB"),
        format!("{} KiB", kib * 2),
        "ratio"
    );
    let mut worst = (0.0f64, Duration::ZERO);
    for (name, make) in shapes() {
        let (a, b) = (make(small), make(large));
        let (ta, tb) = (fastest_render(&a), fastest_render(&b));
        let ratio = tb.as_secs_f64() / ta.as_secs_f64().max(1e-9);
        worst = (worst.0.max(ratio), worst.1.max(tb));
        println!(
            "{name:34} {:>10.1}ms {:>10.1}ms {ratio:>6.2}x",
            ta.as_secs_f64() * 1e3,
            tb.as_secs_f64() * 1e3
        );
    }
    println!(
        "slowest {} KiB body: {:.1} ms; largest ratio: {:.2}x",
        kib * 2,
        worst.1.as_secs_f64() * 1e3,
        worst.0
    );
}

//! Articles made from XSS payloads, imported as any post is, then loaded
//! on the public site in headless chromium: no script may run, no link or
//! form may carry one, no page may navigate itself away.
//!
//! Every payload, if it ran, would set `window.xss` (or its parent's) to
//! its number; a control page without folio proves the payloads live.

use std::time::Duration;

use folio::transfer::import::{self, ImportOptions, Input, OnConflict, Origin};
use folio::transfer::source::Limits;
use serde_json::Value;

use crate::harness::{Browser, Server, browser, serve};

/// Each payload sets `xss` to its number if it runs.
const PAYLOADS: &[&str] = &[
    r#"<script>window.xss=1</script>"#,
    r#"<img src="x" onerror="window.xss=2">"#,
    r#"<a id="p3" href="javascript:window.xss=3">link</a>"#,
    r#"<form action="javascript:window.xss=4"><button id="p4">go</button></form>"#,
    r#"<svg><script>window.xss=5</script></svg>"#,
    r#"<svg onload="window.xss=6"><circle r="5"></circle></svg>"#,
    r#"<svg><animate onbegin="window.xss=7" attributeName="x" dur="1s"></animate></svg>"#,
    r#"<svg><a xlink:href="javascript:window.xss=8"><text x="20" y="20">svg link</text></a></svg>"#,
    r#"<math><mtext><table><mglyph><style><img src=x onerror="window.xss=9">"#,
    r#"<iframe srcdoc="<script>parent.xss=10</script>"></iframe>"#,
    r#"<meta http-equiv="refresh" content="0;url=javascript:window.xss=11">"#,
    r#"<a href="&#106;avascript:window.xss=12">entity</a>"#,
    r#"<a href="jav&#x09;ascript:window.xss=13">tab</a>"#,
    r#"<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;window.xss=14">hex</a>"#,
    r#"<details open ontoggle="window.xss=15"><summary>x</summary></details>"#,
    r#"<object data="javascript:window.xss=16"></object><embed src="javascript:window.xss=16">"#,
    r#"<noscript><p title="</noscript><img src=x onerror=window.xss=17>"></noscript>"#,
    r#"<input autofocus onfocus="window.xss=18">"#,
    r#"<video><source onerror="window.xss=19"></video>"#,
    r#"<base href="javascript:window.xss=20//"><a href="relative">base</a>"#,
    r#"<div style="background:url(javascript:window.xss=21)">styled</div>"#,
    r#"<math href="javascript:window.xss=22"><mi>x</mi></math>"#,
    r#"<svg><foreignObject><iframe srcdoc="<script>parent.parent.xss=23</script>"></iframe></foreignObject></svg>"#,
    r#"<img src="x" alt="``onerror=window.xss=24">"#,
    "Markdown [link](javascript:window.xss=25) and ![img](x \"\\\" onerror=window.xss=26\")",
];

async fn import_payloads(server: &Server) -> Vec<String> {
    let dir = server.dir.path().join("xss");
    std::fs::create_dir_all(&dir).unwrap();
    let mut slugs = Vec::new();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let slug = format!("xss-{n:02}");
        // Hostile front matter too: an escaped title, no javascript: image
        // or source link.
        let post = format!(
            "---\ntitle: '<img src=x onerror=window.xss=100>第{n}个'\n\
             headimg: 'javascript:window.xss=101'\nsource_url: 'javascript:window.xss=102'\n\
             author: '<script>window.xss=103</script>'\ndate: 2021-06-0{} 12:00:00\n---\n\n\
             <p>开头</p>\n{payload}\n",
            1 + n % 9
        );
        std::fs::write(dir.join(format!("{slug}.md")), post).unwrap();
        slugs.push(slug);
    }
    let options = ImportOptions {
        dry_run: false,
        on_conflict: OnConflict::Skip,
        on_duplicate_slug: Default::default(),
        atomic: true,
        zone: chrono_tz::UTC,
        limits: Limits::default(),
        media: None,
    };
    let origin = Origin {
        kind: "cli",
        user_id: None,
        actor: "test".into(),
    };
    let report = import::run(
        &server.pool,
        vec![Input::Path(dir)],
        options,
        origin,
        &|_| (),
    )
    .await
    .unwrap();
    assert_eq!(report.summary.created, PAYLOADS.len() as u64);
    slugs
}

/// What the page did: `window.xss`, and anything in the article body that
/// could still run a script.
async fn ran(b: &Browser) -> (Value, Value) {
    let xss = b
        .client
        .execute(
            "return window.xss === undefined ? null : window.xss;",
            vec![],
        )
        .await
        .unwrap();
    let live_parts = b
        .client
        .execute(
            r#"const risky = [];
               for (const e of document.querySelectorAll('main *')) {
                 for (const a of e.attributes) {
                   const v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
                   if (a.name.startsWith('on') || v.startsWith('javascript:') || a.name === 'srcdoc')
                     risky.push(e.tagName + ' ' + a.name);
                 }
                 if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'BASE', 'META'].includes(e.tagName))
                   risky.push(e.tagName);
               }
               return risky;"#,
            vec![],
        )
        .await
        .unwrap();
    (xss, live_parts)
}

#[tokio::test]
async fn no_imported_payload_runs_a_script_on_the_public_site() {
    let Some(b) = browser("no_imported_payload_runs_a_script_on_the_public_site").await else {
        return;
    };
    let server = serve().await;

    // The control: the same payloads, straight into a page without folio,
    // do run (an <img onerror> at least), so `window.xss` detects them.
    let control = format!(
        "data:text/html;charset=utf-8,{}",
        percent_encoding::utf8_percent_encode(
            &PAYLOADS.join("\n"),
            percent_encoding::NON_ALPHANUMERIC
        )
    );
    b.client.goto(&control).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (xss, _) = ran(&b).await;
    assert!(xss.is_number(), "the control page ran a payload: {xss}");

    let slugs = import_payloads(&server).await;
    for slug in &slugs {
        let path = format!("/articles/{slug}");
        b.goto(&server, &path).await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        // Click whatever the body has to click.
        for css in [".body a", ".body button", ".body summary"] {
            if let Ok(elements) = b.client.find_all(fantoccini::Locator::Css(css)).await {
                for e in elements {
                    let _ = e.click().await;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        let url = b.client.current_url().await.unwrap();
        assert!(
            url.path().starts_with(&path) || url.path().ends_with("/relative"),
            "{slug}: the page went to {url}"
        );
        if url.path() != path {
            b.goto(&server, &path).await;
        }
        let (xss, risky) = ran(&b).await;
        assert_eq!(xss, Value::Null, "{slug}: a script ran");
        assert_eq!(risky, Value::Array(vec![]), "{slug}: left in the page");
        let title = b.text("h1").await;
        assert!(
            title.starts_with("<img src=x"),
            "{slug}: the title is text: {title}"
        );
    }
    for path in [
        "/",
        "/page/2",
        "/archives/2021/06",
        "/search?q=%E5%BC%80%E5%A4%B4",
    ] {
        b.goto(&server, path).await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let (xss, risky) = ran(&b).await;
        assert_eq!(xss, Value::Null, "{path}: a script ran");
        assert_eq!(risky, Value::Array(vec![]), "{path}: left in the page");
    }
}

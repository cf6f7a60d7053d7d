//! Requests cannot hang or half-fail: a body that arrives too slowly is
//! cut off with 408, and a page to return to with a control character is
//! a 400 before anything is done.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::app::{PASSWORD, TestApp};

#[tokio::test]
async fn a_body_sent_a_byte_at_a_time_is_cut_off_with_408() {
    let app = TestApp::spawn_with(&[
        ("FOLIO_BODY_GRACE_SECS", "1"),
        ("FOLIO_BODY_MIN_RATE", "1000"),
    ])
    .await;
    let address = app.base.trim_start_matches("http://").to_owned();
    let mut socket = TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /admin/login HTTP/1.1\r\nHost: {address}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let writer = async {
        // Ten bytes a second, far below the floor: 300 s to send it all.
        for _ in 0..3000 {
            if socket.write_all(b"email=xxxxx").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            if started.elapsed() > Duration::from_secs(30) {
                break;
            }
        }
        socket
    };
    let mut socket = writer.await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), socket.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "cut off after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_page_to_return_to_with_cr_or_lf_is_a_400_before_anything_is_done() {
    let app = TestApp::spawn().await;
    let r = app
        .client()
        .post(format!("{}/admin/login", app.base))
        .form(&[
            ("email", "editor@folio.test"),
            ("password", PASSWORD),
            ("next", "/admin\r\nSet-Cookie: planted=1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(
        r.headers().get("set-cookie").is_none(),
        "no session on a refusal"
    );
    assert_eq!(app.db.count("sessions").await, 0);

    let s = app.login("editor").await;
    let before = app.db.count("articles WHERE status = 'published'").await;
    let r = s
        .post(
            "/admin/articles/bulk",
            &[
                ("action", "unpublish"),
                ("id", "1"),
                ("back", "/admin/articles\r\nX-Planted: 1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        app.db.count("articles WHERE status = 'published'").await,
        before,
        "nothing was unpublished"
    );
    let r = s
        .client
        .get(format!("{}/admin/login?next=%2Fadmin%00", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

//! A damaged database is not served: `folio serve` checks the file at
//! start and says how to recover; `folio doctor` runs every check.

use std::io::{Seek, SeekFrom, Write};
use std::time::{Duration, Instant};

use crate::helpers::{TestDb, stderr, stdout};
use crate::serve::{free_port, spawn_serve_with};

#[tokio::test]
async fn a_damaged_database_is_not_served_and_doctor_says_what_to_do() {
    let t = TestDb::new().await;
    let out = t.folio(&["doctor"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("sound"), "{}", stdout(&out));

    // Scribble over the articles table's first page.
    let root: i64 =
        sqlx::query_scalar("SELECT rootpage FROM sqlite_master WHERE name = 'articles'")
            .fetch_one(&t.pool)
            .await
            .unwrap();
    let page_size: i64 = sqlx::query_scalar("PRAGMA page_size")
        .fetch_one(&t.pool)
        .await
        .unwrap();
    t.pool.close().await;
    let path = t.dir.path().join("folio.db");
    let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.seek(SeekFrom::Start(((root - 1) * page_size + 100) as u64))
        .unwrap();
    file.write_all(&vec![0x5a; 4000]).unwrap();
    drop(file);

    let mut server = spawn_serve_with(&t, free_port(), &[]);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            server.kill().unwrap();
            panic!("folio served a damaged database");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(!status.success());
    let mut err = String::new();
    std::io::Read::read_to_string(server.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(
        err.contains("is damaged") && err.contains(".recover"),
        "{err}"
    );

    let out = t.folio(&["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("damaged"), "{}", stdout(&out));
}

//! Logins cannot be raced, flooded or used to lock others out: attempts
//! are counted before their password is hashed, hashing is bounded by the
//! cores, strangers' failures lock out strangers, and oversized input is
//! refused before anything is stored.

use std::net::{IpAddr, Ipv4Addr};

use futures_util::future::join_all;
use reqwest::redirect::Policy;

use crate::app::{PASSWORD, TestApp};

/// A client whose requests come from 127.0.0.`n` (all of 127/8 is loopback).
fn from(n: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
        .redirect(Policy::none())
        .build()
        .unwrap()
}

async fn login(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> u16 {
    app.post_login(client, email, password)
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn parallel_wrong_passwords_cannot_pass_the_lock_and_the_owner_elsewhere_logs_in() {
    let app = TestApp::spawn().await;
    let attacker = from(10);
    let statuses = join_all((0..40).map(|i| {
        login(
            &app,
            &attacker,
            "editor@folio.test",
            if i % 2 == 0 { "a" } else { "b" },
        )
    }))
    .await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert!(checked <= 5, "at most 5 reach argon2: {statuses:?}");
    assert_eq!(checked + refused, 40, "{statuses:?}");
    assert_eq!(
        login(&app, &attacker, "editor@folio.test", PASSWORD).await,
        429,
        "the locked address waits, even with the right password"
    );
    assert_eq!(
        login(&app, &from(11), "editor@folio.test", PASSWORD).await,
        303,
        "the owner on another address is not locked out"
    );
}

#[tokio::test]
async fn guessing_spread_over_many_addresses_locks_out_strangers_not_the_owner() {
    let app = TestApp::spawn().await;
    let owner = from(20);
    assert_eq!(
        login(&app, &owner, "author@folio.test", PASSWORD).await,
        303
    );
    // 55 addresses, one wrong password each: past the account's 50, the
    // rest wait.
    let mut statuses = Vec::new();
    for n in 100..155 {
        statuses.push(login(&app, &from(n), "author@folio.test", "guess").await);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        50,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        login(&app, &from(200), "author@folio.test", PASSWORD).await,
        429,
        "an address the account never used waits"
    );
    assert_eq!(
        login(&app, &owner, "author@folio.test", PASSWORD).await,
        303,
        "the owner's own address is let through"
    );
}

#[tokio::test]
async fn oversized_emails_and_passwords_are_refused_before_anything_is_stored() {
    let app = TestApp::spawn().await;
    let c = from(30);
    let long_email = format!("{}@folio.test", "x".repeat(300));
    assert_eq!(login(&app, &c, &long_email, "whatever").await, 400);
    let long_password = "p".repeat(1025);
    assert_eq!(
        login(&app, &c, "editor@folio.test", &long_password).await,
        400
    );
    // A body past the form limit is not read at all.
    let r = c
        .post(format!("{}/admin/login", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("email={}&password=x", "y".repeat(1 << 20)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(app.db.count("login_throttle").await, 0);
    assert_eq!(app.db.count("audit_log").await, 0);
}

#[tokio::test]
async fn hashing_is_bounded_and_a_flood_is_told_to_come_back() {
    let app = TestApp::spawn().await;
    // 200 different accounts from 200 addresses: no throttle scope holds
    // them, so only the hashing bound does.
    let statuses = join_all((0..200u8).map(|n| {
        let app = &app;
        async move {
            let r = app
                .post_login(&from(n + 1), &format!("nobody{n}@folio.test"), "guess")
                .await;
            let retry = r.headers().get("retry-after").is_some();
            (r.status().as_u16(), retry)
        }
    }))
    .await;
    let busy: Vec<_> = statuses.iter().filter(|(s, _)| *s == 503).collect();
    assert!(
        statuses.iter().all(|(s, _)| *s == 401 || *s == 503),
        "{statuses:?}"
    );
    assert!(
        !busy.is_empty(),
        "more than the cores and the queue: {statuses:?}"
    );
    assert!(
        busy.iter().all(|(_, retry)| *retry),
        "503 says when to retry"
    );
    // Refused at once, an attempt is not counted against anyone.
    let counted: i64 =
        sqlx::query_scalar("SELECT failures FROM login_throttle WHERE key = 'everyone'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(counted as usize, statuses.len() - busy.len());
    assert_eq!(
        login(&app, &from(250), "editor@folio.test", PASSWORD).await,
        303
    );
}

#[tokio::test]
async fn the_current_password_is_throttled_like_a_login() {
    let app = TestApp::spawn().await;
    let s = app.login("editor").await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let r = s
            .post(
                "/admin/account/password",
                &[
                    ("current", "wrong"),
                    ("new", "a-new-long-password-42"),
                    ("confirm", "a-new-long-password-42"),
                ],
            )
            .await;
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [422, 422, 422, 422, 422, 429, 429]);
}

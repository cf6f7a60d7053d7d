//! The login throttle: after 5 failed logins within 15 minutes for an
//! account or from an address, logins for it answer 429 for a while that
//! doubles with each further failure (1 minute, 2, 4 … at most 15), and a
//! successful login clears it. The cap means nobody is locked out for good;
//! `folio user passwd` clears an account's counter at once.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use crate::db::throttle::{self, Counter};
use crate::db::unix;

pub const WINDOW: Duration = Duration::minutes(15);
pub const FREE_FAILURES: i64 = 5;
pub const FIRST_LOCK: Duration = Duration::minutes(1);
pub const LONGEST_LOCK: Duration = Duration::minutes(15);

/// The throttle's keys for a login attempt.
pub fn keys(email: &str, ip: Option<&str>) -> Vec<String> {
    let mut keys = vec![account_key(email)];
    if let Some(ip) = ip {
        keys.push(format!("ip:{ip}"));
    }
    keys
}

pub fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

/// The counter after one more failure at `now`.
pub fn after_failure(previous: Option<Counter>, now: DateTime<Utc>) -> Counter {
    let now_s = unix(now);
    let mut c = match previous {
        Some(c) if now_s - c.window_start < WINDOW.num_seconds() => c,
        // A failure after a lock keeps counting, so locks keep growing.
        Some(c) if c.locked_until.is_some() && c.failures >= FREE_FAILURES => Counter {
            window_start: now_s,
            ..c
        },
        _ => Counter {
            failures: 0,
            window_start: now_s,
            locked_until: None,
        },
    };
    c.failures += 1;
    if c.failures >= FREE_FAILURES {
        let doublings = (c.failures - FREE_FAILURES).min(10) as u32;
        let lock = (FIRST_LOCK * 2i32.pow(doublings)).min(LONGEST_LOCK);
        c.locked_until = Some(now_s + lock.num_seconds());
    }
    c
}

/// Seconds until any of `keys` may try again, if one is locked.
pub async fn retry_after(
    conn: &mut SqliteConnection,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    let mut longest = None;
    for key in keys {
        if let Some(until) = throttle::get(conn, key).await?.and_then(|c| c.locked_until) {
            let wait = until - unix(now);
            if wait > 0 && longest.is_none_or(|l| wait > l) {
                longest = Some(wait);
            }
        }
    }
    Ok(longest)
}

pub async fn record_failure(
    conn: &mut SqliteConnection,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for key in keys {
        let next = after_failure(throttle::get(conn, key).await?, now);
        throttle::put(conn, key, next).await?;
    }
    Ok(())
}

pub async fn clear(conn: &mut SqliteConnection, keys: &[String]) -> Result<(), sqlx::Error> {
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    throttle::clear(conn, &keys).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn five_failures_lock_for_a_minute_and_further_ones_double_it_up_to_fifteen() {
        let mut c = None;
        for i in 0..4 {
            c = Some(after_failure(c, at(i)));
            assert_eq!(c.unwrap().locked_until, None);
        }
        c = Some(after_failure(c, at(4)));
        assert_eq!(c.unwrap().locked_until, Some(unix(at(4 + 60))));
        c = Some(after_failure(c, at(100)));
        assert_eq!(c.unwrap().locked_until, Some(unix(at(100 + 120))));
        for _ in 0..10 {
            c = Some(after_failure(c, at(200)));
        }
        assert_eq!(c.unwrap().locked_until, Some(unix(at(200 + 900))));
    }

    #[test]
    fn failures_older_than_the_window_are_forgotten() {
        let mut c = None;
        for i in 0..4 {
            c = Some(after_failure(c, at(i)));
        }
        let later = after_failure(c, at(16 * 60));
        assert_eq!(later.failures, 1);
        assert_eq!(later.locked_until, None);
    }
}

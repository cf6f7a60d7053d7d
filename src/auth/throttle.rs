//! The login throttle: how many wrong passwords may be tried, by whom.
//!
//! Failures are counted in four scopes, each over a 15-minute window:
//!
//! | scope | free failures | locks out |
//! | --- | --- | --- |
//! | one account from one address | 5 | that address, for that account |
//! | one address, any account | 20 | that address |
//! | one account, any address | 50 | that account, from addresses it never logged in from |
//! | everyone | 500 | every address an account never logged in from |
//!
//! Past its free failures a scope is locked for 1 minute, doubling with
//! each further failure up to 15; nobody is locked out for good. A
//! stranger's failures lock out the stranger: the account's owner, on an
//! address they logged in from in the last 30 days ("known"), is held only
//! by the failures of that address itself. The wider scopes stop guessing
//! spread over many addresses (OWASP ASVS 5, V6.3).
//!
//! An attempt is counted as a failure before its password is hashed, in
//! one write transaction with the check of the locks, so parallel attempts
//! cannot all pass the check; a right password takes its count back.
//! Requests refused with 429 are not counted (an attacker cannot extend a
//! lock indefinitely), and `folio user passwd` or an admin's reset lifts an
//! account's locks.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use crate::db::throttle::{self, Counter};
use crate::db::unix;

pub const WINDOW: Duration = Duration::minutes(15);
pub const FIRST_LOCK: Duration = Duration::minutes(1);
pub const LONGEST_LOCK: Duration = Duration::minutes(15);
/// How long an address stays known to an account after a login from it.
pub const KNOWN_FOR: Duration = Duration::days(30);

/// A scope of the throttle: its free failures in a window, and whether its
/// lock holds an address the account knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    AccountAtAddress,
    Address,
    Account,
    Everyone,
}

impl Scope {
    pub const fn free_failures(self) -> i64 {
        match self {
            Scope::AccountAtAddress => 5,
            Scope::Address => 20,
            Scope::Account => 50,
            Scope::Everyone => 500,
        }
    }

    /// The two wide scopes lock out strangers only.
    const fn holds_known_addresses(self) -> bool {
        matches!(self, Scope::AccountAtAddress | Scope::Address)
    }
}

/// One login (or password check) by `account` from `address`: the
/// counters it is held by.
#[derive(Debug, Clone)]
pub struct Attempt {
    account: String,
    address: Option<String>,
}

impl Attempt {
    pub fn new(email: &str, address: Option<&str>) -> Attempt {
        Attempt {
            account: normalise(email),
            address: address.map(str::to_owned),
        }
    }

    fn keys(&self) -> Vec<(Scope, String)> {
        let mut keys = vec![
            (Scope::Account, account_key(&self.account)),
            (Scope::Everyone, "everyone".to_owned()),
        ];
        if let Some(ip) = &self.address {
            keys.push((
                Scope::AccountAtAddress,
                format!("{}@ip:{ip}", account_key(&self.account)),
            ));
            keys.push((Scope::Address, format!("ip:{ip}")));
        }
        keys
    }
}

fn normalise(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The key of an account's own counter; its per-address counters start
/// with it too (`account:…@ip:…`), so a reset lifts them all.
pub fn account_key(email: &str) -> String {
    format!("account:{}", normalise(email))
}

/// The counter after one more failure at `now`.
pub fn after_failure(previous: Option<Counter>, scope: Scope, now: DateTime<Utc>) -> Counter {
    let now_s = unix(now);
    let free = scope.free_failures();
    let mut c = match previous {
        Some(c) if now_s - c.window_start < WINDOW.num_seconds() => c,
        // A failure after a lock keeps counting, so locks keep growing.
        Some(c) if c.locked_until.is_some() && c.failures >= free => Counter {
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
    c.locked_until = lock_for(c.failures, free).map(|lock| now_s + lock.num_seconds());
    c
}

/// The counter with one failure taken back (the attempt turned out right,
/// or was never checked). A lock this failure set is lifted with it.
pub fn after_take_back(c: Counter, scope: Scope) -> Counter {
    let failures = (c.failures - 1).max(0);
    Counter {
        failures,
        locked_until: c.locked_until.filter(|_| failures >= scope.free_failures()),
        ..c
    }
}

fn lock_for(failures: i64, free: i64) -> Option<Duration> {
    (failures >= free).then(|| {
        let doublings = (failures - free).min(10) as u32;
        (FIRST_LOCK * 2i32.pow(doublings)).min(LONGEST_LOCK)
    })
}

/// What [`begin`] made of an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Counted as a failure until its password proves right.
    Counted,
    /// Held by a lock for this many seconds more; not counted.
    Locked { retry_after: i64 },
}

/// Checks `attempt` against the locks and counts it as a failure, in the
/// write transaction `tx`.
pub async fn begin(
    tx: &mut SqliteConnection,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<Admission, sqlx::Error> {
    let known = match &attempt.address {
        Some(ip) => throttle::known_since(tx, &attempt.account, ip)
            .await?
            .is_some_and(|at| unix(now) - at < KNOWN_FOR.num_seconds()),
        None => false,
    };
    let keys = attempt.keys();
    let mut counters = Vec::with_capacity(keys.len());
    let mut wait = None;
    for (scope, key) in &keys {
        let counter = throttle::get(tx, key).await?;
        if let Some(until) = counter.and_then(|c| c.locked_until)
            && (!known || scope.holds_known_addresses())
        {
            let left = until - unix(now);
            if left > 0 && wait.is_none_or(|w| left > w) {
                wait = Some(left);
            }
        }
        counters.push(counter);
    }
    if let Some(retry_after) = wait {
        return Ok(Admission::Locked { retry_after });
    }
    for ((scope, key), counter) in keys.iter().zip(counters) {
        throttle::put(tx, key, after_failure(counter, *scope, now)).await?;
    }
    Ok(Admission::Counted)
}

/// Takes back the failure [`begin`] counted: the password was never
/// checked (the server was too busy).
pub async fn take_back(tx: &mut SqliteConnection, attempt: &Attempt) -> Result<(), sqlx::Error> {
    for (scope, key) in attempt.keys() {
        if let Some(c) = throttle::get(tx, &key).await? {
            throttle::put(tx, &key, after_take_back(c, scope)).await?;
        }
    }
    Ok(())
}

/// The password was right: the failure [`begin`] counted is taken back,
/// the account's failures from this address are forgotten, and the
/// address becomes known to the account.
pub async fn succeeded(
    tx: &mut SqliteConnection,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for (scope, key) in attempt.keys() {
        if scope == Scope::AccountAtAddress {
            throttle::clear(tx, &[key.as_str()]).await?;
        } else if let Some(c) = throttle::get(tx, &key).await? {
            throttle::put(tx, &key, after_take_back(c, scope)).await?;
        }
    }
    if let Some(ip) = &attempt.address {
        throttle::mark_known(tx, &attempt.account, ip, now).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn five_failures_lock_for_a_minute_and_further_ones_double_it_up_to_fifteen() {
        let scope = Scope::AccountAtAddress;
        let mut c = None;
        for i in 0..4 {
            c = Some(after_failure(c, scope, at(i)));
            assert_eq!(c.unwrap().locked_until, None);
        }
        c = Some(after_failure(c, scope, at(4)));
        assert_eq!(c.unwrap().locked_until, Some(unix(at(4 + 60))));
        c = Some(after_failure(c, scope, at(100)));
        assert_eq!(c.unwrap().locked_until, Some(unix(at(100 + 120))));
        for _ in 0..10 {
            c = Some(after_failure(c, scope, at(200)));
        }
        assert_eq!(c.unwrap().locked_until, Some(unix(at(200 + 900))));
    }

    #[test]
    fn wider_scopes_allow_more_failures() {
        let mut c = None;
        for i in 0..19 {
            c = Some(after_failure(c, Scope::Address, at(i)));
        }
        assert_eq!(c.unwrap().locked_until, None);
        c = Some(after_failure(c, Scope::Address, at(19)));
        assert!(c.unwrap().locked_until.is_some());
    }

    #[test]
    fn a_failure_taken_back_lifts_the_lock_it_set() {
        let scope = Scope::AccountAtAddress;
        let mut c = None;
        for i in 0..5 {
            c = Some(after_failure(c, scope, at(i)));
        }
        let back = after_take_back(c.unwrap(), scope);
        assert_eq!((back.failures, back.locked_until), (4, None));
    }

    #[test]
    fn failures_older_than_the_window_are_forgotten() {
        let scope = Scope::AccountAtAddress;
        let mut c = None;
        for i in 0..4 {
            c = Some(after_failure(c, scope, at(i)));
        }
        let later = after_failure(c, scope, at(16 * 60));
        assert_eq!(later.failures, 1);
        assert_eq!(later.locked_until, None);
    }
}

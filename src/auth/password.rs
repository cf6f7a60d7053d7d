//! Passwords: argon2id with OWASP's parameters (m = 19,456 KiB, t = 2,
//! p = 1), which are argon2's `Params::default()`; how many are hashed at
//! once ([`Hashing`]); and what a new one must be ([`check_new`]).

use std::sync::Arc;
use std::time::Duration;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// The shortest new password (ASVS 5 V6.2.1: at least 12 characters).
pub const MIN_CHARS: usize = 12;
/// The longest password read at all, login included: longer ones are
/// refused before anything is stored or hashed (ASVS 5 V6.2.9 asks for at
/// least 64 to be allowed).
pub const MAX_BYTES: usize = 1024;
/// zxcvbn's score (0 to 4) a new password needs: 3 is "safely
/// unguessable: moderate protection from offline slow-hash scenarios".
const MIN_SCORE: zxcvbn::Score = zxcvbn::Score::Three;
/// The estimator reads this many characters: its cost grows steeply with
/// length (100 random characters took 200 ms, 64 at most 16 ms).
const ESTIMATED_CHARS: usize = 64;

/// Why a new password is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PolicyError {
    #[error("use at least {MIN_CHARS} characters")]
    TooShort,
    #[error("use at most {MAX_BYTES} bytes")]
    TooLong,
    #[error("this password is too easy to guess{}", hint(.0))]
    Guessable(Option<zxcvbn::feedback::Warning>),
}

fn hint(warning: &Option<zxcvbn::feedback::Warning>) -> String {
    warning
        .as_ref()
        .map(|w| format!(": {w}"))
        .unwrap_or_default()
}

/// Length alone: cheap, checked on every password before anything else.
pub fn check_length(password: &str) -> Result<(), PolicyError> {
    if password.len() > MAX_BYTES {
        return Err(PolicyError::TooLong);
    }
    Ok(())
}

/// Whether `password` may become `email`'s: its length, then zxcvbn's
/// estimate of how guessable it is (dictionaries of common passwords,
/// names and words, keyboard patterns, sequences, dates, and the email's
/// own parts). CPU-bound for up to ~20 ms: call it where hashing runs.
pub fn check_new(password: &str, email: &str) -> Result<(), PolicyError> {
    check_length(password)?;
    if password.chars().count() < MIN_CHARS {
        return Err(PolicyError::TooShort);
    }
    let head: String = password.chars().take(ESTIMATED_CHARS).collect();
    let mut own: Vec<&str> = email.split(['@', '.', '-', '_', '+']).collect();
    own.extend(["folio", email]);
    let estimate = zxcvbn::zxcvbn(&head, &own);
    if estimate.score() < MIN_SCORE {
        let warning = estimate.feedback().and_then(|f| f.warning());
        return Err(PolicyError::Guessable(warning));
    }
    Ok(())
}

/// Why a new password got no hash.
#[derive(Debug, thiserror::Error)]
pub enum NewPasswordError {
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error("cannot hash the password: {0}")]
    Hash(argon2::password_hash::Error),
}

/// [`check_new`], then [`hash`]: the one way a password is set.
pub fn hash_new(password: &str, email: &str) -> Result<String, NewPasswordError> {
    check_new(password, email)?;
    hash(password).map_err(NewPasswordError::Hash)
}

/// How many passwords are hashed at once: one a core, so a flood of
/// logins costs a fixed amount of memory (argon2 takes 19 MiB a hash; 120
/// at once took a server from 0.9 to 3.1 GB) and time. A few more wait,
/// briefly; past them the server answers at once that it is busy.
#[derive(Debug, Clone)]
pub struct Hashing {
    running: Arc<Semaphore>,
    waiting: Arc<Semaphore>,
}

/// All cores hash and the queue is full, or the wait was too long.
#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    #[error("every core is hashing a password")]
    Busy,
    #[error("hashing failed: {0}")]
    Failed(#[from] tokio::task::JoinError),
}

impl Hashing {
    /// The longest a hash waits for a core.
    pub const MAX_WAIT: Duration = Duration::from_secs(2);
    /// Hashes waiting for a core, a core.
    pub const WAITING_A_CORE: usize = 4;

    pub fn new(cores: usize) -> Hashing {
        let cores = cores.max(1);
        Hashing {
            running: Arc::new(Semaphore::new(cores)),
            waiting: Arc::new(Semaphore::new(cores * Self::WAITING_A_CORE)),
        }
    }

    /// One a core of this machine.
    pub fn for_this_machine() -> Hashing {
        Self::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    /// Runs `work` (hashing, checking a password) on a blocking thread once
    /// a core is free.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        let queued = self
            .waiting
            .clone()
            .try_acquire_owned()
            .map_err(|_| HashingError::Busy)?;
        let running = tokio::time::timeout(Self::MAX_WAIT, self.running.clone().acquire_owned())
            .await
            .map_err(|_| HashingError::Busy)?
            .map_err(|_| HashingError::Busy)?;
        drop(queued);
        let done = tokio::task::spawn_blocking(work).await;
        drop(running);
        Ok(done?)
    }
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). CPU-bound for ~50 ms:
/// call it from a blocking thread in async code.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    Ok(hasher().hash_password(password.as_bytes())?.to_string())
}

/// Checks a password against a PHC string; a malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A readable random password for a user created without one.
pub fn generate() -> String {
    super::token::random_string(20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let h = hash("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse", &h));
        assert!(!verify("wrong", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn new_passwords_are_long_enough_and_hard_to_guess() {
        let email = "ed@example.com";
        assert_eq!(check_new("short pass", email), Err(PolicyError::TooShort));
        assert!(matches!(
            check_new("password1234", email),
            Err(PolicyError::Guessable(Some(_)))
        ));
        assert!(matches!(
            check_new("qwertyuiopasdf", email),
            Err(PolicyError::Guessable(_))
        ));
        assert!(
            check_new("ed@example.com12", email).is_err(),
            "the email's own parts"
        );
        assert_eq!(
            check_new(&"x".repeat(1025), email),
            Err(PolicyError::TooLong)
        );
        assert_eq!(check_new("wide-river-lantern-42", email), Ok(()));
        assert_eq!(check_new("长江黄河珠江松花江都在流淌", email), Ok(()));
    }

    #[tokio::test]
    async fn hashing_beyond_the_cores_and_the_queue_is_refused_at_once() {
        let hashing = Hashing::new(1);
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let first = tokio::spawn({
            let h = hashing.clone();
            async move { h.run(move || wait.recv().ok()).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        // One runs, four may wait: the sixth is refused without waiting.
        let waiting: Vec<_> = (0..Hashing::WAITING_A_CORE)
            .map(|_| {
                let h = hashing.clone();
                tokio::spawn(async move { h.run(|| ()).await })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(matches!(hashing.run(|| ()).await, Err(HashingError::Busy)));
        release.send(()).unwrap();
        assert!(first.await.unwrap().is_ok());
        for w in waiting {
            assert!(w.await.unwrap().is_ok());
        }
    }
}

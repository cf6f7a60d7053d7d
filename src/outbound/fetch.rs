//! Downloading a file from the web, politely and within bounds: at most
//! 2 connections to a host and 8 in all, 15 s for the whole answer (a slow
//! trickle is cut off), at most the largest size kept (read no further),
//! 5 redirects (each checked as the first address was), retries with
//! backoff for what may pass (timeouts, connection failures, 429 and 5xx),
//! no `Referer` (hot-link protection answers it with 403), and a
//! `User-Agent` naming folio.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::Url;
use tokio::sync::Semaphore;

use super::guard::{AddressRules, GuardedResolver, Refused};

/// How a download is bounded (`Settings::default` is folio's).
#[derive(Debug, Clone)]
pub struct Settings {
    pub per_host: usize,
    pub in_all: usize,
    /// For the whole answer, its body included.
    pub timeout: Duration,
    /// `FOLIO_MAX_MEDIA_BYTES`.
    pub max_bytes: u64,
    pub redirects: usize,
    /// Tries after the first, and the wait before the first of them
    /// (doubled for each next one).
    pub retries: u32,
    pub backoff: Duration,
    /// `folio/{version}`, and the site's address when the caller knows it.
    pub user_agent: String,
    /// `FOLIO_MEDIA_FETCH_ALLOW`.
    pub rules: AddressRules,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            per_host: 2,
            in_all: 8,
            timeout: Duration::from_secs(15),
            max_bytes: 20 * 1024 * 1024,
            redirects: 5,
            retries: 2,
            backoff: Duration::from_millis(500),
            user_agent: format!("folio/{}", env!("CARGO_PKG_VERSION")),
            rules: AddressRules::default(),
        }
    }
}

/// Why a download failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("not an http or https address")]
    BadUrl,
    #[error("the server answered {0}")]
    Status(u16),
    #[error("no whole answer within {0} s")]
    Timeout(u64),
    #[error("larger than {max} bytes")]
    TooBig { max: u64 },
    #[error("{0}")]
    Refused(String),
    #[error("more than {0} redirects, or a redirect loop")]
    Redirects(usize),
    #[error("{0}")]
    Network(String),
}

impl Failure {
    /// A short code for reports and programs.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::BadUrl => "bad_url",
            Failure::Status(_) => "http_status",
            Failure::Timeout(_) => "timeout",
            Failure::TooBig { .. } => "too_big",
            Failure::Refused(_) => "refused_address",
            Failure::Redirects(_) => "redirects",
            Failure::Network(_) => "network",
        }
    }

    /// Whether another try may do better.
    fn passing(&self) -> bool {
        match self {
            Failure::Timeout(_) | Failure::Network(_) => true,
            Failure::Status(s) => *s == 429 || *s >= 500,
            _ => false,
        }
    }
}

/// A redirect refused by the policy, found again in the error's causes.
#[derive(Debug, thiserror::Error)]
enum RedirectRefused {
    #[error("{0}")]
    Address(String),
    #[error("too many")]
    TooMany,
    #[error("not http or https")]
    Scheme,
}

/// The downloader, shared by a run's tasks (its limits are the run's).
pub struct Fetcher {
    client: reqwest::Client,
    settings: Settings,
    all: Semaphore,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Fetcher {
    pub fn new(settings: Settings) -> Result<Fetcher, reqwest::Error> {
        let rules = Arc::new(settings.rules.clone());
        let redirects = settings.redirects;
        let policy_rules = rules.clone();
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            let url = attempt.url();
            if !matches!(url.scheme(), "http" | "https") {
                return attempt.error(RedirectRefused::Scheme);
            }
            if attempt.previous().len() > redirects || attempt.previous().contains(url) {
                return attempt.error(RedirectRefused::TooMany);
            }
            if let Some(refused) = literal_refused(url, &policy_rules) {
                return attempt.error(RedirectRefused::Address(refused));
            }
            attempt.follow()
        });
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver { rules }))
            .redirect(policy)
            .referer(false)
            .no_proxy()
            .user_agent(&settings.user_agent)
            .connect_timeout(Duration::from_secs(5))
            .timeout(settings.timeout)
            .build()?;
        Ok(Fetcher {
            client,
            all: Semaphore::new(settings.in_all),
            hosts: Mutex::new(HashMap::new()),
            settings,
        })
    }

    /// The body at `url`, tried again as the settings say.
    pub async fn get(&self, url: &str) -> Result<Vec<u8>, Failure> {
        let url = Url::parse(url).map_err(|_| Failure::BadUrl)?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Failure::BadUrl);
        }
        if let Some(refused) = literal_refused(&url, &self.settings.rules) {
            return Err(Failure::Refused(refused));
        }
        let mut wait = self.settings.backoff;
        let mut tries = 0;
        loop {
            match self.get_once(&url).await {
                Err(e) if e.passing() && tries < self.settings.retries => {
                    tries += 1;
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                }
                done => return done,
            }
        }
    }

    async fn get_once(&self, url: &Url) -> Result<Vec<u8>, Failure> {
        let host = self.host_limit(url);
        let _host = host.acquire().await.expect("never closed");
        let _all = self.all.acquire().await.expect("never closed");
        let answer = self
            .client
            .get(url.clone())
            .header(reqwest::header::ACCEPT, "image/*")
            .send()
            .await
            .map_err(|e| self.failure(e))?;
        let status = answer.status();
        if !status.is_success() {
            return Err(Failure::Status(status.as_u16()));
        }
        let max = self.settings.max_bytes;
        if answer.content_length().is_some_and(|n| n > max) {
            return Err(Failure::TooBig { max });
        }
        let mut body = Vec::new();
        let mut stream = answer.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| self.failure(e))?;
            if (body.len() + chunk.len()) as u64 > max {
                return Err(Failure::TooBig { max });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn host_limit(&self, url: &Url) -> Arc<Semaphore> {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or(0)
        );
        let mut hosts = self.hosts.lock().expect("not poisoned");
        hosts
            .entry(key)
            .or_insert_with(|| Arc::new(Semaphore::new(self.settings.per_host)))
            .clone()
    }

    fn failure(&self, e: reqwest::Error) -> Failure {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(c) = cause {
            if let Some(refused) = c.downcast_ref::<Refused>() {
                return Failure::Refused(refused.to_string());
            }
            if let Some(redirect) = c.downcast_ref::<RedirectRefused>() {
                return match redirect {
                    RedirectRefused::Address(a) => Failure::Refused(a.clone()),
                    RedirectRefused::TooMany => Failure::Redirects(self.settings.redirects),
                    RedirectRefused::Scheme => Failure::BadUrl,
                };
            }
            cause = c.source();
        }
        if e.is_timeout() {
            Failure::Timeout(self.settings.timeout.as_secs())
        } else {
            // The innermost cause says most ("connection refused").
            let mut inner: &dyn std::error::Error = &e;
            while let Some(next) = inner.source() {
                inner = next;
            }
            Failure::Network(inner.to_string())
        }
    }
}

/// Why `url`'s host, when it is an address rather than a name, is refused
/// (names are checked when resolved).
fn literal_refused(url: &Url, rules: &AddressRules) -> Option<String> {
    let ip: std::net::IpAddr = match url.host()? {
        url::Host::Ipv4(v4) => v4.into(),
        url::Host::Ipv6(v6) => v6.into(),
        url::Host::Domain(_) => return None,
    };
    (!rules.permits(ip)).then(|| format!("{ip} is not an address folio fetches from"))
}

//! The HTTP rules every connector follows, so none of them can forget one.
//!
//! - rustls with the OS certificate store (a corporate CA the OS trusts is trusted here),
//!   `HTTPS_PROXY`/`NO_PROXY` and the OS proxy settings, connect and request timeouts;
//! - https only, except to a loopback address (the test servers, a local proxy);
//! - at most five redirects, and credentials never follow one to another host (reqwest drops
//!   `Authorization` when the host or port changes; a test holds it to that);
//! - one [`Limiter`] per account: requests are spaced, and a server that says it is out of
//!   budget (`X-Rate-Limit-Remaining: 0` with a reset, `Retry-After`) is waited for;
//! - retries with jittered exponential backoff for 429, 5xx, timeouts and network failures, with
//!   `Retry-After` taking the place of the computed delay — but a call that is not idempotent
//!   (a new comment) only when it surely never arrived (no connection, 429); a wait longer than
//!   [`HttpPolicy::longest_wait`] ends the call with [`VendorError::RateLimited`] so the sync
//!   is rescheduled instead of holding the account;
//! - bodies are read up to [`HttpPolicy::max_body`]: a 50 MB answer is an error, not a
//!   50 MB allocation.
//!
//! It does not know any vendor's paths or JSON, and does not decide what an error means to
//! the user beyond its [`VendorError`] code.

use std::time::{Duration, Instant};

use backon::{ExponentialBuilder, Retryable};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;
use url::Url;

use crate::VendorError;

/// Limits of one account's traffic. [`HttpPolicy::default`] is what the app uses.
#[derive(Debug, Clone)]
pub struct HttpPolicy {
    pub connect_timeout: Duration,
    /// For a whole request, body included.
    pub request_timeout: Duration,
    /// The least time between two requests of one account (self-throttling where a vendor
    /// publishes no limit).
    pub min_interval: Duration,
    /// Retries after the first attempt.
    pub retries: usize,
    pub first_backoff: Duration,
    /// The longest wait for a rate limit or backoff before the call gives up for now.
    pub longest_wait: Duration,
    pub max_body: usize,
}

impl Default for HttpPolicy {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            // 50 requests a second at most: polite to a vendor that publishes no limit, and
            // still 5,000 cases a second at Red Hat's page of 100.
            min_interval: Duration::from_millis(20),
            retries: 4,
            first_backoff: Duration::from_millis(500),
            longest_wait: Duration::from_secs(120),
            max_body: 16 * 1024 * 1024,
        }
    }
}

/// An answer that arrived whole, with a 2xx status.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as `T`; a body that is not is [`VendorError::Malformed`], naming where.
    pub fn json<T: DeserializeOwned>(&self, what: &str) -> Result<T, VendorError> {
        parse_json(&self.body, what)
    }
}

/// A body as `T`; one that is not is [`VendorError::Malformed`], naming where. The connectors'
/// parsers start here.
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, VendorError> {
    serde_json::from_slice(body)
        .map_err(|err| VendorError::Malformed(format!("the {what} could not be read: {err}")))
}

/// Spacing and server-announced pauses of one account's requests.
#[derive(Debug)]
pub struct Limiter {
    min_interval: Duration,
    next_at: Option<Instant>,
}

impl Limiter {
    pub fn new(min_interval: Duration) -> Self {
        Self {
            min_interval,
            next_at: None,
        }
    }

    /// How long to wait before the next request may go, and books the slot after it.
    fn take(&mut self, now: Instant) -> Duration {
        let at = self.next_at.map_or(now, |next| next.max(now));
        self.next_at = Some(at + self.min_interval);
        at - now
    }

    /// Reads the rate-limit headers of an answer: a server out of budget is not asked again
    /// before it says it resets.
    fn observe(&mut self, headers: &HeaderMap, now: Instant) {
        if let Some(pause) = announced_pause(headers) {
            let until = now + pause;
            self.next_at = Some(self.next_at.map_or(until, |next| next.max(until)));
        }
    }
}

/// The pause a server asks for: `Retry-After`, or a reset when the remaining budget is 0.
fn announced_pause(headers: &HeaderMap) -> Option<Duration> {
    if let Some(after) = retry_after(headers) {
        return Some(after);
    }
    let number = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    let remaining = number("x-rate-limit-remaining").or_else(|| number("x-ratelimit-remaining"));
    if remaining.is_some_and(|left| left <= 0.0) {
        // Zendesk's `ratelimit-reset` is seconds from now; Jira's `X-RateLimit-Reset` is a
        // timestamp, which [`reset_in`] turns into seconds.
        let reset = number("ratelimit-reset")
            .map(|secs| Duration::from_secs_f64(secs.clamp(0.0, 3600.0)))
            .or_else(|| reset_in(headers.get("x-ratelimit-reset")?.to_str().ok()?));
        return Some(reset.unwrap_or(Duration::from_secs(1)));
    }
    None
}

/// `X-RateLimit-Reset` as an ISO 8601 time or epoch seconds, as time from now.
fn reset_in(value: &str) -> Option<Duration> {
    let at = chrono::DateTime::parse_from_rfc3339(value.trim())
        .map(|at| at.with_timezone(&chrono::Utc))
        .ok()
        .or_else(|| {
            let secs = value.trim().parse::<i64>().ok()?;
            chrono::DateTime::from_timestamp(secs, 0)
        })?;
    (at - chrono::Utc::now()).to_std().ok()
}

/// `Retry-After` in seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&chrono::Utc) - chrono::Utc::now())
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

/// A vendor's base address, checked: https, or http to a loopback address only.
pub fn base_url(text: &str) -> Result<Url, VendorError> {
    let url = Url::parse(text.trim()).map_err(|err| {
        VendorError::BadAddress(format!("{} is not a web address: {err}", text.trim()))
    })?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name == "localhost",
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(VendorError::BadAddress(
            "The address must start with https:// (only a loopback address may use http)."
                .to_owned(),
        )),
        other => Err(VendorError::BadAddress(format!(
            "{other}: is not a web address; use https://"
        ))),
    }
}

/// One account's HTTP client: its policy, its limiter, its base address.
#[derive(Debug)]
pub struct VendorHttp {
    client: reqwest::Client,
    base: Url,
    policy: HttpPolicy,
    limiter: Mutex<Limiter>,
}

/// A request to send: method, address, and what goes with it. Built once and re-sent as is
/// by each retry.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: Method,
    pub url: Url,
    pub bearer: Option<String>,
    pub basic: Option<(String, String)>,
    pub json: Option<serde_json::Value>,
    pub form: Option<Vec<(String, String)>>,
    /// Whether sending it twice does no harm. A call that is not (a new comment) is retried
    /// only when it surely never reached the vendor: no connection, or a 429.
    pub idempotent: bool,
}

impl Call {
    /// A call whose idempotence follows its method: GET, PUT, DELETE and HEAD are.
    pub fn new(method: Method, url: Url) -> Self {
        let idempotent = matches!(
            method,
            Method::GET | Method::PUT | Method::DELETE | Method::HEAD
        );
        Self {
            method,
            url,
            bearer: None,
            basic: None,
            json: None,
            form: None,
            idempotent,
        }
    }

    /// Marks a call that must not be repeated blindly (Zendesk adds a comment by PUT).
    pub fn not_idempotent(mut self) -> Self {
        self.idempotent = false;
        self
    }

    pub fn json(mut self, body: &impl Serialize) -> Result<Self, VendorError> {
        self.json = Some(
            serde_json::to_value(body).map_err(|err| VendorError::Malformed(err.to_string()))?,
        );
        Ok(self)
    }
}

impl VendorHttp {
    pub fn new(base: Url, policy: HttpPolicy) -> Result<Self, VendorError> {
        let client = reqwest::Client::builder()
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.request_timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .user_agent(concat!("Escalator/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| VendorError::Unreachable(format!("no HTTP client: {err}")))?;
        Ok(Self {
            client,
            limiter: Mutex::new(Limiter::new(policy.min_interval)),
            base,
            policy,
        })
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    /// `path` (with its query) under the base address.
    pub fn url(&self, path: &str) -> Result<Url, VendorError> {
        let base = self.base.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}{path}"))
            .map_err(|err| VendorError::BadAddress(format!("{path}: {err}")))
    }

    /// Sends `call` with the account's limits and retries; a 2xx answer comes back whole.
    pub async fn send(&self, call: &Call) -> Result<Reply, VendorError> {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.policy.first_backoff)
            .with_max_delay(self.policy.longest_wait)
            .with_max_times(self.policy.retries)
            .with_jitter();
        let longest = self.policy.longest_wait;
        (|| self.attempt(call))
            .retry(backoff)
            .sleep(tokio::time::sleep)
            .when(|err| {
                err.is_transient()
                    && (call.idempotent
                        || matches!(
                            err,
                            VendorError::RateLimited { .. } | VendorError::Unreachable(_)
                        ))
            })
            .adjust(move |err, delay| {
                // No delay left means the retries are spent: a `Retry-After` must not revive
                // them, or a server that always says "in a second" is asked forever.
                let delay = delay?;
                // The server's word beats the computed delay; a wait beyond the longest one
                // stops retrying (the error then says when to come back).
                let wait = err.retry_after().unwrap_or(delay);
                (wait <= longest).then_some(wait)
            })
            .notify(|err, delay| {
                tracing::info!(error = %err, ?delay, "vendor call failed; trying again");
            })
            .await
    }

    async fn attempt(&self, call: &Call) -> Result<Reply, VendorError> {
        let wait = self.limiter.lock().await.take(Instant::now());
        if wait > self.policy.longest_wait {
            return Err(VendorError::RateLimited { retry_after: wait });
        }
        tokio::time::sleep(wait).await;

        let mut request = self.client.request(call.method.clone(), call.url.clone());
        if let Some(token) = &call.bearer {
            request = request.bearer_auth(token);
        }
        if let Some((user, secret)) = &call.basic {
            request = request.basic_auth(user, Some(secret));
        }
        if let Some(body) = &call.json {
            request = request.json(body);
        }
        if let Some(form) = &call.form {
            request = request.form(form);
        }
        request = request.header(reqwest::header::ACCEPT, "application/json");
        let mut response = request.send().await.map_err(network_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        self.limiter.lock().await.observe(&headers, Instant::now());

        let mut body = Vec::new();
        if response
            .content_length()
            .is_some_and(|n| n > self.policy.max_body as u64)
        {
            return Err(too_large(self.policy.max_body));
        }
        while let Some(chunk) = response.chunk().await.map_err(network_error)? {
            if body.len() + chunk.len() > self.policy.max_body {
                return Err(too_large(self.policy.max_body));
            }
            body.extend_from_slice(&chunk);
        }
        if status.is_success() {
            return Ok(Reply {
                status,
                headers,
                body,
            });
        }
        Err(status_error(status, &headers, &body))
    }
}

fn too_large(limit: usize) -> VendorError {
    VendorError::Malformed(format!(
        "the answer is larger than {} MB; Escalator stopped reading it",
        limit / (1024 * 1024)
    ))
}

fn network_error(err: reqwest::Error) -> VendorError {
    if err.is_timeout() {
        VendorError::TimedOut
    } else if err.is_redirect() {
        VendorError::Refused {
            status: 310,
            message: "too many redirects".to_owned(),
        }
    } else if err.is_decode() || err.is_body() {
        VendorError::Malformed(err.without_url().to_string())
    } else if err.is_connect() {
        // Without the URL: a query string may carry a cursor or a name worth keeping private.
        VendorError::Unreachable(err.without_url().to_string())
    } else {
        VendorError::Interrupted(err.without_url().to_string())
    }
}

fn status_error(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> VendorError {
    match status.as_u16() {
        401 | 403 => VendorError::CredentialsRejected,
        404 => VendorError::NotFound,
        429 => VendorError::RateLimited {
            retry_after: retry_after(headers).unwrap_or(Duration::ZERO),
        },
        code if code >= 500 => VendorError::Server {
            status: code,
            retry_after: retry_after(headers),
        },
        code => VendorError::Refused {
            status: code,
            message: message_of(body),
        },
    }
}

/// The vendor's own words about a refusal, short: the first line of a JSON `message`,
/// `error` or `errorMessage`, else of the text.
fn message_of(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let from_json = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|json| {
            ["message", "errorMessage", "error", "description"]
                .iter()
                .find_map(|key| json.get(key).and_then(|v| v.as_str()).map(str::to_owned))
        });
    let message = from_json.unwrap_or_else(|| text.into_owned());
    message
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect()
}

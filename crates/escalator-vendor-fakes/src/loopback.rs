//! Loopback HTTP servers, and the faults they can be told to answer with: statuses (with
//! `Retry-After`), a stall longer than the client's timeout, an answer that comes too late,
//! malformed or oversized bodies, or being offline altogether. Every server listens on
//! 127.0.0.1 and ends with its test.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use escalator_vendors::http::{HttpPolicy, VendorHttp, base_url};

/// What the next matching request gets instead of the real answer.
#[derive(Debug, Clone)]
pub enum Fault {
    /// This status, with `Retry-After: seconds` when given.
    Status(u16, Option<u64>),
    /// No answer for this long (the client's timeout is shorter).
    Stall(Duration),
    /// The request is carried out, but the answer comes this late: the client gives up
    /// without knowing it worked, as after a crash between send and acknowledgement.
    AnswerLate(Duration),
    /// 200 with this body.
    Body(&'static str),
    /// 200 with this many bytes of JSON-looking filler.
    Huge(usize),
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
}

/// The faults queued for a server and the requests it received.
#[derive(Debug, Default)]
pub struct Wire {
    faults: Mutex<VecDeque<(String, Fault)>>,
    seen: Mutex<Vec<Seen>>,
    offline: AtomicBool,
}

impl Wire {
    /// The next request whose path contains `path` gets `fault` (once).
    pub fn fail(&self, path: &str, fault: Fault) {
        self.faults
            .lock()
            .unwrap()
            .push_back((path.to_owned(), fault));
    }

    /// While offline, every request gets 503 with `Retry-After: 1` and is not counted as seen,
    /// however many retries and syncs come: a vendor down for longer than one sync, whoever
    /// starts the syncs.
    pub fn set_offline(&self, offline: bool) {
        self.offline.store(offline, Ordering::SeqCst);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests with this method went to a path containing `path`.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.method == method && s.path.contains(path))
            .count()
    }

    fn take(&self, path: &str) -> Option<Fault> {
        let mut faults = self.faults.lock().unwrap();
        let index = faults.iter().position(|(p, _)| path.contains(p.as_str()))?;
        faults.remove(index).map(|(_, fault)| fault)
    }
}

async fn faults(State(wire): State<Arc<Wire>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    // Turned away at the door: an offline server never saw the request.
    if wire.offline.load(Ordering::SeqCst) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [("retry-after", "1")],
            "{\"error\":\"offline\"}",
        )
            .into_response();
    }
    wire.seen.lock().unwrap().push(Seen {
        method: request.method().to_string(),
        path: path.clone(),
        authorization: request
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    });
    match wire.take(&path) {
        None => next.run(request).await,
        Some(Fault::Status(code, retry_after)) => {
            let mut headers = HeaderMap::new();
            if let Some(secs) = retry_after {
                headers.insert("retry-after", HeaderValue::from(secs));
            }
            let status = StatusCode::from_u16(code).unwrap();
            (status, headers, "{\"error\":\"injected\"}").into_response()
        }
        Some(Fault::Stall(time)) => {
            tokio::time::sleep(time).await;
            next.run(request).await
        }
        Some(Fault::AnswerLate(time)) => {
            let response = next.run(request).await;
            tokio::time::sleep(time).await;
            response
        }
        Some(Fault::Body(body)) => {
            (StatusCode::OK, [("content-type", "application/json")], body).into_response()
        }
        Some(Fault::Huge(bytes)) => {
            let mut filler = Vec::with_capacity(bytes);
            filler.extend_from_slice(b"{\"cases\":[\"");
            filler.resize(bytes - 3, b'x');
            filler.extend_from_slice(b"\"]}");
            (
                StatusCode::OK,
                [("content-type", "application/json")],
                Body::from(filler),
            )
                .into_response()
        }
    }
}

/// A server running `router` on 127.0.0.1, with fault injection in front of it.
#[derive(Debug)]
pub struct Loopback {
    pub address: SocketAddr,
    pub wire: Arc<Wire>,
    task: tokio::task::JoinHandle<()>,
}

impl Loopback {
    pub async fn start(router: Router) -> Self {
        let wire = Arc::new(Wire::default());
        let app = router.layer(middleware::from_fn_with_state(wire.clone(), faults));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            address,
            wire,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// An HTTP client for this server with the app's policy, but quick: short timeouts and
    /// backoff, so a test of five retries does not take a minute.
    pub fn http(&self) -> VendorHttp {
        VendorHttp::new(base_url(&self.url()).unwrap(), quick_policy()).unwrap()
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The app's policy with waits short enough for tests.
pub fn quick_policy() -> HttpPolicy {
    HttpPolicy {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(2),
        min_interval: Duration::ZERO,
        retries: 3,
        first_backoff: Duration::from_millis(20),
        longest_wait: Duration::from_secs(5),
        ..HttpPolicy::default()
    }
}

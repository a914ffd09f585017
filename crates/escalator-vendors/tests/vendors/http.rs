//! The HTTP rules every connector shares: addresses, redirects, rate-limit headers.

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use escalator_vendors::VendorError;
use escalator_vendors::http::{Call, base_url};
use reqwest::Method;

use escalator_vendor_fakes::{Fault, Loopback};

#[test]
fn only_https_or_loopback_http_is_an_account_address() {
    for good in [
        "https://api.access.redhat.com",
        "https://acme.zendesk.com/",
        "http://127.0.0.1:8080",
        "http://localhost:3000",
        "http://[::1]:9000",
    ] {
        assert!(base_url(good).is_ok(), "{good}");
    }
    for bad in [
        "http://api.access.redhat.com",
        "ftp://acme.example",
        "acme.zendesk.com",
        "",
        "javascript:alert(1)",
        "file:///etc/passwd",
    ] {
        assert!(
            matches!(base_url(bad), Err(VendorError::BadAddress(_))),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn credentials_do_not_follow_a_redirect_to_another_host() {
    let elsewhere = Loopback::start(Router::new().route("/landing", get(|| async { "{}" }))).await;
    let target = format!("{}/landing", elsewhere.url());
    let vendor = Loopback::start(Router::new().route(
        "/moved",
        get(move || async move { Redirect::temporary(&target) }),
    ))
    .await;
    let http = vendor.http();
    let mut call = Call::new(Method::GET, http.url("/moved").unwrap());
    call.bearer = Some("secret-access-token".to_owned());
    http.send(&call).await.unwrap();

    let at_vendor = vendor.wire.seen();
    assert_eq!(
        at_vendor[0].authorization.as_deref(),
        Some("Bearer secret-access-token")
    );
    let at_elsewhere = elsewhere.wire.seen();
    assert_eq!(at_elsewhere.len(), 1, "the redirect was followed");
    assert_eq!(
        at_elsewhere[0].authorization, None,
        "no credentials sent on"
    );
}

#[tokio::test]
async fn a_server_out_of_budget_is_not_asked_again_before_it_resets() {
    // The first answer says the budget is spent and resets in 1 s; the second request must
    // come after that, which the server checks itself.
    let started = std::time::Instant::now();
    let server = Loopback::start(Router::new().route(
        "/limited",
        get(move || async move {
            let mut headers = HeaderMap::new();
            headers.insert("x-rate-limit-remaining", "0".parse().unwrap());
            headers.insert("ratelimit-reset", "1".parse().unwrap());
            (StatusCode::OK, headers, "{}").into_response()
        }),
    ))
    .await;
    let http = server.http();
    let call = Call::new(Method::GET, http.url("/limited").unwrap());
    http.send(&call).await.unwrap();
    let first_done = started.elapsed();
    http.send(&call).await.unwrap();
    let second_sent = started.elapsed();
    // Not a timing budget: the limiter's contract is "not before the reset".
    assert!(
        second_sent - first_done >= std::time::Duration::from_millis(950),
        "{first_done:?} → {second_sent:?}"
    );
}

#[tokio::test]
async fn a_server_that_keeps_saying_retry_later_is_tried_a_bounded_number_of_times() {
    let server = Loopback::start(Router::new().route("/busy", get(|| async { "{}" }))).await;
    for _ in 0..20 {
        server.wire.fail("/busy", Fault::Status(503, Some(0)));
    }
    let http = server.http();
    let call = Call::new(Method::GET, http.url("/busy").unwrap());
    let err = http.send(&call).await.unwrap_err();
    assert!(
        matches!(err, VendorError::Server { status: 503, .. }),
        "{err:?}"
    );
    // The first try and quick_policy's three retries; Retry-After does not add more.
    assert_eq!(server.wire.count("GET", "/busy"), 4);
}

//! The Jira Service Management connector against the loopback site: sign-in, paging, the
//! activity-ordered incremental walk, mapping, comments, transitions, escalation, and the
//! fault matrix.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, Utc};
use escalator_core::SrStatus;
use escalator_vendors::connector::CasePage;
use escalator_vendors::jira_service_management::{
    JiraServiceManagement, QUIET_IN_A_ROW, REQUESTS_PATH, escalation_comment,
};
use escalator_vendors::{Connector, Outbound, Sensitive, VendorCase, VendorError};

use escalator_vendor_fakes::jira_service_management::{
    self as jsm_fake, EMAIL, JsmData, PORTAL, RESOLVE, TOKEN, base64, comment_now, requests,
    start_time,
};
use escalator_vendor_fakes::{Fault, Loopback};

fn connector(server: &Loopback, token: &str) -> JiraServiceManagement {
    JiraServiceManagement::new(
        server.http(),
        EMAIL.to_owned(),
        Sensitive::new(token.to_owned()),
    )
}

async fn site(data: JsmData) -> (Loopback, jsm_fake::Shared, JiraServiceManagement) {
    let (server, shared) = jsm_fake::start(data).await;
    let jsm = connector(&server, TOKEN);
    (server, shared, jsm)
}

fn with_requests(n: usize) -> JsmData {
    JsmData {
        requests: requests(n),
        ..JsmData::default()
    }
}

/// Every page from the first, as the sync engine reads them.
async fn all_pages(
    jsm: &JiraServiceManagement,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<VendorCase>, VendorError> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let CasePage { cases, next } = jsm.changed_cases(since, cursor.as_deref()).await?;
        all.extend(cases);
        match next {
            Some(next) => cursor = Some(next),
            None => return Ok(all),
        }
    }
}

fn keys(cases: &[VendorCase]) -> Vec<String> {
    cases.iter().map(|c| c.key.clone()).collect()
}

fn unique(keys: &[String]) -> usize {
    keys.iter().collect::<BTreeSet<_>>().len()
}

/// Reads of the request list itself, not of one request's comments or transitions.
fn list_reads(server: &Loopback) -> usize {
    server
        .wire
        .seen()
        .iter()
        .filter(|s| s.method == "GET" && s.path == REQUESTS_PATH)
        .count()
}

#[test]
fn the_fake_sites_basic_header_is_standard_base64() {
    // RFC 7617's example.
    assert_eq!(
        base64(b"Aladdin:open sesame"),
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert_eq!(base64(b"ab"), "YWI=");
    assert_eq!(base64(b"abc"), "YWJj");
}

#[tokio::test]
async fn every_request_is_listed_once_across_pages_whatever_page_size_the_site_uses() {
    for page_cap in [None, Some(7)] {
        let (server, _, jsm) = site(JsmData {
            page_cap,
            ..with_requests(120)
        })
        .await;
        let keys = keys(&all_pages(&jsm, None).await.unwrap());
        assert_eq!(keys.len(), 120, "page cap {page_cap:?}");
        assert_eq!(unique(&keys), 120, "page cap {page_cap:?}");
        // Latest activity first, as the site orders them.
        assert_eq!(keys.first().map(String::as_str), Some("ACME-120"));
        if page_cap.is_none() {
            assert_eq!(list_reads(&server), 3);
        }
    }
}

#[tokio::test]
async fn an_incremental_listing_returns_only_recent_activity_and_stops_early() {
    let (server, _, jsm) = site(with_requests(120)).await;
    let since = start_time() + TimeDelta::minutes(100);
    let cases = all_pages(&jsm, Some(since)).await.unwrap();
    let keys: Vec<&str> = cases.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys.len(), 20, "{keys:?}");
    assert_eq!(keys.first(), Some(&"ACME-120"));
    assert_eq!(keys.last(), Some(&"ACME-101"));
    assert!(cases.iter().all(|c| c.updated_at >= since));
    // One page of the list instead of the three of a full walk, and only the few requests
    // where the walk ends had their comments read.
    assert_eq!(list_reads(&server), 1);
    assert_eq!(server.wire.count("GET", "/comment"), QUIET_IN_A_ROW);
}

#[tokio::test]
async fn a_vendor_reply_that_left_the_status_alone_still_counts_as_a_change() {
    let (server, data, jsm) = site(with_requests(120)).await;
    {
        let mut data = data.lock().unwrap();
        comment_now(
            &mut data,
            "ACME-6",
            "We are looking at the replica logs.",
            true,
            true,
        );
        // Then an internal note: activity the customer cannot see, on top of the list.
        comment_now(
            &mut data,
            "ACME-7",
            "Customer is on the old build.",
            true,
            false,
        );
    }
    let since = start_time() + TimeDelta::minutes(100);
    let cases = all_pages(&jsm, Some(since)).await.unwrap();
    let keys: BTreeSet<&str> = cases.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys.len(), 21, "{keys:?}");
    assert!(keys.contains("ACME-6"));
    assert!(!keys.contains("ACME-7"));
    assert!(keys.contains("ACME-101") && keys.contains("ACME-120"));
    let replied = cases.iter().find(|c| c.key == "ACME-6").unwrap();
    assert_eq!(replied.updated_at, data.lock().unwrap().comments[0].at);
    assert_eq!(list_reads(&server), 1);

    let comments = jsm.comments("ACME-6", None).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert!(comments[0].from_vendor);
    assert_eq!(comments[0].author, "Sam Okafor (ACME Support)");
    // Internal notes never reach a customer.
    assert!(jsm.comments("ACME-7", None).await.unwrap().is_empty());
}

#[tokio::test]
async fn requests_read_as_escalator_sees_them() {
    let (server, data, jsm) = site(with_requests(5)).await;
    let first = jsm.case("ACME-1").await.unwrap();
    assert_eq!(
        first.summary,
        "Request 0: replication lag on the EU cluster"
    );
    assert_eq!(first.status, "Waiting for support");
    assert_eq!(first.sr_status, SrStatus::Open);
    assert_eq!(
        first.severity,
        Some(2),
        "priority High shown to the customer"
    );
    assert_eq!(first.created_at, start_time() - TimeDelta::days(3));
    assert_eq!(first.updated_at, start_time());
    assert_eq!(first.web_url, Some(format!("{PORTAL}/ACME-1")));

    let expected = [
        ("ACME-2", "In progress", SrStatus::WaitingOnVendor),
        ("ACME-3", "Waiting for customer", SrStatus::WaitingOnUs),
        ("ACME-4", "Resolved", SrStatus::Resolved),
    ];
    for (key, status, sr_status) in expected {
        let case = jsm.case(key).await.unwrap();
        assert_eq!(case.status, status, "{key}");
        assert_eq!(case.sr_status, sr_status, "{key}");
        assert_eq!(case.severity, None, "{key}: customers see no priority");
    }
    data.lock().unwrap().requests[4].status = "Closed".to_owned();
    data.lock().unwrap().requests[4].category = "DONE".to_owned();
    assert_eq!(
        jsm.case("ACME-5").await.unwrap().sr_status,
        SrStatus::Closed
    );

    assert!(matches!(
        jsm.case("ACME-404").await,
        Err(VendorError::NotFound)
    ));
    // A key that is not a Jira key never reaches a URL.
    let sent = server.wire.seen().len();
    for bad in [
        "../../rest/api/3/myself",
        "acme-1",
        "ACME-",
        "1-ACME",
        "ACME-1?x=1",
        "",
    ] {
        assert!(
            matches!(jsm.case(bad).await, Err(VendorError::BadAddress(_))),
            "{bad}"
        );
        assert!(matches!(
            jsm.send(bad, &Outbound::Comment { body: "hi".into() })
                .await,
            Err(VendorError::BadAddress(_))
        ));
    }
    assert_eq!(server.wire.seen().len(), sent);
}

#[tokio::test]
async fn the_connection_check_names_the_account_and_a_wrong_token_is_rejected() {
    let (server, _, jsm) = site(with_requests(1)).await;
    assert_eq!(jsm.check().await.unwrap(), format!("signed in as {EMAIL}"));
    let wrong = connector(&server, "revoked-token");
    assert!(matches!(
        wrong.check().await,
        Err(VendorError::CredentialsRejected)
    ));
    assert!(matches!(
        wrong.case("ACME-1").await,
        Err(VendorError::CredentialsRejected)
    ));
}

#[tokio::test]
async fn escalation_takes_the_vendors_escalate_transition_when_it_is_offered() {
    let (_server, _, jsm) = site(with_requests(2)).await;
    let attempted = start_time() + TimeDelta::days(30);
    let escalate = Outbound::RequestEscalation {
        reason: "Production replicas 40 minutes behind since Monday.".to_owned(),
    };
    let offered = jsm.transitions("ACME-1").await.unwrap();
    assert!(offered.iter().any(|t| t.name == "Escalate"));
    assert!(
        !jsm.already_delivered("ACME-1", &escalate, attempted)
            .await
            .unwrap()
    );

    jsm.send("ACME-1", &escalate).await.unwrap();

    let case = jsm.case("ACME-1").await.unwrap();
    assert_eq!(case.status, "Escalated");
    assert_eq!(case.sr_status, SrStatus::WaitingOnVendor);
    assert!(
        !jsm.transitions("ACME-1")
            .await
            .unwrap()
            .iter()
            .any(|t| t.name == "Escalate")
    );
    // The reason went with the transition; no templated request was posted besides.
    let comments = jsm.comments("ACME-1", None).await.unwrap();
    let bodies: Vec<&str> = comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(
        bodies,
        ["Production replicas 40 minutes behind since Monday."]
    );
    assert!(
        jsm.already_delivered("ACME-1", &escalate, attempted)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn escalation_is_a_templated_comment_where_no_escalate_transition_exists() {
    let (_server, _, jsm) = site(with_requests(2)).await;
    let attempted = start_time() + TimeDelta::days(30);
    let reason = "No update in 3 days on a severity 1 outage.";
    let escalate = Outbound::RequestEscalation {
        reason: reason.to_owned(),
    };
    assert!(
        !jsm.transitions("ACME-2")
            .await
            .unwrap()
            .iter()
            .any(|t| t.name.to_lowercase().contains("escalat"))
    );
    assert!(
        !jsm.already_delivered("ACME-2", &escalate, attempted)
            .await
            .unwrap()
    );

    jsm.send("ACME-2", &escalate).await.unwrap();

    let comments = jsm.comments("ACME-2", None).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, escalation_comment(reason));
    assert!(comments[0].body.contains(reason));
    assert!(!comments[0].from_vendor);
    assert_eq!(jsm.case("ACME-2").await.unwrap().status, "In progress");
    assert!(
        jsm.already_delivered("ACME-2", &escalate, attempted)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_comment_reaches_the_request_and_severity_cannot_be_changed() {
    let (server, _, jsm) = site(with_requests(1)).await;
    let attempted = start_time() + TimeDelta::days(30);
    let comment = Outbound::Comment {
        body: "Replica logs from all 6 nodes are attached.".to_owned(),
    };
    assert!(
        !jsm.already_delivered("ACME-1", &comment, attempted)
            .await
            .unwrap()
    );
    jsm.send("ACME-1", &comment).await.unwrap();
    let comments = jsm.comments("ACME-1", None).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(
        comments[0].body,
        "Replica logs from all 6 nodes are attached."
    );
    assert_eq!(comments[0].author, "Dana Weber");
    assert!(!comments[0].from_vendor);
    assert!(
        jsm.already_delivered("ACME-1", &comment, attempted)
            .await
            .unwrap()
    );
    // A comment is activity: the request's time moves on in a listing.
    let listed = jsm.changed_cases(None, None).await.unwrap().cases;
    assert_eq!(listed[0].key, "ACME-1");

    let sent = server.wire.seen().len();
    let raise = Outbound::ChangeSeverity {
        level: 1,
        reason: "Production down".to_owned(),
    };
    let err = jsm.send("ACME-1", &raise).await.unwrap_err();
    assert!(
        matches!(&err, VendorError::NotSupported(name) if name == "Jira Service Management"),
        "{err:?}"
    );
    assert_eq!(server.wire.seen().len(), sent, "nothing was sent");
    assert!(
        !jsm.already_delivered("ACME-1", &raise, attempted)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_customer_transition_is_taken_and_then_recognised_as_delivered() {
    let (_server, _, jsm) = site(with_requests(2)).await;
    let attempted = start_time() + TimeDelta::days(30);
    let resolve = Outbound::Transition {
        id: RESOLVE.to_owned(),
        comment: String::new(),
    };
    assert!(
        !jsm.already_delivered("ACME-2", &resolve, attempted)
            .await
            .unwrap()
    );
    jsm.send("ACME-2", &resolve).await.unwrap();
    let case = jsm.case("ACME-2").await.unwrap();
    assert_eq!(case.status, "Resolved");
    assert_eq!(case.sr_status, SrStatus::Resolved);
    assert!(jsm.comments("ACME-2", None).await.unwrap().is_empty());
    assert!(
        jsm.already_delivered("ACME-2", &resolve, attempted)
            .await
            .unwrap()
    );
    // Sent again, the site refuses a transition it no longer offers.
    assert!(matches!(
        jsm.send("ACME-2", &resolve).await,
        Err(VendorError::Refused { status: 400, .. })
    ));
}

#[tokio::test]
async fn comments_are_read_across_pages_oldest_first_and_since_a_time() {
    let (_server, data, jsm) = site(JsmData {
        page_cap: Some(2),
        ..with_requests(1)
    })
    .await;
    {
        let mut data = data.lock().unwrap();
        for i in 0..5 {
            comment_now(
                &mut data,
                "ACME-1",
                &format!("comment {i}"),
                i % 2 == 0,
                true,
            );
        }
    }
    let all = jsm.comments("ACME-1", None).await.unwrap();
    let bodies: Vec<&str> = all.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(
        bodies,
        [
            "comment 0",
            "comment 1",
            "comment 2",
            "comment 3",
            "comment 4"
        ]
    );
    assert_eq!(
        all.iter().map(|c| c.from_vendor).collect::<Vec<_>>(),
        [true, false, true, false, true]
    );
    let later = jsm
        .comments("ACME-1", Some(all[2].created_at))
        .await
        .unwrap();
    assert_eq!(
        later.iter().map(|c| c.body.as_str()).collect::<Vec<_>>(),
        ["comment 3", "comment 4"]
    );
}

#[tokio::test]
async fn transient_faults_are_retried_and_lasting_ones_reported() {
    let (server, _, jsm) = site(with_requests(3)).await;
    jsm.check().await.unwrap();

    let before = server.wire.count("GET", "/request/ACME-1");
    server
        .wire
        .fail("/request/ACME-1", Fault::Status(429, Some(1)));
    assert_eq!(jsm.case("ACME-1").await.unwrap().key, "ACME-1");
    server
        .wire
        .fail("/request/ACME-1", Fault::Status(503, Some(1)));
    assert_eq!(jsm.case("ACME-1").await.unwrap().key, "ACME-1");
    assert_eq!(server.wire.count("GET", "/request/ACME-1") - before, 4);

    // Five 500s outlast three retries.
    for _ in 0..5 {
        server
            .wire
            .fail("/request/ACME-2", Fault::Status(500, None));
    }
    assert!(matches!(
        jsm.case("ACME-2").await,
        Err(VendorError::Server { status: 500, .. })
    ));
}

#[tokio::test]
async fn malformed_wrongly_typed_and_huge_answers_are_errors_not_panics() {
    let (server, _, jsm) = site(with_requests(1)).await;
    jsm.check().await.unwrap();
    for body in [
        "{\"issueKey\": ",
        "[]",
        "<html>Service Unavailable</html>",
        "{\"issueKey\": 1001, \"createdDate\": {\"epochMillis\": 1}}",
        "{\"issueKey\": \"ACME-1\", \"createdDate\": {\"iso8601\": \"last Tuesday\"}}",
        "{\"issueKey\": \"ACME-1\", \"createdDate\": {\"epochMillis\": 1}, \
         \"currentStatus\": \"open\"}",
        "{\"issueKey\": \"../../admin\", \"createdDate\": {\"epochMillis\": 1}}",
    ] {
        server.wire.fail("/request/ACME-1", Fault::Body(body));
        let err = jsm.case("ACME-1").await.unwrap_err();
        assert!(matches!(err, VendorError::Malformed(_)), "{body}: {err:?}");
    }
    server.wire.fail(
        "/request/ACME-1/transition",
        Fault::Body("{\"isLastPage\": true, \"values\": [{\"id\": 11}]}"),
    );
    assert!(matches!(
        jsm.transitions("ACME-1").await,
        Err(VendorError::Malformed(_))
    ));
    server
        .wire
        .fail(REQUESTS_PATH, Fault::Huge(50 * 1024 * 1024));
    let err = jsm.changed_cases(None, None).await.unwrap_err();
    assert!(
        matches!(&err, VendorError::Malformed(m) if m.contains("larger than")),
        "{err:?}"
    );
    assert!(matches!(
        jsm.changed_cases(None, Some("page two")).await,
        Err(VendorError::Malformed(_))
    ));
}

#[tokio::test]
async fn dates_with_or_without_a_colon_in_the_offset_or_only_epoch_millis_are_read() {
    let (server, _, jsm) = site(with_requests(1)).await;
    let expected = start_time();
    for created in [
        "{\"iso8601\": \"2026-11-02T09:00:00+0100\"}",
        "{\"iso8601\": \"2026-11-02T09:00:00.000+01:00\"}",
        "{\"iso8601\": \"2026-11-02T08:00:00Z\"}",
        "{\"epochMillis\": 1793606400000}",
    ] {
        let body = format!("{{\"issueKey\": \"ACME-1\", \"createdDate\": {created}}}");
        server.wire.fail(
            "/request/ACME-1",
            Fault::Body(Box::leak(body.into_boxed_str())),
        );
        let case = jsm.case("ACME-1").await.unwrap();
        assert_eq!(case.created_at, expected, "{created}");
        assert_eq!(case.updated_at, expected, "{created}");
    }
}

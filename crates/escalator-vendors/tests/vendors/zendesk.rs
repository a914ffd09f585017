//! The Zendesk connector against the loopback Zendesk: sign-in, cursor paging, the
//! newest-first incremental walk, request mapping, comments with their authors, comments and
//! escalations sent, the refused severity change, and the fault matrix.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, Utc};
use escalator_core::SrStatus;
use escalator_vendors::connector::CasePage;
use escalator_vendors::zendesk::{ESCALATION_REQUEST, Zendesk, escalation_comment};
use escalator_vendors::{Connector, Outbound, Sensitive, VendorError};

use escalator_vendor_fakes::zendesk::{
    self as zendesk_fake, DANA, EMAIL, FIRST_ID, SAM, TOKEN, ZendeskData, requests, start_time,
};
use escalator_vendor_fakes::{Fault, Loopback};

fn connector(server: &Loopback, token: &str) -> Zendesk {
    Zendesk::new(
        server.http(),
        EMAIL.to_owned(),
        Sensitive::new(token.to_owned()),
    )
}

/// Every page from the first, as the sync engine reads them.
async fn all_pages(
    zendesk: &Zendesk,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<String>, VendorError> {
    let mut keys = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let CasePage { cases, next } = zendesk.changed_cases(since, cursor.as_deref()).await?;
        keys.extend(cases.into_iter().map(|c| c.key));
        match next {
            Some(next) => cursor = Some(next),
            None => return Ok(keys),
        }
    }
}

fn unique(keys: &[String]) -> usize {
    keys.iter().collect::<BTreeSet<_>>().len()
}

fn comment(id: u64, author: i64, at: DateTime<Utc>) -> zendesk_fake::Comment {
    zendesk_fake::Comment {
        id,
        request: FIRST_ID,
        body: format!("comment {id}"),
        author,
        at,
        public: true,
    }
}

#[tokio::test]
async fn every_request_is_listed_once_and_the_last_pages_next_link_is_not_followed() {
    let (server, _) = zendesk_fake::start(ZendeskData {
        requests: requests(250),
        ..ZendeskData::default()
    })
    .await;
    let zendesk = connector(&server, TOKEN);
    let keys = all_pages(&zendesk, None).await.unwrap();
    assert_eq!(keys.len(), 250);
    assert_eq!(unique(&keys), 250);
    // Newest change first.
    assert_eq!(keys.first().map(String::as_str), Some("9049"));
    // 100 + 100 + 50: the last page says `has_more: false` and still carries `links.next`.
    assert_eq!(server.wire.count("GET", "/api/v2/requests"), 3);
}

#[tokio::test]
async fn an_incremental_listing_stops_at_the_first_request_older_than_the_last_sync() {
    for (minutes, expected, pages) in [(200, 50, 1), (120, 130, 2)] {
        let (server, _) = zendesk_fake::start(ZendeskData {
            requests: requests(250),
            ..ZendeskData::default()
        })
        .await;
        let zendesk = connector(&server, TOKEN);
        let since = start_time() + TimeDelta::minutes(minutes);
        let keys = all_pages(&zendesk, Some(since)).await.unwrap();
        assert_eq!(keys.len(), expected, "since +{minutes} min");
        assert_eq!(unique(&keys), expected, "since +{minutes} min");
        let oldest = FIRST_ID + u64::try_from(minutes).unwrap();
        assert_eq!(
            keys.last(),
            Some(&oldest.to_string()),
            "since +{minutes} min"
        );
        // Fewer pages than the three of a full walk.
        assert_eq!(
            server.wire.count("GET", "/api/v2/requests"),
            pages,
            "since +{minutes} min"
        );
    }
}

#[tokio::test]
async fn a_request_reads_as_escalator_sees_it() {
    let mut list = requests(7);
    let words = [
        ("new", Some("urgent")),
        ("open", Some("high")),
        ("pending", Some("normal")),
        ("hold", Some("low")),
        ("solved", None),
        ("closed", Some("normal")),
        ("open", Some("critical")),
    ];
    for (request, (status, priority)) in list.iter_mut().zip(words) {
        request.status = status.to_owned();
        request.priority = priority.map(str::to_owned);
    }
    let (server, _) = zendesk_fake::start(ZendeskData {
        requests: list,
        ..ZendeskData::default()
    })
    .await;
    let zendesk = connector(&server, TOKEN);

    let first = zendesk.case("8800").await.unwrap();
    assert_eq!(first.key, "8800");
    assert_eq!(first.summary, "Request 0: sync stalls after upgrade");
    assert_eq!(first.status, "new");
    assert_eq!(first.sr_status, SrStatus::Open);
    assert_eq!(first.severity, Some(1));
    assert_eq!(first.product, "");
    assert_eq!(first.created_at, start_time() - TimeDelta::days(1));
    assert_eq!(first.updated_at, start_time());
    assert_eq!(
        first.web_url.as_deref(),
        Some(format!("{}/hc/requests/8800", server.url()).as_str())
    );

    let expected = [
        ("8801", "open", SrStatus::Open, Some(2)),
        ("8802", "pending", SrStatus::WaitingOnUs, Some(3)),
        ("8803", "hold", SrStatus::WaitingOnVendor, Some(4)),
        ("8804", "solved", SrStatus::Resolved, None),
        ("8805", "closed", SrStatus::Closed, Some(3)),
        ("8806", "open", SrStatus::Open, None),
    ];
    for (key, status, sr_status, severity) in expected {
        let case = zendesk.case(key).await.unwrap();
        assert_eq!(
            (case.status.as_str(), case.sr_status, case.severity),
            (status, sr_status, severity),
            "{key}"
        );
    }

    assert!(matches!(
        zendesk.case("9999").await,
        Err(VendorError::NotFound)
    ));
    // A key that is not a request number never reaches a URL.
    let before = server.wire.seen().len();
    for key in ["../../users/me", "8800?x=1", "", "ACME-1"] {
        assert!(
            matches!(zendesk.case(key).await, Err(VendorError::BadAddress(_))),
            "{key:?}"
        );
        assert!(
            matches!(
                zendesk.comments(key, None).await,
                Err(VendorError::BadAddress(_))
            ),
            "{key:?}"
        );
    }
    assert_eq!(server.wire.seen().len(), before);
}

#[tokio::test]
async fn the_right_token_signs_in_and_a_wrong_one_is_credentials_rejected() {
    let (server, _) = zendesk_fake::start(ZendeskData {
        requests: requests(1),
        ..ZendeskData::default()
    })
    .await;
    assert_eq!(
        connector(&server, TOKEN).check().await.unwrap(),
        "signed in as Dana Weber"
    );

    let wrong = connector(&server, "not-the-token");
    assert!(matches!(
        wrong.check().await,
        Err(VendorError::CredentialsRejected)
    ));
    assert!(matches!(
        wrong.changed_cases(None, None).await,
        Err(VendorError::CredentialsRejected)
    ));

    // Zendesk answers /users/me for nobody with its anonymous user, not a 401.
    server.wire.fail(
        "/api/v2/users/me",
        Fault::Body(r#"{"user":{"id":null,"name":"Anonymous user","role":"end-user"}}"#),
    );
    assert!(matches!(
        connector(&server, TOKEN).check().await,
        Err(VendorError::CredentialsRejected)
    ));
}

#[tokio::test]
async fn comments_and_escalations_reach_the_request_and_severity_is_refused() {
    let (server, data) = zendesk_fake::start(ZendeskData {
        requests: requests(1),
        ..ZendeskData::default()
    })
    .await;
    let zendesk = connector(&server, TOKEN);
    let attempted = Utc::now() - TimeDelta::days(365);

    let note = Outbound::Comment {
        body: "Logs from all 12 hosts are attached.".to_owned(),
    };
    assert!(
        !zendesk
            .already_delivered("8800", &note, attempted)
            .await
            .unwrap()
    );
    zendesk.send("8800", &note).await.unwrap();
    let comments = zendesk.comments("8800", None).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, "Logs from all 12 hosts are attached.");
    assert_eq!(comments[0].author, "Dana Weber");
    assert!(!comments[0].from_vendor);
    assert!(
        zendesk
            .already_delivered("8800", &note, attempted)
            .await
            .unwrap()
    );
    let after_comment = zendesk.case("8800").await.unwrap().updated_at;
    assert!(after_comment > start_time());

    let escalation = Outbound::RequestEscalation {
        reason: "No progress in 3 days".to_owned(),
    };
    assert!(
        !zendesk
            .already_delivered("8800", &escalation, attempted)
            .await
            .unwrap()
    );
    zendesk.send("8800", &escalation).await.unwrap();
    let comments = zendesk.comments("8800", None).await.unwrap();
    assert_eq!(comments.len(), 2);
    assert_eq!(
        comments[1].body,
        escalation_comment("No progress in 3 days")
    );
    assert!(comments[1].body.starts_with(ESCALATION_REQUEST));
    assert!(comments[1].body.ends_with("Reason: No progress in 3 days"));
    assert!(
        zendesk
            .already_delivered("8800", &escalation, attempted)
            .await
            .unwrap()
    );
    assert!(zendesk.case("8800").await.unwrap().updated_at > after_comment);

    // Zendesk would ignore a priority from an end user and answer 200: nothing is sent.
    let puts = server.wire.count("PUT", "/api/v2/requests/8800");
    assert_eq!(puts, 2);
    let raise = Outbound::ChangeSeverity {
        level: 1,
        reason: "Production down".to_owned(),
    };
    assert!(matches!(
        zendesk.send("8800", &raise).await,
        Err(VendorError::NotSupported(name)) if name == "Zendesk"
    ));
    assert!(matches!(
        zendesk
            .send(
                "8800",
                &Outbound::Transition {
                    id: "1".into(),
                    comment: String::new()
                }
            )
            .await,
        Err(VendorError::NotSupported(_))
    ));
    assert_eq!(server.wire.count("PUT", "/api/v2/requests/8800"), puts);
    assert!(
        !zendesk
            .already_delivered("8800", &raise, attempted)
            .await
            .unwrap()
    );
    assert_eq!(zendesk.case("8800").await.unwrap().severity, Some(3));
    assert!(zendesk.transitions("8800").await.unwrap().is_empty());
    assert_eq!(data.lock().unwrap().comments.len(), 2);
}

#[tokio::test]
async fn comments_since_a_time_leave_out_older_ones_and_name_their_authors() {
    let (server, _) = zendesk_fake::start(ZendeskData {
        requests: requests(1),
        comments: vec![
            comment(3, SAM, start_time() + TimeDelta::hours(3)),
            comment(1, SAM, start_time()),
            comment(2, DANA, start_time() + TimeDelta::hours(2)),
        ],
        ..ZendeskData::default()
    })
    .await;
    let zendesk = connector(&server, TOKEN);
    let since = zendesk
        .comments("8800", Some(start_time() + TimeDelta::hours(1)))
        .await
        .unwrap();
    let seen: Vec<(&str, &str, bool)> = since
        .iter()
        .map(|c| (c.id.as_str(), c.author.as_str(), c.from_vendor))
        .collect();
    assert_eq!(
        seen,
        [
            ("2", "Dana Weber", false),
            ("3", "Sam at Vendor Support", true)
        ]
    );
    // The sideload named everyone: no need to ask who we are.
    assert_eq!(server.wire.count("GET", "/api/v2/users/me"), 0);
}

#[tokio::test]
async fn every_comment_is_read_across_pages_oldest_first() {
    let comments = (0..250)
        .map(|i| {
            let author = if i % 2 == 0 { SAM } else { DANA };
            comment(
                1_000 + i,
                author,
                start_time() + TimeDelta::minutes(i64::try_from(i).unwrap()),
            )
        })
        .collect();
    let (server, _) = zendesk_fake::start(ZendeskData {
        requests: requests(1),
        comments,
        ..ZendeskData::default()
    })
    .await;
    let zendesk = connector(&server, TOKEN);
    let read = zendesk.comments("8800", None).await.unwrap();
    assert_eq!(read.len(), 250);
    assert!(read.windows(2).all(|w| w[0].created_at < w[1].created_at));
    assert_eq!(read.iter().filter(|c| c.from_vendor).count(), 125);
    assert_eq!(
        server.wire.count("GET", "/api/v2/requests/8800/comments"),
        3
    );
}

#[tokio::test]
async fn without_the_users_sideload_anyone_but_us_speaks_for_the_vendor() {
    let (server, _) = zendesk_fake::start(ZendeskData {
        requests: requests(1),
        comments: vec![
            comment(1, SAM, start_time()),
            comment(2, DANA, start_time() + TimeDelta::hours(1)),
        ],
        no_user_sideload: true,
        ..ZendeskData::default()
    })
    .await;
    let zendesk = connector(&server, TOKEN);
    for _ in 0..2 {
        let read = zendesk.comments("8800", None).await.unwrap();
        let seen: Vec<(&str, bool)> = read
            .iter()
            .map(|c| (c.author.as_str(), c.from_vendor))
            .collect();
        assert_eq!(seen, [("2002", true), ("1001", false)]);
    }
    // Who we are is asked once.
    assert_eq!(server.wire.count("GET", "/api/v2/users/me"), 1);
}

#[tokio::test]
async fn transient_faults_are_retried_and_lasting_ones_reported() {
    let (server, _) = zendesk_fake::start(ZendeskData {
        requests: requests(3),
        ..ZendeskData::default()
    })
    .await;
    let zendesk = connector(&server, TOKEN);

    // A 429 with Retry-After, then a 503: each retried, then served.
    server
        .wire
        .fail("/api/v2/requests/8800", Fault::Status(429, Some(1)));
    server
        .wire
        .fail("/api/v2/requests/8800", Fault::Status(503, None));
    assert_eq!(zendesk.case("8800").await.unwrap().key, "8800");
    assert_eq!(server.wire.count("GET", "/api/v2/requests/8800"), 3);

    // Five 500s outlast three retries.
    for _ in 0..5 {
        server
            .wire
            .fail("/api/v2/requests/8801", Fault::Status(500, None));
    }
    assert!(matches!(
        zendesk.case("8801").await,
        Err(VendorError::Server { status: 500, .. })
    ));

    // A Retry-After beyond the longest wait is not waited for: the sync comes back later.
    server
        .wire
        .fail("/api/v2/requests/8802", Fault::Status(429, Some(3600)));
    let err = zendesk.case("8802").await.unwrap_err();
    assert!(
        matches!(err, VendorError::RateLimited { retry_after } if retry_after.as_secs() == 3600),
        "{err:?}"
    );
}

#[tokio::test]
async fn malformed_wrongly_typed_and_huge_answers_are_errors_not_panics() {
    let (server, _) = zendesk_fake::start(ZendeskData {
        requests: requests(1),
        ..ZendeskData::default()
    })
    .await;
    let zendesk = connector(&server, TOKEN);
    for body in [
        "{\"request\": ",
        "[]",
        "{}",
        "{\"request\": {\"id\": \"8800\", \"created_at\": \"2026-11-02T08:00:00Z\"}}",
        "{\"request\": {\"id\": 8800, \"created_at\": \"last Tuesday\"}}",
        "{\"request\": {\"id\": 8800, \"subject\": 12, \"created_at\": \"2026-11-02T08:00:00Z\"}}",
        "<html>Service Unavailable</html>",
    ] {
        server.wire.fail("/api/v2/requests/8800", Fault::Body(body));
        let err = zendesk.case("8800").await.unwrap_err();
        assert!(matches!(err, VendorError::Malformed(_)), "{body}: {err:?}");
    }

    for body in [
        // Offset paging instead of the cursor paging asked for.
        "{\"requests\": [], \"next_page\": null, \"count\": 0}",
        // More to come, but nowhere to continue from.
        "{\"requests\": [], \"meta\": {\"has_more\": true, \"after_cursor\": null}}",
    ] {
        server.wire.fail("/api/v2/requests", Fault::Body(body));
        let err = zendesk.changed_cases(None, None).await.unwrap_err();
        assert!(matches!(err, VendorError::Malformed(_)), "{body}: {err:?}");
    }

    server
        .wire
        .fail("/api/v2/requests", Fault::Huge(50 * 1024 * 1024));
    let err = zendesk.changed_cases(None, None).await.unwrap_err();
    assert!(
        matches!(&err, VendorError::Malformed(m) if m.contains("larger than")),
        "{err:?}"
    );
}

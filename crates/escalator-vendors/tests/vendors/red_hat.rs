//! The Red Hat connector against the loopback portal: sign-in, paging, incremental listing,
//! comments, severity, management escalation, and the fault matrix.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use escalator_core::SrStatus;
use escalator_vendors::connector::CasePage;
use escalator_vendors::red_hat::RedHat;
use escalator_vendors::{Connector, Outbound, Sensitive, VendorError};

use escalator_vendor_fakes::red_hat::{
    self as red_hat_fake, OFFLINE_TOKEN, RedHatData, cases, start_time,
};
use escalator_vendor_fakes::{Fault, Loopback};

fn connector(server: &Loopback, token: &str) -> RedHat {
    let http = server.http();
    let token_url = RedHat::token_url_for(http.base()).unwrap();
    RedHat::new(http, token_url, Sensitive::new(token.to_owned()))
}

/// Every page from the first, as the sync engine reads them.
async fn all_pages(
    red_hat: &RedHat,
    since: Option<chrono::DateTime<Utc>>,
) -> Result<Vec<String>, VendorError> {
    let mut keys = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let CasePage { cases, next } = red_hat.changed_cases(since, cursor.as_deref()).await?;
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

#[tokio::test]
async fn every_case_is_listed_once_across_pages_whether_offsets_count_from_0_or_1() {
    for one_based in [false, true] {
        let (server, _) = red_hat_fake::start(RedHatData {
            cases: cases(250),
            one_based,
            ..RedHatData::default()
        })
        .await;
        let red_hat = connector(&server, OFFLINE_TOKEN);
        let keys = all_pages(&red_hat, None).await.unwrap();
        assert_eq!(keys.len(), 250, "one_based {one_based}");
        assert_eq!(unique(&keys), 250, "one_based {one_based}");
        // One token exchange for the whole listing.
        assert_eq!(server.wire.count("POST", "openid-connect/token"), 1);
    }
}

#[tokio::test]
async fn an_incremental_listing_reads_only_cases_changed_since() {
    let (server, _) = red_hat_fake::start(RedHatData {
        cases: cases(250),
        ..RedHatData::default()
    })
    .await;
    let red_hat = connector(&server, OFFLINE_TOKEN);
    let since = start_time() + TimeDelta::minutes(200);
    let keys = all_pages(&red_hat, Some(since)).await.unwrap();
    assert_eq!(keys.len(), 50);
    assert_eq!(keys.first().map(String::as_str), Some("04000200"));
}

#[tokio::test]
async fn a_case_reads_as_escalator_sees_it() {
    let (server, _) = red_hat_fake::start(RedHatData {
        cases: cases(2),
        ..RedHatData::default()
    })
    .await;
    let red_hat = connector(&server, OFFLINE_TOKEN);
    let first = red_hat.case("04000000").await.unwrap();
    assert_eq!(first.summary, "Case 0: kernel panic in nfsd");
    assert_eq!(first.sr_status, SrStatus::WaitingOnVendor);
    assert_eq!(first.status, "Waiting on Red Hat");
    assert_eq!(first.severity, Some(3));
    assert_eq!(first.product, "Red Hat Enterprise Linux 9.4");
    assert_eq!(
        red_hat.case("04000001").await.unwrap().sr_status,
        SrStatus::WaitingOnUs
    );
    assert!(matches!(
        red_hat.case("04999999").await,
        Err(VendorError::NotFound)
    ));
    // A key that is not a case number never reaches a URL.
    assert!(matches!(
        red_hat.case("../../admin").await,
        Err(VendorError::BadAddress(_))
    ));
}

#[tokio::test]
async fn a_wrong_offline_token_is_credentials_rejected() {
    let (server, _) = red_hat_fake::start(RedHatData {
        cases: cases(1),
        ..RedHatData::default()
    })
    .await;
    let red_hat = connector(&server, "not-the-token");
    assert!(matches!(
        red_hat.check().await,
        Err(VendorError::CredentialsRejected)
    ));
}

#[tokio::test]
async fn a_revoked_access_token_is_exchanged_again_once() {
    let (server, data) = red_hat_fake::start(RedHatData {
        cases: cases(1),
        ..RedHatData::default()
    })
    .await;
    let red_hat = connector(&server, OFFLINE_TOKEN);
    red_hat.case("04000000").await.unwrap();
    // SSO revokes the token early: the server now expects a newer one.
    data.lock()
        .unwrap()
        .access_tokens
        .push("issued-elsewhere".to_owned());
    red_hat.case("04000000").await.unwrap();
    assert_eq!(server.wire.count("POST", "openid-connect/token"), 2);
}

#[tokio::test]
async fn comments_severity_and_escalation_reach_the_case() {
    let (server, data) = red_hat_fake::start(RedHatData {
        cases: cases(1),
        ..RedHatData::default()
    })
    .await;
    let red_hat = connector(&server, OFFLINE_TOKEN);
    let attempted = Utc::now() - TimeDelta::days(365);
    let comment = Outbound::Comment {
        body: "Logs from all 12 hosts are attached.".to_owned(),
    };
    assert!(
        !red_hat
            .already_delivered("04000000", &comment, attempted)
            .await
            .unwrap()
    );
    red_hat.send("04000000", &comment).await.unwrap();
    let comments = red_hat.comments("04000000", None).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, "Logs from all 12 hosts are attached.");
    assert!(!comments[0].from_vendor);
    assert!(
        red_hat
            .already_delivered("04000000", &comment, attempted)
            .await
            .unwrap()
    );

    let raise = Outbound::ChangeSeverity {
        level: 1,
        reason: "Production down".to_owned(),
    };
    assert!(
        !red_hat
            .already_delivered("04000000", &raise, attempted)
            .await
            .unwrap()
    );
    red_hat.send("04000000", &raise).await.unwrap();
    assert_eq!(red_hat.case("04000000").await.unwrap().severity, Some(1));
    assert!(
        red_hat
            .already_delivered("04000000", &raise, attempted)
            .await
            .unwrap()
    );

    red_hat
        .send(
            "04000000",
            &Outbound::RequestEscalation {
                reason: "No progress in 3 days".to_owned(),
            },
        )
        .await
        .unwrap();
    assert!(data.lock().unwrap().cases[0].escalated);
    // Red Hat has no customer transitions.
    assert!(matches!(
        red_hat
            .send(
                "04000000",
                &Outbound::Transition {
                    id: "1".into(),
                    comment: String::new()
                }
            )
            .await,
        Err(VendorError::NotSupported(_))
    ));
}

#[tokio::test]
async fn comments_since_a_time_leave_out_older_ones() {
    let later = start_time() + TimeDelta::hours(2);
    let comment = |id: &str, at| {
        (
            "04000000".to_owned(),
            red_hat_fake::Comment {
                id: id.to_owned(),
                body: format!("comment {id}"),
                by: "Red Hat Support".to_owned(),
                by_type: "Associate".to_owned(),
                at,
            },
        )
    };
    let (server, _) = red_hat_fake::start(RedHatData {
        cases: cases(1),
        comments: vec![comment("1", start_time()), comment("2", later)],
        ..RedHatData::default()
    })
    .await;
    let red_hat = connector(&server, OFFLINE_TOKEN);
    let since = red_hat
        .comments("04000000", Some(start_time() + TimeDelta::hours(1)))
        .await
        .unwrap();
    assert_eq!(since.len(), 1);
    assert_eq!(since[0].id, "2");
    assert!(since[0].from_vendor);
}

#[tokio::test]
async fn transient_faults_are_retried_and_lasting_ones_reported() {
    let (server, _) = red_hat_fake::start(RedHatData {
        cases: cases(3),
        ..RedHatData::default()
    })
    .await;
    let red_hat = connector(&server, OFFLINE_TOKEN);
    red_hat.check().await.unwrap();
    let before = server.wire.count("GET", "/cases/04000000");

    // A 429 with Retry-After, a 503 and a stall past the timeout: each retried, then served.
    server
        .wire
        .fail("/cases/04000000", Fault::Status(429, Some(1)));
    server
        .wire
        .fail("/cases/04000000", Fault::Status(503, None));
    server
        .wire
        .fail("/cases/04000000", Fault::Stall(Duration::from_secs(3)));
    assert_eq!(red_hat.case("04000000").await.unwrap().key, "04000000");
    assert_eq!(server.wire.count("GET", "/cases/04000000") - before, 4);

    // Five 500s outlast three retries.
    for _ in 0..5 {
        server
            .wire
            .fail("/cases/04000001", Fault::Status(500, None));
    }
    assert!(matches!(
        red_hat.case("04000001").await,
        Err(VendorError::Server { status: 500, .. })
    ));

    // A Retry-After beyond the longest wait is not waited for: the sync comes back later.
    server
        .wire
        .fail("/cases/04000002", Fault::Status(429, Some(3600)));
    let err = red_hat.case("04000002").await.unwrap_err();
    assert!(
        matches!(err, VendorError::RateLimited { retry_after } if retry_after.as_secs() == 3600),
        "{err:?}"
    );
}

#[tokio::test]
async fn malformed_wrongly_typed_and_huge_answers_are_errors_not_panics() {
    let (server, _) = red_hat_fake::start(RedHatData {
        cases: cases(1),
        ..RedHatData::default()
    })
    .await;
    let red_hat = connector(&server, OFFLINE_TOKEN);
    red_hat.check().await.unwrap();
    for body in [
        "{\"caseNumber\": ",
        "[]",
        "{\"caseNumber\": 4000000, \"createdDate\": \"2026-11-02T08:00:00Z\"}",
        "{\"caseNumber\": \"04000000\", \"createdDate\": \"last Tuesday\"}",
        "<html>Service Unavailable</html>",
    ] {
        server.wire.fail("/cases/04000000", Fault::Body(body));
        let err = red_hat.case("04000000").await.unwrap_err();
        assert!(matches!(err, VendorError::Malformed(_)), "{body}: {err:?}");
    }
    server
        .wire
        .fail("/cases/filter", Fault::Huge(50 * 1024 * 1024));
    let err = red_hat.changed_cases(None, None).await.unwrap_err();
    assert!(
        matches!(&err, VendorError::Malformed(m) if m.contains("larger than")),
        "{err:?}"
    );
}

/// A stored cursor is only ever one this connector wrote; a damaged one used to underflow the
/// page arithmetic (an offset below its base) and panic.
#[tokio::test]
async fn a_damaged_page_cursor_is_malformed_not_a_panic() {
    let (server, _) = red_hat_fake::start(RedHatData {
        cases: cases(1),
        ..RedHatData::default()
    })
    .await;
    let red_hat = connector(&server, OFFLINE_TOKEN);
    for cursor in ["0/5", "3/2", "100", "x/0", "-1/0", ""] {
        let err = red_hat.changed_cases(None, Some(cursor)).await.unwrap_err();
        assert!(
            matches!(err, VendorError::Malformed(_)),
            "{cursor:?}: {err:?}"
        );
    }
    let page = red_hat.changed_cases(None, Some("0/0")).await.unwrap();
    assert_eq!(page.cases.len(), 1);
}

#[tokio::test]
async fn a_comment_whose_answer_never_came_is_not_sent_again_blindly() {
    let (server, data) = red_hat_fake::start(RedHatData {
        cases: cases(1),
        ..RedHatData::default()
    })
    .await;
    let red_hat = connector(&server, OFFLINE_TOKEN);
    red_hat.check().await.unwrap();
    let comment = Outbound::Comment {
        body: "Core dump uploaded to the case.".to_owned(),
    };
    // The vendor stores the comment, but answers after the client stopped waiting.
    server
        .wire
        .fail("/comments", Fault::AnswerLate(Duration::from_secs(3)));
    let err = red_hat.send("04000000", &comment).await.unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    assert_eq!(server.wire.count("POST", "/comments"), 1, "no blind retry");
    assert_eq!(data.lock().unwrap().comments.len(), 1);
    // Asked, the vendor says it is there: the outbox will not send it again.
    let attempted = Utc::now() - TimeDelta::days(365);
    assert!(
        red_hat
            .already_delivered("04000000", &comment, attempted)
            .await
            .unwrap()
    );

    // A 429 means it was not taken: that is retried.
    server.wire.fail("/comments", Fault::Status(429, Some(1)));
    red_hat.send("04000000", &comment).await.unwrap();
    assert_eq!(server.wire.count("POST", "/comments"), 3);
    assert_eq!(data.lock().unwrap().comments.len(), 2);
}

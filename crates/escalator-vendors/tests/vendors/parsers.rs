//! Whatever JSON a vendor answers with, a connector reads it or says it is malformed: never
//! a panic, never another error. Property tests over generated JSON shaped like each API's
//! (its field names, any types), served by the loopback fakes, and given straight to each
//! connector's `parse_*` functions.
//!
//! These are what CI runs. The same functions have cargo-fuzz targets in `fuzz/` (outside the
//! workspace, nightly only, run by hand: DEVELOPMENT.md, "Fuzzing"), whose seed answers are
//! checked here to read as they should.

use escalator_vendor_fakes::{Fault, Loopback};
use escalator_vendors::account::{AccountAddress, AccountConnector};
use escalator_vendors::connector::ConnectorKind;
use escalator_vendors::{Connector, Sensitive, VendorError};
use escalator_vendors::{jira_service_management as jsm, red_hat, zendesk};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Field names of all three APIs, so generated objects look like near-misses of real ones.
const FIELDS: &[&str] = &[
    "caseNumber",
    "summary",
    "status",
    "severity",
    "createdDate",
    "lastModifiedDate",
    "cases",
    "totalCount",
    "request",
    "requests",
    "id",
    "subject",
    "priority",
    "created_at",
    "updated_at",
    "meta",
    "has_more",
    "after_cursor",
    "comments",
    "users",
    "body",
    "public",
    "issueKey",
    "requestFieldValues",
    "fieldId",
    "value",
    "currentStatus",
    "statusCategory",
    "statusDate",
    "iso8601",
    "epochMillis",
    "values",
    "isLastPage",
    "size",
    "start",
    "_links",
];

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[ -~]{0,24}".prop_map(Value::String),
        Just(Value::String("2026-11-02T08:00:00Z".into())),
        Just(Value::String("2015-10-08T14:42:00+0700".into())),
        Just(Value::String("04000000".into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(FIELDS), inner), 0..6).prop_map(|pairs| {
                let mut map = Map::new();
                for (key, value) in pairs {
                    map.insert(key.to_owned(), value);
                }
                Value::Object(map)
            }),
        ]
    })
}

/// A fake of `kind` with its connector, signed in already (Red Hat's token fetched), so the
/// next request is the one that gets the generated body.
async fn signed_in(kind: ConnectorKind) -> (Loopback, AccountConnector, &'static str) {
    use escalator_vendor_fakes::{jira_service_management as jsm, red_hat, zendesk};
    let (server, user, token, key) = match kind {
        ConnectorKind::RedHat => {
            let (server, _) = red_hat::start(red_hat::RedHatData {
                cases: red_hat::cases(1),
                ..Default::default()
            })
            .await;
            (
                server,
                "dana@example.com",
                red_hat::OFFLINE_TOKEN,
                "04000000",
            )
        }
        ConnectorKind::Zendesk => {
            let (server, _) = zendesk::start(zendesk::ZendeskData {
                requests: zendesk::requests(1),
                ..Default::default()
            })
            .await;
            (server, zendesk::EMAIL, zendesk::TOKEN, "8800")
        }
        ConnectorKind::JiraServiceManagement => {
            let (server, _) = jsm::start(jsm::JsmData {
                requests: jsm::requests(1),
                ..Default::default()
            })
            .await;
            (server, jsm::EMAIL, jsm::TOKEN, "ACME-1")
        }
    };
    let connector = AccountConnector::new(
        &AccountAddress {
            kind,
            base_url: server.url(),
            user: user.to_owned(),
        },
        Sensitive::new(token.to_owned()),
        escalator_vendor_fakes::quick_policy(),
    )
    .unwrap();
    connector.case(key).await.unwrap();
    (server, connector, key)
}

fn reads_or_says_malformed(kind: ConnectorKind) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, connector, key) = runtime.block_on(signed_in(kind));
    proptest!(ProptestConfig::with_cases(64), |(body in json())| {
        let text: &'static str = Box::leak(body.to_string().into_boxed_str());
        for call in 0..3 {
            // Any path: the next request gets the body.
            server.wire.fail("", Fault::Body(text));
            let outcome = runtime.block_on(async {
                match call {
                    0 => connector.case(key).await.map(|_| ()),
                    1 => connector.changed_cases(None, None).await.map(|_| ()),
                    _ => connector.comments(key, None).await.map(|_| ()),
                }
            });
            prop_assert!(
                matches!(outcome, Ok(()) | Err(VendorError::Malformed(_))),
                "{kind:?} call {call} on {text}: {outcome:?}"
            );
        }
    });
}

#[test]
fn red_hat_reads_any_json_or_says_it_is_malformed() {
    reads_or_says_malformed(ConnectorKind::RedHat);
}

#[test]
fn zendesk_reads_any_json_or_says_it_is_malformed() {
    reads_or_says_malformed(ConnectorKind::Zendesk);
}

#[test]
fn jira_service_management_reads_any_json_or_says_it_is_malformed() {
    reads_or_says_malformed(ConnectorKind::JiraServiceManagement);
}

/// Every parser of `kind` on `body`: each reads it or says it is malformed (Zendesk's anonymous
/// user is its way of refusing the token).
fn parse_all(kind: ConnectorKind, body: &[u8]) -> Vec<Result<(), VendorError>> {
    let site = "https://acme.zendesk.com";
    match kind {
        ConnectorKind::RedHat => vec![
            red_hat::parse_token(body).map(|_| ()),
            red_hat::parse_case_list(body).map(|_| ()),
            red_hat::parse_case(body).map(|_| ()),
            red_hat::parse_comments(body).map(|_| ()),
        ],
        ConnectorKind::Zendesk => vec![
            match zendesk::parse_me(body) {
                Err(VendorError::CredentialsRejected) => Ok(()),
                other => other.map(|_| ()),
            },
            zendesk::parse_request_page(body, site)
                .and_then(|page| page.next_cursor(None).map(|_| ())),
            zendesk::parse_request(body, site).map(|_| ()),
            zendesk::parse_comment_page(body).and_then(|page| {
                page.next_cursor(None)?;
                let mut thread = zendesk::CommentThread::default();
                thread.add(page);
                let my_id = thread.needs_my_id(None).then_some(1);
                thread.into_comments(None, my_id);
                Ok(())
            }),
        ],
        ConnectorKind::JiraServiceManagement => vec![
            jsm::parse_request_page(body).map(|_| ()),
            jsm::parse_request(body).map(|_| ()),
            jsm::parse_comment_page(body, "dana@example.com").map(|_| ()),
            jsm::parse_transition_page(body).map(|_| ()),
        ],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_parsers_read_any_json_or_say_it_is_malformed(body in json()) {
        let text = body.to_string();
        for kind in ConnectorKind::ALL {
            for (parser, outcome) in parse_all(kind, text.as_bytes()).into_iter().enumerate() {
                prop_assert!(
                    matches!(outcome, Ok(()) | Err(VendorError::Malformed(_))),
                    "{kind:?} parser {parser} on {text}: {outcome:?}"
                );
            }
        }
    }

    #[test]
    fn the_parsers_read_any_bytes_or_say_they_are_malformed(body in prop::collection::vec(any::<u8>(), 0..256)) {
        for kind in ConnectorKind::ALL {
            for (parser, outcome) in parse_all(kind, &body).into_iter().enumerate() {
                prop_assert!(
                    matches!(outcome, Ok(()) | Err(VendorError::Malformed(_))),
                    "{kind:?} parser {parser} on {body:?}: {outcome:?}"
                );
            }
        }
    }
}

/// The fuzz targets' seeds are realistic answers: each reads with the parser it is for.
#[test]
fn the_fuzz_seeds_read_as_the_answers_they_stand_for() {
    const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds");
    let seed = |path: &str| std::fs::read(format!("{SEEDS}/{path}")).unwrap();
    let site = "https://acme.zendesk.com";

    let (token, lifetime) = red_hat::parse_token(&seed("red_hat/token.json")).unwrap();
    assert_eq!(
        (token.expose().as_str(), lifetime.as_secs()),
        ("access-1", 900)
    );
    let list = red_hat::parse_case_list(&seed("red_hat/case_list.json")).unwrap();
    assert_eq!((list.cases.len(), list.total_count), (2, Some(2)));
    assert_eq!(list.cases[0].product, "Red Hat Enterprise Linux 9.4");
    assert_eq!(
        red_hat::parse_case(&seed("red_hat/case.json"))
            .unwrap()
            .severity,
        Some(1)
    );
    let comments = red_hat::parse_comments(&seed("red_hat/comments_bare.json")).unwrap();
    // The internal one is left out; the customer's, earlier in UTC, comes first.
    let ids: Vec<&str> = comments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["a0a6R00000Kq2", "a0a6R00000Kq1"]);
    assert!(!comments[0].from_vendor && comments[1].from_vendor);
    assert_eq!(
        red_hat::parse_comments(&seed("red_hat/comments_wrapped.json"))
            .unwrap()
            .len(),
        1
    );

    let (id, name) = zendesk::parse_me(&seed("zendesk/me.json")).unwrap();
    assert_eq!((id, name.as_deref()), (9001, Some("Dana Weber")));
    assert!(matches!(
        zendesk::parse_me(&seed("zendesk/me_anonymous.json")),
        Err(VendorError::CredentialsRejected)
    ));
    let page = zendesk::parse_request_page(&seed("zendesk/requests.json"), site).unwrap();
    assert_eq!(page.cases.len(), 2);
    assert_eq!(
        page.next_cursor(None).unwrap().as_deref(),
        Some("eyJvIjo2NH0")
    );
    let request = zendesk::parse_request(&seed("zendesk/request.json"), site).unwrap();
    assert_eq!(
        request.web_url.as_deref(),
        Some("https://acme.zendesk.com/hc/requests/8800")
    );
    let page = zendesk::parse_comment_page(&seed("zendesk/comments.json")).unwrap();
    assert_eq!(page.next_cursor(None).unwrap(), None);
    let mut thread = zendesk::CommentThread::default();
    thread.add(page);
    assert!(!thread.needs_my_id(None));
    let comments = thread.into_comments(None, None);
    let whose: Vec<(&str, bool)> = comments
        .iter()
        .map(|c| (c.author.as_str(), c.from_vendor))
        .collect();
    assert_eq!(whose, [("Sam Agent", true), ("Dana Weber", false)]);

    let page = jsm::parse_request_page(&seed("jira_service_management/requests.json")).unwrap();
    assert_eq!(page.values[0].key, "ACME-1");
    assert_eq!(page.values[0].severity, Some(2));
    assert_eq!(page.next_start(0), Some(1));
    let request = jsm::parse_request(&seed("jira_service_management/request.json")).unwrap();
    assert_eq!(
        (request.key.as_str(), request.severity),
        ("ACME-2", Some(1))
    );
    let page = jsm::parse_comment_page(
        &seed("jira_service_management/comments.json"),
        "dana@example.com",
    )
    .unwrap();
    let whose: Vec<bool> = page.values.iter().map(|c| c.from_vendor).collect();
    assert_eq!(whose, [true, false]);
    // Three arrived, the internal one included: the next page starts after all three.
    assert_eq!(page.next_start(0), Some(3));
    let page =
        jsm::parse_transition_page(&seed("jira_service_management/transitions.json")).unwrap();
    assert_eq!(page.values[0].name, "Escalate");
}

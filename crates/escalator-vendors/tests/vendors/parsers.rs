//! Whatever JSON a vendor answers with, a connector reads it or says it is malformed: never
//! a panic, never another error. Property tests over generated JSON shaped like each API's
//! (its field names, any types), served by the loopback fakes.

use escalator_vendor_fakes::{Fault, Loopback};
use escalator_vendors::account::{AccountAddress, AccountConnector};
use escalator_vendors::connector::ConnectorKind;
use escalator_vendors::{Connector, Sensitive, VendorError};
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

//! Search across SRs, escalations and timeline text, and what each hit opens.

use escalator_app::{ErrorCode, HitKind, SearchHit};

use crate::util::{Desk, field_names, input};

fn kinds(hits: &[SearchHit]) -> Vec<(HitKind, HitKind)> {
    hits.iter().map(|h| (h.kind, h.opens)).collect()
}

#[test]
fn srs_escalations_and_notes_are_found_and_open_the_right_screen() {
    let desk = Desk::new();
    let sr = desk
        .app
        .create_support_request(input(
            "cisco",
            "694001122",
            "BGP sessions flap on core routers",
            2,
        ))
        .unwrap();
    let sr_id = sr.id.to_string();

    let hits = desk.app.search("694001122").unwrap();
    let sr_hits: Vec<&SearchHit> = hits
        .iter()
        .filter(|h| h.kind == HitKind::SupportRequest)
        .collect();
    assert_eq!(sr_hits.len(), 1);
    assert_eq!(sr_hits[0].id, sr_id);
    assert_eq!(sr_hits[0].opens, HitKind::SupportRequest);
    assert!(sr_hits[0].title.contains("BGP sessions flap"));
    // By title, by a word's beginning, in any case.
    for query in ["flap", "BGP core", "rout", "SESSIONS"] {
        let hits = desk.app.search(query).unwrap();
        assert!(
            hits.iter()
                .any(|h| h.kind == HitKind::SupportRequest && h.id == sr_id),
            "{query}"
        );
    }
    assert!(desk.app.search("ospf").unwrap().is_empty());

    let escalation = desk.escalation("24561112223");
    let id = escalation.id.clone();
    // An SR is found by its problem statement too.
    let hits = desk.app.search("esx02").unwrap();
    assert!(
        hits.iter().any(|h| h.kind == HitKind::SupportRequest
            && h.id == escalation.support_requests[0].id.to_string()),
        "{hits:?}"
    );
    let hits = desk.app.search("datacentre move").unwrap();
    let found: Vec<&SearchHit> = hits
        .iter()
        .filter(|h| h.kind == HitKind::Escalation)
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, id);
    assert_eq!(found[0].opens, HitKind::Escalation);
    assert_eq!(found[0].title, "vMotion outage blocks the datacentre move");

    desk.app
        .add_escalation_note(&id, "Called Priya: the hotfix is in QA, ETA Thursday")
        .unwrap();
    let hits = desk.app.search("hotfix").unwrap();
    assert_eq!(kinds(&hits), [(HitKind::Event, HitKind::Escalation)]);
    assert_eq!(hits[0].id, id);
    assert_eq!(
        hits[0].title,
        "Called Priya: the hotfix is in QA, ETA Thursday"
    );
    assert_eq!(hits[0].at, Some(desk.now()));

    // An event on the SR's own stream opens the SR.
    let hits = desk.app.search("recorded BGP").unwrap();
    assert!(
        hits.iter().any(|h| h.kind == HitKind::Event
            && h.opens == HitKind::SupportRequest
            && h.id == sr_id),
        "{hits:?}"
    );
}

#[test]
fn a_query_longer_than_200_characters_is_refused_on_its_field() {
    let desk = Desk::new();
    assert!(desk.app.search(&"a".repeat(200)).is_ok());
    let err = desk.app.search(&"a".repeat(201)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(field_names(&err), ["query"]);
    // Characters, not bytes: 200 umlauts are 400 bytes and still a search.
    assert!(desk.app.search(&"ü".repeat(200)).is_ok());
}

#[test]
fn query_syntax_typed_into_the_box_is_just_text() {
    let desk = Desk::new();
    let sr = desk
        .app
        .create_support_request(input("redhat", "04012345", "Kernel panic NEAR boot", 1))
        .unwrap();
    for query in [
        "\"",
        "\"unbalanced",
        "*",
        "kernel*",
        "-panic",
        "NOT kernel",
        "kernel AND OR",
        "NEAR(kernel panic)",
        "title:kernel",
        "^kernel",
        "(((",
        "'; DROP TABLE support_request; --",
        "{}[]\\",
        "",
        "   ",
    ] {
        let hits = desk.app.search(query).unwrap_or_else(|err| {
            panic!("{query:?} failed: {err:?}");
        });
        assert!(hits.len() <= 2, "{query:?}");
    }
    // The quoted words still match as words.
    let hits = desk.app.search("\"kernel panic\"").unwrap();
    assert!(hits.iter().any(|h| h.id == sr.id.to_string()));
    let hits = desk.app.search("NEAR(kernel panic)").unwrap();
    assert!(hits.iter().any(|h| h.id == sr.id.to_string()));
    assert_eq!(desk.app.list_support_requests().unwrap().len(), 1);
}

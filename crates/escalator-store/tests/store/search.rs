//! What the search box finds: SRs, escalations and timeline entries, by the words a user
//! remembers, and nothing surprising for text that happens to look like query syntax.

use escalator_core::SupportRequestRecord;
use escalator_core::escalation::LifecycleAction;
use escalator_core::sr_details::{SrDetails, Technician};
use escalator_core::timeline::EventKind;
use escalator_store::{SearchTarget, Store, StoredHit};
use serde_json::json;

use crate::util::{at, insert, record, requested_escalation, stamp};

fn support_requests_found(store: &Store, text: &str) -> Vec<String> {
    hits(store, text)
        .into_iter()
        .filter_map(|hit| match hit.target {
            SearchTarget::SupportRequest { id } => Some(id),
            _ => None,
        })
        .collect()
}

fn escalations_found(store: &Store, text: &str) -> Vec<String> {
    hits(store, text)
        .into_iter()
        .filter_map(|hit| match hit.target {
            SearchTarget::Escalation { id } => Some(id),
            _ => None,
        })
        .collect()
}

fn events_found(store: &Store, text: &str) -> Vec<(String, i64)> {
    hits(store, text)
        .into_iter()
        .filter_map(|hit| match hit.target {
            SearchTarget::Event { stream, seq } => Some((stream, seq)),
            _ => None,
        })
        .collect()
}

fn hits(store: &Store, text: &str) -> Vec<StoredHit> {
    store
        .search(text, 50)
        .unwrap_or_else(|err| panic!("searching {text:?}: {err}"))
}

fn id(sr: &SupportRequestRecord) -> String {
    sr.id.to_string()
}

/// Three SRs with nothing in common but their vendor-neutral shape.
fn three_requests(store: &mut Store) -> [SupportRequestRecord; 3] {
    let srs = [
        record("vmware", "24123456789", "vMotion fails at 21%", at(0)),
        record("redhat", "04012345", "Kernel panic on boot", at(10)),
        record("cisco", "694001122", "BGP flaps between sites", at(20)),
    ];
    for sr in &srs {
        insert(store, sr);
    }
    srs
}

#[test]
fn a_request_is_found_by_its_number_and_by_the_start_of_a_title_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let [vmware, redhat, cisco] = three_requests(&mut store);

    assert_eq!(support_requests_found(&store, "24123456789"), [id(&vmware)]);
    assert_eq!(support_requests_found(&store, "0401"), [id(&redhat)]);
    assert_eq!(support_requests_found(&store, "vmot"), [id(&vmware)]);
    assert_eq!(support_requests_found(&store, "KERNEL pan"), [id(&redhat)]);
    assert_eq!(support_requests_found(&store, "flaps sites"), [id(&cisco)]);
    assert!(support_requests_found(&store, "flaps boot").is_empty());

    let hit = hits(&store, "694001122")
        .into_iter()
        .find(|h| matches!(h.target, SearchTarget::SupportRequest { .. }))
        .unwrap();
    assert!(
        hit.title.contains("BGP flaps between sites"),
        "{}",
        hit.title
    );
    assert_eq!(hit.at, Some(cisco.updated_at));
}

#[test]
fn a_request_is_found_by_a_word_of_its_problem_statement_once_it_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let [vmware, ..] = three_requests(&mut store);
    assert!(support_requests_found(&store, "firmware").is_empty());

    let mut detailed = vmware.clone();
    detailed.details = SrDetails {
        product: "vSphere 8.0 U3".into(),
        problem_statement: "Migrations fail since the HBA firmware update".into(),
        business_impact: "Hosts cannot enter maintenance mode".into(),
        technician: Technician {
            name: "Zoë Müller".into(),
            ..Technician::default()
        },
        ..SrDetails::default()
    };
    detailed.updated_at = at(100);
    let event = stamp(100).event(EventKind::Note, "Details recorded".into(), json!({}));
    store.update_support_request(&detailed, event).unwrap();

    assert_eq!(support_requests_found(&store, "firmware"), [id(&vmware)]);
    assert_eq!(support_requests_found(&store, "maintenance"), [id(&vmware)]);
    // Accents are optional, as on a keyboard without them.
    assert_eq!(support_requests_found(&store, "muller"), [id(&vmware)]);
    // Still found by its number and title after the update.
    assert_eq!(support_requests_found(&store, "24123456789"), [id(&vmware)]);
    assert_eq!(support_requests_found(&store, "vmotion"), [id(&vmware)]);
}

#[test]
fn a_changed_title_is_found_by_its_new_words_and_no_longer_by_the_removed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let [_, redhat, _] = three_requests(&mut store);

    let mut renamed = redhat.clone();
    renamed.title = "Boot loop after kernel update".into();
    renamed.updated_at = at(100);
    let event = stamp(100).event(EventKind::Note, "Title changed".into(), json!({}));
    store.update_support_request(&renamed, event).unwrap();

    assert_eq!(support_requests_found(&store, "loop"), [id(&redhat)]);
    assert!(support_requests_found(&store, "panic").is_empty());
    assert_eq!(support_requests_found(&store, "kernel"), [id(&redhat)]);
}

#[test]
fn an_escalation_is_found_by_its_title_and_by_a_word_of_its_action_plan() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let [vmware, ..] = three_requests(&mut store);
    let (mut escalation, event) =
        requested_escalation(&vmware, "Cluster-wide migration outage", 60);
    store.insert_escalation(&escalation, event).unwrap();
    let escalation_id = escalation.id.to_string();

    let just_it = std::slice::from_ref(&escalation_id);
    assert_eq!(escalations_found(&store, "outage"), just_it);
    assert_eq!(escalations_found(&store, "cluster wide"), just_it);
    assert!(escalations_found(&store, "vmkernel").is_empty());

    for (minute, action) in (2..).zip([
        LifecycleAction::AssignEngineer {
            engineer: "K. Osei".into(),
        },
        LifecycleAction::AgreeActionPlan {
            plan: "Capture vmkernel traces during the next failed migration".into(),
        },
    ]) {
        let event = escalation.apply(action, &stamp(minute * 60)).unwrap();
        store.update_escalation(&escalation, event).unwrap();
    }
    assert_eq!(escalations_found(&store, "vmkernel"), just_it);
    assert_eq!(escalations_found(&store, "osei"), just_it);
    assert!(
        escalations_found(&store, "kernel").is_empty(),
        "not a prefix"
    );
    // Updating did not leave a second copy behind.
    assert_eq!(escalations_found(&store, "outage"), just_it);
}

#[test]
fn a_timeline_entry_is_found_by_the_text_of_its_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let [vmware, ..] = three_requests(&mut store);
    let (mut escalation, event) = requested_escalation(&vmware, "vMotion outage", 60);
    store.insert_escalation(&escalation, event).unwrap();
    // The searched word is only in the note's second line, not in its one-line summary.
    let note = escalation
        .note(
            "Called the duty manager\nHe promised a hotfix by Thursday",
            &stamp(120),
        )
        .unwrap();
    let chained = store.update_escalation(&escalation, note).unwrap();
    assert_eq!(chained.summary, "Called the duty manager");

    let stream = escalation.id.to_string();
    assert_eq!(events_found(&store, "hotfix"), [(stream.clone(), 2)]);
    assert_eq!(events_found(&store, "thursday hotfix"), [(stream, 2)]);
    let hit = hits(&store, "hotfix").pop().unwrap();
    assert_eq!(hit.title, "Called the duty manager");
    assert_eq!(hit.at, Some(at(120)));
}

#[test]
fn text_that_looks_like_query_syntax_neither_fails_nor_matches_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let srs = three_requests(&mut store);
    let everything: Vec<String> = srs.iter().map(id).collect();

    for text in [
        "\"",
        "\"\"",
        "*",
        "-",
        "OR",
        "AND",
        "NOT",
        "NEAR(",
        "NEAR(kernel vmotion)",
        "kernel OR vmotion",
        "kernel NOT vmotion",
        "title:kernel",
        "^kernel",
        "(",
        ")",
        "{title}: x",
        "' OR 1=1 --",
        "🚒",
        "",
        "   ",
    ] {
        let found = support_requests_found(&store, text);
        assert!(
            found.len() < everything.len(),
            "{text:?} matched every request"
        );
    }

    // The punctuation is just punctuation: the words around it still find what they name.
    let [vmware, redhat, _] = &srs;
    assert_eq!(support_requests_found(&store, "\"vMotion"), [id(vmware)]);
    assert_eq!(support_requests_found(&store, "vmotion*"), [id(vmware)]);
    assert_eq!(support_requests_found(&store, "-kernel"), [id(redhat)]);
    assert_eq!(
        support_requests_found(&store, "NEAR(kernel"),
        Vec::<String>::new()
    );
    assert_eq!(
        support_requests_found(&store, &"kernel ".repeat(200)),
        [id(redhat)]
    );
}

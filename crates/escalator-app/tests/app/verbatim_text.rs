//! Whatever the user types comes back as typed: markup stays text, any script survives.
//! Escaping is the UI's job when it draws; the store never alters text.

use escalator_app::{HitKind, Milestone, SrDetails, Technician, Workaround};

use crate::util::{Desk, date, input};

const MARKUP: &str = "<script>alert(1)</script> & <b onclick=\"x()\">bold</b> 'quoted'";
const WORLD: &str = "Grüße aus Köln — 東京データセンター 🚒 Ελληνικά עברית {sr_number} %s \\n";

#[test]
fn markup_and_unicode_round_trip_through_details_notes_and_search() {
    let desk = Desk::new();
    let title = "Storage <img src=x onerror=alert(1)> Überlauf 東京";
    let sr = desk
        .app
        .create_support_request(input("vmware", "2456-ÄÖÜ-1", title, 2))
        .unwrap();
    let sr_id = sr.id.to_string();
    assert_eq!(sr.title, title);
    assert_eq!(sr.vendor_sr_number, "2456-ÄÖÜ-1");

    let typed = SrDetails {
        product: "vSphere <8.0> \"U3\"".into(),
        problem_statement: format!("{MARKUP}\nSecond line: {WORLD}"),
        business_impact: WORLD.into(),
        workaround: Workaround::Impractical { why: MARKUP.into() },
        milestone: Milestone::On {
            date: date(2026, 12, 5),
            what: "Umzug ins Rechenzentrum «Nord»".into(),
        },
        technician: Technician {
            name: "Zoë O'Brien-Łukasiewicz".into(),
            email: "zoe@broadcom.example".into(),
            phone: "+49 (0)221 555-0100".into(),
        },
    };
    let saved = desk
        .app
        .update_support_request_details(&sr_id, typed.clone())
        .unwrap();
    assert_eq!(saved.details, typed);
    let desk = desk.reopen();
    assert_eq!(desk.app.get_support_request(&sr_id).unwrap().details, typed);
    assert_eq!(desk.app.get_support_request(&sr_id).unwrap().title, title);

    // The script and pasteable text carry the facts as typed, placeholders included.
    let readiness = escalator_app::ReadinessInput {
        problem_statement_confirmed: true,
        ..typed.readiness_input()
    };
    let plan = desk.app.plan_route(&sr_id, readiness).unwrap();
    assert!(plan.script.contains(MARKUP));
    assert!(plan.script.contains(WORLD), "{}", plan.script);
    assert!(plan.pasteable.contains(WORLD));

    // A note, on the escalation's timeline and found by search.
    let escalation = desk.escalation("24569998887");
    let note = format!("{MARKUP}\n{WORLD}");
    let view = desk.app.add_escalation_note(&escalation.id, &note).unwrap();
    assert!(view.timeline_intact);
    let timeline = desk.timeline(&escalation.id);
    let event = &timeline
        .entries
        .iter()
        .rfind(|e| e.stream == escalation.id)
        .unwrap()
        .event;
    assert_eq!(event.details["text"], note.as_str());
    assert_eq!(event.summary, MARKUP);
    assert!(timeline.intact);

    for (query, expected) in [
        ("Grüße", HitKind::Event),
        ("köln", HitKind::Event),
        ("東京データセンター", HitKind::Event),
        ("script alert", HitKind::Event),
        ("Überlauf", HitKind::SupportRequest),
    ] {
        let hits = desk.app.search(query).unwrap();
        assert!(hits.iter().any(|h| h.kind == expected), "{query}: {hits:?}");
    }
    let hits = desk.app.search("onclick").unwrap();
    let note_hit = hits
        .iter()
        .find(|h| h.kind == HitKind::Event && h.id == escalation.id)
        .unwrap();
    assert_eq!(note_hit.title, MARKUP);
    let hits = desk.app.search("onerror").unwrap();
    let sr_hit = hits
        .iter()
        .find(|h| h.kind == HitKind::SupportRequest)
        .unwrap();
    assert_eq!(sr_hit.id, sr_id);
    assert!(sr_hit.title.contains(title), "{}", sr_hit.title);
}

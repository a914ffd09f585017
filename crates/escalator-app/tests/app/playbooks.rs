//! Vendor playbooks in Settings: the built-in ones, the user's edited copies and added
//! vendors, and a broken copy that can never break the app.

use escalator_app::{AppStatus, ErrorCode, PlaybookEntry, PlaybookOrigin};

use crate::util::{Desk, field_names, input};

const BUILT_IN_IDS: [&str; 7] = [
    "vmware",
    "redhat",
    "oracle",
    "cisco",
    "microsoft",
    "google-cloud",
    "other",
];

fn entry<'a>(entries: &'a [PlaybookEntry], id: &str) -> &'a PlaybookEntry {
    entries
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no playbook {id}"))
}

fn vendor_name(desk: &Desk, id: &str) -> Option<String> {
    desk.app
        .list_vendors()
        .into_iter()
        .find(|v| v.id == id)
        .map(|v| v.name)
}

fn shipped_vmware() -> String {
    let (_, text) = escalator_core::playbook::built_in_files()
        .iter()
        .find(|(file, _)| *file == "vmware.toml")
        .unwrap();
    (*text).to_owned()
}

fn vmware_text(desk: &Desk) -> String {
    entry(&desk.app.list_playbooks(), "vmware").text.clone()
}

#[test]
fn seven_built_in_playbooks_are_listed_in_order() {
    let desk = Desk::new();
    let entries = desk.app.list_playbooks();
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, BUILT_IN_IDS);
    assert!(
        entries
            .iter()
            .all(|e| e.origin == PlaybookOrigin::BuiltIn && e.problem.is_none())
    );
    assert!(entry(&entries, "vmware").text.contains("1-877-4VMware"));
    let vendors: Vec<String> = desk.app.list_vendors().into_iter().map(|v| v.id).collect();
    assert_eq!(vendors, BUILT_IN_IDS);
}

#[test]
fn an_edited_copy_replaces_the_built_in_one_until_it_is_reset() {
    let desk = Desk::new();
    let original = vmware_text(&desk);
    let edited = original.replace(
        "name = \"VMware by Broadcom\"",
        "name = \"VMware (our contract)\"",
    );
    assert_ne!(edited, original);

    let saved = desk.app.save_playbook(&edited).unwrap();
    assert_eq!(saved.id, "vmware");
    assert_eq!(saved.origin, PlaybookOrigin::Edited);
    assert_eq!(saved.name, "VMware (our contract)");
    assert_eq!(saved.text, edited);
    assert_eq!(saved.problem, None);
    assert_eq!(
        vendor_name(&desk, "vmware").as_deref(),
        Some("VMware (our contract)")
    );
    assert_eq!(
        desk.app.get_playbook("vmware").unwrap().name,
        "VMware (our contract)"
    );
    // SRs show the vendor's new name.
    let sr = desk
        .app
        .create_support_request(input("vmware", "245600001", "Host purple screen", 1))
        .unwrap();
    assert_eq!(sr.vendor_name, "VMware (our contract)");

    // Kept across a restart.
    let desk = desk.reopen();
    assert_eq!(
        entry(&desk.app.list_playbooks(), "vmware").origin,
        PlaybookOrigin::Edited
    );

    let entries = desk.app.reset_playbook("vmware").unwrap();
    let vmware = entry(&entries, "vmware");
    assert_eq!(vmware.origin, PlaybookOrigin::BuiltIn);
    assert_eq!(vmware.name, "VMware by Broadcom");
    assert_eq!(vmware.text, original);
    assert_eq!(desk.app.list_playbooks(), entries);
    assert_eq!(
        vendor_name(&desk, "vmware").as_deref(),
        Some("VMware by Broadcom")
    );
    // Nothing left to reset.
    assert_eq!(
        desk.app.reset_playbook("vmware").unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn a_playbook_that_does_not_parse_is_refused_on_the_text_field_and_changes_nothing() {
    let desk = Desk::new();
    let before = desk.app.list_playbooks();
    let original = vmware_text(&desk);
    for bad in [
        "id = \"vmware\"\nname = ".to_owned(),
        "this is not toml [[".to_owned(),
        original.replace(
            "https://support.broadcom.com/",
            "http://support.broadcom.com/",
        ),
        original.replace("{sr_number}", "{ticket}"),
        String::new(),
    ] {
        let err = desk.app.save_playbook(&bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation, "{bad}");
        assert_eq!(field_names(&err), ["text"]);
        assert!(!err.message.is_empty());
        assert_eq!(desk.app.list_playbooks(), before);
    }
    let desk = desk.reopen();
    assert_eq!(desk.app.list_playbooks(), before);
}

#[test]
fn a_new_vendor_can_be_added_and_gets_srs() {
    let desk = Desk::new();
    let other = entry(&desk.app.list_playbooks(), "other").text.clone();
    let acme = other
        .replace("id = \"other\"", "id = \"acme-storage\"")
        .replace("name = \"Other vendor\"", "name = \"ACME Storage\"");

    let saved = desk.app.save_playbook(&acme).unwrap();
    assert_eq!(saved.origin, PlaybookOrigin::Added);
    let entries = desk.app.list_playbooks();
    assert_eq!(entries.len(), 8);
    assert_eq!(entries.last().unwrap().id, "acme-storage");
    assert_eq!(
        vendor_name(&desk, "acme-storage").as_deref(),
        Some("ACME Storage")
    );

    let sr = desk
        .app
        .create_support_request(input(
            "acme-storage",
            "AS-1001",
            "Array controller failover",
            2,
        ))
        .unwrap();
    assert_eq!(sr.vendor_name, "ACME Storage");
    assert_eq!(sr.severity_label, "Severity 2 (High)");

    // Removing the vendor keeps its SRs, shown with plain words.
    desk.app.reset_playbook("acme-storage").unwrap();
    assert_eq!(vendor_name(&desk, "acme-storage"), None);
    let sr = desk.app.get_support_request(&sr.id.to_string()).unwrap();
    assert_eq!(sr.vendor_name, "acme-storage");
    assert_eq!(sr.severity_label, "Severity 2");
    assert_eq!(
        desk.app
            .create_support_request(input("acme-storage", "AS-1002", "Again", 2))
            .unwrap_err()
            .fields[0]
            .field,
        "vendor"
    );
}

#[test]
fn a_stored_copy_that_no_longer_validates_is_reported_and_the_built_in_stays_in_effect() {
    let desk = Desk::new();
    let desk = desk.edit_database(|conn| {
        for (vendor, toml) in [
            ("vmware", "id = \"vmware\"\nname = \"Broken copy\"\n"),
            ("ghost", "not a playbook at all ]]"),
        ] {
            conn.execute(
                "INSERT INTO user_playbook (vendor_id, toml, updated_at) VALUES (?1, ?2, ?3)",
                [vendor, toml, "2026-11-01T08:00:00.000000Z"],
            )
            .unwrap();
        }
    });
    assert!(matches!(desk.app.status(), AppStatus::Ready { .. }));

    let entries = desk.app.list_playbooks();
    let vmware = entry(&entries, "vmware");
    assert_eq!(vmware.origin, PlaybookOrigin::Edited);
    assert_eq!(vmware.text, "id = \"vmware\"\nname = \"Broken copy\"\n");
    assert!(
        vmware.problem.as_deref().unwrap().contains("not in effect"),
        "{:?}",
        vmware.problem
    );
    let ghost = entry(&entries, "ghost");
    assert!(ghost.problem.is_some());

    // The built-in VMware playbook is the one in effect; the broken vendor is not offered.
    assert_eq!(
        desk.app.get_playbook("vmware").unwrap().name,
        "VMware by Broadcom"
    );
    assert_eq!(
        vendor_name(&desk, "vmware").as_deref(),
        Some("VMware by Broadcom")
    );
    assert_eq!(vendor_name(&desk, "ghost"), None);
    let sr = desk.sr("vmware", "245600002", 2);
    let plan = desk
        .app
        .plan_route(&sr.id.to_string(), crate::util::readiness())
        .unwrap();
    assert_eq!(plan.phone.unwrap().number, "1-877-4VMware");

    // Fixing it in Settings clears the problem.
    let fixed = desk
        .app
        .save_playbook(
            &shipped_vmware().replace("name = \"VMware by Broadcom\"", "name = \"VMware (fixed)\""),
        )
        .unwrap();
    assert_eq!(fixed.problem, None);
    assert_eq!(fixed.name, "VMware (fixed)");
}

//! Settings, wizard drafts and edited playbooks are kept between sessions, as typed.

use escalator_store::Store;

use crate::util::at;

#[test]
fn a_setting_is_replaced_not_duplicated_and_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        assert_eq!(store.setting("profile").unwrap(), None);
        store
            .set_setting("profile", r#"{"name":"Dana","zone":"Europe/Berlin"}"#)
            .unwrap();
        store
            .set_setting(
                "profile",
                r#"{"name":"Dana Fischer","zone":"America/New_York"}"#,
            )
            .unwrap();
        store.set_setting("theme", "dark").unwrap();
    }

    let store = Store::open_in(dir.path()).unwrap();
    assert_eq!(
        store.setting("profile").unwrap().as_deref(),
        Some(r#"{"name":"Dana Fischer","zone":"America/New_York"}"#)
    );
    assert_eq!(store.setting("theme").unwrap().as_deref(), Some("dark"));
    assert_eq!(store.setting("Theme").unwrap(), None);
}

#[test]
fn drafts_are_overwritten_listed_newest_first_deleted_and_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        store
            .save_draft("vmware-outage", r#"{"step":1}"#, at(0))
            .unwrap();
        store
            .save_draft("redhat-panic", r#"{"step":2}"#, at(10))
            .unwrap();
        store
            .save_draft("cisco-bgp", "{not json yet", at(20))
            .unwrap();
        // Working on the oldest draft again brings it to the top, with the new text.
        store
            .save_draft("vmware-outage", r#"{"step":3}"#, at(30))
            .unwrap();
        assert!(store.delete_draft("redhat-panic").unwrap());
        assert!(!store.delete_draft("redhat-panic").unwrap());
    }

    let store = Store::open_in(dir.path()).unwrap();
    let drafts: Vec<(String, String)> = store
        .drafts()
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d.body))
        .collect();
    assert_eq!(
        drafts,
        [
            ("vmware-outage".into(), r#"{"step":3}"#.into()),
            ("cisco-bgp".into(), "{not json yet".into()),
        ]
    );
    assert_eq!(store.drafts().unwrap()[0].updated_at, Some(at(30)));
}

#[test]
fn edited_playbooks_are_kept_as_typed_replaced_deleted_and_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let vmware = "[vendor]\nid = \"vmware\"\n# our TAM's direct line\n";
    let broken = "[vendor\nid = ";
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        store.save_user_playbook("vmware", "old", at(0)).unwrap();
        store.save_user_playbook("vmware", vmware, at(10)).unwrap();
        store
            .save_user_playbook("redhat", "[vendor]", at(20))
            .unwrap();
        store.save_user_playbook("cisco", broken, at(30)).unwrap();
        assert!(store.delete_user_playbook("redhat").unwrap());
        assert!(!store.delete_user_playbook("oracle").unwrap());
    }

    let store = Store::open_in(dir.path()).unwrap();
    let playbooks: Vec<(String, String)> = store
        .user_playbooks()
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.body))
        .collect();
    assert_eq!(
        playbooks,
        [
            ("cisco".into(), broken.into()),
            ("vmware".into(), vmware.into())
        ]
    );
    assert_eq!(store.user_playbooks().unwrap()[1].updated_at, Some(at(10)));
}

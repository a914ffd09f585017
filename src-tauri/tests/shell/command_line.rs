//! The real `escalator` binary as the command line: it answers without a display (so it
//! never reached GTK or the single-instance plugin), it finds the same data folder as the
//! window, and a sync killed between sending and the vendor's answer posts nothing twice.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use escalator_app::sample::{SampleSize, seed};
use escalator_app::{App, DeliveryState, NewVendorAccount, SystemClock, VendorAction};
use escalator_vendor_fakes::Fault;
use escalator_vendor_fakes::red_hat::{self as red_hat_fake, OFFLINE_TOKEN, RedHatData, cases};
use escalator_vendors::Sensitive;
use tauri::Manager;
use tauri::test::mock_builder;

fn escalator() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_escalator"));
    // Without a display a window could not open: success proves the window code never ran.
    command.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    command
}

#[test]
fn escalator_list_runs_without_a_display() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("data");
    seed(
        &dir,
        SampleSize {
            support_requests: 2,
            escalations: 2,
            events_per_escalation: 1,
            first_escalation_events: 0,
            action_items_per_escalation: 0,
        },
    )
    .unwrap();

    let output = escalator()
        .args(["list", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{:?}\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("Escalation 0: SR SAMPLE-0000000"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Escalation 1: SR SAMPLE-0000001"),
        "{stdout}"
    );

    let missing = escalator()
        .args(["list", "--data-dir"])
        .arg(scratch.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(3));
}

#[test]
fn escalator_version_prints_the_version() {
    let output = escalator().arg("--version").output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("escalator {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_command_line_and_tauri_agree_on_the_app_data_folder() {
    let app = mock_builder()
        .build(tauri::generate_context!(test = true))
        .unwrap();
    assert_eq!(
        escalator_cli::os_data_dir(),
        Some(app.path().app_data_dir().unwrap())
    );
}

/// SIGKILL after Red Hat stored the comment but before its answer reached the sync: the
/// outbox entry is left "attempted", and the next sync finds the comment at the vendor
/// instead of posting it again.
#[test]
fn a_sync_killed_between_send_and_acknowledgement_posts_nothing_twice() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("data");
    let (portal, vendor) = runtime.block_on(red_hat_fake::start(RedHatData {
        cases: cases(1),
        ..RedHatData::default()
    }));
    let app = App::open(&dir, Arc::new(SystemClock));
    let account = runtime
        .block_on(app.add_vendor_account(
            NewVendorAccount {
                connector: "red_hat".into(),
                name: "Red Hat production".into(),
                base_url: portal.url(),
                user: "dana@example.com".into(),
                vendor: "redhat".into(),
            },
            Sensitive::new(OFFLINE_TOKEN.to_owned()),
        ))
        .unwrap();
    runtime
        .block_on(app.sync_account(&account.id, &mut |_| {}))
        .unwrap();
    let sr = app.list_support_requests().unwrap()[0].id.to_string();
    app.queue_vendor_action(
        &sr,
        VendorAction::Comment {
            body: "Logs from both cluster nodes are attached.".into(),
        },
    )
    .unwrap();
    drop(app);

    let stored = || vendor.lock().unwrap().comments.len();
    portal
        .wire
        .fail("/comments", Fault::AnswerLate(Duration::from_secs(60)));
    let mut sync = escalator()
        .args(["sync", "--data-dir"])
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Bounded: 10 s for the sign-in and the post to arrive.
    for _ in 0..200 {
        if stored() > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(stored(), 1, "the sync never posted the comment");
    sync.kill().unwrap();
    sync.wait().unwrap();

    let again = escalator()
        .args(["sync", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{:?}\n{}",
        again.status,
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(stored(), 1, "the comment was posted twice");
    assert_eq!(portal.wire.count("POST", "/comments"), 1);
    let app = App::open(&dir, Arc::new(SystemClock));
    let link = app.case_link(&sr).unwrap().unwrap();
    assert_eq!(link.outbox[0].state, DeliveryState::Delivered);
    runtime
        .block_on(app.remove_vendor_account(&account.id))
        .unwrap();
}

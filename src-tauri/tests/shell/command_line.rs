//! The real `escalator` binary as the command line: it answers without a display (so it
//! never reached GTK or the single-instance plugin), and it finds the same data folder as
//! the window.

use std::process::Command;

use escalator_app::sample::{SampleSize, seed};
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

use std::ffi::OsString;

use escalator_cli::{Exit, is_command};

use crate::util::escalator;

#[test]
fn help_lists_every_command_and_the_exit_codes() {
    for flag in ["--help", "-h", "help"] {
        let run = escalator([flag]);
        assert_eq!(run.exit, Exit::Success, "{run:?}");
        for command in ["list", "export", "backup", "import", "sync"] {
            assert!(
                run.stdout.contains(&format!("  {command} ")),
                "{flag}: {}",
                run.stdout
            );
        }
        assert!(run.stdout.contains("--data-dir"), "{}", run.stdout);
        assert!(run.stdout.contains("Exit codes:"), "{}", run.stdout);
        for code in [
            "0  success",
            "2  usage error",
            "3  the data folder",
            "4  the database is busy",
            "5  bad input",
            "6  a vendor sync failed",
        ] {
            assert!(run.stdout.contains(code), "{code}: {}", run.stdout);
        }
    }
}

#[test]
fn each_command_has_help_with_examples() {
    for command in ["list", "export", "backup", "import", "sync"] {
        let run = escalator([command, "--help"]);
        assert_eq!(run.exit, Exit::Success, "{run:?}");
        assert!(
            run.stdout.contains("Examples:"),
            "{command}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("escalator {command}")),
            "{}",
            run.stdout
        );
    }
    let run = escalator(["help", "export"]);
    for flag in [
        "--escalation",
        "--open",
        "--opened-from",
        "--opened-to",
        "--vendor",
        "--all",
        "--report",
        "--format",
        "--output",
        "--force",
    ] {
        assert!(run.stdout.contains(flag), "{flag}: {}", run.stdout);
    }
}

#[test]
fn the_version_is_printed() {
    let run = escalator(["--version"]);
    assert_eq!(run.exit, Exit::Success);
    assert_eq!(
        run.stdout.trim(),
        format!("escalator {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unknown_command_or_flag_is_a_usage_error() {
    let run = escalator(["frobnicate"]);
    assert_eq!(run.exit, Exit::Usage, "{run:?}");
    assert_eq!(Exit::Usage.code(), 2);
    assert!(run.stderr.contains("frobnicate"), "{}", run.stderr);
    assert_eq!(run.stdout, "");

    let run = escalator(["lst"]);
    assert_eq!(run.exit, Exit::Usage);
    assert!(run.stderr.contains("list"), "a suggestion: {}", run.stderr);

    let run = escalator(["list", "--colour"]);
    assert_eq!(run.exit, Exit::Usage);
}

#[test]
fn commands_and_our_flags_are_the_command_line_anything_else_is_the_window() {
    let args = |list: &[&str]| -> Vec<OsString> {
        std::iter::once("escalator")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    };
    for cli in [
        &["list"][..],
        &["export", "--open"],
        &["backup", "-o", "x"],
        &["import", "x.json"],
        &["help"],
        &["--help"],
        &["-h"],
        &["--version"],
        &["-V"],
        &["--data-dir", "/tmp/x", "list"],
        &["--data-dir=/tmp/x", "list"],
        &["lst"],
    ] {
        assert!(is_command(&args(cli)), "{cli:?}");
    }
    // No arguments, and flags a launcher adds (WebKitWebDriver's --automation), open the window.
    for window in [&[][..], &["--automation"], &["-psn_0_12345"], &[""]] {
        assert!(!is_command(&args(window)), "{window:?}");
    }
}

#[test]
fn the_exit_codes_are_the_documented_numbers() {
    let codes: Vec<u8> = [
        Exit::Success,
        Exit::Failure,
        Exit::Usage,
        Exit::DataFolder,
        Exit::Busy,
        Exit::BadInput,
    ]
    .iter()
    .map(|e| e.code())
    .collect();
    assert_eq!(codes, [0, 1, 2, 3, 4, 5]);
}

//! `cargo xtask test`: every check CI runs, in CI order. Set-up happens outside the test
//! session (it may install dbus and gnome-keyring themselves); the checks run inside it.

use crate::Workspace;
use crate::session::{self, Xvfb};
use crate::setup::{self, Needs};
use crate::steps::{EARLIER_STEPS_ENV, Runner, Timeline, env_is_set};
use anyhow::{Context, Result, bail};
use std::env;
use std::path::PathBuf;
use std::process::Command;

/// Step keys for `--only`, with the headings they print, in the order they run.
const STEPS: &[(&str, &str)] = &[
    ("fmt", "cargo fmt --check"),
    ("ui-build", "build the UI"),
    ("clippy", "clippy"),
    ("rust-tests", "Rust tests"),
    ("ui-check", "UI type check"),
    ("ui-test", "UI unit tests"),
    ("app-build", "build the app binary"),
    ("e2e", "end-to-end tests"),
];

#[derive(Debug, Default)]
pub struct Options {
    only: Vec<String>,
    skip_e2e: bool,
    /// Hidden: does the set-up checks, the session and Xvfb for real but only prints the tools.
    dry_run: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Self::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--only" => {
                    let step = args.next().context("`--only` needs a step name")?;
                    if !STEPS.iter().any(|(key, _)| key == step) {
                        let keys: Vec<&str> = STEPS.iter().map(|(key, _)| *key).collect();
                        bail!("unknown step `{step}`; the steps are: {}", keys.join(", "));
                    }
                    options.only.push(step.clone());
                }
                "--skip-e2e" => options.skip_e2e = true,
                "--dry-run" => options.dry_run = true,
                other => bail!("unknown option `{other}` for `test` (see `cargo xtask help`)"),
            }
        }
        Ok(options)
    }

    fn wants(&self, step: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|only| only == step))
            && !(self.skip_e2e && step == "e2e")
    }

    /// The same options, for the run inside the session.
    fn to_args(&self) -> Vec<String> {
        let mut args = vec!["test".to_owned()];
        for step in &self.only {
            args.extend(["--only".to_owned(), step.clone()]);
        }
        if self.skip_e2e {
            args.push("--skip-e2e".to_owned());
        }
        if self.dry_run {
            args.push("--dry-run".to_owned());
        }
        args
    }
}

pub fn test(workspace: &Workspace, options: Options) -> Result<()> {
    let runner = Runner::new(&workspace.root, options.dry_run);
    if session::is_inside() {
        return inside_session(workspace, &options, &runner);
    }
    let mut timeline = Timeline::new();
    let driver = set_up(workspace, &mut timeline, &runner, &options)?;
    if !cfg!(target_os = "linux") {
        println!("\n(not Linux: no private D-Bus session or Xvfb; the tests use your own session)");
        return run_steps(workspace, &options, &runner, timeline, driver);
    }
    println!("\n==> private D-Bus session with an unlocked gnome-keyring");
    let mut extra_env = vec![(EARLIER_STEPS_ENV, timeline.encode())];
    if let Some(driver) = driver {
        extra_env.push(("TAURI_DRIVER", driver.display().to_string()));
    }
    session::rerun_in_keyring_session(workspace, &options.to_args(), &extra_env)
}

fn set_up(
    workspace: &Workspace,
    timeline: &mut Timeline,
    runner: &Runner,
    options: &Options,
) -> Result<Option<PathBuf>> {
    let needs = Needs {
        packages: &[setup::BUILD, setup::VIRTUAL_DISPLAY, setup::TEST_SESSION],
        rust_components: true,
        tauri_driver: options.wants("e2e"),
    };
    setup::set_up(workspace, timeline, runner, needs)
}

fn inside_session(workspace: &Workspace, options: &Options, runner: &Runner) -> Result<()> {
    let earlier = env::var(EARLIER_STEPS_ENV)
        .ok()
        .and_then(|text| Timeline::decode(&text));
    let (timeline, driver) = match earlier {
        // Started by `test` outside: set-up is done and tauri-driver was passed in.
        Some(timeline) => (timeline, env::var_os("TAURI_DRIVER").map(PathBuf::from)),
        // Someone set ESCALATOR_XTASK_SESSION=1 by hand: they have a session, not the set-up.
        None => {
            let mut timeline = Timeline::new();
            let driver = set_up(workspace, &mut timeline, runner, options)?;
            (timeline, driver)
        }
    };
    run_steps(workspace, options, runner, timeline, driver)
}

fn run_steps(
    workspace: &Workspace,
    options: &Options,
    runner: &Runner,
    mut timeline: Timeline,
    driver: Option<PathBuf>,
) -> Result<()> {
    let outcome = steps(workspace, options, runner, &mut timeline, driver);
    timeline.print_summary();
    outcome
}

fn steps(
    workspace: &Workspace,
    options: &Options,
    runner: &Runner,
    timeline: &mut Timeline,
    driver: Option<PathBuf>,
) -> Result<()> {
    // Held to the end of the function: dropping it stops Xvfb, on success and on failure.
    let xvfb = if session::has_x_display() {
        None
    } else {
        Some(timeline.step("start Xvfb", || Xvfb::start(workspace))?)
    };
    let display = xvfb.as_ref().map(|xvfb| xvfb.display().to_owned());
    // Every tool gets the display; without it a desktop's Wayland would take the windows.
    let with_display = |mut command: Command| {
        if let Some(display) = &display {
            command
                .env("DISPLAY", display)
                .env_remove("WAYLAND_DISPLAY");
        }
        command
    };
    if runner.dry_run {
        print_session(display.as_deref());
    }
    if !options.wants("ui-build") && !runner.dry_run {
        setup::ensure_ui_build_folder(workspace)?;
    }
    for (key, heading) in STEPS.iter().filter(|(key, _)| options.wants(key)) {
        let cargo = |args: &str| with_args(with_display(workspace.cargo()), args);
        let npm = |args: &str| with_args(with_display(workspace.npm()), args);
        let mut command = match *key {
            "fmt" => cargo("fmt --all --check"),
            "ui-build" => npm("run build"),
            // --all-features: also lint the bench-only seeding code behind xtask's `seed` feature.
            "clippy" => {
                cargo("clippy --workspace --all-targets --all-features --locked -- -D warnings")
            }
            // The journeys are left out by their `e2e` feature (see tests/Cargo.toml), not by
            // excluding their package: the same packages in every step resolve the same
            // features, so the binary and the journeys below reuse this step's build.
            "rust-tests" => cargo("test --workspace --locked"),
            "ui-check" => npm("run check"),
            "ui-test" => npm("test"),
            // The binary `rust-tests` built for the shell's tests: the real app, compiled
            // once. (A `cargo build -p escalator` resolves other features — no dev-dependencies
            // — and compiled Tauri and everything on it a second time; the test build adds
            // only Tauri's `test` module, which the binary never calls.)
            "app-build" => cargo("test --workspace --locked --no-run"),
            "e2e" => {
                let binary = workspace.target.join("debug").join("escalator");
                let driver = driver.clone().context("tauri-driver was not set up")?;
                if !runner.dry_run && !binary.is_file() {
                    bail!(
                        "end-to-end tests need {}: run the app-build step first",
                        binary.display()
                    );
                }
                let mut e2e = cargo(
                    "test --workspace --locked --features escalator-e2e/e2e --test journeys -- --test-threads=1",
                );
                e2e.env("ESCALATOR_E2E_BINARY", &binary)
                    .env("TAURI_DRIVER", driver);
                e2e
            }
            other => bail!("no command for step `{other}`"),
        };
        timeline.step(heading, || runner.run(&mut command))?;
    }
    drop(xvfb);
    Ok(())
}

fn with_args(mut command: Command, args: &str) -> Command {
    command.args(args.split_whitespace());
    command
}

/// What the dry run proves: the session bus, the keyring and the display are there.
fn print_session(display: Option<&str>) {
    println!("\n(dry run) inside the test session:");
    for name in [
        "DBUS_SESSION_BUS_ADDRESS",
        "GNOME_KEYRING_CONTROL",
        "XDG_RUNTIME_DIR",
        "DISPLAY",
    ] {
        let value = env::var(name).unwrap_or_else(|_| "(unset)".to_owned());
        println!("    {name}={value}");
    }
    if let Some(display) = display {
        println!("    DISPLAY for the steps={display} (our Xvfb)");
    }
    let has_secrets = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).contains("boolean true"));
    println!("    Secret Service on the session bus: {has_secrets:?}");
    println!(
        "    ESCALATOR_XTASK_SESSION set: {}",
        env_is_set(session::SESSION_ENV)
    );
}

//! `cargo xtask`: the project's own build commands (run, test, bindings, bundle, bench).
//!
//! This file parses the command line and dispatches; each command installs what it is missing
//! (see `setup`) so a fresh Debian/Ubuntu machine with only Rust and Node needs nothing else.

mod app;
mod bench;
mod bench_escalations;
mod checks;
mod procs;
mod session;
mod setup;
mod steps;

use anyhow::{Context, Result, bail};
use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  run [-- ARGS]       build the UI and run the app with ARGS (needs a display)
  test                every check CI runs: fmt, UI build, clippy, Rust tests, UI checks and tests, app build, end-to-end
  bindings            regenerate the committed TypeScript bindings
  bundle              build release .deb and .rpm packages (no AppImage: its bundler downloads tools at bundle time)
  bench               benchmarks of the release app in a real window (see BENCHMARKS.md):
                        startup: launch-to-interactive time and idle memory, empty and with 10,000 requests
                        escalations: search, opening a 5,000-event escalation and the escalations list's
                        memory through IPC, on 50k SRs / 5k escalations / 505k events (needs tauri-driver)
  help                print this text

Options of `test`:
  --only STEP         run only STEP (repeatable): fmt, ui-build, clippy, rust-tests, ui-check, ui-test, app-build, e2e
  --skip-e2e          leave out the end-to-end tests

Options of `bench`:
  --only PART         run only PART: startup or escalations
  --runs N            launches per data set for startup (5)
  --searches N        searches through IPC for escalations (200)
  --opens N           openings of the 5,000-event escalation, after a cold one (20)

Every command first installs what is missing: Debian packages (apt-get, through sudo when not
root), ui/node_modules (npm ci when ui/package-lock.json changed), and for `test` and `bench` tauri-driver.
";

/// Where the workspace lives; every tool runs from here or from `ui/`.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub target: PathBuf,
    pub ui: PathBuf,
}

impl Workspace {
    fn locate() -> Result<Self> {
        // `cargo run` sets it at run time; the compile-time value covers running the binary by hand.
        let manifest = env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest
            .parent()
            .with_context(|| format!("{} has no parent folder", manifest.display()))?
            .to_path_buf();
        // Cargo resolves a relative CARGO_TARGET_DIR against its working directory, which is
        // always the root for the cargo commands we start.
        let target = match env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => root.join(dir),
            _ => root.join("target"),
        };
        let ui = root.join("ui");
        Ok(Self { root, target, ui })
    }

    /// The cargo that runs us (rustup sets `CARGO`), so nested builds use the same toolchain.
    pub fn cargo(&self) -> Command {
        let program = env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        let mut command = Command::new(program);
        command.current_dir(&self.root);
        command
    }

    pub fn npm(&self) -> Command {
        let mut command = Command::new("npm");
        command.current_dir(&self.ui);
        command
    }

    /// Shown in messages instead of absolute paths.
    pub fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}

fn main() -> ExitCode {
    match dispatch(env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if let Some(steps::ExitWith(code)) = err.downcast_ref::<steps::ExitWith>() {
                // The child already explained itself; only pass its status on.
                return ExitCode::from(u8::try_from(*code).unwrap_or(1));
            }
            eprintln!("\nerror: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: Vec<String>) -> Result<()> {
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        print!("{USAGE}");
        return Ok(());
    };
    let rest: Vec<String> = args.collect();
    let workspace = Workspace::locate()?;
    match command.as_str() {
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        "run" => {
            let app_args = match rest.split_first() {
                Some((first, tail)) if first == "--" => tail.to_vec(),
                _ => rest,
            };
            app::run(&workspace, &app_args)
        }
        "test" => checks::test(&workspace, checks::Options::parse(&rest)?),
        "bindings" => {
            no_options("bindings", &rest)?;
            app::bindings(&workspace)
        }
        "bundle" => {
            no_options("bundle", &rest)?;
            app::bundle(&workspace)
        }
        "bench" => bench::bench(&workspace, bench::Options::parse(&rest)?),
        // Internal: `bench` runs these through `cargo run --features seed` / `bench-ipc`.
        "seed" => bench::seed_command(&rest),
        "bench-ipc" => bench_escalations::ipc_command(&workspace, &rest),
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

fn no_options(command: &str, rest: &[String]) -> Result<()> {
    match rest.first() {
        Some(extra) => {
            bail!("`{command}` takes no options, got `{extra}` (see `cargo xtask help`)")
        }
        None => Ok(()),
    }
}

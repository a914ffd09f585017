//! Set-up shared by `run`, `test`, `bench` and `bundle`: installs what a fresh Debian/Ubuntu
//! machine with only Rust and Node lacks (Debian packages, Rust components, `ui/node_modules`,
//! tauri-driver) and builds the UI, each only when it is missing or stale.

use crate::Workspace;
use crate::steps::{Runner, Timeline, find_on_path, is_executable};
use anyhow::{Context, Result, bail};
use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};

#[derive(Debug)]
pub struct Package {
    name: &'static str,
    why: &'static str,
}

const fn package(name: &'static str, why: &'static str) -> Package {
    Package { name, why }
}

/// Needed to compile the app (Tauri v2 on WebKitGTK 4.1).
pub const BUILD: &[Package] = &[
    package("build-essential", "C compiler and linker for native crates"),
    package("pkg-config", "lets -sys crates find system libraries"),
    package("file", "file-type detection used by the Tauri bundler"),
    package(
        "libwebkit2gtk-4.1-dev",
        "WebKitGTK, the webview Tauri uses on Linux",
    ),
    package("libssl-dev", "OpenSSL headers for TLS crates"),
    package("libayatana-appindicator3-dev", "tray icon support"),
    package("librsvg2-dev", "SVG icon loading in GTK"),
    package("libxdo-dev", "keyboard input for menus and shortcuts"),
    package(
        "libdbus-1-dev",
        "D-Bus headers: the keychain (keyring's Secret Service store) talks D-Bus",
    ),
];

/// A screen for windows when there is no display (tests, bench).
pub const VIRTUAL_DISPLAY: &[Package] =
    &[package("xvfb", "virtual X display when there is no screen")];

/// The private session `test` runs in, and end-to-end testing.
pub const TEST_SESSION: &[Package] = &[
    package(
        "dbus",
        "dbus-run-session: a private session bus for the keychain tests",
    ),
    package(
        "gnome-keyring",
        "Secret Service (the OS keychain) inside that session",
    ),
    package(
        "webkit2gtk-driver",
        "WebKitWebDriver, which tauri-driver drives",
    ),
    package(
        "poppler-utils",
        "pdftotext and pdfinfo: the PDF export's tests read its files back",
    ),
];

#[derive(Debug, Clone, Copy)]
pub struct Needs {
    pub packages: &'static [&'static [Package]],
    pub rust_components: bool,
    pub tauri_driver: bool,
}

/// Runs the set-up steps; returns the tauri-driver path when it was asked for.
pub fn set_up(
    workspace: &Workspace,
    timeline: &mut Timeline,
    runner: &Runner,
    needs: Needs,
) -> Result<Option<PathBuf>> {
    timeline.step("Debian packages", || {
        debian_packages(runner, needs.packages)
    })?;
    if needs.rust_components {
        timeline.step("Rust components", || rust_components(workspace, runner))?;
    }
    timeline.step("UI dependencies", || npm_ci(workspace, runner))?;
    if needs.tauri_driver {
        return timeline
            .step("tauri-driver", || tauri_driver(workspace, runner))
            .map(Some);
    }
    Ok(None)
}

pub fn build_ui(workspace: &Workspace, runner: &Runner) -> Result<()> {
    runner.run(workspace.npm().args(["run", "build"]))
}

/// `generate_context!` refuses to compile without the UI folder; an empty one is enough for
/// commands that never show the UI (bindings, clippy on its own).
pub fn ensure_ui_build_folder(workspace: &Workspace) -> Result<()> {
    let dist = workspace.ui.join("build");
    if !dist.exists() {
        println!(
            "creating an empty {} so the app crate compiles",
            workspace.relative(&dist).display()
        );
        fs::create_dir_all(&dist).with_context(|| format!("creating {}", dist.display()))?;
    }
    Ok(())
}

fn debian_packages(runner: &Runner, lists: &[&[Package]]) -> Result<()> {
    let wanted: Vec<&Package> = lists.iter().flat_map(|list| list.iter()).collect();
    if find_on_path("dpkg-query").is_none() || find_on_path("apt-get").is_none() {
        println!(
            "not Debian/Ubuntu (no dpkg-query/apt-get): install these or their equivalents yourself:"
        );
        for package in &wanted {
            println!("    {:<30} {}", package.name, package.why);
        }
        return Ok(());
    }
    let missing: Vec<&Package> = wanted
        .into_iter()
        .filter(|p| !is_installed(p.name))
        .collect();
    if missing.is_empty() {
        println!("all present");
        return Ok(());
    }
    println!("missing Debian packages:");
    for package in &missing {
        println!("    {:<30} {}", package.name, package.why);
    }
    let names: Vec<&str> = missing.iter().map(|p| p.name).collect();
    let install_args = ["install", "-y", "--no-install-recommends"];
    let sudo = if is_root() {
        false
    } else if find_on_path("sudo").is_some() {
        true
    } else {
        bail!(
            "not root and no sudo: as root, run\n    apt-get update && apt-get install -y --no-install-recommends {}",
            names.join(" ")
        );
    };
    runner.run(&mut apt(sudo, &["update"]))?;
    let mut install = apt(sudo, &install_args);
    install.args(&names);
    runner.run(&mut install)
}

fn is_installed(name: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Status}", name])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|out| out.status.success() && out.stdout == b"installed")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.status.success() && out.stdout.trim_ascii() == b"0")
}

fn apt(sudo: bool, args: &[&str]) -> Command {
    let mut command = if sudo {
        let mut command = Command::new("sudo");
        // sudo resets the environment, so the variable travels as an argument.
        command.args(["DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        command
    } else {
        let mut command = Command::new("apt-get");
        command.env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    command.args(args);
    command
}

/// rustup's minimal profile (common in CI images) lacks rustfmt and clippy.
fn rust_components(workspace: &Workspace, runner: &Runner) -> Result<()> {
    let has = |subcommand: &str| {
        workspace
            .cargo()
            .args([subcommand, "--version"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if has("fmt") && has("clippy") {
        println!("rustfmt and clippy present");
        return Ok(());
    }
    if find_on_path("rustup").is_none() {
        bail!("`cargo fmt` or `cargo clippy` is missing and there is no rustup to add them");
    }
    println!("adding the rustfmt and clippy components");
    runner.run(Command::new("rustup").args(["component", "add", "rustfmt", "clippy"]))
}

const NPM_STAMP: &str = ".xtask-npm-ci";

fn npm_ci(workspace: &Workspace, runner: &Runner) -> Result<()> {
    if find_on_path("npm").is_none() {
        bail!("npm not found on PATH: install Node.js with npm (the UI is built with it)");
    }
    let lock = workspace.ui.join("package-lock.json");
    let modules = workspace.ui.join("node_modules");
    let stamp = modules.join(NPM_STAMP);
    let lock_time = match lock.metadata().and_then(|meta| meta.modified()) {
        Ok(time) => time,
        Err(_) if runner.dry_run => {
            println!("(dry run) ui/package-lock.json is missing: a real run stops here");
            return Ok(());
        }
        Err(err) => {
            return Err(err)
                .context("reading ui/package-lock.json (npm ci needs the committed lock file)");
        }
    };
    let stamp_time = stamp.metadata().and_then(|meta| meta.modified()).ok();
    let reason = match stamp_time {
        _ if !modules.is_dir() => "ui/node_modules is missing",
        None => "ui/node_modules was not installed by xtask",
        Some(time) if lock_time > time => "ui/package-lock.json changed since the last npm ci",
        Some(_) => {
            println!("ui/node_modules is up to date with ui/package-lock.json");
            return Ok(());
        }
    };
    println!("{reason}: installing");
    runner.run(workspace.npm().arg("ci"))?;
    if !runner.dry_run {
        fs::write(&stamp, "written by cargo xtask after a successful npm ci\n")
            .with_context(|| format!("writing {}", stamp.display()))?;
    }
    Ok(())
}

const TAURI_DRIVER_VERSION: &str = "2.1.0";

fn tauri_driver(workspace: &Workspace, runner: &Runner) -> Result<PathBuf> {
    if let Some(found) = locate_tauri_driver() {
        println!("found {}", found.display());
        return Ok(found);
    }
    println!("tauri-driver not found on PATH or in the cargo bin folder: installing it (~1 min)");
    runner.run(workspace.cargo().args([
        "install",
        "tauri-driver",
        "--locked",
        "--version",
        TAURI_DRIVER_VERSION,
    ]))?;
    if runner.dry_run {
        return Ok(cargo_bin_dirs()
            .into_iter()
            .next()
            .unwrap_or_default()
            .join("tauri-driver"));
    }
    locate_tauri_driver().context("tauri-driver is still not found after `cargo install`")
}

fn locate_tauri_driver() -> Option<PathBuf> {
    find_on_path("tauri-driver").or_else(|| {
        cargo_bin_dirs()
            .into_iter()
            .map(|dir| dir.join("tauri-driver"))
            .find(|candidate| is_executable(candidate))
    })
}

/// Where `cargo install` puts binaries, most specific first.
fn cargo_bin_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(root) = env::var_os("CARGO_INSTALL_ROOT").filter(|v| !v.is_empty()) {
        dirs.push(PathBuf::from(root).join("bin"));
    }
    if let Some(home) = env::var_os("CARGO_HOME").filter(|v| !v.is_empty()) {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = env::var_os("HOME").filter(|v| !v.is_empty()) {
        dirs.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    dirs
}

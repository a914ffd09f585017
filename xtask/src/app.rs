//! The app-facing commands: `run` (the app itself), `bindings` (TypeScript types from Rust)
//! and `bundle` (.deb and .rpm packages).

use crate::Workspace;
use crate::setup::{self, Needs};
use crate::steps::{Runner, Timeline, env_is_set, is_executable};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::PathBuf;
use std::process::Command;

const BUILD_ONLY: Needs = Needs {
    packages: &[setup::BUILD],
    rust_components: false,
    tauri_driver: false,
};

pub fn run(workspace: &Workspace, app_args: &[String]) -> Result<()> {
    // Refuse before minutes of building, not after.
    if cfg!(target_os = "linux") && !env_is_set("DISPLAY") && !env_is_set("WAYLAND_DISPLAY") {
        bail!("no display: run on a desktop session, or under xvfb-run");
    }
    let runner = Runner::new(&workspace.root, false);
    let mut timeline = Timeline::new();
    setup::set_up(workspace, &mut timeline, &runner, BUILD_ONLY)?;
    timeline.step("build the UI", || setup::build_ui(workspace, &runner))?;
    timeline.step("run the app", || {
        runner.run(
            workspace
                .cargo()
                .args(["run", "-p", "escalator", "--"])
                .args(app_args),
        )
    })?;
    Ok(())
}

pub fn bindings(workspace: &Workspace) -> Result<()> {
    let runner = Runner::new(&workspace.root, false);
    let mut timeline = Timeline::new();
    setup::ensure_ui_build_folder(workspace)?;
    timeline.step("regenerate the TypeScript bindings", || {
        runner.run(
            workspace
                .cargo()
                .args(["test", "-p", "escalator", "--locked", "bindings"])
                .env("ESCALATOR_WRITE_BINDINGS", "1"),
        )
    })?;
    Ok(())
}

pub fn bundle(workspace: &Workspace) -> Result<()> {
    let runner = Runner::new(&workspace.root, false);
    let mut timeline = Timeline::new();
    setup::set_up(workspace, &mut timeline, &runner, BUILD_ONLY)?;
    timeline.step("build the UI", || setup::build_ui(workspace, &runner))?;
    let cli = workspace.ui.join("node_modules").join(".bin").join("tauri");
    timeline.step("bundle .deb and .rpm", || {
        if !is_executable(&cli) {
            bail!(
                "{} is missing: add `@tauri-apps/cli` (2.x) to the devDependencies in ui/package.json",
                workspace.relative(&cli).display()
            );
        }
        let mut command = Command::new(&cli);
        command.args(["build", "--bundles", "deb,rpm"]).current_dir(workspace.root.join("src-tauri"));
        runner.run(&mut command)
    })?;
    timeline.print_summary();
    print_bundles(workspace)
}

fn print_bundles(workspace: &Workspace) -> Result<()> {
    let bundle_dir = workspace.target.join("release").join("bundle");
    println!("\nbundles:");
    let mut found = 0;
    for (folder, extension) in [("deb", "deb"), ("rpm", "rpm")] {
        for path in files_with_extension(&bundle_dir.join(folder), extension)? {
            let bytes = fs::metadata(&path).map(|meta| meta.len()).unwrap_or(0);
            // Display only; f64 is exact far beyond package sizes.
            #[allow(clippy::cast_precision_loss)]
            let mib = bytes as f64 / (1024.0 * 1024.0);
            println!("    {}  {mib:.1} MiB", workspace.relative(&path).display());
            found += 1;
        }
    }
    if found == 0 {
        bail!("no .deb or .rpm found under {}", bundle_dir.display());
    }
    Ok(())
}

fn files_with_extension(dir: &std::path::Path, extension: &str) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == extension))
        .collect();
    files.sort();
    Ok(files)
}

//! Step bookkeeping and tool invocation: every step prints a `==> name` heading and its
//! duration, a failing step names itself, and the tools it runs print straight through.

use anyhow::{Context, Result, bail};
use std::env;
use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Carries a child's exit status up to `main` when the child already reported the failure.
#[derive(Debug)]
pub struct ExitWith(pub i32);

impl fmt::Display for ExitWith {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exit status {}", self.0)
    }
}

impl std::error::Error for ExitWith {}

#[derive(Debug)]
struct Record {
    name: String,
    took: Duration,
    ok: bool,
}

/// The steps of one command, for the headings and the final summary.
#[derive(Debug)]
pub struct Timeline {
    records: Vec<Record>,
    /// Wall clock, not `Instant`: the `test` session continues a timeline begun by its parent.
    started: SystemTime,
}

/// Hands the set-up steps done outside the test session to the process inside it.
pub const EARLIER_STEPS_ENV: &str = "ESCALATOR_XTASK_EARLIER_STEPS";

impl Timeline {
    pub fn new() -> Self {
        Self {
            records: Vec::new(),
            started: SystemTime::now(),
        }
    }

    pub fn step<T>(&mut self, name: &str, body: impl FnOnce() -> Result<T>) -> Result<T> {
        println!("\n==> {name}");
        let started = Instant::now();
        let outcome = body();
        let took = started.elapsed();
        let ok = outcome.is_ok();
        let verdict = if ok { "done in" } else { "FAILED after" };
        println!("<== {name}: {verdict} {}", format_duration(took));
        self.records.push(Record {
            name: name.to_owned(),
            took,
            ok,
        });
        outcome.with_context(|| format!("step `{name}` failed"))
    }

    pub fn print_summary(&self) {
        println!("\n==> summary");
        let width = self
            .records
            .iter()
            .map(|r| r.name.len())
            .max()
            .unwrap_or(0)
            .max(5);
        for record in &self.records {
            let mark = if record.ok { "" } else { "  FAILED" };
            println!(
                "    {:<width$}  {:>9}{mark}",
                record.name,
                format_duration(record.took)
            );
        }
        let total = self.started.elapsed().unwrap_or_default();
        println!("    {:<width$}  {:>9}", "total", format_duration(total));
    }

    /// `<start ms since epoch>;<ms>=<name>;…` — step names never contain `;`.
    pub fn encode(&self) -> String {
        let start = self
            .started
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis();
        let mut out = start.to_string();
        for record in &self.records {
            out.push_str(&format!(";{}={}", record.took.as_millis(), record.name));
        }
        out
    }

    pub fn decode(encoded: &str) -> Option<Self> {
        let mut parts = encoded.split(';');
        let start: u64 = parts.next()?.parse().ok()?;
        let started = UNIX_EPOCH.checked_add(Duration::from_millis(start))?;
        let mut records = Vec::new();
        for part in parts {
            let (millis, name) = part.split_once('=')?;
            let took = Duration::from_millis(millis.parse().ok()?);
            records.push(Record {
                name: name.to_owned(),
                took,
                ok: true,
            });
        }
        Some(Self { records, started })
    }
}

pub fn format_duration(took: Duration) -> String {
    let secs = took.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let whole = took.as_secs();
        format!("{}m {:02}s", whole / 60, whole % 60)
    }
}

/// Runs tools, or with `dry_run` only prints them (for checking the `test` plumbing cheaply).
#[derive(Debug, Clone)]
pub struct Runner {
    pub dry_run: bool,
    /// Commands run elsewhere say where, relative to this.
    pub root: PathBuf,
}

impl Runner {
    pub fn new(root: &Path, dry_run: bool) -> Self {
        Self {
            dry_run,
            root: root.to_path_buf(),
        }
    }

    pub fn run(&self, command: &mut Command) -> Result<()> {
        let shown = describe(command, &self.root);
        if self.dry_run {
            println!("would run: {shown}");
            return Ok(());
        }
        println!("$ {shown}");
        let status = command
            .status()
            .with_context(|| format!("could not start `{shown}`"))?;
        if !status.success() {
            bail!("`{shown}` failed ({status})");
        }
        Ok(())
    }
}

/// `(in ui) VAR=value program args`, as a reader would type it.
pub fn describe(command: &Command, root: &Path) -> String {
    let mut parts = Vec::new();
    if let Some(dir) = command.get_current_dir().filter(|dir| *dir != root) {
        let shown = dir.strip_prefix(root).unwrap_or(dir);
        parts.push(format!("(in {})", shown.display()));
    }
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            parts.push(format!(
                "{}={}",
                key.to_string_lossy(),
                value.to_string_lossy()
            ));
        }
    }
    let program = Path::new(command.get_program());
    // Show `cargo`, not the toolchain path rustup hands us in `CARGO`.
    let program = program.file_name().unwrap_or(program.as_os_str());
    parts.push(program.to_string_lossy().into_owned());
    parts.extend(
        command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned()),
    );
    parts.join(" ")
}

pub fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

pub fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// An environment variable is "set" for our purposes only when it is non-empty.
pub fn env_is_set(name: impl AsRef<OsStr>) -> bool {
    env::var_os(name).is_some_and(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(Duration::from_millis(1234)), "1.2s");
        assert_eq!(format_duration(Duration::from_secs(184)), "3m 04s");
    }

    #[test]
    fn timeline_survives_the_trip_into_the_session() {
        let mut timeline = Timeline::new();
        timeline.step("Debian packages", || Ok(())).unwrap();
        let decoded = Timeline::decode(&timeline.encode()).unwrap();
        assert_eq!(decoded.records.len(), 1);
        assert_eq!(decoded.records[0].name, "Debian packages");
        assert!(Timeline::decode("garbage;x").is_none());
    }
}

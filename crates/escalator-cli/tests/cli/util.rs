use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use escalator_app::sample::{SampleSize, seed};
use escalator_app::{App, EscalationSummary, FixedClock, LifecycleAction, SupportRequest};
use escalator_cli::Exit;
use tempfile::TempDir;

/// What one run of the command line left: its exit code and what it printed.
#[derive(Debug)]
pub struct Run {
    pub exit: Exit,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `escalator ARGS...` in-process.
pub fn escalator<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<OsString> = std::iter::once(OsString::from("escalator"))
        .chain(args.into_iter().map(|a| a.as_ref().to_owned()))
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = escalator_cli::run(args, &mut out, &mut err);
    Run {
        exit,
        stdout: String::from_utf8(out).unwrap(),
        stderr: String::from_utf8(err).unwrap(),
    }
}

/// Runs `escalator ARGS... --data-dir DIR`: the tests never depend on the machine's own
/// data folder or on ESCALATOR_DATA_DIR.
pub fn escalator_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut all: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    all.push("--data-dir".into());
    all.push(dir.into());
    escalator(all)
}

/// A temporary folder; `dir` is where data folders and exports go inside it.
pub struct Scratch {
    _temp: TempDir,
    pub root: PathBuf,
}

impl Scratch {
    pub fn new() -> Self {
        let temp = tempfile::tempdir().unwrap();
        Self {
            root: temp.path().to_owned(),
            _temp: temp,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }
}

/// A data folder with three escalations on three vendors' SRs, the third withdrawn.
pub struct Data {
    pub scratch: Scratch,
    pub dir: PathBuf,
}

impl Data {
    pub fn sample() -> Self {
        let scratch = Scratch::new();
        let dir = scratch.path("data");
        seed(
            &dir,
            SampleSize {
                support_requests: 4,
                escalations: 3,
                events_per_escalation: 3,
                first_escalation_events: 0,
                action_items_per_escalation: 1,
            },
        )
        .unwrap();
        let app = open(&dir);
        let withdrawn = app.list_escalations().unwrap()[0].id.clone();
        app.apply_escalation_action(
            &withdrawn,
            LifecycleAction::Withdraw {
                reason: "Raised twice by mistake".into(),
            },
        )
        .unwrap();
        Self { scratch, dir }
    }

    pub fn escalations(&self) -> Vec<EscalationSummary> {
        open(&self.dir).list_escalations().unwrap()
    }

    pub fn support_requests(&self) -> Vec<SupportRequest> {
        open(&self.dir).list_support_requests().unwrap()
    }

    pub fn open_escalations(&self) -> Vec<EscalationSummary> {
        self.escalations()
            .into_iter()
            .filter(|e| e.state.is_open())
            .collect()
    }

    pub fn withdrawn(&self) -> EscalationSummary {
        self.escalations()
            .into_iter()
            .find(|e| !e.state.is_open())
            .unwrap()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.scratch.path(name)
    }
}

/// The data as `escalator list --all --json` shows it: what a user would compare.
pub fn listing(dir: &Path) -> serde_json::Value {
    let run = escalator_in(dir, ["list", "--all", "--json"]);
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    serde_json::from_str(&run.stdout).unwrap()
}

/// A backup's content without its time stamp, to compare two backups of the same data.
pub fn backup_content(dir: &Path, scratch: &Scratch, name: &str) -> serde_json::Value {
    let file = scratch.path(name);
    let run = escalator_in(
        dir,
        [OsStr::new("backup"), OsStr::new("-o"), file.as_os_str()],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    let mut content: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    content.as_object_mut().unwrap().remove("exportedAt");
    content
}

fn open(dir: &Path) -> App {
    // After the sample's own clock (5 January 2026), so the withdrawal comes last.
    let at = Utc.with_ymd_and_hms(2026, 1, 9, 12, 0, 0).unwrap();
    App::open(dir, Arc::new(FixedClock::new(at)))
}

/// The files directly inside `folder`, by name.
pub fn file_names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

//! Escalator's command line: `escalator list`, `export`, `backup`, `import` and `sync` over the same
//! data folder as the window, for scripts, cron jobs and people who live in a terminal.
//!
//! It is a library so that the desktop binary can be the command line too (its `main` asks
//! [`is_command`] first and runs [`run`] before any window code starts) and so that tests
//! drive it in-process with their own output buffers. Every action goes through
//! `escalator-app`, as the window's do, so the command line cannot do anything the app would
//! refuse, and it is safe to run while the app is open: SQLite's locking serialises the two,
//! and a write that cannot get the lock in time fails with exit code 4 and changes nothing.
//!
//! It deliberately knows no SQL and no Tauri, renders no report itself and offers no editing
//! commands: the window is where escalations are worked on.

mod args;
mod data_dir;
mod export;
mod failure;
mod list;
mod sync;
mod transfer;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};

pub use data_dir::{DATABASE_FILE, IDENTIFIER, default_data_dir, os_data_dir};

use crate::args::Command;
use crate::failure::Failure;

/// How a run ended, as the process's exit code. Scripts branch on these, so they are listed
/// in `escalator --help` and never renumbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exit {
    /// 0: done.
    Success,
    /// 1: anything not covered below (a file could not be written, a bug).
    Failure,
    /// 2: the command line itself was wrong (clap's usage errors).
    Usage,
    /// 3: the data folder is missing, or its database cannot be used.
    DataFolder,
    /// 4: another process holds the database's write lock; trying again later works.
    Busy,
    /// 5: a bad input file or argument: a malformed import, an unknown escalation id, a date
    /// that is not one, an output that exists without `--force`.
    BadInput,
    /// 6: a vendor sync failed: the keychain is locked, the vendor refused the credentials
    /// or a request, or could not be reached.
    Vendor,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::DataFolder => 3,
            Exit::Busy => 4,
            Exit::BadInput => 5,
            Exit::Vendor => 6,
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit.code())
    }
}

/// The command-line flags that are ours when they come first (the rest belong to whoever
/// launched the window, e.g. WebKitWebDriver's `--automation`).
const OUR_FLAGS: &[&str] = &["-h", "--help", "-V", "--version", "--data-dir"];

/// Whether `args` (as the OS passes them, the program's name first) ask for the command
/// line rather than the window.
///
/// A first argument that is a word (`list`, `export`, or a misspelling of one) is a command,
/// so a typo gets a usage error with a suggestion instead of a window opening; a first
/// argument that starts with `-` is ours only if it is one of our own flags. No arguments
/// opens the window.
pub fn is_command(args: &[OsString]) -> bool {
    let Some(first) = args.get(1) else {
        return false;
    };
    let Some(first) = first.to_str() else {
        // Not UTF-8: no flag or command of ours; a word still gets clap's error.
        return !first.is_empty() && !first.as_encoded_bytes().starts_with(b"-");
    };
    if first.is_empty() {
        return false;
    }
    if !first.starts_with('-') {
        return true;
    }
    OUR_FLAGS.contains(&first) || first.starts_with("--data-dir=")
}

/// Runs one command line (`args` as the OS passes them, the program's name first): results
/// (paths written, the list) go to `out`, messages and errors to `err`.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let cli = match args::parse(args) {
        Ok(cli) => cli,
        Err(usage) => return args::report(&usage, out, err),
    };
    // Progress lines are for a person watching; in a script's log they would be noise.
    let progress = std::io::stderr().is_terminal();
    let outcome = match cli.command {
        Command::List(list) => data_dir::resolve(cli.data_dir)
            .and_then(|dir| dir.open_existing())
            .and_then(|app| list::run(&app, &list, out, err)),
        Command::Export(export) => export::Plan::from_args(&export).and_then(|plan| {
            let app = data_dir::resolve(cli.data_dir)?.open_existing()?;
            plan.run(&app, out, err, progress)
        }),
        Command::Backup(backup) => data_dir::resolve(cli.data_dir)
            .and_then(|dir| dir.open_existing())
            .and_then(|app| transfer::backup(&app, &backup, out, err)),
        Command::Import(import) => data_dir::resolve(cli.data_dir)
            .and_then(|dir| transfer::import(&dir, &import, out, err)),
        Command::Sync(sync) => data_dir::resolve(cli.data_dir)
            .and_then(|dir| dir.open_existing())
            .and_then(|app| sync::run(&app, &sync, out, err, progress)),
    };
    match outcome {
        Ok(()) => Exit::Success,
        Err(failure) => {
            failure.print(err);
            failure.exit
        }
    }
}

/// Writes a line of a result to `out`; a full disk ends the run with exit code 1 and says
/// so, a reader that stopped reading (`escalator list | head -1`) ends it quietly.
pub(crate) fn emit(out: &mut dyn Write, line: &str) -> Result<(), Failure> {
    writeln!(out, "{line}").map_err(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::silent(Exit::Failure)
        } else {
            Failure::new(Exit::Failure, format!("Could not write the output: {e}."))
        }
    })
}

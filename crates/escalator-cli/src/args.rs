//! The command line's grammar and help text, declared with clap's derive.
//!
//! Only what clap can check without the data is checked here (which flags go together,
//! the format names); dates, paths and ids are checked by the commands, so that a bad value
//! gets exit code 5 and a sentence rather than a usage error.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{ArgGroup, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::Exit;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  anything else (a file could not be written, a bug)
  2  usage error: an unknown command or flag, a missing argument
  3  the data folder is missing, or its database cannot be used
  4  the database is busy: another process holds its write lock; try again later
  5  bad input file or argument: a malformed import file, an unknown escalation id,
     a date that is not one, an output that exists (without --force)
  6  a vendor sync failed: the keychain is locked, the vendor refused the credentials
     or a request, or could not be reached (the others still synced)

Results (paths written, the list) go to standard output; messages to standard error.
The data folder is --data-dir, else $ESCALATOR_DATA_DIR, else the app's own folder.
It is safe to run while the app is open.";

const LIST_HELP: &str = "\
Examples:
  escalator list
  escalator list --all --json > escalations.json";

const EXPORT_HELP: &str = "\
Examples:
  escalator export --escalation 0194c3e2-7a10-7c3e-9b1a-2f6d8e4a5b6c --format pdf -o review.pdf
  escalator export --open -o status.html
  escalator export --open --format csv -o tables/
  escalator export --vendor vmware --report scorecard --format md
  escalator export --all --report srs --format csv -o register/
  escalator export --opened-from 2026-01-01 --opened-to 2026-03-31 -o q1.pdf
  escalator export --all --format json -o everything.json

The escalation ids and vendor ids are the first columns of `escalator list --all`.
An existing output file is not replaced unless --force is given.";

const BACKUP_HELP: &str = "\
Examples:
  escalator backup -o escalator-backup.json
  escalator backup --data-dir /mnt/old-laptop/dev.escalator.desktop -o old.json

The backup is a data export of everything; `escalator import` reads it back.";

const SYNC_HELP: &str = "\
Examples:
  escalator sync
  escalator sync --account \"Red Hat production\"

Delivers what waits in each account's outbox, then reads the cases changed since the last
sync. Accounts are added in the window (Settings); their secrets stay in the OS keychain.";

const IMPORT_HELP: &str = "\
Examples:
  escalator import escalator-backup.json
  escalator import --data-dir ~/escalator-copy escalator-backup.json

Merges a backup or a JSON export into the data folder (creating the folder if needed):
all or nothing, and importing the same file twice adds nothing the second time.";

#[derive(Debug, Parser)]
#[command(
    name = "escalator",
    bin_name = "escalator",
    version,
    about = "Escalator: vendor support escalations, from the command line.",
    long_about = "Escalator: vendor support escalations, from the command line.\n\n\
        Run without arguments to open the window. The commands below work on the same data \
        folder as the window, and can run while it is open.",
    after_help = EXIT_CODES,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub(crate) struct Cli {
    /// The data folder [default: $ESCALATOR_DATA_DIR, else the app's own folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List escalations: id, state, vendor, SR number and title
    #[command(after_help = LIST_HELP)]
    List(ListArgs),
    /// Write a report: one escalation, a status report or scorecard of several, the SR register
    #[command(after_help = EXPORT_HELP)]
    Export(ExportArgs),
    /// Write a backup of all data to a file
    #[command(after_help = BACKUP_HELP)]
    Backup(BackupArgs),
    /// Merge a backup or JSON export into the data folder
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),
    /// Sync vendor accounts: deliver queued actions, read changed cases
    #[command(after_help = SYNC_HELP)]
    Sync(SyncArgs),
}

#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// Only this account (its name, as in Settings, or its id) [default: every account]
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Include closed and withdrawn escalations
    #[arg(long)]
    pub all: bool,
    /// Print JSON (an array of objects) for scripts instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("scope")
        .required(true)
        .args(["escalation", "open", "opened_from", "vendor", "all"])
))]
pub(crate) struct ExportArgs {
    /// One escalation, by its id (a full report of it)
    #[arg(long, value_name = "ID")]
    pub escalation: Option<String>,
    /// Every escalation not closed or withdrawn
    #[arg(long)]
    pub open: bool,
    /// Escalations opened on or after DATE (YYYY-MM-DD, your time zone); needs --opened-to
    #[arg(long, value_name = "DATE", requires = "opened_to")]
    pub opened_from: Option<String>,
    /// Escalations opened on or before DATE (inclusive); needs --opened-from
    #[arg(long, value_name = "DATE", requires = "opened_from")]
    pub opened_to: Option<String>,
    /// Escalations with an SR of this vendor (its id, e.g. vmware)
    #[arg(long, value_name = "VENDOR")]
    pub vendor: Option<String>,
    /// Every escalation
    #[arg(long)]
    pub all: bool,
    /// For several escalations: a status report, per-vendor scorecards, or the SR register
    /// [default: status]
    #[arg(long, value_enum, value_name = "KIND", conflicts_with = "escalation")]
    pub report: Option<ReportKind>,
    /// The format [default: from the extension of --output, else pdf]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// The file to write, or a folder to put it in under its default name; for csv, the
    /// folder for the tables (created if missing) [default: the report's default name in the
    /// current folder]
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file (for csv: write into a folder that already has files;
    /// tables whose names are taken get a number, nothing is overwritten)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportKind {
    /// One row per escalation
    Status,
    /// Per vendor, how its escalations went
    Scorecard,
    /// One row per SR, escalated or not (the scope then picks SRs, not escalations)
    #[value(name = "srs", alias = "support-requests")]
    SupportRequests,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Pdf,
    Html,
    #[value(name = "md", alias = "markdown")]
    Markdown,
    /// One file per table, written into a folder
    Csv,
    /// The data itself, re-importable
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct BackupArgs {
    /// The file to write
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// A backup (`escalator backup`) or a JSON export
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub(crate) fn parse(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    // The default folder is shown as this machine has it: it differs by OS and user.
    let here = crate::os_data_dir().map_or_else(
        || "none on this system".to_owned(),
        |dir| dir.display().to_string(),
    );
    let matches = Cli::command()
        .mut_arg("data_dir", |arg| {
            arg.help(format!(
                "The data folder [default: $ESCALATOR_DATA_DIR, else the app's: {here}]"
            ))
        })
        .try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// Prints what clap had to say: help and the version to `out` (exit 0), usage errors to
/// `err` (exit 2).
pub(crate) fn report(usage: &clap::Error, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    // Display renders without colour codes: `out` and `err` may be files or test buffers.
    let text = usage.render().to_string();
    if usage.use_stderr() {
        let _ = write!(err, "{text}");
        Exit::Usage
    } else {
        // A closed pipe (`escalator --help | head`) is not worth an error.
        let _ = write!(out, "{text}");
        Exit::Success
    }
}

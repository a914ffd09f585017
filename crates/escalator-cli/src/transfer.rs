//! `escalator backup` and `escalator import`: the whole data set out to a file and back in.
//!
//! Both are the app's own actions (the backup is its data export, the import its all-or-
//! nothing merge); this module adds what a command line needs around them: no silent
//! overwrite of an existing backup, checking the file before touching the data folder, and
//! leaving no empty database behind when an import into a new folder fails.

use std::io::Write;
use std::path::Path;

use escalator_app::{App, ImportSummary};

use crate::args::{BackupArgs, ImportArgs};
use crate::data_dir::{DATABASE_FILE, DataDir};
use crate::failure::Failure;
use crate::{Exit, emit};

pub(crate) fn backup(
    app: &App,
    args: &BackupArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let shown = args.output.display();
    if args.output.exists() && !args.force {
        return Err(Failure::new(
            Exit::BadInput,
            format!("{shown} already exists; nothing was written."),
        )
        .hint("Pass --force to replace it, or choose another file with -o."));
    }
    let record = app.backup(&args.output)?;
    let _ = writeln!(err, "Backed up all data ({} bytes).", record.bytes);
    emit(out, &shown.to_string())
}

pub(crate) fn import(
    dir: &DataDir,
    args: &ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let file = &args.file;
    // Checked first, so a mistyped path creates no data folder.
    if !file.is_file() {
        let problem = if file.exists() {
            "is not a file"
        } else {
            "does not exist"
        };
        return Err(Failure::new(
            Exit::BadInput,
            format!("{} {problem}; nothing was imported.", file.display()),
        ));
    }
    let folder_existed = dir.path.is_dir();
    let database_existed = dir.has_database();
    let app = dir.open()?;
    let result = app.import_data(file);
    // Closed before any clean-up below: SQLite must not hold the files being removed.
    drop(app);
    let summary = match result {
        Ok(summary) => summary,
        Err(problem) => {
            if !database_existed {
                remove_new_database(&dir.path, folder_existed);
            }
            let failure = Failure::from(problem);
            return Err(if failure.exit == Exit::BadInput {
                failure.in_import(file)
            } else {
                failure
            });
        }
    };
    let _ = writeln!(
        err,
        "Imported {} into {}.",
        file.display(),
        dir.path.display()
    );
    emit(out, &describe(&summary))
}

impl Failure {
    /// A file the import refused: say which, and that the data is as it was.
    fn in_import(self, file: &Path) -> Self {
        let reason = self.message().trim_end_matches('.').to_owned();
        let changed = if reason.contains("nothing was") {
            String::new()
        } else {
            "; nothing was changed".to_owned()
        };
        Failure::new(
            self.exit,
            format!("{} cannot be imported: {reason}{changed}.", file.display()),
        )
    }
}

/// The import, in words: what was added and updated, or that everything was already here.
fn describe(summary: &ImportSummary) -> String {
    let counted = |count: u32, one: &str, many: &str| {
        (count > 0).then(|| format!("{count} {}", if count == 1 { one } else { many }))
    };
    let added: Vec<String> = [
        counted(
            summary.support_requests_added,
            "support request",
            "support requests",
        ),
        counted(summary.escalations_added, "escalation", "escalations"),
        counted(summary.events_added, "timeline event", "timeline events"),
        counted(summary.other_added, "other record", "other records"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("Added {}", added.join(", ")));
    }
    if let Some(updated) = counted(summary.records_updated, "record", "records") {
        parts.push(format!("updated {updated} with newer copies from the file"));
    }
    if parts.is_empty() {
        return format!(
            "Nothing new: all {} records in the file are already here.",
            summary.unchanged
        );
    }
    if summary.unchanged > 0 {
        parts.push(format!("{} already here", summary.unchanged));
    }
    let mut sentence = parts.join("; ");
    // "updated ..." may open the sentence when nothing was added.
    if let Some(first) = sentence.get(..1) {
        sentence = format!(
            "{}{}.",
            first.to_uppercase(),
            sentence.get(1..).unwrap_or("")
        );
    }
    sentence
}

/// An import that failed into a folder without a database leaves none behind: the user
/// asked for their data, not for an empty database. Only our own files go, and the folder
/// only if we created it and it is empty again (`remove_dir` refuses otherwise).
fn remove_new_database(folder: &Path, folder_existed: bool) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(folder.join(format!("{DATABASE_FILE}{suffix}")));
    }
    if !folder_existed {
        let _ = std::fs::remove_dir(folder);
    }
}

//! `escalator export`: choosing the report, the format and the destination from the command
//! line, then handing over to the app's `save_report`.
//!
//! Everything that can be checked without the data (dates, the format, the output's
//! extension) is checked before the data folder is opened. Reports are rendered by the app,
//! never here, so the command line's PDF is the window's PDF; and an existing file is only
//! replaced when the user said `--force`, because no save dialog asked first.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use escalator_app::{
    ApiError, App, ErrorCode, ReportFormat, ReportProgress, ReportRequest, Selection,
};

use crate::args::{ExportArgs, FormatArg, ReportKind};
use crate::failure::Failure;
use crate::{Exit, emit};

/// An export, checked as far as it can be without the data.
#[derive(Debug)]
pub(crate) struct Plan {
    request: ReportRequest,
    format: ReportFormat,
    output: Option<PathBuf>,
    force: bool,
}

impl Plan {
    pub fn from_args(args: &ExportArgs) -> Result<Self, Failure> {
        let request = match &args.escalation {
            Some(id) => ReportRequest::Escalation { id: id.clone() },
            None => {
                let selection = selection(args)?;
                match args.report.unwrap_or(ReportKind::Status) {
                    ReportKind::Status => ReportRequest::Status { selection },
                    ReportKind::Scorecard => ReportRequest::Scorecard { selection },
                    ReportKind::SupportRequests => ReportRequest::SupportRequests { selection },
                }
            }
        };
        let format = match args.format {
            Some(format) => report_format(format),
            None => format_from_extension(args.output.as_deref())?,
        };
        Ok(Self {
            request,
            format,
            output: args.output.clone(),
            force: args.force,
        })
    }

    pub fn run(
        self,
        app: &App,
        out: &mut dyn Write,
        err: &mut dyn Write,
        progress: bool,
    ) -> Result<(), Failure> {
        self.check_vendor(app)?;
        let destination = self.destination(app)?;
        self.check_destination(&destination)?;
        let before = entries(&destination, self.format);
        let record = app
            .save_report(
                &self.request,
                self.format,
                &destination,
                &mut |step: ReportProgress| {
                    if progress {
                        let _ = writeln!(err, "[{}/{}] {}", step.step, step.steps, step.label);
                    }
                },
            )
            .map_err(|e| self.explain(e))?;
        let written: Vec<PathBuf> = if self.format.is_folder() {
            entries(&destination, self.format)
                .difference(&before)
                .cloned()
                .collect()
        } else {
            vec![destination.clone()]
        };
        let _ = writeln!(
            err,
            "Saved {} as {} ({} {}, {} bytes).",
            record.title,
            self.format.extension(),
            record.files,
            if record.files == 1 { "file" } else { "files" },
            record.bytes
        );
        if written.is_empty() {
            // Cannot happen unless the folder changed under us; the folder is still the answer.
            return emit(out, &destination.display().to_string());
        }
        for path in written {
            emit(out, &path.display().to_string())?;
        }
        Ok(())
    }

    /// A vendor id that is not in the catalogue would give an empty report that looks like
    /// "no escalations"; say so instead.
    fn check_vendor(&self, app: &App) -> Result<(), Failure> {
        let (ReportRequest::Status {
            selection: Selection::Vendor { vendor },
        }
        | ReportRequest::Scorecard {
            selection: Selection::Vendor { vendor },
        }
        | ReportRequest::SupportRequests {
            selection: Selection::Vendor { vendor },
        }) = &self.request
        else {
            return Ok(());
        };
        let vendors = app.list_vendors();
        if vendors.iter().any(|known| &known.id == vendor) {
            return Ok(());
        }
        let ids: Vec<&str> = vendors.iter().map(|v| v.id.as_str()).collect();
        Err(Failure::new(
            Exit::BadInput,
            format!("There is no vendor with the id {vendor}."),
        )
        .hint(format!("The vendor ids are: {}.", ids.join(", "))))
    }

    /// The path to write: the one given (or, for a single file, the default name inside the
    /// folder given), else the default name in the current folder.
    fn destination(&self, app: &App) -> Result<PathBuf, Failure> {
        let default_name = || {
            app.report_file_name(&self.request, self.format)
                .map_err(|e| self.explain(e))
        };
        Ok(match &self.output {
            Some(path) if !self.format.is_folder() && path.is_dir() => path.join(default_name()?),
            Some(path) => path.clone(),
            None => PathBuf::from(default_name()?),
        })
    }

    fn check_destination(&self, destination: &Path) -> Result<(), Failure> {
        let shown = destination.display();
        if !self.format.is_folder() {
            if destination.exists() && !self.force {
                return Err(Failure::new(
                    Exit::BadInput,
                    format!("{shown} already exists; nothing was written."),
                )
                .hint("Pass --force to replace it, or choose another file with -o."));
            }
            return Ok(());
        }
        if destination.exists() && !destination.is_dir() {
            return Err(Failure::new(
                Exit::BadInput,
                format!("{shown} is a file, but a CSV export is a folder of tables."),
            )
            .hint("Choose a folder with -o; it is created if missing."));
        }
        let occupied = std::fs::read_dir(destination)
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(false);
        if occupied && !self.force {
            return Err(Failure::new(
                Exit::BadInput,
                format!("The folder {shown} already holds files; nothing was written."),
            )
            .hint(
                "Choose a new or empty folder with -o, or pass --force to add the tables beside \
                 the files there (a table whose name is taken gets a number; nothing is overwritten).",
            ));
        }
        Ok(())
    }

    /// An action's error, with the id named when the escalation asked for is not there.
    fn explain(&self, err: ApiError) -> Failure {
        match (&self.request, err.code) {
            (ReportRequest::Escalation { id }, ErrorCode::NotFound) => Failure::new(
                Exit::BadInput,
                format!("There is no escalation with the id {id}."),
            )
            .hint("`escalator list --all` shows every escalation's id."),
            _ => Failure::from(err),
        }
    }
}

fn selection(args: &ExportArgs) -> Result<Selection, Failure> {
    if args.open {
        return Ok(Selection::Open);
    }
    if args.all {
        return Ok(Selection::All);
    }
    if let Some(vendor) = &args.vendor {
        return Ok(Selection::Vendor {
            vendor: vendor.clone(),
        });
    }
    if let (Some(from), Some(to)) = (&args.opened_from, &args.opened_to) {
        let from = date("--opened-from", from)?;
        let to = date("--opened-to", to)?;
        if from > to {
            return Err(Failure::new(
                Exit::BadInput,
                format!("--opened-from {from} is after --opened-to {to}."),
            )
            .hint("Give the earlier day first; both days are included."));
        }
        return Ok(Selection::OpenedBetween { from, to });
    }
    // clap's group makes one of the above required; this is for a grammar change that forgets.
    Err(Failure::new(
        Exit::Usage,
        "Choose what to export: --escalation ID, --open, --opened-from and --opened-to, --vendor or --all.",
    ))
}

fn date(flag: &str, text: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Failure::new(Exit::BadInput, format!("{flag} {text} is not a date."))
            .hint("Write dates as YYYY-MM-DD, e.g. 2026-03-31.")
    })
}

fn report_format(format: FormatArg) -> ReportFormat {
    match format {
        FormatArg::Pdf => ReportFormat::Pdf,
        FormatArg::Html => ReportFormat::Html,
        FormatArg::Markdown => ReportFormat::Markdown,
        FormatArg::Csv => ReportFormat::Csv,
        FormatArg::Json => ReportFormat::Json,
    }
}

/// The format an output's extension names; PDF without one. An extension that names no
/// format is refused rather than guessed: `report.txt` holding a PDF helps nobody.
fn format_from_extension(output: Option<&Path>) -> Result<ReportFormat, Failure> {
    let Some(extension) = output.and_then(Path::extension) else {
        return Ok(ReportFormat::Pdf);
    };
    let extension = extension.to_string_lossy().to_lowercase();
    match extension.as_str() {
        "pdf" => Ok(ReportFormat::Pdf),
        "html" | "htm" => Ok(ReportFormat::Html),
        "md" | "markdown" => Ok(ReportFormat::Markdown),
        "json" => Ok(ReportFormat::Json),
        "csv" => Err(Failure::new(
            Exit::BadInput,
            "A CSV export is a folder of tables, not one .csv file.",
        )
        .hint("Pass --format csv and a folder with -o, e.g. --format csv -o tables.")),
        other => Err(Failure::new(
            Exit::BadInput,
            format!("Cannot tell the format from the extension .{other}."),
        )
        .hint("Pass --format pdf, html, md, csv or json.")),
    }
}

/// What a CSV export's folder holds, to tell the new tables from what was there; nothing for
/// single-file formats.
fn entries(folder: &Path, format: ReportFormat) -> BTreeSet<PathBuf> {
    if !format.is_folder() {
        return BTreeSet::new();
    }
    std::fs::read_dir(folder)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

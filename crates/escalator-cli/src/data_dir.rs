//! Which data folder a command works on, and opening it without creating one by mistake.
//!
//! The window and the command line must never disagree about where the data is, so the
//! desktop shell resolves its folder with [`default_data_dir`] too. Only `import` may create
//! a data folder; every other command refuses a folder without a database, because opening
//! one would quietly make an empty database where the user expected their data.

use std::path::PathBuf;
use std::sync::Arc;

use escalator_app::{App, AppStatus, SystemClock};

use crate::Exit;
use crate::failure::Failure;

/// The app's identifier in `tauri.conf.json`: Tauri names the app-data folder after it.
pub const IDENTIFIER: &str = "dev.escalator.desktop";

/// The database's file name inside the data folder.
pub const DATABASE_FILE: &str = escalator_app::DATABASE_FILE_NAME;

/// The environment variable that moves the data folder, for the window and the command line.
const ENV_VAR: &str = "ESCALATOR_DATA_DIR";

/// What to tell a user whose data folder is not there.
const MISSING_HINT: &str = "Start Escalator once to create it, choose another folder with \
    --data-dir DIR (or ESCALATOR_DATA_DIR), or make it from a backup with `escalator import FILE`.";

/// The OS app-data folder Tauri gives the app (`app.path().app_data_dir()`): the platform's
/// data folder (`dirs::data_dir()`, as Tauri uses) and the app's identifier. `None` where
/// the platform has no such folder (no home directory).
pub fn os_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(IDENTIFIER))
}

/// The data folder when none is given on the command line: `ESCALATOR_DATA_DIR` when set and
/// not empty, else [`os_data_dir`].
pub fn default_data_dir() -> Option<PathBuf> {
    from_env().or_else(os_data_dir)
}

fn from_env() -> Option<PathBuf> {
    std::env::var_os(ENV_VAR)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Flag,
    Env,
    Default,
}

/// The data folder a command works on, and where that choice came from (so an error about
/// it can say which setting to change).
#[derive(Debug)]
pub(crate) struct DataDir {
    pub path: PathBuf,
    source: Source,
}

pub(crate) fn resolve(flag: Option<PathBuf>) -> Result<DataDir, Failure> {
    if let Some(path) = flag {
        return Ok(DataDir {
            path,
            source: Source::Flag,
        });
    }
    if let Some(path) = from_env() {
        return Ok(DataDir {
            path,
            source: Source::Env,
        });
    }
    os_data_dir()
        .map(|path| DataDir {
            path,
            source: Source::Default,
        })
        .ok_or_else(|| {
            Failure::new(
                Exit::DataFolder,
                "This system has no application-data folder (is HOME set?).",
            )
            .hint("Choose the data folder with --data-dir DIR or ESCALATOR_DATA_DIR.")
        })
}

impl DataDir {
    /// The folder with where it came from, for messages.
    pub fn describe(&self) -> String {
        let from = match self.source {
            Source::Flag => "from --data-dir",
            Source::Env => "from ESCALATOR_DATA_DIR",
            Source::Default => "the app's default",
        };
        format!("{} ({from})", self.path.display())
    }

    pub fn has_database(&self) -> bool {
        self.path.join(DATABASE_FILE).is_file()
    }

    /// Opens the data folder's database, refusing (and creating nothing) when there is none.
    pub fn open_existing(&self) -> Result<App, Failure> {
        if !self.path.is_dir() {
            return Err(Failure::new(
                Exit::DataFolder,
                format!("There is no Escalator data folder at {}.", self.describe()),
            )
            .hint(MISSING_HINT));
        }
        if !self.has_database() {
            return Err(Failure::new(
                Exit::DataFolder,
                format!(
                    "The folder {} holds no Escalator database ({DATABASE_FILE}).",
                    self.describe()
                ),
            )
            .hint(MISSING_HINT));
        }
        self.open()
    }

    /// Opens (creating if needed) the data folder's database.
    pub fn open(&self) -> Result<App, Failure> {
        let app = App::open(&self.path, Arc::new(SystemClock));
        match app.status() {
            AppStatus::Ready { .. } => Ok(app),
            AppStatus::Unavailable { problem, .. } => Err(Failure::opening(&problem)),
        }
    }
}

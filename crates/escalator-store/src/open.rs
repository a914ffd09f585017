//! Opening the database file without ever making a bad situation worse.
//!
//! The order matters: every check that only reads (is this SQLite? which schema? is it
//! intact?) runs on a read-only connection before the first write (WAL mode, migrations), so
//! a file we refuse is left byte for byte as we found it, its WAL included.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::migrations;

/// Why the database could not be opened. Each variant is something the user can act on, so
/// each gets its own screen text upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenProblem {
    /// The folder or the file cannot be written.
    ReadOnly,
    /// The file is not an SQLite database, or `quick_check` found damage.
    Corrupt,
    /// Written by a newer Escalator whose schema this build does not know.
    TooNew { found: usize, supported: usize },
    /// Anything else: locked by another program, out of disk space, I/O error.
    Unavailable,
}

#[derive(Debug, thiserror::Error)]
#[error("{detail}")]
pub struct OpenError {
    pub problem: OpenProblem,
    pub path: PathBuf,
    /// What SQLite or the file system said, for the user and the log.
    pub detail: String,
}

impl OpenError {
    fn new(problem: OpenProblem, path: &Path, detail: impl Into<String>) -> Self {
        Self {
            problem,
            path: path.to_owned(),
            detail: detail.into(),
        }
    }

    fn from_sqlite(path: &Path, err: &rusqlite::Error) -> Self {
        let problem = match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => OpenProblem::Corrupt,
            Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => OpenProblem::ReadOnly,
            // SQLite reports a file it may not create as "cannot open"; whether that is a
            // permission problem is for the folder check to decide.
            Some(ErrorCode::CannotOpen) if !folder_is_writable(path) => OpenProblem::ReadOnly,
            _ => OpenProblem::Unavailable,
        };
        Self::new(problem, path, err.to_string())
    }
}

/// Long enough to ride out a backup or a second Escalator process finishing a write; short
/// enough that a stuck lock surfaces as an error the user sees.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) fn open_checked(data_dir: &Path, path: &Path) -> Result<Connection, OpenError> {
    if let Err(err) = std::fs::create_dir_all(data_dir) {
        let problem = match err.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                OpenProblem::ReadOnly
            }
            _ => OpenProblem::Unavailable,
        };
        return Err(OpenError::new(
            problem,
            path,
            format!("cannot create the folder {}: {err}", data_dir.display()),
        ));
    }

    let sqlite = |err: rusqlite::Error| OpenError::from_sqlite(path, &err);
    if path.exists() {
        check_before_writing(path)?;
    }

    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(sqlite)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
    let supported = migrations::LATEST;

    // SQLite silently opens a file it may not write as read-only; writes would then fail
    // one by one, after the user typed them. Refuse up front instead.
    if conn.is_readonly(rusqlite::MAIN_DB).map_err(sqlite)? {
        return Err(OpenError::new(
            OpenProblem::ReadOnly,
            path,
            "the database file is read-only",
        ));
    }

    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(sqlite)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(OpenError::new(
            OpenProblem::Unavailable,
            path,
            format!("the database could not switch to WAL mode (it reports {mode})"),
        ));
    }
    // FULL: an acknowledged edit survives power loss, not only a crash of the app.
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(sqlite)?;

    migrations::all()
        .to_latest(&mut conn)
        .map_err(|err| match err {
            rusqlite_migration::Error::RusqliteError { err, .. } => {
                OpenError::from_sqlite(path, &err)
            }
            other => OpenError::new(OpenProblem::Unavailable, path, other.to_string()),
        })?;

    tracing::info!(path = %path.display(), schema = supported, "database opened");
    Ok(conn)
}

/// Every check that decides whether we may touch the file, on a read-only connection.
///
/// Read-only matters: when the last read-write connection to a WAL database closes, SQLite
/// checkpoints the WAL into the main file and deletes it, so merely looking at a file we then
/// refuse would rewrite it.
fn check_before_writing(path: &Path) -> Result<(), OpenError> {
    let sqlite = |err: rusqlite::Error| OpenError::from_sqlite(path, &err);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(sqlite)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;

    // First read of the file: a non-database fails here with NotADatabase.
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(sqlite)?;
    let supported = migrations::LATEST;
    if usize::try_from(found).map_or(true, |found| found > supported) {
        return Err(OpenError::new(
            OpenProblem::TooNew {
                found: usize::try_from(found).unwrap_or(usize::MAX),
                supported,
            },
            path,
            format!("schema version {found}, this build knows up to {supported}"),
        ));
    }

    let check: String = conn
        .pragma_query_value(None, "quick_check", |row| row.get(0))
        .map_err(sqlite)?;
    if check != "ok" {
        return Err(OpenError::new(
            OpenProblem::Corrupt,
            path,
            format!("integrity check failed: {check}"),
        ));
    }
    Ok(())
}

fn folder_is_writable(path: &Path) -> bool {
    let Some(folder) = path.parent() else {
        return false;
    };
    // A probe file is the only portable answer: permission bits lie for root, ACLs and
    // read-only mounts.
    let probe = folder.join(".escalator-write-probe");
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(_) => false,
    }
}

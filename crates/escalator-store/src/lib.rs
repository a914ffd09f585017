//! Escalator's storage: one SQLite file, opened so that nothing the user typed is ever lost,
//! and the repositories that read and write it.
//!
//! This is the only crate that knows SQL. It opens the database in WAL mode with
//! `synchronous=FULL`, foreign keys on and a busy timeout, checks it with `quick_check`, and
//! migrates it forward. A file it cannot trust — damaged, written by a newer Escalator, or in
//! a folder it cannot write — is reported as an [`OpenError`] and left exactly as it was.
//!
//! It does not validate input (the core does) and does not decide where the file lives (the
//! app does).

mod bundle;
mod escalations;
mod migrations;
mod open;
mod preferences;
mod running;
mod search;
mod support_requests;
mod timeline;
mod vendor_sync;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use bundle::{
    Bundle, BundleScope, DocumentEntry, ImportError, ImportTally, PlanEntry, SettingEntry,
    StreamEvent, SupportRequestEntry, UpdateEntry,
};
pub use escalations::EscalationRow;
pub use open::{OpenError, OpenProblem};
pub use preferences::StoredDocument;
pub use running::{CadenceRow, CallRow, ItemQuery, ItemRow, ItemTally, StoredPlan};
pub use search::{MAX_QUERY_CHARS, SearchTarget, StoredHit};
pub use timeline::StoredEvent;
pub use vendor_sync::{CaseLink, OutboxEntry, StoredAccount, SyncedCase, SyncedUpdate};

/// The file name inside the data folder.
pub const DATABASE_FILE_NAME: &str = "escalator.sqlite3";

/// A failure after the database was opened. Input problems never reach here: they are
/// rejected by the core before a write starts.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique key already exists: the same vendor SR number recorded twice.
    #[error("a support request with this vendor and SR number already exists")]
    DuplicateSupportRequest,
    /// Another vendor account already has this name.
    #[error("a vendor account with this name already exists")]
    DuplicateAccountName,
    /// Another SR is already linked to this vendor case.
    #[error("another support request is already linked to this case")]
    CaseAlreadyLinked,
    /// The row to update does not exist (any more).
    #[error("the record does not exist")]
    NotFound,
    /// A row holds a value this build cannot read, e.g. edited by hand.
    #[error("the database holds a value Escalator cannot read: {0}")]
    Unreadable(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// Another connection held the write lock for longer than the busy timeout.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Sqlite(err) if matches!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        ))
    }
}

/// An open Escalator database. One `Store` is the single writer; callers serialise access.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, then checks and migrates it.
    pub fn open_in(data_dir: &Path) -> Result<Self, OpenError> {
        let path = data_dir.join(DATABASE_FILE_NAME);
        let conn = open::open_checked(data_dir, &path)?;
        Ok(Self { conn, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version this build writes; a file with a higher one is refused.
    pub fn schema_version() -> usize {
        migrations::LATEST
    }
}

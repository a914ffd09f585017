//! The running application: the data folder, and either an open store or the reason it could
//! not be opened.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use escalator_core::VendorCatalogue;
use escalator_store::{DATABASE_FILE_NAME, Store};
use escalator_vendors::http::HttpPolicy;
use escalator_vendors::keychain::Keychain;
use serde::Serialize;

use crate::clock::Clock;
use crate::error::{ApiError, ErrorCode};
use crate::playbooks::PlaybookSet;
use crate::reminders::WhileClosed;
use chrono::{DateTime, Utc};

/// Escalator over one data folder. Opening never fails: a database that cannot be used is
/// kept as a problem the UI shows, and every action then returns that problem.
pub struct App {
    data_dir: PathBuf,
    database_path: PathBuf,
    store: Result<Mutex<Store>, ApiError>,
    /// Built-in playbooks with the user's edits applied; replaced whole when one is saved.
    pub(crate) playbooks: RwLock<Arc<PlaybookSet>>,
    pub(crate) clock: Arc<dyn Clock>,
    /// When this process opened the data folder: reminders before it passed while closed.
    pub(crate) opened_at: DateTime<Utc>,
    pub(crate) while_closed: WhileClosed,
    /// Where vendor secrets live, and the HTTP limits of vendor calls.
    pub(crate) keychain: Keychain,
    pub(crate) http_policy: HttpPolicy,
    /// The accounts being synced by this process: one sync per account at a time.
    pub(crate) syncing: crate::vendor_sync::Syncing,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("data_dir", &self.data_dir)
            .field("store", &self.store.as_ref().map(|_| "open"))
            .finish_non_exhaustive()
    }
}

/// What the UI needs before it draws anything: whether it can work, and where the data is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(
    tag = "state",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum AppStatus {
    Ready {
        data_dir: String,
        database_path: String,
    },
    Unavailable {
        data_dir: String,
        database_path: String,
        problem: ApiError,
    },
}

impl App {
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Self {
        let store = Store::open_in(data_dir).map(Mutex::new).map_err(|err| {
            tracing::error!(path = %err.path.display(), error = %err, "database cannot be used");
            ApiError::from(&err)
        });
        let playbooks = match &store {
            Ok(store) => PlaybookSet::load(&store.lock().unwrap_or_else(|p| p.into_inner())),
            Err(_) => PlaybookSet::built_in(),
        };
        Self {
            data_dir: data_dir.to_owned(),
            database_path: data_dir.join(DATABASE_FILE_NAME),
            store,
            playbooks: RwLock::new(Arc::new(playbooks)),
            opened_at: clock.now(),
            while_closed: WhileClosed::default(),
            keychain: Keychain::new(crate::vendor_sync::KEYCHAIN_SERVICE),
            syncing: crate::vendor_sync::Syncing::default(),
            http_policy: HttpPolicy::default(),
            clock,
        }
    }

    /// The same app with another keychain service name and HTTP limits: tests keep their
    /// secrets apart from the user's and wait less for a vendor that does not answer.
    pub fn with_vendor_access(mut self, keychain: Keychain, http_policy: HttpPolicy) -> Self {
        self.keychain = keychain;
        self.http_policy = http_policy;
        self
    }

    /// The playbooks in effect now.
    pub(crate) fn playbook_set(&self) -> Arc<PlaybookSet> {
        match self.playbooks.read() {
            Ok(set) => Arc::clone(&set),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub(crate) fn catalogue(&self) -> VendorCatalogue {
        self.playbook_set().catalogue.clone()
    }

    pub(crate) fn replace_playbooks(&self, set: PlaybookSet) {
        match self.playbooks.write() {
            Ok(mut current) => *current = Arc::new(set),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(set),
        }
    }

    pub fn status(&self) -> AppStatus {
        let data_dir = self.data_dir.display().to_string();
        let database_path = self.database_path.display().to_string();
        match &self.store {
            Ok(_) => AppStatus::Ready {
                data_dir,
                database_path,
            },
            Err(problem) => AppStatus::Unavailable {
                data_dir,
                database_path,
                problem: problem.clone(),
            },
        }
    }

    /// The store, for one action. A panic while holding the lock cannot leave SQLite
    /// half-written (each write is a transaction), so a poisoned lock is still usable.
    pub(crate) fn store(&self) -> Result<MutexGuard<'_, Store>, ApiError> {
        match &self.store {
            Ok(store) => Ok(store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(problem) => Err(problem.clone()),
        }
    }
}

impl ApiError {
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

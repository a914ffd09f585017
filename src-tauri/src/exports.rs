//! Where files the user exports land: the OS downloads folder, or the data folder's
//! `exports` when the system has none. `ESCALATOR_EXPORT_DIR` overrides both, like
//! `ESCALATOR_DATA_DIR` does for the data, so tests and portable setups can point it
//! elsewhere — and then reports are saved there without a dialog (see `save_dialog`).

use std::path::{Path, PathBuf};

use tauri::{Manager, Runtime};

#[derive(Debug, Clone)]
pub struct ExportFolder {
    path: PathBuf,
    /// Set by `ESCALATOR_EXPORT_DIR`: save there without asking.
    fixed: bool,
}

impl ExportFolder {
    pub fn resolve<R: Runtime>(app: &tauri::AppHandle<R>, data_dir: &Path) -> Self {
        match std::env::var_os("ESCALATOR_EXPORT_DIR") {
            Some(dir) if !dir.is_empty() => Self::at(PathBuf::from(dir)),
            _ => Self {
                path: app
                    .path()
                    .download_dir()
                    .unwrap_or_else(|_| data_dir.join("exports")),
                fixed: false,
            },
        }
    }

    /// A fixed folder, for tests of the commands: exports go there without a dialog.
    pub fn at(folder: PathBuf) -> Self {
        Self {
            path: folder,
            fixed: true,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether exports go into [`Self::path`] without asking where.
    pub fn is_fixed(&self) -> bool {
        self.fixed
    }
}

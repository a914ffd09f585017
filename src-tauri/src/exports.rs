//! Where files the user exports land: the OS downloads folder, or the data folder's
//! `exports` when the system has none. `ESCALATOR_EXPORT_DIR` overrides both, like
//! `ESCALATOR_DATA_DIR` does for the data, so tests and portable setups can point it
//! elsewhere.

use std::path::{Path, PathBuf};

use tauri::{Manager, Runtime};

#[derive(Debug, Clone)]
pub struct ExportFolder(PathBuf);

impl ExportFolder {
    pub fn resolve<R: Runtime>(app: &tauri::AppHandle<R>, data_dir: &Path) -> Self {
        let folder = match std::env::var_os("ESCALATOR_EXPORT_DIR") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => app
                .path()
                .download_dir()
                .unwrap_or_else(|_| data_dir.join("exports")),
        };
        Self(folder)
    }

    /// A fixed folder, for tests of the commands.
    pub fn at(folder: PathBuf) -> Self {
        Self(folder)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

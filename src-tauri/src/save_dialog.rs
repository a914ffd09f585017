//! Asking the user where an export goes: the native save dialog (or folder picker, for a
//! folder of CSV files) opened from Rust, so the window is granted none of the dialog
//! plugin's commands and never sees a path it did not get back from us.
//!
//! With `ESCALATOR_EXPORT_DIR` set there is no dialog: exports go straight into that folder
//! under their default names, numbered rather than replacing an earlier file. End-to-end tests
//! and unattended setups use this; the native dialog itself lies outside what WebDriver drives.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::exports::ExportFolder;

/// What the user is saving.
#[derive(Debug, Clone, Copy)]
pub enum Saving<'a> {
    /// One file; `filter` names the kind of file for the dialog ("PDF document").
    File {
        name: &'a str,
        filter: &'a str,
        extension: &'a str,
    },
    /// A folder to put several files into, named `name` inside the folder chosen.
    Folder { name: &'a str },
    /// A file to read.
    Open { filter: &'a str, extension: &'a str },
}

type Pick = dyn Fn(&ExportFolder, Saving<'_>) -> Option<PathBuf> + Send + Sync;

/// The native dialogs of the runtime the app was started with. Held as app state so the
/// commands do not depend on the runtime type.
pub struct SaveDialog(Box<Pick>);

impl std::fmt::Debug for SaveDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SaveDialog")
    }
}

impl SaveDialog {
    pub fn new<R: Runtime>(handle: AppHandle<R>) -> Self {
        Self(Box::new(move |folder, saving| ask(&handle, folder, saving)))
    }

    /// Where to save (or what to open), or `None` when the user cancelled. Blocks until the
    /// dialog closes: call it from an async command (a worker thread), never the main thread.
    pub fn choose(&self, folder: &ExportFolder, saving: Saving<'_>) -> Option<PathBuf> {
        if folder.is_fixed() {
            // Like the downloads folder, the fixed one may not exist yet; a failure here shows
            // up as the save's own error, which names the folder.
            let _ = std::fs::create_dir_all(folder.path());
            return match saving {
                Saving::File { name, .. } | Saving::Folder { name } => {
                    Some(unused_name(folder.path().join(name)))
                }
                // Unattended: nothing to pick from.
                Saving::Open { .. } => None,
            };
        }
        (self.0)(folder, saving)
    }
}

fn ask<R: Runtime>(
    app: &AppHandle<R>,
    folder: &ExportFolder,
    saving: Saving<'_>,
) -> Option<PathBuf> {
    let dialog = app.dialog().file().set_directory(folder.path());
    match saving {
        Saving::File {
            name,
            filter,
            extension,
        } => dialog
            .set_file_name(name)
            .add_filter(filter, &[extension])
            .blocking_save_file()
            .and_then(|path| path.into_path().ok()),
        // The tables go into a new folder inside the one chosen, so they do not mix with
        // whatever is there.
        Saving::Folder { name } => dialog
            .blocking_pick_folder()
            .and_then(|path| path.into_path().ok())
            .map(|parent| unused_name(parent.join(name))),
        Saving::Open { filter, extension } => dialog
            .add_filter(filter, &[extension])
            .blocking_pick_file()
            .and_then(|path| path.into_path().ok()),
    }
}

/// `path`, or `stem (2).ext` and so on when it exists.
fn unused_name(path: PathBuf) -> PathBuf {
    if !path.exists() {
        return path;
    }
    let parent = path.parent().map(PathBuf::from).unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..1000)
        .map(|n| parent.join(format!("{stem} ({n}){extension}")))
        .find(|candidate| !candidate.exists())
        .unwrap_or(path)
}

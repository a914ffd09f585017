//! The system clipboard, written from Rust on the user's request. The page cannot read it:
//! no clipboard command is granted to the window, and this module only writes.

use escalator_app::{ApiError, ErrorCode};
use tauri::{AppHandle, Runtime};
use tauri_plugin_clipboard_manager::ClipboardExt;

/// Far above a script; refuses to put a pasted file on the clipboard by accident.
const MAX_COPY_BYTES: usize = 100_000;

type Write = dyn Fn(&str) -> Result<(), String> + Send + Sync;

/// Writes text to the clipboard of the runtime the app was started with. Held as app state
/// so the command itself does not depend on the runtime type.
pub struct SystemClipboard(Box<Write>);

impl std::fmt::Debug for SystemClipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SystemClipboard")
    }
}

impl SystemClipboard {
    pub fn new<R: Runtime>(handle: AppHandle<R>) -> Self {
        Self(Box::new(move |text| {
            handle
                .clipboard()
                .write_text(text)
                .map_err(|err| err.to_string())
        }))
    }

    pub fn copy(&self, text: &str) -> Result<(), ApiError> {
        if text.len() > MAX_COPY_BYTES {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "The text is too long to copy.",
            ));
        }
        (self.0)(text).map_err(|detail| {
            tracing::warn!(%detail, "clipboard write failed");
            ApiError::new(
                ErrorCode::Internal,
                "The clipboard could not be written; select the text and copy it by hand.",
            )
        })
    }
}

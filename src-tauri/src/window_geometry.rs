//! Keeps the main window's size and position on disk while the app runs.
//!
//! The window-state plugin restores the geometry at start but saves it only on a clean exit;
//! after a crash, a forced kill or a logout that ends the process, the user's layout would be
//! lost. So every move or resize is saved too, once the window has been still for a moment,
//! which keeps a drag from writing the file dozens of times a second.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime, WebviewWindow, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// How long the window must be still before its geometry is written.
const SETTLE: Duration = Duration::from_millis(400);

pub fn save_when_moved<R: Runtime>(window: &WebviewWindow<R>) {
    let (changed, changes) = mpsc::channel::<()>();
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            // The receiver only goes away with the app; nothing to do then.
            let _ = changed.send(());
        }
    });
    let app = window.app_handle().clone();
    std::thread::Builder::new()
        .name("window-geometry".into())
        .spawn(move || save_after_settling(&app, &changes))
        .map(drop)
        .unwrap_or_else(
            |err| tracing::warn!(error = %err, "window geometry will only be saved at exit"),
        );
}

fn save_after_settling<R: Runtime>(app: &AppHandle<R>, changes: &mpsc::Receiver<()>) {
    // Wait for a change, then for quiet; a closed channel means the window is gone.
    while changes.recv().is_ok() {
        loop {
            match changes.recv_timeout(SETTLE) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if let Err(err) = app.save_window_state(StateFlags::all()) {
            tracing::warn!(error = %err, "cannot save the window geometry");
        }
    }
}

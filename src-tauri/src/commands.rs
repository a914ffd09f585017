//! The commands the window may call. Each is one call into `escalator-app`; anything more
//! belongs there, where it is testable without a window.

use escalator_app::{ApiError, App, AppStatus, NewSupportRequest, SupportRequest, Vendor};
use tauri::State;

use crate::ready::ReadySignal;

#[tauri::command]
#[specta::specta]
pub fn app_status(app: State<'_, App>) -> AppStatus {
    app.status()
}

#[tauri::command]
#[specta::specta]
pub fn list_vendors(app: State<'_, App>) -> Vec<Vendor> {
    app.list_vendors()
}

// Commands that touch the database are async so they run off the main thread and never
// stall the window.
#[tauri::command]
#[specta::specta]
pub async fn create_support_request(
    app: State<'_, App>,
    input: NewSupportRequest,
) -> Result<SupportRequest, ApiError> {
    app.create_support_request(input)
}

#[tauri::command]
#[specta::specta]
pub async fn list_support_requests(app: State<'_, App>) -> Result<Vec<SupportRequest>, ApiError> {
    app.list_support_requests()
}

#[tauri::command]
#[specta::specta]
pub async fn get_support_request(
    app: State<'_, App>,
    id: String,
) -> Result<SupportRequest, ApiError> {
    app.get_support_request(&id)
}

/// The UI calls this once its first view has data on screen; start-up benchmarks wait for it.
#[tauri::command]
#[specta::specta]
pub fn mark_interactive(ready: State<'_, ReadySignal>) {
    ready.mark();
}

//! Vendor accounts synced on their own: a background task wakes every minute and syncs each
//! account whose next sync is due (every 15 minutes, 5 after a failure; the app keeps the
//! schedule). Settings shows each account's last and next sync and its last error.
//!
//! It decides nothing about what or how to sync (escalator-app does) and shows nothing
//! itself: a failure is recorded on the account and logged, never a dialog.

use std::time::Duration;

use escalator_app::App;
use tauri::{Manager, Runtime};

/// How often the schedule is looked at.
const CHECK_EVERY: Duration = Duration::from_secs(60);
/// Start-up first: the window's first screen should not share the CPU with a sync.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(10);

pub fn start<R: Runtime>(handle: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_CHECK_AFTER).await;
        loop {
            if let Some(app) = handle.try_state::<App>() {
                sync_due(&app).await;
            }
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}

async fn sync_due(app: &App) {
    let due = match app.accounts_due() {
        Ok(due) => due,
        Err(err) => {
            tracing::warn!(code = ?err.code, "vendor sync schedule not read: {}", err.message);
            return;
        }
    };
    for id in due {
        // The outcome is on the account for Settings to show; nothing to do with it here.
        if let Err(err) = app.sync_account(&id, &mut |_| {}).await {
            tracing::info!(code = ?err.code, "scheduled vendor sync failed");
        }
    }
}

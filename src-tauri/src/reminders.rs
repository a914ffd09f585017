//! Desktop notifications for what is coming due: a background thread asks the app for the
//! reminders whose moment passed and shows each one. The first round after start reports
//! what passed while Escalator was closed in one notification instead of a burst.
//!
//! What is due, quiet hours and the "shown once" bookkeeping are the app's; this module only
//! wakes up and talks to the notification service. A system without one (no notification
//! daemon, as on a CI machine) costs a log line, nothing more.

use std::time::Duration;

use escalator_app::{App, Reminder};
use tauri::{Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

/// How often reminders are checked; a call reminder is at most this late.
const CHECK_EVERY: Duration = Duration::from_secs(20);
/// The first round waits until the window has drawn its first screen: on a large database
/// it reads every plan and due item, and start-up should not share the CPU with it.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(3);

pub fn start<R: Runtime>(app: tauri::AppHandle<R>) {
    let spawned = std::thread::Builder::new()
        .name("reminders".to_owned())
        .spawn(move || {
            let mut first = true;
            std::thread::sleep(FIRST_CHECK_AFTER);
            loop {
                // A panic in one round (a bug, or data edited by hand) must not end the
                // reminders for the rest of the session.
                let checked =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&app, first)));
                match checked {
                    // The first successful round is the one that reports the absence.
                    Ok(true) => first = false,
                    Ok(false) => {}
                    Err(_) => tracing::error!("a reminder check panicked; trying again later"),
                }
                std::thread::sleep(CHECK_EVERY);
            }
        });
    if let Err(err) = spawned {
        tracing::error!(error = %err, "reminders could not start");
    }
}

/// One round; false when the reminders could not be read.
fn check<R: Runtime>(app: &tauri::AppHandle<R>, first: bool) -> bool {
    let Some(escalator) = app.try_state::<App>() else {
        return false;
    };
    let batch = match escalator.take_reminders() {
        Ok(batch) => batch,
        Err(err) => {
            tracing::warn!(code = ?err.code, "reminders not checked: {}", err.message);
            return false;
        }
    };
    if batch.silenced > 0 {
        return true;
    }
    if first && batch.while_closed.len() > 1 {
        let count = batch.while_closed.len();
        show(
            app,
            "While Escalator was closed",
            &format!("{count} reminders came due. Today lists them."),
        );
        for reminder in batch
            .notify
            .iter()
            .filter(|r| !batch.while_closed.contains(r))
        {
            show_reminder(app, reminder);
        }
        return true;
    }
    for reminder in &batch.notify {
        show_reminder(app, reminder);
    }
    true
}

fn show_reminder<R: Runtime>(app: &tauri::AppHandle<R>, reminder: &Reminder) {
    show(app, &reminder.title, &reminder.body);
}

fn show<R: Runtime>(app: &tauri::AppHandle<R>, title: &str, body: &str) {
    if let Err(err) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!(error = %err, "notification not shown");
    }
}

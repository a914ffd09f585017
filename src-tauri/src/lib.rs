//! Escalator's desktop shell: builds the Tauri app, resolves the data folder, opens the one
//! main window and routes its commands into `escalator-app`.
//!
//! It holds no rules and no SQL: every command is a one-line adapter (see [`commands`]). It
//! also defines the TypeScript bindings the UI imports, generated from the command
//! signatures by tauri-specta, so the UI and the shell cannot disagree about a type.

mod clipboard;
pub mod commands;
mod exports;
mod ready;
mod reminders;
mod save_dialog;
mod system_browser;
mod vendor_sync;
mod window_geometry;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use escalator_app::{App, SystemClock};
use tauri::{Manager, Runtime};
use tauri_specta::collect_commands;

pub use exports::ExportFolder;
pub use ready::ReadySignal;
pub use save_dialog::SaveDialog;
pub use system_browser::SystemBrowser;

/// The label of the only window.
pub const MAIN_WINDOW: &str = "main";

/// Where the committed bindings live, relative to this crate.
pub const BINDINGS_PATH: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/ipc/bindings.ts");

/// The command set and the TypeScript bindings generated from it.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new().commands(collect_commands![
        commands::app_status,
        commands::list_vendors,
        commands::create_support_request,
        commands::list_support_requests,
        commands::get_support_request,
        commands::mark_interactive,
        commands::update_support_request_details,
        commands::change_severity,
        commands::support_request_history,
        commands::get_profile,
        commands::save_profile,
        commands::list_playbooks,
        commands::get_playbook,
        commands::save_playbook,
        commands::reset_playbook,
        commands::save_wizard_draft,
        commands::list_wizard_drafts,
        commands::discard_wizard_draft,
        commands::review_readiness,
        commands::recommend,
        commands::plan_route,
        commands::request_escalation,
        commands::list_escalations,
        commands::get_escalation,
        commands::escalation_timeline,
        commands::apply_escalation_action,
        commands::set_escalation_contacts,
        commands::link_support_request,
        commands::add_escalation_note,
        commands::search,
        commands::copy_text,
        commands::escalation_running,
        commands::set_communication_plan,
        commands::log_vendor_update,
        commands::preview_call,
        commands::schedule_call,
        commands::reschedule_call,
        commands::cancel_call,
        commands::record_minutes,
        commands::save_call_calendar,
        commands::report_preview,
        commands::export_report,
        commands::recent_exports,
        commands::dashboard,
        commands::backup_data,
        commands::import_data,
        commands::add_action_item,
        commands::update_action_item,
        commands::engage_third_party,
        commands::update_third_party,
        commands::today,
        commands::action_items,
        commands::reminder_settings,
        commands::save_reminder_settings,
        commands::vendor_accounts,
        commands::add_vendor_account,
        commands::test_vendor_account,
        commands::remove_vendor_account,
        commands::sync_vendor_account,
        commands::case_link,
        commands::link_vendor_case,
        commands::queue_vendor_action,
        commands::open_vendor_case,
    ])
}

/// Renders the bindings the UI imports.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default().header(
                "// Generated from the Rust commands by `cargo xtask bindings`. Do not edit.\n",
            ),
            path,
        )
        .map_err(|err| err.to_string())
}

/// The data folder: `ESCALATOR_DATA_DIR` when set, else the OS app-data folder; the command
/// line's rule, from the same function, so the two always open the same database.
fn data_dir() -> Result<PathBuf, tauri::Error> {
    escalator_cli::default_data_dir().ok_or(tauri::Error::UnknownPath)
}

pub fn run() -> Result<(), tauri::Error> {
    let started = Instant::now();
    init_logging();
    let specta = specta_builder::<tauri::Wry>();

    tauri::Builder::default()
        // First, so a second launch hands over to the running window before anything else
        // starts (and before it could open the database a second time).
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_notification::init())
        // Save and open dialogs are opened from Rust (save_dialog); none of its commands is
        // granted to the window.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(specta.invoke_handler())
        .manage(ReadySignal::from_env(started))
        .setup(move |app| {
            let dir = data_dir()?;
            tracing::info!(data_dir = %dir.display(), "starting");
            // Opening never fails: a database that cannot be used becomes a status the
            // window shows, with the path, instead of a crash.
            app.manage(exports::ExportFolder::resolve(app.handle(), &dir));
            app.manage(App::open(&dir, Arc::new(SystemClock)));
            reminders::start(app.handle().clone());
            vendor_sync::start(app.handle().clone());
            app.manage(clipboard::SystemClipboard::new(app.handle().clone()));
            app.manage(save_dialog::SaveDialog::new(app.handle().clone()));
            app.manage(system_browser::SystemBrowser);
            open_main_window(app.handle())?;
            Ok(())
        })
        .run(tauri::generate_context!())
}

/// The window is created here rather than from the config so that the app state exists
/// before the page can call a command.
fn open_main_window<R: Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<()> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN_WINDOW)
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    let window = tauri::WebviewWindowBuilder::from_config(app, &config)?
        .on_navigation(|url| {
            let allowed = is_app_page(url);
            if !allowed {
                tracing::warn!(%url, "refused to navigate the window away from Escalator");
            }
            allowed
        })
        .build()?;
    window_geometry::save_when_moved(&window);
    Ok(())
}

/// Only Escalator's own pages may load in its window: a link or a script that points the
/// window elsewhere would show a foreign page in the app's frame. (It would get no IPC, the
/// ACL sees to that, but it could still pass for Escalator.) Links to the outside world open
/// in the system browser instead, through Rust.
fn is_app_page(url: &tauri::Url) -> bool {
    match url.scheme() {
        // Linux and macOS serve the app from tauri://localhost.
        "tauri" => url.host_str() == Some("localhost"),
        // Windows and Android serve it from http(s)://tauri.localhost.
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        // The report preview: a sandboxed <iframe srcdoc> whose HTML comes from our own
        // command; its navigation reaches this check too.
        "about" => url.path() == "srcdoc",
        _ => false,
    }
}

fn init_logging() {
    // ESCALATOR_LOG takes tracing's filter syntax, e.g. "escalator_app=debug".
    let filter = tracing_subscriber::EnvFilter::try_from_env("ESCALATOR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::is_app_page;

    #[test]
    fn only_the_apps_own_pages_may_load_in_the_window() {
        for allowed in [
            "tauri://localhost/",
            "tauri://localhost/support-requests?id=1",
            "http://tauri.localhost/settings",
            "about:srcdoc",
        ] {
            assert!(is_app_page(&allowed.parse().unwrap()), "{allowed}");
        }
        for refused in [
            "https://example.com/",
            "https://tauri.localhost.example.com/",
            "tauri://evil/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "about:blank",
        ] {
            assert!(!is_app_page(&refused.parse().unwrap()), "{refused}");
        }
    }
}

//! How the web view draws on Linux.
//!
//! WebKitGTK composites with OpenGL by default. Where there is no GPU (virtual desktops,
//! thin clients, CI) that GL is Mesa's software renderer, which keeps large layer buffers:
//! measured here, about 85 MB of the web process's memory at idle. Escalator draws forms,
//! tables and text, which WebKit renders just as well without compositing, so it asks for
//! none. `ESCALATOR_HARDWARE_ACCELERATION=1` keeps WebKit's default, for anyone who wants
//! to compare.
//!
//! Other platforms' web views manage this themselves; this module does nothing there.

use tauri::{Runtime, WebviewWindow};

#[cfg(target_os = "linux")]
pub fn prefer_software_rendering<R: Runtime>(window: &WebviewWindow<R>) {
    if std::env::var_os("ESCALATOR_HARDWARE_ACCELERATION").is_some_and(|v| v == "1") {
        return;
    }
    let applied = window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    if let Err(err) = applied {
        tracing::warn!(error = %err, "cannot change the web view's rendering settings");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn prefer_software_rendering<R: Runtime>(_window: &WebviewWindow<R>) {}

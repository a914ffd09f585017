use std::path::Path;
use std::sync::Arc;

use escalator_app::{App, SystemClock};
use escalator_shell::{
    ExportFolder, MAIN_WINDOW, ReadySignal, SaveDialog, SystemBrowser, specta_builder,
};
use serde_json::Value;
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

/// A running app on the mock runtime with the real command set, capabilities and CSP.
pub struct Shell {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl Shell {
    pub fn open(data_dir: &Path) -> Self {
        let app = mock_builder()
            .invoke_handler(specta_builder::<MockRuntime>().invoke_handler())
            .manage(App::open(data_dir, Arc::new(SystemClock)))
            .manage(ReadySignal::from_env(std::time::Instant::now()))
            .manage(ExportFolder::at(data_dir.join("exports")))
            .build(tauri::generate_context!(test = true))
            .unwrap();
        // With a fixed export folder no dialog opens; the mock runtime has none.
        tauri::Manager::manage(&app, SaveDialog::new(app.handle().clone()));
        tauri::Manager::manage(&app, SystemBrowser);
        let window = WebviewWindowBuilder::new(&app, MAIN_WINDOW, Default::default())
            .build()
            .unwrap();
        Self { _app: app, window }
    }

    /// Invokes `cmd` as the page would; `Err` carries the rejected value.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            // Linux serves the app from tauri://localhost; any other origin counts as remote.
            url: "tauri://localhost".parse().unwrap(),
            body: args.into(),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }
}

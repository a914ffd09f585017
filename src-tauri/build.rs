// Declaring the app's commands makes Tauri's ACL govern them: a window may call only the
// commands its capability file lists.
const COMMANDS: &[&str] = &[
    "app_status",
    "list_vendors",
    "create_support_request",
    "list_support_requests",
    "get_support_request",
    "mark_interactive",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        println!("cargo::error={err:#}");
    }
}

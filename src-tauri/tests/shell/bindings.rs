use escalator_shell::{BINDINGS_PATH, export_bindings};

/// The UI is compiled against the committed bindings; they must match the commands. Run
/// `cargo xtask bindings` after changing a command or a type that crosses IPC.
#[test]
fn committed_bindings_match_the_commands() {
    let scratch = tempfile::tempdir().unwrap();
    let fresh = scratch.path().join("bindings.ts");
    export_bindings(&fresh).unwrap();
    let generated = std::fs::read_to_string(&fresh).unwrap();

    if std::env::var_os("ESCALATOR_WRITE_BINDINGS").is_some() {
        std::fs::write(BINDINGS_PATH, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(BINDINGS_PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/lib/ipc/bindings.ts is out of date: run `cargo xtask bindings` and commit it"
    );
}

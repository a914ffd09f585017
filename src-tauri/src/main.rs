// No console window behind the app on Windows release builds. (So the command line prints
// nothing in a Windows console there: that would need `AttachConsole(ATTACH_PARENT_PROCESS)`.)
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    // `escalator list`, `export`, ... run the command line and exit before any window code
    // starts: no display needed, and the single-instance plugin never sees them.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if escalator_cli::is_command(&args) {
        let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
        return escalator_cli::run(args, &mut out, &mut err).into();
    }
    match escalator_shell::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Escalator could not start: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

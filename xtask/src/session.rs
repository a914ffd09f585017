//! The environment `cargo xtask test` needs on a machine without a desktop: a private D-Bus
//! session with an unlocked gnome-keyring (so the keychain tests reach a real Secret Service)
//! and an Xvfb display (so WebKit windows can open). Both live only as long as the run.

use crate::Workspace;
use crate::steps::{ExitWith, describe, env_is_set, find_on_path};
use anyhow::{Context, Result, bail};
use std::env;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Set to `1` inside the session, so xtask runs the steps instead of starting another session.
pub const SESSION_ENV: &str = "ESCALATOR_XTASK_SESSION";

pub fn is_inside() -> bool {
    env::var_os(SESSION_ENV).is_some_and(|value| value == "1")
}

/// The recipe from `shared/notes/tauri-on-debian.md`: keyring files in a fresh folder, the
/// daemon unlocked with a throwaway password, then the real command. Paths come in through the
/// environment so no quoting of them is needed.
///
/// gnome-keyring 42 prints nothing when its control socket is in the default place, so an empty
/// GNOME_KEYRING_CONTROL proves nothing; readiness is the Secret Service name on the bus. Waiting
/// for it also means the daemon is on the bus, and so exits with it, before a short run ends.
const KEYRING_SCRIPT: &str = r#"set -eu
export XDG_DATA_HOME="$ESCALATOR_XTASK_KEYRING/data" XDG_RUNTIME_DIR="$ESCALATOR_XTASK_KEYRING/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# The keychain tests lock the keyring and unlock it again with this password.
export ESCALATOR_KEYRING_PASSWORD=test-password
eval "$(printf %s "$ESCALATOR_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
  tries=$((tries + 1))
  if [ "$tries" -ge 200 ]; then
    echo "xtask: no Secret Service on the session bus 10 s after starting gnome-keyring-daemon" >&2
    exit 1
  fi
  sleep 0.05
done
exec "$@""#;

/// Runs this xtask again as `xtask <args>` inside `dbus-run-session` with an unlocked keyring.
/// Returns when the session ends; a failure inside has already been reported there.
pub fn rerun_in_keyring_session(
    workspace: &Workspace,
    args: &[String],
    extra_env: &[(&str, String)],
) -> Result<()> {
    for tool in ["dbus-run-session", "dbus-send"] {
        if find_on_path(tool).is_none() {
            bail!("{tool} not found (Debian package `dbus`)");
        }
    }
    if find_on_path("gnome-keyring-daemon").is_none() {
        bail!("gnome-keyring-daemon not found (Debian package `gnome-keyring`)");
    }
    let keyring = workspace.target.join("xtask").join("keyring");
    // Fresh each run: a keyring left by an earlier run could hide a test's missing clean-up.
    if keyring.exists() {
        fs::remove_dir_all(&keyring).with_context(|| format!("removing {}", keyring.display()))?;
    }
    let exe = env::current_exe().context("locating the xtask executable")?;
    let mut command = Command::new("dbus-run-session");
    command
        .args(["--", "sh", "-c", KEYRING_SCRIPT, "sh"])
        .arg(exe)
        .args(args)
        .env(SESSION_ENV, "1")
        .env("ESCALATOR_XTASK_KEYRING", &keyring)
        .stdin(Stdio::null());
    for (key, value) in extra_env {
        command.env(key, value);
    }
    println!(
        "keyring files in {}; running `xtask {}` in the session",
        workspace.relative(&keyring).display(),
        args.join(" ")
    );
    let status = command
        .status()
        .with_context(|| format!("could not start `{}`", describe(&command, &workspace.root)))?;
    if status.success() {
        Ok(())
    } else {
        Err(ExitWith(status.code().unwrap_or(1)).into())
    }
}

/// Whether windows have somewhere to go already.
pub fn has_x_display() -> bool {
    env_is_set("DISPLAY")
}

/// A private Xvfb server, stopped when dropped (also when a step fails and `?` unwinds).
#[derive(Debug)]
pub struct Xvfb {
    child: Child,
    display: String,
    /// Kept open: Xvfb reported its display number on it and must not hit a closed pipe.
    _display_fd: BufReader<ChildStdout>,
}

impl Xvfb {
    /// Starts Xvfb on the first free display; it writes the number to stdout once it accepts
    /// connections, so there is no polling and no race with another server.
    pub fn start(workspace: &Workspace) -> Result<Self> {
        if find_on_path("Xvfb").is_none() {
            bail!("Xvfb not found (Debian package `xvfb`)");
        }
        let log_path = workspace.target.join("xtask").join("xvfb.log");
        if let Some(dir) = log_path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let log =
            File::create(&log_path).with_context(|| format!("creating {}", log_path.display()))?;
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1600x1000x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .context("starting Xvfb")?;
        let stdout = child
            .stdout
            .take()
            .context("Xvfb's stdout was not captured")?;
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let read = reader.read_line(&mut line);
            // The receiver may have given up already; nothing to do then.
            let _ = sender.send(read.map(|_| (line, reader)));
        });
        let started = match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok(Ok((line, reader))) => match line.trim().parse::<u32>() {
                Ok(number) => Ok((format!(":{number}"), reader)),
                Err(_) => Err(format!(
                    "Xvfb did not report a display (said {:?})",
                    line.trim()
                )),
            },
            Ok(Err(err)) => Err(format!("reading Xvfb's display number: {err}")),
            Err(_) => Err("Xvfb did not report a display within 15 s".to_owned()),
        };
        match started {
            Ok((display, reader)) => {
                println!("Xvfb (pid {}) on DISPLAY={display}", child.id());
                Ok(Self {
                    child,
                    display,
                    _display_fd: reader,
                })
            }
            Err(message) => {
                let _ = child.kill();
                let _ = child.wait();
                bail!("{message}; its log: {}", log_path.display())
            }
        }
    }

    pub fn display(&self) -> &str {
        &self.display
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // SIGTERM lets Xvfb remove its socket and lock file; SIGKILL only if it hangs.
        if let Err(err) = crate::procs::stop_tree(&mut self.child, Duration::from_secs(2)) {
            eprintln!("warning: stopping Xvfb (pid {}): {err:#}", self.child.id());
        } else {
            println!("stopped Xvfb on {}", self.display);
        }
    }
}

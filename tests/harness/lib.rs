//! The end-to-end harness: starts `tauri-driver` (which starts Debian's `WebKitWebDriver`,
//! which starts the real Escalator binary in a real WebKit window) and hands a journey a
//! WebDriver session on it, with its own data folder.
//!
//! It needs a display (CI runs it under Xvfb through `cargo xtask test`), the built binary in
//! `ESCALATOR_E2E_BINARY` and `tauri-driver` in `TAURI_DRIVER` or on the PATH. It does not
//! build anything, and it never waits without a bound: every wait gives up with a message.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use thirtyfour::extensions::query::ElementPollerWithTimeout;
use thirtyfour::prelude::*;

/// Everything a journey can fail with, as text for the test report.
pub type Outcome<T = ()> = Result<T, String>;

/// How long an element may take to appear. Generous, because a cold WebKit start on a
/// loaded 2-core CI machine is slow; a failing run still ends in seconds, not minutes.
const FIND_TIMEOUT: Duration = Duration::from_secs(15);
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);
/// One WebDriver request, the app's start included; a hung request fails in half a minute
/// instead of the client's default two.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(45);

/// Escalator's single-instance name on the session bus (the app identifier + suffix).
const SINGLE_INSTANCE_NAME: &str = "dev.escalator.desktop.SingleInstance";

/// A data folder that outlives the app sessions opened on it, so a journey can quit and
/// relaunch on the same data.
#[derive(Debug)]
pub struct DataFolder {
    dir: tempfile::TempDir,
}

impl DataFolder {
    pub fn new() -> Outcome<Self> {
        let dir = tempfile::Builder::new()
            .prefix("escalator-e2e-")
            .tempdir()
            .map_err(|e| format!("cannot create a data folder: {e}"))?;
        Ok(Self { dir })
    }

    /// Where Escalator keeps its database (`ESCALATOR_DATA_DIR`).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir().join("escalator.sqlite3")
    }

    /// Where exported files land (`ESCALATOR_EXPORT_DIR`), instead of the tester's Downloads.
    pub fn export_dir(&self) -> PathBuf {
        self.dir.path().join("exports")
    }

    /// Per-app config (window state) kept beside the data, never in the tester's home.
    fn config_home(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// Where the window-state plugin keeps the window's geometry.
    pub fn window_state_file(&self) -> PathBuf {
        self.config_home()
            .join("dev.escalator.desktop")
            .join(".window-state.json")
    }

    /// Waits until `file` exists and its text satisfies `ready`, giving up with a message.
    pub async fn wait_for_file(&self, file: &Path, ready: impl Fn(&str) -> bool) -> Outcome {
        let deadline = Instant::now() + FIND_TIMEOUT;
        loop {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            if ready(&text) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{} never reached the expected content: {text:?}",
                    file.display()
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The real app in a real window, driven through WebDriver.
#[derive(Debug)]
pub struct RunningApp {
    pub driver: WebDriver,
    tauri_driver: Child,
    binary: PathBuf,
}

impl RunningApp {
    pub async fn launch(data: &DataFolder) -> Outcome<Self> {
        Self::launch_on(data, &data.data_dir()).await
    }

    /// Like [`RunningApp::launch`], with the database in `data_dir` instead of the data
    /// folder's own (e.g. a folder that cannot be written).
    pub async fn launch_on(data: &DataFolder, data_dir: &Path) -> Outcome<Self> {
        let binary = std::env::var_os("ESCALATOR_E2E_BINARY")
            .map(PathBuf::from)
            .ok_or("ESCALATOR_E2E_BINARY is not set: run the suite through `cargo xtask test`")?;
        if !binary.is_file() {
            return Err(format!("no app binary at {}", binary.display()));
        }
        let tauri_driver = std::env::var_os("TAURI_DRIVER")
            .map_or_else(|| PathBuf::from("tauri-driver"), PathBuf::from);

        // An instance left over from an earlier journey would own the single-instance name:
        // the new app would hand over to it and exit, and every later session would fail.
        end_leftover_instances(&binary, "before launch");

        // Mesa and WebKit write caches here and complain when the folder is missing.
        let _ = std::fs::create_dir_all(data.dir.path().join("cache").join("mesa_shader_cache"));

        // Up to three attempts, each with a fresh tauri-driver: a WebKitWebDriver that failed
        // one session start (seen on cold CI machines) is not trusted with the next.
        let mut failures = Vec::new();
        let mut started = None;
        for attempt in 1..=3 {
            match start_session(data, data_dir, &binary, &tauri_driver).await {
                Ok(session) => {
                    started = Some(session);
                    break;
                }
                Err(err) => {
                    eprintln!("escalator-e2e: session attempt {attempt} failed: {err}");
                    failures.push(err);
                    end_leftover_instances(&binary, "after a failed session start");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
        }
        let (driver, child) =
            started.ok_or_else(|| format!("no WebDriver session: {}", failures.join("; ")))?;
        driver.set_poller(Arc::new(ElementPollerWithTimeout::new(
            FIND_TIMEOUT,
            Duration::from_millis(50),
        )));
        Ok(Self {
            driver,
            tauri_driver: child,
            binary,
        })
    }

    /// Closes the window and the driver. Call it on every path, also after a failure, or
    /// the window outlives the test.
    pub async fn quit(mut self) {
        let session = self.driver.clone();
        let _ = session.quit().await;
        stop(&mut self.tauri_driver);
        // Escalator is single-instance: a relaunch while the old process is still exiting
        // would hand over to it and quit, so make sure it is really gone.
        end_leftover_instances(&self.binary, "after quit");
    }

    pub async fn find(&self, css: &str) -> Outcome<WebElement> {
        self.driver
            .query(By::Css(css))
            .first()
            .await
            .map_err(|e| format!("`{css}` did not appear: {e}"))
    }

    /// The first element matching `css` once it is shown and enabled: a control added to a
    /// dialog a moment ago may exist before it can take a click or keys.
    async fn find_usable(&self, css: &str) -> Outcome<WebElement> {
        self.driver
            .query(By::Css(css))
            .and_clickable()
            .first()
            .await
            .map_err(|e| format!("`{css}` did not become usable: {e}"))
    }

    pub async fn click(&self, css: &str) -> Outcome {
        self.retry_while_moving(css, "clicking", || async {
            self.find_usable(css).await?.click().await.map_err(text)
        })
        .await
    }

    pub async fn type_into(&self, css: &str, value: &str) -> Outcome {
        self.retry_while_moving(css, "typing into", || async {
            let field = self.find_usable(css).await?;
            field.clear().await.map_err(text)?;
            field.send_keys(value).await.map_err(text)
        })
        .await
    }

    /// Runs `act` until it succeeds, retrying while WebKit calls the element "not
    /// interactable": a control just added to a dialog is focused and scrolled into view,
    /// and while the dialog scrolls WebKitWebDriver refuses to touch it.
    async fn retry_while_moving<F, Fut>(&self, css: &str, doing: &str, act: F) -> Outcome
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Outcome>,
    {
        let deadline = Instant::now() + FIND_TIMEOUT;
        loop {
            match act().await {
                Ok(()) => return Ok(()),
                Err(err) if err.contains("not interactable") && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(err) => return Err(format!("{doing} `{css}`: {err}")),
            }
        }
    }

    /// Chooses the `<option>` whose value is `value` in the `<select>` at `css`.
    pub async fn choose(&self, css: &str, value: &str) -> Outcome {
        self.click(&format!("{css} option[value=\"{value}\"]"))
            .await
    }

    /// Ticks the checkbox at `css` and waits until it reads as ticked.
    ///
    /// WebKitWebDriver drops a click that follows another one within a few hundred
    /// milliseconds now and then (measured: two checkboxes clicked back to back in a dialog,
    /// the second stayed unticked; with 300 ms between them it always ticked), so an
    /// unticked box is clicked again, at most three times in all.
    pub async fn check(&self, css: &str) -> Outcome {
        let field = self.find(css).await?;
        for _ in 0..3 {
            field.click().await.map_err(text)?;
            let deadline = Instant::now() + Duration::from_millis(500);
            while Instant::now() < deadline {
                if field.is_selected().await.map_err(text)? {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        Err(format!("`{css}` is not ticked after three clicks"))
    }

    /// Sets a control's value the way the browser does after a user picks it (date inputs,
    /// which WebKit's driver cannot type into reliably), firing `input` and `change`.
    pub async fn set_value(&self, css: &str, value: &str) -> Outcome {
        let field = self.find(css).await?;
        let script = r#"
            const [field, value] = arguments;
            field.focus();
            field.value = value;
            field.dispatchEvent(new Event('input', { bubbles: true }));
            field.dispatchEvent(new Event('change', { bubbles: true }));
        "#;
        self.driver
            .execute(script, vec![field.to_json().map_err(text)?, json!(value)])
            .await
            .map_err(text)?;
        Ok(())
    }

    /// Waits until the first element matching `css` has `attribute` equal to `value`.
    pub async fn wait_for_attribute(&self, css: &str, attribute: &str, value: &str) -> Outcome {
        let deadline = Instant::now() + FIND_TIMEOUT;
        loop {
            let current = self.find(css).await?.attr(attribute).await.map_err(text)?;
            if current.as_deref() == Some(value) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "`{css}` kept {attribute}={current:?}, expected {value:?}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the text of `css` contains `expected`; returns the text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> Outcome<String> {
        let deadline = Instant::now() + FIND_TIMEOUT;
        loop {
            let current = self.text(css).await?;
            if current.contains(expected) {
                return Ok(current);
            }
            if Instant::now() > deadline {
                return Err(format!("`{css}` shows {current:?}, not {expected:?}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn text(&self, css: &str) -> Outcome<String> {
        self.find(css).await?.text().await.map_err(text)
    }

    /// Texts of every element matching `css`, once at least one exists.
    pub async fn texts(&self, css: &str) -> Outcome<Vec<String>> {
        self.find(css).await?;
        let mut texts = Vec::new();
        for element in self.driver.find_all(By::Css(css)).await.map_err(text)? {
            texts.push(element.text().await.map_err(text)?);
        }
        Ok(texts)
    }

    /// Waits until `css` matches nothing (e.g. a closed dialog).
    pub async fn gone(&self, css: &str) -> Outcome {
        let deadline = Instant::now() + FIND_TIMEOUT;
        loop {
            let found = self.driver.find_all(By::Css(css)).await.map_err(text)?;
            if found.is_empty() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("`{css}` is still there"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Calls a command the way the page does, bypassing the UI; returns what it resolved or
    /// rejected with.
    pub async fn invoke(
        &self,
        command: &str,
        args: serde_json::Value,
    ) -> Outcome<serde_json::Value> {
        let script = r#"
            const [command, args, done] = arguments;
            window.__TAURI_INTERNALS__.invoke(command, args).then(
                (value) => done({ ok: value ?? null }),
                (error) => done({ err: error }),
            );
        "#;
        let ret = self
            .driver
            .execute_async(script, vec![json!(command), args])
            .await
            .map_err(text)?;
        Ok(ret.json().clone())
    }

    pub async fn screenshot(&self, path: &Path) -> Outcome {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(text)?;
        }
        self.driver.screenshot(path).await.map_err(text)
    }
}

fn text(err: impl std::fmt::Display) -> String {
    err.to_string()
}

/// Two distinct free ports: both listeners stay open until both numbers are known.
fn free_ports() -> Outcome<[u16; 2]> {
    let first = TcpListener::bind("127.0.0.1:0").map_err(text)?;
    let second = TcpListener::bind("127.0.0.1:0").map_err(text)?;
    Ok([
        first.local_addr().map_err(text)?.port(),
        second.local_addr().map_err(text)?.port(),
    ])
}

fn wait_for_port(port: u16, timeout: Duration) -> Outcome {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!(
        "tauri-driver did not listen on port {port} within {timeout:?}"
    ))
}

/// Waits up to ten seconds for every process of `binary` to exit, then kills what is left
/// (saying so, since a window that does not close is worth knowing about) and waits for the
/// single-instance name to be released.
fn end_leftover_instances(binary: &Path, when: &str) {
    let binary = binary.canonicalize().unwrap_or_else(|_| binary.to_owned());
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline && !running_pids(&binary).is_empty() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let leftovers = running_pids(&binary);
    if !leftovers.is_empty() {
        eprintln!("escalator-e2e: Escalator still running {when} (pids {leftovers:?}); killing it");
        for pid in &leftovers {
            let _ = Command::new("sh")
                .args(["-c", "kill -KILL \"$1\"", "sh", &pid.to_string()])
                .status();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && !running_pids(&binary).is_empty() {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    // The bus releases the name a moment after the process is gone; a launch inside that
    // moment would try to hand over to the dead instance and fail.
    wait_until_name_released(SINGLE_INSTANCE_NAME, Duration::from_secs(10));
}

fn wait_until_name_released(name: &str, timeout: Duration) {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        return;
    }
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        let owned = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                &format!("string:{name}"),
            ])
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).contains("boolean true"));
        if !matches!(owned, Ok(true)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn running_pids(binary: &Path) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|entry| std::fs::read_link(entry.path().join("exe")).is_ok_and(|exe| exe == binary))
        .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
        .collect()
}

/// SIGTERM first: tauri-driver then stops WebKitWebDriver, which SIGKILL would orphan.
fn stop(child: &mut Child) {
    // The shell's own `kill`: minimal images may lack procps' /bin/kill.
    let _ = Command::new("sh")
        .args(["-c", "kill -TERM \"$1\"", "sh", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Starts tauri-driver on fresh ports and asks it for a session on the app.
async fn start_session(
    data: &DataFolder,
    data_dir: &Path,
    binary: &Path,
    tauri_driver: &Path,
) -> Outcome<(WebDriver, Child)> {
    let [port, native_port] = free_ports()?;
    let mut child = Command::new(tauri_driver)
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        // The app inherits these through WebKitWebDriver.
        .env("ESCALATOR_DATA_DIR", data_dir)
        .env("ESCALATOR_EXPORT_DIR", data.export_dir())
        .env("XDG_CONFIG_HOME", data.config_home())
        // WebKit's caches and local storage too, so journeys share nothing.
        .env("XDG_CACHE_HOME", data.dir.path().join("cache"))
        .env("XDG_DATA_HOME", data.dir.path().join("share"))
        .env("ESCALATOR_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", tauri_driver.display()))?;
    // tauri-driver listens at once but proxies to WebKitWebDriver, which on a cold machine
    // (first start after a build, libraries not yet in the page cache) takes a while to
    // listen on the native port; a session requested before that fails at once.
    let ready = wait_for_port(port, DRIVER_START_TIMEOUT)
        .and_then(|()| wait_for_port(native_port, DRIVER_START_TIMEOUT));
    if let Err(err) = ready {
        stop(&mut child);
        return Err(err);
    }
    let mut caps = Capabilities::new();
    let options = json!({ "application": binary.display().to_string() });
    caps.set("tauri:options", options).map_err(text)?;
    match WebDriver::builder(format!("http://127.0.0.1:{port}"), caps)
        .request_timeout(REQUEST_TIMEOUT)
        .await
    {
        Ok(driver) => Ok((driver, child)),
        Err(err) => {
            stop(&mut child);
            Err(err.to_string())
        }
    }
}

impl Drop for RunningApp {
    /// A journey that panicked never reached `quit`; at least stop the driver tree.
    fn drop(&mut self) {
        if let Ok(None) = self.tauri_driver.try_wait() {
            stop(&mut self.tauri_driver);
        }
    }
}

/// Fails the journey with a message unless `cond` holds. Journeys return errors instead of
/// panicking so that the window is always closed before the test fails.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err(format!($($message)+));
        }
    };
}

/// The repository root, for files the suite writes (screenshots).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

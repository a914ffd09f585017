//! `cargo xtask bench`, the escalations part: search, opening the escalation with 5,000
//! events and the memory of the escalations list, through IPC in the real release window, on
//! the data set "50k SRs / 5k escalations / 500k events".
//!
//! The data set: 50,000 SRs (each with its `sr_opened` event) and 5,000 requested escalations
//! on the first 5,000 SRs, 4,999 of them with 90 events and the first with 5,000: 504,910
//! timeline events. It is generated once into `target/bench-data/` and shared with the
//! Criterion benchmarks (`cargo bench -p escalator-app`), which measure the same actions
//! without IPC; both reuse it while its marker file matches.
//!
//! This half runs in the plain xtask: it hands over to `xtask bench-ipc`, built with the
//! `bench-ipc` feature (the app crate to seed, thirtyfour to drive the window), which does
//! the work. Everything is timed inside the page with `performance.now()`; WebDriver only
//! starts the scripts and collects the numbers, so its own latency is not in them.

use crate::Workspace;
use crate::steps::Runner;
use anyhow::Result;
use std::path::Path;

/// What `cargo xtask bench` passes on.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    /// Searches through IPC, cycling through the fixed query list.
    pub searches: usize,
    /// Openings of the long escalation, after one cold opening.
    pub opens: usize,
}

/// Runs `xtask bench-ipc` in release (seeding half a million events needs optimised code),
/// on `display` when given.
pub fn run(
    workspace: &Workspace,
    runner: &Runner,
    binary: &Path,
    tauri_driver: &Path,
    display: Option<&str>,
    counts: Counts,
) -> Result<()> {
    let mut command = workspace.cargo();
    command
        .args([
            "run",
            "--quiet",
            "--release",
            "--locked",
            "-p",
            "xtask",
            "--features",
            "bench-ipc",
            "--",
            "bench-ipc",
            "--binary",
        ])
        .arg(binary)
        .arg("--driver")
        .arg(tauri_driver)
        .args([
            "--searches",
            &counts.searches.to_string(),
            "--opens",
            &counts.opens.to_string(),
        ]);
    if let Some(display) = display {
        command
            .env("DISPLAY", display)
            .env_remove("WAYLAND_DISPLAY");
    }
    runner.run(&mut command)
}

/// `xtask bench-ipc`, internal to `bench`.
#[cfg(not(feature = "bench-ipc"))]
pub fn ipc_command(_workspace: &Workspace, _args: &[String]) -> Result<()> {
    anyhow::bail!(
        "this xtask was built without the `bench-ipc` feature: cargo xtask bench runs it as \
         cargo run --release -p xtask --features bench-ipc -- bench-ipc …"
    )
}

#[cfg(feature = "bench-ipc")]
pub use ipc::ipc_command;

#[cfg(feature = "bench-ipc")]
mod ipc {
    use super::Counts;
    use crate::Workspace;
    use crate::procs::{self, Memory};
    use anyhow::{Context, Result, anyhow, bail};
    use escalator_app::sample::{self, SampleSize};
    use escalator_app::{App, SystemClock};
    use escalator_store::Store;
    use serde_json::{Value, json};
    use std::fmt::Write as _;
    use std::fs;
    use std::net::{SocketAddr, TcpListener, TcpStream};
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::sync::Arc;
    use std::thread;
    use std::time::{Duration, Instant};
    use thirtyfour::prelude::*;

    /// Keep in step with `crates/escalator-app/benches/escalations.rs`, which shares the
    /// data set (same folder, same marker).
    const SIZE: SampleSize = SampleSize {
        support_requests: 50_000,
        escalations: 5_000,
        events_per_escalation: 90,
        first_escalation_events: 5_000,
        action_items_per_escalation: 2,
    };

    /// The fixed query list, as a user would type them; the Criterion bench uses the same.
    const QUERIES: &[(&str, &str)] = &[
        ("sr-number", "SAMPLE-0004242"),
        ("sr-number-digits", "0004242"),
        ("sr-number-prefix", "00421"),
        ("escalation-title", "escalation 42"),
        ("common-word", "update"),
        ("frequent-word", "hotfix"),
        ("rare-word", "kernel"),
        ("no-match", "xylophone"),
        ("two-words-together", "log bundle"),
        ("two-words-apart", "vendor hotfix"),
    ];

    const READY_TIMEOUT: Duration = Duration::from_secs(120);
    const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(30);
    const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
    /// How long the timeline may take to show before the screen is taken to be missing.
    const TIMELINE_TIMEOUT_MS: u64 = 20_000;
    /// After the list is shown, as for idle memory in the start-up bench.
    const SETTLE: Duration = Duration::from_secs(3);
    /// A light screen to leave the escalation for between two openings.
    const ELSEWHERE: &str = "/reports";

    fn data_dir(workspace: &Workspace) -> PathBuf {
        workspace.target.join("bench-data").join(format!(
            "escalations-{}-{}-{}-{}",
            SIZE.support_requests,
            SIZE.escalations,
            SIZE.events_per_escalation,
            SIZE.first_escalation_events
        ))
    }

    fn marker_text() -> String {
        format!(
            "support_requests={}\nescalations={}\nevents_per_escalation={}\nfirst_escalation_events={}\naction_items_per_escalation={}\nschema={}\n",
            SIZE.support_requests,
            SIZE.escalations,
            SIZE.events_per_escalation,
            SIZE.first_escalation_events,
            SIZE.action_items_per_escalation,
            Store::schema_version()
        )
    }

    fn ensure_data_set(workspace: &Workspace) -> Result<PathBuf> {
        let dir = data_dir(workspace);
        let marker = dir.join("bench-data.txt");
        if fs::read_to_string(&marker).is_ok_and(|text| text == marker_text()) {
            println!("reusing {}", workspace.relative(&dir).display());
            return Ok(dir);
        }
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        println!(
            "seeding {SIZE:?} into {} (once)",
            workspace.relative(&dir).display()
        );
        let started = Instant::now();
        let events =
            sample::seed(&dir, SIZE).map_err(|err| anyhow!("seeding {}: {err}", dir.display()))?;
        println!(
            "seeded {events} timeline events in {:.0} s",
            started.elapsed().as_secs_f64()
        );
        fs::write(&marker, marker_text())
            .with_context(|| format!("writing {}", marker.display()))?;
        Ok(dir)
    }

    #[derive(Debug)]
    struct Args {
        binary: PathBuf,
        driver: PathBuf,
        counts: Counts,
    }

    fn parse(args: &[String]) -> Result<Args> {
        let mut binary = None;
        let mut driver = None;
        let mut counts = Counts {
            searches: 200,
            opens: 20,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || {
                args.next()
                    .with_context(|| format!("`{arg}` needs a value"))
            };
            match arg.as_str() {
                "--binary" => binary = Some(PathBuf::from(value()?)),
                "--driver" => driver = Some(PathBuf::from(value()?)),
                "--searches" => counts.searches = value()?.parse()?,
                "--opens" => counts.opens = value()?.parse()?,
                other => bail!("unknown option `{other}` for `bench-ipc`"),
            }
        }
        Ok(Args {
            binary: binary.context("--binary is required")?,
            driver: driver.context("--driver is required")?,
            counts,
        })
    }

    pub fn ipc_command(workspace: &Workspace, args: &[String]) -> Result<()> {
        let args = parse(args)?;
        let set = ensure_data_set(workspace)?;

        let run_dir = workspace.target.join("bench").join("escalations");
        if run_dir.exists() {
            fs::remove_dir_all(&run_dir)
                .with_context(|| format!("removing {}", run_dir.display()))?;
        }
        let data = run_dir.join("data");
        fs::create_dir_all(&data).with_context(|| format!("creating {}", data.display()))?;
        for name in ["escalator.sqlite3", "bench-data.txt"] {
            fs::copy(set.join(name), data.join(name))
                .with_context(|| format!("copying {name} into {}", data.display()))?;
        }
        let long = long_escalation(&data)?;

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("starting the async runtime")?;
        let report = runtime.block_on(measure(&args, &run_dir, &data, &long))?;
        let json_path = workspace.target.join("bench").join("escalations.json");
        fs::write(&json_path, serde_json::to_string_pretty(&report.json)?)
            .with_context(|| format!("writing {}", json_path.display()))?;
        print!("{}", report.text);
        println!("written to {}", workspace.relative(&json_path).display());
        Ok(())
    }

    /// The id of the escalation with the long timeline (the sample's first), read from the
    /// run's copy of the data set before the app opens it.
    fn long_escalation(data: &Path) -> Result<String> {
        let app = App::open(data, Arc::new(SystemClock));
        app.list_escalations()
            .map_err(|err| anyhow!("listing escalations: {err:?}"))?
            .into_iter()
            .find(|e| e.title.starts_with("Escalation 0:"))
            .map(|e| e.id)
            .context("the sample's first escalation is missing")
    }

    struct Report {
        text: String,
        json: Value,
    }

    /// tauri-driver and its WebKitWebDriver, stopped when dropped.
    struct Driver {
        child: Child,
    }

    impl Drop for Driver {
        fn drop(&mut self) {
            if let Err(err) = procs::stop_tree(&mut self.child, Duration::from_secs(5)) {
                eprintln!("warning: stopping tauri-driver: {err:#}");
            }
        }
    }

    async fn measure(args: &Args, run_dir: &Path, data: &Path, long: &str) -> Result<Report> {
        let ready = run_dir.join("ready");
        let [port, native_port] = free_ports()?;
        let log = fs::File::create(run_dir.join("driver.log"))?;
        let child = Command::new(&args.driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("ESCALATOR_DATA_DIR", data)
            .env("ESCALATOR_READY_FILE", &ready)
            .env("ESCALATOR_LOG", "warn")
            .env("XDG_CONFIG_HOME", run_dir.join("config"))
            .env("XDG_CACHE_HOME", run_dir.join("cache"))
            .env("XDG_DATA_HOME", run_dir.join("share"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", args.driver.display()))?;
        let _driver_guard = Driver { child };
        wait_for_port(port)?;
        wait_for_port(native_port)?;

        let mut caps = Capabilities::new();
        caps.set(
            "tauri:options",
            json!({ "application": args.binary.display().to_string() }),
        )?;
        let started = Instant::now();
        let driver = WebDriver::builder(format!("http://127.0.0.1:{port}"), caps)
            .request_timeout(REQUEST_TIMEOUT)
            .await
            .context("no WebDriver session (see target/bench/escalations/driver.log)")?;
        let outcome = measure_in(&driver, args, &ready, started, long).await;
        let _ = driver.quit().await;
        outcome
    }

    async fn measure_in(
        driver: &WebDriver,
        args: &Args,
        ready: &Path,
        started: Instant,
        long: &str,
    ) -> Result<Report> {
        driver
            .set_script_timeout(Duration::from_secs(600))
            .await
            .context("setting the script timeout")?;
        while !ready.exists() {
            if started.elapsed() > READY_TIMEOUT {
                bail!("the app wrote no ready file within {READY_TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let interactive = started.elapsed();
        println!(
            "interactive {} ms after the session request (50,000 SRs; includes WebDriver start-up)",
            interactive.as_millis()
        );
        let app_pid = app_pid(&args.binary).context("the app's process is not found")?;
        tokio::time::sleep(SETTLE).await;
        let (idle_memory, idle_processes) = tree_memory(app_pid);
        println!(
            "idle on the SR list: PSS {:.1} MB ({} MB)",
            megabytes(idle_memory.pss_kb),
            describe_processes(&idle_processes)
        );

        // (c) memory with the escalations list on screen, first, before the searches and
        // openings below grow the heaps.
        let list = navigate(driver, "/escalations", LIST_SHOWN, 60_000).await?;
        tokio::time::sleep(SETTLE).await;
        let (list_memory, list_processes) = tree_memory(app_pid);
        let processes = list_processes.len();
        println!(
            "escalations list shown after {:.0} ms ({}); PSS {:.1} MB, RSS {:.1} MB over {processes} processes",
            list.ms,
            list.what,
            megabytes(list_memory.pss_kb),
            megabytes(list_memory.rss_kb)
        );

        // (a) search.
        let ipc_floor = ipc_floor(driver).await?;
        let searches = search(driver, args.counts.searches).await?;

        // (b) opening the escalation with 5,000 events.
        let proxy = open_through_ipc(driver, long, args.counts.opens).await?;
        let screen = open_on_screen(driver, long, args.counts.opens).await?;

        // (d) what is due: the Today view and the overdue list over 10,000 open items.
        let today_ms = timed_invokes(driver, "today", json!({}), args.counts.opens).await?;
        let overdue_ms = timed_invokes(
            driver,
            "action_items",
            json!({ "filter": "overdue" }),
            args.counts.opens,
        )
        .await?;

        // Memory again with the list shown, after all of the above.
        navigate(driver, "/escalations", LIST_SHOWN, 60_000).await?;
        tokio::time::sleep(SETTLE).await;
        let (after_memory, after_processes) = tree_memory(app_pid);

        let mut text = String::new();
        let _ = writeln!(
            text,
            "\n==> escalations through IPC (release app, 50k SRs / 5k escalations / 504,910 events)"
        );
        let search_ms: Vec<f64> = searches.iter().map(|s| s.ms).collect();
        let _ = writeln!(
            text,
            "search, {} queries (the list of {} cycled): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (budget p95 ≤ 20 ms)",
            search_ms.len(),
            QUERIES.len(),
            percentile(&search_ms, 0.50),
            percentile(&search_ms, 0.95),
            max(&search_ms)
        );
        let _ = writeln!(
            text,
            "    IPC floor (empty query, answered without SQL): p50 {:.2} ms, p95 {:.2} ms",
            percentile(&ipc_floor, 0.50),
            percentile(&ipc_floor, 0.95)
        );
        let _ = writeln!(
            text,
            "    {:<20} {:<16} {:>8} {:>8} {:>6} {:>8}",
            "query", "text", "p50 ms", "max ms", "hits", "bytes"
        );
        let mut per_query = Vec::new();
        for (name, query) in QUERIES {
            let ms: Vec<f64> = searches
                .iter()
                .filter(|s| s.query == *query)
                .map(|s| s.ms)
                .collect();
            let first = searches.iter().find(|s| s.query == *query);
            let (hits, bytes) = first.map_or((0, 0), |s| (s.hits, s.bytes));
            let _ = writeln!(
                text,
                "    {:<20} {:<16} {:>8.1} {:>8.1} {:>6} {:>8}",
                name,
                format!("{query:?}"),
                percentile(&ms, 0.50),
                max(&ms),
                hits,
                bytes
            );
            per_query.push(json!({
                "name": name, "query": query, "count": ms.len(),
                "p50_ms": percentile(&ms, 0.50), "max_ms": max(&ms),
                "hits": hits, "json_bytes": bytes,
            }));
        }

        let sum: Vec<f64> = proxy.iter().map(|p| p.view + p.timeline).collect();
        let view: Vec<f64> = proxy.iter().map(|p| p.view).collect();
        let timeline: Vec<f64> = proxy.iter().map(|p| p.timeline).collect();
        let parallel: Vec<f64> = proxy.iter().map(|p| p.parallel).collect();
        let _ = writeln!(
            text,
            "open the escalation with {} timeline entries through IPC, {} times: get_escalation p50 {:.1} ms, escalation_timeline p50 {:.1} ms ({} bytes of JSON)",
            proxy.first().map_or(0, |p| p.entries),
            proxy.len(),
            percentile(&view, 0.50),
            percentile(&timeline, 0.50),
            proxy.first().map_or(0, |p| p.timeline_bytes)
        );
        let _ = writeln!(
            text,
            "    both one after the other: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; both at once: p50 {:.1} ms, p95 {:.1} ms",
            percentile(&sum, 0.50),
            percentile(&sum, 0.95),
            max(&sum),
            percentile(&parallel, 0.50),
            percentile(&parallel, 0.95)
        );
        let screen_json = match &screen {
            Screen::Measured { cold, warm } => {
                let painted: Vec<f64> = warm.iter().map(|o| o.frame).collect();
                let in_dom: Vec<f64> = warm.iter().map(|o| o.in_dom).collect();
                let after_paint: Vec<f64> = warm.iter().map(|o| o.after_paint).collect();
                let _ = writeln!(
                    text,
                    "open the escalation on screen (click → timeline rows painted), {} times after a cold first ({:.0} ms): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (budget ≤ 100 ms)",
                    warm.len(),
                    cold.frame,
                    percentile(&painted, 0.50),
                    percentile(&painted, 0.95),
                    max(&painted)
                );
                let _ = writeln!(
                    text,
                    "    rows in the DOM: p50 {:.1} ms; next frame (requestAnimationFrame): p50 {:.1} ms; after that frame (+setTimeout 0): p50 {:.1} ms; {} rows rendered",
                    percentile(&in_dom, 0.50),
                    percentile(&painted, 0.50),
                    percentile(&after_paint, 0.50),
                    warm.first().map_or(0, |o| o.rows)
                );
                let part = |f: fn(&Opened) -> f64| -> Vec<f64> { warm.iter().map(f).collect() };
                let to_request = part(|o| o.to_first_request);
                let response = part(|o| o.timeline_response);
                let parse = part(|o| o.timeline_parse);
                let render = part(|o| o.parsed_to_rows);
                let _ = writeln!(
                    text,
                    "    where the time goes (p50): click → first IPC request {:.1} ms; escalation_timeline request → response {:.1} ms; JSON.parse {:.1} ms; parsed → rows in the DOM {:.1} ms",
                    percentile(&to_request, 0.50),
                    percentile(&response, 0.50),
                    percentile(&parse, 0.50),
                    percentile(&render, 0.50)
                );
                json!({
                    "measured": "on screen",
                    "count": warm.len(),
                    "cold_ms": cold.frame,
                    "first_frame_ms": summary(&painted),
                    "rows_in_dom_ms": summary(&in_dom),
                    "after_frame_ms": summary(&after_paint),
                    "breakdown_ms": {
                        "click_to_first_request": summary(&part(|o| o.to_first_request)),
                        "timeline_request_to_response": summary(&part(|o| o.timeline_response)),
                        "timeline_json_parse": summary(&part(|o| o.timeline_parse)),
                        "parsed_to_rows_in_dom": summary(&part(|o| o.parsed_to_rows)),
                    },
                    "rows_rendered": warm.first().map_or(0, |o| o.rows),
                })
            }
            Screen::Missing(why) => {
                let _ = writeln!(
                    text,
                    "open the escalation on screen: NOT MEASURED ({why}); the IPC figures above stand in for it"
                );
                json!({ "measured": "no", "why": why })
            }
        };
        let items = SIZE.escalations * SIZE.action_items_per_escalation;
        let _ = writeln!(
            text,
            "today view through IPC ({items} open action items, {} plans), {} times: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            SIZE.escalations,
            today_ms.len(),
            percentile(&today_ms, 0.50),
            percentile(&today_ms, 0.95),
            max(&today_ms)
        );
        let _ = writeln!(
            text,
            "overdue action items through IPC, {} times: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            overdue_ms.len(),
            percentile(&overdue_ms, 0.50),
            percentile(&overdue_ms, 0.95),
            max(&overdue_ms)
        );
        let _ = writeln!(
            text,
            "memory idle on the SR list after start-up: PSS {:.1} MB ({} MB)",
            megabytes(idle_memory.pss_kb),
            describe_processes(&idle_processes)
        );
        let _ = writeln!(
            text,
            "memory with the escalations list shown: PSS {:.1} MB ({} MB), RSS {:.1} MB; again after the searches and openings: PSS {:.1} MB ({} MB)",
            megabytes(list_memory.pss_kb),
            describe_processes(&list_processes),
            megabytes(list_memory.rss_kb),
            megabytes(after_memory.pss_kb),
            describe_processes(&after_processes)
        );

        let json = json!({
            "data_set": {
                "support_requests": SIZE.support_requests,
                "escalations": SIZE.escalations,
                "events_per_escalation": SIZE.events_per_escalation,
                "first_escalation_events": SIZE.first_escalation_events,
                "action_items_per_escalation": SIZE.action_items_per_escalation,
            },
            "interactive_after_session_request_ms": interactive.as_secs_f64() * 1000.0,
            "search": {
                "count": search_ms.len(),
                "ms": summary(&search_ms),
                "ipc_floor_ms": summary(&ipc_floor),
                "per_query": per_query,
            },
            "open_escalation": {
                "ipc": {
                    "count": proxy.len(),
                    "entries": proxy.first().map_or(0, |p| p.entries),
                    "timeline_json_bytes": proxy.first().map_or(0, |p| p.timeline_bytes),
                    "get_escalation_ms": summary(&view),
                    "escalation_timeline_ms": summary(&timeline),
                    "sequential_ms": summary(&sum),
                    "parallel_ms": summary(&parallel),
                },
                "screen": screen_json,
            },
            "today_ms": summary(&today_ms),
            "overdue_action_items_ms": summary(&overdue_ms),
            "memory_idle_support_request_list": {
                "pss_mb": megabytes(idle_memory.pss_kb),
                "rss_mb": megabytes(idle_memory.rss_kb),
                "pss_mb_by_process": describe_processes(&idle_processes),
            },
            "memory_escalations_list": {
                "pss_mb": megabytes(list_memory.pss_kb),
                "rss_mb": megabytes(list_memory.rss_kb),
                "processes": processes,
                "list_shown": list.what,
                "pss_mb_by_process": describe_processes(&list_processes),
                "pss_mb_after_all": megabytes(after_memory.pss_kb),
                "pss_mb_by_process_after_all": describe_processes(&after_processes),
            },
        });
        Ok(Report { text, json })
    }

    /// The escalations list, or its empty state: whichever the screen shows.
    const LIST_SHOWN: &str =
        "[data-testid=\"escalation-list\"], [data-testid=\"escalations-empty\"]";

    struct Arrived {
        ms: f64,
        what: String,
    }

    /// Client-side navigation, as a click on a link in the app does: an anchor is clicked
    /// and the router takes it. Resolves when `selector` matches (or after `timeout_ms`,
    /// saying so).
    async fn navigate(
        driver: &WebDriver,
        href: &str,
        selector: &str,
        timeout_ms: u64,
    ) -> Result<Arrived> {
        let script = r#"
            const [href, selector, timeoutMs, done] = arguments;
            const t0 = performance.now();
            const poll = () => {
                const found = document.querySelector(selector);
                if (found) {
                    requestAnimationFrame(() =>
                        done({ ms: performance.now() - t0, what: found.dataset.testid || 'found' }));
                } else if (performance.now() - t0 > timeoutMs) {
                    done({ ms: performance.now() - t0, what: 'timeout at ' + location.href });
                } else {
                    setTimeout(poll, 10);
                }
            };
            const a = document.createElement('a');
            a.href = href;
            document.body.appendChild(a);
            a.click();
            a.remove();
            poll();
        "#;
        let ret = driver
            .execute_async(
                script,
                vec![json!(href), json!(selector), json!(timeout_ms)],
            )
            .await
            .with_context(|| format!("navigating to {href}"))?;
        let value = ret.json();
        Ok(Arrived {
            ms: value["ms"].as_f64().unwrap_or(f64::NAN),
            what: value["what"].as_str().unwrap_or("?").to_owned(),
        })
    }

    async fn ipc_floor(driver: &WebDriver) -> Result<Vec<f64>> {
        let script = r#"
            const [done] = arguments;
            (async () => {
                const invoke = window.__TAURI_INTERNALS__.invoke;
                const out = [];
                for (let i = 0; i < 60; i++) {
                    const t0 = performance.now();
                    await invoke('search', { query: '' });
                    out.push(performance.now() - t0);
                }
                done(out.slice(10));
            })().catch((e) => done({ error: String(e) }));
        "#;
        let ret = driver.execute_async(script, Vec::new()).await?;
        numbers(ret.json())
    }

    /// `command` invoked `count` times after one unmeasured call, each timed in the page.
    async fn timed_invokes(
        driver: &WebDriver,
        command: &str,
        args: Value,
        count: usize,
    ) -> Result<Vec<f64>> {
        let script = r#"
            const [command, args, count, done] = arguments;
            (async () => {
                const invoke = window.__TAURI_INTERNALS__.invoke;
                await invoke(command, args);
                const out = [];
                for (let i = 0; i < count; i++) {
                    const t0 = performance.now();
                    await invoke(command, args);
                    out.push(performance.now() - t0);
                }
                done(out);
            })().catch((e) => done({ error: String(e && (e.message || JSON.stringify(e))) }));
        "#;
        let ret = driver
            .execute_async(script, vec![json!(command), args, json!(count)])
            .await?;
        numbers(ret.json())
    }

    struct Searched {
        query: String,
        ms: f64,
        hits: u64,
        bytes: u64,
    }

    async fn search(driver: &WebDriver, count: usize) -> Result<Vec<Searched>> {
        let queries: Vec<&str> = QUERIES.iter().map(|(_, q)| *q).collect();
        let script = r#"
            const [queries, count, done] = arguments;
            (async () => {
                const invoke = window.__TAURI_INTERNALS__.invoke;
                // One unmeasured pass: the first search of a word reads its index pages.
                for (const query of queries) await invoke('search', { query });
                const out = [];
                for (let i = 0; i < count; i++) {
                    const query = queries[i % queries.length];
                    const t0 = performance.now();
                    const hits = await invoke('search', { query });
                    const ms = performance.now() - t0;
                    out.push({ query, ms, hits: hits.length, bytes: JSON.stringify(hits).length });
                }
                done(out);
            })().catch((e) => done({ error: String(e && (e.message || JSON.stringify(e))) }));
        "#;
        let ret = driver
            .execute_async(script, vec![json!(queries), json!(count)])
            .await?;
        let value = ret.json();
        let rows = value
            .as_array()
            .with_context(|| format!("the search script answered {value}"))?;
        Ok(rows
            .iter()
            .map(|row| Searched {
                query: row["query"].as_str().unwrap_or_default().to_owned(),
                ms: row["ms"].as_f64().unwrap_or(f64::NAN),
                hits: row["hits"].as_u64().unwrap_or(0),
                bytes: row["bytes"].as_u64().unwrap_or(0),
            })
            .collect())
    }

    struct Proxy {
        view: f64,
        timeline: f64,
        parallel: f64,
        entries: u64,
        timeline_bytes: u64,
    }

    /// `get_escalation` then `escalation_timeline`, and both at once, timed in the page:
    /// what the screen waits for before it can render anything.
    async fn open_through_ipc(driver: &WebDriver, id: &str, count: usize) -> Result<Vec<Proxy>> {
        let script = r#"
            const [id, count, done] = arguments;
            (async () => {
                const invoke = window.__TAURI_INTERNALS__.invoke;
                await invoke('escalation_timeline', { id });
                const out = [];
                for (let i = 0; i < count; i++) {
                    const t0 = performance.now();
                    await invoke('get_escalation', { id });
                    const t1 = performance.now();
                    const timeline = await invoke('escalation_timeline', { id });
                    const t2 = performance.now();
                    await Promise.all([
                        invoke('get_escalation', { id }),
                        invoke('escalation_timeline', { id }),
                    ]);
                    const t3 = performance.now();
                    out.push({
                        view: t1 - t0, timeline: t2 - t1, parallel: t3 - t2,
                        entries: timeline.entries.length,
                        bytes: i === 0 ? JSON.stringify(timeline).length : 0,
                    });
                }
                done(out);
            })().catch((e) => done({ error: String(e && (e.message || JSON.stringify(e))) }));
        "#;
        let ret = driver
            .execute_async(script, vec![json!(id), json!(count)])
            .await?;
        let value = ret.json();
        let rows = value
            .as_array()
            .with_context(|| format!("the IPC script answered {value}"))?;
        let bytes = rows
            .first()
            .and_then(|row| row["bytes"].as_u64())
            .unwrap_or(0);
        Ok(rows
            .iter()
            .map(|row| Proxy {
                view: row["view"].as_f64().unwrap_or(f64::NAN),
                timeline: row["timeline"].as_f64().unwrap_or(f64::NAN),
                parallel: row["parallel"].as_f64().unwrap_or(f64::NAN),
                entries: row["entries"].as_u64().unwrap_or(0),
                timeline_bytes: bytes,
            })
            .collect())
    }

    struct Opened {
        in_dom: f64,
        frame: f64,
        after_paint: f64,
        rows: u64,
        /// Click until the first IPC request leaves (routing, mounting the screen).
        to_first_request: f64,
        /// Request sent until the timeline's response is in (Rust, JSON, transport).
        timeline_response: f64,
        /// Parsing the timeline's JSON in the page.
        timeline_parse: f64,
        /// Timeline parsed until its rows are in the DOM (the UI's own work, rendering).
        parsed_to_rows: f64,
    }

    enum Screen {
        Measured { cold: Opened, warm: Vec<Opened> },
        Missing(String),
    }

    const TIMELINE_ROWS: &str = "[data-testid=\"timeline\"] [data-testid=\"timeline-row\"]";

    /// Click → `/escalations?id=…` until the timeline's first rows are in the DOM, then the
    /// next animation frame (the paint that shows them) and the task after it. A
    /// MutationObserver sees the rows as they are inserted, so no polling delay is added.
    async fn open_once(
        driver: &WebDriver,
        id: &str,
    ) -> Result<std::result::Result<Opened, String>> {
        let script = r#"
            const [href, selector, timeoutMs, done] = arguments;
            // IPC requests are fetches of ipc://localhost/<command> (Tauri's custom
            // protocol); wrapping fetch times each: sent, response in, JSON parsed.
            if (!window.__benchFetchWrapped) {
                const original = window.fetch;
                window.fetch = function (input, init) {
                    const calls = window.__benchCalls;
                    const start = performance.now();
                    const url = String(input && input.url ? input.url : input);
                    return original.call(this, input, init).then((response) => {
                        const headers = performance.now();
                        if (calls) {
                            const json = response.json.bind(response);
                            response.json = () => json().then((value) => {
                                calls.push({ url, start, headers, parsed: performance.now() });
                                return value;
                            });
                        }
                        return response;
                    });
                };
                window.__benchFetchWrapped = true;
            }
            const calls = [];
            window.__benchCalls = calls;
            let finished = false;
            let timer = null;
            const finish = (value) => {
                if (finished) return;
                finished = true;
                observer.disconnect();
                clearTimeout(timer);
                window.__benchCalls = null;
                done(value);
            };
            let t0 = 0;
            let seen = false;
            const check = () => {
                if (seen) return;
                const rows = document.querySelectorAll(selector);
                if (rows.length === 0) return;
                seen = true;
                const inDom = performance.now();
                requestAnimationFrame(() => {
                    const frame = performance.now();
                    setTimeout(() => {
                        const afterPaint = performance.now();
                        const timeline = calls.find((c) => c.url.includes('escalation_timeline'));
                        const first = Math.min(...calls.map((c) => c.start));
                        finish({
                            inDom: inDom - t0, frame: frame - t0, afterPaint: afterPaint - t0,
                            rows: rows.length,
                            toFirstRequest: first - t0,
                            timelineResponse: timeline ? timeline.headers - timeline.start : null,
                            timelineParse: timeline ? timeline.parsed - timeline.headers : null,
                            parsedToRows: timeline ? inDom - timeline.parsed : null,
                            calls: calls.map((c) => ({
                                url: c.url, start: c.start - t0, headers: c.headers - t0,
                                parsed: c.parsed - t0,
                            })),
                        });
                    }, 0);
                });
            };
            const observer = new MutationObserver(check);
            observer.observe(document.body, { childList: true, subtree: true });
            timer = setTimeout(() => finish({
                timeout: true,
                url: location.href,
                testids: [...new Set([...document.querySelectorAll('[data-testid]')]
                    .map((e) => e.dataset.testid))].slice(0, 30),
            }), timeoutMs);
            const a = document.createElement('a');
            a.href = href;
            document.body.appendChild(a);
            t0 = performance.now();
            a.click();
            a.remove();
        "#;
        let href = format!("/escalations?id={id}");
        let ret = driver
            .execute_async(
                script,
                vec![
                    json!(href),
                    json!(TIMELINE_ROWS),
                    json!(TIMELINE_TIMEOUT_MS),
                ],
            )
            .await?;
        let value = ret.json();
        if value["timeout"].as_bool() == Some(true) {
            return Ok(Err(format!(
                "no `{TIMELINE_ROWS}` within {} s at {}; test ids on the page: {}",
                TIMELINE_TIMEOUT_MS / 1000,
                value["url"],
                value["testids"]
            )));
        }
        Ok(Ok(Opened {
            in_dom: value["inDom"].as_f64().unwrap_or(f64::NAN),
            frame: value["frame"].as_f64().unwrap_or(f64::NAN),
            after_paint: value["afterPaint"].as_f64().unwrap_or(f64::NAN),
            rows: value["rows"].as_u64().unwrap_or(0),
            to_first_request: value["toFirstRequest"].as_f64().unwrap_or(f64::NAN),
            timeline_response: value["timelineResponse"].as_f64().unwrap_or(f64::NAN),
            timeline_parse: value["timelineParse"].as_f64().unwrap_or(f64::NAN),
            parsed_to_rows: value["parsedToRows"].as_f64().unwrap_or(f64::NAN),
        }))
    }

    async fn open_on_screen(driver: &WebDriver, id: &str, count: usize) -> Result<Screen> {
        let mut cold = None;
        let mut warm = Vec::with_capacity(count);
        for _ in 0..=count {
            // Leave for a light screen first, so each opening mounts the view afresh.
            navigate(driver, ELSEWHERE, "main, body", 10_000).await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let opened = match open_once(driver, id).await? {
                Ok(opened) => opened,
                Err(why) => return Ok(Screen::Missing(why)),
            };
            if cold.is_none() {
                cold = Some(opened);
            } else {
                warm.push(opened);
            }
        }
        match cold {
            Some(cold) => Ok(Screen::Measured { cold, warm }),
            None => Ok(Screen::Missing("no opening was measured".to_owned())),
        }
    }

    fn numbers(value: &Value) -> Result<Vec<f64>> {
        let items = value
            .as_array()
            .with_context(|| format!("expected a list of numbers, got {value}"))?;
        Ok(items.iter().filter_map(Value::as_f64).collect())
    }

    /// The app's own process: the one running `binary` (WebKitWebDriver started it).
    fn app_pid(binary: &Path) -> Option<u32> {
        let binary = binary.canonicalize().unwrap_or_else(|_| binary.to_owned());
        fs::read_dir("/proc")
            .ok()?
            .flatten()
            .filter(|entry| fs::read_link(entry.path().join("exe")).is_ok_and(|exe| exe == binary))
            .find_map(|entry| entry.file_name().to_str()?.parse().ok())
    }

    /// Memory of `pid` and its descendants: the total, and each process by name.
    fn tree_memory(pid: u32) -> (Memory, Vec<(String, Memory)>) {
        let mut total = Memory::default();
        let mut each = Vec::new();
        for pid in procs::tree(pid) {
            if let Some(one) = procs::memory(pid) {
                total.pss_kb += one.pss_kb;
                total.rss_kb += one.rss_kb;
                let name = fs::read_to_string(format!("/proc/{pid}/comm"))
                    .map_or_else(|_| pid.to_string(), |name| name.trim().to_owned());
                each.push((name, one));
            }
        }
        (total, each)
    }

    fn describe_processes(each: &[(String, Memory)]) -> String {
        each.iter()
            .map(|(name, memory)| format!("{name} {:.0}", megabytes(memory.pss_kb)))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    fn megabytes(kb: u64) -> f64 {
        kb as f64 / 1024.0
    }

    /// Nearest-rank percentile: the smallest value with at least `q` of the values at or
    /// below it.
    fn percentile(values: &[f64], q: f64) -> f64 {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let rank = (q * sorted.len() as f64).ceil() as usize;
        sorted
            .get(rank.saturating_sub(1))
            .copied()
            .unwrap_or(f64::NAN)
    }

    fn max(values: &[f64]) -> f64 {
        values.iter().copied().fold(f64::NAN, f64::max)
    }

    fn summary(values: &[f64]) -> Value {
        json!({
            "count": values.len(),
            "p50": percentile(values, 0.50),
            "p95": percentile(values, 0.95),
            "max": max(values),
        })
    }

    fn free_ports() -> Result<[u16; 2]> {
        let first = TcpListener::bind("127.0.0.1:0")?;
        let second = TcpListener::bind("127.0.0.1:0")?;
        Ok([first.local_addr()?.port(), second.local_addr()?.port()])
    }

    fn wait_for_port(port: u16) -> Result<()> {
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + DRIVER_START_TIMEOUT;
        while Instant::now() < deadline {
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(50));
        }
        bail!("tauri-driver did not listen on port {port} within {DRIVER_START_TIMEOUT:?}")
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn nearest_rank_percentiles() {
            let values: Vec<f64> = (1..=20).map(f64::from).collect();
            assert!((percentile(&values, 0.50) - 10.0).abs() < f64::EPSILON);
            assert!((percentile(&values, 0.95) - 19.0).abs() < f64::EPSILON);
            assert!(percentile(&[], 0.5).is_nan());
        }
    }
}

//! `cargo xtask bench`: how long the release app takes from launch until its support-request
//! list is on screen, and how much memory it (with its WebKit processes) holds when idle —
//! for an empty data folder and for one with 10,000 support requests ("startup"); then
//! search, opening a long escalation and the escalations list through IPC on 50k SRs / 5k
//! escalations / 505k events ("escalations", in `bench_escalations`).

use crate::Workspace;
use crate::bench_escalations::{self, Counts};
use crate::procs::{self, Memory};
use crate::session::{self, Xvfb};
use crate::setup::{self, Needs};
use crate::steps::{Runner, Timeline};
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const SEEDED_REQUESTS: u32 = 10_000;
const READY_TIMEOUT: Duration = Duration::from_secs(30);
const READY_POLL: Duration = Duration::from_millis(2);
const IDLE_WAIT: Duration = Duration::from_secs(3);

#[derive(Debug)]
pub struct Options {
    runs: usize,
    startup: bool,
    escalations: bool,
    counts: Counts,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Self {
            runs: 5,
            startup: true,
            escalations: true,
            counts: Counts {
                searches: 200,
                opens: 20,
            },
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut positive = |name: &str| -> Result<usize> {
                let value = args
                    .next()
                    .with_context(|| format!("`{name}` needs a number"))?;
                value
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .with_context(|| format!("`{name} {value}`: expected a positive number"))
            };
            match arg.as_str() {
                "--runs" => options.runs = positive("--runs")?,
                "--searches" => options.counts.searches = positive("--searches")?,
                "--opens" => options.counts.opens = positive("--opens")?,
                "--only" => {
                    let part = args
                        .next()
                        .context("`--only` needs startup or escalations")?;
                    (options.startup, options.escalations) = match part.as_str() {
                        "startup" => (true, false),
                        "escalations" => (false, true),
                        other => bail!("`--only {other}`: expected startup or escalations"),
                    };
                }
                other => bail!("unknown option `{other}` for `bench` (see `cargo xtask help`)"),
            }
        }
        Ok(options)
    }
}

#[derive(Debug)]
struct DataSet {
    name: &'static str,
    /// Folder names under target/bench.
    key: &'static str,
    requests: u32,
    folder: PathBuf,
}

#[derive(Debug)]
struct Sample {
    launch: Duration,
    memory: Memory,
    processes: usize,
}

pub fn bench(workspace: &Workspace, options: Options) -> Result<()> {
    let runner = Runner::new(&workspace.root, false);
    let mut timeline = Timeline::new();
    let needs = if options.escalations {
        // WebKitWebDriver (with the test session's packages) and tauri-driver drive the
        // window for the escalations part.
        Needs {
            packages: &[setup::BUILD, setup::VIRTUAL_DISPLAY, setup::TEST_SESSION],
            rust_components: false,
            tauri_driver: true,
        }
    } else {
        Needs {
            packages: &[setup::BUILD, setup::VIRTUAL_DISPLAY],
            rust_components: false,
            tauri_driver: false,
        }
    };
    let tauri_driver = setup::set_up(workspace, &mut timeline, &runner, needs)?;
    timeline.step("build the UI", || setup::build_ui(workspace, &runner))?;
    timeline.step("build the release app", || {
        runner.run(
            workspace
                .cargo()
                .args(["build", "-p", "escalator", "--release", "--locked"]),
        )
    })?;
    let binary = workspace.target.join("release").join("escalator");

    // Stopped when this function returns, whichever way.
    let xvfb = if session::has_x_display() {
        None
    } else {
        Some(timeline.step("start Xvfb", || Xvfb::start(workspace))?)
    };
    let display = xvfb.as_ref().map(|xvfb| xvfb.display().to_owned());

    if options.startup {
        startup(
            workspace,
            &runner,
            &mut timeline,
            &binary,
            display.as_deref(),
            &options,
        )?;
    }
    if let (true, Some(tauri_driver)) = (options.escalations, tauri_driver) {
        timeline.step("measure: escalations through IPC", || {
            bench_escalations::run(
                workspace,
                &runner,
                &binary,
                &tauri_driver,
                display.as_deref(),
                options.counts,
            )
        })?;
    }
    drop(xvfb);
    timeline.print_summary();
    Ok(())
}

fn startup(
    workspace: &Workspace,
    runner: &Runner,
    timeline: &mut Timeline,
    binary: &Path,
    display: Option<&str>,
    options: &Options,
) -> Result<()> {
    let bench_dir = workspace.target.join("bench");
    let sets_dir = bench_dir.join("sets");
    let runs_dir = bench_dir.join("runs");
    for dir in [&sets_dir, &runs_dir] {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
        }
    }
    let sets = [
        DataSet {
            name: "empty",
            key: "empty",
            requests: 0,
            folder: sets_dir.join("empty"),
        },
        DataSet {
            name: "10,000 requests",
            key: "seeded-10000",
            requests: SEEDED_REQUESTS,
            folder: sets_dir.join("seeded-10000"),
        },
    ];
    for set in &sets {
        fs::create_dir_all(&set.folder)
            .with_context(|| format!("creating {}", set.folder.display()))?;
        if set.requests > 0 {
            timeline.step(&format!("seed {} support requests", set.requests), || {
                seed(workspace, runner, &set.folder, set.requests)
            })?;
        }
    }

    let mut results = Vec::new();
    for set in &sets {
        let samples = timeline.step(&format!("measure: {}", set.name), || {
            measure(binary, set, &runs_dir, options.runs, display)
        })?;
        results.push((set, samples));
    }

    let machine = Machine::describe();
    let report = report_json(&machine, options.runs, &results);
    let json_path = bench_dir.join("startup.json");
    fs::write(&json_path, report).with_context(|| format!("writing {}", json_path.display()))?;
    print_table(&machine, options.runs, &results);
    println!("\nwritten to {}", workspace.relative(&json_path).display());
    Ok(())
}

fn measure(
    binary: &Path,
    set: &DataSet,
    runs_dir: &Path,
    runs: usize,
    display: Option<&str>,
) -> Result<Vec<Sample>> {
    let mut samples = Vec::with_capacity(runs);
    for run in 1..=runs {
        let run_dir = runs_dir.join(format!("{}-{run}", set.key));
        let sample = measure_once(binary, set, &run_dir, display).with_context(|| {
            format!(
                "run {run} of {runs}; app log: {}",
                run_dir.join("app.log").display()
            )
        })?;
        println!(
            "    run {run}/{runs}: interactive after {} ms, PSS {:.1} MB, RSS {:.1} MB ({} processes)",
            sample.launch.as_millis(),
            megabytes(sample.memory.pss_kb),
            megabytes(sample.memory.rss_kb),
            sample.processes
        );
        samples.push(sample);
    }
    Ok(samples)
}

fn measure_once(
    binary: &Path,
    set: &DataSet,
    run_dir: &Path,
    display: Option<&str>,
) -> Result<Sample> {
    let data = run_dir.join("data");
    copy_dir(&set.folder, &data)?;
    let ready = run_dir.join("ready");
    let log = File::create(run_dir.join("app.log")).context("creating the app log")?;
    let mut command = Command::new(binary);
    command
        .current_dir(run_dir)
        .env("ESCALATOR_DATA_DIR", &data)
        .env("ESCALATOR_READY_FILE", &ready)
        // Each run starts without WebKit caches or saved window state from the one before, and
        // leaves the user's own folders alone.
        .env("XDG_CONFIG_HOME", run_dir.join("config"))
        .env("XDG_CACHE_HOME", run_dir.join("cache"))
        .env("XDG_DATA_HOME", run_dir.join("share"))
        .stdin(Stdio::null())
        .stdout(log.try_clone().context("sharing the app log")?)
        .stderr(log);
    if let Some(display) = display {
        command
            .env("DISPLAY", display)
            .env_remove("WAYLAND_DISPLAY");
    }

    let started = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let launch = loop {
        if ready.exists() {
            break started.elapsed();
        }
        if let Some(status) = child.try_wait()? {
            bail!("the app exited ({status}) before writing its ready file");
        }
        if started.elapsed() > READY_TIMEOUT {
            procs::stop_tree(&mut child, Duration::from_secs(2))?;
            bail!(
                "no ready file after {} s (does the app honour ESCALATOR_READY_FILE?)",
                READY_TIMEOUT.as_secs()
            );
        }
        thread::sleep(READY_POLL);
    };

    thread::sleep(IDLE_WAIT);
    let pids = procs::tree(child.id());
    let mut memory = Memory::default();
    let mut processes = 0;
    for pid in &pids {
        if let Some(one) = procs::memory(*pid) {
            memory.pss_kb += one.pss_kb;
            memory.rss_kb += one.rss_kb;
            processes += 1;
        }
    }
    procs::stop_tree(&mut child, Duration::from_secs(2))?;
    Ok(Sample {
        launch,
        memory,
        processes,
    })
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("listing {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Seeds through the app crate, which only the `seed` build of xtask links (see Cargo.toml).
fn seed(workspace: &Workspace, runner: &Runner, dir: &Path, count: u32) -> Result<()> {
    if cfg!(feature = "seed") {
        seed_command(&[dir.display().to_string(), count.to_string()])
    } else {
        runner.run(
            workspace
                .cargo()
                .args([
                    "run",
                    "--quiet",
                    "--locked",
                    "-p",
                    "xtask",
                    "--features",
                    "seed",
                    "--",
                    "seed",
                ])
                .arg(dir)
                .arg(count.to_string()),
        )
    }
}

/// `xtask seed DIR COUNT`, internal to `bench`.
pub fn seed_command(args: &[String]) -> Result<()> {
    let [dir, count] = args else {
        bail!("usage: cargo run -p xtask --features seed -- seed DIR COUNT");
    };
    let count: u32 = count
        .parse()
        .with_context(|| format!("COUNT `{count}` is not a number"))?;
    let seeded = seed_here(Path::new(dir), count)?;
    println!("seeded {seeded} support requests into {dir}");
    Ok(())
}

#[cfg(feature = "seed")]
fn seed_here(dir: &Path, count: u32) -> Result<u32> {
    escalator_app::sample::seed_support_requests(dir, count).map_err(|err| {
        anyhow::anyhow!(
            "seeding {count} support requests into {}: {err}",
            dir.display()
        )
    })
}

#[cfg(not(feature = "seed"))]
fn seed_here(_dir: &Path, _count: u32) -> Result<u32> {
    bail!(
        "this xtask was built without the `seed` feature: cargo run -p xtask --features seed -- seed DIR COUNT"
    )
}

#[derive(Debug)]
struct Machine {
    nproc: String,
    cpu: String,
}

impl Machine {
    fn describe() -> Self {
        let nproc = Command::new("nproc")
            .output()
            .ok()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
            .filter(|text| !text.is_empty())
            .or_else(|| thread::available_parallelism().ok().map(|n| n.to_string()))
            .unwrap_or_else(|| "?".to_owned());
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(key, _)| matches!(key.trim(), "model name" | "Model" | "cpu model"))
            .map_or_else(
                || "unknown CPU".to_owned(),
                |(_, value)| value.trim().to_owned(),
            );
        Self { nproc, cpu }
    }
}

fn megabytes(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    match (sorted.get(middle.wrapping_sub(1)), sorted.get(middle)) {
        (Some(low), Some(high)) if sorted.len().is_multiple_of(2) => (low + high) / 2.0,
        (_, Some(value)) => *value,
        _ => f64::NAN,
    }
}

#[derive(Debug)]
struct Summary {
    launch_ms: Vec<f64>,
    pss_mb: Vec<f64>,
    rss_mb: Vec<f64>,
    processes: Vec<usize>,
}

impl Summary {
    fn of(samples: &[Sample]) -> Self {
        Self {
            launch_ms: samples.iter().map(|s| millis(s.launch)).collect(),
            pss_mb: samples.iter().map(|s| megabytes(s.memory.pss_kb)).collect(),
            rss_mb: samples.iter().map(|s| megabytes(s.memory.rss_kb)).collect(),
            processes: samples.iter().map(|s| s.processes).collect(),
        }
    }

    fn launch_min(&self) -> f64 {
        self.launch_ms.iter().copied().fold(f64::INFINITY, f64::min)
    }

    fn launch_max(&self) -> f64 {
        self.launch_ms
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
    }
}

fn print_table(machine: &Machine, runs: usize, results: &[(&DataSet, Vec<Sample>)]) {
    println!("\n==> startup and idle memory");
    println!(
        "machine: {} CPUs (nproc), {}; {runs} runs per data set",
        machine.nproc, machine.cpu
    );
    println!(
        "    {:<18} {:>10} {:>8} {:>8} {:>10} {:>10}",
        "data set", "median ms", "min ms", "max ms", "PSS MB", "RSS MB"
    );
    for (set, samples) in results {
        let summary = Summary::of(samples);
        println!(
            "    {:<18} {:>10.0} {:>8.0} {:>8.0} {:>10.1} {:>10.1}",
            set.name,
            median(&summary.launch_ms),
            summary.launch_min(),
            summary.launch_max(),
            median(&summary.pss_mb),
            median(&summary.rss_mb)
        );
    }
    println!(
        "ms: launch to interactive (ready file written); MB: medians over the app and its WebKit \
         processes, {} s after ready",
        IDLE_WAIT.as_secs()
    );
}

fn report_json(machine: &Machine, runs: usize, results: &[(&DataSet, Vec<Sample>)]) -> String {
    let list = |values: &[f64], decimals: usize| {
        let items: Vec<String> = values.iter().map(|v| format!("{v:.decimals$}")).collect();
        format!("[{}]", items.join(", "))
    };
    let mut out = String::new();
    let _ = writeln!(out, "{{");
    let _ = writeln!(
        out,
        "  \"machine\": {{\"nproc\": {}, \"cpu\": {}}},",
        json_string(&machine.nproc),
        json_string(&machine.cpu)
    );
    let _ = writeln!(out, "  \"runs_per_data_set\": {runs},");
    let _ = writeln!(out, "  \"idle_wait_ms\": {},", IDLE_WAIT.as_millis());
    let _ = writeln!(out, "  \"data_sets\": [");
    for (index, (set, samples)) in results.iter().enumerate() {
        let summary = Summary::of(samples);
        let processes: Vec<String> = summary.processes.iter().map(usize::to_string).collect();
        let _ = writeln!(out, "    {{");
        let _ = writeln!(out, "      \"name\": {},", json_string(set.name));
        let _ = writeln!(out, "      \"support_requests\": {},", set.requests);
        let _ = writeln!(
            out,
            "      \"launch_to_interactive_ms\": {{\"median\": {:.1}, \"min\": {:.1}, \"max\": {:.1}, \"runs\": {}}},",
            median(&summary.launch_ms),
            summary.launch_min(),
            summary.launch_max(),
            list(&summary.launch_ms, 1)
        );
        let _ = writeln!(
            out,
            "      \"pss_mb\": {{\"median\": {:.1}, \"runs\": {}}},",
            median(&summary.pss_mb),
            list(&summary.pss_mb, 1)
        );
        let _ = writeln!(
            out,
            "      \"rss_mb\": {{\"median\": {:.1}, \"runs\": {}}},",
            median(&summary.rss_mb),
            list(&summary.rss_mb, 1)
        );
        let _ = writeln!(out, "      \"processes\": [{}]", processes.join(", "));
        let comma = if index + 1 < results.len() { "," } else { "" };
        let _ = writeln!(out, "    }}{comma}");
    }
    let _ = writeln!(out, "  ]");
    let _ = writeln!(out, "}}");
    out
}

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert!((median(&[5.0, 1.0, 3.0]) - 3.0).abs() < f64::EPSILON);
        assert!((median(&[4.0, 1.0, 3.0, 2.0]) - 2.5).abs() < f64::EPSILON);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a \"b\"\\\n"), "\"a \\\"b\\\"\\\\\\u000a\"");
    }
}

//! Processes as Linux shows them in `/proc`: a process's descendants (the app's WebKit helper
//! processes), their memory, and stopping them gently before forcefully.

use anyhow::{Context, Result};
use std::collections::HashMap;
use std::fs;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Sends `signal` (e.g. `TERM`) to `pids`, ignoring ones that are already gone. std can only
/// SIGKILL and the workspace denies `unsafe`, so the shell's built-in `kill` does it (the
/// `kill` binary is missing from minimal images).
pub fn signal(pids: &[u32], signal: &str) -> Result<()> {
    if pids.is_empty() {
        return Ok(());
    }
    Command::new("sh")
        .args([
            "-c",
            r#"sig=$1; shift; kill -s "$sig" "$@" 2>/dev/null; exit 0"#,
            "sh",
            signal,
        ])
        .args(pids.iter().map(u32::to_string))
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("sending SIG{signal}"))?;
    Ok(())
}

/// `root` and every process below it, parents before children.
pub fn tree(root: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    if let Ok(entries) = fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|name| name.parse::<u32>().ok())
            else {
                continue;
            };
            let stat = fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            if let Some((_, ppid)) = parse_stat(&stat) {
                children.entry(ppid).or_default().push(pid);
            }
        }
    }
    let mut found = vec![root];
    let mut next = 0;
    while let Some(&pid) = found.get(next) {
        if let Some(kids) = children.get(&pid) {
            found.extend(kids.iter().copied().filter(|kid| *kid != pid));
        }
        next += 1;
    }
    found
}

/// State letter and parent pid from `/proc/<pid>/stat`. The command name is in parentheses and
/// may itself contain spaces and parentheses, hence the last `)`.
fn parse_stat(stat: &str) -> Option<(char, u32)> {
    let after_name = stat.get(stat.rfind(')')? + 1..)?;
    let mut fields = after_name.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((state, ppid))
}

fn is_alive(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| parse_stat(&stat))
        .is_some_and(|(state, _)| state != 'Z' && state != 'X')
}

/// Proportional and resident set size in kB, from `/proc/<pid>/smaps_rollup`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    pub pss_kb: u64,
    pub rss_kb: u64,
}

/// Memory of one process; `None` when it vanished or is not readable.
pub fn memory(pid: u32) -> Option<Memory> {
    let rollup = fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    Some(parse_rollup(&rollup))
}

fn parse_rollup(rollup: &str) -> Memory {
    let kb = |rest: &str| -> u64 {
        rest.split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let mut memory = Memory::default();
    for line in rollup.lines() {
        // `Pss:` does not match `Pss_Anon:` and friends, which are parts of the total.
        if let Some(rest) = line.strip_prefix("Pss:") {
            memory.pss_kb = kb(rest);
        } else if let Some(rest) = line.strip_prefix("Rss:") {
            memory.rss_kb = kb(rest);
        }
    }
    memory
}

/// SIGTERM to `child` and its descendants, SIGKILL to whatever is left after `grace`, then reap.
pub fn stop_tree(child: &mut Child, grace: Duration) -> Result<()> {
    // Collected first: once the parent dies its children are re-parented and lost to us.
    let pids = tree(child.id());
    signal(&pids, "TERM")?;
    let deadline = Instant::now() + grace;
    loop {
        let root_gone = child.try_wait()?.is_some();
        let others_gone = pids.iter().skip(1).all(|pid| !is_alive(*pid));
        if root_gone && others_gone {
            return Ok(());
        }
        if Instant::now() >= deadline {
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<u32> = pids.into_iter().filter(|pid| is_alive(*pid)).collect();
    signal(&left, "KILL")?;
    child.wait()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_with_awkward_command_name() {
        let stat = "4242 (Web Content) (x)) S 17 4242 4242 0 -1 4194560 0 0";
        assert_eq!(parse_stat(stat), Some(('S', 17)));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn rollup_reads_totals_not_parts() {
        let rollup = "55d0-7ffd ---p 00000000 00:00 0 [rollup]\nRss: 2048 kB\nPss: 1024 kB\nPss_Anon: 512 kB\n";
        let memory = parse_rollup(rollup);
        assert_eq!((memory.pss_kb, memory.rss_kb), (1024, 2048));
    }

    #[test]
    fn own_process_is_in_its_tree() {
        assert_eq!(tree(std::process::id()).first(), Some(&std::process::id()));
    }

    #[test]
    fn stopping_a_tree_ends_grandchildren_too() {
        let mut child = Command::new("sh")
            .args(["-c", "sleep 30 & sleep 30; wait"])
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while tree(child.id()).len() < 3 && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
        let pids = tree(child.id());
        assert_eq!(pids.len(), 3, "sh and its two sleeps");
        assert!(
            pids.iter()
                .filter_map(|pid| memory(*pid))
                .all(|m| m.rss_kb > 0)
        );
        stop_tree(&mut child, Duration::from_secs(2)).unwrap();
        assert!(pids.iter().all(|pid| !is_alive(*pid)));
    }
}

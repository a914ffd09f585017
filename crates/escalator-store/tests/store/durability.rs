//! A writer process killed with SIGKILL at arbitrary moments loses nothing it acknowledged
//! and never leaves a damaged file.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use escalator_store::Store;
use rusqlite::Connection;

use crate::util::database_in;

const KILLS: u64 = 50;

#[test]
fn every_acknowledged_write_survives_a_kill_at_any_moment() {
    let dir = tempfile::tempdir().unwrap();
    let mut pseudo_random = Lcg(0x5eed_e5ca_1a70);
    let mut acknowledged = std::collections::BTreeSet::new();

    for run in 0..KILLS {
        let mut writer = Command::new(env!("CARGO_BIN_EXE_escalator-store-writer"))
            .arg(dir.path())
            .arg(run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(writer.stdout.take().unwrap()).lines();

        // Let it acknowledge a few writes, then kill it somewhere in the middle of the next
        // ones: sometimes at once, sometimes after a short, varying pause.
        let before_kill = pseudo_random.below(12);
        for _ in 0..before_kill {
            acknowledged.insert(lines.next().unwrap().unwrap());
        }
        std::thread::sleep(Duration::from_micros(pseudo_random.below(3_000)));
        writer.kill().unwrap();
        // Whatever it printed before dying was acknowledged too.
        acknowledged.extend(lines.map_while(Result::ok));
        writer.wait().unwrap();

        let check: String = Connection::open(database_in(dir.path()))
            .unwrap()
            .pragma_query_value(None, "integrity_check", |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok", "after kill {run}");
    }

    let store = Store::open_in(dir.path()).unwrap();
    let stored: std::collections::BTreeSet<String> = store
        .list_support_requests()
        .unwrap()
        .into_iter()
        .map(|sr| sr.id.to_string())
        .collect();
    let lost: Vec<_> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert!(
        acknowledged.len() as u64 >= KILLS,
        "the writers acknowledged too little to prove anything"
    );
}

/// A fixed-seed generator: the kill points vary within a run but every run is the same.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

//! A writer process killed with SIGKILL at arbitrary moments loses nothing it acknowledged,
//! never leaves a damaged file, and never leaves a record without its event or a broken
//! chain.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use escalator_core::SupportRequestId;
use escalator_core::timeline::{EventKind, verify};
use escalator_store::Store;
use rusqlite::Connection;

use crate::util::database_in;

const KILLS: u64 = 50;

/// What the writer acknowledged, one line each (see tests/writer/main.rs).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Acknowledged {
    SupportRequest(String),
    Event {
        stream: String,
        seq: u64,
        hash: String,
    },
}

fn parse(line: &str) -> Acknowledged {
    match line.split(' ').collect::<Vec<_>>()[..] {
        ["sr", id] => Acknowledged::SupportRequest(id.to_owned()),
        ["event", stream, seq, hash] => Acknowledged::Event {
            stream: stream.to_owned(),
            seq: seq.parse().unwrap(),
            hash: hash.to_owned(),
        },
        _ => panic!("the writer printed {line:?}"),
    }
}

#[test]
fn every_acknowledged_write_survives_a_kill_at_any_moment() {
    let dir = tempfile::tempdir().unwrap();
    let mut pseudo_random = Lcg(0x5eed_e5ca_1a70);
    let mut acknowledged = BTreeSet::new();

    for run in 0..KILLS {
        let mut writer = Command::new(env!("CARGO_BIN_EXE_escalator-store-writer"))
            .arg(dir.path())
            .arg(run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(writer.stdout.take().unwrap()).lines();

        // Let it acknowledge a few writes (three lines an iteration: the SR, its event, the
        // escalation's event), then kill it somewhere in the middle of the next ones:
        // sometimes at once, sometimes after a short, varying pause.
        let before_kill = pseudo_random.below(15);
        for _ in 0..before_kill {
            acknowledged.insert(parse(&lines.next().unwrap().unwrap()));
        }
        std::thread::sleep(Duration::from_micros(pseudo_random.below(3_000)));
        writer.kill().unwrap();
        // Whatever it printed before dying was acknowledged too.
        acknowledged.extend(lines.map_while(Result::ok).map(|line| parse(&line)));
        writer.wait().unwrap();

        let check: String = Connection::open(database_in(dir.path()))
            .unwrap()
            .pragma_query_value(None, "integrity_check", |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok", "after kill {run}");
    }

    let store = Store::open_in(dir.path()).unwrap();
    let mut lost = Vec::new();
    for ack in &acknowledged {
        match ack {
            Acknowledged::SupportRequest(id) => {
                let id = SupportRequestId(id.parse().unwrap());
                if store.support_request(id).unwrap().is_none() {
                    lost.push(ack);
                }
            }
            Acknowledged::Event { stream, seq, hash } => {
                let events = store.stream_events(stream).unwrap();
                let stored = events.iter().find(|e| e.seq == *seq);
                if stored.is_none_or(|e| e.hash.to_hex() != *hash) {
                    lost.push(ack);
                }
            }
        }
    }
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");

    // Every record came with its first event, and every chain holds, whether or not its
    // last write was acknowledged before the kill.
    let support_requests = store.list_support_requests().unwrap();
    let escalations = store.list_escalations().unwrap();
    let streams = support_requests
        .iter()
        .map(|sr| (sr.id.to_string(), EventKind::SrOpened))
        .chain(
            escalations
                .iter()
                .map(|row| (row.record.id.to_string(), EventKind::EscalationRequested)),
        );
    for (stream, first_kind) in streams {
        let events = store.stream_events(&stream).unwrap();
        assert_eq!(
            events.first().map(|e| e.kind),
            Some(first_kind),
            "stream {stream}"
        );
        assert!(
            verify(&events).is_intact(),
            "stream {stream}: {:?}",
            verify(&events)
        );
    }

    // The kill points must have hit every kind of write, or the test proves little.
    let srs: BTreeSet<&str> = acknowledged
        .iter()
        .filter_map(|a| match a {
            Acknowledged::SupportRequest(id) => Some(id.as_str()),
            Acknowledged::Event { .. } => None,
        })
        .collect();
    let escalation_seqs: Vec<u64> = acknowledged
        .iter()
        .filter_map(|a| match a {
            Acknowledged::Event { stream, seq, .. } if !srs.contains(stream.as_str()) => Some(*seq),
            _ => None,
        })
        .collect();
    let requested = escalation_seqs.iter().filter(|seq| **seq == 1).count();
    let notes = escalation_seqs.len() - requested;
    assert!(
        srs.len() as u64 >= KILLS && requested as u64 >= KILLS / 2 && notes as u64 >= KILLS / 2,
        "the writers acknowledged too little to prove anything: {} SRs, {requested} \
         escalations, {notes} notes",
        srs.len()
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

//! `escalator sync` against loopback Red Hat portals and the real keychain: every account
//! synced, one failing account reported with exit code 6 while the others still sync.

use std::ffi::OsStr;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use escalator_app::{App, FixedClock, NewVendorAccount};
use escalator_cli::Exit;
use escalator_vendor_fakes::red_hat::{self as red_hat_fake, OFFLINE_TOKEN, RedHatData, cases};
use escalator_vendors::Sensitive;

use crate::util::{Scratch, escalator_in};

/// The fake portals run on their own runtime: the command line builds its own, which must
/// not be nested inside another.
struct Portals {
    runtime: tokio::runtime::Runtime,
    scratch: Scratch,
}

impl Portals {
    fn new() -> Self {
        Self {
            runtime: tokio::runtime::Runtime::new().unwrap(),
            scratch: Scratch::new(),
        }
    }

    fn app(&self) -> App {
        let at = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
        App::open(&self.scratch.path("data"), Arc::new(FixedClock::new(at)))
    }

    /// A portal with `n` cases, and an account for it named `name` holding `token`.
    fn add(&self, name: &str, n: usize, token: &str) -> escalator_vendor_fakes::Loopback {
        let (server, _) = self.runtime.block_on(red_hat_fake::start(RedHatData {
            cases: cases(n),
            ..RedHatData::default()
        }));
        self.runtime
            .block_on(self.app().add_vendor_account(
                NewVendorAccount {
                    connector: "red_hat".into(),
                    name: name.into(),
                    base_url: server.url(),
                    user: "dana@example.com".into(),
                    vendor: "redhat".into(),
                },
                Sensitive::new(token.to_owned()),
            ))
            .unwrap();
        server
    }

    fn remove_all(&self) {
        let app = self.app();
        for account in app.vendor_accounts().unwrap() {
            self.runtime
                .block_on(app.remove_vendor_account(&account.id))
                .unwrap();
        }
    }
}

#[test]
fn every_account_is_synced_and_a_failing_one_does_not_stop_the_others() {
    let portals = Portals::new();
    let _good = portals.add("Red Hat production", 3, OFFLINE_TOKEN);
    let _stale = portals.add("Red Hat lab", 2, "a-revoked-token");
    let dir = portals.scratch.path("data");

    let run = escalator_in(&dir, [OsStr::new("sync")]);
    assert_eq!(run.exit, Exit::Vendor, "{run:?}");
    assert!(
        run.stdout
            .contains("Red Hat production: 3 cases read, 3 SRs added"),
        "{run:?}"
    );
    assert!(run.stderr.contains("error: Red Hat lab:"), "{run:?}");
    assert!(run.stderr.contains("credentials"), "{run:?}");
    assert_eq!(portals.app().list_support_requests().unwrap().len(), 3);

    let run = escalator_in(
        &dir,
        [
            OsStr::new("sync"),
            OsStr::new("--account"),
            OsStr::new("red hat production"),
        ],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert!(run.stdout.contains("0 SRs added"), "{run:?}");

    let run = escalator_in(
        &dir,
        [
            OsStr::new("sync"),
            OsStr::new("--account"),
            OsStr::new("Oracle"),
        ],
    );
    assert_eq!(run.exit, Exit::BadInput, "{run:?}");
    assert!(
        run.stderr
            .contains("the accounts are: Red Hat lab, Red Hat production"),
        "{run:?}"
    );
    portals.remove_all();
}

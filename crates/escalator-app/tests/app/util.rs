use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use escalator_app::{
    ApiError, App, Clock, EscalationRequestInput, EscalationView, FixedClock, Milestone,
    NewSupportRequest, PassedReview, Profile, ReadinessInput, SrDetails, SupportRequest,
    Technician, Timeline, Trigger, Workaround,
};
use tempfile::TempDir;

/// The moment every test starts at: 14:30 UTC, 15:30 in Berlin, on 27 November 2026.
pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 14, 30, 0).unwrap(),
    ))
}

pub fn open(dir: &Path) -> App {
    App::open(dir, clock())
}

pub fn input(vendor: &str, number: &str, title: &str, severity: i32) -> NewSupportRequest {
    NewSupportRequest {
        vendor: vendor.into(),
        vendor_sr_number: number.into(),
        title: title.into(),
        severity,
    }
}

pub fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// A user in Berlin who calls the Americas support line for their US subsidiary.
pub fn profile() -> Profile {
    Profile {
        name: "Dana Weber".into(),
        organisation: "ACME Logistics GmbH".into(),
        region: "Americas".into(),
        time_zone: "Europe/Berlin".into(),
    }
}

/// SR facts complete enough to escalate on, with a milestone a week ahead.
pub fn details() -> SrDetails {
    SrDetails {
        product: "vSphere 8.0 U3".into(),
        problem_statement: "vMotion fails between hosts esx01 and esx02 since 8.0 U3".into(),
        business_impact: "Maintenance window for 400 production VMs is blocked".into(),
        workaround: Workaround::Impractical {
            why: "Cold migration needs downtime the business refuses".into(),
        },
        milestone: Milestone::On {
            date: date(2026, 12, 5),
            what: "Datacentre move".into(),
        },
        technician: Technician {
            name: "Ana Lopez".into(),
            email: "ana.lopez@broadcom.example".into(),
            phone: "+1 555 0100".into(),
        },
    }
}

/// The review as the wizard sends it: the SR's facts, confirmed by the user.
pub fn readiness() -> ReadinessInput {
    ReadinessInput {
        problem_statement_confirmed: true,
        ..details().readiness_input()
    }
}

/// A review that passed, as the IPC could forge one (its fields are plain data).
pub fn forged_review() -> PassedReview {
    PassedReview {
        input: readiness(),
        reviewed_on: date(2026, 11, 27),
    }
}

pub fn field_names(err: &ApiError) -> Vec<&str> {
    err.fields.iter().map(|f| f.field.as_str()).collect()
}

/// The wizard's confirmation for `sr`, calling the Duty Manager (VMware's second channel).
pub fn request_input(sr: &SupportRequest, draft_id: Option<String>) -> EscalationRequestInput {
    EscalationRequestInput {
        draft_id,
        support_request_id: sr.id.to_string(),
        title: "vMotion outage blocks the datacentre move".into(),
        triggers: vec![Trigger::Roadblock, Trigger::CriticalImpact],
        readiness: readiness(),
        channel: 1,
    }
}

/// A data folder with the profile saved, an App over it and the clock it runs on.
pub struct Desk {
    pub clock: Arc<FixedClock>,
    pub app: App,
    // Dropped last: the App's database lives in it.
    pub dir: TempDir,
}

impl Desk {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock = clock();
        let app = App::open(dir.path(), clock.clone());
        app.save_profile(profile()).unwrap();
        Self { clock, app, dir }
    }

    /// The same desk with its App changed (e.g. given test keychain and HTTP settings).
    pub fn map_app(self, change: impl FnOnce(App) -> App) -> Self {
        let Self { clock, app, dir } = self;
        Self {
            clock,
            app: change(app),
            dir,
        }
    }

    /// The same folder opened again, as after a restart.
    pub fn reopen(self) -> Self {
        let Self { clock, app, dir } = self;
        drop(app);
        let app = App::open(dir.path(), clock.clone());
        Self { clock, app, dir }
    }

    /// Writes to the database file behind Escalator's back, as a hand edit or another
    /// version would, with the App closed; then opens it again.
    pub fn edit_database(self, edit: impl FnOnce(&rusqlite::Connection)) -> Self {
        let Self { clock, app, dir } = self;
        drop(app);
        let conn = rusqlite::Connection::open(dir.path().join("escalator.sqlite3")).unwrap();
        edit(&conn);
        drop(conn);
        let app = App::open(dir.path(), clock.clone());
        Self { clock, app, dir }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn advance_minutes(&self, minutes: i64) {
        self.clock.advance(TimeDelta::minutes(minutes));
    }

    /// An SR of `vendor` with the facts of [`details`].
    pub fn sr(&self, vendor: &str, number: &str, severity: i32) -> SupportRequest {
        let sr = self
            .app
            .create_support_request(input(vendor, number, "vMotion fails", severity))
            .unwrap();
        self.app
            .update_support_request_details(&sr.id.to_string(), details())
            .unwrap()
    }

    /// A VMware SR, escalated through the wizard's confirmation.
    pub fn escalation(&self, number: &str) -> EscalationView {
        let sr = self.sr("vmware", number, 2);
        self.app
            .request_escalation(request_input(&sr, None))
            .unwrap()
    }

    pub fn timeline(&self, escalation: &str) -> Timeline {
        self.app.escalation_timeline(escalation).unwrap()
    }

    /// Events on the escalation's own stream.
    pub fn own_events(&self, escalation: &str) -> usize {
        self.timeline(escalation)
            .entries
            .iter()
            .filter(|e| e.stream == escalation)
            .count()
    }
}

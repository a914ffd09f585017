//! Escalator's user actions: one method per thing a user does, over an [`App`] that owns the
//! store, the clock and the vendor catalogue.
//!
//! The desktop shell, the benchmarks and the tests all drive Escalator through this crate,
//! so the shell's commands stay one-line adapters and every action is testable without a
//! window. It turns domain and storage failures into the closed set of [`ErrorCode`]s the UI
//! matches on.
//!
//! It knows no Tauri and no SQL, and does not decide where data lives: the shell passes the
//! data folder in.

mod app;
mod clock;
mod dashboard;
mod error;
mod escalations;
mod files;
mod playbooks;
mod profile;
mod reminders;
mod reports;
mod running;
pub mod sample;
mod search;
mod support_requests;
mod timeline;
mod vendor_sync;
mod vendors;
mod wizard;

pub use app::{App, AppStatus};
pub use clock::{Clock, FixedClock, SystemClock};
pub use dashboard::{Dashboard, DayCount, NamedCount, StateCount, VendorTrend};
pub use error::{ApiError, ErrorCode};
pub use escalations::{
    ActionAvailability, EscalationSummary, EscalationView, SupportRequestHistory,
};
pub use escalator_core::action_item::{ActionItem, ItemSource, ItemStatus, Side};
pub use escalator_core::cadence::{
    BusinessHours, Cadence, CadenceState, CommunicationPlan, IntervalUnit, UpdateMode,
    VendorUpdate, Weekday,
};
pub use escalator_core::conference_call::{
    Attendee, CallMinutes, CallPlan, ConferenceCall, Recurrence, Repeat, SeriesEnd, ZoneRow,
};
pub use escalator_core::escalation::{
    ActionKind, DeEscalationCriteria, EscalationState, Feedback, LifecycleAction, Milestone,
    PassedReview, ReEscalationReason, ReadinessInput, Recommendation, Trigger, Workaround,
};
pub use escalator_core::escalation_record::{Contact, ContactRole, Route};
pub use escalator_core::playbook::Playbook;
pub use escalator_core::profile::Profile;
pub use escalator_core::sr_details::{SeverityChange, SeverityChangeReason, SrDetails, Technician};
pub use escalator_core::third_party::{
    EngagedVia, EngagementDetails, EngagementStatus, ThirdPartyEngagement,
};
pub use escalator_core::{FieldError, NewSupportRequest, SeverityLevel, SrStatus, Vendor};
/// The database's file name inside a data folder, for tools that check a folder first.
pub use escalator_store::DATABASE_FILE_NAME;
pub use playbooks::{PlaybookEntry, PlaybookOrigin};
pub use reminders::{
    ActionItemList, CadenceEntry, CallToday, ItemCounts, ItemFilter, QuietHours, Reminder,
    ReminderBatch, ReminderKind, ReminderSettings, TodayView,
};
pub use reports::{
    ExportRecord, ImportSummary, ReportFile, ReportFormat, ReportProgress, ReportRequest, Selection,
};
pub use running::{
    ActionItemInput, ActionItemView, CallPreview, CallView, MinutesInput, OccurrenceView, PlanView,
    RunningEscalation, SavedFile, VendorUpdateInput,
};
pub use search::{HitKind, SearchHit};
pub use support_requests::SupportRequest;
pub use timeline::{ChainCheck, Timeline, TimelineEntry};
pub use vendor_sync::{
    AccountAbilities, CaseLinkView, ConnectionCheck, DeliveryState, KEYCHAIN_SERVICE,
    NewVendorAccount, OutboxItem, SyncProgress, SyncReport, VendorAccount, VendorAction,
};
pub use wizard::{EscalationRequestInput, RoutePlan, Situation, WizardDraft, WizardStep};

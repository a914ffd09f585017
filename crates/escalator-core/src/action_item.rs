//! Action items of an escalation: who does what by when, on which side, and how long the
//! work waited on the vendor or on us.
//!
//! Waiting time is accumulated at each status change rather than reconstructed from the
//! timeline, so the scorecard's "time waiting on the vendor" survives edits and exports.
//!
//! It reads no clock; it does not decide what is overdue "today" (that needs the user's
//! zone, which the app has).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::conference_call::CallId;
use crate::escalation_record::{EscalationId, Stamp};
use crate::sr_details::MAX_SHORT_CHARS;
use crate::timeline::{EventKind, NewEvent};
use crate::validation::{FieldErrors, ValidationError, in_supported_years, years_message};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct ActionItemId(pub Uuid);

impl std::fmt::Display for ActionItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Whose move it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Us,
    Vendor,
    ThirdParty,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Self::Us => "us",
            Self::Vendor => "vendor",
            Self::ThirdParty => "third party",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Open,
    InProgress,
    WaitingOnVendor,
    WaitingOnUs,
    Done,
    Dropped,
}

impl ItemStatus {
    pub const ALL: [Self; 6] = [
        Self::Open,
        Self::InProgress,
        Self::WaitingOnVendor,
        Self::WaitingOnUs,
        Self::Done,
        Self::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::WaitingOnVendor => "waiting_on_vendor",
            Self::WaitingOnUs => "waiting_on_us",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == word)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in progress",
            Self::WaitingOnVendor => "waiting on vendor",
            Self::WaitingOnUs => "waiting on us",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }

    /// Done and dropped items are finished: no reminders, not overdue.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Dropped)
    }
}

/// Where the item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "from",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ItemSource {
    /// The action plan, or added by hand while running the escalation.
    Plan,
    /// The minutes of one occurrence of a call.
    Call {
        call: CallId,
        occurrence: DateTime<Utc>,
    },
}

/// What the user edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemDetails {
    pub title: String,
    pub owner: String,
    pub side: Side,
    pub due: Option<DateTime<Utc>>,
}

impl ItemDetails {
    pub fn validate(&self) -> Result<ItemDetails, ValidationError> {
        let mut errors = FieldErrors::default();
        let title = self.title.trim();
        let owner = self.owner.trim();
        if title.is_empty() {
            errors.add("title", "Say what has to be done.");
        }
        if owner.is_empty() {
            errors.add("owner", "Say who owns it.");
        }
        for (field, text) in [("title", title), ("owner", owner)] {
            if text.chars().count() > MAX_SHORT_CHARS {
                errors.add(field, format!("At most {MAX_SHORT_CHARS} characters."));
            }
        }
        if self
            .due
            .is_some_and(|due| !in_supported_years(due.date_naive()))
        {
            errors.add("due", years_message());
        }
        errors.into_result()?;
        Ok(ItemDetails {
            title: title.to_owned(),
            owner: owner.to_owned(),
            side: self.side,
            due: self.due,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActionItem {
    pub id: ActionItemId,
    pub escalation: EscalationId,
    pub details: ItemDetails,
    pub status: ItemStatus,
    pub source: ItemSource,
    /// When the current status began.
    pub status_since: DateTime<Utc>,
    /// Time spent in "waiting on vendor" before the current status.
    // A JS number holds any realistic count of seconds exactly.
    #[specta(type = f64)]
    pub waited_on_vendor_seconds: i64,
    /// Time spent in "waiting on us" before the current status.
    // A JS number holds any realistic count of seconds exactly.
    #[specta(type = f64)]
    pub waited_on_us_seconds: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ActionItem {
    pub fn create(
        id: ActionItemId,
        escalation: EscalationId,
        details: &ItemDetails,
        source: ItemSource,
        stamp: &Stamp,
    ) -> Result<(ActionItem, NewEvent), ValidationError> {
        let details = details.validate()?;
        let item = ActionItem {
            id,
            escalation,
            details,
            status: ItemStatus::Open,
            source,
            status_since: stamp.at,
            waited_on_vendor_seconds: 0,
            waited_on_us_seconds: 0,
            created_at: stamp.at,
            updated_at: stamp.at,
        };
        let event = stamp.event(
            EventKind::ActionItemChanged,
            format!(
                "Action item added: {} (owner {}, {})",
                item.details.title,
                item.details.owner,
                item.details.side.label()
            ),
            json!({ "item": item.id, "status": item.status, "side": item.details.side, "due": item.details.due }),
        );
        Ok((item, event))
    }

    /// Changes what the item says and its status at once. `None` when nothing changed.
    pub fn edit(
        &mut self,
        details: &ItemDetails,
        status: ItemStatus,
        stamp: &Stamp,
    ) -> Result<Option<NewEvent>, ValidationError> {
        let details = details.validate()?;
        if details == self.details && status == self.status {
            return Ok(None);
        }
        let mut changes = Vec::new();
        if details.title != self.details.title {
            changes.push(format!("title \u{201c}{}\u{201d}", details.title));
        }
        if details.owner != self.details.owner || details.side != self.details.side {
            changes.push(format!(
                "owner {} ({})",
                details.owner,
                details.side.label()
            ));
        }
        if details.due != self.details.due {
            changes.push(match details.due {
                Some(due) => format!("due {}", due.format("%Y-%m-%d %H:%M UTC")),
                None => "no due date".to_owned(),
            });
        }
        if status != self.status {
            let waited = (stamp.at - self.status_since).num_seconds().max(0);
            match self.status {
                ItemStatus::WaitingOnVendor => self.waited_on_vendor_seconds += waited,
                ItemStatus::WaitingOnUs => self.waited_on_us_seconds += waited,
                _ => {}
            }
            self.status_since = stamp.at;
            changes.push(status.label().to_owned());
        }
        let from = self.status;
        self.details = details;
        self.status = status;
        self.updated_at = stamp.at;
        Ok(Some(stamp.event(
            EventKind::ActionItemChanged,
            format!(
                "Action item \u{201c}{}\u{201d}: {}",
                self.details.title,
                changes.join(", ")
            ),
            json!({ "item": self.id, "from": from, "status": status, "side": self.details.side }),
        )))
    }

    /// Seconds waited on the vendor and on us up to `now`, counting the current status.
    pub fn waiting_seconds(&self, now: DateTime<Utc>) -> (i64, i64) {
        let current = (now - self.status_since).num_seconds().max(0);
        match self.status {
            ItemStatus::WaitingOnVendor => (
                self.waited_on_vendor_seconds + current,
                self.waited_on_us_seconds,
            ),
            ItemStatus::WaitingOnUs => (
                self.waited_on_vendor_seconds,
                self.waited_on_us_seconds + current,
            ),
            _ => (self.waited_on_vendor_seconds, self.waited_on_us_seconds),
        }
    }

    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        !self.status.is_finished() && self.details.due.is_some_and(|due| due < now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn stamp(at: DateTime<Utc>) -> Stamp {
        Stamp {
            at,
            zone: "Europe/Berlin".to_owned(),
            actor: "Dana".to_owned(),
        }
    }

    fn details(title: &str, owner: &str, side: Side, due: Option<DateTime<Utc>>) -> ItemDetails {
        ItemDetails {
            title: title.to_owned(),
            owner: owner.to_owned(),
            side,
            due,
        }
    }

    fn logs() -> ItemDetails {
        details(
            "Send the support bundle",
            "Dana",
            Side::Us,
            Some(utc(2026, 6, 5, 16, 0)),
        )
    }

    fn fields(error: &ValidationError) -> Vec<&str> {
        error.fields.iter().map(|f| f.field.as_str()).collect()
    }

    /// An item created at 2026-06-01 08:00 UTC.
    fn item() -> ActionItem {
        ActionItem::create(
            ActionItemId(Uuid::from_u128(1)),
            EscalationId(Uuid::from_u128(2)),
            &logs(),
            ItemSource::Plan,
            &stamp(utc(2026, 6, 1, 8, 0)),
        )
        .unwrap()
        .0
    }

    #[test]
    fn a_new_item_is_open_trimmed_and_recorded() {
        let id = ActionItemId(Uuid::from_u128(1));
        let source = ItemSource::Call {
            call: CallId(Uuid::from_u128(3)),
            occurrence: utc(2026, 6, 1, 7, 0),
        };
        let (item, event) = ActionItem::create(
            id,
            EscalationId(Uuid::from_u128(2)),
            &details("  Collect logs  ", " Jonas (Dell) ", Side::Vendor, None),
            source,
            &stamp(utc(2026, 6, 1, 8, 0)),
        )
        .unwrap();
        assert_eq!(item.details.title, "Collect logs");
        assert_eq!(item.details.owner, "Jonas (Dell)");
        assert_eq!(item.status, ItemStatus::Open);
        assert_eq!(item.source, source);
        assert_eq!(item.status_since, utc(2026, 6, 1, 8, 0));
        assert_eq!(item.created_at, utc(2026, 6, 1, 8, 0));
        assert_eq!(item.waiting_seconds(utc(2026, 6, 9, 0, 0)), (0, 0));
        assert_eq!(event.kind, EventKind::ActionItemChanged);
        assert_eq!(event.at, utc(2026, 6, 1, 8, 0));
        assert_eq!(event.actor, "Dana");
        assert_eq!(
            event.summary,
            "Action item added: Collect logs (owner Jonas (Dell), vendor)"
        );
        assert_eq!(event.details["status"], json!("open"));
    }

    #[test]
    fn an_item_needs_a_title_and_an_owner() {
        let now = stamp(utc(2026, 6, 1, 8, 0));
        let id = ActionItemId(Uuid::from_u128(1));
        let escalation = EscalationId(Uuid::from_u128(2));
        let error = ActionItem::create(
            id,
            escalation,
            &details(" ", "\t", Side::Us, None),
            ItemSource::Plan,
            &now,
        )
        .unwrap_err();
        assert_eq!(fields(&error), vec!["title", "owner"]);
        let long = "x".repeat(MAX_SHORT_CHARS + 1);
        let error = ActionItem::create(
            id,
            escalation,
            &details(&long, "Dana", Side::Us, None),
            ItemSource::Plan,
            &now,
        )
        .unwrap_err();
        assert_eq!(fields(&error), vec!["title"]);
    }

    #[test]
    fn an_edit_that_changes_nothing_records_nothing() {
        let mut item = item();
        let before = item.clone();
        let same = ItemDetails {
            title: "  Send the support bundle ".to_owned(),
            ..logs()
        };
        let outcome = item
            .edit(&same, ItemStatus::Open, &stamp(utc(2026, 6, 2, 8, 0)))
            .unwrap();
        assert_eq!(outcome, None);
        assert_eq!(item, before);
    }

    #[test]
    fn an_edit_says_what_changed() {
        let mut item = item();
        let changed = details(
            "Send the support bundle and core dump",
            "Jonas",
            Side::Vendor,
            None,
        );
        let event = item
            .edit(
                &changed,
                ItemStatus::InProgress,
                &stamp(utc(2026, 6, 2, 8, 0)),
            )
            .unwrap()
            .unwrap();
        assert_eq!(event.kind, EventKind::ActionItemChanged);
        assert_eq!(event.at, utc(2026, 6, 2, 8, 0));
        assert_eq!(
            event.summary,
            "Action item \u{201c}Send the support bundle and core dump\u{201d}: \
             title \u{201c}Send the support bundle and core dump\u{201d}, owner Jonas (vendor), \
             no due date, in progress"
        );
        assert_eq!(event.details["from"], json!("open"));
        assert_eq!(event.details["status"], json!("in_progress"));
        assert_eq!(item.details, changed);
        assert_eq!(item.status, ItemStatus::InProgress);
        assert_eq!(item.status_since, utc(2026, 6, 2, 8, 0));
        assert_eq!(item.updated_at, utc(2026, 6, 2, 8, 0));
        assert_eq!(item.created_at, utc(2026, 6, 1, 8, 0));

        // A new due date alone.
        let due = ItemDetails {
            due: Some(utc(2026, 6, 9, 15, 30)),
            ..changed
        };
        let event = item
            .edit(&due, ItemStatus::InProgress, &stamp(utc(2026, 6, 3, 8, 0)))
            .unwrap()
            .unwrap();
        assert!(
            event.summary.ends_with(": due 2026-06-09 15:30 UTC"),
            "{}",
            event.summary
        );
        // Changing only the text leaves the status clock alone.
        assert_eq!(item.status_since, utc(2026, 6, 2, 8, 0));
    }

    #[test]
    fn an_invalid_edit_changes_nothing() {
        let mut item = item();
        let before = item.clone();
        let error = item
            .edit(
                &details("", "Dana", Side::Us, None),
                ItemStatus::Done,
                &stamp(utc(2026, 6, 2, 8, 0)),
            )
            .unwrap_err();
        assert_eq!(fields(&error), vec!["title"]);
        assert_eq!(item, before);
    }

    #[test]
    fn waiting_time_accumulates_per_side_across_status_changes() {
        let mut item = item(); // open since 06-01 08:00
        let hour = 3600;
        let mut set = |status, at| {
            item.edit(&logs(), status, &stamp(at)).unwrap().unwrap();
            item.clone()
        };
        // Waiting on the vendor 08:00 → 14:00 (6 h).
        set(ItemStatus::WaitingOnVendor, utc(2026, 6, 1, 8, 0));
        let now = set(ItemStatus::WaitingOnUs, utc(2026, 6, 1, 14, 0));
        assert_eq!(now.waited_on_vendor_seconds, 6 * hour);
        assert_eq!(now.waited_on_us_seconds, 0);
        // Waiting on us 14:00 → 16:30 (2.5 h).
        let now = set(ItemStatus::WaitingOnVendor, utc(2026, 6, 1, 16, 30));
        assert_eq!(now.waited_on_us_seconds, 5 * hour / 2);
        // Vendor again 16:30 → next day 10:30 (18 h), then done.
        let done = set(ItemStatus::Done, utc(2026, 6, 2, 10, 30));
        assert_eq!(done.waited_on_vendor_seconds, 24 * hour);
        assert_eq!(done.waited_on_us_seconds, 5 * hour / 2);
        // Finished work waits no longer, however late we look.
        assert_eq!(
            done.waiting_seconds(utc(2026, 7, 1, 0, 0)),
            (24 * hour, 5 * hour / 2)
        );
    }

    #[test]
    fn waiting_seconds_count_the_status_still_running() {
        let mut item = item();
        item.edit(
            &logs(),
            ItemStatus::WaitingOnUs,
            &stamp(utc(2026, 6, 1, 9, 0)),
        )
        .unwrap();
        assert_eq!(item.waiting_seconds(utc(2026, 6, 1, 9, 0)), (0, 0));
        assert_eq!(item.waiting_seconds(utc(2026, 6, 1, 10, 0)), (0, 3600));
        // A "now" before the status began (a skewed clock) counts nothing, never less.
        assert_eq!(item.waiting_seconds(utc(2026, 6, 1, 8, 0)), (0, 0));
        item.edit(
            &logs(),
            ItemStatus::WaitingOnVendor,
            &stamp(utc(2026, 6, 1, 11, 0)),
        )
        .unwrap();
        assert_eq!(
            item.waiting_seconds(utc(2026, 6, 1, 11, 30)),
            (1800, 2 * 3600)
        );
        // Open, in progress and dropped are nobody's wait.
        item.edit(
            &logs(),
            ItemStatus::InProgress,
            &stamp(utc(2026, 6, 1, 12, 0)),
        )
        .unwrap();
        assert_eq!(
            item.waiting_seconds(utc(2026, 6, 3, 0, 0)),
            (3600, 2 * 3600)
        );
    }

    #[test]
    fn an_item_is_overdue_only_after_its_due_time_and_while_unfinished() {
        let due = utc(2026, 6, 5, 16, 0);
        let mut item = item();
        assert!(!item.is_overdue(due - TimeDelta::seconds(1)));
        assert!(!item.is_overdue(due));
        assert!(item.is_overdue(due + TimeDelta::seconds(1)));
        for status in [
            ItemStatus::InProgress,
            ItemStatus::WaitingOnVendor,
            ItemStatus::WaitingOnUs,
        ] {
            item.edit(&logs(), status, &stamp(utc(2026, 6, 2, 8, 0)))
                .unwrap();
            assert!(item.is_overdue(utc(2026, 6, 6, 0, 0)), "{status:?}");
        }
        for status in [ItemStatus::Done, ItemStatus::Dropped] {
            item.edit(&logs(), status, &stamp(utc(2026, 6, 2, 8, 0)))
                .unwrap();
            assert!(!item.is_overdue(utc(2026, 6, 6, 0, 0)), "{status:?}");
        }
        let undated = ItemDetails {
            due: None,
            ..logs()
        };
        item.edit(&undated, ItemStatus::Open, &stamp(utc(2026, 6, 2, 8, 0)))
            .unwrap();
        assert!(!item.is_overdue(utc(2030, 1, 1, 0, 0)));
    }

    #[test]
    fn statuses_round_trip_through_their_words() {
        for status in ItemStatus::ALL {
            assert_eq!(ItemStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                json!(status.as_str())
            );
        }
        assert_eq!(ItemStatus::parse("waiting"), None);
    }
}

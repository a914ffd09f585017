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
use crate::validation::{FieldErrors, ValidationError};

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
    pub waited_on_vendor_seconds: i64,
    /// Time spent in "waiting on us" before the current status.
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

//! What every vendor connector offers, in Escalator's words: cases, comments, and the few
//! things a customer may ask of a vendor (comment, change severity, request a management
//! escalation, take a transition).
//!
//! A connector turns the vendor's JSON into these types and these calls into the vendor's
//! requests, nothing more: it keeps no state but its access token, and it does not decide
//! when to sync, what changed locally, or whether an action was sent before (the sync engine
//! and its outbox in escalator-app do, asking [`Connector::already_delivered`] after a send
//! that was never acknowledged).

use std::future::Future;

use chrono::{DateTime, Utc};
use escalator_core::SrStatus;
use serde::{Deserialize, Serialize};

use crate::VendorError;

/// The vendor APIs Escalator speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorKind {
    /// Red Hat Customer Portal case API.
    RedHat,
    /// Zendesk Requests API, as an end user.
    Zendesk,
    /// Jira Service Management customer API.
    JiraServiceManagement,
}

impl ConnectorKind {
    pub const ALL: [ConnectorKind; 3] = [
        ConnectorKind::RedHat,
        ConnectorKind::Zendesk,
        ConnectorKind::JiraServiceManagement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConnectorKind::RedHat => "red_hat",
            ConnectorKind::Zendesk => "zendesk",
            ConnectorKind::JiraServiceManagement => "jira_service_management",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == word)
    }

    pub fn name(self) -> &'static str {
        match self {
            ConnectorKind::RedHat => "Red Hat Customer Portal",
            ConnectorKind::Zendesk => "Zendesk",
            ConnectorKind::JiraServiceManagement => "Jira Service Management",
        }
    }

    /// What each API lets a customer do.
    pub fn capabilities(self) -> Capabilities {
        match self {
            ConnectorKind::RedHat => Capabilities {
                list: true,
                comment: true,
                change_severity: true,
                request_escalation: true,
                transitions: false,
            },
            // End users cannot change a request's priority; an escalation is a comment.
            ConnectorKind::Zendesk => Capabilities {
                list: true,
                comment: true,
                change_severity: false,
                request_escalation: true,
                transitions: false,
            },
            // Customers cannot edit priority; a vendor's "Escalate" transition is the
            // escalation when the vendor offers one, else a comment.
            ConnectorKind::JiraServiceManagement => Capabilities {
                list: true,
                comment: true,
                change_severity: false,
                request_escalation: true,
                transitions: true,
            },
        }
    }
}

/// What a connector can do; the UI offers only these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Capabilities {
    pub list: bool,
    pub comment: bool,
    pub change_severity: bool,
    pub request_escalation: bool,
    pub transitions: bool,
}

/// A case as the vendor has it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorCase {
    /// The vendor's number or key ("04012345", "8812", "ACME-123").
    pub key: String,
    pub summary: String,
    /// The vendor's own word for the status ("Waiting on Red Hat").
    pub status: String,
    pub sr_status: SrStatus,
    /// 1 (most severe) to 4, where the vendor has a severity or priority.
    pub severity: Option<u8>,
    pub product: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Where a person sees the case in a browser.
    pub web_url: Option<String>,
}

/// A public comment on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorComment {
    pub id: String,
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// Written by the vendor's staff rather than the customer.
    pub from_vendor: bool,
}

/// One page of changed cases, newest change first or in the vendor's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePage {
    pub cases: Vec<VendorCase>,
    /// Where the next page starts; none when this was the last page to read.
    pub next: Option<String>,
}

/// A customer transition a vendor offers on a request (JSM).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub id: String,
    pub name: String,
}

/// Something the customer asks of the vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Outbound {
    Comment {
        body: String,
    },
    ChangeSeverity {
        level: u8,
        reason: String,
    },
    /// Ask for management attention; `reason` is what the vendor's manager reads.
    RequestEscalation {
        reason: String,
    },
    Transition {
        id: String,
        comment: String,
    },
}

/// A vendor support API as the sync engine uses it.
///
/// The futures are `Send` so a sync can run on any runtime thread.
pub trait Connector: Send + Sync {
    fn kind(&self) -> ConnectorKind;

    fn capabilities(&self) -> Capabilities {
        self.kind().capabilities()
    }

    /// Signs in and reads one page: "test connection". Answers who the vendor says we are,
    /// where it says so, else the account's user.
    fn check(&self) -> impl Future<Output = Result<String, VendorError>> + Send;

    /// Cases changed since `since` (all cases when none), one page at a time from `cursor`.
    fn changed_cases(
        &self,
        since: Option<DateTime<Utc>>,
        cursor: Option<&str>,
    ) -> impl Future<Output = Result<CasePage, VendorError>> + Send;

    fn case(&self, key: &str) -> impl Future<Output = Result<VendorCase, VendorError>> + Send;

    /// Public comments on a case, oldest first, created after `since` when given.
    fn comments(
        &self,
        key: &str,
        since: Option<DateTime<Utc>>,
    ) -> impl Future<Output = Result<Vec<VendorComment>, VendorError>> + Send;

    /// The customer transitions the vendor offers on this case now.
    fn transitions(
        &self,
        key: &str,
    ) -> impl Future<Output = Result<Vec<Transition>, VendorError>> + Send;

    /// Sends one action. Not idempotent in general: the outbox asks
    /// [`Connector::already_delivered`] before sending again what may have gone out.
    fn send(
        &self,
        key: &str,
        action: &Outbound,
    ) -> impl Future<Output = Result<(), VendorError>> + Send;

    /// Whether `action`, attempted at `attempted_at` without an answer (a crash, a lost
    /// connection), reached the vendor: its comment is there, the severity is already set.
    fn already_delivered(
        &self,
        key: &str,
        action: &Outbound,
        attempted_at: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, VendorError>> + Send;
}

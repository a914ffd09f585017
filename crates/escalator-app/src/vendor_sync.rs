//! Vendor accounts and sync: adding an account (its secret goes to the OS keychain and
//! nowhere else), testing and removing it, linking SRs to vendor cases, syncing cases and
//! comments in, and the outbox that delivers what the user asked of a vendor exactly once.
//!
//! Field ownership: the vendor owns an SR's status, its severity (unless a severity change
//! of ours is still waiting in the outbox) and the vendor's own status words; the title,
//! the SR details and everything written in Escalator are ours and a sync never overwrites
//! them. A vendor comment on an SR of a running escalation is a vendor update and counts
//! toward its communication plan, keyed by the comment's identity so a re-sync adds nothing.
//!
//! Delivery: an entry is marked attempted (committed to disk) before it is sent; one found
//! attempted but not acknowledged — a crash, a timeout — is first checked with the vendor
//! ([`Connector::already_delivered`]) and sent again only if it did not arrive.
//!
//! It speaks no HTTP (escalator-vendors does) and schedules nothing: the shell's timer and
//! `escalator sync` call [`App::sync_account`].

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use escalator_core::cadence::{UpdateMode, VendorUpdate};
use escalator_core::escalation::MAX_TEXT_CHARS;
use escalator_core::escalation_record::{EscalationId, Stamp};
use escalator_core::sr_details::ValidSeverityChange;
use escalator_core::timeline::{EventKind, NewEvent};
use escalator_core::{NewSupportRequest, Severity, SupportRequestId, SupportRequestRecord};
use escalator_store::{CaseLink, OutboxEntry, Store, StoredAccount, SyncedCase, SyncedUpdate};
use escalator_vendors::account::{AccountAddress, AccountConnector};
use escalator_vendors::connector::{Connector, ConnectorKind, Outbound, VendorCase};
use escalator_vendors::keychain::KeychainError;
use escalator_vendors::{Sensitive, VendorError};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ErrorCode;
use crate::support_requests::uuid_at;
use crate::{ApiError, App};

/// The service name of Escalator's entries in the OS keychain.
pub const KEYCHAIN_SERVICE: &str = "dev.escalator.desktop";
/// How often an account is synced on its own.
pub const SYNC_INTERVAL: TimeDelta = TimeDelta::minutes(15);
/// How soon a failed sync is tried again.
pub const RETRY_INTERVAL: TimeDelta = TimeDelta::minutes(5);
/// Namespace of the ids of vendor updates made from comments (UUID v5 of account, case and
/// comment), so the same comment is the same update however often it is synced.
const COMMENT_UPDATES: Uuid = Uuid::from_u128(0x6f1e_0c5a_9b7d_4c3e_8a21_5d4f_3e2b_1a09);

/// The accounts this process is syncing right now.
#[derive(Debug, Default)]
pub(crate) struct Syncing(std::sync::Mutex<std::collections::HashSet<Uuid>>);

/// Held for the length of one account's sync; lets the next one start when dropped.
struct SyncTurn<'a> {
    syncing: &'a Syncing,
    account: Uuid,
}

impl Syncing {
    fn start(&self, account: Uuid) -> Option<SyncTurn<'_>> {
        let newly = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(account);
        // Built only when this call took the turn: a turn dropped unused would end another's
        // (and, built under the lock, would wait for that lock forever).
        if newly {
            Some(SyncTurn {
                syncing: self,
                account,
            })
        } else {
            None
        }
    }
}

impl Drop for SyncTurn<'_> {
    fn drop(&mut self) {
        self.syncing
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&self.account);
    }
}

/// What the admin types to add an account; the secret comes beside it, once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewVendorAccount {
    /// `red_hat`, `zendesk` or `jira_service_management`.
    pub connector: String,
    pub name: String,
    pub base_url: String,
    /// The sign-in e-mail (Zendesk, Jira); for Red Hat, who the offline token belongs to.
    pub user: String,
    /// The catalogue vendor its SRs belong to (e.g. `redhat`).
    pub vendor: String,
}

/// What a connector lets the user ask of the vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountAbilities {
    pub comment: bool,
    pub change_severity: bool,
    pub request_escalation: bool,
}

/// An account as Settings shows it. It never carries the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VendorAccount {
    pub id: String,
    pub connector: String,
    pub connector_name: String,
    pub name: String,
    pub base_url: String,
    pub user: String,
    pub vendor: String,
    pub can: AccountAbilities,
    pub created_at: DateTime<Utc>,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub next_sync_at: Option<DateTime<Utc>>,
    /// Why the last sync failed, in words the admin can act on; none when it worked.
    pub last_error: Option<ApiError>,
    /// Actions waiting to be delivered.
    pub queued: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCheck {
    pub message: String,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    pub cases_read: u32,
    pub support_requests_added: u32,
    pub support_requests_changed: u32,
    pub updates_received: u32,
    pub delivered: u32,
    pub refused: u32,
}

/// How far a sync has got, for a progress bar during a large first import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub cases_read: u32,
    pub label: String,
}

/// What the user asks of the vendor on a linked SR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum VendorAction {
    Comment {
        body: String,
    },
    ChangeSeverity {
        level: u8,
        reason: String,
    },
    RequestEscalation {
        reason: String,
    },
    /// Confirms on the case the de-escalation agreed in the SR's escalation, quoting it.
    DeEscalationAgreement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Queued,
    /// Sent, but the vendor's answer never came; checked before any second send.
    InDoubt,
    Delivered,
    Refused,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItem {
    pub id: String,
    pub what: String,
    pub queued_at: DateTime<Utc>,
    pub state: DeliveryState,
    pub delivered_at: Option<DateTime<Utc>>,
    pub refusal: Option<String>,
}

/// An SR's link to its vendor case, with what waits to be delivered there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CaseLinkView {
    pub account_id: String,
    pub account_name: String,
    pub case_key: String,
    /// Opened in the system browser (https only).
    pub web_url: Option<String>,
    pub vendor_status: String,
    pub vendor_updated_at: Option<DateTime<Utc>>,
    pub can: AccountAbilities,
    pub outbox: Vec<OutboxItem>,
    /// The de-escalation agreed in the SR's escalation, which can be posted to the case.
    pub de_escalation_agreement: Option<String>,
}

impl From<VendorError> for ApiError {
    fn from(err: VendorError) -> Self {
        let code = match &err {
            VendorError::CredentialsRejected => ErrorCode::CredentialsRejected,
            VendorError::Keychain(_) => ErrorCode::KeychainUnavailable,
            VendorError::RateLimited { .. }
            | VendorError::Unreachable(_)
            | VendorError::TimedOut
            | VendorError::Interrupted(_)
            | VendorError::Server { .. } => ErrorCode::VendorUnavailable,
            VendorError::NotFound
            | VendorError::Malformed(_)
            | VendorError::Refused { .. }
            | VendorError::NotSupported(_)
            | VendorError::BadAddress(_) => ErrorCode::VendorRefused,
        };
        ApiError::new(code, err.to_string())
    }
}

impl From<KeychainError> for ApiError {
    fn from(err: KeychainError) -> Self {
        ApiError::new(ErrorCode::KeychainUnavailable, err.to_string())
    }
}

fn abilities(kind: ConnectorKind) -> AccountAbilities {
    let can = kind.capabilities();
    AccountAbilities {
        comment: can.comment,
        change_severity: can.change_severity,
        request_escalation: can.request_escalation,
    }
}

fn connector_kind(word: &str) -> Result<ConnectorKind, ApiError> {
    ConnectorKind::parse(word).ok_or_else(|| {
        ApiError::field(
            "connector",
            "Choose Red Hat Customer Portal, Zendesk or Jira Service Management.",
        )
    })
}

fn parse_id(id: &str, what: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id.trim())
        .map_err(|_| ApiError::new(ErrorCode::NotFound, format!("There is no such {what}.")))
}

fn address(account: &StoredAccount) -> Result<AccountAddress, ApiError> {
    Ok(AccountAddress {
        kind: connector_kind(&account.connector)?,
        base_url: account.base_url.clone(),
        user: account.user.clone(),
    })
}

fn outbound(action: VendorAction, agreement: Option<String>) -> Result<Outbound, ApiError> {
    Ok(match action {
        VendorAction::Comment { body } => Outbound::Comment {
            body: body.trim().to_owned(),
        },
        VendorAction::ChangeSeverity { level, reason } => Outbound::ChangeSeverity {
            level,
            reason: reason.trim().to_owned(),
        },
        VendorAction::RequestEscalation { reason } => Outbound::RequestEscalation {
            reason: reason.trim().to_owned(),
        },
        VendorAction::DeEscalationAgreement => {
            let agreement = agreement.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NotAllowed,
                    "This SR's escalation has not been de-escalated; record the de-escalation first.",
                )
            })?;
            Outbound::Comment {
                body: format!(
                    "We agree to de-escalate this case: the action plan is acceptable to us and \
                     troubleshooting is on track.\n\nThe agreement, as documented in this case:\n\n{}",
                    agreement.trim()
                ),
            }
        }
    })
}

/// The action in a line, for the timeline and the outbox list.
fn describe(action: &Outbound) -> String {
    match action {
        Outbound::Comment { body } => format!("Comment: {}", first_line(body, 120)),
        Outbound::ChangeSeverity { level, .. } => format!("Change severity to {level}"),
        Outbound::RequestEscalation { .. } => "Request management escalation".to_owned(),
        Outbound::Transition { id, .. } => format!("Transition {id}"),
    }
}

/// The agreement of the newest of the SR's escalations that was de-escalated.
fn de_escalation_agreement(
    store: &Store,
    sr: SupportRequestId,
) -> Result<Option<String>, ApiError> {
    Ok(store
        .escalations_of_support_request(&sr.0.to_string())?
        .into_iter()
        .map(|escalation| escalation.de_escalation_agreement)
        .find(|agreement| !agreement.trim().is_empty()))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn first_line(text: &str, max: usize) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.chars().count() > max {
        let mut short: String = line.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    } else {
        line.to_owned()
    }
}

fn sync_stamp(account: &StoredAccount, at: DateTime<Utc>) -> Stamp {
    Stamp {
        at,
        zone: "UTC".to_owned(),
        actor: format!("{} (sync)", account.name),
    }
}

impl App {
    /// Adds an account: the secret goes to the keychain first, and the account is stored only
    /// once it is there; no secret is ever written anywhere else.
    pub async fn add_vendor_account(
        &self,
        input: NewVendorAccount,
        secret: Sensitive<String>,
    ) -> Result<VendorAccount, ApiError> {
        let kind = connector_kind(&input.connector)?;
        let name = input.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(ApiError::field(
                "name",
                "Give the account a name of 1 to 80 characters, e.g. \u{201c}Red Hat production\u{201d}.",
            ));
        }
        let base_url = escalator_vendors::http::base_url(&input.base_url)
            .map_err(|err| ApiError::field("baseUrl", err.to_string()))?;
        let user = input.user.trim().to_owned();
        if user.is_empty() && kind != ConnectorKind::RedHat {
            return Err(ApiError::field(
                "user",
                "Enter the e-mail address you sign in with.",
            ));
        }
        if self.catalogue().get(input.vendor.trim()).is_none() {
            return Err(ApiError::field(
                "vendor",
                "Choose the vendor of this account's cases.",
            ));
        }
        if secret.is_blank() {
            return Err(ApiError::field(
                "secret",
                "Enter the token; it goes to your keychain.",
            ));
        }
        let account = StoredAccount {
            id: uuid_at(self.clock.now()),
            connector: kind.as_str().to_owned(),
            name,
            base_url: base_url.as_str().trim_end_matches('/').to_owned(),
            user,
            vendor: input.vendor.trim().to_owned(),
            created_at: self.clock.now(),
            synced_through: None,
            last_sync_at: None,
            last_error: None,
            next_sync_at: Some(self.clock.now()),
        };
        if self
            .store()?
            .accounts()?
            .iter()
            .any(|a| a.name.eq_ignore_ascii_case(&account.name))
        {
            return Err(ApiError::field(
                "name",
                "Another vendor account already has this name.",
            ));
        }
        self.keychain.store(&account.id.to_string(), secret).await?;
        let inserted = self.store()?.insert_account(&account);
        if let Err(err) = inserted {
            // The account was not stored: its secret must not stay behind in the keychain.
            if let Err(cleanup) = self.keychain.delete(&account.id.to_string()).await {
                tracing::warn!(error = %cleanup, "a secret of an account not stored stays in the keychain");
            }
            return Err(err.into());
        }
        tracing::info!(connector = kind.as_str(), "vendor account added");
        self.vendor_account_view(&account)
    }

    pub fn vendor_accounts(&self) -> Result<Vec<VendorAccount>, ApiError> {
        let accounts = self.store()?.accounts()?;
        accounts
            .iter()
            .map(|a| self.vendor_account_view(a))
            .collect()
    }

    /// Signs in with the stored secret and reads one page.
    pub async fn test_vendor_account(&self, id: &str) -> Result<ConnectionCheck, ApiError> {
        let account = self.find_account(id)?;
        let connector = self.connector(&account).await?;
        Ok(ConnectionCheck {
            message: connector.check().await?,
        })
    }

    /// Removes the account, its secret, its links and what waits in its outbox; its SRs stay.
    /// A keychain that cannot be reached stops the removal, so no secret is left orphaned.
    pub async fn remove_vendor_account(&self, id: &str) -> Result<(), ApiError> {
        let account = self.find_account(id)?;
        self.keychain.delete(&account.id.to_string()).await?;
        self.store()?.delete_account(account.id)?;
        tracing::info!("vendor account removed");
        Ok(())
    }

    /// Links an SR to a vendor case after reading the case, which must exist.
    pub async fn link_vendor_case(
        &self,
        sr_id: &str,
        account_id: &str,
        case_key: &str,
    ) -> Result<CaseLinkView, ApiError> {
        let account = self.find_account(account_id)?;
        let sr = crate::support_requests::find_sr(&*self.store()?, sr_id)?;
        let connector = self.connector(&account).await?;
        let case = connector
            .case(case_key.trim())
            .await
            .map_err(|err| match err {
                VendorError::NotFound | VendorError::BadAddress(_) => ApiError::field(
                    "caseKey",
                    format!("{} has no case {}.", account.name, case_key.trim()),
                ),
                other => other.into(),
            })?;
        let now = self.clock.now();
        let link = CaseLink {
            support_request: sr.id,
            account: account.id,
            case_key: case.key.clone(),
            web_url: case.web_url.clone(),
            vendor_status: case.status.clone(),
            vendor_updated_at: Some(case.updated_at),
            comments_through: Some(now.min(case.updated_at)),
        };
        let (stamp, _) = self.stamp()?;
        let event = stamp.event(
            EventKind::Synced,
            format!("Linked to {} case {}", account.name, case.key),
            serde_json::json!({ "account": account.name, "case": case.key }),
        );
        let mut store = self.store()?;
        store.link_case(&link, event)?;
        drop(store);
        self.case_link(sr_id)?
            .ok_or_else(|| ApiError::internal("the link was not stored"))
    }

    /// The SR's vendor case, if it has one.
    pub fn case_link(&self, sr_id: &str) -> Result<Option<CaseLinkView>, ApiError> {
        let store = self.store()?;
        let sr = crate::support_requests::find_sr(&store, sr_id)?;
        let Some(link) = store.link_of(sr.id)? else {
            return Ok(None);
        };
        let account = store.account(link.account)?.ok_or_else(|| {
            ApiError::internal("a case link names an account that does not exist")
        })?;
        let outbox = store
            .outbound_of(sr.id)?
            .into_iter()
            .map(|entry| outbox_item(&entry))
            .collect();
        Ok(Some(CaseLinkView {
            account_id: account.id.to_string(),
            account_name: account.name.clone(),
            case_key: link.case_key,
            web_url: link.web_url.filter(|url| url.starts_with("https://")),
            vendor_status: link.vendor_status,
            vendor_updated_at: link.vendor_updated_at,
            can: abilities(connector_kind(&account.connector)?),
            outbox,
            de_escalation_agreement: de_escalation_agreement(&store, sr.id)?,
        }))
    }

    /// The web page of the SR's vendor case, for the system browser; https only, since the
    /// address came from the vendor's API.
    pub fn vendor_case_page(&self, sr_id: &str) -> Result<url::Url, ApiError> {
        // Only the link row: the page address needs none of the outbox or escalations that
        // `case_link` gathers for the panel.
        let store = self.store()?;
        let sr = crate::support_requests::find_sr(&store, sr_id)?;
        let link = store.link_of(sr.id)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                "This SR is not linked to a vendor case.",
            )
        })?;
        link.web_url
            .as_deref()
            .and_then(|page| url::Url::parse(page).ok())
            .filter(|page| page.scheme() == "https")
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("The vendor gave no web page for case {}.", link.case_key),
                )
            })
    }

    /// Queues an action for the SR's vendor case; it is delivered by the next sync, also
    /// after a restart or a time offline. It changes nothing locally: a severity change of
    /// our own is recorded with `change_severity`, and while it waits here a sync does not
    /// overwrite it with the vendor's older value.
    pub fn queue_vendor_action(
        &self,
        sr_id: &str,
        action: VendorAction,
    ) -> Result<CaseLinkView, ApiError> {
        let (stamp, _) = self.stamp()?;
        let mut store = self.store()?;
        let sr = crate::support_requests::find_sr(&store, sr_id)?;
        let link = store.link_of(sr.id)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotAllowed,
                "This SR is not linked to a vendor case; link it first.",
            )
        })?;
        let account = store.account(link.account)?.ok_or_else(|| {
            ApiError::internal("a case link names an account that does not exist")
        })?;
        let can = connector_kind(&account.connector)?.capabilities();
        let allowed = match &action {
            VendorAction::Comment { body } => {
                if body.trim().is_empty() || body.chars().count() > MAX_TEXT_CHARS {
                    return Err(ApiError::field(
                        "body",
                        format!("Write the comment (at most {MAX_TEXT_CHARS} characters)."),
                    ));
                }
                can.comment
            }
            VendorAction::ChangeSeverity { level, .. } => {
                if Severity::new(i64::from(*level)).is_none() {
                    return Err(ApiError::field("level", "Choose a severity from 1 to 4."));
                }
                can.change_severity
            }
            VendorAction::RequestEscalation { .. } => can.request_escalation,
            VendorAction::DeEscalationAgreement => can.comment,
        };
        if !allowed {
            return Err(ApiError::new(
                ErrorCode::NotAllowed,
                format!(
                    "{} does not let customers do this through its API.",
                    connector_kind(&account.connector)?.name()
                ),
            ));
        }
        let action = outbound(action, de_escalation_agreement(&store, sr.id)?)?;
        let (entry, event) = self.outbox_entry(&account, &link, sr.id, action, &stamp)?;
        store.queue_outbound(&entry, event)?;
        drop(store);
        self.case_link(sr_id)?
            .ok_or_else(|| ApiError::internal("the link disappeared"))
    }

    /// The outbox entry (with its timeline event) that tells the SR's vendor case about a
    /// severity change of ours; none when the SR is not linked or the vendor's API does not
    /// let customers change severity.
    pub(crate) fn vendor_severity_change(
        &self,
        store: &Store,
        sr: &SupportRequestRecord,
        change: &ValidSeverityChange,
        stamp: &Stamp,
    ) -> Result<Option<(OutboxEntry, NewEvent)>, ApiError> {
        let Some(link) = store.link_of(sr.id)? else {
            return Ok(None);
        };
        let Some(account) = store.account(link.account)? else {
            return Ok(None);
        };
        if !connector_kind(&account.connector)?
            .capabilities()
            .change_severity
        {
            return Ok(None);
        }
        let why = change.reason.describe();
        let reason = if change.note.trim().is_empty() {
            capitalised(why)
        } else {
            format!("{}: {}", capitalised(why), change.note.trim())
        };
        let action = Outbound::ChangeSeverity {
            level: change.to.level(),
            reason,
        };
        Ok(Some(
            self.outbox_entry(&account, &link, sr.id, action, stamp)?,
        ))
    }

    fn outbox_entry(
        &self,
        account: &StoredAccount,
        link: &CaseLink,
        sr: SupportRequestId,
        action: Outbound,
        stamp: &Stamp,
    ) -> Result<(OutboxEntry, NewEvent), ApiError> {
        let json =
            serde_json::to_string(&action).map_err(|err| ApiError::internal(err.to_string()))?;
        let entry = OutboxEntry {
            id: uuid_at(stamp.at),
            account: account.id,
            support_request: sr,
            case_key: link.case_key.clone(),
            action: json,
            queued_at: stamp.at,
            attempted_at: None,
            attempts: 0,
            delivered_at: None,
            failed: None,
        };
        let event = stamp.event(
            EventKind::Synced,
            format!("Queued for {}: {}", account.name, describe(&action)),
            serde_json::json!({ "outbox": entry.id, "case": link.case_key }),
        );
        Ok((entry, event))
    }

    /// The accounts whose next sync is due at `now`, by id.
    pub fn accounts_due(&self) -> Result<Vec<String>, ApiError> {
        let now = self.clock.now();
        Ok(self
            .store()?
            .accounts()?
            .into_iter()
            .filter(|a| a.next_sync_at.is_none_or(|next| next <= now))
            .map(|a| a.id.to_string())
            .collect())
    }

    /// Delivers the account's outbox, then reads every case changed since the last sync.
    /// The outcome is recorded on the account either way; a failed sync keeps its queue.
    pub async fn sync_account(
        &self,
        id: &str,
        progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncReport, ApiError> {
        let account = self.find_account(id)?;
        // The schedule and "Sync now" may ask at once; two syncs of one account would read
        // the same pages and the same outbox.
        let Some(_turn) = self.syncing.start(account.id) else {
            return Err(ApiError::new(
                ErrorCode::NotAllowed,
                format!(
                    "{} is being synced already; its outcome shows when it ends.",
                    account.name
                ),
            ));
        };
        let started = self.clock.now();
        let outcome = self.sync_now(&account, progress).await;
        let now = self.clock.now();
        let recorded = match &outcome {
            Ok((_, through)) => self.store()?.record_sync(
                account.id,
                started,
                *through,
                None,
                Some(now + SYNC_INTERVAL),
            ),
            Err(err) => {
                let json = serde_json::to_string(err).unwrap_or_default();
                self.store()?.record_sync(
                    account.id,
                    started,
                    None,
                    Some(&json),
                    Some(now + RETRY_INTERVAL),
                )
            }
        };
        recorded?;
        match &outcome {
            Ok((report, _)) => tracing::info!(?report, "vendor sync done"),
            Err(err) => tracing::warn!(code = ?err.code, "vendor sync failed"),
        }
        outcome.map(|(report, _)| report)
    }

    async fn sync_now(
        &self,
        account: &StoredAccount,
        progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<(SyncReport, Option<DateTime<Utc>>), ApiError> {
        let connector = self.connector(account).await?;
        let mut report = SyncReport::default();
        self.deliver_outbox(account, &connector, &mut report)
            .await?;

        let since = account.synced_through;
        let mut through = since;
        let mut cursor: Option<String> = None;
        let escalations = self.open_escalations_by_sr()?;
        loop {
            let page = connector.changed_cases(since, cursor.as_deref()).await?;
            let mut comments = HashMap::new();
            // A first import reads no comments: they are history, not updates.
            if since.is_some() {
                for case in &page.cases {
                    let link = self.store()?.link_of_case(account.id, &case.key)?;
                    let from = link.and_then(|l| l.comments_through);
                    comments.insert(case.key.clone(), connector.comments(&case.key, from).await?);
                }
            }
            for case in &page.cases {
                through = Some(through.map_or(case.updated_at, |t| t.max(case.updated_at)));
            }
            report.cases_read = report
                .cases_read
                .saturating_add(u32::try_from(page.cases.len()).unwrap_or(u32::MAX));
            self.write_page(account, &page.cases, &comments, &escalations, &mut report)?;
            progress(SyncProgress {
                cases_read: report.cases_read,
                label: format!("{} cases read from {}", report.cases_read, account.name),
            });
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        Ok((report, through))
    }

    /// Sends what waits in the outbox, oldest first. An entry in doubt is checked with the
    /// vendor before it is sent again; a refusal is recorded and not retried; a transient
    /// failure stops delivery for now and keeps the queue as it is.
    async fn deliver_outbox(
        &self,
        account: &StoredAccount,
        connector: &AccountConnector,
        report: &mut SyncReport,
    ) -> Result<(), ApiError> {
        let pending = self.store()?.pending_outbound(account.id)?;
        for entry in pending {
            let action: Outbound = match serde_json::from_str(&entry.action) {
                Ok(action) => action,
                Err(err) => {
                    self.refuse(account, &entry, &format!("unreadable action: {err}"))?;
                    report.refused += 1;
                    continue;
                }
            };
            if let Some(attempted_at) = entry.attempted_at
                && connector
                    .already_delivered(&entry.case_key, &action, attempted_at)
                    .await?
            {
                self.delivered(account, &entry, &action)?;
                report.delivered += 1;
                continue;
            }
            if !self.store()?.mark_attempted(&entry, self.clock.now())? {
                // Another sync claimed it since it was read; that one delivers it.
                continue;
            }
            match connector.send(&entry.case_key, &action).await {
                Ok(()) => {
                    self.delivered(account, &entry, &action)?;
                    report.delivered += 1;
                }
                Err(
                    err @ (VendorError::Refused { .. }
                    | VendorError::NotFound
                    | VendorError::NotSupported(_)
                    | VendorError::BadAddress(_)),
                ) => {
                    self.refuse(account, &entry, &err.to_string())?;
                    report.refused += 1;
                }
                Err(err) => return Err(err.into()),
            }
        }
        Ok(())
    }

    fn delivered(
        &self,
        account: &StoredAccount,
        entry: &OutboxEntry,
        action: &Outbound,
    ) -> Result<(), ApiError> {
        let at = self.clock.now();
        let event = sync_stamp(account, at).event(
            EventKind::Synced,
            format!("Delivered to {}: {}", account.name, describe(action)),
            serde_json::json!({ "outbox": entry.id, "case": entry.case_key }),
        );
        self.store()?.mark_delivered(entry, at, event)?;
        Ok(())
    }

    fn refuse(
        &self,
        account: &StoredAccount,
        entry: &OutboxEntry,
        reason: &str,
    ) -> Result<(), ApiError> {
        let event = sync_stamp(account, self.clock.now()).event(
            EventKind::Synced,
            format!("{} refused a queued action: {reason}", account.name),
            serde_json::json!({ "outbox": entry.id, "case": entry.case_key }),
        );
        self.store()?.mark_failed(entry, reason, event)?;
        Ok(())
    }

    /// Turns one page of cases (and their new comments) into store writes, and writes them.
    fn write_page(
        &self,
        account: &StoredAccount,
        cases: &[VendorCase],
        comments: &HashMap<String, Vec<escalator_vendors::VendorComment>>,
        escalations: &HashMap<Uuid, EscalationId>,
        report: &mut SyncReport,
    ) -> Result<(), ApiError> {
        let now = self.clock.now();
        let stamp = sync_stamp(account, now);
        let catalogue = self.catalogue();
        let mut store = self.store()?;
        let mut writes = Vec::with_capacity(cases.len());
        let mut updates = Vec::new();
        for case in cases {
            let existing = match store.link_of_case(account.id, &case.key)? {
                Some(link) => store
                    .support_request(link.support_request)?
                    .map(|sr| (sr, Some(link))),
                // An SR recorded by hand with the vendor's number is the same case.
                None => store
                    .support_request_by_vendor_number(&account.vendor, &case.key)?
                    .map(|sr| (sr, None)),
            };
            let new_comments = comments
                .get(&case.key)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let comments_through = new_comments
                .iter()
                .map(|c| c.created_at)
                .max()
                .or(existing
                    .as_ref()
                    .and_then(|(_, l)| l.as_ref().and_then(|l| l.comments_through)))
                .or(Some(case.updated_at));
            match existing {
                None => {
                    let valid = NewSupportRequest {
                        vendor: account.vendor.clone(),
                        vendor_sr_number: case.key.clone(),
                        title: title_of(case),
                        severity: i32::from(case.severity.unwrap_or(3)),
                    }
                    .validate(&catalogue)?;
                    let mut sr =
                        SupportRequestRecord::new(SupportRequestId(uuid_at(now)), valid, now);
                    sr.status = case.sr_status;
                    sr.created_at = case.created_at.min(now);
                    let opened = sr.opened_event(&stamp);
                    let link = link_for(account, &sr, case, comments_through);
                    writes.push(SyncedCase::New { sr, opened, link });
                    report.support_requests_added += 1;
                }
                Some((mut sr, _)) => {
                    let severity_queued = self.severity_change_queued(&store, sr.id)?;
                    let mut events = Vec::new();
                    if sr.status != case.sr_status {
                        events.push(stamp.event(
                            EventKind::Synced,
                            format!("{}: status {}", account.name, case.status),
                            serde_json::json!({
                                "case": case.key,
                                "from": sr.status.as_str(),
                                "to": case.sr_status.as_str(),
                            }),
                        ));
                        sr.status = case.sr_status;
                    }
                    if let Some(level) = case.severity.and_then(|l| Severity::new(i64::from(l)))
                        && level != sr.severity
                        && !severity_queued
                    {
                        events.push(stamp.event(
                            EventKind::Synced,
                            format!(
                                "{}: severity {} → {}",
                                account.name,
                                sr.severity.level(),
                                level.level()
                            ),
                            serde_json::json!({ "case": case.key, "severity": level.level() }),
                        ));
                        sr.severity = level;
                    }
                    for comment in new_comments {
                        events.push(stamp.event(
                            EventKind::Synced,
                            format!(
                                "{} commented: {}",
                                comment.author,
                                first_line(&comment.body, 200)
                            ),
                            serde_json::json!({ "case": case.key, "comment": comment.id }),
                        ));
                        if let Some(escalation) = escalations.get(&sr.id.0)
                            && comment.from_vendor
                        {
                            updates.push(comment_update(account, case, comment, *escalation, now)?);
                            report.updates_received += 1;
                        }
                    }
                    if !events.is_empty() {
                        sr.updated_at = now;
                        report.support_requests_changed += 1;
                    }
                    let link = link_for(account, &sr, case, comments_through);
                    writes.push(SyncedCase::Changed { sr, events, link });
                }
            }
        }
        for update in &updates {
            if let Some(record) = store.escalation(update.escalation)? {
                crate::running::flag_missed_update(&mut store, &record, update.update.received_at)?;
            }
        }
        store.apply_synced_page(writes, updates)?;
        Ok(())
    }

    fn severity_change_queued(
        &self,
        store: &escalator_store::Store,
        sr: SupportRequestId,
    ) -> Result<bool, ApiError> {
        Ok(store.outbound_of(sr)?.iter().any(|entry| {
            entry.delivered_at.is_none()
                && entry.failed.is_none()
                && matches!(
                    serde_json::from_str::<Outbound>(&entry.action),
                    Ok(Outbound::ChangeSeverity { .. })
                )
        }))
    }

    /// Open escalations by the SRs they cover: whose comments are vendor updates.
    fn open_escalations_by_sr(&self) -> Result<HashMap<Uuid, EscalationId>, ApiError> {
        let mut by_sr = HashMap::new();
        for row in self.store()?.list_escalations()? {
            if crate::running::tracks_cadence(row.record.state) {
                for sr in &row.record.support_requests {
                    by_sr.insert(sr.0, row.record.id);
                }
            }
        }
        Ok(by_sr)
    }

    fn find_account(&self, id: &str) -> Result<StoredAccount, ApiError> {
        let id = parse_id(id, "vendor account")?;
        self.store()?
            .account(id)?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "There is no such vendor account."))
    }

    async fn connector(&self, account: &StoredAccount) -> Result<AccountConnector, ApiError> {
        let secret = self.keychain.read(&account.id.to_string()).await?;
        Ok(AccountConnector::new(
            &address(account)?,
            secret,
            self.http_policy.clone(),
        )?)
    }

    fn vendor_account_view(&self, account: &StoredAccount) -> Result<VendorAccount, ApiError> {
        let kind = connector_kind(&account.connector)?;
        let queued = self.store()?.pending_outbound(account.id)?.len();
        Ok(VendorAccount {
            id: account.id.to_string(),
            connector: kind.as_str().to_owned(),
            connector_name: kind.name().to_owned(),
            name: account.name.clone(),
            base_url: account.base_url.clone(),
            user: account.user.clone(),
            vendor: account.vendor.clone(),
            can: abilities(kind),
            created_at: account.created_at,
            last_sync_at: account.last_sync_at,
            next_sync_at: account.next_sync_at,
            last_error: account.last_error.as_deref().map(|json| {
                serde_json::from_str::<StoredError>(json).map_or_else(
                    |_| ApiError::new(ErrorCode::Internal, json.to_owned()),
                    |stored| ApiError::new(stored.code, stored.message),
                )
            }),
            queued: u32::try_from(queued).unwrap_or(u32::MAX),
        })
    }
}

/// An [`ApiError`] as `record_sync` stored it.
#[derive(Deserialize)]
struct StoredError {
    code: ErrorCode,
    message: String,
}

fn title_of(case: &VendorCase) -> String {
    let title = first_line(
        &case.summary,
        escalator_core::support_request::MAX_TITLE_CHARS,
    );
    if title.is_empty() {
        format!("Case {}", case.key)
    } else {
        title
    }
}

fn link_for(
    account: &StoredAccount,
    sr: &SupportRequestRecord,
    case: &VendorCase,
    comments_through: Option<DateTime<Utc>>,
) -> CaseLink {
    CaseLink {
        support_request: sr.id,
        account: account.id,
        case_key: case.key.clone(),
        web_url: case.web_url.clone(),
        vendor_status: case.status.clone(),
        vendor_updated_at: Some(case.updated_at),
        comments_through,
    }
}

fn comment_update(
    account: &StoredAccount,
    case: &VendorCase,
    comment: &escalator_vendors::VendorComment,
    escalation: EscalationId,
    now: DateTime<Utc>,
) -> Result<SyncedUpdate, ApiError> {
    let id = Uuid::new_v5(
        &COMMENT_UPDATES,
        format!("{}/{}/{}", account.id, case.key, comment.id).as_bytes(),
    );
    let stamp = Stamp {
        at: now,
        zone: "UTC".to_owned(),
        actor: comment.author.clone(),
    };
    let summary = match first_line(&comment.body, MAX_TEXT_CHARS) {
        line if line.is_empty() => format!("Comment on case {}", case.key),
        line => line,
    };
    let (update, event) = VendorUpdate::log(
        id,
        comment.created_at.min(now),
        UpdateMode::Portal,
        &summary,
        &stamp,
    )?;
    Ok(SyncedUpdate {
        escalation,
        update,
        event,
    })
}

fn outbox_item(entry: &OutboxEntry) -> OutboxItem {
    let what = serde_json::from_str::<Outbound>(&entry.action).map_or_else(
        |_| "An action Escalator cannot read".to_owned(),
        |a| describe(&a),
    );
    let state = if entry.delivered_at.is_some() {
        DeliveryState::Delivered
    } else if entry.failed.is_some() {
        DeliveryState::Refused
    } else if entry.attempted_at.is_some() {
        DeliveryState::InDoubt
    } else {
        DeliveryState::Queued
    };
    OutboxItem {
        id: entry.id.to_string(),
        what,
        queued_at: entry.queued_at,
        state,
        delivered_at: entry.delivered_at,
        refusal: entry.failed.clone(),
    }
}

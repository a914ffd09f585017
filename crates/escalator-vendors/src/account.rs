//! The connector of one account, whichever API it speaks, built from what the app stores
//! (kind, address, user) and the secret it read from the keychain.
//!
//! [`AccountConnector`] is an enum rather than a boxed trait object because [`Connector`]'s
//! methods are `async`: each call is forwarded to the one connector inside. It adds no
//! behaviour of its own.

use chrono::{DateTime, Utc};

use crate::connector::{
    CasePage, Connector, ConnectorKind, Outbound, Transition, VendorCase, VendorComment,
};
use crate::http::{HttpPolicy, VendorHttp, base_url};
use crate::jira_service_management::JiraServiceManagement;
use crate::red_hat::RedHat;
use crate::zendesk::Zendesk;
use crate::{Sensitive, VendorError};

/// Where and as whom an account signs in; the secret comes separately, from the keychain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountAddress {
    pub kind: ConnectorKind,
    pub base_url: String,
    pub user: String,
}

#[derive(Debug)]
pub enum AccountConnector {
    RedHat(RedHat),
    Zendesk(Zendesk),
    JiraServiceManagement(JiraServiceManagement),
}

impl AccountConnector {
    pub fn new(
        address: &AccountAddress,
        secret: Sensitive<String>,
        policy: HttpPolicy,
    ) -> Result<Self, VendorError> {
        let base = base_url(&address.base_url)?;
        let http = VendorHttp::new(base, policy)?;
        Ok(match address.kind {
            ConnectorKind::RedHat => {
                let token_url = RedHat::token_url_for(http.base())?;
                AccountConnector::RedHat(RedHat::new(http, token_url, secret))
            }
            ConnectorKind::Zendesk => {
                AccountConnector::Zendesk(Zendesk::new(http, address.user.clone(), secret))
            }
            ConnectorKind::JiraServiceManagement => AccountConnector::JiraServiceManagement(
                JiraServiceManagement::new(http, address.user.clone(), secret),
            ),
        })
    }
}

/// Forwards a call to the connector inside.
macro_rules! each {
    ($self:ident, $c:ident => $call:expr) => {
        match $self {
            AccountConnector::RedHat($c) => $call,
            AccountConnector::Zendesk($c) => $call,
            AccountConnector::JiraServiceManagement($c) => $call,
        }
    };
}

impl Connector for AccountConnector {
    fn kind(&self) -> ConnectorKind {
        each!(self, c => c.kind())
    }

    async fn check(&self) -> Result<String, VendorError> {
        each!(self, c => c.check().await)
    }

    async fn changed_cases(
        &self,
        since: Option<DateTime<Utc>>,
        cursor: Option<&str>,
    ) -> Result<CasePage, VendorError> {
        each!(self, c => c.changed_cases(since, cursor).await)
    }

    async fn case(&self, key: &str) -> Result<VendorCase, VendorError> {
        each!(self, c => c.case(key).await)
    }

    async fn comments(
        &self,
        key: &str,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<VendorComment>, VendorError> {
        each!(self, c => c.comments(key, since).await)
    }

    async fn transitions(&self, key: &str) -> Result<Vec<Transition>, VendorError> {
        each!(self, c => c.transitions(key).await)
    }

    async fn send(&self, key: &str, action: &Outbound) -> Result<(), VendorError> {
        each!(self, c => c.send(key, action).await)
    }

    async fn already_delivered(
        &self,
        key: &str,
        action: &Outbound,
        attempted_at: DateTime<Utc>,
    ) -> Result<bool, VendorError> {
        each!(self, c => c.already_delivered(key, action, attempted_at).await)
    }
}

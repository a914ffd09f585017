//! The Red Hat Customer Portal case API (`/support/v1`), as `../shared/vendor-apis.md` §B.1
//! describes it.
//!
//! Sign-in: the user's offline token (from the keychain) is exchanged at Red Hat SSO for an
//! access token that lives a few minutes; it is kept in memory only and exchanged again when
//! it is about to expire or the API answers 401 once. Listing is by last-modified date
//! (`POST /cases/filter` with `startDate`), paged by offset; the first page tells whether the
//! server counts offsets from 0 or 1 (the docs show both). Severity changes and management
//! escalation are `PUT`s on the case, comments a `POST`.
//!
//! Each answer is read by a `parse_*` function ([`parse_token`], [`parse_case_list`],
//! [`parse_case`], [`parse_comments`]) that takes the raw body: the connector's only way to
//! read one, and what the fuzz targets in `fuzz/` feed arbitrary bytes.
//!
//! It does not touch the keychain or the store.

use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use escalator_core::SrStatus;
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::Mutex;
use url::Url;

use crate::connector::{
    CasePage, Connector, ConnectorKind, Outbound, Transition, VendorCase, VendorComment,
};
use crate::http::{Call, VendorHttp, parse_json};
use crate::{Sensitive, VendorError};

/// Red Hat's production API and SSO addresses.
pub const API: &str = "https://api.access.redhat.com";
pub const SSO_TOKEN: &str =
    "https://sso.redhat.com/auth/realms/redhat-external/protocol/openid-connect/token";
/// The token path under an SSO host, for a test server that is API and SSO at once.
pub const TOKEN_PATH: &str = "/auth/realms/redhat-external/protocol/openid-connect/token";

const PAGE_SIZE: usize = 100;
/// An access token is exchanged again this long before Red Hat says it expires.
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

pub struct RedHat {
    http: VendorHttp,
    token_url: Url,
    offline_token: Sensitive<String>,
    access: Mutex<Option<(Sensitive<String>, Instant)>>,
}

impl std::fmt::Debug for RedHat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedHat")
            .field("base", &self.http.base().as_str())
            .field("token_url", &self.token_url.as_str())
            .finish_non_exhaustive()
    }
}

impl RedHat {
    /// `token_url` is Red Hat SSO's token endpoint ([`SSO_TOKEN`] in production).
    pub fn new(http: VendorHttp, token_url: Url, offline_token: Sensitive<String>) -> Self {
        Self {
            http,
            token_url,
            offline_token,
            access: Mutex::new(None),
        }
    }

    /// The SSO endpoint that goes with an API address: Red Hat's own for Red Hat's API, the
    /// same host's for any other (a test server, a proxying gateway).
    pub fn token_url_for(api: &Url) -> Result<Url, VendorError> {
        if api.host_str() == Some("api.access.redhat.com") {
            return Url::parse(SSO_TOKEN).map_err(|err| VendorError::BadAddress(err.to_string()));
        }
        api.join(TOKEN_PATH)
            .map_err(|err| VendorError::BadAddress(err.to_string()))
    }

    async fn access_token(&self, renew: bool) -> Result<String, VendorError> {
        let mut access = self.access.lock().await;
        if !renew
            && let Some((token, until)) = access.as_ref()
            && Instant::now() < *until
        {
            return Ok(token.expose().clone());
        }
        let mut call = Call::new(Method::POST, self.token_url.clone());
        // Asking for a token twice only wastes one.
        call.idempotent = true;
        call.form = Some(vec![
            ("grant_type".to_owned(), "refresh_token".to_owned()),
            ("client_id".to_owned(), "rhsm-api".to_owned()),
            (
                "refresh_token".to_owned(),
                self.offline_token.expose().clone(),
            ),
        ]);
        let reply = match self.http.send(&call).await {
            // SSO answers 400 `invalid_grant` for an unknown or expired offline token.
            Err(VendorError::Refused { status: 400, .. }) => {
                return Err(VendorError::CredentialsRejected);
            }
            other => other?,
        };
        let (token, lifetime) = parse_token(&reply.body)?;
        let until = Instant::now() + lifetime.saturating_sub(EXPIRY_MARGIN);
        let bearer = token.expose().clone();
        *access = Some((token, until));
        Ok(bearer)
    }

    /// Sends with the access token; a 401 renews it once (it may have been revoked early).
    async fn call(&self, mut call: Call) -> Result<crate::http::Reply, VendorError> {
        call.bearer = Some(self.access_token(false).await?);
        match self.http.send(&call).await {
            Err(VendorError::CredentialsRejected) => {
                call.bearer = Some(self.access_token(true).await?);
                self.http.send(&call).await
            }
            other => other,
        }
    }

    async fn filter(
        &self,
        since: Option<DateTime<Utc>>,
        offset: usize,
    ) -> Result<CaseList, VendorError> {
        let mut body = json!({
            "offset": offset,
            "maxResults": PAGE_SIZE,
            "includeClosed": true,
            "sortField": "lastModifiedDate",
            "sortOrder": "ASC",
        });
        if let (Some(since), Some(fields)) = (since, body.as_object_mut()) {
            fields.insert("startDate".to_owned(), json!(timestamp(since)));
        }
        let mut call =
            Call::new(Method::POST, self.http.url("/support/v1/cases/filter")?).json(&body)?;
        // A search by POST changes nothing.
        call.idempotent = true;
        parse_case_list(&self.call(call).await?.body)
    }

    fn case_url(&self, key: &str, rest: &str) -> Result<Url, VendorError> {
        let number = case_number(key)?;
        self.http.url(&format!("/support/v1/cases/{number}{rest}"))
    }
}

/// Case numbers are digits; anything else is refused before it reaches a URL path.
fn case_number(key: &str) -> Result<&str, VendorError> {
    let key = key.trim();
    if !key.is_empty() && key.len() <= 20 && key.bytes().all(|b| b.is_ascii_digit()) {
        Ok(key)
    } else {
        Err(VendorError::BadAddress(format!(
            "{key:?} is not a Red Hat case number (digits only, e.g. 04012345)."
        )))
    }
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Where the offset of the next page starts: `"<offset>/<base>"`.
fn cursor(offset: usize, base: usize) -> String {
    format!("{offset}/{base}")
}

/// A cursor this connector wrote: a base of 0 or 1 and an offset not below it. Anything else
/// (a damaged stored cursor) would make the page arithmetic meaningless.
fn parse_cursor(text: &str) -> Option<(usize, usize)> {
    let (offset, base) = text.split_once('/')?;
    let (offset, base): (usize, usize) = (offset.parse().ok()?, base.parse().ok()?);
    (base <= 1 && offset >= base).then_some((offset, base))
}

/// The Red Hat labels of severities 1 to 4.
pub fn severity_label(level: u8) -> Option<&'static str> {
    match level {
        1 => Some("1 (Urgent)"),
        2 => Some("2 (High)"),
        3 => Some("3 (Normal)"),
        4 => Some("4 (Low)"),
        _ => None,
    }
}

fn severity_level(label: &str) -> Option<u8> {
    label
        .trim()
        .chars()
        .next()
        .and_then(|c| c.to_digit(10))
        .and_then(|d| u8::try_from(d).ok())
        .filter(|d| (1..=4).contains(d))
}

fn sr_status(status: &str) -> SrStatus {
    match status.trim().to_ascii_lowercase().as_str() {
        "waiting on red hat" => SrStatus::WaitingOnVendor,
        "waiting on customer" => SrStatus::WaitingOnUs,
        "closed" => SrStatus::Closed,
        _ => SrStatus::Open,
    }
}

/// One page of `POST /cases/filter`, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseList {
    pub cases: Vec<VendorCase>,
    /// How many cases match in all, where Red Hat says.
    pub total_count: Option<usize>,
}

/// Red Hat SSO's token answer: the access token and how long it lives (five minutes where SSO
/// does not say).
pub fn parse_token(body: &[u8]) -> Result<(Sensitive<String>, Duration), VendorError> {
    let reply: TokenReply = parse_json(body, "Red Hat SSO token")?;
    Ok((
        Sensitive::new(reply.access_token),
        Duration::from_secs(reply.expires_in.unwrap_or(300)),
    ))
}

/// A page of the case list (`POST /cases/filter`).
pub fn parse_case_list(body: &[u8]) -> Result<CaseList, VendorError> {
    let reply: FilterReply = parse_json(body, "Red Hat case list")?;
    Ok(CaseList {
        cases: reply.cases.into_iter().map(CaseJson::into_case).collect(),
        total_count: reply.total_count,
    })
}

/// One case (`GET /cases/{number}`).
pub fn parse_case(body: &[u8]) -> Result<VendorCase, VendorError> {
    let case: CaseJson = parse_json(body, "Red Hat case")?;
    Ok(case.into_case())
}

/// A case's comments (`GET /cases/{number}/comments`): the public ones, oldest first.
pub fn parse_comments(body: &[u8]) -> Result<Vec<VendorComment>, VendorError> {
    let reply: Comments = parse_json(body, "Red Hat comments")?;
    let list = match reply {
        Comments::Bare(list) | Comments::Wrapped { comments: list } => list,
    };
    let mut comments: Vec<VendorComment> = list
        .into_iter()
        .filter(|c| c.is_public)
        .map(|c| VendorComment {
            from_vendor: !c.created_by_type.eq_ignore_ascii_case("customer"),
            id: c.id,
            author: c.created_by,
            body: c.comment_body,
            created_at: c.created_date,
        })
        .collect();
    comments.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    Ok(comments)
}

#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FilterReply {
    #[serde(default)]
    cases: Vec<CaseJson>,
    total_count: Option<usize>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CaseJson {
    case_number: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    product: String,
    #[serde(default)]
    version: String,
    created_date: DateTime<Utc>,
    last_modified_date: Option<DateTime<Utc>>,
}

impl CaseJson {
    fn into_case(self) -> VendorCase {
        let product = match (self.product.trim(), self.version.trim()) {
            (product, "") => product.to_owned(),
            (product, version) => format!("{product} {version}"),
        };
        VendorCase {
            web_url: Some(format!(
                "https://access.redhat.com/support/cases/#/case/{}",
                self.case_number
            )),
            sr_status: sr_status(&self.status),
            severity: severity_level(&self.severity),
            updated_at: self.last_modified_date.unwrap_or(self.created_date),
            key: self.case_number,
            summary: self.summary,
            status: self.status,
            product,
            created_at: self.created_date,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CommentJson {
    id: String,
    #[serde(default)]
    comment_body: String,
    #[serde(default)]
    created_by: String,
    #[serde(default)]
    created_by_type: String,
    created_date: DateTime<Utc>,
    #[serde(default = "public")]
    is_public: bool,
}

fn public() -> bool {
    true
}

/// Red Hat's comment list is documented as a bare array; some deployments wrap it.
#[derive(Deserialize)]
#[serde(untagged)]
enum Comments {
    Bare(Vec<CommentJson>),
    Wrapped { comments: Vec<CommentJson> },
}

impl Connector for RedHat {
    fn kind(&self) -> ConnectorKind {
        ConnectorKind::RedHat
    }

    async fn check(&self) -> Result<String, VendorError> {
        let page = self.filter(None, 0).await?;
        Ok(match page.total_count {
            Some(n) => format!("signed in; {n} cases visible"),
            None => "signed in".to_owned(),
        })
    }

    async fn changed_cases(
        &self,
        since: Option<DateTime<Utc>>,
        cursor_text: Option<&str>,
    ) -> Result<CasePage, VendorError> {
        let (mut offset, mut base) = match cursor_text {
            Some(text) => parse_cursor(text)
                .ok_or_else(|| VendorError::Malformed(format!("bad page cursor {text:?}")))?,
            None => (0, 0),
        };
        let reply = match self.filter(since, offset).await {
            // A server that counts from 1 may refuse offset 0.
            Err(VendorError::Refused { status: 400, .. }) if cursor_text.is_none() => {
                (offset, base) = (1, 1);
                self.filter(since, offset).await?
            }
            other => other?,
        };
        let received = reply.cases.len();
        let read = offset.saturating_sub(base).saturating_add(received);
        let more = received == PAGE_SIZE && reply.total_count.is_none_or(|total| read < total);
        Ok(CasePage {
            cases: reply.cases,
            next: more.then(|| cursor(offset.saturating_add(received), base)),
        })
    }

    async fn case(&self, key: &str) -> Result<VendorCase, VendorError> {
        let call = Call::new(Method::GET, self.case_url(key, "")?);
        parse_case(&self.call(call).await?.body)
    }

    async fn comments(
        &self,
        key: &str,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<VendorComment>, VendorError> {
        let mut url = self.case_url(key, "/comments")?;
        if let Some(since) = since {
            url.query_pairs_mut()
                .append_pair("startDate", &timestamp(since));
        }
        let mut comments = parse_comments(&self.call(Call::new(Method::GET, url)).await?.body)?;
        comments.retain(|c| since.is_none_or(|since| c.created_at > since));
        Ok(comments)
    }

    async fn transitions(&self, _key: &str) -> Result<Vec<Transition>, VendorError> {
        Ok(Vec::new())
    }

    async fn send(&self, key: &str, action: &Outbound) -> Result<(), VendorError> {
        let number = case_number(key)?;
        let call = match action {
            Outbound::Comment { body } => Call::new(Method::POST, self.case_url(key, "/comments")?)
                .json(&json!({ "caseNumber": number, "commentBody": body }))?,
            Outbound::ChangeSeverity { level, .. } => {
                let label = severity_label(*level).ok_or_else(|| VendorError::Refused {
                    status: 400,
                    message: format!("severity {level} does not exist at Red Hat"),
                })?;
                Call::new(Method::PUT, self.case_url(key, "")?)
                    .json(&json!({ "severity": label }))?
            }
            Outbound::RequestEscalation { .. } => {
                Call::new(Method::PUT, self.case_url(key, "")?)
                    .json(&json!({ "requestManagementEscalation": true }))?
            }
            Outbound::Transition { .. } => {
                return Err(VendorError::NotSupported(
                    ConnectorKind::RedHat.name().to_owned(),
                ));
            }
        };
        // Red Hat documents no reply body for these; any 2xx is success.
        self.call(call).await.map(|_| ())
    }

    async fn already_delivered(
        &self,
        key: &str,
        action: &Outbound,
        attempted_at: DateTime<Utc>,
    ) -> Result<bool, VendorError> {
        match action {
            Outbound::Comment { body } => {
                // The vendor's clock may lag ours by a little.
                let since = attempted_at - chrono::TimeDelta::minutes(5);
                Ok(self
                    .comments(key, Some(since))
                    .await?
                    .iter()
                    .any(|c| !c.from_vendor && c.body.trim() == body.trim()))
            }
            Outbound::ChangeSeverity { level, .. } => {
                Ok(self.case(key).await?.severity == Some(*level))
            }
            // Setting the flag again changes nothing at Red Hat.
            Outbound::RequestEscalation { .. } | Outbound::Transition { .. } => Ok(false),
        }
    }
}

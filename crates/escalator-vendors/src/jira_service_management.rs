//! The Jira Service Management customer REST API (`/rest/servicedeskapi`), as
//! `../shared/vendor-apis.md` §B.3 describes it, spoken as a customer of the vendor's service
//! desk.
//!
//! Sign-in is HTTP Basic with the customer's Atlassian e-mail and API token (Cloud), sent with
//! every request; nothing is exchanged or cached. Requests are keyed `PROJECT-123`; the list
//! asks for `requestOwnership=ALL_REQUESTS` (requests the customer raised or takes part in) in
//! every status, without `expand`: `currentStatus` is part of every request, and the status
//! history `expand=status` adds is not read. Comments are public ones only, which is all a
//! customer may read or write; a comment is the vendor's unless its author's e-mail is the
//! account's. A customer cannot change priority, so a management escalation is the vendor's
//! own customer transition when it offers one named like "Escalate", else a public comment
//! worded by [`escalation_comment`]. Severity is read only where the request type shows the
//! customer a priority field.
//!
//! Changed requests: a customer gets no updated-since filter (JSDSERVER-6880), only a list
//! ordered by latest activity, "for example, the latest status transition or comment", and a
//! request carries no time of its latest activity. The time used here is the newest of the
//! status date (`currentStatus.statusDate`) and the creation date; where both are older than
//! `since`, the request's newest public comment is read too (one more call, made only where
//! the walk may end), because a reply that did not move the status is the change a customer
//! most needs to see. Activity a customer cannot see (an agent's internal note) also moves a
//! request up the list, so the walk ends only after [`QUIET_IN_A_ROW`] requests in a row with
//! nothing visible since `since`, not at the first one. A request that gets activity while a
//! walk is under way moves above the walk's position and is found by the next one.
//!
//! Each answer is read by a `parse_*` function ([`parse_request_page`], [`parse_request`],
//! [`parse_comment_page`], [`parse_transition_page`]) that takes the raw body: the connector's
//! only way to read one, and what the fuzz targets in `fuzz/` feed arbitrary bytes.
//!
//! It does not read SLAs, participants, attachments or the status history, does not create
//! requests, and does not see requests shared with the customer's organisation that the
//! customer neither raised nor joined. It keeps no state and does not touch the keychain or
//! the store.

use chrono::{DateTime, TimeDelta, Utc};
use escalator_core::SrStatus;
use reqwest::Method;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use url::Url;

use crate::connector::{
    CasePage, Connector, ConnectorKind, Outbound, Transition, VendorCase, VendorComment,
};
use crate::http::{Call, VendorHttp, parse_json};
use crate::{Sensitive, VendorError};

/// The customer request list; the other paths hang below it.
pub const REQUESTS_PATH: &str = "/rest/servicedeskapi/request";

const PAGE_SIZE: usize = 50;
/// Requests in a row with no visible activity since `since` that end an incremental walk.
pub const QUIET_IN_A_ROW: usize = 3;
/// Comments and transitions of one request beyond this many pages mean a server that does not
/// page as documented.
const MAX_PAGES: usize = 100;
/// The vendor's clock may lag ours by a little.
const CLOCK_SLACK: TimeDelta = TimeDelta::minutes(5);

/// The first line of the public comment that asks for an escalation where the vendor offers no
/// escalation transition.
pub const ESCALATION_REQUEST: &str =
    "Escalation request: please bring this request to management attention.";

/// The public comment that asks for a management escalation, with the customer's reason.
pub fn escalation_comment(reason: &str) -> String {
    match reason.trim() {
        "" => ESCALATION_REQUEST.to_owned(),
        reason => format!("{ESCALATION_REQUEST}\n\nReason: {reason}"),
    }
}

pub struct JiraServiceManagement {
    http: VendorHttp,
    email: String,
    token: Sensitive<String>,
}

impl std::fmt::Debug for JiraServiceManagement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JiraServiceManagement")
            .field("base", &self.http.base().as_str())
            .finish_non_exhaustive()
    }
}

impl JiraServiceManagement {
    /// `http`'s base is the vendor's site (`https://acme.atlassian.net`); `email` and `token`
    /// are the customer's Atlassian account e-mail and API token.
    pub fn new(http: VendorHttp, email: String, token: Sensitive<String>) -> Self {
        Self { http, email, token }
    }

    fn call(&self, method: Method, url: Url) -> Call {
        let mut call = Call::new(method, url);
        call.basic = Some((self.email.clone(), self.token.expose().clone()));
        call
    }

    fn request_url(&self, key: &str, rest: &str) -> Result<Url, VendorError> {
        let key = request_key(key)?;
        self.http.url(&format!("{REQUESTS_PATH}/{key}{rest}"))
    }

    fn list_url(&self, start: usize, limit: usize) -> Result<Url, VendorError> {
        let mut url = self.http.url(REQUESTS_PATH)?;
        url.query_pairs_mut()
            .append_pair("requestOwnership", "ALL_REQUESTS")
            .append_pair("requestStatus", "ALL_REQUESTS")
            .append_pair("start", &start.to_string())
            .append_pair("limit", &limit.to_string());
        Ok(url)
    }

    /// Every page of a paged list under `url`, each read by `parse`.
    async fn every_page<T>(
        &self,
        url: Url,
        what: &str,
        parse: impl Fn(&[u8]) -> Result<ListPage<T>, VendorError>,
    ) -> Result<Vec<T>, VendorError> {
        let mut all = Vec::new();
        let mut start = 0;
        for _ in 0..MAX_PAGES {
            let mut page_url = url.clone();
            page_url
                .query_pairs_mut()
                .append_pair("start", &start.to_string())
                .append_pair("limit", &PAGE_SIZE.to_string());
            let reply = self.http.send(&self.call(Method::GET, page_url)).await?;
            let page = parse(&reply.body)?;
            let next = page.next_start(start);
            all.extend(page.values);
            match next {
                Some(next) => start = next,
                None => return Ok(all),
            }
        }
        Err(VendorError::Malformed(format!(
            "the {what} did not end after {MAX_PAGES} pages"
        )))
    }

    /// Every public comment on the request, in the vendor's order.
    async fn all_comments(&self, key: &str) -> Result<Vec<VendorComment>, VendorError> {
        let mut url = self.request_url(key, "/comment")?;
        url.query_pairs_mut()
            .append_pair("public", "true")
            .append_pair("internal", "false");
        self.every_page(url, "Jira Service Management comments", |body| {
            parse_comment_page(body, &self.email)
        })
        .await
    }

    /// Comments we wrote since `since`, trimmed, for recognising what we sent.
    async fn our_bodies_since(
        &self,
        key: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<String>, VendorError> {
        Ok(self
            .comments(key, Some(since))
            .await?
            .into_iter()
            .filter(|c| !c.from_vendor)
            .map(|c| c.body.trim().to_owned())
            .collect())
    }

    async fn add_comment(&self, key: &str, body: &str) -> Result<(), VendorError> {
        let call = self
            .call(Method::POST, self.request_url(key, "/comment")?)
            .json(&json!({ "body": body, "public": true }))?;
        self.http.send(&call).await.map(|_| ())
    }

    async fn take_transition(&self, key: &str, id: &str, comment: &str) -> Result<(), VendorError> {
        let mut body = json!({ "id": id });
        if !comment.trim().is_empty()
            && let Some(fields) = body.as_object_mut()
        {
            fields.insert("additionalComment".to_owned(), json!({ "body": comment }));
        }
        let call = self
            .call(Method::POST, self.request_url(key, "/transition")?)
            .json(&body)?;
        // Jira answers 204 without a body.
        self.http.send(&call).await.map(|_| ())
    }
}

/// Jira issue keys: a project key (an upper-case letter, then upper-case letters, digits or
/// `_`), a dash, a number. Anything else is refused before it reaches a URL path.
fn request_key(key: &str) -> Result<&str, VendorError> {
    let key = key.trim();
    let valid = key.len() <= 64
        && key.split_once('-').is_some_and(|(project, number)| {
            let mut project = project.bytes();
            project.next().is_some_and(|b| b.is_ascii_uppercase())
                && project.all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
        });
    if valid {
        Ok(key)
    } else {
        Err(VendorError::BadAddress(format!(
            "{key:?} is not a Jira Service Management request key (e.g. ACME-123)."
        )))
    }
}

fn is_escalation(name: &str) -> bool {
    name.to_lowercase().contains("escalat")
}

/// Escalator's status from the vendor's status name and Jira's status category.
fn sr_status(status: &str, category: &str) -> SrStatus {
    let name = status.trim().to_lowercase();
    let waiting_for_customer =
        name.contains("customer") && (name.contains("wait") || name.contains("pending"));
    match category.trim().to_ascii_uppercase().as_str() {
        "DONE" if name == "closed" || name.starts_with("cancel") => SrStatus::Closed,
        "DONE" => SrStatus::Resolved,
        _ if waiting_for_customer => SrStatus::WaitingOnUs,
        "INDETERMINATE" => SrStatus::WaitingOnVendor,
        _ => SrStatus::Open,
    }
}

/// A Jira priority name as a severity from 1 to 4: the default scheme's names, the common
/// ITSM ones, or a leading number ("P1", "2 - High").
fn priority_level(name: &str) -> Option<u8> {
    let name = name.trim().to_lowercase();
    let numbered = name
        .strip_prefix('p')
        .unwrap_or(&name)
        .chars()
        .next()
        .and_then(|c| c.to_digit(10));
    if let Some(number) = numbered {
        return u8::try_from(number).ok().filter(|n| (1..=4).contains(n));
    }
    match name.as_str() {
        "highest" | "critical" | "blocker" | "urgent" => Some(1),
        "high" | "major" => Some(2),
        "medium" | "normal" => Some(3),
        "low" | "lowest" | "minor" | "trivial" => Some(4),
        _ => None,
    }
}

/// Atlassian's `iso8601` has no colon in its offset (`2015-10-08T14:42:00+0700`); RFC 3339 is
/// accepted too.
fn parse_iso8601(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// The paged envelope of every servicedeskapi list.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page<T> {
    is_last_page: bool,
    values: Vec<T>,
}

/// One page of a servicedeskapi list, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPage<T> {
    /// What the page holds that Escalator reads, in the vendor's order.
    pub values: Vec<T>,
    /// How many values the server sent, those left out (an internal comment) included.
    received: usize,
    is_last_page: bool,
}

impl<T> ListPage<T> {
    /// Where the page after this one starts, counting what arrived rather than what was asked
    /// for: a server may answer fewer than `limit`.
    pub fn next_start(&self, start: usize) -> Option<usize> {
        (!self.is_last_page && self.received > 0).then(|| start.saturating_add(self.received))
    }
}

/// Reads a page of `J`s as `T`s; `read` leaves a value out by answering `None`.
fn parse_page<J: DeserializeOwned, T>(
    body: &[u8],
    what: &str,
    read: impl FnMut(J) -> Result<Option<T>, VendorError>,
) -> Result<ListPage<T>, VendorError> {
    let page: Page<J> = parse_json(body, what)?;
    let received = page.values.len();
    let values = page
        .values
        .into_iter()
        .map(read)
        .filter_map(Result::transpose)
        .collect::<Result<_, _>>()?;
    Ok(ListPage {
        values,
        received,
        is_last_page: page.is_last_page,
    })
}

/// A page of the customer's requests (`GET /request`).
pub fn parse_request_page(body: &[u8]) -> Result<ListPage<VendorCase>, VendorError> {
    parse_page(
        body,
        "Jira Service Management request list",
        |request: RequestJson| request.into_case().map(Some),
    )
}

/// One request (`GET /request/{key}`).
pub fn parse_request(body: &[u8]) -> Result<VendorCase, VendorError> {
    let request: RequestJson = parse_json(body, "Jira Service Management request")?;
    request.into_case()
}

/// A page of a request's comments (`GET /request/{key}/comment`), public ones only;
/// `our_email` is the account's, which tells our comments from the vendor's.
pub fn parse_comment_page(
    body: &[u8],
    our_email: &str,
) -> Result<ListPage<VendorComment>, VendorError> {
    parse_page(
        body,
        "Jira Service Management comments",
        |comment: CommentJson| {
            comment
                .public
                .then(|| comment.into_comment(our_email))
                .transpose()
        },
    )
}

/// A page of the customer transitions offered on a request (`GET /request/{key}/transition`).
pub fn parse_transition_page(body: &[u8]) -> Result<ListPage<Transition>, VendorError> {
    parse_page(
        body,
        "Jira Service Management transitions",
        |t: TransitionJson| {
            Ok(Some(Transition {
                id: t.id,
                name: t.name,
            }))
        },
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DateJson {
    iso8601: Option<String>,
    epoch_millis: Option<i64>,
}

impl DateJson {
    fn instant(&self, what: &str) -> Result<DateTime<Utc>, VendorError> {
        self.iso8601
            .as_deref()
            .and_then(parse_iso8601)
            .or_else(|| DateTime::from_timestamp_millis(self.epoch_millis?))
            .ok_or_else(|| VendorError::Malformed(format!("the {what} is not a date")))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusJson {
    #[serde(default)]
    status: String,
    #[serde(default)]
    status_category: String,
    status_date: Option<DateJson>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldValueJson {
    field_id: String,
    #[serde(default)]
    value: Value,
}

#[derive(Deserialize, Default)]
struct RequestLinksJson {
    web: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestJson {
    issue_key: String,
    #[serde(default)]
    request_field_values: Vec<FieldValueJson>,
    current_status: Option<StatusJson>,
    created_date: DateJson,
    #[serde(rename = "_links", default)]
    links: RequestLinksJson,
}

impl RequestJson {
    fn field(&self, id: &str) -> Option<&Value> {
        self.request_field_values
            .iter()
            .find(|f| f.field_id == id)
            .map(|f| &f.value)
    }

    fn into_case(self) -> Result<VendorCase, VendorError> {
        let key = request_key(&self.issue_key)
            .map_err(|err| VendorError::Malformed(err.to_string()))?
            .to_owned();
        let created_at = self.created_date.instant("request's creation date")?;
        let (status, category, status_at) = match &self.current_status {
            Some(current) => (
                current.status.clone(),
                current.status_category.as_str(),
                current
                    .status_date
                    .as_ref()
                    .map(|date| date.instant("request's status date"))
                    .transpose()?,
            ),
            None => (String::new(), "", None),
        };
        let summary = self
            .field("summary")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        // Customers see a priority only where the request type shows it to them.
        let severity = self
            .field("priority")
            .and_then(|value| value.get("name").unwrap_or(value).as_str())
            .and_then(priority_level);
        Ok(VendorCase {
            sr_status: sr_status(&status, category),
            updated_at: status_at.map_or(created_at, |at| at.max(created_at)),
            key,
            summary,
            status,
            severity,
            product: String::new(),
            created_at,
            web_url: self.links.web,
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthorJson {
    #[serde(default)]
    display_name: String,
    email_address: Option<String>,
}

#[derive(Deserialize)]
struct CommentJson {
    id: String,
    #[serde(default)]
    body: String,
    #[serde(default = "public")]
    public: bool,
    author: Option<AuthorJson>,
    created: DateJson,
}

fn public() -> bool {
    true
}

impl CommentJson {
    fn into_comment(self, our_email: &str) -> Result<VendorComment, VendorError> {
        let created_at = self.created.instant("comment's date")?;
        let (author, email) = match self.author {
            Some(author) => (author.display_name, author.email_address),
            None => (String::new(), None),
        };
        // An agent's profile may hide their e-mail; a comment without one is not ours.
        let ours = email.is_some_and(|email| email.trim().eq_ignore_ascii_case(our_email.trim()));
        Ok(VendorComment {
            id: self.id,
            author,
            body: self.body,
            created_at,
            from_vendor: !ours,
        })
    }
}

#[derive(Deserialize)]
struct TransitionJson {
    id: String,
    name: String,
}

impl Connector for JiraServiceManagement {
    fn kind(&self) -> ConnectorKind {
        ConnectorKind::JiraServiceManagement
    }

    async fn check(&self) -> Result<String, VendorError> {
        let call = self.call(Method::GET, self.list_url(0, 1)?);
        // Only that the list answers: a malformed request in it is for a sync to report.
        let _: Page<Value> = parse_json(
            &self.http.send(&call).await?.body,
            "Jira Service Management request list",
        )?;
        Ok(format!("signed in as {}", self.email.trim()))
    }

    async fn changed_cases(
        &self,
        since: Option<DateTime<Utc>>,
        cursor: Option<&str>,
    ) -> Result<CasePage, VendorError> {
        let start = match cursor {
            Some(text) => text
                .trim()
                .parse::<usize>()
                .map_err(|_| VendorError::Malformed(format!("bad page cursor {text:?}")))?,
            None => 0,
        };
        let call = self.call(Method::GET, self.list_url(start, PAGE_SIZE)?);
        let page = parse_request_page(&self.http.send(&call).await?.body)?;
        let next = page.next_start(start).map(|next| next.to_string());
        let Some(since) = since else {
            return Ok(CasePage {
                cases: page.values,
                next,
            });
        };

        let mut cases = Vec::new();
        let mut quiet = 0;
        for mut case in page.values {
            if case.updated_at < since {
                let newest_comment = self
                    .all_comments(&case.key)
                    .await?
                    .into_iter()
                    .map(|c| c.created_at)
                    .max();
                if let Some(at) = newest_comment {
                    case.updated_at = case.updated_at.max(at);
                }
            }
            if case.updated_at >= since {
                quiet = 0;
                cases.push(case);
            } else {
                quiet += 1;
                if quiet >= QUIET_IN_A_ROW {
                    return Ok(CasePage { cases, next: None });
                }
            }
        }
        Ok(CasePage { cases, next })
    }

    async fn case(&self, key: &str) -> Result<VendorCase, VendorError> {
        let call = self.call(Method::GET, self.request_url(key, "")?);
        parse_request(&self.http.send(&call).await?.body)
    }

    async fn comments(
        &self,
        key: &str,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<VendorComment>, VendorError> {
        let mut comments: Vec<VendorComment> = self
            .all_comments(key)
            .await?
            .into_iter()
            .filter(|c| since.is_none_or(|since| c.created_at > since))
            .collect();
        comments.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(comments)
    }

    async fn transitions(&self, key: &str) -> Result<Vec<Transition>, VendorError> {
        let url = self.request_url(key, "/transition")?;
        self.every_page(
            url,
            "Jira Service Management transitions",
            parse_transition_page,
        )
        .await
    }

    async fn send(&self, key: &str, action: &Outbound) -> Result<(), VendorError> {
        request_key(key)?;
        match action {
            Outbound::Comment { body } => self.add_comment(key, body).await,
            Outbound::Transition { id, comment } => self.take_transition(key, id, comment).await,
            Outbound::RequestEscalation { reason } => {
                let offered = self.transitions(key).await?;
                match offered.iter().find(|t| is_escalation(&t.name)) {
                    // The reason travels as the transition's comment; without one, the
                    // template says what the transition is for.
                    Some(escalate) => {
                        let comment = match reason.trim() {
                            "" => escalation_comment(reason),
                            reason => reason.to_owned(),
                        };
                        self.take_transition(key, &escalate.id, &comment).await
                    }
                    None => self.add_comment(key, &escalation_comment(reason)).await,
                }
            }
            Outbound::ChangeSeverity { .. } => Err(VendorError::NotSupported(
                ConnectorKind::JiraServiceManagement.name().into(),
            )),
        }
    }

    async fn already_delivered(
        &self,
        key: &str,
        action: &Outbound,
        attempted_at: DateTime<Utc>,
    ) -> Result<bool, VendorError> {
        let window = attempted_at - CLOCK_SLACK;
        match action {
            Outbound::Comment { body } => Ok(self
                .our_bodies_since(key, window)
                .await?
                .iter()
                .any(|ours| ours == body.trim())),
            // The customer API says neither who took a transition nor when, only when the
            // status last changed. A transition no longer offered with a status newer than the
            // attempt is the best evidence there is; and where it misleads (an agent moved the
            // request meanwhile), sending again would only be refused, the transition being
            // gone.
            Outbound::Transition { id, .. } => {
                if self.transitions(key).await?.iter().any(|t| t.id == *id) {
                    return Ok(false);
                }
                Ok(self.case(key).await?.updated_at >= window)
            }
            Outbound::RequestEscalation { reason } => {
                // Either route leaves our comment: the template, or the reason as the
                // escalation transition's comment.
                let template = escalation_comment(reason);
                let reason = reason.trim();
                let ours = self.our_bodies_since(key, window).await?;
                if ours
                    .iter()
                    .any(|body| body == template.trim() || (!reason.is_empty() && body == reason))
                {
                    return Ok(true);
                }
                // A vendor whose transition drops the comment: the escalation transition is
                // gone and the request moved to an escalation status since the attempt.
                if self
                    .transitions(key)
                    .await?
                    .iter()
                    .any(|t| is_escalation(&t.name))
                {
                    return Ok(false);
                }
                let case = self.case(key).await?;
                Ok(case.updated_at >= window && is_escalation(&case.status))
            }
            Outbound::ChangeSeverity { .. } => Ok(false),
        }
    }
}

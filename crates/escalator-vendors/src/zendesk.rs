//! The Zendesk Requests API (`/api/v2/requests`): a vendor's Zendesk tickets as the customer, an
//! end user, sees them, as `../shared/vendor-apis.md` §B.2 describes it.
//!
//! Sign-in is Zendesk's API-token authentication: HTTP Basic with `{email}/token` as the user
//! and the token as the password. Zendesk offers end users no incremental export, so listing
//! walks the requests newest change first with cursor paging and stops at the first one older
//! than the last sync; comments are read with `since`. A comment and a management escalation
//! are both a public comment added with `PUT` on the request (the escalation in the words of
//! [`escalation_comment`]), because an end user may change nothing else on a request.
//!
//! Each answer is read by a `parse_*` function ([`parse_me`], [`parse_request_page`],
//! [`parse_request`], [`parse_comment_page`]) that takes the raw body, and a request's comment
//! pages are joined into comments by a [`CommentThread`]: the connector's only way to read an
//! answer, and what the fuzz targets in `fuzz/` feed arbitrary bytes.
//!
//! It does not change priority: Zendesk ignores a priority sent by an end user without saying
//! so, so a severity change is refused here rather than reported as done. It does not create,
//! solve or copy anyone on requests, does not sign in with OAuth, and does not touch the
//! keychain or the store.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use escalator_core::SrStatus;
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::OnceCell;
use url::Url;

use crate::connector::{
    CasePage, Connector, ConnectorKind, Outbound, Transition, VendorCase, VendorComment,
};
use crate::http::{Call, Reply, VendorHttp, parse_json};
use crate::{Sensitive, VendorError};

/// Zendesk's largest cursor page.
const PAGE_SIZE: &str = "100";

/// The first line of every escalation comment, the part a vendor's triggers can match on.
pub const ESCALATION_REQUEST: &str =
    "Escalation request: please bring this request to management attention.";

/// The public comment that asks a Zendesk vendor for management attention, as it will be sent.
pub fn escalation_comment(reason: &str) -> String {
    match reason.trim() {
        "" => ESCALATION_REQUEST.to_owned(),
        reason => format!("{ESCALATION_REQUEST}\n\nReason: {reason}"),
    }
}

pub struct Zendesk {
    http: VendorHttp,
    email: String,
    token: Sensitive<String>,
    /// Who we are at Zendesk, asked once and only when a comment's author needs it.
    my_user_id: OnceCell<i64>,
}

impl std::fmt::Debug for Zendesk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Zendesk")
            .field("base", &self.http.base().as_str())
            .finish_non_exhaustive()
    }
}

impl Zendesk {
    /// `http` is for the vendor's Zendesk address (`https://acme.zendesk.com`, or its help
    /// center's own domain); `email` is the end user's, `token` the API token that acts as them.
    pub fn new(http: VendorHttp, email: String, token: Sensitive<String>) -> Self {
        Self {
            http,
            email,
            token,
            my_user_id: OnceCell::new(),
        }
    }

    async fn get(&self, url: Url) -> Result<Reply, VendorError> {
        self.http
            .send(&self.signed(Call::new(Method::GET, url)))
            .await
    }

    fn signed(&self, mut call: Call) -> Call {
        call.basic = Some((
            format!("{}/token", self.email.trim()),
            self.token.expose().clone(),
        ));
        call
    }

    async fn me(&self) -> Result<(i64, Option<String>), VendorError> {
        parse_me(&self.get(self.http.url("/api/v2/users/me")?).await?.body)
    }

    async fn my_user_id(&self) -> Result<i64, VendorError> {
        self.my_user_id
            .get_or_try_init(|| async { self.me().await.map(|(id, _)| id) })
            .await
            .copied()
    }

    fn request_url(&self, key: &str, rest: &str) -> Result<Url, VendorError> {
        let id = request_id(key)?;
        self.http.url(&format!("/api/v2/requests/{id}{rest}"))
    }

    fn site(&self) -> &str {
        self.http.base().as_str().trim_end_matches('/')
    }

    /// One page of a request's comments and the users Zendesk sideloaded with it.
    async fn comments_page(
        &self,
        key: &str,
        since: Option<DateTime<Utc>>,
        cursor: Option<&str>,
    ) -> Result<CommentPage, VendorError> {
        let mut url = self.request_url(key, "/comments")?;
        {
            let mut query = url.query_pairs_mut();
            // Where an account does not sideload the authors by default, asking costs nothing;
            // the author's name and role then come with the page.
            query
                .append_pair("include", "users")
                .append_pair("page[size]", PAGE_SIZE);
            if let Some(since) = since {
                query.append_pair("since", &timestamp(since));
            }
            if let Some(cursor) = cursor {
                query.append_pair("page[after]", cursor);
            }
        }
        parse_comment_page(&self.get(url).await?.body)
    }

    async fn comment_text_is_there(
        &self,
        key: &str,
        text: &str,
        attempted_at: DateTime<Utc>,
    ) -> Result<bool, VendorError> {
        // The vendor's clock may lag ours by a little.
        let since = attempted_at - TimeDelta::minutes(5);
        Ok(self
            .comments(key, Some(since))
            .await?
            .iter()
            .any(|c| !c.from_vendor && c.body.trim() == text.trim()))
    }
}

/// Request ids are digits; anything else is refused before it reaches a URL path.
fn request_id(key: &str) -> Result<&str, VendorError> {
    let key = key.trim();
    if !key.is_empty() && key.len() <= 20 && key.bytes().all(|b| b.is_ascii_digit()) {
        Ok(key)
    } else {
        Err(VendorError::BadAddress(format!(
            "{key:?} is not a Zendesk request number (digits only, e.g. 8812)."
        )))
    }
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The cursor of the next page, if Zendesk says there is one. `links.next` is not read: Zendesk
/// may still set it on the last page.
fn next_cursor(meta: &Meta, sent: Option<&str>) -> Result<Option<String>, VendorError> {
    if !meta.has_more {
        return Ok(None);
    }
    match meta.after_cursor.as_deref() {
        Some(after) if !after.is_empty() && Some(after) != sent => Ok(Some(after.to_owned())),
        _ => Err(VendorError::Malformed(
            "Zendesk said more pages follow but gave no new cursor".to_owned(),
        )),
    }
}

/// Zendesk's priority words as severities 1 to 4.
fn severity_level(priority: &str) -> Option<u8> {
    match priority.trim().to_ascii_lowercase().as_str() {
        "urgent" => Some(1),
        "high" => Some(2),
        "normal" => Some(3),
        "low" => Some(4),
        _ => None,
    }
}

fn sr_status(status: &str) -> SrStatus {
    match status.trim().to_ascii_lowercase().as_str() {
        // Pending: the agent is waiting for the requester's reply.
        "pending" => SrStatus::WaitingOnUs,
        // On hold: the agent is waiting on a third party.
        "hold" => SrStatus::WaitingOnVendor,
        "solved" => SrStatus::Resolved,
        "closed" => SrStatus::Closed,
        _ => SrStatus::Open,
    }
}

/// `GET /users/me`: who the token signs in as, Zendesk's user id and the name it shows (else
/// the e-mail). Zendesk answers without a signed-in user with its anonymous user (no id) rather
/// than a 401: that is [`VendorError::CredentialsRejected`].
pub fn parse_me(body: &[u8]) -> Result<(i64, Option<String>), VendorError> {
    let reply: MeReply = parse_json(body, "Zendesk user")?;
    let user = reply.user;
    let id = user.id.ok_or(VendorError::CredentialsRejected)?;
    let name = user
        .name
        .filter(|name| !name.trim().is_empty())
        .or(user.email);
    Ok((id, name))
}

/// One page of the request list (`GET /requests`), read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPage {
    /// In Zendesk's order; each case's `updated_at` is when the request last changed.
    pub cases: Vec<VendorCase>,
    meta: Meta,
}

impl RequestPage {
    /// The cursor of the page after this one; `sent` is the cursor this page was asked with.
    pub fn next_cursor(&self, sent: Option<&str>) -> Result<Option<String>, VendorError> {
        next_cursor(&self.meta, sent)
    }
}

/// A page of the request list; `site` is the Zendesk address the cases' web links start with.
pub fn parse_request_page(body: &[u8], site: &str) -> Result<RequestPage, VendorError> {
    let page: RequestsPage = parse_json(body, "Zendesk request list")?;
    Ok(RequestPage {
        cases: page
            .requests
            .into_iter()
            .map(|request| request.into_case(site))
            .collect(),
        meta: page.meta,
    })
}

/// One request (`GET /requests/{id}`); `site` as for [`parse_request_page`].
pub fn parse_request(body: &[u8], site: &str) -> Result<VendorCase, VendorError> {
    let reply: OneRequest = parse_json(body, "Zendesk request")?;
    Ok(reply.request.into_case(site))
}

/// One page of a request's comments (`GET /requests/{id}/comments?include=users`), with the
/// authors Zendesk sideloaded; a [`CommentThread`] joins the pages.
#[derive(Debug, Deserialize)]
pub struct CommentPage {
    comments: Vec<CommentJson>,
    #[serde(default)]
    users: Vec<UserJson>,
    meta: Meta,
}

impl CommentPage {
    /// The cursor of the page after this one; `sent` is the cursor this page was asked with.
    pub fn next_cursor(&self, sent: Option<&str>) -> Result<Option<String>, VendorError> {
        next_cursor(&self.meta, sent)
    }
}

/// A page of a request's comments.
pub fn parse_comment_page(body: &[u8]) -> Result<CommentPage, VendorError> {
    parse_json(body, "Zendesk comments")
}

/// A request's comment pages joined: whose each comment is needs every page's authors, and,
/// where Zendesk did not say an author's role, who we are.
#[derive(Debug, Default)]
pub struct CommentThread {
    comments: Vec<CommentJson>,
    users: HashMap<i64, UserJson>,
}

impl CommentThread {
    /// Adds the next page read.
    pub fn add(&mut self, page: CommentPage) {
        self.comments.extend(page.comments);
        self.users.extend(
            page.users
                .into_iter()
                .filter_map(|user| Some((user.id?, user))),
        );
    }

    /// Whether some public comment after `since` is by an author whose role Zendesk did not
    /// give, so that only our own user id can tell whose it is.
    pub fn needs_my_id(&self, since: Option<DateTime<Utc>>) -> bool {
        self.comments.iter().filter(|c| c.kept(since)).any(|c| {
            self.users
                .get(&c.author_id)
                .and_then(UserJson::is_staff)
                .is_none()
        })
    }

    /// The public comments after `since`, oldest first. `my_id` is our Zendesk user id where
    /// [`CommentThread::needs_my_id`] said it is needed.
    pub fn into_comments(
        self,
        since: Option<DateTime<Utc>>,
        my_id: Option<i64>,
    ) -> Vec<VendorComment> {
        let CommentThread {
            mut comments,
            users,
        } = self;
        comments.retain(|c| c.kept(since));
        comments.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        comments
            .into_iter()
            .map(|c| {
                let author = users.get(&c.author_id);
                // Without the author's role, anyone but us speaks for the vendor.
                let from_vendor = author
                    .and_then(UserJson::is_staff)
                    .unwrap_or(Some(c.author_id) != my_id);
                let name = author
                    .and_then(|user| user.name.clone())
                    .filter(|name| !name.trim().is_empty())
                    .unwrap_or_else(|| c.author_id.to_string());
                VendorComment {
                    id: c.id.to_string(),
                    author: name,
                    body: c.body,
                    created_at: c.created_at,
                    from_vendor,
                }
            })
            .collect()
    }
}

#[derive(Deserialize)]
struct MeReply {
    user: UserJson,
}

#[derive(Debug, Deserialize)]
struct UserJson {
    id: Option<i64>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    /// Help-center style users say `agent`; Support style users say `role`.
    #[serde(default)]
    agent: Option<bool>,
    #[serde(default)]
    role: Option<String>,
}

impl UserJson {
    fn is_staff(&self) -> Option<bool> {
        self.agent
            .or_else(|| self.role.as_deref().map(|role| role != "end-user"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Meta {
    #[serde(default)]
    has_more: bool,
    #[serde(default)]
    after_cursor: Option<String>,
}

#[derive(Deserialize)]
struct RequestsPage {
    requests: Vec<RequestJson>,
    meta: Meta,
}

#[derive(Deserialize)]
struct OneRequest {
    request: RequestJson,
}

#[derive(Deserialize)]
struct RequestJson {
    id: u64,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    priority: Option<String>,
    created_at: DateTime<Utc>,
    #[serde(default)]
    updated_at: Option<DateTime<Utc>>,
}

impl RequestJson {
    fn changed_at(&self) -> DateTime<Utc> {
        self.updated_at.unwrap_or(self.created_at)
    }

    fn into_case(self, site: &str) -> VendorCase {
        let updated_at = self.changed_at();
        let status = self.status.unwrap_or_default();
        VendorCase {
            key: self.id.to_string(),
            summary: self.subject.unwrap_or_default(),
            sr_status: sr_status(&status),
            severity: self.priority.as_deref().and_then(severity_level),
            status,
            product: String::new(),
            updated_at,
            created_at: self.created_at,
            web_url: Some(format!("{site}/hc/requests/{}", self.id)),
        }
    }
}

#[derive(Debug, Deserialize)]
struct CommentJson {
    id: u64,
    #[serde(default)]
    body: String,
    author_id: i64,
    created_at: DateTime<Utc>,
    #[serde(default = "public")]
    public: bool,
}

fn public() -> bool {
    true
}

impl CommentJson {
    /// What a customer is shown of a thread read with `since`.
    fn kept(&self, since: Option<DateTime<Utc>>) -> bool {
        self.public && since.is_none_or(|since| self.created_at > since)
    }
}

impl Connector for Zendesk {
    fn kind(&self) -> ConnectorKind {
        ConnectorKind::Zendesk
    }

    async fn check(&self) -> Result<String, VendorError> {
        let (id, name) = self.me().await?;
        // Already set by a comment read in the meantime: the same answer.
        let _ = self.my_user_id.set(id);
        let who = name.unwrap_or_else(|| self.email.clone());
        Ok(format!("signed in as {who}"))
    }

    async fn changed_cases(
        &self,
        since: Option<DateTime<Utc>>,
        cursor: Option<&str>,
    ) -> Result<CasePage, VendorError> {
        let mut url = self.http.url("/api/v2/requests")?;
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("sort_by", "updated_at")
                .append_pair("sort_order", "desc")
                .append_pair("page[size]", PAGE_SIZE);
            if let Some(cursor) = cursor {
                query.append_pair("page[after]", cursor);
            }
        }
        let page = parse_request_page(&self.get(url).await?.body, self.site())?;
        // Newest change first: once one is older than the last sync, so is every page after.
        let reached_older =
            since.is_some_and(|since| page.cases.iter().any(|case| case.updated_at < since));
        let next = if reached_older {
            None
        } else {
            page.next_cursor(cursor)?
        };
        let cases = page
            .cases
            .into_iter()
            .filter(|case| since.is_none_or(|since| case.updated_at >= since))
            .collect();
        Ok(CasePage { cases, next })
    }

    async fn case(&self, key: &str) -> Result<VendorCase, VendorError> {
        let body = self.get(self.request_url(key, "")?).await?.body;
        parse_request(&body, self.site())
    }

    async fn comments(
        &self,
        key: &str,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<VendorComment>, VendorError> {
        let mut thread = CommentThread::default();
        let mut cursor: Option<String> = None;
        let mut cursors_seen = HashSet::new();
        loop {
            let page = self.comments_page(key, since, cursor.as_deref()).await?;
            let next = page.next_cursor(cursor.as_deref())?;
            thread.add(page);
            match next {
                Some(next) if cursors_seen.insert(next.clone()) => cursor = Some(next),
                Some(_) => {
                    return Err(VendorError::Malformed(
                        "Zendesk's comment pages lead back to one already read".to_owned(),
                    ));
                }
                None => break,
            }
        }
        let me = if thread.needs_my_id(since) {
            Some(self.my_user_id().await?)
        } else {
            None
        };
        Ok(thread.into_comments(since, me))
    }

    async fn transitions(&self, _key: &str) -> Result<Vec<Transition>, VendorError> {
        Ok(Vec::new())
    }

    async fn send(&self, key: &str, action: &Outbound) -> Result<(), VendorError> {
        let body = match action {
            Outbound::Comment { body } => body.clone(),
            Outbound::RequestEscalation { reason } => escalation_comment(reason),
            Outbound::ChangeSeverity { .. } | Outbound::Transition { .. } => {
                return Err(VendorError::NotSupported(
                    ConnectorKind::Zendesk.name().to_owned(),
                ));
            }
        };
        let call = self
            .signed(Call::new(Method::PUT, self.request_url(key, "")?).not_idempotent())
            .json(&json!({ "request": { "comment": { "body": body } } }))?;
        self.http.send(&call).await.map(|_| ())
    }

    async fn already_delivered(
        &self,
        key: &str,
        action: &Outbound,
        attempted_at: DateTime<Utc>,
    ) -> Result<bool, VendorError> {
        match action {
            Outbound::Comment { body } => self.comment_text_is_there(key, body, attempted_at).await,
            Outbound::RequestEscalation { reason } => {
                self.comment_text_is_there(key, &escalation_comment(reason), attempted_at)
                    .await
            }
            // Never sent: Zendesk offers end users neither.
            Outbound::ChangeSeverity { .. } | Outbound::Transition { .. } => Ok(false),
        }
    }
}

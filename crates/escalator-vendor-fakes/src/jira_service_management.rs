//! A loopback Jira Service Management site: the customer REST API (`/rest/servicedeskapi`) as
//! `shared/vendor-apis.md` §B.3 documents it — HTTP Basic with e-mail and API token, the
//! request list ordered by latest activity (a status change or a comment, internal ones
//! included) in the paged envelope `{size, start, limit, isLastPage, values, _links}`,
//! requests, public comments, and customer transitions (answered 204 without a body). Dates
//! come as Atlassian writes them: `iso8601` without a colon in the offset, plus `epochMillis`.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use escalator_vendors::jira_service_management::REQUESTS_PATH;
use serde_json::{Value, json};

use crate::loopback::Loopback;

pub const EMAIL: &str = "dana.weber@example.com";
pub const TOKEN: &str = "atlassian-api-token-of-dana";
pub const AGENT_EMAIL: &str = "sam.okafor@acme.example";
/// What a customer's portal shows for a request; the base of `_links.web`.
pub const PORTAL: &str = "https://acme.atlassian.net/servicedesk/customer/portal/10";

pub const ESCALATE: &str = "11";
pub const RESOLVE: &str = "21";
pub const REOPEN: &str = "31";

#[derive(Debug, Clone)]
pub struct Request {
    pub id: u64,
    pub key: String,
    pub summary: String,
    pub status: String,
    pub category: String,
    pub priority: Option<String>,
    pub created: DateTime<Utc>,
    pub status_at: DateTime<Utc>,
    /// Latest activity of any kind: what the list is ordered by.
    pub activity: DateTime<Utc>,
    /// The vendor's workflow has a customer "Escalate" transition for this request type.
    pub escalation_offered: bool,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: u64,
    pub key: String,
    pub body: String,
    pub author: String,
    pub email: String,
    pub public: bool,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Default)]
pub struct JsmData {
    pub requests: Vec<Request>,
    pub comments: Vec<Comment>,
    /// The most the server puts on one page, whatever the client asks for.
    pub page_cap: Option<usize>,
    /// The server's clock: each change moves it on a minute.
    pub now: Option<DateTime<Utc>>,
}

pub type Shared = Arc<Mutex<JsmData>>;

pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap()
}

/// `n` requests ACME-1 … ACME-n; the i-th (from 0) changed status i minutes after the start.
/// Statuses cycle through the four categories a customer meets; even ones offer "Escalate";
/// every fifth shows its priority to the customer.
pub fn requests(n: usize) -> Vec<Request> {
    (0..n)
        .map(|i| {
            let (status, category) = match i % 4 {
                0 => ("Waiting for support", "NEW"),
                1 => ("In progress", "INDETERMINATE"),
                2 => ("Waiting for customer", "INDETERMINATE"),
                _ => ("Resolved", "DONE"),
            };
            let at = start_time() + TimeDelta::minutes(i64::try_from(i).unwrap());
            Request {
                id: 10_000 + u64::try_from(i).unwrap(),
                key: format!("ACME-{}", i + 1),
                summary: format!("Request {i}: replication lag on the EU cluster"),
                status: status.to_owned(),
                category: category.to_owned(),
                priority: (i % 5 == 0).then(|| "High".to_owned()),
                created: start_time() - TimeDelta::days(3),
                status_at: at,
                activity: at,
                escalation_offered: i % 2 == 0,
            }
        })
        .collect()
}

pub async fn start(data: JsmData) -> (Loopback, Shared) {
    let shared: Shared = Arc::new(Mutex::new(data));
    let router = Router::new()
        .route(REQUESTS_PATH, get(list))
        .route(&format!("{REQUESTS_PATH}/{{key}}"), get(request))
        .route(
            &format!("{REQUESTS_PATH}/{{key}}/comment"),
            get(comments).post(add_comment),
        )
        .route(
            &format!("{REQUESTS_PATH}/{{key}}/transition"),
            get(transitions).post(take_transition),
        )
        .with_state(shared.clone());
    (Loopback::start(router).await, shared)
}

/// Moves the server's clock on a minute and answers the new time.
pub fn tick(data: &mut JsmData) -> DateTime<Utc> {
    let now = data
        .now
        .unwrap_or_else(|| start_time() + TimeDelta::days(30))
        + TimeDelta::minutes(1);
    data.now = Some(now);
    now
}

/// A comment written at the server's next tick, which counts as activity on its request.
pub fn comment_now(data: &mut JsmData, key: &str, body: &str, by_agent: bool, public: bool) {
    let at = tick(data);
    let (author, email) = if by_agent {
        ("Sam Okafor (ACME Support)", AGENT_EMAIL)
    } else {
        ("Dana Weber", EMAIL)
    };
    let id = 50_000 + u64::try_from(data.comments.len()).unwrap();
    data.comments.push(Comment {
        id,
        key: key.to_owned(),
        body: body.to_owned(),
        author: author.to_owned(),
        email: email.to_owned(),
        public,
        at,
    });
    if let Some(request) = data.requests.iter_mut().find(|r| r.key == key) {
        request.activity = at;
    }
}

/// The customer transitions the workflow offers in a request's present status.
fn offered(request: &Request) -> Vec<(&'static str, &'static str)> {
    if request.category == "DONE" {
        return vec![(REOPEN, "Reopen request")];
    }
    let mut list = Vec::new();
    if request.escalation_offered && request.status != "Escalated" {
        list.push((ESCALATE, "Escalate"));
    }
    list.push((RESOLVE, "Resolve this issue"));
    list
}

/// Atlassian's date object; the site's users are in UTC+1.
fn date(at: DateTime<Utc>) -> Value {
    let local = at.with_timezone(&FixedOffset::east_opt(3600).unwrap());
    json!({
        "iso8601": local.format("%Y-%m-%dT%H:%M:%S%z").to_string(),
        "jira": local.format("%Y-%m-%dT%H:%M:%S%.3f%z").to_string(),
        "friendly": local.format("%d/%b/%y %-I:%M %p").to_string(),
        "epochMillis": at.timestamp_millis(),
    })
}

fn user(name: &str, email: &str) -> Value {
    json!({
        "accountId": format!("qm:{}", email.replace(['@', '.'], "-")),
        "emailAddress": email,
        "displayName": name,
        "active": true,
        "timeZone": "Europe/Berlin",
    })
}

fn request_json(base: &str, request: &Request) -> Value {
    let mut fields = vec![
        json!({"fieldId": "summary", "label": "What do you need?", "value": request.summary}),
        json!({"fieldId": "description", "label": "Why do you need this?",
               "value": "Replicas fall behind by minutes after the 02:00 backup."}),
    ];
    if let Some(priority) = &request.priority {
        fields.push(json!({"fieldId": "priority", "label": "Priority",
                           "value": {"self": format!("{base}/rest/api/2/priority/2"),
                                     "name": priority, "id": "2"}}));
    }
    json!({
        "_expands": ["participant", "status", "sla", "requestType", "serviceDesk",
                     "attachment", "action", "comment"],
        "issueId": request.id.to_string(),
        "issueKey": request.key,
        "requestTypeId": "25",
        "serviceDeskId": "10",
        "createdDate": date(request.created),
        "reporter": user("Dana Weber", EMAIL),
        "requestFieldValues": fields,
        "currentStatus": {
            "status": request.status,
            "statusCategory": request.category,
            "statusDate": date(request.status_at),
        },
        "_links": {
            "jiraRest": format!("{base}/rest/api/2/issue/{}", request.id),
            "web": format!("{PORTAL}/{}", request.key),
            "self": format!("{base}{REQUESTS_PATH}/{}", request.id),
        },
    })
}

fn comment_json(base: &str, comment: &Comment) -> Value {
    json!({
        "_expands": ["attachment", "renderedBody"],
        "id": comment.id.to_string(),
        "body": comment.body,
        "public": comment.public,
        "author": user(&comment.author, &comment.email),
        "created": date(comment.at),
        "_links": {"self": format!("{base}{REQUESTS_PATH}/{}/comment/{}", comment.key, comment.id)},
    })
}

fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// One page of `items` in the servicedeskapi envelope, from the `start` and `limit` asked for.
fn page(
    base: &str,
    path: &str,
    data: &JsmData,
    query: &[(String, String)],
    items: Vec<Value>,
) -> Response {
    let number = |name: &str, default: usize| match query.iter().find(|(k, _)| k == name) {
        None => Some(default),
        Some((_, v)) => v.parse::<usize>().ok(),
    };
    let (Some(start), Some(limit)) = (number("start", 0), number("limit", 50)) else {
        return bad_request("start and limit must be numbers");
    };
    let limit = limit.clamp(1, data.page_cap.unwrap_or(100));
    let values: Vec<Value> = items.iter().skip(start).take(limit).cloned().collect();
    let last = start + values.len() >= items.len();
    let mut links = json!({"base": format!("{base}/rest/servicedeskapi"), "context": "",
                           "self": format!("{base}{path}?start={start}&limit={limit}")});
    if !last {
        links["next"] = json!(format!(
            "{base}{path}?start={}&limit={limit}",
            start + limit
        ));
    }
    if start > 0 {
        links["prev"] = json!(format!(
            "{base}{path}?start={}&limit={limit}",
            start.saturating_sub(limit)
        ));
    }
    Json(json!({
        "_expands": [],
        "size": values.len(),
        "start": start,
        "limit": limit,
        "isLastPage": last,
        "_links": links,
        "values": values,
    }))
    .into_response()
}

/// The Authorization a customer sends: Basic with the exact e-mail and token.
fn authorised(headers: &HeaderMap) -> bool {
    let expected = format!("Basic {}", base64(format!("{EMAIL}:{TOKEN}").as_bytes()));
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == expected)
}

/// Standard base64 with padding, enough to check a Basic header.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let bits = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((bits >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn unauthorised() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"message": "Client must be authenticated to access this resource."})),
    )
        .into_response()
}

fn bad_request(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({
            "errorMessage": message,
            "i18nErrorMessage": {"i18nKey": "sd.bad.request", "parameters": []},
        })),
    )
        .into_response()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({
            "errorMessage": "The request could not be found.",
            "i18nErrorMessage": {"i18nKey": "sd.request.error.not.found", "parameters": []},
        })),
    )
        .into_response()
}

async fn list(
    State(data): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let data = data.lock().unwrap();
    let value = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let ownership = value("requestOwnership").unwrap_or("ALL_REQUESTS");
    if ![
        "OWNED_REQUESTS",
        "PARTICIPATED_REQUESTS",
        "ORGANIZATION",
        "ALL_ORGANIZATIONS",
        "APPROVER",
        "ALL_REQUESTS",
    ]
    .contains(&ownership)
    {
        return bad_request("Unsupported requestOwnership value");
    }
    let status = value("requestStatus").unwrap_or("ALL_REQUESTS");
    let wanted = |r: &&Request| match status {
        "OPEN_REQUESTS" => r.category != "DONE",
        "CLOSED_REQUESTS" => r.category == "DONE",
        _ => true,
    };
    if !["OPEN_REQUESTS", "CLOSED_REQUESTS", "ALL_REQUESTS"].contains(&status) {
        return bad_request("Unsupported requestStatus value");
    }
    let mut chosen: Vec<&Request> = data.requests.iter().filter(wanted).collect();
    chosen.sort_by(|a, b| b.activity.cmp(&a.activity).then(b.id.cmp(&a.id)));
    let base = base(&headers);
    let items = chosen.iter().map(|r| request_json(&base, r)).collect();
    page(&base, REQUESTS_PATH, &data, &query, items)
}

async fn request(
    State(data): State<Shared>,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let data = data.lock().unwrap();
    match data.requests.iter().find(|r| r.key == key) {
        Some(request) => Json(request_json(&base(&headers), request)).into_response(),
        None => not_found(),
    }
}

async fn comments(
    State(data): State<Shared>,
    headers: HeaderMap,
    Path(key): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let data = data.lock().unwrap();
    if !data.requests.iter().any(|r| r.key == key) {
        return not_found();
    }
    let flag = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .is_none_or(|(_, v)| v == "true")
    };
    let base = base(&headers);
    // A customer is given public comments only, whatever `internal` says.
    let items = data
        .comments
        .iter()
        .filter(|c| c.key == key && c.public && flag("public"))
        .map(|c| comment_json(&base, c))
        .collect();
    let path = format!("{REQUESTS_PATH}/{key}/comment");
    page(&base, &path, &data, &query, items)
}

async fn add_comment(
    State(data): State<Shared>,
    headers: HeaderMap,
    Path(key): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let mut data = data.lock().unwrap();
    if !data.requests.iter().any(|r| r.key == key) {
        return not_found();
    }
    let Some(text) = body.get("body").and_then(Value::as_str) else {
        return bad_request("The comment body is required.");
    };
    if body.get("public").and_then(Value::as_bool) == Some(false) {
        return bad_request("Customers can only add public comments.");
    }
    comment_now(&mut data, &key, text, false, true);
    let comment = data.comments.last().unwrap().clone();
    (
        StatusCode::CREATED,
        Json(comment_json(&base(&headers), &comment)),
    )
        .into_response()
}

async fn transitions(
    State(data): State<Shared>,
    headers: HeaderMap,
    Path(key): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let data = data.lock().unwrap();
    let Some(request) = data.requests.iter().find(|r| r.key == key) else {
        return not_found();
    };
    let items = offered(request)
        .into_iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    let base = base(&headers);
    let path = format!("{REQUESTS_PATH}/{key}/transition");
    page(&base, &path, &data, &query, items)
}

async fn take_transition(
    State(data): State<Shared>,
    headers: HeaderMap,
    Path(key): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    if !authorised(&headers) {
        return unauthorised();
    }
    let mut data = data.lock().unwrap();
    let Some(request) = data.requests.iter().find(|r| r.key == key) else {
        return not_found();
    };
    let Some(id) = body.get("id").and_then(Value::as_str) else {
        return bad_request("The transition id is required.");
    };
    if !offered(request).iter().any(|(offered, _)| *offered == id) {
        return bad_request("The transition is not valid for this request.");
    }
    let (status, category) = match id {
        ESCALATE => ("Escalated", "INDETERMINATE"),
        RESOLVE => ("Resolved", "DONE"),
        _ => ("Waiting for support", "NEW"),
    };
    let comment = body
        .pointer("/additionalComment/body")
        .and_then(Value::as_str)
        .filter(|text| !text.trim().is_empty())
        .map(str::to_owned);
    let at = tick(&mut data);
    if let Some(request) = data.requests.iter_mut().find(|r| r.key == key) {
        request.status = status.to_owned();
        request.category = category.to_owned();
        request.status_at = at;
        request.activity = at;
    }
    // The transition's comment is added to the request as the customer's public comment.
    if let Some(text) = comment {
        comment_now(&mut data, &key, &text, false, true);
    }
    StatusCode::NO_CONTENT.into_response()
}

//! A loopback Zendesk speaking the Requests API to one end user, as `shared/vendor-apis.md`
//! §B.2 documents it: API-token Basic sign-in, `/users/me` (the anonymous user without
//! sign-in), requests listed with `sort_by`/`sort_order` and cursor paging (`meta.has_more`,
//! with a `links.next` left on the last page), a request's `PUT` that takes only `comment`,
//! `solved` and `additional_collaborators` and ignores the rest, and comments with `since`,
//! cursor paging and the authors sideloaded as `users`.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use serde_json::{Value, json};

use crate::loopback::Loopback;

pub const EMAIL: &str = "dana.weber@example.com";
pub const TOKEN: &str = "zendesk-api-token-of-dana";
/// Dana, the end user the token acts as.
pub const DANA: i64 = 1_001;
/// An agent of the vendor.
pub const SAM: i64 = 2_002;
/// The first request's id; the i-th is `FIRST_ID + i`.
pub const FIRST_ID: u64 = 8_800;

#[derive(Debug, Clone)]
pub struct Request {
    pub id: u64,
    pub subject: String,
    pub status: String,
    pub priority: Option<String>,
    pub updated: DateTime<Utc>,
    pub can_be_solved_by_me: bool,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: u64,
    pub request: u64,
    pub body: String,
    pub author: i64,
    pub at: DateTime<Utc>,
    pub public: bool,
}

#[derive(Debug, Default)]
pub struct ZendeskData {
    pub requests: Vec<Request>,
    pub comments: Vec<Comment>,
    /// Comment pages come without the `users` sideload.
    pub no_user_sideload: bool,
    /// The server's clock: each change moves it on a minute.
    pub now: Option<DateTime<Utc>>,
}

pub type Shared = Arc<Mutex<ZendeskData>>;

pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap()
}

/// `n` open requests at normal priority, the i-th updated i minutes after the start.
pub fn requests(n: usize) -> Vec<Request> {
    (0..n)
        .map(|i| Request {
            id: FIRST_ID + u64::try_from(i).unwrap(),
            subject: format!("Request {i}: sync stalls after upgrade"),
            status: "open".to_owned(),
            priority: Some("normal".to_owned()),
            updated: start_time() + TimeDelta::minutes(i64::try_from(i).unwrap()),
            can_be_solved_by_me: false,
        })
        .collect()
}

pub async fn start(data: ZendeskData) -> (Loopback, Shared) {
    let shared: Shared = Arc::new(Mutex::new(data));
    let router = Router::new()
        .route("/api/v2/users/me", get(me))
        .route("/api/v2/requests", get(list))
        .route("/api/v2/requests/{id}", get(show).put(update))
        .route("/api/v2/requests/{id}/comments", get(comments))
        .with_state(shared.clone());
    (Loopback::start(router).await, shared)
}

fn user_json(id: i64) -> Value {
    let (name, agent) = match id {
        DANA => ("Dana Weber".to_owned(), false),
        SAM => ("Sam at Vendor Support".to_owned(), true),
        other => (format!("User {other}"), false),
    };
    json!({
        "id": id,
        "name": name,
        "agent": agent,
        "organization_id": if agent { Value::Null } else { json!(77) },
        "photo": null,
    })
}

fn request_json(request: &Request) -> Value {
    json!({
        "id": request.id,
        "url": format!("https://acme.zendesk.com/api/v2/requests/{}.json", request.id),
        "subject": request.subject,
        "description": "It stopped syncing after the 4.2 upgrade.",
        "status": request.status,
        "priority": request.priority,
        "type": "incident",
        "requester_id": DANA,
        "organization_id": 77,
        "assignee_id": SAM,
        "can_be_solved_by_me": request.can_be_solved_by_me,
        "custom_fields": [],
        "via": {"channel": "web"},
        "created_at": (start_time() - TimeDelta::days(1)).to_rfc3339(),
        "updated_at": request.updated.to_rfc3339(),
    })
}

enum Auth {
    Dana,
    Anonymous,
    Wrong,
}

/// Basic `{email}/token:{token}`, exactly.
fn auth(headers: &HeaderMap) -> Auth {
    let Some(value) = headers.get("authorization").and_then(|v| v.to_str().ok()) else {
        return Auth::Anonymous;
    };
    let expected = format!("Basic {}", base64(&format!("{EMAIL}/token:{TOKEN}")));
    if value == expected {
        Auth::Dana
    } else {
        Auth::Wrong
    }
}

fn base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let bytes = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
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
        Json(json!({"error": "Couldn't authenticate you"})),
    )
        .into_response()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"error": "RecordNotFound", "description": "Not found"})),
    )
        .into_response()
}

fn invalid(description: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({"error": "RecordInvalid", "description": description})),
    )
        .into_response()
}

fn query_value<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Cursors are opaque to clients; here they hide an offset.
fn cursor_for(offset: usize) -> String {
    format!("eyJvIjo{offset:x}fQ")
}

fn offset_of(cursor: &str) -> Option<usize> {
    let hex = cursor.strip_prefix("eyJvIjo")?.strip_suffix("fQ")?;
    usize::from_str_radix(hex, 16).ok()
}

/// Zendesk's 400 for a page size or cursor it cannot use.
fn bad_pagination(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": "InvalidPaginationParameter", "description": message})),
    )
        .into_response()
}

/// One cursor page of `items` under `path` with its `meta` and `links`, or what is wrong with
/// the paging asked for.
fn cursor_page(
    items: Vec<Value>,
    query: &[(String, String)],
    path: &str,
) -> Result<(Vec<Value>, Value, Value), &'static str> {
    let size = match query_value(query, "page[size]") {
        None => 100,
        Some(text) => match text.parse::<usize>() {
            Ok(size) if (1..=100).contains(&size) => size,
            _ => return Err("page[size] must be between 1 and 100"),
        },
    };
    let start = match query_value(query, "page[after]") {
        None => 0,
        Some(cursor) => offset_of(cursor).ok_or("invalid cursor")?,
    };
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(start).take(size).collect();
    let end = start + page.len();
    let after = cursor_for(end);
    let before = cursor_for(start);
    let meta = json!({
        "has_more": end < total,
        "after_cursor": after,
        "before_cursor": before,
    });
    // Zendesk may leave `links.next` set on the last page; clients stop on `has_more`.
    let links = json!({
        "next": format!("https://acme.zendesk.com{path}?page%5Bafter%5D={after}&page%5Bsize%5D={size}"),
        "prev": format!("https://acme.zendesk.com{path}?page%5Bbefore%5D={before}&page%5Bsize%5D={size}"),
    });
    Ok((page, meta, links))
}

async fn me(State(_): State<Shared>, headers: HeaderMap) -> Response {
    match auth(&headers) {
        Auth::Dana => Json(json!({"user": {
            "id": DANA,
            "name": "Dana Weber",
            "email": EMAIL,
            "role": "end-user",
        }}))
        .into_response(),
        Auth::Anonymous => Json(json!({"user": {
            "id": null,
            "name": "Anonymous user",
            "email": "invalid@example.com",
            "role": "end-user",
        }}))
        .into_response(),
        Auth::Wrong => unauthorised(),
    }
}

async fn list(
    State(data): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !matches!(auth(&headers), Auth::Dana) {
        return unauthorised();
    }
    let data = data.lock().unwrap();
    let mut chosen: Vec<&Request> = data.requests.iter().collect();
    // Every request here was created at once, so creation order is id order.
    if query_value(&query, "sort_by") == Some("updated_at") {
        chosen.sort_by_key(|r| (r.updated, r.id));
    } else {
        chosen.sort_by_key(|r| r.id);
    }
    if query_value(&query, "sort_order") == Some("desc") {
        chosen.reverse();
    }
    let items = chosen.into_iter().map(request_json).collect();
    match cursor_page(items, &query, "/api/v2/requests") {
        Ok((page, meta, links)) => {
            Json(json!({"requests": page, "meta": meta, "links": links})).into_response()
        }
        Err(message) => bad_pagination(message),
    }
}

async fn show(State(data): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !matches!(auth(&headers), Auth::Dana) {
        return unauthorised();
    }
    let data = data.lock().unwrap();
    match data.requests.iter().find(|r| Some(r.id) == id.parse().ok()) {
        Some(request) => Json(json!({"request": request_json(request)})).into_response(),
        None => not_found(),
    }
}

fn tick(data: &mut ZendeskData) -> DateTime<Utc> {
    let now = data
        .now
        .unwrap_or_else(|| start_time() + TimeDelta::days(30))
        + TimeDelta::minutes(1);
    data.now = Some(now);
    now
}

async fn update(
    State(data): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    if !matches!(auth(&headers), Auth::Dana) {
        return unauthorised();
    }
    let mut data = data.lock().unwrap();
    let Some(index) = data
        .requests
        .iter()
        .position(|r| Some(r.id) == id.parse().ok())
    else {
        return not_found();
    };
    let Some(fields) = body.get("request").and_then(Value::as_object) else {
        return invalid("request is missing");
    };
    // Only these are writable by an end user; anything else (priority, status, subject) is
    // ignored without a word, as Zendesk does.
    let comment = fields.get("comment").map(|c| c["body"].as_str());
    let solved = fields
        .get("solved")
        .is_some_and(|s| s.as_bool() == Some(true) || s.as_str() == Some("true"));
    if comment == Some(None) || comment.flatten().is_some_and(|b| b.trim().is_empty()) {
        return invalid("Comment: cannot be blank");
    }
    if solved && !data.requests[index].can_be_solved_by_me {
        return invalid("Status: you cannot solve this request");
    }
    if comment.is_some() || solved {
        let now = tick(&mut data);
        if let Some(Some(text)) = comment {
            let id = 50_000 + u64::try_from(data.comments.len()).unwrap();
            let request = data.requests[index].id;
            data.comments.push(Comment {
                id,
                request,
                body: text.to_owned(),
                author: DANA,
                at: now,
                public: true,
            });
            // A reply from the requester reopens a solved request.
            if data.requests[index].status == "solved" {
                data.requests[index].status = "open".to_owned();
            }
        }
        if solved {
            data.requests[index].status = "solved".to_owned();
        }
        data.requests[index].updated = now;
    }
    Json(json!({"request": request_json(&data.requests[index])})).into_response()
}

async fn comments(
    State(data): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    if !matches!(auth(&headers), Auth::Dana) {
        return unauthorised();
    }
    let data = data.lock().unwrap();
    let Some(request) = data.requests.iter().find(|r| Some(r.id) == id.parse().ok()) else {
        return not_found();
    };
    let since = query_value(&query, "since")
        .map(|s| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc));
    let mut chosen: Vec<&Comment> = data
        .comments
        .iter()
        .filter(|c| c.request == request.id && c.public && since.is_none_or(|s| c.at >= s))
        .collect();
    chosen.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    let items = chosen
        .into_iter()
        .map(|c| {
            json!({
                "id": c.id,
                "type": "Comment",
                "body": c.body,
                "html_body": format!("<div class=\"zd-comment\"><p>{}</p></div>", c.body),
                "plain_body": c.body,
                "public": c.public,
                "author_id": c.author,
                "attachments": [],
                "created_at": c.at.to_rfc3339(),
            })
        })
        .collect();
    let path = format!("/api/v2/requests/{}/comments", request.id);
    let (page, meta, links) = match cursor_page(items, &query, &path) {
        Ok(parts) => parts,
        Err(message) => return bad_pagination(message),
    };
    let mut authors: Vec<i64> = page
        .iter()
        .filter_map(|c| c["author_id"].as_i64())
        .collect();
    authors.sort_unstable();
    authors.dedup();
    let mut answer = json!({"comments": page, "meta": meta, "links": links});
    if !data.no_user_sideload {
        answer["users"] = Value::Array(authors.into_iter().map(user_json).collect());
        answer["organizations"] = json!([{"id": 77, "name": "Acme Corp"}]);
    }
    Json(answer).into_response()
}

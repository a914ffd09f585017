//! A loopback Red Hat Customer Portal: SSO's token exchange and the `/support/v1` case API as
//! `shared/vendor-apis.md` §B.1 documents them — the filter listing paged by offset (from 0,
//! or from 1 where the official guide's example counts so), cases, severity and management
//! escalation by PUT, comments as a bare array.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use escalator_vendors::red_hat::TOKEN_PATH;
use serde_json::{Value, json};

use crate::loopback::Loopback;

pub const OFFLINE_TOKEN: &str = "offline-token-of-dana";

#[derive(Debug, Clone)]
pub struct Case {
    pub number: String,
    pub summary: String,
    pub status: String,
    pub severity: String,
    pub modified: DateTime<Utc>,
    pub escalated: bool,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: String,
    pub body: String,
    pub by: String,
    pub by_type: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Default)]
pub struct RedHatData {
    pub cases: Vec<Case>,
    pub comments: Vec<(String, Comment)>,
    pub access_tokens: Vec<String>,
    /// Offsets count from 1 and offset 0 is refused.
    pub one_based: bool,
    /// The server's clock: each change moves it on a minute.
    pub now: Option<DateTime<Utc>>,
}

pub type Shared = Arc<Mutex<RedHatData>>;

pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap()
}

/// `n` cases, the i-th modified i minutes after the start, alternately waiting on each side.
pub fn cases(n: usize) -> Vec<Case> {
    (0..n)
        .map(|i| Case {
            number: format!("{:08}", 4_000_000 + i),
            summary: format!("Case {i}: kernel panic in nfsd"),
            status: if i % 2 == 0 {
                "Waiting on Red Hat".to_owned()
            } else {
                "Waiting on Customer".to_owned()
            },
            severity: "3 (Normal)".to_owned(),
            modified: start_time() + TimeDelta::minutes(i64::try_from(i).unwrap()),
            escalated: false,
        })
        .collect()
}

pub async fn start(data: RedHatData) -> (Loopback, Shared) {
    let shared: Shared = Arc::new(Mutex::new(data));
    let router = Router::new()
        .route(TOKEN_PATH, post(token))
        .route("/support/v1/cases/filter", post(filter))
        .route("/support/v1/cases/{number}", get(case).put(update))
        .route(
            "/support/v1/cases/{number}/comments",
            get(comments).post(add_comment),
        )
        .with_state(shared.clone());
    (Loopback::start(router).await, shared)
}

fn case_json(case: &Case) -> Value {
    json!({
        "caseNumber": case.number,
        "summary": case.summary,
        "status": case.status,
        "severity": case.severity,
        "product": "Red Hat Enterprise Linux",
        "version": "9.4",
        "createdDate": (start_time() - TimeDelta::days(1)).to_rfc3339(),
        "lastModifiedDate": case.modified.to_rfc3339(),
        "escalated": case.escalated,
    })
}

async fn token(State(data): State<Shared>, Form(form): Form<Vec<(String, String)>>) -> Response {
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if field("grant_type") != Some("refresh_token")
        || field("client_id") != Some("rhsm-api")
        || field("refresh_token") != Some(OFFLINE_TOKEN)
    {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_grant", "error_description": "Invalid refresh token"})),
        )
            .into_response();
    }
    let mut data = data.lock().unwrap();
    let token = format!("access-{}", data.access_tokens.len() + 1);
    data.access_tokens.push(token.clone());
    Json(json!({"access_token": token, "expires_in": 900, "token_type": "Bearer"})).into_response()
}

/// The bearer must be the newest access token SSO issued.
fn authorised(data: &RedHatData, headers: &HeaderMap) -> bool {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    bearer.is_some() && bearer == data.access_tokens.last().map(String::as_str)
}

fn unauthorised() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"message": "Unauthorized"})),
    )
        .into_response()
}

async fn filter(
    State(data): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let data = data.lock().unwrap();
    if !authorised(&data, &headers) {
        return unauthorised();
    }
    let offset = body["offset"].as_u64().unwrap_or(0) as usize;
    let max = body["maxResults"].as_u64().unwrap_or(50) as usize;
    if data.one_based && offset == 0 {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"message": "offset must be at least 1"})),
        )
            .into_response();
    }
    let start = body["startDate"]
        .as_str()
        .map(|s| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc));
    let mut chosen: Vec<&Case> = data
        .cases
        .iter()
        .filter(|c| start.is_none_or(|s| c.modified >= s))
        .collect();
    chosen.sort_by(|a, b| a.modified.cmp(&b.modified).then(a.number.cmp(&b.number)));
    let skip = if data.one_based { offset - 1 } else { offset };
    let page: Vec<Value> = chosen
        .iter()
        .skip(skip)
        .take(max)
        .map(|c| case_json(c))
        .collect();
    Json(json!({"cases": page, "totalCount": chosen.len()})).into_response()
}

async fn case(
    State(data): State<Shared>,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Response {
    let data = data.lock().unwrap();
    if !authorised(&data, &headers) {
        return unauthorised();
    }
    match data.cases.iter().find(|c| c.number == number) {
        Some(case) => Json(case_json(case)).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({"message": "Case not found"})),
        )
            .into_response(),
    }
}

fn tick(data: &mut RedHatData) -> DateTime<Utc> {
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
    Path(number): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    let mut data = data.lock().unwrap();
    if !authorised(&data, &headers) {
        return unauthorised();
    }
    let now = tick(&mut data);
    let Some(case) = data.cases.iter_mut().find(|c| c.number == number) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"message": "Case not found"})),
        )
            .into_response();
    };
    if let Some(severity) = body.get("severity") {
        let Some(label) = severity
            .as_str()
            .filter(|s| ["1 (Urgent)", "2 (High)", "3 (Normal)", "4 (Low)"].contains(s))
        else {
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({"message": "Invalid severity"})),
            )
                .into_response();
        };
        case.severity = label.to_owned();
    }
    if body.get("requestManagementEscalation") == Some(&Value::Bool(true)) {
        case.escalated = true;
    }
    case.modified = now;
    StatusCode::ACCEPTED.into_response()
}

async fn comments(
    State(data): State<Shared>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let data = data.lock().unwrap();
    if !authorised(&data, &headers) {
        return unauthorised();
    }
    let start = query
        .iter()
        .find(|(k, _)| k == "startDate")
        .map(|(_, v)| DateTime::parse_from_rfc3339(v).unwrap().with_timezone(&Utc));
    let list: Vec<Value> = data
        .comments
        .iter()
        .filter(|(case, c)| *case == number && start.is_none_or(|s| c.at >= s))
        .map(|(_, c)| {
            json!({
                "id": c.id,
                "commentBody": c.body,
                "createdBy": c.by,
                "createdByType": c.by_type,
                "createdDate": c.at.to_rfc3339(),
                "isPublic": true,
                "contentType": "plaintext",
            })
        })
        .collect();
    Json(Value::Array(list)).into_response()
}

async fn add_comment(
    State(data): State<Shared>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    let mut data = data.lock().unwrap();
    if !authorised(&data, &headers) {
        return unauthorised();
    }
    if body["caseNumber"].as_str() != Some(number.as_str()) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"message": "caseNumber mismatch"})),
        )
            .into_response();
    }
    let now = tick(&mut data);
    let id = format!("c-{}", data.comments.len() + 1);
    let comment = Comment {
        id: id.clone(),
        body: body["commentBody"].as_str().unwrap_or_default().to_owned(),
        by: "Dana Weber".to_owned(),
        by_type: "Customer".to_owned(),
        at: now,
    };
    data.comments.push((number.clone(), comment));
    if let Some(case) = data.cases.iter_mut().find(|c| c.number == number) {
        case.modified = now;
    }
    (StatusCode::CREATED, Json(json!({"id": id}))).into_response()
}

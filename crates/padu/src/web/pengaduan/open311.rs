//! Open311 GeoReport v2 for third-party apps (wiki.open311.org/GeoReport_v2), in JSON and XML.
//!
//! - Services are the SP4N-LAPOR! report types: pengaduan, aspirasi, permintaan_informasi.
//! - `POST requests` needs an `api_key`: a Padu API token (made in the UI, revocable, audited).
//! - Requests are public complaints only: confidential ("rahasia") and unverified or rejected
//!   complaints are never listed, and no personal data leaves.
//! - Statuses: menunggu_verifikasi, diteruskan, ditindaklanjuti → `open`; selesai, ditolak,
//!   digabung → `closed`. The richer state is in `status_notes` (and, as FixMyStreet does, in
//!   `detailed_status`).
//! - `jurisdiction_id`, when sent, must be this Pemda's domain.
//! - `POST requests` answers the request's `token` (its tracking code), not its id: the spec
//!   gives one or the other, and a request is not public until the Dinas verifies it.
//! - `discovery` is the Service Discovery document (wiki.open311.org/Service_Discovery) with an
//!   absolute endpoint URL.

use super::georeport::{discovery, error, from_api, requests, services, split, Answer, Format};
use crate::app::pengaduan::{self as complaints, ComplaintInput};
use crate::web::kit::Routes;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use padu_domain::complaint::{Category, Status};
use padu_domain::Gate;
use serde_json::{json, Value};
use std::collections::HashMap;

pub fn routes() -> Routes {
    Routes::new()
        .get("/open311/v2/{file}", Gate::Anyone, top_get)
        .post("/open311/v2/{file}", Gate::Anyone, top_post)
        .get(
            "/open311/v2/services/{file}",
            Gate::Anyone,
            service_definition,
        )
        .get("/open311/v2/requests/{file}", Gate::Anyone, one_request)
        .get("/open311/v2/tokens/{file}", Gate::Anyone, token)
}

type Params = HashMap<String, String>;

fn params(raw: Option<&str>) -> Params {
    form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

fn check_jurisdiction(state: &SharedState, p: &Params) -> Result<(), Answer> {
    match p
        .get("jurisdiction_id")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        Some(j) if !j.eq_ignore_ascii_case(state.profile().domain().unwrap_or_default()) => {
            Err(error(
                StatusCode::NOT_FOUND,
                format!(
                    "jurisdiction_id {j} is not served here (this is {})",
                    state.profile().domain().unwrap_or_default()
                ),
            ))
        }
        _ => Ok(()),
    }
}

fn date(p: &Params, key: &str) -> Result<Option<DateTime<Utc>>, Answer> {
    let Some(v) = p.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if let Ok(d) = DateTime::parse_from_rfc3339(v) {
        return Ok(Some(d.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| Some(d.and_utc()))
        .ok_or_else(|| {
            error(
                StatusCode::BAD_REQUEST,
                format!("{key} must be a w3c date-time"),
            )
        })
}

async fn list_requests(
    state: &SharedState,
    p: &Params,
    now: DateTime<Utc>,
) -> Result<Answer, Answer> {
    let ids: Vec<i64> = match p.get("service_request_id").filter(|s| !s.trim().is_empty()) {
        Some(v) => v
            .split(',')
            .map(|i| {
                i.trim().parse().map_err(|_| {
                    error(
                        StatusCode::BAD_REQUEST,
                        "service_request_id must be numbers separated by commas",
                    )
                })
            })
            .collect::<Result<_, _>>()?,
        None => vec![],
    };
    let categories: Vec<Category> = match p.get("service_code").filter(|s| !s.trim().is_empty()) {
        Some(v) => v
            .split(',')
            .map(|c| {
                Category::parse(c.trim()).ok_or_else(|| {
                    error(StatusCode::BAD_REQUEST, format!("unknown service_code {c}"))
                })
            })
            .collect::<Result<_, _>>()?,
        None => vec![],
    };
    let mut statuses = Vec::new();
    if let Some(v) = p.get("status").filter(|s| !s.trim().is_empty()) {
        for s in v.split(',') {
            match s.trim() {
                "open" => statuses.extend(Status::ALL.iter().filter(|s| s.is_open())),
                "closed" => statuses.extend(Status::ALL.iter().filter(|s| !s.is_open())),
                other => {
                    return Err(error(
                        StatusCode::BAD_REQUEST,
                        format!("status must be open or closed, not {other}"),
                    ))
                }
            }
        }
    }
    let mut from = date(p, "start_date")?;
    let to = date(p, "end_date")?;
    // The spec's default window: the last 90 days, unless ids are asked for.
    if ids.is_empty() && from.is_none() {
        from = Some(to.unwrap_or(now) - Duration::days(90));
    }
    let list = complaints::public_requests(state, &ids, &categories, &statuses, from, to, 1000)
        .await
        .map_err(|e| from_api(e.into()))?;
    Ok(requests(list))
}

async fn top_get(
    State(state): State<SharedState>,
    caller: Caller,
    Path(f): Path<String>,
    headers: axum::http::HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some((stem, fmt)) = split(&f) else {
        return error(StatusCode::NOT_FOUND, "use .json or .xml").render(Format::Json);
    };
    let p = params(raw.as_deref());
    if let Err(e) = check_jurisdiction(&state, &p) {
        return e.render(fmt);
    }
    match stem {
        "services" => services().render(fmt),
        "requests" => match list_requests(&state, &p, caller.now).await {
            Ok(a) | Err(a) => a.render(fmt),
        },
        "discovery" => discovery(&state, &headers, fmt),
        _ => error(StatusCode::NOT_FOUND, "no such resource").render(fmt),
    }
}

async fn top_post(
    State(state): State<SharedState>,
    caller: Caller,
    Path(f): Path<String>,
    body: String,
) -> Response {
    let Some(("requests", fmt)) = split(&f) else {
        return error(StatusCode::NOT_FOUND, "POST requests.json or requests.xml")
            .render(Format::Json);
    };
    let p = params(Some(&body));
    match create(&state, &caller, &p).await {
        Ok(a) | Err(a) => a.render(fmt),
    }
}

async fn create(state: &SharedState, caller: &Caller, p: &Params) -> Result<Answer, Answer> {
    if let Some((name, c)) = padu_domain::text::forbidden_in_fields(p) {
        return Err(from_api(ApiError::invalid(
            &name,
            padu_domain::text::forbidden_message(c),
        )));
    }
    check_jurisdiction(state, p)?;
    let key = p
        .get("api_key")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| error(StatusCode::FORBIDDEN, "api_key is required"))?;
    let token = complaints::open311_client(state, key, caller.now)
        .await
        .map_err(|e| from_api(e.into()))?
        .ok_or_else(|| error(StatusCode::FORBIDDEN, "api_key is not valid"))?;
    let get = |k: &str| {
        p.get(k)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let code = get("service_code")
        .ok_or_else(|| error(StatusCode::BAD_REQUEST, "service_code is required"))?;
    // GeoReport v2: an unknown service_code is 404, as for its service definition.
    if Category::parse(&code).is_none() {
        return Err(error(
            StatusCode::NOT_FOUND,
            format!("unknown service_code {code}"),
        ));
    }
    let num = |k: &str| -> Result<Option<f64>, Answer> {
        get(k)
            .map(|v| {
                v.parse::<f64>()
                    .map_err(|_| error(StatusCode::BAD_REQUEST, format!("{k} must be a number")))
            })
            .transpose()
    };
    let (lat, long) = (num("lat")?, num("long")?);
    let address = get("address_string").or_else(|| get("address_id"));
    if (lat.is_none() || long.is_none()) && address.is_none() {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "a location is required: lat and long, or address_string",
        ));
    }
    let description = get("description")
        .ok_or_else(|| error(StatusCode::BAD_REQUEST, "description is required"))?;
    if description.chars().count() > 4000 {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "description: at most 4000 characters",
        ));
    }
    let title: String = description
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(100)
        .collect();
    let name = [get("first_name"), get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let input = ComplaintInput {
        category: code,
        title,
        body: description,
        location_text: address,
        latitude: lat,
        longitude: long,
        anonymous: name.is_empty(),
        confidential: false,
        reporter_name: Some(name).filter(|n| !n.is_empty()),
        reporter_email: get("email"),
        reporter_phone: get("phone"),
        website: None,
    };
    tracing::info!(token_id = token.id, "open311 request");
    let c = complaints::file(state, &caller.audit_ctx(), input)
        .await
        .map_err(|e| {
            let e = ApiError::from(e);
            let status = if e.status == StatusCode::UNPROCESSABLE_ENTITY {
                StatusCode::BAD_REQUEST
            } else {
                e.status
            };
            from_api(ApiError { status, ..e })
        })?;
    Ok(Answer {
        status: StatusCode::CREATED,
        root: "service_requests",
        item: "request",
        // GeoReport v2 answers a service_request_id or a token, not both. The request is not
        // public until the Dinas verifies it, so the answer is the token (the tracking code);
        // `tokens/{token}` gives its service_request_id.
        records: vec![vec![
            ("token", json!(c.tracking_code)),
            ("service_notice", json!("Dinas memverifikasi laporan dalam 3 hari kerja; sebelum itu laporan belum tampil untuk umum.")),
            ("account_id", Value::Null),
        ]],
    })
}

async fn service_definition(
    State(state): State<SharedState>,
    Path(f): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some((code, fmt)) = split(&f) else {
        return error(StatusCode::NOT_FOUND, "use .json or .xml").render(Format::Json);
    };
    if let Err(e) = check_jurisdiction(&state, &params(raw.as_deref())) {
        return e.render(fmt);
    }
    if Category::parse(code).is_none() {
        return error(StatusCode::NOT_FOUND, format!("no service {code}")).render(fmt);
    }
    Answer {
        status: StatusCode::OK,
        root: "service_definition",
        item: "service_definition",
        records: vec![vec![
            ("service_code", json!(code)),
            ("attributes", json!([])),
        ]],
    }
    .render(fmt)
}

async fn one_request(
    State(state): State<SharedState>,
    Path(f): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some((id, fmt)) = split(&f) else {
        return error(StatusCode::NOT_FOUND, "use .json or .xml").render(Format::Json);
    };
    let p = params(raw.as_deref());
    if let Err(e) = check_jurisdiction(&state, &p) {
        return e.render(fmt);
    }
    let Ok(id) = id.parse::<i64>() else {
        return error(StatusCode::NOT_FOUND, "no such request").render(fmt);
    };
    match complaints::public_requests(&state, &[id], &[], &[], None, None, 1).await {
        Ok(list) if list.is_empty() => error(StatusCode::NOT_FOUND, "no such request").render(fmt),
        Ok(list) => requests(list).render(fmt),
        Err(e) => from_api(e.into()).render(fmt),
    }
}

async fn token(State(state): State<SharedState>, Path(f): Path<String>) -> Response {
    let Some((code, fmt)) = split(&f) else {
        return error(StatusCode::NOT_FOUND, "use .json or .xml").render(Format::Json);
    };
    match complaints::find_by_code(&state, code).await.ok() {
        Some(c) => Answer {
            status: StatusCode::OK,
            root: "service_requests",
            item: "request",
            records: vec![vec![
                ("service_request_id", json!(c.id.to_string())),
                ("token", json!(c.tracking_code)),
            ]],
        }
        .render(fmt),
        None => error(StatusCode::NOT_FOUND, "no such token").render(fmt),
    }
}

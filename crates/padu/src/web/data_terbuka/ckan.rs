//! CKAN's Action API (`/api/3/action/{name}`, docs.ckan.org "API guide"), read side, so that
//! existing clients (`ckanapi`), portals and the CKAN harvester read Padu's published data
//! sets unchanged: the envelope (`help`, `success`, `result`), errors with `__type` and the
//! status CKAN answers with (404 Not Found Error, 409 Validation Error, 400 for an unknown
//! action), parameters from the query string (GET) or a JSON body (POST, as `ckanapi` sends).
//! Organizations are the PDs, groups the themes.

use crate::app::data_terbuka::{self as dt, Organization, Published};
use crate::app::AppError;
use crate::web::kit::address::public_base;
use crate::web::kit::{ApiError, Routes, SharedState};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use padu_domain::data_terbuka::datastore::SearchParams;
use padu_domain::data_terbuka::search::FACET_FIELDS;
use padu_domain::data_terbuka::vocabulary::{licence, LICENCES, THEMES};
use padu_domain::Gate;
use padu_store::data_terbuka::resources::OpenResource;
use padu_store::StoreError;
use serde_json::{json, Map, Value};

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/3/action/{action}", Gate::Anyone, action_get)
        .post("/api/3/action/{action}", Gate::Anyone, action_post)
        // CKAN answers without the version too, and `ckanapi` calls that address.
        .get("/api/action/{action}", Gate::Anyone, action_get)
        .post("/api/action/{action}", Gate::Anyone, action_post)
}

/// The largest page `package_search` answers (CKAN's default `ckan.search.rows_max`).
const ROWS_MAX: usize = 1000;

type Params = Map<String, Value>;

/// Why an action failed, as CKAN says it.
enum Failure {
    NotFound,
    /// (parameter, message).
    Invalid(String, String),
    UnknownAction(String),
    /// `q`, `fq` or `sort` that cannot be read (CKAN's "Search Query Error", 409).
    SearchQuery(String),
    Internal,
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Store(StoreError::NotFound) => Failure::NotFound,
            AppError::Invalid { field, message } => Failure::Invalid(field, message),
            AppError::Store(StoreError::Invalid { field, message }) => {
                Failure::Invalid(field, message)
            }
            _ => Failure::Internal,
        }
    }
}

async fn action_get(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(action): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let params: Params = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    answer(&state, &headers, &action, params).await
}

async fn action_post(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(action): Path<String>,
    body: Bytes,
) -> Response {
    let params = if body.iter().all(u8::is_ascii_whitespace) {
        Params::new()
    } else if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(&body) {
        map
    } else {
        form_urlencoded::parse(&body)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect()
    };
    answer(&state, &headers, &action, params).await
}

async fn answer(
    state: &SharedState,
    headers: &HeaderMap,
    action: &str,
    params: Params,
) -> Response {
    let base = public_base(state, headers);
    let help = format!("{base}/api/3/action/help_show?name={action}");
    match run(state, &base, action, &params).await {
        Ok(result) => {
            Json(json!({ "help": help, "success": true, "result": result })).into_response()
        }
        Err(f) => {
            let (status, error) = match f {
                Failure::NotFound => (
                    StatusCode::NOT_FOUND,
                    json!({ "__type": "Not Found Error", "message": "Not found" }),
                ),
                Failure::Invalid(field, message) => (
                    StatusCode::CONFLICT,
                    json!({ "__type": "Validation Error", field: [message] }),
                ),
                Failure::SearchQuery(message) => (
                    StatusCode::CONFLICT,
                    json!({ "__type": "Search Query Error", "message": format!("Search Query is invalid: {message}") }),
                ),
                Failure::UnknownAction(name) => (
                    StatusCode::BAD_REQUEST,
                    json!({ "__type": "Bad Request", "message": format!("Bad request - Action name not known: {name}") }),
                ),
                Failure::Internal => {
                    return ApiError::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal",
                        "the action failed; see the server log",
                    )
                    .into_response()
                }
            };
            (
                status,
                Json(json!({ "help": help, "success": false, "error": error })),
            )
                .into_response()
        }
    }
}

fn text<'a>(p: &'a Params, key: &str) -> &'a str {
    p.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// A whole number parameter (CKAN takes `10` and `"10"`), `default` when absent.
fn number(p: &Params, key: &str, default: usize) -> Result<usize, Failure> {
    match p.get(key) {
        None | Some(Value::Null) => Some(default),
        Some(Value::Number(n)) => n.as_u64().map(|n| n as usize),
        Some(Value::String(s)) if s.is_empty() => Some(default),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| Failure::Invalid(key.into(), "Invalid integer".into()))
}

fn flag(p: &Params, key: &str) -> bool {
    match p.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => ["true", "1", "yes", "True"].contains(&s.as_str()),
        _ => false,
    }
}

/// `facet.field`: a JSON list, as a string (GET) or a list (POST).
fn facet_fields(p: &Params) -> Result<Vec<String>, Failure> {
    let value = match p.get("facet.field") {
        None => return Ok(Vec::new()),
        Some(Value::String(s)) => serde_json::from_str(s).map_err(|_| {
            Failure::Invalid(
                "facet.field".into(),
                "must be a JSON list of field names".into(),
            )
        })?,
        Some(v) => v.clone(),
    };
    let fields: Vec<String> = serde_json::from_value(value).map_err(|_| {
        Failure::Invalid("facet.field".into(), "must be a list of field names".into())
    })?;
    if let Some(bad) = fields.iter().find(|f| !FACET_FIELDS.contains(&f.as_str())) {
        return Err(Failure::Invalid(
            "facet.field".into(),
            format!("{bad} is not one of {}", FACET_FIELDS.join(", ")),
        ));
    }
    Ok(fields)
}

async fn run(state: &SharedState, base: &str, action: &str, p: &Params) -> Result<Value, Failure> {
    let instance = &state.pemda.instance_id;
    Ok(match action {
        "status_show" => json!({
            "ckan_version": "2.10.5",
            "site_title": format!("Data Terbuka {}", state.profile().pemda),
            "site_description": "Padu: data terbuka Perangkat Daerah",
            "site_url": base,
            "locale_default": "id",
            "error_emails_to": null,
            "extensions": ["padu"],
        }),
        "package_list" => {
            let snapshot = dt::published(state).await?;
            let all = &snapshot.all;
            let mut names: Vec<String> = all.iter().map(|p| p.dataset.name.clone()).collect();
            names.sort();
            let offset = number(p, "offset", 0)?;
            let limit = number(p, "limit", names.len())?;
            json!(names
                .into_iter()
                .skip(offset)
                .take(limit)
                .collect::<Vec<_>>())
        }
        "package_search" => {
            let rows = number(p, "rows", 10)?.min(ROWS_MAX);
            let start = number(p, "start", 0)?;
            let fields = facet_fields(p)?;
            let field_refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            let limit = match number(p, "facet.limit", 50)? {
                0 => usize::MAX,
                n => n,
            };
            let request = dt::SearchRequest {
                q: text(p, "q"),
                fq: text(p, "fq"),
                sort: text(p, "sort"),
                start,
                rows,
                facet_fields: &field_refs,
                facet_limit: limit,
            };
            let found = dt::search(state, &request).await.map_err(|e| match e {
                AppError::Invalid { field, message } => {
                    Failure::SearchQuery(format!("{field}: {message}"))
                }
                e => e.into(),
            })?;
            let orgs = &found.organizations;
            let results: Vec<Value> = found
                .results
                .iter()
                .map(|x| package(base, instance, x, orgs))
                .collect();
            let mut facets = Map::new();
            let mut search_facets = Map::new();
            for (field, items) in &found.facets {
                facets.insert(
                    field.clone(),
                    json!(items
                        .iter()
                        .map(|(v, c)| (v.clone(), json!(c)))
                        .collect::<Map<_, _>>()),
                );
                search_facets.insert(field.clone(), json!({
                    "title": field,
                    "items": items.iter().map(|(v, c)| json!({ "name": v, "display_name": facet_display(field, v, orgs), "count": c })).collect::<Vec<_>>(),
                }));
            }
            json!({
                "count": found.count,
                "sort": if text(p, "sort").is_empty() { "score desc, metadata_modified desc" } else { text(p, "sort") },
                "facets": facets,
                "results": results,
                "search_facets": search_facets,
            })
        }
        "package_show" => {
            let snapshot = dt::published(state).await?;
            let (all, orgs) = (&snapshot.all, &snapshot.organizations);
            let id = text(p, "id");
            let found = all
                .iter()
                .find(|x| x.dataset.name == id || uid(instance, "dataset", x.dataset.id) == id)
                .ok_or(Failure::NotFound)?;
            package(base, instance, found, orgs)
        }
        "resource_show" => {
            let snapshot = dt::published(state).await?;
            let all = &snapshot.all;
            let id = text(p, "id");
            all.iter()
                .flat_map(|x| x.resources.iter().enumerate().map(move |(i, r)| (x, i, r)))
                .find(|(_, _, r)| uid(instance, "resource", r.id) == id)
                .map(|(x, i, r)| resource(base, instance, x, i, r))
                .ok_or(Failure::NotFound)?
        }
        "organization_list" => {
            let snapshot = dt::published(state).await?;
            let orgs = &snapshot.organizations;
            let all_fields = flag(p, "all_fields");
            json!(orgs
                .iter()
                .map(|o| if all_fields {
                    organization(instance, o)
                } else {
                    json!(o.name)
                })
                .collect::<Vec<_>>())
        }
        "organization_show" => {
            let snapshot = dt::published(state).await?;
            let (all, orgs) = (&snapshot.all, &snapshot.organizations);
            let id = text(p, "id");
            let o = orgs
                .iter()
                .find(|o| o.name == id || uid(instance, "organization", o.pd.id) == id)
                .ok_or(Failure::NotFound)?;
            let mut dict = organization(instance, o);
            if flag(p, "include_datasets") {
                dict["packages"] = json!(all
                    .iter()
                    .filter(|x| x.dataset.pd_id == o.pd.id)
                    .map(|x| package(base, instance, x, orgs))
                    .collect::<Vec<_>>());
            }
            dict
        }
        "group_list" => {
            let snapshot = dt::published(state).await?;
            let all = &snapshot.all;
            let all_fields = flag(p, "all_fields");
            json!(THEMES
                .iter()
                .map(|(code, _)| if all_fields {
                    group(instance, code, all)
                } else {
                    json!(code.to_lowercase())
                })
                .collect::<Vec<_>>())
        }
        "group_show" => {
            let snapshot = dt::published(state).await?;
            let (all, orgs) = (&snapshot.all, &snapshot.organizations);
            let id = text(p, "id").to_uppercase();
            let (code, _) = THEMES
                .iter()
                .find(|(c, _)| *c == id)
                .ok_or(Failure::NotFound)?;
            let mut dict = group(instance, code, all);
            if flag(p, "include_datasets") {
                dict["packages"] = json!(all
                    .iter()
                    .filter(|x| x.dataset.theme == *code)
                    .map(|x| package(base, instance, x, orgs))
                    .collect::<Vec<_>>());
            }
            dict
        }
        "tag_list" => {
            let snapshot = dt::published(state).await?;
            let all = &snapshot.all;
            let query = text(p, "query").to_lowercase();
            let mut tags: Vec<String> = all
                .iter()
                .flat_map(|x| x.dataset.keywords.iter().cloned())
                .filter(|t| t.contains(&query))
                .collect();
            tags.sort();
            tags.dedup();
            json!(tags)
        }
        "license_list" => json!(LICENCES
            .iter()
            .map(|l| json!({
                "id": l.id,
                "title": l.title,
                "url": l.url,
                "od_conformance": "approved",
                "osd_conformance": "not reviewed",
                "status": "active",
                "maintainer": "",
                "family": "",
                "domain_content": false,
                "domain_data": true,
                "domain_software": false,
            }))
            .collect::<Vec<_>>()),
        "datastore_search" => datastore_search(state, p).await?,
        other => return Err(Failure::UnknownAction(other.to_string())),
    })
}

/// CKAN's `datastore_search`: a page of a loaded resource's rows, in CKAN's shape.
async fn datastore_search(state: &SharedState, p: &Params) -> Result<Value, Failure> {
    let id = match text(p, "resource_id") {
        "" => text(p, "id"),
        id => id,
    };
    if id.is_empty() {
        return Err(Failure::Invalid(
            "resource_id".into(),
            "Missing value".into(),
        ));
    }
    let store = dt::datastore::published_store(state, id).await?;
    let given = |k: &str| p.get(k).cloned();
    let params = SearchParams {
        filters: given("filters"),
        q: given("q"),
        sort: given("sort"),
        limit: given("limit"),
        offset: given("offset"),
        fields: given("fields"),
        include_total: given("include_total"),
    };
    let (search, found) = dt::datastore::search(state, &store, &params).await?;
    let types: Vec<&str> = search
        .columns
        .iter()
        .map(|c| c.map_or("int", |i| store.fields[i].field_type.ckan()))
        .collect();
    let fields: Vec<Value> = found
        .columns
        .iter()
        .zip(&types)
        .map(|(id, t)| json!({ "id": id, "type": t }))
        .collect();
    let records: Vec<Value> = found
        .rows
        .iter()
        .map(|row| {
            Value::Object(
                found
                    .columns
                    .iter()
                    .cloned()
                    .zip(row.iter().map(|c| c.to_json()))
                    .collect(),
            )
        })
        .collect();
    let link = |offset: u64| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if offset > 0 {
            q.append_pair("offset", &offset.to_string());
        }
        q.append_pair("resource_id", id);
        format!("/api/3/action/datastore_search?{}", q.finish())
    };
    let mut result = json!({
        "resource_id": id,
        "fields": fields,
        "records": records,
        "records_format": "objects",
        "limit": search.limit,
        "offset": search.offset,
        "include_total": search.include_total,
        "total_estimation_threshold": null,
        "_links": { "start": link(0), "next": link(search.offset + search.limit) },
    });
    if let Some(total) = found.total {
        result["total"] = json!(total);
        result["total_was_estimated"] = json!(false);
    }
    for k in ["filters", "q", "sort"] {
        if let Some(v) = p.get(k) {
            result[k] = v.clone();
        }
    }
    Ok(result)
}

fn uid(instance: &str, kind: &str, id: i64) -> String {
    padu_domain::data_terbuka::vocabulary::public_id(instance, kind, id)
}

/// A stored moment as CKAN writes it (ISO 8601, UTC, no zone letter).
fn moment(at: &str) -> String {
    at.trim_end_matches('Z').to_string()
}

fn facet_display(field: &str, value: &str, orgs: &[Organization]) -> String {
    match field {
        "organization" => orgs
            .iter()
            .find(|o| o.name == value)
            .map_or(value.to_string(), |o| o.pd.name.clone()),
        "groups" => theme_title(&value.to_uppercase()).to_string(),
        "license_id" => licence(value).map_or(value.to_string(), |l| l.title.to_string()),
        _ => value.to_string(),
    }
}

fn theme_title(code: &str) -> &'static str {
    THEMES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, title)| title)
}

fn organization(instance: &str, o: &Organization) -> Value {
    json!({
        "id": uid(instance, "organization", o.pd.id),
        "name": o.name,
        "title": o.pd.name,
        "display_name": o.pd.name,
        "description": "",
        "image_url": "",
        "created": moment(&o.pd.created_at),
        "is_organization": true,
        "approval_status": "approved",
        "state": "active",
        "type": "organization",
        "package_count": o.package_count,
    })
}

/// A theme's group id: its four-letter code read as a number.
fn group_id(instance: &str, code: &str) -> String {
    uid(
        instance,
        "group",
        code.bytes().fold(0i64, |acc, b| acc * 256 + i64::from(b)),
    )
}

fn group(instance: &str, code: &str, all: &[Published]) -> Value {
    json!({
        "id": group_id(instance, code),
        "name": code.to_lowercase(),
        "title": theme_title(code),
        "display_name": theme_title(code),
        "description": padu_domain::data_terbuka::vocabulary::theme_uri(code),
        "image_url": "",
        "is_organization": false,
        "approval_status": "approved",
        "state": "active",
        "type": "group",
        "package_count": all.iter().filter(|x| x.dataset.theme == code).count(),
    })
}

fn resource(base: &str, instance: &str, x: &Published, position: usize, r: &OpenResource) -> Value {
    let file = r.current.as_ref();
    json!({
        "id": uid(instance, "resource", r.id),
        "package_id": uid(instance, "dataset", x.dataset.id),
        "name": r.name,
        "description": r.description,
        "format": r.format,
        "url": super::portal::download_url(base, &x.dataset.name, r),
        "url_type": if r.kind == "file" { json!("upload") } else { Value::Null },
        "mimetype": file.map(|_| match r.format.as_str() {
            "CSV" => "text/csv",
            "JSON" => "application/json",
            _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }),
        "size": file.map(|f| f.size_bytes),
        "hash": file.map_or(String::new(), |f| format!("sha256:{}", f.sha256)),
        "created": moment(&r.created_at),
        "last_modified": moment(&r.updated_at),
        "metadata_modified": moment(&r.updated_at),
        "position": position,
        "state": "active",
        "datastore_active": r.datastore_active,
    })
}

/// A published data set as CKAN's package dict.
fn package(base: &str, instance: &str, x: &Published, orgs: &[Organization]) -> Value {
    let d = &x.dataset;
    let l = licence(&d.licence);
    let org = orgs
        .iter()
        .find(|o| o.pd.id == d.pd_id)
        .map(|o| organization(instance, o));
    let mut extras = vec![
        json!({ "key": "theme", "value": padu_domain::data_terbuka::vocabulary::theme_uri(&d.theme) }),
    ];
    for (key, value) in [
        (
            "temporal_start",
            d.temporal_start.clone().unwrap_or_default(),
        ),
        ("temporal_end", d.temporal_end.clone().unwrap_or_default()),
        ("spatial_text", d.spatial.clone()),
        ("frequency", d.update_schedule.clone()),
        ("reference_codes", d.reference_codes.clone()),
    ] {
        if !value.is_empty() {
            extras.push(json!({ "key": key, "value": value }));
        }
    }
    json!({
        "id": uid(instance, "dataset", d.id),
        "name": d.name,
        "title": d.title,
        "notes": d.description,
        "url": format!("{base}/data-terbuka/{}", d.name),
        "type": "dataset",
        "state": "active",
        "private": false,
        "isopen": true,
        "version": null,
        "author": d.pd_name,
        "author_email": null,
        "maintainer": d.pd_name,
        "maintainer_email": null,
        "license_id": d.licence,
        "license_title": l.map(|l| l.title),
        "license_url": l.map(|l| l.url),
        "metadata_created": moment(d.published_at.as_deref().unwrap_or(&d.created_at)),
        "metadata_modified": moment(&d.updated_at),
        "creator_user_id": null,
        "owner_org": org.as_ref().map(|o| o["id"].clone()),
        "organization": org,
        "groups": [{
            "id": group_id(instance, &d.theme),
            "name": d.theme.to_lowercase(),
            "title": theme_title(&d.theme),
            "display_name": theme_title(&d.theme),
            "description": padu_domain::data_terbuka::vocabulary::theme_uri(&d.theme),
            "image_display_url": "",
        }],
        "tags": d.keywords.iter().map(|t| json!({
            "id": uid(instance, &format!("tag:{t}"), 0),
            "name": t,
            "display_name": t,
            "state": "active",
            "vocabulary_id": null,
        })).collect::<Vec<_>>(),
        "num_tags": d.keywords.len(),
        "resources": x.resources.iter().enumerate().map(|(i, r)| resource(base, instance, x, i, r)).collect::<Vec<_>>(),
        "num_resources": x.resources.len(),
        "extras": extras,
        "relationships_as_object": [],
        "relationships_as_subject": [],
    })
}

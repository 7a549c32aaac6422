//! What a request carries in: page forms and JSON bodies checked for control characters
//! before any handler sees them, query strings and paging whose errors name the parameter.

use super::caller::Caller;
use super::i18n;
use super::state::SharedState;
use super::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use padu_store::ListQuery;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use utoipa::IntoParams;

/// The first string (or key) of a JSON body holding a control character no input may hold
/// (`padu_domain::text::forbidden_char`), as its field path (`a.b[2]`, serde's spelling) and
/// the character. Every JSON body passes here (`api::ApiJson`), whatever its type.
pub fn forbidden_in_json(value: &serde_json::Value) -> Option<(String, char)> {
    use padu_domain::text::forbidden_char;
    use serde_json::Value;
    let join = |path: &str, key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    // Depth-first with an explicit stack: serde_json bounds the nesting anyway.
    let mut stack = vec![(String::new(), value)];
    while let Some((path, v)) = stack.pop() {
        match v {
            Value::String(s) => {
                if let Some(c) = forbidden_char(s) {
                    return Some((if path.is_empty() { "body".into() } else { path }, c));
                }
            }
            Value::Array(items) => stack.extend(
                items
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, item)| (format!("{path}[{i}]"), item)),
            ),
            Value::Object(fields) => {
                for (key, _) in fields.iter() {
                    if let Some(c) = forbidden_char(key) {
                        return Some((join(&path, key), c));
                    }
                }
                stack.extend(
                    fields
                        .iter()
                        .rev()
                        .map(|(key, item)| (join(&path, key), item)),
                );
            }
            _ => {}
        }
    }
    None
}

/// Where a form's fields find their labels in the catalogue (`i18n`), so that a refused field is
/// named as its page shows it: `field.*` (the registers' words, every form's default) or, for
/// the complaint pages' forms (`Form<T, COMPLAINT_LABELS>`), `complaint.*`.
pub const COMPLAINT_LABELS: bool = true;

const fn labels(complaint: bool) -> &'static str {
    if complaint {
        "complaint"
    } else {
        "field"
    }
}

/// An urlencoded form, as `axum::Form` reads it, whose every field is first checked for a
/// control character no input may hold: the page names the field by its label
/// ([`COMPLAINT_LABELS`]) and nothing is done. Every page form passes here (the handlers import
/// this `Form` instead of axum's).
pub struct Form<T, const COMPLAINT: bool = false>(pub T);

impl<T: DeserializeOwned, const COMPLAINT: bool> axum::extract::FromRequest<SharedState>
    for Form<T, COMPLAINT>
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &SharedState) -> Result<Self, Response> {
        use axum::extract::RawForm;
        let (head, body) = req.into_parts();
        let RawForm(bytes) = RawForm::from_request(Request::from_parts(head.clone(), body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let bad = padu_domain::text::forbidden_in_fields(form_urlencoded::parse(&bytes));
        let mut head = head;
        if let Some((field, c)) = bad {
            let caller = Caller::from_request_parts(&mut head, state)
                .await
                .map_err(IntoResponse::into_response)?;
            let lang = caller.lang;
            let label = i18n::lookup(lang, &format!("{}.{field}", labels(COMPLAINT)))
                .map_or_else(|| field.clone(), |l| format!("{l} ({field})"));
            let message = i18n::t(lang, "error.control_char")
                .replace("{char}", &format!("U+{:04X}", c as u32));
            return Err(super::layout::error_page(
                state,
                &caller,
                ApiError::invalid(&label, message),
            ));
        }
        let req = Request::from_parts(head, axum::body::Body::from(bytes));
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(value)| Form(value))
            .map_err(IntoResponse::into_response)
    }
}

/// A JSON body whose errors name the offending field.
pub struct ApiJson<T>(pub T);

/// A signed-in page's form: taken only when its `csrf` field holds the session's token, which
/// is checked before the handler runs (a caller without a session goes to /login, a wrong token
/// gets the error page); then read as [`Form`] reads it. The form's own type need not carry the
/// token.
pub struct SessionForm<T, const COMPLAINT: bool = false>(pub T);

/// The fields of a form that carries nothing but its token (a button: sign out, revoke, ...).
#[derive(Debug, Deserialize)]
pub struct NoFields {}

/// The fields of a button whose step is consequential (revoke, deactivate, delete): the
/// confirmation box (`layout::confirm_box`), which the handler checks with `confirmed`.
#[derive(Debug, Deserialize)]
pub struct ConfirmFields {
    #[serde(default)]
    pub confirm: String,
}

impl<T: DeserializeOwned, const COMPLAINT: bool> axum::extract::FromRequest<SharedState>
    for SessionForm<T, COMPLAINT>
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &SharedState) -> Result<Self, Response> {
        let (mut head, body) = req.into_parts();
        let caller = Caller::from_request_parts(&mut head, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let bytes = Bytes::from_request(Request::from_parts(head.clone(), body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let csrf = form_urlencoded::parse(&bytes)
            .find(|(key, _)| key == "csrf")
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default();
        super::layout::check_csrf(state, &caller, &csrf)?;
        let req = Request::from_parts(head, axum::body::Body::from(bytes));
        let Form(value) = Form::<T, COMPLAINT>::from_request(req, state).await?;
        Ok(SessionForm(value))
    }
}

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_body", e.to_string()))?;
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            if let Some((field, c)) = forbidden_in_json(&value) {
                return Err(ApiError::invalid(
                    &field,
                    padu_domain::text::forbidden_message(c),
                ));
            }
        }
        let de = &mut serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(de)
            .map(ApiJson)
            .map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner().to_string();
                // serde names a missing field in its message rather than in the path.
                let field = inner
                    .split('`')
                    .nth(1)
                    .filter(|_| inner.starts_with("missing field"))
                    .map(str::to_string)
                    .unwrap_or(path);
                ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", &field, inner)
            })
    }
}

/// Paging and text filter of every list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 1-based page number.
    pub page: Option<u32>,
    /// Page size, 1–200 (default 50).
    pub per_page: Option<u32>,
    /// Case-insensitive text filter.
    pub q: Option<String>,
}

impl ListParams {
    pub fn query(&self) -> Result<ListQuery, ApiError> {
        if self.page == Some(0) {
            return Err(ApiError::invalid("page", "pages start at 1"));
        }
        if self
            .per_page
            .is_some_and(|p| p == 0 || p > padu_store::page::MAX_PER_PAGE)
        {
            return Err(ApiError::invalid("per_page", "must be 1–200"));
        }
        Ok(ListQuery {
            page: self.page.unwrap_or(1),
            per_page: self.per_page.unwrap_or(50),
            q: self.q.clone(),
        })
    }
}

/// A register list's query: its page and word search, and every other parameter a filter
/// (which the store checks against the register's definition).
pub fn register_list_query(
    raw: Option<&str>,
) -> Result<(ListQuery, padu_store::registers::Filters), ApiError> {
    let pairs: Vec<(String, String)> = query(raw)?;
    let mut params = ListParams::default();
    let mut filters = Vec::new();
    let number = |field: &str, v: &str| {
        v.parse::<u32>()
            .map_err(|_| ApiError::invalid(field, format!("{v} is not a whole number")))
    };
    for (name, value) in pairs {
        match name.as_str() {
            "page" => params.page = Some(number("page", &value)?),
            "per_page" => params.per_page = Some(number("per_page", &value)?),
            "q" => params.q = Some(value),
            _ => filters.push((name, value)),
        }
    }
    Ok((params.query()?, filters))
}

/// Query-string errors as JSON naming the parameter.
pub fn query<T: DeserializeOwned>(raw: Option<&str>) -> Result<T, ApiError> {
    let de = serde_urlencoded_de(raw.unwrap_or(""));
    de.map_err(|(field, msg)| ApiError::invalid(&field, msg))
}

fn serde_urlencoded_de<T: DeserializeOwned>(raw: &str) -> Result<T, (String, String)> {
    // Empty values mean "not given", as in an HTML form's untouched field. A value is empty
    // before percent-decoding exactly when it is empty after, so the raw pairs are filtered.
    let given: Vec<&str> = raw
        .split('&')
        .filter(|p| p.split_once('=').is_some_and(|(_, v)| !v.is_empty()))
        .collect();
    let joined = given.join("&");
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(joined.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        (path, inner)
    })
}

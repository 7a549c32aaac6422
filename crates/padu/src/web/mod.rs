//! HTTP: the JSON API under /api/v1, the server-rendered UI, /healthz and /metrics.
//! Every route resolves its [`Caller`] and asks `padu_domain::authorize` before acting.

pub mod api;
pub mod architecture;
pub mod attachments;
pub mod catalog;
pub mod catalog_files;
pub mod catalog_forms;
pub mod catalog_io;
pub mod catalog_ui;
pub mod complaints;
pub mod complaints_ui;
pub mod desk;
pub mod desk_ui;
pub mod governance;
pub mod gsb_ui;
pub mod i18n;
pub mod limiter;
pub mod map;
pub mod metrics;
pub mod notify;
pub mod open311;
pub mod planning;
pub mod proxy;
pub mod records;
pub mod requests;
pub mod ui;

use crate::audit_ops::VerifyReport;
use crate::keys::InstanceKey;
use axum::extract::{FromRequestParts, Request};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use i18n::Lang;
use padu_domain::{Actor, Denied, Grant};
use padu_store::org::Pemda;
use padu_store::users::User;
use padu_store::{AuditCtx, Store, StoreError};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub const SESSION_COOKIE: &str = "padu_session";
pub const LOGIN_CSRF_COOKIE: &str = "padu_login_csrf";
pub const LANG_COOKIE: &str = "padu_lang";
pub const SESSION_HOURS: i64 = 8;

pub struct AppState {
    pub store: Store,
    pub key: InstanceKey,
    pub pemda: Pemda,
    /// Cookies carry `Secure` when Padu is reached over https.
    pub secure_cookies: bool,
    /// Sign-in attempts per client address.
    pub login_limiter: limiter::KeyedLimiter,
    /// Public complaints per client address (abuse protection without third parties).
    pub complaint_limiter: limiter::KeyedLimiter,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Vec<proxy::Cidr>,
    pub metrics: metrics::Metrics,
    /// The SMTP relay, when mail is configured.
    pub mail: Option<notify::MailConfig>,
    /// The address people reach Padu at (for links in mail).
    pub public_url: Option<String>,
    pub last_verify: Mutex<Option<VerifyReport>>,
    /// The service bus: registry copy, message log, monitoring.
    pub gsb: Arc<crate::gsb::Gsb>,
}

pub type SharedState = Arc<AppState>;

/// SHA-256 hex of a secret (session ids and API tokens are stored only hashed).
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A random URL-safe secret of 32 bytes.
pub fn new_secret() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// An error as the API returns it: a status and `{"error": {code, field, message}}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub field: Option<String>,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            field: None,
            message: message.into(),
        }
    }
    pub fn field(
        status: StatusCode,
        code: &'static str,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            code,
            field: Some(field.into()),
            message: message.into(),
        }
    }
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", field, message)
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "no such record")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // A message may quote what was sent (serde does): only its beginning goes back.
        let message = padu_domain::text::prefix(&self.message, 1000);
        let field = self.field.map(|f| padu_domain::text::prefix(&f, 200));
        let body = serde_json::json!({ "error": { "code": self.code, "field": field, "message": message } });
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Conflict { field, message } => ApiError {
                status: StatusCode::CONFLICT,
                code: "conflict",
                field: Some(field),
                message,
            },
            StoreError::Invalid { field, message } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid",
                field: Some(field),
                message,
            },
            other => {
                tracing::error!(error = %other, "storage error");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error; the operator can find it in the log",
                )
            }
        }
    }
}

impl From<Denied> for ApiError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotAuthenticated => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "sign in or send a bearer token",
            ),
            Denied::Hidden => ApiError::not_found(),
            Denied::Forbidden => ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "your role does not allow this",
            ),
        }
    }
}

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

/// An urlencoded form, as `axum::Form` reads it, whose every field is first checked for a
/// control character no input may hold: the page names the field and nothing is done. Every
/// page form passes here (the handlers import this `Form` instead of axum's).
pub struct Form<T>(pub T);

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<SharedState> for Form<T> {
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
            // The field by its label: the complaint pages' own, else the registers' forms'.
            let public = ["/lapor", "/lacak", "/pengaduan"]
                .iter()
                .any(|p| head.uri.path().starts_with(p));
            let section = if public { "complaint" } else { "field" };
            let label = i18n::lookup(lang, &format!("{section}.{field}"))
                .map_or_else(|| field.clone(), |l| format!("{l} ({field})"));
            let message = i18n::t(lang, "error.control_char")
                .replace("{char}", &format!("U+{:04X}", c as u32));
            return Err(ui::error_page(
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

/// How the caller proved who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Public,
    Session { id_hash: String, csrf: String },
    Token { id: i64 },
}

/// The resolved caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub user: Option<User>,
    pub via: Via,
    pub ip: Option<String>,
    pub lang: Lang,
}

impl Caller {
    pub fn audit_ctx(&self) -> AuditCtx {
        let label = match (&self.user, &self.via) {
            (Some(u), Via::Token { id }) => format!("{} (token {id})", u.username),
            (Some(u), _) => u.username.clone(),
            (None, _) => "public".into(),
        };
        AuditCtx {
            actor_user_id: self.user.as_ref().map(|u| u.id),
            actor_label: label,
            ip: self.ip.clone(),
            at: Utc::now(),
        }
    }

    pub fn require_user(&self) -> Result<&User, ApiError> {
        self.user
            .as_ref()
            .ok_or_else(|| Denied::NotAuthenticated.into())
    }

    pub fn csrf(&self) -> &str {
        match &self.via {
            Via::Session { csrf, .. } => csrf,
            _ => "",
        }
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A Set-Cookie value with Padu's defaults: HttpOnly, SameSite=Lax, Path=/, Secure on https.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .unwrap_or(HeaderValue::from_static(""))
}

impl FromRequestParts<SharedState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| {
                proxy::client_address(c.0.ip(), &parts.headers, &state.trusted_proxies).to_string()
            });
        let now = Utc::now();
        let cookie_lang = cookie(&parts.headers, LANG_COOKIE).and_then(Lang::parse);
        let public = |lang: Option<Lang>| Caller {
            actor: Actor::Public,
            user: None,
            via: Via::Public,
            ip: ip.clone(),
            lang: lang.unwrap_or_default(),
        };
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let is_api = parts.uri.path().starts_with("/api/");
        if let Some(token) = bearer {
            let unauthorized = || {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "invalid_token",
                    "the bearer token is unknown, expired or revoked",
                )
            };
            let t = state
                .store
                .token_by_hash(&secret_hash(token))
                .await?
                .ok_or_else(unauthorized)?;
            if !t.is_usable(now) {
                return Err(unauthorized());
            }
            let user = state.store.get_user(t.user_id).await?;
            let grant = Grant {
                role: t.role,
                pd: t.pd_id.map(padu_domain::PdId),
            };
            // A token acts with one role of its user, and only while the user still holds it.
            if !user.active || !user.grants.contains(&grant) {
                return Err(unauthorized());
            }
            if t.last_used_at
                .as_deref()
                .and_then(padu_store::parse_ts)
                .is_none_or(|at| now - at > chrono::Duration::minutes(1))
            {
                state.store.touch_token(t.id, now).await.ok();
            }
            let lang = cookie_lang.or(Lang::parse(&user.lang));
            return Ok(Caller {
                actor: Actor::User {
                    id: padu_domain::UserId(user.id),
                    grants: vec![grant],
                },
                user: Some(user),
                via: Via::Token { id: t.id },
                ip,
                lang: lang.unwrap_or_default(),
            });
        }
        if is_api {
            return Ok(public(cookie_lang));
        }
        let Some(sid) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Ok(public(cookie_lang));
        };
        let id_hash = secret_hash(sid);
        let Some(session) = state.store.session(&id_hash, now).await? else {
            return Ok(public(cookie_lang));
        };
        let user = state.store.get_user(session.user_id).await?;
        if !user.active {
            return Ok(public(cookie_lang));
        }
        let lang = cookie_lang.or(Lang::parse(&user.lang)).unwrap_or_default();
        Ok(Caller {
            actor: Actor::User {
                id: padu_domain::UserId(user.id),
                grants: user.grants.clone(),
            },
            user: Some(user),
            via: Via::Session {
                id_hash,
                csrf: session.csrf_token,
            },
            ip,
            lang,
        })
    }
}

/// Refuses state-changing browser requests from other sites (CSRF defence in depth, beside the
/// per-session form token), and sets the security headers of every response.
pub async fn security_layer(req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(req.method().as_str(), "GET" | "HEAD" | "OPTIONS");
    if unsafe_method && !req.uri().path().starts_with("/api/") {
        let cross_site = req
            .headers()
            .get("sec-fetch-site")
            .is_some_and(|v| v == "cross-site");
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let origin_mismatch = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .is_some_and(|o| o != "null" && o.split("://").nth(1) != Some(host));
        if cross_site || origin_mismatch {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "cross_site",
                "cross-site form submission refused",
            )
            .into_response();
        }
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    // API answers, exports and downloads carry records and personal data: no cache (a proxy,
    // a shared browser) may keep them. What is public and cacheable (the stylesheet) says so
    // itself.
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// Builds the whole application.
pub fn router(state: SharedState) -> axum::Router {
    let (api, openapi) = api::routes().split_for_parts();
    let openapi = Arc::new(api::document(openapi));
    axum::Router::new()
        .merge(api.layer(axum::middleware::from_fn(api::json_rejections)))
        .merge(ui::routes())
        .merge(complaints_ui::routes())
        .merge(desk_ui::routes())
        .merge(gsb_ui::routes())
        .merge(catalog_ui::routes())
        .merge(governance::pages())
        .merge(planning::pages())
        .merge(architecture::pages())
        .merge(catalog_files::pages())
        .merge(requests::pages())
        .merge(catalog_forms::pages())
        .merge(open311::routes())
        .route(
            "/api/openapi.json",
            axum::routing::get(move || {
                let doc = openapi.clone();
                async move { Json(doc.as_ref().clone()) }
            }),
        )
        .route("/healthz", axum::routing::get(api::healthz))
        .route("/metrics", axum::routing::get(metrics::render))
        .fallback(|| async { ApiError::not_found() })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(axum::middleware::from_fn(security_layer))
        .with_state(state)
}

/// Runs the server on `listener` until `shutdown` completes.
pub async fn serve(
    state: SharedState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

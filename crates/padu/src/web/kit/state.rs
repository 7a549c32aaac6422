//! What every request can reach: the application (`crate::app::App`, by `Deref`) and the web's
//! own parts (cookies' security, rate limiters, trusted proxies, metrics).

use super::{limiter, metrics, proxy};
use crate::app::App;
use axum::http::{header, HeaderMap, HeaderValue};
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "padu_session";
pub const LOGIN_CSRF_COOKIE: &str = "padu_login_csrf";
pub const LANG_COOKIE: &str = "padu_lang";
pub const SESSION_HOURS: i64 = 8;

pub struct AppState {
    /// Store, clock, keys, Pemda, mail, the bus: what operations need, web or not.
    pub app: Arc<App>,
    /// Cookies carry `Secure` when Padu is reached over https.
    pub secure_cookies: bool,
    /// Sign-in attempts per client address.
    pub login_limiter: limiter::KeyedLimiter,
    /// Public complaints per client address (abuse protection without third parties).
    pub complaint_limiter: limiter::KeyedLimiter,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Vec<proxy::Cidr>,
    pub metrics: metrics::Metrics,
}

/// Handlers read `state.store`, `state.pemda`, ... as the application's.
impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

pub type SharedState = Arc<AppState>;

// Secrets are made and hashed where sessions and tokens are issued, in the application layer.
pub use crate::app::foundation::{new_secret, secret_hash};

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

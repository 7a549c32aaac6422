//! Who is calling: a session cookie, a bearer token or nobody, resolved once per request, with
//! the request's one reading of the clock (`Caller::now`).

use super::i18n::Lang;
use super::state::{cookie, secret_hash, SharedState, LANG_COOKIE, SESSION_COOKIE};
use super::{proxy, ApiError};
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, StatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use padu_domain::{Actor, Denied, Grant};
use padu_store::users::User;
use padu_store::AuditCtx;
use std::net::SocketAddr;

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
    /// The request's one reading of the clock: every rule and record of this request uses it.
    pub now: DateTime<Utc>,
    /// The message a page shows after a change (`?pesan=saved` after the redirect): a key of
    /// the catalogue's `notice.*`, never text from the request.
    pub notice: Option<String>,
    /// The signed-in user's unread notifications, for the badge in the navigation (pages only;
    /// 0 for the API and the public).
    pub unread: i64,
}

/// The page's message after a change, if the query names one the catalogue has.
fn notice_of(query: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "pesan")
        .map(|(_, v)| format!("notice.{v}"))
        .filter(|key| super::i18n::lookup(Lang::Id, key).is_some())
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
            at: self.now,
        }
    }

    /// Today in the region (all three profiles' regions keep WIB, UTC+7).
    pub fn today(&self) -> NaiveDate {
        padu_domain::sla::wib_date(self.now)
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
        if let Some(caller) = parts.extensions.get::<Caller>() {
            // Resolved already by the route's gate.
            return Ok(caller.clone());
        }
        let now = state.clock.now();
        let cookie_lang = cookie(&parts.headers, LANG_COOKIE).and_then(Lang::parse);
        let notice = parts.uri.query().and_then(notice_of);
        let public = |lang: Option<Lang>| Caller {
            actor: Actor::Public,
            user: None,
            via: Via::Public,
            ip: ip.clone(),
            lang: lang.unwrap_or_default(),
            now,
            notice: notice.clone(),
            unread: 0,
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
                now,
                notice: notice.clone(),
                unread: 0,
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
        let unread = state.store.unread_notifications(user.id).await?;
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
            now,
            notice,
            unread,
        })
    }
}

/// For the UI: whether a caller that came with a session may act on its forms.
pub fn session_csrf_ok(caller: &Caller, submitted: &str) -> bool {
    match &caller.via {
        Via::Session { csrf, .. } => {
            !csrf.is_empty() && constant_time_eq(csrf.as_bytes(), submitted.as_bytes())
        }
        _ => false,
    }
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

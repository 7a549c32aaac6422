//! Accounts and their roles (kept by the Dinas, `access::KEEPS_ACCOUNTS`), and API tokens
//! (personal: made by their owner within the roles they hold, revoked by the owner or the Dinas).

use super::api_token_secret;
use crate::app::{App, AppError};
use chrono::Duration;
use padu_domain::password::{check_policy, generate_password, hash_password, verify_password};
use padu_domain::{authorize, Action, Actor, Denied, Grant, PdId, Resource, Role, UserId};
use padu_store::users::{ApiToken, NewToken, NewUser, User, UserUpdate};
use padu_store::{AuditCtx, ListQuery, Page};
use serde::Deserialize;
use utoipa::ToSchema;

/// Checks a password against the BSSN policy, naming the field.
pub fn password_policy(field: &str, password: &str, username: &str) -> Result<(), AppError> {
    let bad = check_policy(password, username);
    if bad.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(
            field,
            bad.iter()
                .map(|v| v.message())
                .collect::<Vec<_>>()
                .join("; "),
        ))
    }
}

/// The accounts, optionally those holding a role in `pd_id`.
pub async fn list_users(
    app: &App,
    actor: &Actor,
    q: &ListQuery,
    pd_id: Option<i64>,
) -> Result<Page<User>, AppError> {
    authorize(actor, Action::Read, &Resource::user(None))?;
    Ok(app.store.list_users(q, pd_id).await?)
}

/// One account: the Dinas reads every one, anyone else their own.
pub async fn get_user(app: &App, actor: &Actor, id: i64) -> Result<User, AppError> {
    authorize(actor, Action::Read, &Resource::user(Some(UserId(id))))?;
    Ok(app.store.get_user(id).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateUser {
    pub username: String,
    pub full_name: String,
    #[serde(default)]
    pub email: Option<String>,
    pub password: String,
    pub grants: Vec<Grant>,
}

/// Makes an account whose password meets the policy; only its hash is kept.
pub async fn create_user(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    req: CreateUser,
) -> Result<User, AppError> {
    authorize(actor, Action::Create, &Resource::user(None))?;
    password_policy("password", &req.password, &req.username)?;
    padu_store::users::validate_username(&req.username)?;
    let new = NewUser {
        username: req.username,
        full_name: req.full_name,
        email: req.email,
        password_hash: hash_password(&req.password, &mut rand::rngs::OsRng),
        grants: req.grants,
    };
    Ok(app.store.create_user(ctx, &new).await?)
}

pub async fn update_user(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    up: &UserUpdate,
) -> Result<User, AppError> {
    authorize(actor, Action::Update, &Resource::user(Some(UserId(id))))?;
    Ok(app.store.update_user(ctx, id, up).await?)
}

/// Activates or deactivates an account, keeping the rest of it (the last active Admin Dinas
/// stays active: the store refuses with `users::LAST_ADMIN` on `active`).
pub async fn set_active(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    active: bool,
) -> Result<User, AppError> {
    authorize(actor, Action::Update, &Resource::user(Some(UserId(id))))?;
    let u = app.store.get_user(id).await?;
    let up = UserUpdate {
        full_name: u.full_name,
        email: u.email,
        active,
        lang: u.lang,
    };
    Ok(app.store.update_user(ctx, id, &up).await?)
}

/// Replaces the roles of a user (a permission change, audited); every PD named must exist.
pub async fn set_grants(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    grants: &[Grant],
) -> Result<User, AppError> {
    authorize(actor, Action::Update, &Resource::user(Some(UserId(id))))?;
    app.store.get_user(id).await?;
    for g in grants {
        if let Some(pd) = g.pd {
            app.store.get_pd(pd.0).await.map_err(|_| {
                AppError::invalid("grants", format!("no Perangkat Daerah {}", pd.0))
            })?;
        }
    }
    Ok(app.store.set_grants(ctx, id, grants).await?)
}

/// Whether `actor` sees (and may revoke) everyone's tokens, not only their own.
pub fn tokens_of_all(actor: &Actor) -> bool {
    authorize(actor, Action::Read, &Resource::api_token(UserId(-1))).is_ok()
}

/// The tokens `actor` may see: the Dinas every one, anyone else their own.
pub async fn list_tokens(
    app: &App,
    actor: &Actor,
    q: &ListQuery,
) -> Result<Page<ApiToken>, AppError> {
    let me = actor.user_id().ok_or(Denied::NotAuthenticated)?;
    let owner = (!tokens_of_all(actor)).then_some(me.0);
    Ok(app.store.list_tokens(owner, q).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateToken {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub pd_id: Option<i64>,
    /// Days until the token expires, 1–365.
    pub expires_in_days: i64,
}

/// Makes an API token for `actor`, scoped to one of the roles and PDs it acts with; returns
/// the secret once (Padu keeps its hash).
pub async fn issue_token(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    req: &CreateToken,
) -> Result<(String, ApiToken), AppError> {
    let me = actor.user_id().ok_or(Denied::NotAuthenticated)?;
    authorize(actor, Action::Create, &Resource::api_token(me))?;
    if !(1..=365).contains(&req.expires_in_days) {
        return Err(AppError::invalid("expires_in_days", "must be 1–365"));
    }
    let grant = Grant {
        role: req.role,
        pd: req.pd_id.map(PdId),
    };
    // A token never carries more than its maker holds in this request.
    if !actor.grants().contains(&grant) {
        return Err(AppError::invalid(
            "role",
            "you do not hold this role for this PD",
        ));
    }
    let (token, token_hash, prefix) = api_token_secret();
    let new = NewToken {
        user_id: me.0,
        name: req.name.clone(),
        token_hash,
        prefix,
        role: req.role,
        pd_id: req.pd_id,
        expires_at: Some(ctx.at + Duration::days(req.expires_in_days)),
    };
    let details = app.store.create_token(ctx, &new).await?;
    Ok((token, details))
}

/// Revokes a token at once: its owner or the Dinas.
pub async fn revoke_token(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
) -> Result<ApiToken, AppError> {
    let t = app.store.get_token(id).await?;
    authorize(
        actor,
        Action::Delete,
        &Resource::api_token(UserId(t.user_id)),
    )?;
    Ok(app.store.revoke_token(ctx, id).await?)
}

/// The Dinas resets an account's password: a generated one, shown once to the Dinas to hand
/// over; the account is signed out everywhere and must choose its own at its next sign-in.
pub async fn reset_password(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
) -> Result<String, AppError> {
    authorize(actor, Action::Update, &Resource::user(Some(UserId(id))))?;
    let password = generate_password(&mut rand::rngs::OsRng);
    let hash = hash_password(&password, &mut rand::rngs::OsRng);
    app.store.set_password(ctx, id, &hash, true).await?;
    Ok(password)
}

/// A signed-in account chooses its own password: the current one first, then a new one the
/// BSSN policy accepts, different from the current. The account is signed out everywhere.
pub async fn change_own_password(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let id = actor.user_id().ok_or(Denied::NotAuthenticated)?;
    let user = app.store.get_user(id.0).await?;
    let (_, hash) = app
        .store
        .user_for_login(&user.username)
        .await?
        .ok_or(Denied::NotAuthenticated)?;
    if !verify_password(current, &hash) {
        return Err(AppError::invalid("current", "is not your current password"));
    }
    if current == new {
        return Err(AppError::invalid(
            "new",
            "must differ from the current password",
        ));
    }
    password_policy("new", new, &user.username)?;
    let hash = hash_password(new, &mut rand::rngs::OsRng);
    Ok(app.store.set_password(ctx, id.0, &hash, false).await?)
}

//! Signing in and out: the throttled password check shared by the pages and the API, the web
//! session it opens, and the bearer token the API hands out instead.

use super::{api_token_secret, new_secret, secret_hash};
use crate::app::{App, AppError};
use chrono::{DateTime, Duration, Utc};
use padu_domain::password::{hash_password, verify_password};
use padu_domain::throttle::failure_delay;
use padu_domain::Grant;
use padu_store::users::{NewToken, User};
use padu_store::AuditCtx;

/// A hash with the parameters of real ones, checked when there is no account's own to check,
/// so that the answer takes as long as for a real account.
fn stand_in_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("stand-in for a missing account", &mut rand::rngs::OsRng))
}

/// The sign-in rules shared by the UI and the API (the per-address rate limit is the web's,
/// before this): an attempt reserved per account and address before the Argon2id check (so
/// parallel guesses cannot outrun the lockout, and guessing from one address does not lock the
/// owner out elsewhere), growing delay (PRODUCT.md module 9). An unknown name, a wrong
/// password and a locked account answer alike, after the same work, so the answer reveals
/// neither which names exist nor a lock: the user signed in, or none. Every attempt is
/// audited; the address is `ctx.ip`.
pub async fn sign_in(
    app: &App,
    ctx: &AuditCtx,
    username: &str,
    password: &str,
) -> Result<Option<User>, AppError> {
    let address = ctx.ip.clone().unwrap_or_default();
    let found = app.store.user_for_login(username).await?;
    let known = found.as_ref().map(|(user, _)| user.id);
    let reserved = match &found {
        Some((user, _)) => app.store.reserve_login(user.id, &address, ctx.at).await?,
        None => None,
    };
    let (Some((user, hash)), Some(attempt)) = (found, reserved) else {
        verify_password(password, stand_in_hash());
        app.store
            .record_login_failure(ctx, known, username, 0, None)
            .await?;
        return Ok(None);
    };
    if !verify_password(password, &hash) || !user.active {
        app.store
            .record_login_failure(
                ctx,
                Some(user.id),
                username,
                i64::from(attempt.failures),
                attempt.locked_until,
            )
            .await?;
        if let Ok(d) = failure_delay(attempt.failures).to_std() {
            tokio::time::sleep(d).await;
        }
        return Ok(None);
    }
    app.store.release_login(user.id, &address).await?;
    Ok(Some(user))
}

/// The audit context of what a user who just signed in does: theirs, no longer the public's.
fn as_user(ctx: &AuditCtx, user: &User) -> AuditCtx {
    AuditCtx {
        actor_user_id: Some(user.id),
        actor_label: user.username.clone(),
        ..ctx.clone()
    }
}

/// Opens a web session of `hours` for a user who signed in; returns the session's secret (its
/// cookie), of which Padu keeps only the hash.
pub async fn open_session(
    app: &App,
    ctx: &AuditCtx,
    user: &User,
    hours: i64,
) -> Result<String, AppError> {
    let sid = new_secret();
    let csrf = new_secret();
    let expires = ctx.at + Duration::hours(hours);
    app.store
        .record_login(
            &as_user(ctx, user),
            user.id,
            "web",
            Some((&secret_hash(&sid), &csrf, expires)),
        )
        .await?;
    Ok(sid)
}

/// Ends the session whose id hashes to `session_hash`.
pub async fn sign_out(
    app: &App,
    ctx: &AuditCtx,
    session_hash: &str,
    user_id: i64,
) -> Result<(), AppError> {
    Ok(app.store.logout(ctx, session_hash, user_id).await?)
}

/// A sign-in token's lifetime in hours: 8 unless asked, at most 30 days.
pub fn token_hours(requested: Option<i64>) -> Result<i64, AppError> {
    let hours = requested.unwrap_or(8);
    if (1..=720).contains(&hours) {
        Ok(hours)
    } else {
        Err(AppError::invalid("expires_in_hours", "must be 1–720"))
    }
}

/// A bearer token for a user who signed in through the API, acting with one of their grants;
/// the secret is returned once with its expiry.
pub async fn login_token(
    app: &App,
    ctx: &AuditCtx,
    user: &User,
    grant: Grant,
    hours: i64,
) -> Result<(String, DateTime<Utc>), AppError> {
    let (token, token_hash, prefix) = api_token_secret();
    let expires = ctx.at + Duration::hours(hours);
    let ctx = as_user(ctx, user);
    app.store
        .create_token(
            &ctx,
            &NewToken {
                user_id: user.id,
                name: "login".into(),
                token_hash,
                prefix,
                role: grant.role,
                pd_id: grant.pd.map(|p| p.0),
                expires_at: Some(expires),
            },
        )
        .await?;
    app.store.record_login(&ctx, user.id, "api", None).await?;
    Ok((token, expires))
}

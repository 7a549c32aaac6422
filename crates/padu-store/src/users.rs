//! User accounts with PD-scoped roles, browser sessions and API tokens.

use crate::audit::{append, Change};
use crate::{conflict_on, parse_ts, ts, AuditCtx, ListQuery, Page, Store, StoreError};
use chrono::{DateTime, Utc};
use padu_domain::throttle::{self, Attempts};
use padu_domain::{Grant, PdId, Role};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub lang: String,
    pub active: bool,
    pub failed_logins: i64,
    pub locked_until: Option<String>,
    pub last_login_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// The password was reset by the Dinas: the account chooses its own before anything else.
    pub must_change_password: bool,
    pub grants: Vec<Grant>,
}

/// A new account. The password arrives already hashed (Argon2id, in the domain crate).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub grants: Vec<Grant>,
}

/// The editable profile of an account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct UserUpdate {
    pub full_name: String,
    #[serde(default)]
    pub email: Option<String>,
    pub active: bool,
    #[serde(default = "default_lang")]
    pub lang: String,
}

fn default_lang() -> String {
    "id".into()
}

pub fn validate_username(username: &str) -> Result<(), StoreError> {
    let ok = (3..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(StoreError::invalid(
            "username",
            "must be 3–64 characters of a–z, 0–9, '.', '_' and '-'",
        ))
    }
}

fn validate_profile(full_name: &str, email: Option<&str>, lang: &str) -> Result<(), StoreError> {
    if full_name.trim().is_empty() || full_name.len() > 200 {
        return Err(StoreError::invalid("full_name", "must be 1–200 characters"));
    }
    if let Some(e) = email.filter(|e| !e.is_empty()) {
        let ok = e.len() <= 254
            && e.split_once('@').is_some_and(|(a, d)| {
                !a.is_empty() && d.contains('.') && !e.contains(char::is_whitespace)
            });
        if !ok {
            return Err(StoreError::invalid("email", "is not an e-mail address"));
        }
    }
    if !["id", "en"].contains(&lang) {
        return Err(StoreError::invalid("lang", "must be 'id' or 'en'"));
    }
    Ok(())
}

/// Every grant must name a PD exactly when its role acts for one.
pub fn validate_grants(grants: &[Grant]) -> Result<(), StoreError> {
    for g in grants {
        if g.role.requires_pd() && g.pd.is_none() {
            return Err(StoreError::invalid(
                "grants",
                format!("role {} needs a pd_id", g.role),
            ));
        }
    }
    Ok(())
}

const USER_COLUMNS: &str = "id, username, full_name, email, lang, active, failed_logins, locked_until, last_login_at, created_at, updated_at, must_change_password";

fn user(r: &AnyRow) -> Result<User, sqlx::Error> {
    Ok(User {
        id: r.try_get(0)?,
        username: r.try_get(1)?,
        full_name: r.try_get(2)?,
        email: r.try_get(3)?,
        lang: r.try_get(4)?,
        active: r.try_get::<i64, _>(5)? != 0,
        failed_logins: r.try_get(6)?,
        locked_until: r.try_get(7)?,
        last_login_at: r.try_get(8)?,
        created_at: r.try_get(9)?,
        updated_at: r.try_get(10)?,
        must_change_password: r.try_get::<i64, _>(11)? != 0,
        grants: Vec::new(),
    })
}

#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: i64,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// The first characters of the token, to tell tokens apart; the token itself is never stored.
    pub prefix: String,
    pub role: Role,
    pub pd_id: Option<i64>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
}

impl ApiToken {
    pub fn is_usable(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none()
            && self
                .expires_at
                .as_deref()
                .and_then(parse_ts)
                .is_none_or(|e| e > now)
    }
}

#[derive(Debug, Clone)]
pub struct NewToken {
    pub user_id: i64,
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub role: Role,
    pub pd_id: Option<i64>,
    pub expires_at: Option<DateTime<Utc>>,
}

const TOKEN_COLUMNS: &str =
    "id, user_id, name, prefix, role, pd_id, created_at, expires_at, revoked_at, last_used_at";

fn token(r: &AnyRow) -> Result<ApiToken, StoreError> {
    let role: String = r.try_get(4)?;
    Ok(ApiToken {
        id: r.try_get(0)?,
        user_id: r.try_get(1)?,
        name: r.try_get(2)?,
        prefix: r.try_get(3)?,
        role: role
            .parse()
            .map_err(|m: String| StoreError::invalid("role", m))?,
        pd_id: r.try_get(5)?,
        created_at: r.try_get(6)?,
        expires_at: r.try_get(7)?,
        revoked_at: r.try_get(8)?,
        last_used_at: r.try_get(9)?,
    })
}

async fn grants_of(
    ex: impl sqlx::Executor<'_, Database = sqlx::Any>,
    user_id: i64,
) -> Result<Vec<Grant>, StoreError> {
    let rows =
        sqlx::query("SELECT role, pd_id FROM memberships WHERE user_id = $1 ORDER BY role, pd_id")
            .bind(user_id)
            .fetch_all(ex)
            .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get(0)?;
            let pd: Option<i64> = r.try_get(1)?;
            Ok(Grant {
                role: role
                    .parse()
                    .map_err(|m: String| StoreError::invalid("role", m))?,
                pd: pd.map(PdId),
            })
        })
        .collect()
}

async fn write_grants(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: i64,
    grants: &[Grant],
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM memberships WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    let mut seen: Vec<Grant> = Vec::new();
    for g in grants {
        if seen.contains(g) {
            continue;
        }
        seen.push(*g);
        sqlx::query(
            "INSERT INTO memberships (user_id, role, pd_id, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(g.role.as_str())
        .bind(g.pd.map(|p| p.0))
        .bind(at)
        .execute(&mut **tx)
        .await
        .map_err(conflict_on("grants"))?;
    }
    Ok(())
}

/// Why a change that would take away the last active Admin Dinas is refused.
pub const LAST_ADMIN: &str =
    "would leave no active Admin Dinas; make another account Admin Dinas first";

/// Locks every Admin Dinas account for the rest of the transaction (PostgreSQL: their rows;
/// SQLite: the database's write lock, as a first statement). Two changes that could each take
/// away an admin thus run one after the other, and the second counts what the first left.
async fn lock_admins(tx: &mut sqlx::Transaction<'static, sqlx::Any>) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET updated_at = updated_at WHERE id IN (SELECT user_id FROM memberships WHERE role = $1)")
        .bind(Role::AdminDinas.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn active_admins(tx: &mut sqlx::Transaction<'static, sqlx::Any>) -> Result<u64, StoreError> {
    let n: i64 = sqlx::query("SELECT COUNT(DISTINCT u.id) FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.active = 1 AND m.role = $1")
        .bind(Role::AdminDinas.as_str())
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Refuses (before the transaction commits) a change that took away the last active Admin
/// Dinas (`padu_domain::org::keeps_an_admin`), naming the field that would have done it.
async fn keep_an_admin(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    before: u64,
    field: &str,
) -> Result<(), StoreError> {
    if padu_domain::org::keeps_an_admin(before, active_admins(tx).await?) {
        Ok(())
    } else {
        Err(StoreError::conflict(field, LAST_ADMIN))
    }
}

/// What a compare-and-set on one throttle's counters came to.
enum Reserve {
    Reserved(Attempts),
    Locked,
    /// Another attempt changed the counters between read and write: read again.
    Raced,
}

fn attempts_of(row: &AnyRow) -> Result<Attempts, StoreError> {
    Ok(Attempts {
        failures: u32::try_from(row.try_get::<i64, _>(0)?).unwrap_or(u32::MAX),
        locked_until: row
            .try_get::<Option<String>, _>(1)?
            .as_deref()
            .and_then(parse_ts),
    })
}

/// One of the two failure counters a sign-in attempt is reserved on: the account at one
/// address (`login_throttle`), and the account's own ceiling (`users.failed_logins`).
#[derive(Clone, Copy)]
enum Counter<'a> {
    AtAddress { user_id: i64, address: &'a str },
    Account { user_id: i64 },
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl<'a> Counter<'a> {
    fn select_sql(self) -> &'static str {
        match self {
            Counter::AtAddress { .. } => "SELECT failures, locked_until FROM login_throttle WHERE user_id = $1 AND address = $2",
            Counter::Account { .. } => "SELECT failed_logins, locked_until FROM users WHERE id = $1",
        }
    }
    /// Binds `$1`, `$2` (the new count and lock), then the keys, then the count read.
    fn update_sql(self) -> &'static str {
        match self {
            Counter::AtAddress { .. } => "UPDATE login_throttle SET failures = $1, locked_until = $2 WHERE user_id = $3 AND address = $4 AND failures = $5",
            Counter::Account { .. } => "UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3 AND failed_logins = $4",
        }
    }
    fn bind_keys<'q>(self, q: AnyQuery<'q>) -> AnyQuery<'q>
    where
        'a: 'q,
    {
        match self {
            Counter::AtAddress { user_id, address } => q.bind(user_id).bind(address),
            Counter::Account { user_id } => q.bind(user_id),
        }
    }
    fn limit(self) -> u32 {
        match self {
            Counter::AtAddress { .. } => throttle::LOCK_AFTER,
            Counter::Account { .. } => throttle::ACCOUNT_LOCK_AFTER,
        }
    }
}

/// Reserves an attempt on one counter: a compare-and-set on the count read, so parallel
/// attempts are counted one by one.
async fn reserve_on(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    counter: Counter<'_>,
    now: DateTime<Utc>,
) -> Result<Reserve, StoreError> {
    if let Counter::AtAddress { user_id, address } = counter {
        // A write first: on SQLite it takes the write lock before anything is read.
        sqlx::query("INSERT INTO login_throttle (user_id, address, failures) VALUES ($1, $2, 0) ON CONFLICT (user_id, address) DO NOTHING")
            .bind(user_id)
            .bind(address)
            .execute(&mut **tx)
            .await?;
    }
    let Some(row) = counter
        .bind_keys(sqlx::query(counter.select_sql()))
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(Reserve::Locked);
    };
    let current = attempts_of(&row)?;
    let Some(next) = throttle::reserve(current, counter.limit(), now) else {
        return Ok(Reserve::Locked);
    };
    let update = sqlx::query(counter.update_sql())
        .bind(i64::from(next.failures))
        .bind(next.locked_until.map(ts));
    let n = counter
        .bind_keys(update)
        .bind(i64::from(current.failures))
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(if n == 1 {
        Reserve::Reserved(next)
    } else {
        Reserve::Raced
    })
}

impl Store {
    /// Active users holding `role` (for a PD: in that PD), for notifications.
    pub async fn users_in_role(
        &self,
        role: padu_domain::Role,
        pd: Option<i64>,
    ) -> Result<Vec<i64>, StoreError> {
        sqlx::query("SELECT DISTINCT u.id FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.active = 1 AND m.role = $1 AND ($2 IS NULL OR m.pd_id = $2) ORDER BY u.id")
            .bind(role.as_str())
            .bind(pd)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }

    pub async fn create_user(&self, ctx: &AuditCtx, new: &NewUser) -> Result<User, StoreError> {
        validate_username(&new.username)?;
        validate_profile(&new.full_name, new.email.as_deref(), "id")?;
        validate_grants(&new.grants)?;
        let mut w = self.begin_write().await?;
        let at = ts(ctx.at);
        let r = sqlx::query("INSERT INTO users (username, full_name, email, password_hash, password_changed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5, $5) RETURNING id")
            .bind(&new.username)
            .bind(new.full_name.trim())
            .bind(new.email.as_deref().filter(|e| !e.is_empty()))
            .bind(&new.password_hash)
            .bind(&at)
            .fetch_one(&mut *w.tx)
            .await
            .map_err(conflict_on("username"))?;
        let id: i64 = r.try_get(0)?;
        write_grants(&mut w.tx, id, &new.grants, &at).await?;
        let mut created = user(
            &sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
                .bind(id)
                .fetch_one(&mut *w.tx)
                .await?,
        )?;
        created.grants = grants_of(&mut *w.tx, id).await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "user",
                entity_id: Some(id.to_string()),
                pd_id: None,
                before: None,
                after: Some(serde_json::to_value(&created).unwrap_or_default()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(created)
    }

    pub async fn get_user(&self, id: i64) -> Result<User, StoreError> {
        let r = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let mut u = user(&r.ok_or(StoreError::NotFound)?)?;
        u.grants = grants_of(&self.pool, id).await?;
        Ok(u)
    }

    /// The account and its password hash, for signing in.
    pub async fn user_for_login(
        &self,
        username: &str,
    ) -> Result<Option<(User, String)>, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = r else { return Ok(None) };
        let mut u = user(&r)?;
        let hash: String = r.try_get("password_hash")?;
        u.grants = grants_of(&self.pool, u.id).await?;
        Ok(Some((u, hash)))
    }

    pub async fn user_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }

    /// Accounts, optionally only those holding a role in `pd_id`.
    pub async fn list_users(
        &self,
        q: &ListQuery,
        pd_id: Option<i64>,
    ) -> Result<Page<User>, StoreError> {
        let cond = "($1 IS NULL OR LOWER(username || ' ' || full_name || ' ' || COALESCE(email, '')) LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR id IN (SELECT user_id FROM memberships WHERE pd_id = $2))";
        let like = q.like();
        let total: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM users WHERE {cond}"))
            .bind(&like)
            .bind(pd_id)
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let rows = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE {cond} ORDER BY username LIMIT $3 OFFSET $4"
        ))
        .bind(&like)
        .bind(pd_id)
        .bind(i64::from(q.limit()))
        .bind(q.offset())
        .fetch_all(&self.pool)
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut u = user(r)?;
            u.grants = grants_of(&self.pool, u.id).await?;
            items.push(u);
        }
        Ok(Page::new(items, total, q))
    }

    pub async fn update_user(
        &self,
        ctx: &AuditCtx,
        id: i64,
        up: &UserUpdate,
    ) -> Result<User, StoreError> {
        validate_profile(&up.full_name, up.email.as_deref(), &up.lang)?;
        let before = self.get_user(id).await?;
        let mut w = self.begin_write().await?;
        lock_admins(&mut w.tx).await?;
        let admins_before = active_admins(&mut w.tx).await?;
        sqlx::query("UPDATE users SET full_name = $1, email = $2, active = $3, lang = $4, updated_at = $5 WHERE id = $6")
            .bind(up.full_name.trim())
            .bind(up.email.as_deref().filter(|e| !e.is_empty()))
            .bind(i64::from(up.active))
            .bind(&up.lang)
            .bind(ts(ctx.at))
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        if !up.active {
            // A deactivated account is signed out everywhere at once.
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
        }
        keep_an_admin(&mut w.tx, admins_before, "active").await?;
        let mut after = user(
            &sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
                .bind(id)
                .fetch_one(&mut *w.tx)
                .await?,
        )?;
        after.grants = before.grants.clone();
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "update",
                entity: "user",
                entity_id: Some(id.to_string()),
                pd_id: None,
                before: Some(serde_json::to_value(&before).unwrap_or_default()),
                after: Some(serde_json::to_value(&after).unwrap_or_default()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Replaces a user's roles: a permission change, audited with before and after.
    pub async fn set_grants(
        &self,
        ctx: &AuditCtx,
        id: i64,
        grants: &[Grant],
    ) -> Result<User, StoreError> {
        validate_grants(grants)?;
        let before = self.get_user(id).await?;
        let mut w = self.begin_write().await?;
        lock_admins(&mut w.tx).await?;
        let admins_before = active_admins(&mut w.tx).await?;
        write_grants(&mut w.tx, id, grants, &ts(ctx.at)).await?;
        keep_an_admin(&mut w.tx, admins_before, "grants").await?;
        let after = grants_of(&mut *w.tx, id).await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "permission_change",
                entity: "user",
                entity_id: Some(id.to_string()),
                pd_id: None,
                before: Some(serde_json::json!({ "grants": before.grants })),
                after: Some(serde_json::json!({ "grants": after })),
            },
        )
        .await?;
        w.commit().await?;
        Ok(User {
            grants: after,
            ..before
        })
    }

    /// Sets a new password hash, clears any lockout and signs the user out everywhere.
    /// Sets the account's password and signs it out everywhere. `reset`: the Dinas set it, so
    /// the account must choose its own at its next sign-in (audited `password_reset`); otherwise
    /// the account chose it (`password_change`).
    pub async fn set_password(
        &self,
        ctx: &AuditCtx,
        id: i64,
        password_hash: &str,
        reset: bool,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_write().await?;
        let n = sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2, failed_logins = 0, locked_until = NULL, must_change_password = $4 WHERE id = $3")
            .bind(password_hash)
            .bind(ts(ctx.at))
            .bind(id)
            .bind(i64::from(reset))
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        for sql in [
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM login_throttle WHERE user_id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *w.tx).await?;
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: if reset {
                    "password_reset"
                } else {
                    "password_change"
                },
                entity: "user",
                entity_id: Some(id.to_string()),
                pd_id: None,
                before: None,
                after: None,
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// Reserves a sign-in attempt for `user_id` from `address` before its password is checked
    /// (`padu_domain::throttle::reserve`): it counts as a failure at once, on the account at
    /// this address and on the account as a whole, so parallel guesses cannot outrun the
    /// lockout. Returns the count at this address, or None while either throttle is locked
    /// (then the password must not be checked). [`Store::release_login`] clears it on success.
    pub async fn reserve_login(
        &self,
        user_id: i64,
        address: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Attempts>, StoreError> {
        // A lost compare-and-set means another attempt was counted first; count this one again.
        loop {
            let mut w = self.begin_write().await?;
            let at_address =
                match reserve_on(&mut w.tx, Counter::AtAddress { user_id, address }, now).await? {
                    Reserve::Reserved(a) => a,
                    Reserve::Locked => return Ok(None),
                    Reserve::Raced => continue,
                };
            match reserve_on(&mut w.tx, Counter::Account { user_id }, now).await? {
                Reserve::Reserved(_) => {}
                Reserve::Locked => return Ok(None),
                Reserve::Raced => continue,
            }
            w.commit().await?;
            return Ok(Some(at_address));
        }
    }

    /// The failures counted for `user_id` at `address` (zero when none).
    pub async fn login_attempts(
        &self,
        user_id: i64,
        address: &str,
    ) -> Result<Attempts, StoreError> {
        let row = sqlx::query(
            "SELECT failures, locked_until FROM login_throttle WHERE user_id = $1 AND address = $2",
        )
        .bind(user_id)
        .bind(address)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => attempts_of(&r),
            None => Ok(Attempts {
                failures: 0,
                locked_until: None,
            }),
        }
    }

    /// The password was right: the attempt reserved for it was no failure, and the account's
    /// counts start again. (The sign-in itself is audited by [`Store::record_login`].)
    pub async fn release_login(&self, user_id: i64, address: &str) -> Result<(), StoreError> {
        let mut w = self.begin_write().await?;
        sqlx::query("DELETE FROM login_throttle WHERE user_id = $1 AND address = $2")
            .bind(user_id)
            .bind(address)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(user_id)
            .execute(&mut *w.tx)
            .await?;
        w.commit().await?;
        Ok(())
    }

    /// Audits a refused sign-in with the failure count and lock it came to (the counting
    /// itself happened in [`Store::reserve_login`]).
    pub async fn record_login_failure(
        &self,
        ctx: &AuditCtx,
        user_id: Option<i64>,
        username: &str,
        failures: i64,
        locked_until: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_write().await?;
        let after = serde_json::json!({ "username": username, "failed_logins": failures, "locked_until": locked_until.map(ts) });
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "login_failed",
                entity: "user",
                entity_id: user_id.map(|i| i.to_string()),
                pd_id: None,
                before: None,
                after: Some(after),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// Records a successful sign-in and, for the browser, its session.
    pub async fn record_login(
        &self,
        ctx: &AuditCtx,
        user_id: i64,
        via: &str,
        session: Option<(&str, &str, DateTime<Utc>)>,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_write().await?;
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2").bind(ts(ctx.at)).bind(user_id).execute(&mut *w.tx).await?;
        if let Some((id_hash, csrf, expires)) = session {
            sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, ip) VALUES ($1, $2, $3, $4, $5, $4, $6)")
                .bind(id_hash)
                .bind(user_id)
                .bind(csrf)
                .bind(ts(ctx.at))
                .bind(ts(expires))
                .bind(&ctx.ip)
                .execute(&mut *w.tx)
                .await?;
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "login",
                entity: "user",
                entity_id: Some(user_id.to_string()),
                pd_id: None,
                before: None,
                after: Some(serde_json::json!({ "via": via })),
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// `padu admin reset`: makes `username` an active Admin Dinas (creating the account when
    /// it is missing) with a new password, clears its lockouts and signs it out everywhere;
    /// one audited change. Returns the account and whether it was created.
    pub async fn reset_admin(
        &self,
        ctx: &AuditCtx,
        username: &str,
        password_hash: &str,
    ) -> Result<(User, bool), StoreError> {
        validate_username(username)?;
        let mut w = self.begin_write().await?;
        let at = ts(ctx.at);
        let existing = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&mut *w.tx)
        .await?;
        let before = match existing {
            Some(r) => {
                let mut u = user(&r)?;
                u.grants = grants_of(&mut *w.tx, u.id).await?;
                Some(u)
            }
            None => None,
        };
        let id = match &before {
            Some(u) => {
                sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2, active = 1, failed_logins = 0, locked_until = NULL WHERE id = $3")
                    .bind(password_hash)
                    .bind(&at)
                    .bind(u.id)
                    .execute(&mut *w.tx)
                    .await?;
                u.id
            }
            None => sqlx::query("INSERT INTO users (username, full_name, password_hash, password_changed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4, $4) RETURNING id")
                .bind(username)
                .bind("Administrator Padu")
                .bind(password_hash)
                .bind(&at)
                .fetch_one(&mut *w.tx)
                .await?
                .try_get(0)?,
        };
        for sql in [
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM login_throttle WHERE user_id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *w.tx).await?;
        }
        let admin = Grant {
            role: Role::AdminDinas,
            pd: None,
        };
        let mut grants = before
            .as_ref()
            .map(|u| u.grants.clone())
            .unwrap_or_default();
        if !grants.contains(&admin) {
            grants.push(admin);
            write_grants(&mut w.tx, id, &grants, &at).await?;
        }
        let mut after = user(
            &sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
                .bind(id)
                .fetch_one(&mut *w.tx)
                .await?,
        )?;
        after.grants = grants_of(&mut *w.tx, id).await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "admin_reset",
                entity: "user",
                entity_id: Some(id.to_string()),
                pd_id: None,
                before: before
                    .as_ref()
                    .map(|u| serde_json::to_value(u).unwrap_or_default()),
                after: Some(serde_json::to_value(&after).unwrap_or_default()),
            },
        )
        .await?;
        w.commit().await?;
        Ok((after, before.is_none()))
    }

    pub async fn session(
        &self,
        id_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, StoreError> {
        let r =
            sqlx::query("SELECT user_id, csrf_token, expires_at FROM sessions WHERE id_hash = $1")
                .bind(id_hash)
                .fetch_optional(&self.pool)
                .await?;
        let Some(r) = r else { return Ok(None) };
        let expires_at = parse_ts(&r.try_get::<String, _>(2)?).unwrap_or(now);
        if expires_at <= now {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(id_hash)
                .execute(&self.pool)
                .await?;
            return Ok(None);
        }
        Ok(Some(Session {
            user_id: r.try_get(0)?,
            csrf_token: r.try_get(1)?,
            expires_at,
        }))
    }

    pub async fn logout(
        &self,
        ctx: &AuditCtx,
        id_hash: &str,
        user_id: i64,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&mut *w.tx)
            .await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "logout",
                entity: "user",
                entity_id: Some(user_id.to_string()),
                pd_id: None,
                before: None,
                after: None,
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    pub async fn create_token(
        &self,
        ctx: &AuditCtx,
        new: &NewToken,
    ) -> Result<ApiToken, StoreError> {
        if new.name.trim().is_empty() || new.name.len() > 100 {
            return Err(StoreError::invalid("name", "must be 1–100 characters"));
        }
        let mut w = self.begin_write().await?;
        let r = sqlx::query(&format!("INSERT INTO api_tokens (user_id, name, token_hash, prefix, role, pd_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {TOKEN_COLUMNS}"))
            .bind(new.user_id)
            .bind(new.name.trim())
            .bind(&new.token_hash)
            .bind(&new.prefix)
            .bind(new.role.as_str())
            .bind(new.pd_id)
            .bind(ts(ctx.at))
            .bind(new.expires_at.map(ts))
            .fetch_one(&mut *w.tx)
            .await
            .map_err(conflict_on("pd_id"))?;
        let t = token(&r)?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "api_token",
                entity_id: Some(t.id.to_string()),
                pd_id: t.pd_id,
                before: None,
                after: Some(serde_json::to_value(&t).unwrap_or_default()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(t)
    }

    pub async fn token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        r.map(|r| token(&r)).transpose()
    }

    pub async fn get_token(&self, id: i64) -> Result<ApiToken, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        token(&r.ok_or(StoreError::NotFound)?)
    }

    /// Tokens of one user, or of everyone when `user_id` is None; newest first.
    pub async fn list_tokens(
        &self,
        user_id: Option<i64>,
        q: &ListQuery,
    ) -> Result<Page<ApiToken>, StoreError> {
        // `q`: text in the token's name.
        let cond =
            "($1 IS NULL OR user_id = $1) AND ($2 IS NULL OR LOWER(name) LIKE $2 ESCAPE '\\')";
        let like = q.like();
        let total: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM api_tokens WHERE {cond}"))
            .bind(user_id)
            .bind(&like)
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let rows = sqlx::query(&format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE {cond} ORDER BY id DESC LIMIT $3 OFFSET $4"))
            .bind(user_id)
            .bind(&like)
            .bind(i64::from(q.limit()))
            .bind(q.offset())
            .fetch_all(&self.pool)
            .await?;
        Ok(Page::new(
            rows.iter().map(token).collect::<Result<_, _>>()?,
            total,
            q,
        ))
    }

    /// Revokes a token; it stops working at once.
    pub async fn revoke_token(&self, ctx: &AuditCtx, id: i64) -> Result<ApiToken, StoreError> {
        let before = self.get_token(id).await?;
        if before.revoked_at.is_some() {
            return Ok(before);
        }
        let mut w = self.begin_write().await?;
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
            .bind(ts(ctx.at))
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let after = ApiToken {
            revoked_at: Some(ts(ctx.at)),
            ..before.clone()
        };
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "revoke",
                entity: "api_token",
                entity_id: Some(id.to_string()),
                pd_id: before.pd_id,
                before: Some(serde_json::to_value(&before).unwrap_or_default()),
                after: Some(serde_json::to_value(&after).unwrap_or_default()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Notes when a token was last used (not audited: reads are not changes).
    pub async fn touch_token(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(ts(at))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

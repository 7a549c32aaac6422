//! Padu's storage: one [`Store`] over SQLite (embedded default) or PostgreSQL (scale-out),
//! chosen by the database URL at run time.
//!
//! Invariants (ARCHITECTURE.md): only this crate knows SQL. Every mutation writes its audit
//! entry in the same transaction as the change, so no change can skip the audit log. SQL is
//! written once in the dialect both engines accept (`$1` parameters, BIGINT, TEXT timestamps
//! in RFC 3339 UTC); the few differences live in `migrate.rs` and `backup.rs`.
#![forbid(unsafe_code)]

pub mod agendas;
pub mod architecture;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod catalog;
pub mod complaints;
pub mod data_terbuka;
pub mod datasets;
pub mod evaluasi;
pub mod follow_ups;
pub mod gsb;
pub mod gsb_trust;
pub mod infrastructure;
pub mod lan;
pub mod manajemen;
pub mod migrate;
pub mod notify;
pub mod org;
pub mod page;
pub mod planning;
pub mod policies;
pub mod registers;
pub mod requests;
pub mod search;
pub mod seed;
pub mod sites;
pub mod testing;
pub mod tickets;
pub mod users;
pub mod websites;

pub use page::{ListQuery, Page};

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A value that must be unique is taken, or a referenced record is missing.
    #[error("{field}: {message}")]
    Conflict { field: String, message: String },
    /// Input that the store cannot accept.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("database: {0}")]
    Db(sqlx::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A foreign-key violation (SQLite's SQLITE_CONSTRAINT_FOREIGNKEY, PostgreSQL's 23503) is a
/// conflict between records, never an internal error. Deletes name the records in use before
/// they try (`Store::references_to`); this is the one place every other statement's
/// violation, on either engine, becomes a 409.
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e.as_database_error() {
            Some(db) if db.is_foreign_key_violation() => StoreError::conflict(
                "id",
                "refers to a record that does not exist, or is still in use by another record",
            ),
            _ => StoreError::Db(e),
        }
    }
}

impl StoreError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        StoreError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        StoreError::Conflict {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Maps a unique or foreign-key violation onto a [`StoreError::Conflict`] naming `field`.
pub(crate) fn conflict_on(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match e.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::conflict(field, "is already taken"),
        Some(db) if db.is_foreign_key_violation() => {
            StoreError::conflict(field, "refers to a record that does not exist")
        }
        _ => StoreError::Db(e),
    }
}

/// The longest free text (a complaint, a reply, a note) anyone may send.
pub const MAX_TEXT: usize = 10_000;

/// Checks a required text field: not blank, at most `max` characters. Shared by every form
/// and API body that carries free text, so the web layer and the store agree.
/// Column `i` of a row as a classification (stored as its `as_str` spelling).
pub(crate) fn classification_at(
    r: &sqlx::any::AnyRow,
    i: usize,
) -> Result<padu_domain::Classification, StoreError> {
    use sqlx::Row;
    let c: String = r.try_get(i)?;
    c.parse()
        .map_err(|m: String| StoreError::invalid("classification", m))
}

pub fn check_text(field: &str, value: &str, max: usize) -> Result<(), StoreError> {
    if value.trim().is_empty() {
        return Err(StoreError::invalid(field, "must not be empty"));
    }
    check_len(field, value, max)
}

/// Checks an optional text field's length.
pub fn check_len(field: &str, value: &str, max: usize) -> Result<(), StoreError> {
    if value.chars().count() > max {
        return Err(StoreError::invalid(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(())
}

/// Who made a change, when and from where: written into the audit entry of the change.
#[derive(Debug, Clone)]
pub struct AuditCtx {
    pub actor_user_id: Option<i64>,
    pub actor_label: String,
    pub ip: Option<String>,
    pub at: DateTime<Utc>,
}

impl AuditCtx {
    /// A change made by Padu itself (first start, demo import, restore).
    pub fn system(at: DateTime<Utc>) -> Self {
        AuditCtx {
            actor_user_id: None,
            actor_label: "system".into(),
            ip: None,
            at,
        }
    }
}

/// RFC 3339 UTC with microseconds: sorts as text, identical on both engines.
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    pub(crate) engine: Engine,
    /// Serialises writers inside one process: SQLite has one writer at a time anyway, and
    /// waiting here beats SQLITE_BUSY. Across processes (PostgreSQL) the audit head row lock
    /// serialises the audit chain.
    pub(crate) write_lock: Arc<tokio::sync::Mutex<()>>,
    /// The PostgreSQL address, for the queryable store's own `COPY` connections.
    pub(crate) url: Option<Arc<str>>,
    pub(crate) pg: Arc<tokio::sync::OnceCell<sqlx::PgPool>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("engine", &self.engine)
            .finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `url`: `sqlite:///path/padu.db` or
    /// `postgres://user:pass@host/db`. Does not migrate; call [`Store::migrate`].
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            return Err(StoreError::invalid(
                "database_url",
                "must start with sqlite: or postgres://",
            ));
        };
        let postgres_url = (engine == Engine::Postgres).then(|| Arc::<str>::from(url));
        let url = match engine {
            Engine::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if engine == Engine::Sqlite { 8 } else { 16 })
            .min_connections(0)
            .acquire_timeout(Duration::from_secs(10))
            // A pooled SQLite connection is a file handle in this process and cannot go stale;
            // pinging it before each use only adds a round trip to its worker thread.
            .test_before_acquire(engine == Engine::Postgres)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    match engine {
                        // A checkpoint every 64 MB of WAL rather than SQLite's 4 MB: under the
                        // service bus's log (about 25 MB/s) the default checkpointed, with an
                        // fsync, several times a second (bench/gsb.sh).
                        Engine::Sqlite => {
                            conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 16384;").await?;
                        }
                        // Statements are prepared once per connection. After five runs
                        // PostgreSQL may switch to a generic plan that ignores the bound
                        // values, and a word search planned for "0.5% of rows" then sorts a
                        // quarter of a million matches for a common word (800 ms measured
                        // against 0.2 ms). Our selectivity lives in the values: plan each run.
                        Engine::Postgres => {
                            conn.execute("SET plan_cache_mode = force_custom_plan").await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store {
            pool,
            engine,
            write_lock: Arc::new(tokio::sync::Mutex::new(())),
            url: postgres_url,
            pg: Arc::new(tokio::sync::OnceCell::new()),
        })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub async fn close(&self) {
        if let Some(pg) = self.pg.get() {
            pg.close().await;
        }
        self.pool.close().await;
    }

    /// A pool of PostgreSQL's own connections, for `COPY`, which the engine-neutral pool
    /// cannot speak (the open-data datastore's uploads, the message log's index); opened on
    /// first use, at most three connections: a datastore builds its indexes on two at once,
    /// and the message log's indexer need not wait for it.
    pub(crate) async fn pg_pool(&self) -> Result<sqlx::PgPool, StoreError> {
        let url = self
            .url
            .as_deref()
            .ok_or_else(|| StoreError::Io(std::io::Error::other("COPY needs PostgreSQL")))?;
        let pool = self
            .pg
            .get_or_try_init(|| async {
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(3)
                    .min_connections(0)
                    .connect_lazy(url)
            })
            .await?;
        Ok(pool.clone())
    }

    /// Cheap liveness check for /healthz.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Begins a write transaction, holding the in-process writer lock until it ends.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx, StoreError> {
        let guard = self.write_lock.clone().lock_owned().await;
        let tx = self.pool.begin().await?;
        Ok(WriteTx { tx, _guard: guard })
    }
}

pub(crate) struct WriteTx {
    pub(crate) tx: sqlx::Transaction<'static, sqlx::Any>,
    _guard: tokio::sync::OwnedMutexGuard<()>,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Runs SQL as given. For tests and operator tooling only; the application never builds SQL
    /// from input.
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query(sql).execute(&self.pool).await?.rows_affected())
    }
}

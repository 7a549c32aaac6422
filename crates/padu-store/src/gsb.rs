//! The service bus registry (members, subsystems, services, access rights, client tokens)
//! and its message log (records in chain order, signed batches). Registry changes are audited;
//! the message log is its own evidence and is not copied into the audit log.

use crate::audit::{append, Change};
use crate::{check_text, conflict_on, ts, AuditCtx, Store, StoreError};
use padu_domain::gsb::{check_part, ClientId, Endpoint};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Member {
    pub id: i64,
    pub instance: String,
    pub member_class: String,
    pub member_code: String,
    pub name: String,
    /// The PD this member is, when it is one of this Pemda's.
    pub pd_id: Option<i64>,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Subsystem {
    pub id: i64,
    pub member_id: i64,
    pub code: String,
    pub name: String,
    /// Requests per second this client may send through the gateway.
    pub rate_per_second: i64,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[schema(as = GsbService)]
pub struct Service {
    pub id: i64,
    pub subsystem_id: i64,
    pub code: String,
    pub version: String,
    pub title: String,
    pub base_url: String,
    /// `aktif` or `nonaktif`.
    pub status: String,
    pub timeout_ms: i64,
    pub max_body_bytes: i64,
    /// Keep request and response bodies in the message log (up to `log_body_limit` bytes).
    pub log_bodies: bool,
    pub log_body_limit: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openapi: Option<String>,
    pub openapi_url: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Whether the Dinas has cleared it to serve, where the region requires that (Bogor Pasal
    /// 23(4)c); a service that is not cleared is not called.
    pub cleared: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct AccessRight {
    pub id: i64,
    pub service_id: i64,
    pub client_subsystem_id: i64,
    pub method: String,
    pub path: String,
    pub granted_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct GsbToken {
    pub id: i64,
    pub subsystem_id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// What a new member is.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewMember {
    pub instance: String,
    pub member_class: String,
    pub member_code: String,
    pub name: String,
    pub pd_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewSubsystem {
    pub code: String,
    pub name: String,
    pub rate_per_second: Option<i64>,
}

/// A service as created or updated (every field but the code may change).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[schema(as = GsbServiceInput)]
pub struct ServiceInput {
    pub code: String,
    #[serde(default)]
    pub version: String,
    pub title: String,
    pub base_url: String,
    #[serde(default = "default_status")]
    pub status: String,
    pub timeout_ms: Option<i64>,
    pub max_body_bytes: Option<i64>,
    #[serde(default)]
    pub log_bodies: bool,
    pub log_body_limit: Option<i64>,
    pub openapi: Option<String>,
    pub openapi_url: Option<String>,
}

fn default_status() -> String {
    "aktif".into()
}

/// Default and bounds of a service's settings.
pub const DEFAULT_TIMEOUT_MS: i64 = 30_000;
pub const DEFAULT_MAX_BODY: i64 = 100 * 1024 * 1024;
pub const DEFAULT_BODY_LOG_LIMIT: i64 = 64 * 1024;
pub const DEFAULT_RATE: i64 = 1_000;
const MAX_OPENAPI: usize = 2 * 1024 * 1024;

impl ServiceInput {
    fn validate(&self) -> Result<(), StoreError> {
        check_part("code", &self.code).map_err(|e| StoreError::invalid(e.field, e.message))?;
        check_text("title", &self.title, 200)?;
        if self.version.chars().count() > 50 {
            return Err(StoreError::invalid("version", "at most 50 characters"));
        }
        check_base_url("base_url", &self.base_url)?;
        if let Some(u) = &self.openapi_url {
            check_base_url("openapi_url", u)?;
        }
        if !["aktif", "nonaktif"].contains(&self.status.as_str()) {
            return Err(StoreError::invalid("status", "must be aktif or nonaktif"));
        }
        if let Some(t) = self.timeout_ms {
            if !(100..=600_000).contains(&t) {
                return Err(StoreError::invalid("timeout_ms", "must be 100–600000"));
            }
        }
        if let Some(m) = self.max_body_bytes {
            if !(1..=10 * 1024 * 1024 * 1024).contains(&m) {
                return Err(StoreError::invalid(
                    "max_body_bytes",
                    "must be 1 byte–10 GiB",
                ));
            }
        }
        if let Some(l) = self.log_body_limit {
            if !(0..=16 * 1024 * 1024).contains(&l) {
                return Err(StoreError::invalid("log_body_limit", "must be 0–16 MiB"));
            }
        }
        if self.openapi.as_ref().is_some_and(|o| o.len() > MAX_OPENAPI) {
            return Err(StoreError::invalid("openapi", "at most 2 MiB"));
        }
        Ok(())
    }
}

/// A provider URL: http or https, with a host, no credentials, query or fragment.
pub fn check_base_url(field: &str, url: &str) -> Result<(), StoreError> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(|| StoreError::invalid(field, "must start with http:// or https://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains('@') {
        return Err(StoreError::invalid(
            field,
            "must name a host, without credentials",
        ));
    }
    if url.contains('?') || url.contains('#') || url.chars().any(|c| c.is_whitespace()) {
        return Err(StoreError::invalid(
            field,
            "must not have a query, fragment or spaces",
        ));
    }
    if url.len() > 500 {
        return Err(StoreError::invalid(field, "at most 500 characters"));
    }
    Ok(())
}

fn id_part(field: &'static str, v: &str) -> Result<(), StoreError> {
    check_part(field, v).map_err(|e| StoreError::invalid(e.field, e.message))
}

const MEMBER_COLUMNS: &str = "id, instance, member_class, member_code, name, pd_id, created_at";
const SUBSYSTEM_COLUMNS: &str = "id, member_id, code, name, rate_per_second, created_at";
const SERVICE_COLUMNS: &str = "id, subsystem_id, code, version, title, base_url, status, timeout_ms, max_body_bytes, log_bodies, log_body_limit, openapi, openapi_url, created_at, updated_at, cleared";
const ACCESS_COLUMNS: &str = "id, service_id, client_subsystem_id, method, path, granted_at";
const TOKEN_COLUMNS: &str = "id, subsystem_id, name, prefix, created_at, revoked_at";

fn member(r: &AnyRow) -> Result<Member, StoreError> {
    Ok(Member {
        id: r.try_get(0)?,
        instance: r.try_get(1)?,
        member_class: r.try_get(2)?,
        member_code: r.try_get(3)?,
        name: r.try_get(4)?,
        pd_id: r.try_get(5)?,
        created_at: r.try_get(6)?,
    })
}

fn subsystem(r: &AnyRow) -> Result<Subsystem, StoreError> {
    Ok(Subsystem {
        id: r.try_get(0)?,
        member_id: r.try_get(1)?,
        code: r.try_get(2)?,
        name: r.try_get(3)?,
        rate_per_second: r.try_get(4)?,
        created_at: r.try_get(5)?,
    })
}

fn service(r: &AnyRow) -> Result<Service, StoreError> {
    Ok(Service {
        id: r.try_get(0)?,
        subsystem_id: r.try_get(1)?,
        code: r.try_get(2)?,
        version: r.try_get(3)?,
        title: r.try_get(4)?,
        base_url: r.try_get(5)?,
        status: r.try_get(6)?,
        timeout_ms: r.try_get(7)?,
        max_body_bytes: r.try_get(8)?,
        log_bodies: r.try_get::<i64, _>(9)? != 0,
        log_body_limit: r.try_get(10)?,
        openapi: r.try_get(11)?,
        openapi_url: r.try_get(12)?,
        created_at: r.try_get(13)?,
        updated_at: r.try_get(14)?,
        cleared: r.try_get::<i64, _>(15)? != 0,
    })
}

fn access(r: &AnyRow) -> Result<AccessRight, StoreError> {
    Ok(AccessRight {
        id: r.try_get(0)?,
        service_id: r.try_get(1)?,
        client_subsystem_id: r.try_get(2)?,
        method: r.try_get(3)?,
        path: r.try_get(4)?,
        granted_at: r.try_get(5)?,
    })
}

fn gsb_token(r: &AnyRow) -> Result<GsbToken, StoreError> {
    Ok(GsbToken {
        id: r.try_get(0)?,
        subsystem_id: r.try_get(1)?,
        name: r.try_get(2)?,
        prefix: r.try_get(3)?,
        created_at: r.try_get(4)?,
        revoked_at: r.try_get(5)?,
    })
}

/// The whole registry at one moment: what the gateway answers from, in memory.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Registry {
    pub members: Vec<Member>,
    pub subsystems: Vec<Subsystem>,
    pub services: Vec<Service>,
    pub access: Vec<AccessRight>,
    /// Live (unrevoked) client tokens: SHA-256 of the secret → subsystem id.
    #[serde(skip)]
    pub tokens: std::collections::HashMap<String, i64>,
    /// Unrevoked client certificates: SHA-256 of the DER → subsystem id.
    #[serde(skip)]
    pub certificates: std::collections::HashMap<String, i64>,
    /// Instances this one trusts.
    pub federation: Vec<crate::gsb_trust::Federation>,
    /// Maps over the lists above, made at the first lookup (the lists must not change after).
    #[serde(skip)]
    lookup: std::sync::OnceLock<Lookup>,
}

type ByCode = HashMap<String, usize>;

/// Where each thing the gateway looks up on every exchange sits in the registry's lists, so
/// that an exchange costs a few hash lookups however large the region's registry grows
/// (hundreds of subsystems, thousands of access rights), not scans of the lists.
#[derive(Debug, Clone, Default)]
struct Lookup {
    member_at: HashMap<i64, usize>,
    subsystem_at: HashMap<i64, usize>,
    /// instance → member class → member code → member id.
    member_named: HashMap<String, HashMap<String, HashMap<String, i64>>>,
    /// member id → subsystem code → place in `subsystems`.
    subsystem_coded: HashMap<i64, ByCode>,
    /// subsystem id → service code → place in `services`.
    service_coded: HashMap<i64, ByCode>,
    /// (service id, client subsystem id) → places in `access`.
    grants: HashMap<(i64, i64), Vec<usize>>,
}

impl Lookup {
    fn of(r: &Registry) -> Lookup {
        let mut l = Lookup::default();
        for (at, m) in r.members.iter().enumerate() {
            l.member_at.insert(m.id, at);
            l.member_named
                .entry(m.instance.clone())
                .or_default()
                .entry(m.member_class.clone())
                .or_default()
                .insert(m.member_code.clone(), m.id);
        }
        for (at, s) in r.subsystems.iter().enumerate() {
            l.subsystem_at.insert(s.id, at);
            l.subsystem_coded
                .entry(s.member_id)
                .or_default()
                .insert(s.code.clone(), at);
        }
        for (at, s) in r.services.iter().enumerate() {
            l.service_coded
                .entry(s.subsystem_id)
                .or_default()
                .insert(s.code.clone(), at);
        }
        for (at, a) in r.access.iter().enumerate() {
            l.grants
                .entry((a.service_id, a.client_subsystem_id))
                .or_default()
                .push(at);
        }
        l
    }
}

impl Registry {
    fn lookup(&self) -> &Lookup {
        self.lookup.get_or_init(|| Lookup::of(self))
    }

    /// The subsystem with this database id.
    pub fn subsystem(&self, subsystem_id: i64) -> Option<&Subsystem> {
        let at = *self.lookup().subsystem_at.get(&subsystem_id)?;
        self.subsystems.get(at)
    }

    fn member(&self, member_id: i64) -> Option<&Member> {
        let at = *self.lookup().member_at.get(&member_id)?;
        self.members.get(at)
    }

    /// The identifier of a subsystem.
    pub fn client_id(&self, subsystem_id: i64) -> Option<ClientId> {
        let s = self.subsystem(subsystem_id)?;
        let m = self.member(s.member_id)?;
        Some(ClientId {
            instance: m.instance.clone(),
            member_class: m.member_class.clone(),
            member_code: m.member_code.clone(),
            subsystem: Some(s.code.clone()),
        })
    }

    /// Whether `id` names the subsystem with this database id (`client_id`, without making
    /// one).
    pub fn names(&self, subsystem_id: i64, id: &ClientId) -> bool {
        self.subsystem_of(id).is_some_and(|s| s.id == subsystem_id)
    }

    /// The subsystem with this identifier.
    pub fn subsystem_of(&self, id: &ClientId) -> Option<&Subsystem> {
        let code = id.subsystem.as_deref()?;
        let lookup = self.lookup();
        let member = lookup
            .member_named
            .get(&id.instance)?
            .get(&id.member_class)?
            .get(&id.member_code)?;
        let at = *lookup.subsystem_coded.get(member)?.get(code)?;
        self.subsystems.get(at)
    }

    /// The service of this code that a subsystem provides.
    pub fn service(&self, subsystem_id: i64, code: &str) -> Option<&Service> {
        let at = *self.lookup().service_coded.get(&subsystem_id)?.get(code)?;
        self.services.get(at)
    }

    /// The access rights `client_subsystem_id` holds on `service_id`.
    fn grants(
        &self,
        service_id: i64,
        client_subsystem_id: i64,
    ) -> impl Iterator<Item = &AccessRight> {
        self.lookup()
            .grants
            .get(&(service_id, client_subsystem_id))
            .into_iter()
            .flatten()
            .filter_map(|at| self.access.get(*at))
    }

    /// Whether `client` may call `method` on `path` (no query) of `service`.
    pub fn may_call(
        &self,
        service_id: i64,
        client_subsystem_id: i64,
        method: &str,
        path: &str,
    ) -> bool {
        self.grants(service_id, client_subsystem_id)
            .any(|a| padu_domain::gsb::grant_allows(&a.method, &a.path, method, path))
    }

    /// The endpoints `client` may call on `service`.
    pub fn endpoints(&self, service_id: i64, client_subsystem_id: i64) -> Vec<Endpoint> {
        self.grants(service_id, client_subsystem_id)
            .map(|a| Endpoint {
                method: a.method.clone(),
                path: a.path.clone(),
            })
            .collect()
    }
}

/// An exchange as the gateway saw it, before the logger numbers and chains it.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub x_road_id: String,
    /// Canonical JSON of the record (the leaf's bytes): its time, client, service, status
    /// and the rest.
    pub record: String,
    pub request_body: Option<Vec<u8>>,
    pub response_body: Option<Vec<u8>>,
}

/// A record as the log writer commits it: its number, the record, its leaf and chain hashes.
pub type Numbered<'a> = (i64, &'a NewMessage, &'a str, &'a str);

/// A stored record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageRow {
    pub id: i64,
    pub x_road_id: String,
    pub record: String,
    pub leaf: String,
    pub chain: String,
}

/// A closed batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Batch {
    pub id: i64,
    pub first_record: i64,
    pub last_record: i64,
    pub root: String,
    pub chain_head: String,
    pub closed_at: String,
    pub statement: String,
    /// Base64 of the 64-byte Ed25519 signature over `statement`.
    pub signature: String,
    pub key_fingerprint: String,
}

pub(crate) const BATCH_COLUMNS: &str = "id, first_record, last_record, root, chain_head, closed_at, statement, signature, key_fingerprint";

pub(crate) fn batch(r: &AnyRow) -> Result<Batch, StoreError> {
    Ok(Batch {
        id: r.try_get(0)?,
        first_record: r.try_get(1)?,
        last_record: r.try_get(2)?,
        root: r.try_get(3)?,
        chain_head: r.try_get(4)?,
        closed_at: r.try_get(5)?,
        statement: r.try_get(6)?,
        signature: r.try_get(7)?,
        key_fingerprint: r.try_get(8)?,
    })
}

/// The most message-log records one INSERT carries: each statement is a round trip to the
/// connection (7 parameters a record; SQLite takes 32,766 parameters to a statement,
/// PostgreSQL 65,535).
const ROWS_PER_STATEMENT: usize = 128;
/// The columns a message-log record is written to, by INSERT and by COPY alike.
/// (A record's time, client, service and status are in its record.)
const MESSAGE_COLUMNS: &str = "id, x_road_id, record, leaf, chain, request_body, response_body";
/// The INSERT sizes used: powers of two up to `ROWS_PER_STATEMENT`, so a group of any size
/// is written with a few statements that every connection keeps prepared.
const STATEMENT_SIZES: usize = ROWS_PER_STATEMENT.trailing_zeros() as usize + 1;

/// The INSERT for `rows` message-log records (a power of two up to ROWS_PER_STATEMENT), built
/// once per size and engine. SQLite gets anonymous `?` parameters: it finds a named one
/// (`$n`) by walking the list of names, which sqlx does for every parameter it binds, so a
/// statement of many `$n` costs the square of their number.
fn insert_messages_sql(engine: crate::Engine, rows: usize) -> &'static str {
    type Sizes = std::sync::OnceLock<Vec<String>>;
    static SQLITE: Sizes = Sizes::new();
    static NUMBERED: Sizes = Sizes::new();
    let (cell, anonymous) = match engine {
        crate::Engine::Sqlite => (&SQLITE, true),
        crate::Engine::Postgres => (&NUMBERED, false),
    };
    let all = cell.get_or_init(|| {
        let columns = MESSAGE_COLUMNS.split(',').count();
        (0..STATEMENT_SIZES)
            .map(|power| {
                let values = (0..1usize << power)
                    .map(|r| {
                        let params = (1..=columns)
                            .map(|c| {
                                if anonymous {
                                    "?".to_string()
                                } else {
                                    format!("${}", r * columns + c)
                                }
                            })
                            .collect::<Vec<_>>()
                            .join(", ");
                        format!("({params})")
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("INSERT INTO gsb_messages ({MESSAGE_COLUMNS}) VALUES {values}")
            })
            .collect()
    });
    &all[rows.trailing_zeros() as usize]
}

/// `rows` cut into statements: as many of the largest size as fit, then the rest by the
/// powers of two its size is made of.
fn statement_chunks<T>(mut rows: &[T]) -> impl Iterator<Item = &[T]> {
    std::iter::from_fn(move || {
        if rows.is_empty() {
            return None;
        }
        let size = if rows.len() >= ROWS_PER_STATEMENT {
            ROWS_PER_STATEMENT
        } else {
            1 << (usize::BITS - 1 - rows.len().leading_zeros())
        };
        let (chunk, rest) = rows.split_at(size);
        rows = rest;
        Some(chunk)
    })
}

/// One record as a line of `COPY`'s text format: tab-separated, `\N` for no body, bodies as
/// `bytea` hex.
fn copy_message_line(out: &mut Vec<u8>, (id, m, leaf, chain): &Numbered<'_>) {
    use std::io::Write;
    let _ = write!(out, "{id}\t");
    copy_text(out, &m.x_road_id);
    out.push(b'\t');
    copy_text(out, &m.record);
    out.push(b'\t');
    copy_text(out, leaf);
    out.push(b'\t');
    copy_text(out, chain);
    for body in [&m.request_body, &m.response_body] {
        out.push(b'\t');
        match body {
            // `\x` and the hex digits; the backslash doubled, as COPY reads it.
            Some(bytes) => {
                out.extend_from_slice(b"\\\\x");
                out.extend_from_slice(padu_domain::gsb::to_hex(bytes).as_bytes());
            }
            None => out.extend_from_slice(b"\\N"),
        }
    }
    out.push(b'\n');
}

/// A value in `COPY`'s text format: the backslash and the characters that end a column or a
/// line are escaped, the rest is as it is.
fn copy_text(out: &mut Vec<u8>, text: &str) {
    let mut rest = text.as_bytes();
    while let Some(at) = rest
        .iter()
        .position(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
    {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(match rest[at] {
            b'\\' => &b"\\\\"[..],
            b'\t' => &b"\\t"[..],
            b'\n' => &b"\\n"[..],
            _ => &b"\\r"[..],
        });
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
}

/// Binds a chunk of message-log records to a multi-row INSERT.
fn bind_messages<'q>(
    sql: &'q str,
    chunk: &'q [Numbered<'q>],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut q = sqlx::query(sql);
    // Bound as `&str`: the driver borrows it, where a `&String` is copied first (and the
    // SQLite driver copies once more for its worker thread).
    for (id, m, leaf, chain) in chunk {
        q = q
            .bind(*id)
            .bind(m.x_road_id.as_str())
            .bind(m.record.as_str())
            .bind(*leaf)
            .bind(*chain)
            .bind(m.request_body.as_deref())
            .bind(m.response_body.as_deref());
    }
    q
}

fn message_row(r: &AnyRow) -> Result<MessageRow, StoreError> {
    Ok(MessageRow {
        id: r.try_get(0)?,
        x_road_id: r.try_get(1)?,
        record: r.try_get(2)?,
        leaf: r.try_get(3)?,
        chain: r.try_get(4)?,
    })
}

/// A registry row, known by its id.
pub(crate) trait Keyed {
    fn id(&self) -> i64;
}

macro_rules! keyed {
    ($($t:ty),*) => { $(impl Keyed for $t { fn id(&self) -> i64 { self.id } })* };
}
keyed!(Member, Subsystem, Service, AccessRight, GsbToken);
keyed!(crate::gsb_trust::Certificate, crate::gsb_trust::Federation);

/// What a registry change's audit entry keeps of its row.
pub(crate) enum Kept<'a, T> {
    /// The row as it is now (created, revoked).
    Now,
    /// The row before the change, and as it is now (updated).
    BeforeAndNow(&'a T),
    /// The row as it was (deleted).
    Gone,
}

impl Store {
    /// One audited registry change: runs `query` (which ends `RETURNING` the row) in a write
    /// transaction, appends the audit entry in the same transaction, and commits. No row is
    /// `NotFound`; a unique or foreign-key violation is a conflict on `field`.
    pub(crate) async fn audited_change<'q, T: Serialize + Keyed>(
        &self,
        ctx: &AuditCtx,
        (action, entity): (&str, &str),
        field: &'static str,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        decode: fn(&AnyRow) -> Result<T, StoreError>,
        kept: Kept<'_, T>,
    ) -> Result<T, StoreError> {
        let mut w = self.begin_write().await?;
        let r = query
            .fetch_optional(&mut *w.tx)
            .await
            .map_err(conflict_on(field))?
            .ok_or(StoreError::NotFound)?;
        let row = decode(&r)?;
        let (before, after) = match kept {
            Kept::Now => (None, Some(&row)),
            Kept::BeforeAndNow(before) => (Some(before), Some(&row)),
            Kept::Gone => (Some(&row), None),
        };
        append(
            &mut w.tx,
            ctx,
            Change {
                action,
                entity,
                entity_id: Some(row.id().to_string()),
                pd_id: None,
                before: before.map(|b| serde_json::to_value(b).unwrap_or_default()),
                after: after.map(|a| serde_json::to_value(a).unwrap_or_default()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(row)
    }
}

impl Store {
    pub async fn create_member(&self, ctx: &AuditCtx, m: &NewMember) -> Result<Member, StoreError> {
        id_part("instance", &m.instance)?;
        id_part("member_class", &m.member_class)?;
        id_part("member_code", &m.member_code)?;
        check_text("name", &m.name, 200)?;
        let sql = format!("INSERT INTO gsb_members (instance, member_class, member_code, name, pd_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {MEMBER_COLUMNS}");
        let query = sqlx::query(&sql)
            .bind(&m.instance)
            .bind(&m.member_class)
            .bind(&m.member_code)
            .bind(m.name.trim())
            .bind(m.pd_id)
            .bind(ts(ctx.at));
        self.audited_change(
            ctx,
            ("create", "gsb_member"),
            "member_code",
            query,
            member,
            Kept::Now,
        )
        .await
    }

    pub async fn create_subsystem(
        &self,
        ctx: &AuditCtx,
        member_id: i64,
        s: &NewSubsystem,
    ) -> Result<Subsystem, StoreError> {
        id_part("code", &s.code)?;
        check_text("name", &s.name, 200)?;
        let rate = s.rate_per_second.unwrap_or(DEFAULT_RATE);
        if !(1..=1_000_000).contains(&rate) {
            return Err(StoreError::invalid("rate_per_second", "must be 1–1000000"));
        }
        let sql = format!("INSERT INTO gsb_subsystems (member_id, code, name, rate_per_second, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING {SUBSYSTEM_COLUMNS}");
        let query = sqlx::query(&sql)
            .bind(member_id)
            .bind(&s.code)
            .bind(s.name.trim())
            .bind(rate)
            .bind(ts(ctx.at));
        self.audited_change(
            ctx,
            ("create", "gsb_subsystem"),
            "code",
            query,
            subsystem,
            Kept::Now,
        )
        .await
    }

    pub async fn create_service(
        &self,
        ctx: &AuditCtx,
        subsystem_id: i64,
        s: &ServiceInput,
        cleared: bool,
    ) -> Result<Service, StoreError> {
        s.validate()?;
        let sql = format!("INSERT INTO gsb_services (subsystem_id, code, version, title, base_url, status, timeout_ms, max_body_bytes, log_bodies, log_body_limit, openapi, openapi_url, created_at, updated_at, cleared) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) RETURNING {SERVICE_COLUMNS}");
        let query = sqlx::query(&sql)
            .bind(subsystem_id)
            .bind(&s.code)
            .bind(s.version.trim())
            .bind(s.title.trim())
            .bind(s.base_url.trim_end_matches('/'))
            .bind(&s.status)
            .bind(s.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS))
            .bind(s.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY))
            .bind(i64::from(s.log_bodies))
            .bind(s.log_body_limit.unwrap_or(DEFAULT_BODY_LOG_LIMIT))
            .bind(&s.openapi)
            .bind(&s.openapi_url)
            .bind(ts(ctx.at))
            .bind(i64::from(cleared));
        self.audited_change(
            ctx,
            ("create", "gsb_service"),
            "code",
            query,
            service,
            Kept::Now,
        )
        .await
    }

    pub async fn update_service(
        &self,
        ctx: &AuditCtx,
        id: i64,
        s: &ServiceInput,
    ) -> Result<Service, StoreError> {
        s.validate()?;
        let before = self.get_service(id).await?;
        if before.code != s.code {
            return Err(StoreError::invalid(
                "code",
                "a service's code never changes",
            ));
        }
        let sql = format!("UPDATE gsb_services SET version = $1, title = $2, base_url = $3, status = $4, timeout_ms = $5, max_body_bytes = $6, log_bodies = $7, log_body_limit = $8, openapi = $9, openapi_url = $10, updated_at = $11 WHERE id = $12 RETURNING {SERVICE_COLUMNS}");
        let query = sqlx::query(&sql)
            .bind(s.version.trim())
            .bind(s.title.trim())
            .bind(s.base_url.trim_end_matches('/'))
            .bind(&s.status)
            .bind(s.timeout_ms.unwrap_or(before.timeout_ms))
            .bind(s.max_body_bytes.unwrap_or(before.max_body_bytes))
            .bind(i64::from(s.log_bodies))
            .bind(s.log_body_limit.unwrap_or(before.log_body_limit))
            .bind(s.openapi.as_ref().or(before.openapi.as_ref()))
            .bind(&s.openapi_url)
            .bind(ts(ctx.at))
            .bind(id);
        self.audited_change(
            ctx,
            ("update", "gsb_service"),
            "id",
            query,
            service,
            Kept::BeforeAndNow(&before),
        )
        .await
    }

    /// The Dinas clears a service to serve (Bogor Pasal 23(4)c), audited.
    pub async fn clear_service(&self, ctx: &AuditCtx, id: i64) -> Result<Service, StoreError> {
        let before = self.get_service(id).await?;
        let sql = format!(
            "UPDATE gsb_services SET cleared = 1, updated_at = $1 WHERE id = $2 RETURNING {SERVICE_COLUMNS}"
        );
        let query = sqlx::query(&sql).bind(ts(ctx.at)).bind(id);
        self.audited_change(
            ctx,
            ("clear", "gsb_service"),
            "id",
            query,
            service,
            Kept::BeforeAndNow(&before),
        )
        .await
    }

    pub async fn get_service(&self, id: i64) -> Result<Service, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {SERVICE_COLUMNS} FROM gsb_services WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        service(&r.ok_or(StoreError::NotFound)?)
    }

    /// Grants `client_subsystem_id` access to a service, on one endpoint pattern.
    pub async fn grant_access(
        &self,
        ctx: &AuditCtx,
        service_id: i64,
        client_subsystem_id: i64,
        endpoint: &Endpoint,
    ) -> Result<AccessRight, StoreError> {
        let sql = format!("INSERT INTO gsb_access (service_id, client_subsystem_id, method, path, granted_at) VALUES ($1, $2, $3, $4, $5) RETURNING {ACCESS_COLUMNS}");
        let query = sqlx::query(&sql)
            .bind(service_id)
            .bind(client_subsystem_id)
            .bind(&endpoint.method)
            .bind(&endpoint.path)
            .bind(ts(ctx.at));
        self.audited_change(
            ctx,
            ("grant", "gsb_access"),
            "client_subsystem_id",
            query,
            access,
            Kept::Now,
        )
        .await
    }

    /// Revokes one access right (from the next request on).
    pub async fn revoke_access(&self, ctx: &AuditCtx, id: i64) -> Result<AccessRight, StoreError> {
        let sql = format!("DELETE FROM gsb_access WHERE id = $1 RETURNING {ACCESS_COLUMNS}");
        let query = sqlx::query(&sql).bind(id);
        self.audited_change(
            ctx,
            ("revoke", "gsb_access"),
            "id",
            query,
            access,
            Kept::Gone,
        )
        .await
    }

    /// Records a client token (its SHA-256; the secret is shown once by the caller).
    pub async fn create_gsb_token(
        &self,
        ctx: &AuditCtx,
        subsystem_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
    ) -> Result<GsbToken, StoreError> {
        check_text("name", name, 100)?;
        let sql = format!("INSERT INTO gsb_tokens (subsystem_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING {TOKEN_COLUMNS}");
        let query = sqlx::query(&sql)
            .bind(subsystem_id)
            .bind(name.trim())
            .bind(token_hash)
            .bind(prefix)
            .bind(ts(ctx.at));
        self.audited_change(
            ctx,
            ("create", "gsb_token"),
            "subsystem_id",
            query,
            gsb_token,
            Kept::Now,
        )
        .await
    }

    pub async fn revoke_gsb_token(&self, ctx: &AuditCtx, id: i64) -> Result<GsbToken, StoreError> {
        let sql = format!("UPDATE gsb_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING {TOKEN_COLUMNS}");
        let query = sqlx::query(&sql).bind(ts(ctx.at)).bind(id);
        self.audited_change(
            ctx,
            ("revoke", "gsb_token"),
            "id",
            query,
            gsb_token,
            Kept::Now,
        )
        .await
    }

    /// The subsystem a client token belongs to.
    pub async fn gsb_token_subsystem(&self, id: i64) -> Result<Option<i64>, StoreError> {
        let r = sqlx::query("SELECT subsystem_id FROM gsb_tokens WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.map(|r| r.try_get(0)).transpose()?)
    }

    pub async fn list_gsb_tokens(&self, subsystem_id: i64) -> Result<Vec<GsbToken>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM gsb_tokens WHERE subsystem_id = $1 ORDER BY id"
        ))
        .bind(subsystem_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(gsb_token).collect()
    }

    /// Every row a query without parameters returns, decoded.
    async fn all<T>(
        &self,
        sql: &str,
        decode: fn(&AnyRow) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        sqlx::query(sql)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(decode)
            .collect()
    }

    /// The whole registry (small: hundreds of rows), for the gateway's in-memory copy.
    pub async fn registry(&self) -> Result<Registry, StoreError> {
        Ok(Registry {
            members: self
                .all(
                    &format!("SELECT {MEMBER_COLUMNS} FROM gsb_members ORDER BY instance, member_class, member_code"),
                    member,
                )
                .await?,
            subsystems: self
                .all(
                    &format!("SELECT {SUBSYSTEM_COLUMNS} FROM gsb_subsystems ORDER BY member_id, code"),
                    subsystem,
                )
                .await?,
            services: self
                .all(
                    &format!("SELECT {SERVICE_COLUMNS} FROM gsb_services ORDER BY subsystem_id, code"),
                    service,
                )
                .await?,
            access: self
                .all(
                    &format!("SELECT {ACCESS_COLUMNS} FROM gsb_access ORDER BY service_id, client_subsystem_id, id"),
                    access,
                )
                .await?,
            tokens: self
                .all(
                    "SELECT token_hash, subsystem_id FROM gsb_tokens WHERE revoked_at IS NULL",
                    |r| Ok((r.try_get(0)?, r.try_get(1)?)),
                )
                .await?
                .into_iter()
                .collect(),
            certificates: self
                .all(crate::gsb_trust::LIVE_CERTS, |r| {
                    Ok((r.try_get(0)?, r.try_get(1)?))
                })
                .await?
                .into_iter()
                .collect(),
            federation: self
                .all(
                    &crate::gsb_trust::federation_query(),
                    crate::gsb_trust::federation,
                )
                .await?,
            lookup: std::sync::OnceLock::new(),
        })
    }

    /// The last record's number and chain hash, archived records included (GENESIS before the
    /// first).
    pub async fn message_log_head(&self) -> Result<(i64, String), StoreError> {
        let r = sqlx::query("SELECT id, chain FROM gsb_messages ORDER BY id DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        if let Some(r) = r {
            return Ok((r.try_get(0)?, r.try_get(1)?));
        }
        // Every record moved to archives: the log goes on from the last archive's anchor.
        let anchor = sqlx::query(
            "SELECT last_record, last_chain FROM gsb_archives ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(match anchor {
            Some(r) => (r.try_get(0)?, r.try_get(1)?),
            None => (0, padu_domain::gsb::GENESIS.to_string()),
        })
    }

    /// Writes numbered, chained records atomically (the message log's indexer).
    pub async fn append_messages(&self, rows: &[Numbered<'_>]) -> Result<(), StoreError> {
        if self.engine() == crate::Engine::Postgres {
            return self.copy_messages(rows).await;
        }
        // Several records to a statement: every statement is a round trip to the connection,
        // and under load each round trip costs more than the insert itself.
        let mut w = self.begin_write().await?;
        for chunk in statement_chunks(rows) {
            bind_messages(insert_messages_sql(self.engine(), chunk.len()), chunk)
                .execute(&mut *w.tx)
                .await?;
        }
        w.commit().await?;
        Ok(())
    }

    /// PostgreSQL takes a group of records as one `COPY`: rows the server reads as they
    /// come, where a multi-row INSERT has seven parameters a record to plan and bind. One
    /// statement, so the group lands whole or not at all, as the other engine's transaction.
    /// Only the message log's indexer writes these rows, so no writer lock is needed.
    async fn copy_messages(&self, rows: &[Numbered<'_>]) -> Result<(), StoreError> {
        let mut data = Vec::with_capacity(rows.len() * 1_024);
        for row in rows {
            copy_message_line(&mut data, row);
        }
        let pool = self.pg_pool().await?;
        let mut conn = pool.acquire().await?;
        let mut copy = conn
            .copy_in_raw(&format!("COPY gsb_messages ({MESSAGE_COLUMNS}) FROM STDIN"))
            .await?;
        if let Err(e) = copy.send(data).await {
            copy.abort("the message log's records could not be sent")
                .await
                .ok();
            return Err(e.into());
        }
        copy.finish().await?;
        Ok(())
    }

    pub async fn last_batch(&self) -> Result<Option<Batch>, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {BATCH_COLUMNS} FROM gsb_batches ORDER BY id DESC LIMIT 1"
        ))
        .fetch_optional(&self.pool)
        .await?;
        r.map(|r| batch(&r)).transpose()
    }

    pub async fn get_batch(&self, id: i64) -> Result<Batch, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {BATCH_COLUMNS} FROM gsb_batches WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        batch(&r.ok_or(StoreError::NotFound)?)
    }

    /// Batches after `after_id`, in order, at most `limit`.
    pub async fn batches_after(&self, after_id: i64, limit: i64) -> Result<Vec<Batch>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {BATCH_COLUMNS} FROM gsb_batches WHERE id > $1 ORDER BY id LIMIT $2"
        ))
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(batch).collect()
    }

    /// Records `first..=last`, in order.
    pub async fn messages_between(
        &self,
        first: i64,
        last: i64,
    ) -> Result<Vec<MessageRow>, StoreError> {
        let rows = sqlx::query("SELECT id, x_road_id, record, leaf, chain FROM gsb_messages WHERE id >= $1 AND id <= $2 ORDER BY id")
            .bind(first)
            .bind(last)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(message_row).collect()
    }

    /// Records `first..=last` with their kept bodies, in order (for an archive).
    pub async fn messages_with_bodies(
        &self,
        first: i64,
        last: i64,
    ) -> Result<Vec<(MessageRow, Option<Vec<u8>>, Option<Vec<u8>>)>, StoreError> {
        let rows = sqlx::query("SELECT id, x_road_id, record, leaf, chain, request_body, response_body FROM gsb_messages WHERE id >= $1 AND id <= $2 ORDER BY id")
            .bind(first)
            .bind(last)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((message_row(r)?, r.try_get(5)?, r.try_get(6)?)))
            .collect()
    }

    /// Records with this X-Road-Id, newest first.
    pub async fn messages_by_xroad_id(
        &self,
        x_road_id: &str,
    ) -> Result<Vec<MessageRow>, StoreError> {
        let rows = sqlx::query("SELECT id, x_road_id, record, leaf, chain FROM gsb_messages WHERE x_road_id = $1 ORDER BY id DESC LIMIT 20")
            .bind(x_road_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(message_row).collect()
    }

    /// Closes records `first..=last` into a batch and marks them.
    pub async fn insert_batch(&self, b: &Batch) -> Result<(), StoreError> {
        let mut w = self.begin_write().await?;
        sqlx::query("INSERT INTO gsb_batches (id, first_record, last_record, root, chain_head, closed_at, statement, signature, key_fingerprint) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(b.id)
            .bind(b.first_record)
            .bind(b.last_record)
            .bind(&b.root)
            .bind(&b.chain_head)
            .bind(&b.closed_at)
            .bind(&b.statement)
            .bind(&b.signature)
            .bind(&b.key_fingerprint)
            .execute(&mut *w.tx)
            .await?;
        w.commit().await?;
        Ok(())
    }

    /// The batch that holds record `id`, if it is closed yet.
    pub async fn batch_containing(&self, id: i64) -> Result<Option<Batch>, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {BATCH_COLUMNS} FROM gsb_batches WHERE last_record >= $1 ORDER BY last_record LIMIT 1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(r.map(|r| batch(&r))
            .transpose()?
            .filter(|b| b.first_record <= id))
    }

    /// The leaves of records `first..=last`, in order.
    pub async fn leaves_between(&self, first: i64, last: i64) -> Result<Vec<String>, StoreError> {
        let rows =
            sqlx::query("SELECT leaf FROM gsb_messages WHERE id >= $1 AND id <= $2 ORDER BY id")
                .bind(first)
                .bind(last)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_registry(members: i64) -> Registry {
        let mut r = Registry::default();
        for m in 1..=members {
            r.members.push(Member {
                id: m,
                instance: "ID-PESSEL".into(),
                member_class: "GOV".into(),
                member_code: format!("pd{m}"),
                name: format!("PD {m}"),
                pd_id: None,
                created_at: String::new(),
            });
            for code in ["app", "web"] {
                let id = m * 10 + i64::from(code == "web");
                r.subsystems.push(Subsystem {
                    id,
                    member_id: m,
                    code: code.into(),
                    name: code.into(),
                    rate_per_second: id,
                    created_at: String::new(),
                });
                r.services.push(Service {
                    id,
                    subsystem_id: id,
                    code: "data".into(),
                    version: "v1".into(),
                    title: "Data".into(),
                    base_url: "http://127.0.0.1:1".into(),
                    status: "aktif".into(),
                    timeout_ms: 1_000,
                    max_body_bytes: 1_000,
                    log_bodies: false,
                    log_body_limit: 0,
                    openapi: None,
                    openapi_url: None,
                    created_at: String::new(),
                    updated_at: String::new(),
                    cleared: true,
                });
            }
        }
        // Subsystem 20 may read service 10, and call GET and POST on /v1/* of service 11.
        for (id, service, method, path) in [
            (1, 10, "GET", "/*"),
            (2, 11, "GET", "/v1/*"),
            (3, 11, "POST", "/v1/*"),
        ] {
            r.access.push(AccessRight {
                id,
                service_id: service,
                client_subsystem_id: 20,
                method: method.into(),
                path: path.into(),
                granted_at: String::new(),
            });
        }
        r
    }

    #[test]
    fn the_registry_answers_the_gateway_lookups_by_identifier_and_code() {
        let r = sample_registry(300);
        let web_of_7 = ClientId::parse("ID-PESSEL/GOV/pd7/web").unwrap();
        assert_eq!(r.subsystem_of(&web_of_7).map(|s| s.id), Some(71));
        assert_eq!(r.client_id(71), Some(web_of_7.clone()));
        assert!(r.names(71, &web_of_7));
        assert!(!r.names(70, &web_of_7));
        assert!(!r.names(9_999, &web_of_7));
        for missing in [
            "ID-PESSEL/GOV/pd7/api",
            "ID-PESSEL/GOV/pd301/web",
            "ID-X/GOV/pd7/web",
            "ID-PESSEL/COM/pd7/web",
            "ID-PESSEL/GOV/pd7",
        ] {
            assert!(
                r.subsystem_of(&ClientId::parse(missing).unwrap()).is_none(),
                "{missing}"
            );
        }
        assert_eq!(r.subsystem(301).map(|s| s.rate_per_second), Some(301));
        assert_eq!(r.service(71, "data").map(|s| s.id), Some(71));
        assert!(r.service(71, "other").is_none());
        assert!(r.may_call(10, 20, "GET", "/anything"));
        assert!(!r.may_call(10, 21, "GET", "/anything"));
        assert!(r.may_call(11, 20, "POST", "/v1/x"));
        assert!(!r.may_call(11, 20, "DELETE", "/v1/x"));
        assert!(!r.may_call(11, 20, "GET", "/v2/x"));
        assert_eq!(r.endpoints(11, 20).len(), 2);
        assert!(r.endpoints(12, 20).is_empty());
    }

    #[test]
    fn records_are_cut_into_statements_of_the_prepared_sizes() {
        for n in [0, 1, 2, 3, 127, 128, 129, 300, 4_096, 4_097] {
            let rows: Vec<usize> = (0..n).collect();
            let chunks: Vec<&[usize]> = statement_chunks(&rows).collect();
            assert_eq!(chunks.concat(), rows, "{n} rows, in order, each once");
            for c in &chunks {
                assert!(c.len().is_power_of_two() && c.len() <= ROWS_PER_STATEMENT);
                for engine in [crate::Engine::Sqlite, crate::Engine::Postgres] {
                    let sql = insert_messages_sql(engine, c.len());
                    assert_eq!(sql.matches('(').count() - 1, c.len(), "{n}: a row each");
                }
            }
        }
        assert_eq!(
            statement_chunks(&[0; 300]).count(),
            2 + 3,
            "128 + 128 + 32 + 8 + 4"
        );
    }
}

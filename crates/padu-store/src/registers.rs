//! Every register the same way: its input type names its table and its definition
//! (`padu_domain::register::Definition`: fields, kinds, vocabularies, key, search, filters),
//! and this module reads and writes it from that alone. A record is the input's fields with the
//! id, the PD's name and the times (`Record<T>`). Every create, update and import validates the
//! fields' kinds and vocabularies, then the register's own rules, then its PD, and goes through
//! `write_row`, which appends the audit entry in the same transaction. Imports write all their
//! rows in one transaction: all or nothing.

use crate::audit::{append, append_all, Change};
use crate::page::{Arg, Where};
use crate::sites::AnyQuery;
use crate::{ts, AuditCtx, ListQuery, Page, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::profile::Profile;
use padu_domain::register::{Definition, Field, Kind};
use padu_domain::{Classification, PdId, ReadScope, Resource};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::Row;

/// What a register's rules depend on besides the record: the region's rules and today.
#[derive(Debug, Clone, Copy)]
pub struct Env {
    pub profile: &'static Profile,
    pub today: NaiveDate,
}

/// A register's input: the fields a create or an update gives, as its definition lists them.
pub trait Register:
    Serialize
    + DeserializeOwned
    + Clone
    + PartialEq
    + std::fmt::Debug
    + utoipa::ToSchema
    + Send
    + Sync
    + 'static
{
    /// The table, from code only.
    const TABLE: &'static str;
    const DEF: Definition;
    /// Fields only the Dinas sets: anyone else leaves them as they are (empty on a new record).
    const DINAS_ONLY: &'static [&'static str] = &[];
    /// The register's own rules, beyond each field's kind and vocabulary (which are checked
    /// first, for every register alike).
    fn validate(&self, env: &Env) -> Result<(), StoreError>;

    /// The register's rules that read other records, after `validate`; `pending` are the other
    /// rows of the same import (so a file may refer to its own rows).
    fn check_stored(
        &self,
        _store: &Store,
        _env: &Env,
        _pending: &[&Self],
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send {
        async { Ok(()) }
    }

    /// Brings what is derived from the register's rows up to date inside the write's
    /// transaction, after `touched` rows (each as JSON: the input written, or the record as it
    /// was before an update or a delete) changed.
    fn refresh_derived(
        _tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        _touched: &[serde_json::Value],
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send {
        async { Ok(()) }
    }

    /// Why record `record` may not be deleted, beyond the references the schema knows.
    fn check_delete(
        _record: &Record<Self>,
        _store: &Store,
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send {
        async { Ok(()) }
    }
}

/// A record of a register: its fields, with what the store adds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Record<T> {
    pub id: i64,
    /// The owning PD's name (none for a network site of no PD).
    pub pd_name: Option<String>,
    #[serde(flatten)]
    pub fields: T,
    pub created_at: String,
    pub updated_at: String,
}

impl<T> std::ops::Deref for Record<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.fields
    }
}

/// A record's schema is named after its input (`Application` for `ApplicationInput`): the
/// input's fields, with the store's.
impl<T: Register> utoipa::ToSchema for Record<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        let input = T::name();
        std::borrow::Cow::Owned(input.strip_suffix("Input").unwrap_or(&input).to_string())
    }

    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((T::name().into_owned(), T::schema()));
        T::schemas(schemas);
    }
}

impl<T: Register> utoipa::PartialSchema for Record<T> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, Object, ObjectBuilder, Schema, SchemaFormat};
        use utoipa::openapi::schema::{SchemaType, Type};
        use utoipa::openapi::RefOr;
        let mut record = match T::schema() {
            RefOr::T(Schema::Object(input)) => input,
            _ => Object::new(),
        };
        // The input refuses fields it does not know; the record adds its own.
        record.additional_properties = None;
        let text = || ObjectBuilder::new().schema_type(Type::String).build();
        let id = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .build();
        let pd_name = ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .description(Some("the owning PD's name (none for a site of no PD)"))
            .build();
        for (name, schema) in [
            ("id", id),
            ("pd_name", pd_name),
            ("created_at", text()),
            ("updated_at", text()),
        ] {
            record.properties.insert(name.into(), schema.into());
            record.required.push(name.into());
        }
        Schema::Object(record).into()
    }
}

/// A register's input (or a record's fields) as JSON, by field name: how the generic machinery
/// reads any register's fields.
pub fn fields_of<T: Register>(input: &T) -> Map<String, Value> {
    match serde_json::to_value(input) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The owning PD of an input or a record, if the register has one.
pub fn pd_of<T: Register>(input: &T) -> Option<i64> {
    fields_of(input).get("pd_id").and_then(Value::as_i64)
}

/// A record's classification (the strictest when it has none, so nothing leaks).
fn classification_in(fields: &Map<String, Value>) -> Classification {
    fields
        .get("classification")
        .and_then(Value::as_str)
        .and_then(|c| c.parse().ok())
        .unwrap_or(Classification::SangatRahasia)
}

/// What `authorize` decides over: the record's PD and classification.
pub fn resource_of<T: Register>(input: &T) -> Resource {
    let fields = fields_of(input);
    let pd = fields.get("pd_id").and_then(Value::as_i64).map(PdId);
    Resource::record(pd, classification_in(&fields))
}

/// The record's key within its PD, as an import matches rows to records.
pub fn key_of<T: Register>(input: &T) -> String {
    let fields = fields_of(input);
    let parts: Vec<String> = T::DEF
        .key
        .iter()
        .map(|k| match fields.get(*k) {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        })
        .collect();
    parts.join(" ")
}

/// What a write is checked by before the stored records are read: the fields' kinds and
/// vocabularies, then the register's own rules.
pub fn check<T: Register>(input: &T, env: &Env) -> Result<(), StoreError> {
    check_fields(input)?;
    input.validate(env)
}

/// Whether a write by someone other than the Dinas leaves the register's `DINAS_ONLY` fields as
/// they were (`before`, or empty for a new record); the first one changed is named.
pub fn check_dinas_only<T: Register>(
    is_dinas: bool,
    input: &T,
    before: Option<&T>,
) -> Result<(), StoreError> {
    if is_dinas || T::DINAS_ONLY.is_empty() {
        return Ok(());
    }
    let (given, stored) = (fields_of(input), before.map(fields_of).unwrap_or_default());
    for name in T::DINAS_ONLY {
        let blank = |v: Option<&Value>| v.is_none_or(Value::is_null);
        let same = given.get(*name) == stored.get(*name)
            || (blank(given.get(*name)) && blank(stored.get(*name)));
        if !same {
            return Err(StoreError::invalid(name, "only the Dinas records this"));
        }
    }
    Ok(())
}

/// The checks every register's fields get from their kinds: a choice is one of its
/// vocabulary.
pub fn check_fields<T: Register>(input: &T) -> Result<(), StoreError> {
    let fields = fields_of(input);
    for field in T::DEF.fields {
        if field.kind == Kind::Moment {
            if let Some(Value::String(v)) = fields.get(field.name) {
                let canonical = padu_domain::manajemen::security::parse_moment(v)
                    .map(padu_domain::manajemen::security::moment_text);
                if canonical.as_deref() != Some(v.as_str()) {
                    return Err(StoreError::invalid(
                        field.name,
                        "must be a moment YYYY-MM-DDTHH:MM",
                    ));
                }
            }
            continue;
        }
        let Some(vocabulary) = field.vocabulary() else {
            continue;
        };
        if let Some(Value::String(v)) = fields.get(field.name) {
            if !vocabulary.contains(&v.as_str()) {
                return Err(StoreError::invalid(
                    field.name,
                    format!("must be one of {}", vocabulary.join(", ")),
                ));
            }
        }
    }
    Ok(())
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    }
}

/// Record `id` of `T`, read through `ex` (the pool, or a write's transaction).
async fn record_in<'c, T: Register>(
    ex: impl sqlx::Executor<'c, Database = sqlx::Any>,
    id: i64,
) -> Result<Record<T>, StoreError> {
    let sql = format!(
        "SELECT {} FROM {} t {JOINS} WHERE t.id = $1",
        select::<T>(),
        T::TABLE,
    );
    let r = sqlx::query(&sql).bind(id).fetch_optional(ex).await?;
    decode(&r.ok_or(StoreError::NotFound)?)
}

fn fields_json<T: Register>(input: &T) -> serde_json::Value {
    serde_json::Value::Object(fields_of(input))
}

/// Binds one field of the input as its kind is stored.
fn bind_field<'q>(q: AnyQuery<'q>, field: &Field, v: Option<&Value>) -> AnyQuery<'q> {
    match field.kind {
        Kind::Pd | Kind::Number | Kind::Level(_) => q.bind(v.and_then(Value::as_i64)),
        Kind::Decimal => q.bind(v.and_then(Value::as_f64)),
        Kind::Flag => q.bind(v.and_then(Value::as_bool).map(i64::from)),
        Kind::Text | Kind::Host => q.bind(text_of(v).map(|s| s.trim().to_string())),
        Kind::Long | Kind::Date | Kind::Moment | Kind::Choice(_) => q.bind(text_of(v)),
        Kind::Codes | Kind::Ids(_) => {
            let items: Vec<String> = v
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|x| text_of(Some(x))).collect())
                .unwrap_or_default();
            q.bind(items.join(","))
        }
    }
}

/// Reads one stored field back as the input's JSON has it.
fn decode_field(r: &AnyRow, i: usize, field: &Field) -> Result<Value, StoreError> {
    Ok(match field.kind {
        Kind::Pd | Kind::Number | Kind::Level(_) => r.try_get::<Option<i64>, _>(i)?.into(),
        Kind::Decimal => r.try_get::<Option<f64>, _>(i)?.into(),
        Kind::Flag => r.try_get::<Option<i64>, _>(i)?.map(|f| f != 0).into(),
        Kind::Text | Kind::Host | Kind::Long | Kind::Date | Kind::Moment | Kind::Choice(_) => {
            r.try_get::<Option<String>, _>(i)?.into()
        }
        Kind::Codes => Value::Array(
            r.try_get::<String, _>(i)?
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| Value::String(c.to_string()))
                .collect(),
        ),
        Kind::Ids(_) => Value::Array(
            r.try_get::<String, _>(i)?
                .split(',')
                .filter_map(|s| s.trim().parse::<i64>().ok())
                .map(Value::from)
                .collect(),
        ),
    })
}

fn columns<T: Register>() -> impl Iterator<Item = &'static str> {
    T::DEF.fields.iter().map(|f| f.name)
}

/// The columns a record is read by, over the table aliased `t` and its PD `p`.
pub(crate) fn select<T: Register>() -> String {
    let fields: Vec<String> = columns::<T>().map(|c| format!("t.{c}")).collect();
    format!(
        "t.id, p.name, {}, t.created_at, t.updated_at",
        fields.join(", ")
    )
}

pub(crate) const JOINS: &str = "LEFT JOIN perangkat_daerah p ON p.id = t.pd_id";

fn order<T: Register>() -> String {
    let mut parts: Vec<String> = T::DEF.order.iter().map(|o| format!("t.{o}")).collect();
    let descending = T::DEF.order.last().is_some_and(|o| o.ends_with(" DESC"));
    parts.push(if descending { "t.id DESC" } else { "t.id" }.into());
    parts.join(", ")
}

/// The text the word search indexes, as an SQL expression over the row.
pub fn search_text(def: &Definition) -> String {
    def.search.join(" || ' ' || ")
}

pub(crate) fn decode<T: Register>(r: &AnyRow) -> Result<Record<T>, StoreError> {
    let mut map = Map::new();
    for (i, field) in T::DEF.fields.iter().enumerate() {
        map.insert(field.name.to_string(), decode_field(r, i + 2, field)?);
    }
    let fields: T = serde_json::from_value(Value::Object(map)).map_err(|e| {
        StoreError::invalid(T::DEF.entity, format!("a stored record does not read: {e}"))
    })?;
    let n = T::DEF.fields.len() + 2;
    Ok(Record {
        id: r.try_get(0)?,
        pd_name: r.try_get(1)?,
        fields,
        created_at: r.try_get(n)?,
        updated_at: r.try_get(n + 1)?,
    })
}

fn bind<'q, T: Register>(input: &T, mut q: AnyQuery<'q>) -> AnyQuery<'q> {
    let values = fields_of(input);
    for field in T::DEF.fields {
        q = bind_field(q, field, values.get(field.name));
    }
    q
}

/// One row of an import or one API write: a new record, or a replacement of record `id`
/// (`before` is the record as it was, for the audit log).
#[derive(Debug, Clone)]
pub enum Upsert<T> {
    Create(T),
    Update {
        id: i64,
        before: serde_json::Value,
        input: T,
    },
}

impl<T> Upsert<T> {
    pub fn input(&self) -> &T {
        match self {
            Upsert::Create(input) | Upsert::Update { input, .. } => input,
        }
    }

    fn id(&self) -> Option<i64> {
        match self {
            Upsert::Create(_) => None,
            Upsert::Update { id, .. } => Some(*id),
        }
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct UpsertReport {
    pub created: usize,
    pub updated: usize,
}

fn insert_sql<T: Register>() -> String {
    let names: Vec<&str> = columns::<T>().collect();
    let n = names.len();
    let values: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO {} ({}, created_at, updated_at) VALUES ({}, ${}, ${}) RETURNING id",
        T::TABLE,
        names.join(", "),
        values.join(", "),
        n + 1,
        n + 1
    )
}

fn update_sql<T: Register>() -> String {
    let set: Vec<String> = columns::<T>()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    let n = set.len();
    format!(
        "UPDATE {} SET {}, updated_at = ${} WHERE id = ${}",
        T::TABLE,
        set.join(", "),
        n + 1,
        n + 2
    )
}

/// Writes one row inside `tx` (and its words, on SQLite); returns its id and the audit entry
/// still to append.
async fn store_row<T: Register>(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    engine: crate::Engine,
    at: &str,
    row: &Upsert<T>,
) -> Result<(i64, Change<'static>), StoreError> {
    let (id, action, before, input) = match row {
        Upsert::Create(input) => {
            let r = bind(input, sqlx::query(&insert_sql::<T>()))
                .bind(at.to_string())
                .fetch_one(&mut **tx)
                .await?;
            (r.try_get::<i64, _>(0)?, "create", None, input)
        }
        Upsert::Update { id, before, input } => {
            let done = bind(input, sqlx::query(&update_sql::<T>()))
                .bind(at.to_string())
                .bind(*id)
                .execute(&mut **tx)
                .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            (*id, "update", Some(before.clone()), input)
        }
    };
    crate::search::reindex(tx, engine, T::TABLE, &search_text(&T::DEF), id).await?;
    Ok((
        id,
        Change {
            action,
            entity: T::DEF.entity,
            entity_id: Some(id.to_string()),
            pd_id: pd_of(input),
            before,
            after: Some(serde_json::to_value(input).unwrap_or_default()),
        },
    ))
}

/// Writes one row and its audit entry inside `tx`; returns the record's id.
pub(crate) async fn write_row<T: Register>(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    engine: crate::Engine,
    ctx: &AuditCtx,
    row: &Upsert<T>,
) -> Result<i64, StoreError> {
    let (id, change) = store_row(tx, engine, &ts(ctx.at), row).await?;
    append(tx, ctx, change).await?;
    Ok(id)
}

/// A list's filters: fields of the register (of its `filters`, or `pd_id`) and the value each
/// must equal, as a query string gives them.
pub type Filters = Vec<(String, String)>;

impl Store {
    /// Everything a write must pass: the fields' kinds and vocabularies, the register's rules,
    /// its PD, and the field that must be the register's alone.
    async fn check_input<T: Register>(
        &self,
        env: &Env,
        input: &T,
        id: Option<i64>,
        pending: &[&T],
    ) -> Result<(), StoreError> {
        check(input, env)?;
        let values = fields_of(input);
        if let Some(pd) = values.get("pd_id").and_then(Value::as_i64) {
            self.check_pd(pd).await?;
        }
        for field in T::DEF.fields {
            if let Kind::Ids(table) = field.kind {
                let ids = values.get(field.name).and_then(Value::as_array);
                for (i, id) in ids.into_iter().flatten().enumerate() {
                    let found = sqlx::query(&format!("SELECT 1 FROM {table} WHERE id = $1"))
                        .bind(id.as_i64())
                        .fetch_optional(&self.pool)
                        .await?;
                    if found.is_none() {
                        return Err(StoreError::invalid(
                            &format!("{}[{i}]", field.name),
                            format!("no record {id}"),
                        ));
                    }
                }
            }
        }
        input.check_stored(self, env, pending).await?;
        if let Some(first) = T::DEF.unique.first() {
            let condition: Vec<String> = T::DEF
                .unique
                .iter()
                .enumerate()
                .map(|(i, f)| format!("{f} = ${}", i + 1))
                .collect();
            let sql = format!(
                "SELECT id FROM {} WHERE {}",
                T::TABLE,
                condition.join(" AND ")
            );
            let mut query = sqlx::query(&sql);
            for f in T::DEF.unique {
                query = match values.get(*f) {
                    Some(Value::Number(n)) => query.bind(n.as_i64()),
                    other => query.bind(text_of(other).unwrap_or_default().trim().to_string()),
                };
            }
            if let Some(r) = query.fetch_optional(&self.pool).await? {
                if Some(r.try_get::<i64, _>(0)?) != id {
                    return Err(StoreError::conflict(first, "this is already registered"));
                }
            }
        }
        Ok(())
    }

    pub async fn get_record<T: Register>(&self, id: i64) -> Result<Record<T>, StoreError> {
        record_in::<T>(&self.pool, id).await
    }

    pub async fn create_record<T: Register>(
        &self,
        ctx: &AuditCtx,
        env: &Env,
        input: &T,
    ) -> Result<Record<T>, StoreError> {
        self.check_input(env, input, None, &[]).await?;
        let mut w = self.begin_write().await?;
        let id = write_row(&mut w.tx, self.engine, ctx, &Upsert::Create(input.clone())).await?;
        T::refresh_derived(&mut w.tx, &[fields_json(input)]).await?;
        w.commit().await?;
        self.get_record::<T>(id).await
    }

    pub async fn update_record<T: Register>(
        &self,
        ctx: &AuditCtx,
        env: &Env,
        id: i64,
        input: &T,
    ) -> Result<Record<T>, StoreError> {
        self.check_input(env, input, Some(id), &[]).await?;
        // The record as it stands once the write lock is held: its group is the one a
        // concurrent update left it in.
        let mut w = self.begin_write().await?;
        let before =
            serde_json::to_value(record_in::<T>(&mut *w.tx, id).await?).unwrap_or_default();
        let touched = [before.clone(), fields_json(input)];
        let row = Upsert::Update {
            id,
            before,
            input: input.clone(),
        };
        write_row(&mut w.tx, self.engine, ctx, &row).await?;
        T::refresh_derived(&mut w.tx, &touched).await?;
        w.commit().await?;
        self.get_record::<T>(id).await
    }

    pub async fn delete_record<T: Register>(
        &self,
        ctx: &AuditCtx,
        id: i64,
    ) -> Result<(), StoreError> {
        let before = self.get_record::<T>(id).await?;
        T::check_delete(&before, self).await?;
        let pd = pd_of(&before.fields);
        let before = serde_json::to_value(&before).unwrap_or_default();
        let touched = [before.clone()];
        let search = search_text(&T::DEF);
        let what = crate::audit::Deletion {
            table: T::TABLE,
            search: &search,
            entity: T::DEF.entity,
            id,
            pd_id: pd,
        };
        self.delete_audited(ctx, what, before).await?;
        // The deletion is committed; what is derived from it follows in its own transaction.
        let mut w = self.begin_write().await?;
        T::refresh_derived(&mut w.tx, &touched).await?;
        w.commit().await
    }

    /// Checks every row again, then writes them all in one transaction, calling
    /// `progress(done, total)` as it goes. Any failure writes nothing.
    pub async fn import_records<T: Register>(
        &self,
        ctx: &AuditCtx,
        env: &Env,
        rows: &[Upsert<T>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<UpsertReport, StoreError> {
        let pending: Vec<&T> = rows.iter().map(Upsert::input).collect();
        for row in rows {
            self.check_input(env, row.input(), row.id(), &pending)
                .await?;
        }
        let mut report = UpsertReport::default();
        let mut w = self.begin_write().await?;
        let at = ts(ctx.at);
        let mut changes = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let (_, change) = store_row(&mut w.tx, self.engine, &at, row).await?;
            changes.push(change);
            match row {
                Upsert::Create(_) => report.created += 1,
                Upsert::Update { .. } => report.updated += 1,
            }
            progress(i + 1, rows.len());
        }
        append_all(&mut w.tx, ctx, changes).await?;
        let touched: Vec<serde_json::Value> = rows
            .iter()
            .flat_map(|row| match row {
                Upsert::Create(input) => vec![fields_json(input)],
                Upsert::Update { before, input, .. } => vec![before.clone(), fields_json(input)],
            })
            .collect();
        T::refresh_derived(&mut w.tx, &touched).await?;
        w.commit().await?;
        // A bulk load changes what the planner should know of the table, and leaves its pages
        // unmarked as all-visible, so index-only scans (the heat map's) still read the rows;
        // PostgreSQL mends both only when autovacuum gets round to it.
        if self.engine == crate::Engine::Postgres && rows.len() >= 1000 {
            sqlx::query(&format!("VACUUM (ANALYZE) {}", T::TABLE))
                .execute(&self.pool)
                .await?;
        }
        Ok(report)
    }

    /// Every record of `T`'s table as (PD, key in lower case) → id: how an import finds the
    /// record a row replaces.
    pub async fn ids_by_pd_and_name<T: Register>(
        &self,
    ) -> Result<std::collections::HashMap<(Option<i64>, String), i64>, StoreError> {
        let key: Vec<String> = T::DEF.key.iter().map(|k| format!("t.{k}")).collect();
        let key = key.join(" || ' ' || ");
        let rows = sqlx::query(&format!("SELECT t.id, t.pd_id, {key} FROM {} t", T::TABLE))
            .fetch_all(&self.pool)
            .await?;
        let mut out = std::collections::HashMap::with_capacity(rows.len());
        for r in rows {
            let name: String = r.try_get(2)?;
            out.insert(
                (r.try_get::<Option<i64>, _>(1)?, name.trim().to_lowercase()),
                r.try_get(0)?,
            );
        }
        Ok(out)
    }

    /// One page of the records `scope` may read that match `filters`, searched by word when
    /// `q` has words. A filter on a field the register has no filter for, or with a value its
    /// kind or vocabulary does not take, is an error naming it.
    pub async fn list_records<T: Register>(
        &self,
        scope: &ReadScope,
        filters: &Filters,
        q: &ListQuery,
    ) -> Result<Page<Record<T>>, StoreError> {
        let mut w = filtered::<T>(filters)?;
        readable::<T>(&mut w, scope, filters);
        let columns = select::<T>();
        let order = order::<T>();
        self.register_page(
            w,
            crate::page::RegisterList {
                table: T::TABLE,
                alias: "t",
                columns: &columns,
                joins: JOINS,
                order: &order,
            },
            q,
            decode::<T>,
        )
        .await
    }

    /// Every record `scope` may read that matches `filters`, in id order (for the compliance
    /// rules' facts).
    pub async fn all_records<T: Register>(
        &self,
        scope: &ReadScope,
        filters: &Filters,
    ) -> Result<Vec<Record<T>>, StoreError> {
        let mut w = filtered::<T>(filters)?;
        readable::<T>(&mut w, scope, filters);
        let rows = w
            .bind(sqlx::query(&format!(
                "SELECT {} FROM {} t {JOINS} WHERE {} ORDER BY t.id",
                select::<T>(),
                T::TABLE,
                w.sql()
            )))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(decode::<T>).collect()
    }
}

impl Store {
    /// How many of the records `scope` may read that match `filters` hold each pair of values
    /// of the number fields `a` and `b`, as (a, b, count); a record with either empty is not
    /// counted. Counted by the database, so a map over every record reads no record.
    pub async fn count_pairs<T: Register>(
        &self,
        scope: &ReadScope,
        filters: &Filters,
        a: &str,
        b: &str,
    ) -> Result<Vec<(i64, i64, i64)>, StoreError> {
        for name in [a, b] {
            T::DEF
                .field(name)
                .filter(|f| matches!(f.kind, Kind::Number | Kind::Level(_)))
                .ok_or_else(|| StoreError::invalid(name, "not a number field of the register"))?;
        }
        let mut w = filtered::<T>(filters)?;
        readable::<T>(&mut w, scope, filters);
        let rows = w
            .bind(sqlx::query(&format!(
                "SELECT t.{a}, t.{b}, COUNT(*) FROM {} t WHERE {} AND t.{a} IS NOT NULL \
                 AND t.{b} IS NOT NULL GROUP BY t.{a}, t.{b}",
                T::TABLE,
                w.sql()
            )))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }
}

/// What `scope` may read, unless `filters` already hold the list to one of the caller's own
/// PDs, all of whose records it reads: the condition is then implied, and leaving it out lets
/// the database read that PD's rows in the list's order from its index.
fn readable<T: Register>(w: &mut Where, scope: &ReadScope, filters: &Filters) {
    let own_pd = filters.iter().any(|(name, value)| {
        T::DEF.field(name).is_some_and(|f| f.kind == Kind::Pd)
            && value
                .trim()
                .parse::<i64>()
                .is_ok_and(|pd| scope.own_pds.iter().any(|own| own.0 == pd))
    });
    if !own_pd {
        w.readable_by(scope, "t");
    }
}

/// The conditions of `filters`, each checked against the register's definition.
fn filtered<T: Register>(filters: &Filters) -> Result<Where, StoreError> {
    let mut w = Where::default();
    for (name, value) in filters {
        let field = T::DEF
            .field(name)
            .filter(|f| f.kind == Kind::Pd || T::DEF.filters.contains(&f.name))
            .ok_or_else(|| StoreError::invalid(name, "this list has no such filter"))?;
        let arg = match field.kind {
            Kind::Pd | Kind::Number | Kind::Level(_) => {
                Arg::Int(value.trim().parse().map_err(|_| {
                    StoreError::invalid(name, format!("{value} is not a whole number"))
                })?)
            }
            Kind::Flag => Arg::Int(match value.trim() {
                "true" | "ya" | "1" => 1,
                "false" | "tidak" | "0" => 0,
                _ => {
                    return Err(StoreError::invalid(
                        name,
                        format!("{value} is not true or false"),
                    ))
                }
            }),
            Kind::Choice(known) if !known.contains(&value.as_str()) => {
                return Err(StoreError::invalid(
                    name,
                    format!("unknown {name} {value}; one of {}", known.join(", ")),
                ))
            }
            _ => Arg::Text(value.clone()),
        };
        w.and(&format!("t.{} = ?", field.name), [arg]);
    }
    Ok(w)
}

/// The one table of registers: each register's input type, in the order the pages offer them.
/// Adding a register adds its line here; every dispatch over a register named at run time
/// (import, export, the form, the generic API and pages, the backup's word index) expands
/// from it:
/// - `with_register!(name, R => body, other => fallback)` runs `body` with the type alias `R`
///   for the register called `name`, or `fallback` with `other` bound to an unknown name;
/// - `with_register!(@names "extra", ...)` is every register's name, then the extra ones;
/// - `with_register!(@each R => body)` is `[body, ...]` with `R` each register in turn.
#[macro_export]
macro_rules! with_register {
    (@table $($args:tt)*) => {
        $crate::with_register!(@expand [$($args)*]
            $crate::catalog::ApplicationInput,
            $crate::architecture::ServiceInput,
            $crate::architecture::ProcessInput,
            $crate::datasets::DatasetInput,
            $crate::sites::SiteInput,
            $crate::infrastructure::InfrastructureInput,
            $crate::websites::WebsiteInput,
            $crate::agendas::AgendaInput,
            $crate::policies::PolicyInput,
            $crate::manajemen::risk_contexts::RiskContextInput,
            $crate::manajemen::risks::RiskInput,
            $crate::manajemen::risk_reviews::RiskReviewInput,
            $crate::manajemen::incidents::IncidentInput,
            $crate::manajemen::certificates::CertificateInput,
            $crate::manajemen::isms::IsmsRecordInput,
            $crate::evaluasi::audit_objects::AuditObjectInput,
        )
    };
    (@expand [dispatch $name:expr, $R:ident, $body:expr, $other:pat, $fallback:expr]
        $($ty:path,)*) => {
        match $name {
            $(name if name == <$ty as $crate::registers::Register>::DEF.name => {
                type $R = $ty;
                $body
            })*
            $other => $fallback,
        }
    };
    (@expand [each $R:ident, $body:expr] $($ty:path,)*) => {
        [$({
            type $R = $ty;
            $body
        },)*]
    };
    (@expand [names $($extra:literal),*] $($ty:path,)*) => {
        [$(<$ty as $crate::registers::Register>::DEF.name,)* $($extra),*]
    };
    (@names $($extra:literal),*) => {
        $crate::with_register!(@table names $($extra),*)
    };
    (@each $R:ident => $body:expr) => {
        $crate::with_register!(@table each $R, $body)
    };
    ($name:expr, $R:ident => $body:expr, $other:pat => $fallback:expr) => {
        $crate::with_register!(@table dispatch $name, $R, $body, $other, $fallback)
    };
}

/// Every register's table and definition.
pub fn all() -> impl Iterator<Item = (&'static str, Definition)> {
    crate::with_register!(@each R => (R::TABLE, R::DEF)).into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;
    use padu_domain::register::{Field, Kind};
    use serde::Deserialize;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
    struct Two {
        a: String,
        b: i64,
    }
    const FIELDS: [Field; 2] = [Field::new("a", Kind::Text), Field::new("b", Kind::Number)];
    impl Register for Two {
        const TABLE: &'static str = "t";
        const DEF: Definition = Definition {
            name: "twos",
            entity: "two",
            fields: &FIELDS,
            key: &["a", "b"],
            unique: &[],
            search: &["a"],
            filters: &["b"],
            shown: &[],
            order: &["a DESC"],
            api: "/api/v1/twos",
            page: "/twos",
        };
        fn validate(&self, _: &Env) -> Result<(), StoreError> {
            Ok(())
        }
    }

    #[test]
    fn the_statements_number_columns_then_timestamps_then_id() {
        assert_eq!(
            insert_sql::<Two>(),
            "INSERT INTO t (a, b, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id"
        );
        assert_eq!(
            update_sql::<Two>(),
            "UPDATE t SET a = $1, b = $2, updated_at = $3 WHERE id = $4"
        );
        assert_eq!(order::<Two>(), "t.a DESC, t.id DESC");
        assert_eq!(
            key_of(&Two {
                a: " x ".into(),
                b: 3
            }),
            "x 3"
        );
    }

    #[test]
    fn a_filter_must_be_one_the_register_offers_with_a_value_its_kind_takes() {
        assert!(filtered::<Two>(&vec![("b".into(), "3".into())]).is_ok());
        let not_a_number = filtered::<Two>(&vec![("b".into(), "x".into())]).unwrap_err();
        assert!(not_a_number.to_string().contains('b'), "{not_a_number}");
        assert!(filtered::<Two>(&vec![("a".into(), "x".into())]).is_err());
    }
}

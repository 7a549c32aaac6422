//! The one way a register's record is written: an input type names its table, its columns
//! (in bind order) and its PD, and every create, update and import goes through `write_row`,
//! which appends the audit entry in the same transaction. Imports write all their rows in one
//! transaction: all or nothing.

use crate::audit::{append, append_all, Change};
use crate::sites::AnyQuery;
use crate::{ts, AuditCtx, Store, StoreError};
use serde::Serialize;
use sqlx::Row;

/// A register's input: the columns it writes, bound in the order `COLUMNS` names them.
pub trait Register: Serialize + Sync {
    /// The table, from code only.
    const TABLE: &'static str;
    /// The audit log's name for the record.
    const ENTITY: &'static str;
    const COLUMNS: &'static [&'static str];
    /// What tells two records of one PD apart for an import (an SQL expression over the row,
    /// matched in lower case against `Sheet::key_of`).
    const KEY: &'static str = "name";
    fn pd_id(&self) -> Option<i64>;
    /// Binds the values of `COLUMNS`, in order.
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q>;
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
}

/// What an import wrote.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct UpsertReport {
    pub created: usize,
    pub updated: usize,
}

fn insert_sql<T: Register>() -> String {
    let n = T::COLUMNS.len();
    let values: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO {} ({}, created_at, updated_at) VALUES ({}, ${}, ${}) RETURNING id",
        T::TABLE,
        T::COLUMNS.join(", "),
        values.join(", "),
        n + 1,
        n + 1
    )
}

fn update_sql<T: Register>() -> String {
    let n = T::COLUMNS.len();
    let set: Vec<String> = T::COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
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
            let r = input
                .bind(sqlx::query(&insert_sql::<T>()))
                .bind(at.to_string())
                .fetch_one(&mut **tx)
                .await?;
            (r.try_get::<i64, _>(0)?, "create", None, input)
        }
        Upsert::Update { id, before, input } => {
            let done = input
                .bind(sqlx::query(&update_sql::<T>()))
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
    crate::search::reindex(tx, engine, T::TABLE, id).await?;
    Ok((
        id,
        Change {
            action,
            entity: T::ENTITY,
            entity_id: Some(id.to_string()),
            pd_id: input.pd_id(),
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

impl Store {
    /// Writes one record (already validated by its caller) and its audit entry.
    pub(crate) async fn write_record<T: Register>(
        &self,
        ctx: &AuditCtx,
        row: &Upsert<T>,
    ) -> Result<i64, StoreError> {
        let mut w = self.begin_write().await?;
        let id = write_row(&mut w.tx, self.engine, ctx, row).await?;
        w.commit().await?;
        Ok(id)
    }

    /// Writes every row in one transaction (rows already validated by the caller), calling
    /// `progress(done, total)` as it goes. Any failure writes nothing.
    pub(crate) async fn write_records<T: Register>(
        &self,
        ctx: &AuditCtx,
        rows: &[Upsert<T>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<UpsertReport, StoreError> {
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
        w.commit().await?;
        Ok(report)
    }

    /// Every record of `T`'s table as (PD, key in lower case) → id: how an import finds the
    /// record a row replaces.
    pub async fn ids_by_pd_and_name<T: Register>(
        &self,
    ) -> Result<std::collections::HashMap<(Option<i64>, String), i64>, StoreError> {
        let rows = sqlx::query(&format!("SELECT id, pd_id, {} FROM {}", T::KEY, T::TABLE))
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
}

/// A register read the same way everywhere: its table aliased `t`, one row decoding to
/// `Record`. The generic reads and writes below serve it; its input is validated by the
/// caller (the register's own `create_…` / `update_…`) before they run.
pub trait Stored: Register {
    type Record: Serialize + Send + Sync;
    /// The columns read, over `t` and `JOINS`.
    const SELECT: &'static str;
    const JOINS: &'static str;
    /// A list's order without a word search, over `t`.
    const ORDER: &'static str;
    fn decode(r: &sqlx::any::AnyRow) -> Result<Self::Record, StoreError>;
    fn record_pd(r: &Self::Record) -> Option<i64>;
}

impl Store {
    pub async fn get_record<T: Stored>(&self, id: i64) -> Result<T::Record, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {} FROM {} t {} WHERE t.id = $1",
            T::SELECT,
            T::TABLE,
            T::JOINS
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        T::decode(&r.ok_or(StoreError::NotFound)?)
    }

    pub(crate) async fn create_record<T: Stored + Clone>(
        &self,
        ctx: &AuditCtx,
        input: &T,
    ) -> Result<T::Record, StoreError> {
        let id = self
            .write_record(ctx, &Upsert::Create(input.clone()))
            .await?;
        self.get_record::<T>(id).await
    }

    pub(crate) async fn update_record<T: Stored + Clone>(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &T,
    ) -> Result<T::Record, StoreError> {
        let before = serde_json::to_value(self.get_record::<T>(id).await?).unwrap_or_default();
        self.write_record(
            ctx,
            &Upsert::Update {
                id,
                before,
                input: input.clone(),
            },
        )
        .await?;
        self.get_record::<T>(id).await
    }

    pub async fn delete_record<T: Stored>(
        &self,
        ctx: &AuditCtx,
        id: i64,
    ) -> Result<(), StoreError> {
        let before = self.get_record::<T>(id).await?;
        let pd = T::record_pd(&before);
        let before = serde_json::to_value(&before).unwrap_or_default();
        self.delete_audited(ctx, T::TABLE, T::ENTITY, id, pd, before)
            .await
    }

    /// One page of the register's records matching `w` (conditions over `t`), searched by
    /// word when `q` has words.
    pub(crate) async fn list_records<T: Stored>(
        &self,
        w: crate::page::Where,
        q: &crate::ListQuery,
    ) -> Result<crate::Page<T::Record>, StoreError> {
        self.register_page(
            w,
            crate::page::RegisterList {
                table: T::TABLE,
                alias: "t",
                columns: T::SELECT,
                joins: T::JOINS,
                order: T::ORDER,
            },
            q,
            T::decode,
        )
        .await
    }

    /// Every record matching `w`, in id order (for the compliance rules' facts).
    pub(crate) async fn all_records<T: Stored>(
        &self,
        w: &crate::page::Where,
    ) -> Result<Vec<T::Record>, StoreError> {
        let rows = w
            .bind(sqlx::query(&format!(
                "SELECT {} FROM {} t {} WHERE {} ORDER BY t.id",
                T::SELECT,
                T::TABLE,
                T::JOINS,
                w.sql()
            )))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(T::decode).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Two;
    impl Register for Two {
        const TABLE: &'static str = "t";
        const ENTITY: &'static str = "two";
        const COLUMNS: &'static [&'static str] = &["a", "b"];
        fn pd_id(&self) -> Option<i64> {
            None
        }
        fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
            q
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
    }
}

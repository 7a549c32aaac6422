//! The queryable store (issue 22 item 3): a tabular resource's newest version as a table of
//! its own, `datastore_<resource>`, columns `c1..cN` typed as guessed after the row number
//! `_id`. Loading happens in two steps so that nothing half-loaded is ever seen: the rows go
//! into a staging table (on PostgreSQL by `COPY`, on SQLite by batched inserts in one
//! transaction), and only the resource's own write transaction renames it into place, so a
//! failed upload leaves no table and no resource. Staging tables a crash left behind are
//! dropped at start (`drop_datastore_staging`). Column names are generated, never taken from
//! the file, so no statement is built from what a user wrote: values are always bound.

use crate::{ts, Engine, Store, StoreError};
use padu_domain::data_terbuka::datastore::{cell_value, Cell, Field, FieldType, Search};
use sqlx::Row;

/// Rows loaded into a staging table, ready to be put in place by the resource's transaction.
#[derive(Debug)]
pub struct Staged {
    pub(crate) table: String,
    pub fields: Vec<Field>,
    pub rows: i64,
    /// A word index table beside it (SQLite) to be renamed with it.
    pub(crate) words: bool,
}

/// What is loaded for a resource.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Datastore {
    pub resource_id: i64,
    /// The file version loaded.
    pub version: i64,
    /// The resource's id as CKAN clients know it.
    pub public_id: String,
    pub fields: Vec<Field>,
    pub row_count: i64,
    pub loaded_at: String,
}

/// A page of rows as `datastore_search` answers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The answered columns' names, in order (`_id` first when asked).
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Rows matching, when asked.
    pub total: Option<i64>,
}

const STAGING_PREFIX: &str = "datastore_staging_";

fn table_of(resource_id: i64) -> String {
    format!("datastore_{resource_id}")
}

/// A store's tables, the word index (SQLite's FTS5 table beside it) first: dropping that
/// drops FTS5's own tables with it.
fn tables_of(table: &str) -> [String; 2] {
    [format!("{table}_words"), table.to_string()]
}

fn sql_type(t: FieldType) -> &'static str {
    match t {
        FieldType::Int => "BIGINT",
        FieldType::Numeric => "DOUBLE PRECISION",
        FieldType::Date | FieldType::Text => "TEXT",
    }
}

/// The generated column of field `i` (0-based), or `_id`.
fn column(i: Option<usize>) -> String {
    i.map_or_else(|| "_id".to_string(), |i| format!("c{}", i + 1))
}

/// SQLite binds at most 32,766 values to a statement; a batch stays well within.
const SQLITE_BATCH_VALUES: usize = 16_000;
/// Bytes of COPY data sent to PostgreSQL at a time.
const COPY_CHUNK: usize = 1 << 20;

fn copy_text(out: &mut Vec<u8>, t: &str) {
    out.push(b'"');
    for b in t.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// A row as COPY's CSV reads it; with `words`, the row's words (its text cells' letters and
/// digits, lowercased, as `tokens` splits them) as a last column.
fn copy_csv(out: &mut Vec<u8>, id: i64, row: &[Cell], words: bool) {
    out.extend_from_slice(id.to_string().as_bytes());
    for cell in row {
        out.push(b',');
        match cell {
            // Unquoted empty is NULL in COPY's CSV format.
            Cell::Null => {}
            Cell::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Cell::Numeric(f) => out.extend_from_slice(f.to_string().as_bytes()),
            Cell::Text(t) => copy_text(out, t),
        }
    }
    if words {
        out.push(b',');
        let text: Vec<String> = row
            .iter()
            .filter_map(|c| match c {
                Cell::Text(t) => Some(tokens(t).join(" ")),
                _ => None,
            })
            .collect();
        copy_text(out, &text.join(" "));
    }
    out.push(b'\n');
}

fn bind_cell<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    cell: &Cell,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    match cell {
        Cell::Null => q.bind(None::<String>),
        Cell::Int(i) => q.bind(*i),
        Cell::Numeric(f) => q.bind(*f),
        Cell::Text(t) => q.bind(t.clone()),
    }
}

impl Store {
    /// Loads `rows` (each as many cells as `fields`) into a new staging table with an index
    /// on each column. On any error the staging table is dropped again.
    pub async fn stage_datastore<I>(&self, fields: &[Field], rows: I) -> Result<Staged, StoreError>
    where
        I: Iterator<Item = Result<Vec<Cell>, StoreError>> + Send,
    {
        let table = format!("{STAGING_PREFIX}{:016x}", rand::random::<u64>());
        let columns: Vec<String> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{} {}", column(Some(i)), sql_type(f.field_type)))
            .collect();
        // On SQLite `_id` is the rowid itself (only INTEGER PRIMARY KEY is), so that every
        // column's index lists its rows in `_id` order and a filtered page stops early.
        let id = match self.engine {
            Engine::Sqlite => "INTEGER",
            Engine::Postgres => "BIGINT",
        };
        // On PostgreSQL a row's words, split here as `tokens` splits q, go in a column of
        // their own that the word index reads (splitting them in SQL, by a regular
        // expression, took the index build two seconds longer at a million rows).
        let words_column = if self.engine == Engine::Postgres && words_of(fields).is_some() {
            ", _words TEXT"
        } else {
            ""
        };
        let create = format!(
            "CREATE TABLE {table} (_id {id} PRIMARY KEY, {}{words_column})",
            columns.join(", ")
        );
        let loaded = match self.engine {
            Engine::Postgres => self.copy_rows(&create, &table, fields, rows).await,
            Engine::Sqlite => self.insert_rows(&create, &table, fields, rows).await,
        };
        match loaded {
            Ok(n) => Ok(Staged {
                words: self.engine == Engine::Sqlite && words_of(fields).is_some(),
                table,
                fields: fields.to_vec(),
                rows: n,
            }),
            Err(e) => {
                self.drop_table(&table).await;
                Err(e)
            }
        }
    }

    /// Drops the staging table of a load that will not be put in place.
    pub async fn discard_staged(&self, staged: Staged) {
        self.drop_table(&staged.table).await;
    }

    async fn drop_table(&self, table: &str) {
        for t in tables_of(table) {
            if let Err(e) = sqlx::query(&format!("DROP TABLE IF EXISTS {t}"))
                .execute(&self.pool)
                .await
            {
                tracing::warn!(table = t, error = %e, "could not drop a datastore staging table");
            }
        }
    }

    async fn copy_rows<I>(
        &self,
        create: &str,
        table: &str,
        fields: &[Field],
        rows: I,
    ) -> Result<i64, StoreError>
    where
        I: Iterator<Item = Result<Vec<Cell>, StoreError>> + Send,
    {
        let width = fields.len();
        let words = words_of(fields).is_some();
        let started = std::time::Instant::now();
        let pool = self.pg_pool().await?;
        let mut conn = pool.acquire().await?;
        sqlx::query(create).execute(&mut *conn).await?;
        let mut copy = conn
            .copy_in_raw(&format!("COPY {table} FROM STDIN WITH (FORMAT csv)"))
            .await?;
        let mut buf = Vec::with_capacity(COPY_CHUNK + 64 * 1024);
        let mut n = 0i64;
        for row in rows {
            let row = match row.and_then(|r| width_checked(r, width)) {
                Ok(r) => r,
                Err(e) => {
                    copy.abort("the file could not be read").await.ok();
                    return Err(e);
                }
            };
            n += 1;
            copy_csv(&mut buf, n, &row, words);
            if buf.len() >= COPY_CHUNK {
                copy.send(std::mem::take(&mut buf)).await?;
                buf.reserve(COPY_CHUNK + 64 * 1024);
            }
        }
        if !buf.is_empty() {
            copy.send(buf).await?;
        }
        copy.finish().await?;
        let copied = started.elapsed();
        // The word index (GIN, the slowest) builds on a second connection while the columns'
        // indexes build on this one: two cores, two builds (CREATE INDEX's locks share).
        let mut statements = index_statements(Engine::Postgres, table, fields);
        let word_index = (statements.len() > fields.len()).then(|| statements.remove(fields.len()));
        let build = |mut c: sqlx::pool::PoolConnection<sqlx::Postgres>, list: Vec<String>| async move {
            sqlx::query("SET maintenance_work_mem = '256MB'")
                .execute(&mut *c)
                .await?;
            for statement in list {
                sqlx::query(&statement).execute(&mut *c).await?;
            }
            Ok::<_, StoreError>(c)
        };
        let mut conn = match word_index {
            Some(w) => {
                let other = pool.acquire().await?;
                let (conn, _) = tokio::try_join!(build(conn, statements), build(other, vec![w]))?;
                conn
            }
            None => build(conn, statements).await?,
        };
        // A table just filled has no statistics for the planner and no visibility map for
        // index-only counts; one pass gives it both (outside a transaction, as VACUUM needs).
        sqlx::query(&format!("VACUUM (ANALYZE) {table}"))
            .execute(&mut *conn)
            .await?;
        tracing::info!(
            rows = n,
            copy_ms = copied.as_millis() as u64,
            index_and_vacuum_ms = (started.elapsed() - copied).as_millis() as u64,
            "rows copied into a datastore staging table"
        );
        Ok(n)
    }

    /// On SQLite the whole load is one write transaction: its single writer would make any
    /// other writer wait anyway, better on our lock than on SQLITE_BUSY.
    async fn insert_rows<I>(
        &self,
        create: &str,
        table: &str,
        fields: &[Field],
        rows: I,
    ) -> Result<i64, StoreError>
    where
        I: Iterator<Item = Result<Vec<Cell>, StoreError>> + Send,
    {
        let width = fields.len();
        let per_batch = (SQLITE_BATCH_VALUES / (width + 1)).clamp(1, 1000);
        let one = format!("({})", vec!["?"; width + 1].join(", "));
        let full = format!(
            "INSERT INTO {table} VALUES {}",
            vec![one.as_str(); per_batch].join(", ")
        );
        let mut w = self.begin_write().await?;
        sqlx::query(create).execute(&mut *w.tx).await?;
        let mut batch: Vec<Vec<Cell>> = Vec::with_capacity(per_batch);
        let mut n = 0i64;
        let mut rows = rows.peekable();
        while let Some(row) = rows.next() {
            batch.push(width_checked(row?, width)?);
            if batch.len() == per_batch || rows.peek().is_none() {
                let sql = if batch.len() == per_batch {
                    full.clone()
                } else {
                    format!(
                        "INSERT INTO {table} VALUES {}",
                        vec![one.as_str(); batch.len()].join(", ")
                    )
                };
                let mut q = sqlx::query(&sql);
                for row in &batch {
                    n += 1;
                    q = q.bind(n);
                    for cell in row {
                        q = bind_cell(q, cell);
                    }
                }
                q.execute(&mut *w.tx).await?;
                batch.clear();
            }
        }
        for statement in index_statements(Engine::Sqlite, table, fields) {
            sqlx::query(&statement).execute(&mut *w.tx).await?;
        }
        w.commit().await?;
        Ok(n)
    }

    /// Drops the staging tables an interrupted load left behind.
    pub async fn drop_datastore_staging(&self) -> Result<usize, StoreError> {
        let names: Vec<String> = self
            .table_names()
            .await?
            .into_iter()
            .filter(|n| {
                n.strip_prefix(STAGING_PREFIX)
                    .is_some_and(|rest| !rest.contains('_'))
            })
            .collect();
        for n in &names {
            self.drop_table(n).await;
        }
        Ok(names.len())
    }

    /// Puts `staged` in place as resource `resource_id`'s store (file version `version`),
    /// replacing what was there, inside the resource's write transaction.
    pub(crate) async fn place_datastore(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        staged: &Staged,
        resource_id: i64,
        version: i64,
        public_id: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let table = table_of(resource_id);
        Self::drop_datastore(tx, resource_id).await?;
        sqlx::query(&format!("ALTER TABLE {} RENAME TO {table}", staged.table))
            .execute(&mut **tx)
            .await?;
        if staged.words {
            sqlx::query(&format!(
                "ALTER TABLE {}_words RENAME TO {table}_words",
                staged.table
            ))
            .execute(&mut **tx)
            .await?;
        }
        let fields = serde_json::to_string(&staged.fields).map_err(std::io::Error::from)?;
        sqlx::query("INSERT INTO open_datastores (resource_id, version, public_id, fields, row_count, loaded_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(resource_id)
            .bind(version)
            .bind(public_id)
            .bind(fields)
            .bind(staged.rows)
            .bind(ts(at))
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Drops resource `resource_id`'s store, its tables and its row (before its new version
    /// is put in place, or when that version is not tabular).
    pub(crate) async fn drop_datastore(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        resource_id: i64,
    ) -> Result<(), StoreError> {
        for t in tables_of(&table_of(resource_id)) {
            sqlx::query(&format!("DROP TABLE IF EXISTS {t}"))
                .execute(&mut **tx)
                .await?;
        }
        sqlx::query("DELETE FROM open_datastores WHERE resource_id = $1")
            .bind(resource_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Puts `staged` in place for a version already kept (loading again after a restore).
    pub async fn place_loaded(
        &self,
        staged: &Staged,
        resource_id: i64,
        version: i64,
        instance: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let public_id =
            padu_domain::data_terbuka::vocabulary::public_id(instance, "resource", resource_id);
        let mut w = self.begin_write().await?;
        Self::place_datastore(&mut w.tx, staged, resource_id, version, &public_id, at).await?;
        w.commit().await
    }

    /// What is loaded for resource `resource_id`, if anything.
    pub async fn datastore(&self, resource_id: i64) -> Result<Option<Datastore>, StoreError> {
        self.datastore_where("resource_id", Cell::Int(resource_id))
            .await
    }

    /// What is loaded for the resource CKAN clients know as `public_id`.
    pub async fn datastore_by_public_id(
        &self,
        public_id: &str,
    ) -> Result<Option<Datastore>, StoreError> {
        self.datastore_where("public_id", Cell::Text(public_id.to_string()))
            .await
    }

    /// The row of `open_datastores` whose `key` column (one of its two unique keys) is `value`.
    async fn datastore_where(
        &self,
        key: &'static str,
        value: Cell,
    ) -> Result<Option<Datastore>, StoreError> {
        let sql = format!("SELECT resource_id, version, public_id, fields, row_count, loaded_at FROM open_datastores WHERE {key} = $1");
        let q = bind_cell(sqlx::query(&sql), &value);
        let Some(r) = q.fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let fields: String = r.try_get(3)?;
        Ok(Some(Datastore {
            resource_id: r.try_get(0)?,
            version: r.try_get(1)?,
            public_id: r.try_get(2)?,
            fields: serde_json::from_str(&fields).map_err(std::io::Error::from)?,
            row_count: r.try_get(4)?,
            loaded_at: r.try_get(5)?,
        }))
    }

    /// The resources that are loaded, by id.
    pub async fn datastore_resource_ids(&self) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query("SELECT resource_id FROM open_datastores")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?)
    }

    /// A page of `store`'s rows as `search` asks.
    pub async fn datastore_search(
        &self,
        store: &Datastore,
        search: &Search,
    ) -> Result<Found, StoreError> {
        let table = table_of(store.resource_id);
        let mut binds: Vec<Cell> = Vec::new();
        let condition = conditions(self.engine, &table, &store.fields, search, &mut binds);
        let selected: Vec<String> = search.columns.iter().map(|c| column(*c)).collect();
        let mut order: Vec<String> = search
            .sort
            .iter()
            .map(|(c, desc)| {
                // PostgreSQL's own order (nulls last going up, first going down), spelled out
                // so that SQLite answers the same.
                let dir = if *desc {
                    "DESC NULLS FIRST"
                } else {
                    "ASC NULLS LAST"
                };
                format!("{} {dir}", column(*c))
            })
            .collect();
        if !search.sort.iter().any(|(c, _)| c.is_none()) {
            order.push("_id ASC".into());
        }
        let sql = format!(
            "SELECT {} FROM {table} {condition} ORDER BY {} LIMIT {} OFFSET {}",
            selected.join(", "),
            order.join(", "),
            search.limit,
            search.offset
        );
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = bind_cell(q, b);
        }
        let types: Vec<FieldType> = search
            .columns
            .iter()
            .map(|c| c.map_or(FieldType::Int, |i| store.fields[i].field_type))
            .collect();
        let rows = q
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| read_row(r, &types))
            .collect::<Result<Vec<_>, _>>()?;
        let total = if !search.include_total {
            None
        } else if !search.has_conditions() {
            Some(store.row_count)
        } else if let (Engine::Sqlite, Some(tokens)) =
            (self.engine, words_only(&store.fields, search))
        {
            // Only words: FTS5 counts its own matches, without visiting the table (a word
            // in one row of fifteen, over a million rows: 10 ms rather than 40).
            let count = format!("SELECT COUNT(*) FROM {table}_words WHERE {table}_words MATCH $1");
            Some(
                sqlx::query(&count)
                    .bind(fts_match(&tokens))
                    .fetch_one(&self.pool)
                    .await?
                    .try_get(0)?,
            )
        } else {
            let count = format!("SELECT COUNT(*) FROM {table} {condition}");
            let mut q = sqlx::query(&count);
            for b in &binds {
                q = bind_cell(q, b);
            }
            Some(q.fetch_one(&self.pool).await?.try_get(0)?)
        };
        Ok(Found {
            columns: search
                .columns
                .iter()
                .map(|c| c.map_or_else(|| "_id".to_string(), |i| store.fields[i].id.clone()))
                .collect(),
            rows,
            total,
        })
    }

    /// Rows of resource `resource_id` with `_id` after `after`, at most `limit`, every column,
    /// in order: an export reads the whole table page by page.
    pub async fn datastore_rows(
        &self,
        store: &Datastore,
        after: i64,
        limit: i64,
    ) -> Result<Vec<(i64, Vec<Cell>)>, StoreError> {
        let table = table_of(store.resource_id);
        let columns: Vec<String> = (0..store.fields.len()).map(|i| column(Some(i))).collect();
        let sql = format!(
            "SELECT _id, {} FROM {table} WHERE _id > $1 ORDER BY _id LIMIT $2",
            columns.join(", ")
        );
        let types: Vec<FieldType> = std::iter::once(FieldType::Int)
            .chain(store.fields.iter().map(|f| f.field_type))
            .collect();
        sqlx::query(&sql)
            .bind(after)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let mut cells = read_row(r, &types)?;
                let id = match cells.remove(0) {
                    Cell::Int(i) => i,
                    _ => 0,
                };
                Ok((id, cells))
            })
            .collect()
    }
}

/// An index on each column, so that a filter or a sort on any of them reads only what it
/// answers, and a word index over the text and date columns for `q` (the benchmark's
/// 1,000,000 rows: bench/data_terbuka.sh): FTS5 beside the table on SQLite (its rowid is
/// `_id`), a GIN index over the columns' words on PostgreSQL.
fn index_statements(engine: Engine, table: &str, fields: &[Field]) -> Vec<String> {
    let mut all: Vec<String> = (1..=fields.len())
        .map(|i| format!("CREATE INDEX {table}_c{i} ON {table} (c{i})"))
        .collect();
    if let Some(body) = words_of(fields) {
        match engine {
            Engine::Sqlite => {
                all.push(format!("CREATE VIRTUAL TABLE {table}_words USING fts5(body, content='', detail='none', tokenize='unicode61 remove_diacritics 2')"));
                all.push(format!(
                    "INSERT INTO {table}_words (rowid, body) SELECT _id, {body} FROM {table}"
                ));
            }
            Engine::Postgres => all.push(format!(
                "CREATE INDEX {table}_words ON {table} USING gin ({PG_WORDS})"
            )),
        }
    }
    all
}

/// The words of a row as one text (its text and date columns), which SQLite's word index is
/// filled from; None without such columns, and then no word index is built on either engine.
fn words_of(fields: &[Field]) -> Option<String> {
    let parts: Vec<String> = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f.field_type, FieldType::Text | FieldType::Date))
        .map(|(i, _)| format!("COALESCE({}, '')", column(Some(i))))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" || ' ' || "))
}

/// PostgreSQL's words of a row: its `_words` column (filled by `copy_csv`) as the index
/// and the question read it.
const PG_WORDS: &str = "to_tsvector('simple', _words)";

/// A word of `q` as the word indexes split text: its letters and digits, lowercased; a word
/// of punctuation only has none.
fn tokens(word: &str) -> Vec<String> {
    word.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn width_checked(row: Vec<Cell>, width: usize) -> Result<Vec<Cell>, StoreError> {
    if row.len() == width {
        Ok(row)
    } else {
        Err(StoreError::invalid(
            "file",
            format!("a row has {} cells where the header has {width}", row.len()),
        ))
    }
}

fn read_row(r: &sqlx::any::AnyRow, types: &[FieldType]) -> Result<Vec<Cell>, StoreError> {
    types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Ok(match t {
                FieldType::Int => r
                    .try_get::<Option<i64>, _>(i)?
                    .map_or(Cell::Null, Cell::Int),
                FieldType::Numeric => r
                    .try_get::<Option<f64>, _>(i)?
                    .map_or(Cell::Null, Cell::Numeric),
                FieldType::Date | FieldType::Text => r
                    .try_get::<Option<String>, _>(i)?
                    .map_or(Cell::Null, Cell::Text),
            })
        })
        .collect()
}

/// The tokens of a search that asks only words of the word index: no filter, no field's
/// words, every word with letters or digits and none a number a number column could equal.
fn words_only(fields: &[Field], search: &Search) -> Option<Vec<String>> {
    if !search.filters.is_empty() || !search.field_words.is_empty() || words_of(fields).is_none() {
        return None;
    }
    let mut all = Vec::new();
    for word in &search.words {
        let tokens = tokens(word);
        if tokens.is_empty() || fields.iter().any(|f| number_value(f, word).is_some()) {
            return None;
        }
        all.extend(tokens);
    }
    Some(all)
}

/// The value a word of `q` has in `field` when that is a number column and the word one of
/// its numbers: `q` matches such a column by equality.
fn number_value(field: &Field, word: &str) -> Option<Cell> {
    if !field.field_type.is_number() {
        return None;
    }
    cell_value(field.field_type, word).filter(|c| matches!(c, Cell::Int(_) | Cell::Numeric(_)))
}

/// FTS5's question for rows with words beginning with each of `tokens`: each quoted (a
/// token has letters and digits only) and taken as a prefix.
fn fts_match(tokens: &[String]) -> String {
    let query: Vec<String> = tokens.iter().map(|t| format!("\"{t}\"*")).collect();
    query.join(" AND ")
}

/// Rows whose text holds words beginning with each of `tokens` (one word of `q` may hold
/// several, as `jl.sutan` does), asked of the word index.
fn word_match(engine: Engine, table: &str, binds: &mut Vec<Cell>, tokens: &[String]) -> String {
    match engine {
        Engine::Sqlite => {
            binds.push(Cell::Text(fts_match(tokens)));
            format!(
                "_id IN (SELECT rowid FROM {table}_words WHERE {table}_words MATCH ${})",
                binds.len()
            )
        }
        Engine::Postgres => {
            let query: Vec<String> = tokens.iter().map(|t| format!("{t}:*")).collect();
            binds.push(Cell::Text(query.join(" & ")));
            format!("{PG_WORDS} @@ to_tsquery('simple', ${})", binds.len())
        }
    }
}

/// A LIKE pattern for `word` anywhere, its own `%`, `_` and `\` taken literally.
fn contains(word: &str) -> String {
    let mut p = String::from("%");
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The WHERE clause of `search`, its values pushed onto `binds` in the order of their
/// placeholders.
fn conditions(
    engine: Engine,
    table: &str,
    fields: &[Field],
    search: &Search,
    binds: &mut Vec<Cell>,
) -> String {
    let mut all: Vec<String> = Vec::new();
    let next = |binds: &mut Vec<Cell>, cell: Cell| {
        binds.push(cell);
        format!("${}", binds.len())
    };
    for (col, values) in &search.filters {
        let c = column(*col);
        let mut any: Vec<String> = Vec::new();
        for v in values {
            if *v == Cell::Null {
                any.push(format!("{c} IS NULL"));
            } else {
                any.push(format!("{c} = {}", next(binds, v.clone())));
            }
        }
        all.push(format!("({})", any.join(" OR ")));
    }
    // SQLite's LIKE ignores the case of ASCII letters already; PostgreSQL's ILIKE does.
    let operator = match engine {
        Engine::Sqlite => "LIKE",
        Engine::Postgres => "ILIKE",
    };
    let like = |binds: &mut Vec<Cell>, c: &str, word: &str| -> String {
        binds.push(Cell::Text(contains(word)));
        format!("{c} {operator} ${} ESCAPE '\\'", binds.len())
    };
    // Every word of `q` must begin a word of the row's text (the word index), or equal a
    // number column's value.
    for word in &search.words {
        let mut any: Vec<String> = Vec::new();
        let tokens = tokens(word);
        for (i, f) in fields.iter().enumerate() {
            if let Some(n) = number_value(f, word) {
                any.push(format!("{} = {}", column(Some(i)), next(binds, n)));
            }
        }
        // A word matches a number column's equal value, or the words of the row.
        if !tokens.is_empty() && words_of(fields).is_some() {
            any.push(word_match(engine, table, binds, &tokens));
        }
        all.push(if any.is_empty() {
            "1 = 0".to_string()
        } else {
            format!("({})", any.join(" OR "))
        });
    }
    for (i, words) in &search.field_words {
        let c = column(Some(*i));
        for word in words {
            let text = match fields[*i].field_type {
                FieldType::Text | FieldType::Date => c.clone(),
                // A number searched as text: its digits.
                _ => format!("CAST({c} AS TEXT)"),
            };
            all.push(like(binds, &text, word));
        }
    }
    if all.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", all.join(" AND "))
    }
}

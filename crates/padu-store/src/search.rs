//! Word search over complaints and tickets, on each engine's own full-text index (SQLite FTS5,
//! PostgreSQL GIN over `to_tsvector('simple', …)`), so a search over a million rows reads the
//! index instead of every row.
//!
//! A query is split into words; every word must occur, each as a prefix ("jala" finds "jalan").
//! Punctuation is dropped, so nothing the user types reaches the engine's query syntax.

use crate::Engine;

/// At most this many words take part in a search.
const MAX_WORDS: usize = 8;

/// The words of a query, lower-cased.
pub fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_lowercase)
        .collect()
}

/// The value to bind for a word search (every word must occur), or None when the query has
/// no words.
pub fn pattern(engine: Engine, q: Option<&str>) -> Option<String> {
    join(engine, &words(q?), true)
}

/// A pattern matching rows with any of the words (for "similar" candidates).
pub fn pattern_any(engine: Engine, words: &[String]) -> Option<String> {
    join(engine, &words[..words.len().min(MAX_WORDS * 2)], false)
}

/// Prefix terms joined by AND (`all`) or OR, in the engine's query syntax.
fn join(engine: Engine, words: &[String], all: bool) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    let (term, sep): (fn(&String) -> String, &str) = match (engine, all) {
        (Engine::Sqlite, true) => (|w| format!("\"{w}\"*"), " AND "),
        (Engine::Sqlite, false) => (|w| format!("\"{w}\"*"), " OR "),
        (Engine::Postgres, true) => (|w| format!("{w}:*"), " & "),
        (Engine::Postgres, false) => (|w| format!("{w}:*"), " | "),
    };
    Some(words.iter().map(term).collect::<Vec<_>>().join(sep))
}

/// The condition "row `alias` of `table` matches the pattern" with one `?` for the pattern.
pub fn condition(engine: Engine, table: &str, alias: &str) -> String {
    match engine {
        Engine::Sqlite => {
            format!("{alias}.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)")
        }
        Engine::Postgres => format!(
            "to_tsvector('simple', {alias}.title || ' ' || {alias}.body) @@ to_tsquery('simple', ?)"
        ),
    }
}

/// Indexes a new row's title and body (SQLite; PostgreSQL's index follows the table itself).
pub(crate) async fn index_row(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    engine: Engine,
    table: &str,
    id: i64,
    title: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    if engine == Engine::Sqlite {
        sqlx::query(&format!(
            "INSERT INTO {table}_fts (rowid, title, body) VALUES ($1, $2, $3)"
        ))
        .bind(id)
        .bind(title)
        .bind(body)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Lists count their matches only up to this many; beyond it the total is a lower bound.
pub const COUNT_CAP: i64 = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_prefix_words_without_syntax() {
        assert_eq!(
            pattern(Engine::Sqlite, Some("Jalan \"rusak\" OR*")),
            Some("\"jalan\"* AND \"rusak\"* AND \"or\"*".into())
        );
        assert_eq!(
            pattern(Engine::Postgres, Some("lampu  jalan!")),
            Some("lampu:* & jalan:*".into())
        );
        assert_eq!(pattern(Engine::Sqlite, Some(" ?! ")), None);
        assert_eq!(pattern(Engine::Sqlite, None), None);
    }
}

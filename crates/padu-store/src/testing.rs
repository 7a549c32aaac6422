//! Test support: a fresh, migrated store on each engine. Used by this crate's conformance suite
//! and by the server's tests, so that every storage test runs against SQLite and PostgreSQL.
//!
//! PostgreSQL comes from `PADU_TEST_POSTGRES_URL` (a role that may create databases); each
//! store gets a database of its own. Without the variable the PostgreSQL half is skipped with a
//! note, unless `PADU_REQUIRE_POSTGRES=1` (as in CI), where that is a failure.

use crate::{Engine, Store};
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;

/// A store and what keeps it alive (the temporary directory of an SQLite file).
pub struct TestStore {
    pub store: Store,
    pub url: String,
    pub dir: tempfile::TempDir,
}

impl TestStore {
    pub fn engine(&self) -> Engine {
        self.store.engine()
    }
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

/// The database URL for a fresh, empty database on `engine` (None when PostgreSQL is not
/// configured and not required).
pub async fn fresh_url(engine: Engine, dir: &std::path::Path) -> Option<String> {
    match engine {
        Engine::Sqlite => Some(format!("sqlite://{}", dir.join("padu.db").display())),
        Engine::Postgres => {
            let Ok(admin_url) = std::env::var("PADU_TEST_POSTGRES_URL") else {
                assert!(
                    std::env::var("PADU_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                    "PADU_REQUIRE_POSTGRES=1 but PADU_TEST_POSTGRES_URL is not set"
                );
                eprintln!("note: PADU_TEST_POSTGRES_URL not set; skipping the PostgreSQL half of this test");
                return None;
            };
            let name = format!("padu_t_{}", hex::encode(rand::random::<[u8; 6]>()));
            let admin = Store::open(&admin_url)
                .await
                .expect("connect to PADU_TEST_POSTGRES_URL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin.pool)
                .await
                .expect("create test database");
            admin.close().await;
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(admin_url);
            Some(format!("{base}/{name}"))
        }
    }
}

/// When test stores record their migrations as applied: a fixed instant, since what runs
/// below Padu's clock module never reads the clock (clippy.toml).
pub const MIGRATED_AT: chrono::DateTime<chrono::Utc> =
    chrono::DateTime::from_timestamp_nanos(1_767_225_600_000_000_000);

/// A fresh migrated store on `engine`, or None where PostgreSQL is skipped.
pub async fn store(engine: Engine) -> Option<TestStore> {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = fresh_url(engine, dir.path()).await?;
    let store = Store::open(&url).await.expect("open store");
    store.migrate(MIGRATED_AT).await.expect("migrate");
    Some(TestStore { store, url, dir })
}

/// Both engines (PostgreSQL only where configured).
pub const ENGINES: [Engine; 2] = [Engine::Sqlite, Engine::Postgres];

/// Runs `test` on a fresh migrated store of each engine.
pub async fn on_both_engines(test: impl AsyncFnMut(TestStore)) {
    on_both_engines_with(store, test).await
}

/// Runs `test` once per engine on what `setup` makes for it (a store, a server, a database
/// URL); `setup` answers None where PostgreSQL is skipped. Every engine runs even when an
/// earlier one failed, and the failure names the engines it happened on, so a report says at
/// once whether a fault is one engine's or both.
pub async fn on_both_engines_with<T>(
    mut setup: impl AsyncFnMut(Engine) -> Option<T>,
    mut test: impl AsyncFnMut(T),
) {
    let mut failures = Vec::new();
    for engine in ENGINES {
        let Some(fixture) = setup(engine).await else {
            continue;
        };
        if let Err(panic) = AssertUnwindSafe(test(fixture)).catch_unwind().await {
            failures.push(format!(
                "on {}: {}",
                engine_name(engine),
                panic_text(&*panic)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn engine_name(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "SQLite",
        Engine::Postgres => "PostgreSQL",
    }
}

/// The message a panic was raised with (`panic!` and `assert!` give a string).
fn panic_text(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message")
}

/// A Dinas named after its code ("Dinas {code}"), as the storage tests create one.
pub fn pd_input(code: &str) -> crate::org::PdInput {
    crate::org::PdInput {
        code: code.into(),
        name: format!("Dinas {code}"),
        short_name: None,
        kind: "dinas".into(),
        is_dinas_kominfo: false,
        address: None,
    }
}

/// A message-log record as the gateway would write it (odd numbers keep no body, even ones
/// keep a 3-byte response body).
pub fn sample_message(n: i64) -> crate::gsb::NewMessage {
    crate::gsb::NewMessage {
        x_road_id: format!("xid-{n}"),
        record: format!("{{\"n\":{n}}}"),
        request_body: None,
        response_body: (n % 2 == 0).then(|| vec![n as u8; 3]),
    }
}

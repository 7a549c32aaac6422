//! Schema migrations for both engines from one set of SQL files. The few dialect differences
//! are placeholders (`{id}`, an auto-assigned BIGINT primary key; `{real}`; `{blob}`) and, where
//! the engines really differ (full-text search), a per-engine file applied after the common one.

use crate::{Engine, Store, StoreError};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// One migration: the SQL both engines run, then each engine's own.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub common: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

impl Migration {
    /// The SQL this engine runs, placeholders rendered.
    pub fn sql(&self, engine: Engine) -> String {
        let extra = match engine {
            Engine::Sqlite => self.sqlite,
            Engine::Postgres => self.postgres,
        };
        render(&format!("{};\n{extra}", self.common), engine)
    }

    /// The checksum recorded when applied (common SQL only when there is no engine part, so
    /// migrations from before engine parts existed keep their checksum).
    fn checksum(&self, engine: Engine) -> String {
        let extra = match engine {
            Engine::Sqlite => self.sqlite,
            Engine::Postgres => self.postgres,
        };
        let mut h = Sha256::new();
        h.update(self.common.as_bytes());
        h.update(extra.as_bytes());
        hex::encode(h.finalize())
    }
}

/// Every migration, in order. Never edit one that has shipped: add a new one.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        common: include_str!("migrations/001_foundation.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 2,
        name: "layanan",
        common: include_str!("migrations/002_layanan.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 3,
        name: "service_desk",
        common: include_str!("migrations/003_service_desk.sql"),
        sqlite: include_str!("migrations/003_service_desk.sqlite.sql"),
        postgres: include_str!("migrations/003_service_desk.postgres.sql"),
    },
    Migration {
        version: 4,
        name: "queue_and_search",
        common: include_str!("migrations/004_queue_and_search.sql"),
        sqlite: "",
        postgres: include_str!("migrations/004_queue_and_search.postgres.sql"),
    },
    Migration {
        version: 5,
        name: "service_bus",
        common: include_str!("migrations/005_service_bus.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 6,
        name: "bus_trust",
        common: include_str!("migrations/006_bus_trust.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 7,
        name: "message_log_ranges",
        common: include_str!("migrations/007_message_log_ranges.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 8,
        name: "message_log_lean",
        common: include_str!("migrations/008_message_log_lean.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 9,
        name: "catalog_applications",
        common: include_str!("migrations/009_catalog_applications.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 10,
        name: "catalog_datasets",
        common: include_str!("migrations/010_catalog_datasets.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 11,
        name: "catalog_search",
        common: include_str!("migrations/011_catalog_search.sql"),
        sqlite: include_str!("migrations/011_catalog_search.sqlite.sql"),
        postgres: include_str!("migrations/011_catalog_search.postgres.sql"),
    },
    Migration {
        version: 12,
        name: "websites_and_agendas",
        common: include_str!("migrations/012_websites_and_agendas.sql"),
        sqlite: include_str!("migrations/012_websites_and_agendas.sqlite.sql"),
        postgres: include_str!("migrations/012_websites_and_agendas.postgres.sql"),
    },
    Migration {
        version: 13,
        name: "planning",
        common: include_str!("migrations/013_planning.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 14,
        name: "services_and_processes",
        common: include_str!("migrations/014_services_and_processes.sql"),
        sqlite: include_str!("migrations/014_services_and_processes.sqlite.sql"),
        postgres: include_str!("migrations/014_services_and_processes.postgres.sql"),
    },
    Migration {
        version: 15,
        name: "lan_diagrams",
        common: include_str!("migrations/015_lan_diagrams.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 16,
        name: "infrastructure",
        common: include_str!("migrations/016_infrastructure.sql"),
        sqlite: include_str!("migrations/016_infrastructure.sqlite.sql"),
        postgres: include_str!("migrations/016_infrastructure.postgres.sql"),
    },
    Migration {
        version: 17,
        name: "requests",
        common: include_str!("migrations/017_requests.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 18,
        name: "policies",
        common: include_str!("migrations/018_policies.sql"),
        sqlite: include_str!("migrations/018_policies.sqlite.sql"),
        postgres: include_str!("migrations/018_policies.postgres.sql"),
    },
    Migration {
        version: 19,
        name: "search_words",
        common: include_str!("migrations/019_search_words.sql"),
        sqlite: "",
        postgres: include_str!("migrations/019_search_words.postgres.sql"),
    },
    Migration {
        version: 20,
        name: "login_throttle",
        common: include_str!("migrations/020_login_throttle.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 21,
        name: "must_change_password",
        common: include_str!("migrations/021_must_change_password.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 22,
        name: "finding_follow_ups",
        common: include_str!("migrations/022_finding_follow_ups.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 23,
        name: "application_copyright",
        common: include_str!("migrations/023_application_copyright.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 24,
        name: "service_clearance",
        common: include_str!("migrations/024_service_clearance.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 25,
        name: "region_profile",
        common: include_str!("migrations/025_region_profile.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 26,
        name: "manajemen_risks",
        common: include_str!("migrations/026_manajemen_risks.sql"),
        sqlite: include_str!("migrations/026_manajemen_risks.sqlite.sql"),
        postgres: include_str!("migrations/026_manajemen_risks.postgres.sql"),
    },
    Migration {
        version: 27,
        name: "manajemen_risk_reviews",
        common: include_str!("migrations/027_manajemen_risk_reviews.sql"),
        sqlite: include_str!("migrations/027_manajemen_risk_reviews.sqlite.sql"),
        postgres: include_str!("migrations/027_manajemen_risk_reviews.postgres.sql"),
    },
    Migration {
        version: 28,
        name: "manajemen_risk_contexts",
        common: include_str!("migrations/028_manajemen_risk_contexts.sql"),
        sqlite: include_str!("migrations/028_manajemen_risk_contexts.sqlite.sql"),
        postgres: include_str!("migrations/028_manajemen_risk_contexts.postgres.sql"),
    },
    Migration {
        version: 29,
        name: "manajemen_security",
        common: include_str!("migrations/029_manajemen_security.sql"),
        sqlite: include_str!("migrations/029_manajemen_security.sqlite.sql"),
        postgres: include_str!("migrations/029_manajemen_security.postgres.sql"),
    },
    Migration {
        version: 30,
        name: "manajemen_isms",
        common: include_str!("migrations/030_manajemen_isms.sql"),
        sqlite: include_str!("migrations/030_manajemen_isms.sqlite.sql"),
        postgres: include_str!("migrations/030_manajemen_isms.postgres.sql"),
    },
    Migration {
        version: 31,
        name: "manajemen_risk_cells",
        common: include_str!("migrations/031_manajemen_risk_cells.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 32,
        name: "manajemen_risk_criteria",
        common: include_str!("migrations/032_manajemen_risk_criteria.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 33,
        name: "evaluasi",
        common: include_str!("migrations/033_evaluasi.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 34,
        name: "audit",
        common: include_str!("migrations/034_audit.sql"),
        sqlite: include_str!("migrations/034_audit.sqlite.sql"),
        postgres: include_str!("migrations/034_audit.postgres.sql"),
    },
    Migration {
        version: 35,
        name: "evaluasi_reports",
        common: include_str!("migrations/035_evaluasi_reports.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 36,
        name: "evaluasi_separation",
        common: include_str!("migrations/036_evaluasi_separation.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 37,
        name: "data_terbuka",
        common: include_str!("migrations/037_data_terbuka.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 38,
        name: "data_terbuka_datastore",
        common: include_str!("migrations/038_data_terbuka_datastore.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 39,
        name: "message_log_columns",
        common: include_str!("migrations/039_message_log_columns.sql"),
        sqlite: "",
        postgres: "",
    },
];

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

pub(crate) fn render(sql: &str, engine: Engine) -> String {
    let (id, real, blob) = match engine {
        Engine::Sqlite => ("INTEGER PRIMARY KEY", "REAL", "BLOB"),
        Engine::Postgres => (
            "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            "DOUBLE PRECISION",
            "BYTEA",
        ),
    };
    sql.replace("{id}", id)
        .replace("{real}", real)
        .replace("{blob}", blob)
}

/// Splits a migration into statements: comment lines go first (they may hold a `;`), then the
/// text splits at `;` (no statement in our migrations contains one inside a string literal;
/// the test below keeps it so).
fn statements(sql: &str) -> Vec<String> {
    let code = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    code.split(';')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

impl Store {
    /// Applies every migration not yet applied, each in its own transaction.
    /// Applies the migrations this database lacks, each recorded as applied at `now`.
    pub async fn migrate(&self, now: chrono::DateTime<chrono::Utc>) -> Result<(), StoreError> {
        sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)")
            .execute(&self.pool)
            .await?;
        let _guard = self.write_lock.lock().await;
        let applied: Vec<(i64, String)> =
            sqlx::query("SELECT version, checksum FROM schema_migrations ORDER BY version")
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| (r.get::<i64, _>(0), r.get::<String, _>(1)))
                .collect();
        for m in MIGRATIONS {
            let (version, name) = (&m.version, &m.name);
            let checksum = m.checksum(self.engine);
            if let Some((_, existing)) = applied.iter().find(|(v, _)| v == version) {
                if *existing != checksum {
                    return Err(StoreError::Invalid {
                        field: "schema_migrations".into(),
                        message: format!("migration {version} ({name}) differs from the one applied to this database"),
                    });
                }
                continue;
            }
            let mut tx = self.pool.begin().await?;
            for stmt in statements(&m.sql(self.engine)) {
                sqlx::query(&stmt).execute(&mut *tx).await?;
            }
            sqlx::query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)")
                .bind(version)
                .bind(*name)
                .bind(&checksum)
                .bind(now.to_rfc3339())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            tracing::info!(version, name, "applied migration");
        }
        Ok(())
    }

    /// The highest migration applied, 0 for an empty database.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let v: Option<i64> = sqlx::query("SELECT MAX(version) FROM schema_migrations")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        Ok(v.unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_split_cleanly() {
        for m in MIGRATIONS {
            for engine in [Engine::Sqlite, Engine::Postgres] {
                let r = m.sql(engine);
                assert!(!r.contains('{'), "unrendered placeholder");
                for s in statements(&r) {
                    assert_eq!(
                        s.matches('\'').count() % 2,
                        0,
                        "a quote spans statements: {s}"
                    );
                }
            }
        }
    }
}

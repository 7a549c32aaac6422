//! The architecture's business and service layers (PRODUCT.md module 2): the Layanan SPBE
//! catalogue (Pessel Pasal 35–37, Kalbar Pasal 25–26, Bogor Pasal 29–30) and the business
//! processes at levels 1–4 in the 11 sectors of Pessel Pasal 39. Services name the
//! applications that run them and the service-bus service that exposes them; processes name
//! the services and applications they use. Links are lists of ids, checked on every write.

use crate::registers::{Env, Record, Register};
use crate::{check_len, check_text, Store, StoreError};
use padu_domain::catalog::{
    GENERAL_APPLICATION_FIELDS, PROCESS_LEVELS, PROCESS_SECTORS, PUBLIC_SERVICE_SECTORS,
    SERVICE_KINDS, SERVICE_SECTORS,
};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::Classification;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// A Layanan SPBE as stored.
pub type Service = Record<ServiceInput>;
/// A business process as stored.
pub type Process = Record<ProcessInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceInput {
    pub pd_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// administrasi or publik.
    pub kind: String,
    /// A public service's sector (Pessel Pasal 36(2)); an administrative one's field
    /// (Pessel Pasal 10(3)).
    pub sector: String,
    #[serde(default)]
    pub application_ids: Vec<i64>,
    #[serde(default)]
    pub bus_service: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default = "biasa")]
    pub classification: Classification,
}

fn biasa() -> Classification {
    Classification::Biasa
}

/// The sectors a service of `kind` may name.
pub fn service_sectors(kind: &str) -> &'static [&'static str] {
    if kind == "publik" {
        &PUBLIC_SERVICE_SECTORS
    } else {
        &GENERAL_APPLICATION_FIELDS
    }
}

const APPLICATIONS: Kind = Kind::Ids("catalog_applications");

const SERVICE_FIELDS: [Field; 9] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("name", Kind::Text).required(),
    Field::new("description", Kind::Long),
    Field::new("kind", Kind::Choice(&SERVICE_KINDS)).required(),
    Field::new("sector", Kind::Choice(&SERVICE_SECTORS)).required(),
    Field::new("application_ids", APPLICATIONS),
    Field::new("bus_service", Kind::Text),
    Field::new("url", Kind::Text),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).or("biasa"),
];

impl Register for ServiceInput {
    const TABLE: &'static str = "catalog_services";
    const DEF: Definition = Definition {
        name: "services",
        entity: "service",
        fields: &SERVICE_FIELDS,
        key: &["name"],
        unique: &[],
        search: &["name", "description"],
        filters: &["kind", "sector"],
        shown: &["kind", "sector", "application_ids", "bus_service"],
        order: &["name"],
        api: "/api/v1/catalog/services",
        page: "/katalog/layanan",
    };

    fn validate(&self, _env: &Env) -> Result<(), StoreError> {
        check_text("name", &self.name, 200)?;
        check_len("description", &self.description, 4000)?;
        let sectors = service_sectors(&self.kind);
        if !sectors.contains(&self.sector.as_str()) {
            return Err(StoreError::invalid(
                "sector",
                format!(
                    "a {} service's sector is one of {}",
                    self.kind,
                    sectors.join(", ")
                ),
            ));
        }
        if let Some(b) = &self.bus_service {
            if b.split('/').count() != 5 || b.split('/').any(|p| p.trim().is_empty()) {
                return Err(StoreError::invalid(
                    "bus_service",
                    "must be INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE",
                ));
            }
        }
        if let Some(u) = &self.url {
            check_len("url", u, 500)?;
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                return Err(StoreError::invalid("url", "must be an http(s) address"));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessInput {
    pub pd_id: i64,
    pub code: String,
    pub name: String,
    /// 1–4.
    pub level: i64,
    /// The code of the process one level up, in the same PD (none at level 1).
    #[serde(default)]
    pub parent_code: Option<String>,
    /// One of the 11 sectors of Pessel Pasal 39(3).
    pub sector: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub service_ids: Vec<i64>,
    #[serde(default)]
    pub application_ids: Vec<i64>,
    #[serde(default = "biasa")]
    pub classification: Classification,
}

const PROCESS_FIELDS: [Field; 10] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("code", Kind::Text).required(),
    Field::new("name", Kind::Text).required(),
    Field::new("level", Kind::Number).required(),
    Field::new("parent_code", Kind::Text),
    Field::new("sector", Kind::Choice(&PROCESS_SECTORS)).required(),
    Field::new("description", Kind::Long),
    Field::new("service_ids", Kind::Ids("catalog_services")),
    Field::new("application_ids", APPLICATIONS),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).or("biasa"),
];

impl Register for ProcessInput {
    const TABLE: &'static str = "catalog_processes";
    const DEF: Definition = Definition {
        name: "processes",
        entity: "process",
        fields: &PROCESS_FIELDS,
        key: &["code"],
        unique: &[],
        search: &["code", "name", "description"],
        filters: &["sector", "level"],
        shown: &["name", "level", "sector", "service_ids", "application_ids"],
        order: &["code"],
        api: "/api/v1/catalog/processes",
        page: "/katalog/proses",
    };

    fn validate(&self, _env: &Env) -> Result<(), StoreError> {
        check_text("code", &self.code, 40)?;
        check_text("name", &self.name, 200)?;
        check_len("description", &self.description, 4000)?;
        if !PROCESS_LEVELS.contains(&self.level) {
            return Err(StoreError::invalid("level", "must be 1–4"));
        }
        if (self.level == 1) != self.parent_code.is_none() {
            return Err(StoreError::invalid(
                "parent_code",
                "a level-1 process has no parent; every other names its parent",
            ));
        }
        Ok(())
    }

    /// A process's parent is one level up, in the same PD and sector; it is stored, or one of
    /// `pending` (the rows of the same import, so a file can hold a whole map).
    async fn check_stored(
        &self,
        store: &Store,
        _env: &Env,
        pending: &[&Self],
    ) -> Result<(), StoreError> {
        if let Some(code) = &self.parent_code {
            let code = code.trim();
            let parent = match pending
                .iter()
                .find(|p| p.pd_id == self.pd_id && p.code.trim() == code)
            {
                Some(p) => Some((p.level, p.sector.clone())),
                None => sqlx::query(
                    "SELECT level, sector FROM catalog_processes WHERE pd_id = $1 AND code = $2",
                )
                .bind(self.pd_id)
                .bind(code)
                .fetch_optional(&store.pool)
                .await?
                .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
                .transpose()?,
            };
            match parent {
                None => {
                    return Err(StoreError::invalid(
                        "parent_code",
                        format!("no process {code} in this PD"),
                    ))
                }
                Some((level, sector)) if level != self.level - 1 || sector != self.sector => {
                    return Err(StoreError::invalid(
                        "parent_code",
                        "the parent is one level up, in the same sector",
                    ))
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// A process with processes under it is not deleted (they would lose their place).
    async fn check_delete(record: &Record<Self>, store: &Store) -> Result<(), StoreError> {
        let children =
            sqlx::query("SELECT 1 FROM catalog_processes WHERE pd_id = $1 AND parent_code = $2")
                .bind(record.pd_id)
                .bind(record.code.clone())
                .fetch_optional(&store.pool)
                .await?;
        if children.is_some() {
            return Err(StoreError::Conflict {
                field: "id".into(),
                message: "the process has processes under it".into(),
            });
        }
        Ok(())
    }
}

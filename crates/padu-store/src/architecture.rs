//! The architecture's business and service layers (PRODUCT.md module 2): the Layanan SPBE
//! catalogue (Pessel Pasal 35–37, Kalbar Pasal 25–26, Bogor Pasal 29–30) and the business
//! processes at levels 1–4 in the 11 sectors of Pessel Pasal 39. Services name the
//! applications that run them and the service-bus service that exposes them; processes name
//! the services and applications they use. Links are lists of ids, checked on every write.

use crate::page::{Arg, Where};
use crate::registers::{Register, Stored, Upsert, UpsertReport};
use crate::sites::AnyQuery;
use crate::{check_len, check_text, AuditCtx, ListQuery, Page, Store, StoreError};
use padu_domain::catalog::{
    GENERAL_APPLICATION_FIELDS, PROCESS_LEVELS, PROCESS_SECTORS, PUBLIC_SERVICE_SECTORS,
    SERVICE_KINDS,
};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

fn ids_text(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

fn ids_of(text: &str) -> Vec<i64> {
    text.split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Service {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub sector: String,
    pub application_ids: Vec<i64>,
    /// The service-bus service that exposes it, as `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`.
    pub bus_service: Option<String>,
    pub url: Option<String>,
    pub classification: Classification,
    pub created_at: String,
    pub updated_at: String,
}

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

impl ServiceInput {
    pub fn validate(&self) -> Result<(), StoreError> {
        check_text("name", &self.name, 200)?;
        check_len("description", &self.description, 4000)?;
        if !SERVICE_KINDS.contains(&self.kind.as_str()) {
            return Err(StoreError::invalid(
                "kind",
                format!("must be one of {}", SERVICE_KINDS.join(", ")),
            ));
        }
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

impl Register for ServiceInput {
    const TABLE: &'static str = "catalog_services";
    const ENTITY: &'static str = "service";
    const COLUMNS: &'static [&'static str] = &[
        "pd_id",
        "name",
        "description",
        "kind",
        "sector",
        "application_ids",
        "bus_service",
        "url",
        "classification",
    ];
    fn pd_id(&self) -> Option<i64> {
        Some(self.pd_id)
    }
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.pd_id)
            .bind(self.name.trim().to_string())
            .bind(self.description.clone())
            .bind(self.kind.clone())
            .bind(self.sector.clone())
            .bind(ids_text(&self.application_ids))
            .bind(self.bus_service.clone())
            .bind(self.url.clone())
            .bind(self.classification.as_str().to_string())
    }
}

impl Stored for ServiceInput {
    type Record = Service;
    const SELECT: &'static str = "t.id, t.pd_id, p.name, t.name, t.description, t.kind, t.sector, t.application_ids, t.bus_service, t.url, t.classification, t.created_at, t.updated_at";
    const JOINS: &'static str = "JOIN perangkat_daerah p ON p.id = t.pd_id";
    const ORDER: &'static str = "t.name, t.id";
    fn decode(r: &AnyRow) -> Result<Service, StoreError> {
        Ok(Service {
            id: r.try_get(0)?,
            pd_id: r.try_get(1)?,
            pd_name: r.try_get(2)?,
            name: r.try_get(3)?,
            description: r.try_get(4)?,
            kind: r.try_get(5)?,
            sector: r.try_get(6)?,
            application_ids: ids_of(&r.try_get::<String, _>(7)?),
            bus_service: r.try_get(8)?,
            url: r.try_get(9)?,
            classification: crate::classification_at(r, 10)?,
            created_at: r.try_get(11)?,
            updated_at: r.try_get(12)?,
        })
    }
    fn record_pd(r: &Service) -> Option<i64> {
        Some(r.pd_id)
    }
}

impl From<&Service> for ServiceInput {
    fn from(s: &Service) -> Self {
        ServiceInput {
            pd_id: s.pd_id,
            name: s.name.clone(),
            description: s.description.clone(),
            kind: s.kind.clone(),
            sector: s.sector.clone(),
            application_ids: s.application_ids.clone(),
            bus_service: s.bus_service.clone(),
            url: s.url.clone(),
            classification: s.classification,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Process {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    /// A code that places it in the map, e.g. `KES.02.01`.
    pub code: String,
    pub name: String,
    pub level: i64,
    /// The code of the process one level up, in the same PD.
    pub parent_code: Option<String>,
    pub sector: String,
    pub description: String,
    pub service_ids: Vec<i64>,
    pub application_ids: Vec<i64>,
    pub classification: Classification,
    pub created_at: String,
    pub updated_at: String,
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

impl ProcessInput {
    pub fn validate(&self) -> Result<(), StoreError> {
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
        if !PROCESS_SECTORS.contains(&self.sector.as_str()) {
            return Err(StoreError::invalid(
                "sector",
                "must be one of the 11 sectors of Pessel Pasal 39(3)",
            ));
        }
        Ok(())
    }
}

impl Register for ProcessInput {
    const TABLE: &'static str = "catalog_processes";
    const ENTITY: &'static str = "process";
    const KEY: &'static str = "code";
    const COLUMNS: &'static [&'static str] = &[
        "pd_id",
        "code",
        "name",
        "level",
        "parent_code",
        "sector",
        "description",
        "service_ids",
        "application_ids",
        "classification",
    ];
    fn pd_id(&self) -> Option<i64> {
        Some(self.pd_id)
    }
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.pd_id)
            .bind(self.code.trim().to_string())
            .bind(self.name.trim().to_string())
            .bind(self.level)
            .bind(self.parent_code.as_ref().map(|c| c.trim().to_string()))
            .bind(self.sector.clone())
            .bind(self.description.clone())
            .bind(ids_text(&self.service_ids))
            .bind(ids_text(&self.application_ids))
            .bind(self.classification.as_str().to_string())
    }
}

impl Stored for ProcessInput {
    type Record = Process;
    const SELECT: &'static str = "t.id, t.pd_id, p.name, t.code, t.name, t.level, t.parent_code, t.sector, t.description, t.service_ids, t.application_ids, t.classification, t.created_at, t.updated_at";
    const JOINS: &'static str = "JOIN perangkat_daerah p ON p.id = t.pd_id";
    const ORDER: &'static str = "t.code, t.id";
    fn decode(r: &AnyRow) -> Result<Process, StoreError> {
        Ok(Process {
            id: r.try_get(0)?,
            pd_id: r.try_get(1)?,
            pd_name: r.try_get(2)?,
            code: r.try_get(3)?,
            name: r.try_get(4)?,
            level: r.try_get(5)?,
            parent_code: r.try_get(6)?,
            sector: r.try_get(7)?,
            description: r.try_get(8)?,
            service_ids: ids_of(&r.try_get::<String, _>(9)?),
            application_ids: ids_of(&r.try_get::<String, _>(10)?),
            classification: crate::classification_at(r, 11)?,
            created_at: r.try_get(12)?,
            updated_at: r.try_get(13)?,
        })
    }
    fn record_pd(r: &Process) -> Option<i64> {
        Some(r.pd_id)
    }
}

impl From<&Process> for ProcessInput {
    fn from(p: &Process) -> Self {
        ProcessInput {
            pd_id: p.pd_id,
            code: p.code.clone(),
            name: p.name.clone(),
            level: p.level,
            parent_code: p.parent_code.clone(),
            sector: p.sector.clone(),
            description: p.description.clone(),
            service_ids: p.service_ids.clone(),
            application_ids: p.application_ids.clone(),
            classification: p.classification,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ArchitectureFilter {
    pub pd_id: Option<i64>,
    pub sector: Option<String>,
}

impl Store {
    /// Every id in `ids` is a row of `table` (a table name from code).
    async fn check_links(&self, field: &str, table: &str, ids: &[i64]) -> Result<(), StoreError> {
        for (i, id) in ids.iter().enumerate() {
            let found = sqlx::query(&format!("SELECT 1 FROM {table} WHERE id = $1"))
                .bind(*id)
                .fetch_optional(&self.pool)
                .await?;
            if found.is_none() {
                return Err(StoreError::invalid(
                    &format!("{field}[{i}]"),
                    format!("no record {id}"),
                ));
            }
        }
        Ok(())
    }

    async fn check_service(&self, input: &ServiceInput) -> Result<(), StoreError> {
        input.validate()?;
        self.check_pd(input.pd_id).await?;
        self.check_links(
            "application_ids",
            "catalog_applications",
            &input.application_ids,
        )
        .await
    }

    /// A process's parent is one level up, in the same PD and sector; it is stored, or one of
    /// `pending` (the rows of the same import, so a file can hold a whole map).
    async fn check_process(
        &self,
        input: &ProcessInput,
        pending: &[&ProcessInput],
    ) -> Result<(), StoreError> {
        input.validate()?;
        self.check_pd(input.pd_id).await?;
        if let Some(code) = &input.parent_code {
            let code = code.trim();
            let parent = match pending
                .iter()
                .find(|p| p.pd_id == input.pd_id && p.code.trim() == code)
            {
                Some(p) => Some((p.level, p.sector.clone())),
                None => sqlx::query(
                    "SELECT level, sector FROM catalog_processes WHERE pd_id = $1 AND code = $2",
                )
                .bind(input.pd_id)
                .bind(code)
                .fetch_optional(&self.pool)
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
                Some((level, sector)) if level != input.level - 1 || sector != input.sector => {
                    return Err(StoreError::invalid(
                        "parent_code",
                        "the parent is one level up, in the same sector",
                    ))
                }
                Some(_) => {}
            }
        }
        self.check_links("service_ids", "catalog_services", &input.service_ids)
            .await?;
        self.check_links(
            "application_ids",
            "catalog_applications",
            &input.application_ids,
        )
        .await
    }

    pub async fn list_spbe_services(
        &self,
        scope: &ReadScope,
        f: &ArchitectureFilter,
        q: &ListQuery,
    ) -> Result<Page<Service>, StoreError> {
        let mut w = Where::default();
        if let Some(pd) = f.pd_id {
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(s) = &f.sector {
            w.and("t.sector = ?", [Arg::Text(s.clone())]);
        }
        w.readable_by(scope, "t");
        self.list_records::<ServiceInput>(w, q).await
    }

    pub async fn list_processes(
        &self,
        scope: &ReadScope,
        f: &ArchitectureFilter,
        q: &ListQuery,
    ) -> Result<Page<Process>, StoreError> {
        let mut w = Where::default();
        if let Some(pd) = f.pd_id {
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(s) = &f.sector {
            w.and("t.sector = ?", [Arg::Text(s.clone())]);
        }
        w.readable_by(scope, "t");
        self.list_records::<ProcessInput>(w, q).await
    }

    pub async fn create_spbe_service(
        &self,
        ctx: &AuditCtx,
        input: &ServiceInput,
    ) -> Result<Service, StoreError> {
        self.check_service(input).await?;
        self.create_record(ctx, input).await
    }

    pub async fn update_spbe_service(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &ServiceInput,
    ) -> Result<Service, StoreError> {
        self.check_service(input).await?;
        self.update_record(ctx, id, input).await
    }

    pub async fn create_process(
        &self,
        ctx: &AuditCtx,
        input: &ProcessInput,
    ) -> Result<Process, StoreError> {
        self.check_process(input, &[]).await?;
        self.create_record(ctx, input).await
    }

    pub async fn update_process(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &ProcessInput,
    ) -> Result<Process, StoreError> {
        self.check_process(input, &[]).await?;
        self.update_record(ctx, id, input).await
    }

    /// A process with processes under it is not deleted (they would lose their place).
    pub async fn delete_process(&self, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        let me = self.get_record::<ProcessInput>(id).await?;
        let children =
            sqlx::query("SELECT 1 FROM catalog_processes WHERE pd_id = $1 AND parent_code = $2")
                .bind(me.pd_id)
                .bind(me.code)
                .fetch_optional(&self.pool)
                .await?;
        if children.is_some() {
            return Err(StoreError::Conflict {
                field: "id".into(),
                message: "the process has processes under it".into(),
            });
        }
        self.delete_record::<ProcessInput>(ctx, id).await
    }

    pub async fn import_spbe_services(
        &self,
        ctx: &AuditCtx,
        rows: &[Upsert<ServiceInput>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<UpsertReport, StoreError> {
        for row in rows {
            self.check_service(row.input()).await?;
        }
        self.write_records(ctx, rows, progress).await
    }

    pub async fn import_processes(
        &self,
        ctx: &AuditCtx,
        rows: &[Upsert<ProcessInput>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<UpsertReport, StoreError> {
        let pending: Vec<&ProcessInput> = rows.iter().map(Upsert::input).collect();
        for row in rows {
            self.check_process(row.input(), &pending).await?;
        }
        self.write_records(ctx, rows, progress).await
    }

    /// Every service the scope may read (for the architecture export).
    pub async fn all_spbe_services(&self, scope: &ReadScope) -> Result<Vec<Service>, StoreError> {
        let mut w = Where::default();
        w.readable_by(scope, "t");
        self.all_records::<ServiceInput>(&w).await
    }

    /// Every process the scope may read (for the architecture export).
    pub async fn all_processes(&self, scope: &ReadScope) -> Result<Vec<Process>, StoreError> {
        let mut w = Where::default();
        w.readable_by(scope, "t");
        self.all_records::<ProcessInput>(&w).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lists_round_trip_through_text() {
        assert_eq!(ids_of(&ids_text(&[3, 14, 15])), [3, 14, 15]);
        assert!(ids_of("").is_empty());
    }
}

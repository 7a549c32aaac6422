//! SPBE infrastructure (PRODUCT.md module 2): the Pusat Data and its DRC, servers and VPS
//! (Bogor Pasal 15), the Pusat Data's IaaS/PaaS/SaaS offerings (Pessel Pasal 26(3)) and
//! network equipment, each with the PD it serves, where it runs and, when it sits at one, its
//! network site. The compliance rules flag a server outside the Pusat Data.

use crate::page::{Arg, Where};
use crate::registers::{Register, Stored, Upsert, UpsertReport};
use crate::sites::AnyQuery;
use crate::{check_len, check_text, AuditCtx, ListQuery, Page, Store, StoreError};
use padu_domain::catalog::{
    ServerFacts, INFRASTRUCTURE_KINDS, INFRASTRUCTURE_PLACES, WEBSITE_STATUSES,
};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Infrastructure {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub name: String,
    pub kind: String,
    pub placed_at: String,
    pub provider: String,
    pub specification: String,
    pub site_id: Option<i64>,
    pub status: String,
    pub classification: Classification,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InfrastructureInput {
    /// The PD it serves (the Dinas for the Pusat Data itself and its offerings).
    pub pd_id: i64,
    pub name: String,
    /// pusat_data, drc, server, vps, iaas, paas, saas or perangkat_jaringan.
    pub kind: String,
    /// pusat_data, drc, pusat_data_nasional, ruang_pd or pihak_ketiga.
    pub placed_at: String,
    #[serde(default)]
    pub provider: String,
    /// CPU, memory, storage; or what an offering provides.
    #[serde(default)]
    pub specification: String,
    #[serde(default)]
    pub site_id: Option<i64>,
    /// aktif or nonaktif.
    pub status: String,
    #[serde(default = "terbatas")]
    pub classification: Classification,
}

fn terbatas() -> Classification {
    Classification::Terbatas
}

impl InfrastructureInput {
    pub fn validate(&self) -> Result<(), StoreError> {
        check_text("name", &self.name, 200)?;
        check_len("provider", &self.provider, 200)?;
        check_len("specification", &self.specification, 4000)?;
        for (field, value, allowed) in [
            ("kind", &self.kind, &INFRASTRUCTURE_KINDS[..]),
            ("placed_at", &self.placed_at, &INFRASTRUCTURE_PLACES[..]),
            ("status", &self.status, &WEBSITE_STATUSES[..]),
        ] {
            if !allowed.contains(&value.as_str()) {
                return Err(StoreError::invalid(
                    field,
                    format!("must be one of {}", allowed.join(", ")),
                ));
            }
        }
        Ok(())
    }

    /// A server or VPS that runs in the Pemda's (or the national) data centre.
    pub fn in_data_center(&self) -> bool {
        matches!(
            self.placed_at.as_str(),
            "pusat_data" | "drc" | "pusat_data_nasional"
        )
    }
}

impl Register for InfrastructureInput {
    const TABLE: &'static str = "catalog_infrastructure";
    const ENTITY: &'static str = "infrastructure";
    const COLUMNS: &'static [&'static str] = &[
        "pd_id",
        "name",
        "kind",
        "placed_at",
        "provider",
        "specification",
        "site_id",
        "status",
        "classification",
    ];
    fn pd_id(&self) -> Option<i64> {
        Some(self.pd_id)
    }
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.pd_id)
            .bind(self.name.trim().to_string())
            .bind(self.kind.clone())
            .bind(self.placed_at.clone())
            .bind(self.provider.clone())
            .bind(self.specification.clone())
            .bind(self.site_id)
            .bind(self.status.clone())
            .bind(self.classification.as_str().to_string())
    }
}

impl Stored for InfrastructureInput {
    type Record = Infrastructure;
    const SELECT: &'static str = "t.id, t.pd_id, p.name, t.name, t.kind, t.placed_at, t.provider, t.specification, t.site_id, t.status, t.classification, t.created_at, t.updated_at";
    const JOINS: &'static str = "JOIN perangkat_daerah p ON p.id = t.pd_id";
    const ORDER: &'static str = "t.name, t.id";
    fn decode(r: &AnyRow) -> Result<Infrastructure, StoreError> {
        Ok(Infrastructure {
            id: r.try_get(0)?,
            pd_id: r.try_get(1)?,
            pd_name: r.try_get(2)?,
            name: r.try_get(3)?,
            kind: r.try_get(4)?,
            placed_at: r.try_get(5)?,
            provider: r.try_get(6)?,
            specification: r.try_get(7)?,
            site_id: r.try_get(8)?,
            status: r.try_get(9)?,
            classification: crate::classification_at(r, 10)?,
            created_at: r.try_get(11)?,
            updated_at: r.try_get(12)?,
        })
    }
    fn record_pd(r: &Infrastructure) -> Option<i64> {
        Some(r.pd_id)
    }
}

impl From<&Infrastructure> for InfrastructureInput {
    fn from(i: &Infrastructure) -> Self {
        InfrastructureInput {
            pd_id: i.pd_id,
            name: i.name.clone(),
            kind: i.kind.clone(),
            placed_at: i.placed_at.clone(),
            provider: i.provider.clone(),
            specification: i.specification.clone(),
            site_id: i.site_id,
            status: i.status.clone(),
            classification: i.classification,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct InfrastructureFilter {
    pub pd_id: Option<i64>,
    pub kind: Option<String>,
}

impl Store {
    async fn check_infrastructure(&self, input: &InfrastructureInput) -> Result<(), StoreError> {
        input.validate()?;
        self.check_pd(input.pd_id).await?;
        if let Some(site) = input.site_id {
            self.get_site(site)
                .await
                .map_err(|_| StoreError::invalid("site_id", "no such network site"))?;
        }
        Ok(())
    }

    pub async fn list_infrastructure(
        &self,
        scope: &ReadScope,
        f: &InfrastructureFilter,
        q: &ListQuery,
    ) -> Result<Page<Infrastructure>, StoreError> {
        let mut w = Where::default();
        if let Some(pd) = f.pd_id {
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(k) = &f.kind {
            w.and("t.kind = ?", [Arg::Text(k.clone())]);
        }
        w.readable_by(scope, "t");
        self.list_records::<InfrastructureInput>(w, q).await
    }

    pub async fn create_infrastructure(
        &self,
        ctx: &AuditCtx,
        input: &InfrastructureInput,
    ) -> Result<Infrastructure, StoreError> {
        self.check_infrastructure(input).await?;
        self.create_record(ctx, input).await
    }

    pub async fn update_infrastructure(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &InfrastructureInput,
    ) -> Result<Infrastructure, StoreError> {
        self.check_infrastructure(input).await?;
        self.update_record(ctx, id, input).await
    }

    pub async fn import_infrastructure(
        &self,
        ctx: &AuditCtx,
        rows: &[Upsert<InfrastructureInput>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<UpsertReport, StoreError> {
        for row in rows {
            self.check_infrastructure(row.input()).await?;
        }
        self.write_records(ctx, rows, progress).await
    }

    /// Live servers and VPS the scope may read, for the Pusat Data rule.
    pub async fn server_facts(&self, scope: &ReadScope) -> Result<Vec<ServerFacts>, StoreError> {
        let mut w = Where::default();
        w.and("t.kind IN ('server', 'vps') AND t.status = 'aktif'", []);
        w.readable_by(scope, "t");
        Ok(self
            .all_records::<InfrastructureInput>(&w)
            .await?
            .iter()
            .map(|i| ServerFacts {
                id: i.id,
                pd_id: Some(i.pd_id),
                name: i.name.clone(),
                in_data_center: InfrastructureInput::from(i).in_data_center(),
            })
            .collect())
    }

    /// Every infrastructure record the scope may read (for the architecture export).
    pub async fn all_infrastructure(
        &self,
        scope: &ReadScope,
    ) -> Result<Vec<Infrastructure>, StoreError> {
        let mut w = Where::default();
        w.readable_by(scope, "t");
        self.all_records::<InfrastructureInput>(&w).await
    }
}

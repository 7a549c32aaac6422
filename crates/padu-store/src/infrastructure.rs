//! SPBE infrastructure (PRODUCT.md module 2): the Pusat Data and its DRC, servers and VPS
//! (Bogor Pasal 15), the Pusat Data's IaaS/PaaS/SaaS offerings (Pessel Pasal 26(3)) and
//! network equipment, each with the PD it serves, where it runs and, when it sits at one, its
//! network site. The compliance rules flag a server outside the Pusat Data.

use crate::registers::{Env, Register};
use crate::{check_len, check_text, Store, StoreError};
use padu_domain::catalog::{
    ServerFacts, INFRASTRUCTURE_KINDS, INFRASTRUCTURE_PLACES, WEBSITE_STATUSES,
};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};

/// A piece of infrastructure as stored.
pub type Infrastructure = crate::registers::Record<InfrastructureInput>;

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
    /// A server or VPS that runs in the Pemda's (or the national) data centre.
    pub fn in_data_center(&self) -> bool {
        matches!(
            self.placed_at.as_str(),
            "pusat_data" | "drc" | "pusat_data_nasional"
        )
    }
}

const FIELDS: [Field; 9] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("name", Kind::Text).required(),
    Field::new("kind", Kind::Choice(&INFRASTRUCTURE_KINDS)).required(),
    Field::new("placed_at", Kind::Choice(&INFRASTRUCTURE_PLACES)).required(),
    Field::new("provider", Kind::Text),
    Field::new("specification", Kind::Long),
    Field::new("site_id", Kind::Number),
    Field::new("status", Kind::Choice(&WEBSITE_STATUSES)).required(),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).or("terbatas"),
];

impl Register for InfrastructureInput {
    const TABLE: &'static str = "catalog_infrastructure";
    const DEF: Definition = Definition {
        name: "infrastructure",
        entity: "infrastructure",
        fields: &FIELDS,
        key: &["name"],
        unique: &[],
        search: &["name", "provider", "specification"],
        filters: &["kind", "placed_at", "status"],
        shown: &["kind", "placed_at", "provider", "specification", "status"],
        order: &["name"],
        api: "/api/v1/catalog/infrastructure",
        page: "/katalog/infrastruktur",
    };

    fn validate(&self, _env: &Env) -> Result<(), StoreError> {
        check_text("name", &self.name, 200)?;
        check_len("provider", &self.provider, 200)?;
        check_len("specification", &self.specification, 4000)
    }

    /// Its network site, when it sits at one, exists.
    async fn check_stored(
        &self,
        store: &Store,
        _env: &Env,
        _pending: &[&Self],
    ) -> Result<(), StoreError> {
        if let Some(site) = self.site_id {
            store
                .get_record::<crate::sites::SiteInput>(site)
                .await
                .map_err(|_| StoreError::invalid("site_id", "no such network site"))?;
        }
        Ok(())
    }
}

/// The infrastructure the catalogue's rules look at.
#[derive(Debug, Default)]
pub struct InfrastructureFacts {
    pub servers: Vec<ServerFacts>,
    pub data_centers: Vec<ServerFacts>,
}

impl Store {
    /// Whether a live DRC is registered, whoever may read it (a fact about the Pemda).
    pub async fn has_live_drc(&self) -> Result<bool, StoreError> {
        let live_drcs = vec![
            ("status".to_string(), "aktif".to_string()),
            ("kind".to_string(), "drc".to_string()),
        ];
        Ok(!self
            .all_records::<InfrastructureInput>(&ReadScope::everything(), &live_drcs)
            .await?
            .is_empty())
    }

    /// Live infrastructure the scope may read, for the Pusat Data rules, grouped as servers
    /// and VPS, and Pusat Data sites.
    pub async fn infrastructure_facts(
        &self,
        scope: &ReadScope,
    ) -> Result<InfrastructureFacts, StoreError> {
        let live = vec![("status".to_string(), "aktif".to_string())];
        let mut out = InfrastructureFacts::default();
        for i in self
            .all_records::<InfrastructureInput>(scope, &live)
            .await?
        {
            let facts = ServerFacts {
                id: i.id,
                pd_id: Some(i.pd_id),
                name: i.name.clone(),
                in_data_center: i.in_data_center(),
            };
            match i.kind.as_str() {
                "server" | "vps" => out.servers.push(facts),
                "pusat_data" => out.data_centers.push(facts),
                _ => {}
            }
        }
        Ok(out)
    }
}

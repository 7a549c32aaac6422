//! The data and information inventory (Kalbar Pasal 11(7) a–e): every data set a PD manages,
//! with the person responsible, classification, distribution, retention, storage location and
//! backup period and media; and the facts the public-data update rule reads (Kalbar Pasal
//! 11(5), Pessel Pasal 12(4)).

use crate::registers::{Env, Register};
use crate::{check_len, check_text, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::catalog::{DatasetFacts, BACKUP_PERIODS, DATA_DISTRIBUTIONS};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};

/// A data set as stored.
pub type Dataset = crate::registers::Record<DatasetInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetInput {
    pub pd_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Kalbar Pasal 11(7)b.
    pub responsible_person: String,
    /// Kalbar Pasal 11(7)c.
    pub classification: Classification,
    /// publik, antar_instansi or internal (Kalbar Pasal 11(7)c).
    pub distribution: String,
    /// Kalbar Pasal 11(7)c; absent: kept permanently.
    #[serde(default)]
    pub retention_years: Option<i64>,
    /// Kalbar Pasal 11(7)d.
    pub storage_location: String,
    /// harian, mingguan, bulanan, triwulanan, tahunan or tidak_ada (Kalbar Pasal 11(7)e).
    pub backup_period: String,
    /// Kalbar Pasal 11(7)e; may be empty only when there is no backup.
    #[serde(default)]
    pub backup_media: String,
    /// The PD's update schedule, 1–60 months.
    pub update_every_months: i64,
    pub last_updated: NaiveDate,
}

const FIELDS: [Field; 12] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("name", Kind::Text).required(),
    Field::new("description", Kind::Long),
    Field::new("responsible_person", Kind::Text).required(),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).required(),
    Field::new("distribution", Kind::Choice(&DATA_DISTRIBUTIONS)).required(),
    Field::new("retention_years", Kind::Number).blank_as("permanen"),
    Field::new("storage_location", Kind::Text).required(),
    Field::new("backup_period", Kind::Choice(&BACKUP_PERIODS)).required(),
    Field::new("backup_media", Kind::Text),
    Field::new("update_every_months", Kind::Number).required(),
    Field::new("last_updated", Kind::Date).required(),
];

impl Register for DatasetInput {
    const TABLE: &'static str = "catalog_datasets";
    const DEF: Definition = Definition {
        name: "datasets",
        entity: "dataset",
        fields: &FIELDS,
        key: &["name"],
        unique: &[],
        search: &["name", "description"],
        filters: &["distribution"],
        shown: &[
            "responsible_person",
            "classification",
            "distribution",
            "retention_years",
            "storage_location",
            "backup_period",
            "update_every_months",
            "last_updated",
        ],
        order: &["name"],
        api: "/api/v1/catalog/datasets",
        page: "/katalog/data",
    };

    /// `env.today` bounds `last_updated` (an update cannot be in the future).
    fn validate(&self, env: &Env) -> Result<(), StoreError> {
        let today = env.today;
        check_text("name", &self.name, 200)?;
        check_len("description", &self.description, 4000)?;
        check_text("responsible_person", &self.responsible_person, 200)?;
        check_text("storage_location", &self.storage_location, 300)?;
        check_len("backup_media", &self.backup_media, 200)?;
        if self.distribution == "publik" && self.classification != Classification::Biasa {
            return Err(StoreError::invalid(
                "distribution",
                "public data must be classified Biasa",
            ));
        }
        if self.backup_period != "tidak_ada" && self.backup_media.trim().is_empty() {
            return Err(StoreError::invalid(
                "backup_media",
                "a data set that is backed up names the backup media",
            ));
        }
        if self
            .retention_years
            .is_some_and(|y| !(1..=100).contains(&y))
        {
            return Err(StoreError::invalid(
                "retention_years",
                "must be 1–100 years, or empty for permanent",
            ));
        }
        if !(1..=60).contains(&self.update_every_months) {
            return Err(StoreError::invalid(
                "update_every_months",
                "must be 1–60 months",
            ));
        }
        if self.last_updated > today {
            return Err(StoreError::invalid(
                "last_updated",
                "must not be in the future",
            ));
        }
        Ok(())
    }
}

impl Store {
    /// What the update rule needs of every data set the scope may read.
    pub async fn dataset_facts(&self, scope: &ReadScope) -> Result<Vec<DatasetFacts>, StoreError> {
        Ok(self
            .all_records::<DatasetInput>(scope, &Vec::new())
            .await?
            .into_iter()
            .map(|record| (record.id, record.fields))
            .map(|(id, d)| DatasetFacts {
                id,
                pd_id: Some(d.pd_id),
                name: d.name,
                public: d.distribution == "publik",
                last_updated: d.last_updated,
                update_every_months: u32::try_from(d.update_every_months).unwrap_or(12),
                backed_up: d.backup_period != "tidak_ada",
            })
            .collect())
    }
}

//! The data and information inventory (Kalbar Pasal 11(7) a–e): every data set a PD manages,
//! with the person responsible, classification, distribution, retention, storage location and
//! backup period and media; and the facts the public-data update rule reads (Kalbar Pasal
//! 11(5), Pessel Pasal 12(4)).

use crate::catalog::date;
use crate::page::{Arg, Where};
use crate::registers::{Register, Stored, Upsert, UpsertReport};
use crate::sites::AnyQuery;
use crate::{check_len, check_text, AuditCtx, ListQuery, Page, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::catalog::{DatasetFacts, BACKUP_PERIODS, DATA_DISTRIBUTIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Dataset {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub name: String,
    pub description: String,
    pub responsible_person: String,
    pub classification: Classification,
    pub distribution: String,
    /// Years the data is kept; None: permanently.
    pub retention_years: Option<i64>,
    pub storage_location: String,
    pub backup_period: String,
    pub backup_media: String,
    pub update_every_months: i64,
    pub last_updated: NaiveDate,
    pub created_at: String,
    pub updated_at: String,
}

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

impl DatasetInput {
    /// Checks every field; `today` bounds `last_updated` (an update cannot be in the future).
    pub fn validate(&self, today: NaiveDate) -> Result<(), StoreError> {
        check_text("name", &self.name, 200)?;
        check_len("description", &self.description, 4000)?;
        check_text("responsible_person", &self.responsible_person, 200)?;
        check_text("storage_location", &self.storage_location, 300)?;
        check_len("backup_media", &self.backup_media, 200)?;
        if !DATA_DISTRIBUTIONS.contains(&self.distribution.as_str()) {
            return Err(StoreError::invalid(
                "distribution",
                format!("must be one of {}", DATA_DISTRIBUTIONS.join(", ")),
            ));
        }
        if self.distribution == "publik" && self.classification != Classification::Biasa {
            return Err(StoreError::invalid(
                "distribution",
                "public data must be classified Biasa",
            ));
        }
        if !BACKUP_PERIODS.contains(&self.backup_period.as_str()) {
            return Err(StoreError::invalid(
                "backup_period",
                format!("must be one of {}", BACKUP_PERIODS.join(", ")),
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

#[derive(Debug, Clone, Default)]
pub struct DatasetFilter {
    pub pd_id: Option<i64>,
    pub distribution: Option<String>,
}

fn dataset(r: &AnyRow) -> Result<Dataset, StoreError> {
    Ok(Dataset {
        id: r.try_get(0)?,
        pd_id: r.try_get(1)?,
        pd_name: r.try_get(2)?,
        name: r.try_get(3)?,
        description: r.try_get(4)?,
        responsible_person: r.try_get(5)?,
        classification: crate::classification_at(r, 6)?,
        distribution: r.try_get(7)?,
        retention_years: r.try_get(8)?,
        storage_location: r.try_get(9)?,
        backup_period: r.try_get(10)?,
        backup_media: r.try_get(11)?,
        update_every_months: r.try_get(12)?,
        last_updated: date("last_updated", r.try_get(13)?)?
            .ok_or_else(|| StoreError::invalid("last_updated", "missing"))?,
        created_at: r.try_get(14)?,
        updated_at: r.try_get(15)?,
    })
}

impl Store {
    pub async fn list_datasets(
        &self,
        scope: &ReadScope,
        f: &DatasetFilter,
        q: &ListQuery,
    ) -> Result<Page<Dataset>, StoreError> {
        let mut w = Where::default();
        if let Some(pd) = f.pd_id {
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(s) = &f.distribution {
            w.and("t.distribution = ?", [Arg::Text(s.clone())]);
        }
        w.readable_by(scope, "t");
        self.list_records::<DatasetInput>(w, q).await
    }

    pub async fn get_dataset(&self, id: i64) -> Result<Dataset, StoreError> {
        self.get_record::<DatasetInput>(id).await
    }

    async fn check_dataset(
        &self,
        input: &DatasetInput,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        input.validate(today)?;
        self.check_pd(input.pd_id).await
    }

    pub async fn create_dataset(
        &self,
        ctx: &AuditCtx,
        today: NaiveDate,
        input: &DatasetInput,
    ) -> Result<Dataset, StoreError> {
        self.check_dataset(input, today).await?;
        self.create_record(ctx, input).await
    }

    pub async fn update_dataset(
        &self,
        ctx: &AuditCtx,
        today: NaiveDate,
        id: i64,
        input: &DatasetInput,
    ) -> Result<Dataset, StoreError> {
        self.check_dataset(input, today).await?;
        self.update_record(ctx, id, input).await
    }

    pub async fn delete_dataset(&self, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        self.delete_record::<DatasetInput>(ctx, id).await
    }

    /// Writes an import's rows in one transaction, each validated again first.
    pub async fn import_datasets(
        &self,
        ctx: &AuditCtx,
        today: NaiveDate,
        rows: &[Upsert<DatasetInput>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<UpsertReport, StoreError> {
        for row in rows {
            self.check_dataset(row.input(), today).await?;
        }
        self.write_records(ctx, rows, progress).await
    }

    /// Every data set the scope may read, in id order.
    pub async fn all_datasets(&self, scope: &ReadScope) -> Result<Vec<Dataset>, StoreError> {
        let mut w = Where::default();
        w.readable_by(scope, "t");
        self.all_records::<DatasetInput>(&w).await
    }

    /// What the update rule needs of every data set the scope may read.
    pub async fn dataset_facts(&self, scope: &ReadScope) -> Result<Vec<DatasetFacts>, StoreError> {
        Ok(self
            .all_datasets(scope)
            .await?
            .into_iter()
            .map(|d| DatasetFacts {
                id: d.id,
                pd_id: Some(d.pd_id),
                name: d.name,
                public: d.distribution == "publik",
                last_updated: d.last_updated,
                update_every_months: u32::try_from(d.update_every_months).unwrap_or(12),
            })
            .collect())
    }
}

impl Register for DatasetInput {
    const TABLE: &'static str = "catalog_datasets";
    const ENTITY: &'static str = "dataset";
    const COLUMNS: &'static [&'static str] = &[
        "pd_id",
        "name",
        "description",
        "responsible_person",
        "classification",
        "distribution",
        "retention_years",
        "storage_location",
        "backup_period",
        "backup_media",
        "update_every_months",
        "last_updated",
    ];

    fn pd_id(&self) -> Option<i64> {
        Some(self.pd_id)
    }

    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.pd_id)
            .bind(self.name.trim().to_string())
            .bind(self.description.clone())
            .bind(self.responsible_person.trim().to_string())
            .bind(self.classification.as_str().to_string())
            .bind(self.distribution.clone())
            .bind(self.retention_years)
            .bind(self.storage_location.clone())
            .bind(self.backup_period.clone())
            .bind(self.backup_media.clone())
            .bind(self.update_every_months)
            .bind(self.last_updated.to_string())
    }
}

impl Stored for DatasetInput {
    type Record = Dataset;
    const SELECT: &'static str = "t.id, t.pd_id, p.name, t.name, t.description, t.responsible_person, t.classification, t.distribution, t.retention_years, t.storage_location, t.backup_period, t.backup_media, t.update_every_months, t.last_updated, t.created_at, t.updated_at";
    const JOINS: &'static str = "JOIN perangkat_daerah p ON p.id = t.pd_id";
    const ORDER: &'static str = "t.name, t.id";
    fn decode(r: &AnyRow) -> Result<Dataset, StoreError> {
        dataset(r)
    }
    fn record_pd(r: &Dataset) -> Option<i64> {
        Some(r.pd_id)
    }
}

impl From<&Dataset> for DatasetInput {
    fn from(d: &Dataset) -> Self {
        DatasetInput {
            pd_id: d.pd_id,
            name: d.name.clone(),
            description: d.description.clone(),
            responsible_person: d.responsible_person.clone(),
            classification: d.classification,
            distribution: d.distribution.clone(),
            retention_years: d.retention_years,
            storage_location: d.storage_location.clone(),
            backup_period: d.backup_period.clone(),
            backup_media: d.backup_media.clone(),
            update_every_months: d.update_every_months,
            last_updated: d.last_updated,
        }
    }
}

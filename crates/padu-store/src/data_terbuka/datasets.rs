//! An open data set: an inventory entry of a PD as the portal shows it, with the metadata
//! Satu Data Indonesia asks (title, description, keywords, theme, licence, producer, temporal
//! and spatial coverage, update schedule, reference codes) and its publication state, moved
//! only as `padu_domain::data_terbuka::publication::step` allows and only from the state it
//! was read in.

use crate::audit::{append, Change};
use crate::datasets::DatasetInput;
use crate::{check_len, check_text, conflict_on, ts, AuditCtx, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::data_terbuka::publication::may_be_public;
use padu_domain::data_terbuka::vocabulary::{check_name, licence, THEMES, UPDATE_SCHEDULES};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

/// What the producer writes of a data set.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenDatasetInput {
    /// The inventory entry published (its PD is the producer; it must be classified Biasa).
    pub inventory_id: i64,
    /// Its name in addresses: lowercase letters, digits, - and _.
    pub name: String,
    pub title: String,
    /// At least 50 characters, as search engines ask of a data set.
    pub description: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// A theme code (AGRI, ECON, EDUC, ...).
    pub theme: String,
    /// A licence id (cc-by, cc-by-sa, cc-zero, odc-by, odc-odbl).
    pub licence: String,
    #[serde(default)]
    pub temporal_start: Option<NaiveDate>,
    #[serde(default)]
    pub temporal_end: Option<NaiveDate>,
    /// The area the data covers (a kecamatan, the whole kabupaten).
    #[serde(default)]
    pub spatial: String,
    /// bulanan, triwulanan, semesteran, tahunan or sekali.
    pub update_schedule: String,
    /// Codes of the reference data it uses (Satu Data's kode referensi), e.g. Kemendagri area
    /// codes.
    #[serde(default)]
    pub reference_codes: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct OpenDataset {
    pub id: i64,
    pub inventory_id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub name: String,
    pub title: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub theme: String,
    pub licence: String,
    pub temporal_start: Option<String>,
    pub temporal_end: Option<String>,
    pub spatial: String,
    pub update_schedule: String,
    pub reference_codes: String,
    /// draf, diajukan, dikembalikan, terbit or ditarik.
    pub status: String,
    /// The walidata's note on a return, or why it was withdrawn.
    pub review_note: String,
    /// The walidata who published it.
    pub checked_by: Option<String>,
    pub published_at: Option<String>,
    pub created_by: String,
    pub created_at: String,
    /// When its metadata or resources last changed (CKAN's metadata_modified).
    pub updated_at: String,
}

const COLUMNS: &str = "d.id, d.inventory_id, d.pd_id, p.name, d.name, d.title, d.description, d.keywords, d.theme, d.licence, d.temporal_start, d.temporal_end, d.spatial, d.update_schedule, d.reference_codes, d.status, d.review_note, d.checked_by, d.published_at, d.created_by, d.created_at, d.updated_at";
const FROM: &str = "open_datasets d JOIN perangkat_daerah p ON p.id = d.pd_id";

fn row(r: &sqlx::any::AnyRow) -> Result<OpenDataset, StoreError> {
    let keywords: String = r.try_get(7)?;
    Ok(OpenDataset {
        id: r.try_get(0)?,
        inventory_id: r.try_get(1)?,
        pd_id: r.try_get(2)?,
        pd_name: r.try_get(3)?,
        name: r.try_get(4)?,
        title: r.try_get(5)?,
        description: r.try_get(6)?,
        keywords: serde_json::from_str(&keywords).unwrap_or_default(),
        theme: r.try_get(8)?,
        licence: r.try_get(9)?,
        temporal_start: r.try_get(10)?,
        temporal_end: r.try_get(11)?,
        spatial: r.try_get(12)?,
        update_schedule: r.try_get(13)?,
        reference_codes: r.try_get(14)?,
        status: r.try_get(15)?,
        review_note: r.try_get(16)?,
        checked_by: r.try_get(17)?,
        published_at: r.try_get(18)?,
        created_by: r.try_get(19)?,
        created_at: r.try_get(20)?,
        updated_at: r.try_get(21)?,
    })
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the metadata columns, `$1` to `$11` of both the insert and the update.
fn bind_metadata<'q>(
    q: AnyQuery<'q>,
    input: &'q OpenDatasetInput,
    keywords: Vec<String>,
) -> AnyQuery<'q> {
    q.bind(&input.name)
        .bind(input.title.trim())
        .bind(input.description.trim())
        .bind(json!(keywords).to_string())
        .bind(&input.theme)
        .bind(&input.licence)
        .bind(input.temporal_start.map(|d| d.to_string()))
        .bind(input.temporal_end.map(|d| d.to_string()))
        .bind(input.spatial.trim())
        .bind(&input.update_schedule)
        .bind(input.reference_codes.trim())
}

impl OpenDatasetInput {
    /// The input's own rules, and its keywords trimmed, deduplicated and without empties.
    fn checked(&self) -> Result<Vec<String>, StoreError> {
        check_name(&self.name).map_err(|why| StoreError::invalid("name", why))?;
        check_text("title", &self.title, 300)?;
        if self.title.trim().chars().count() < 3 {
            return Err(StoreError::invalid("title", "at least 3 characters"));
        }
        check_len("description", &self.description, 5000)?;
        if self.description.trim().chars().count() < 50 {
            return Err(StoreError::invalid(
                "description",
                "describes the data in at least 50 characters",
            ));
        }
        if !THEMES.iter().any(|(code, _)| *code == self.theme) {
            return Err(StoreError::invalid("theme", "is not one of the themes"));
        }
        if licence(&self.licence).is_none() {
            return Err(StoreError::invalid(
                "licence",
                "is not one of the open licences",
            ));
        }
        if !UPDATE_SCHEDULES
            .iter()
            .any(|(s, _)| *s == self.update_schedule)
        {
            return Err(StoreError::invalid(
                "update_schedule",
                "is not one of the update schedules",
            ));
        }
        if let (Some(start), Some(end)) = (self.temporal_start, self.temporal_end) {
            if end < start {
                return Err(StoreError::invalid(
                    "temporal_end",
                    "must not come before the start of the period",
                ));
            }
        }
        check_len("spatial", &self.spatial, 300)?;
        check_len("reference_codes", &self.reference_codes, 1000)?;
        let mut keywords: Vec<String> = Vec::new();
        for k in &self.keywords {
            let k = k.trim().to_lowercase();
            if k.chars().count() > 50 {
                return Err(StoreError::invalid(
                    "keywords",
                    "a keyword is at most 50 characters",
                ));
            }
            if !k.is_empty() && !keywords.contains(&k) {
                keywords.push(k);
            }
        }
        if keywords.len() > 20 {
            return Err(StoreError::invalid("keywords", "at most 20 keywords"));
        }
        Ok(keywords)
    }
}

impl Store {
    /// A mark of open data's published state that changes with every change to it: a data
    /// set added, edited or stepped, a resource or version added (each touches its data set),
    /// a store loaded, a PD renamed. Portal readers keep what they read while it stays.
    pub async fn open_data_mark(&self) -> Result<String, StoreError> {
        let r = sqlx::query("SELECT (SELECT COUNT(*) FROM open_datasets), (SELECT COALESCE(MAX(updated_at), '') FROM open_datasets), (SELECT COUNT(*) FROM open_datastores), (SELECT COALESCE(MAX(loaded_at), '') FROM open_datastores), (SELECT COALESCE(MAX(updated_at), '') FROM perangkat_daerah), (SELECT COUNT(*) FROM perangkat_daerah)")
            .fetch_one(&self.pool)
            .await?;
        Ok(format!(
            "{}|{}|{}|{}|{}|{}",
            r.try_get::<i64, _>(0)?,
            r.try_get::<String, _>(1)?,
            r.try_get::<i64, _>(2)?,
            r.try_get::<String, _>(3)?,
            r.try_get::<String, _>(4)?,
            r.try_get::<i64, _>(5)?
        ))
    }
}

impl Store {
    /// The inventory entry a data set publishes, if it may be public.
    async fn publishable(&self, inventory_id: i64) -> Result<i64, StoreError> {
        let entry = self
            .get_record::<DatasetInput>(inventory_id)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => {
                    StoreError::invalid("inventory_id", "is not a data set of the inventory")
                }
                e => e,
            })?;
        if !may_be_public(entry.classification) {
            return Err(StoreError::invalid(
                "inventory_id",
                "only data classified Biasa may be published",
            ));
        }
        Ok(entry.pd_id)
    }

    /// Drafts a data set from its inventory entry.
    pub async fn create_open_dataset(
        &self,
        ctx: &AuditCtx,
        input: &OpenDatasetInput,
    ) -> Result<OpenDataset, StoreError> {
        let keywords = input.checked()?;
        let pd_id = self.publishable(input.inventory_id).await?;
        let mut w = self.begin_write().await?;
        let insert = sqlx::query("INSERT INTO open_datasets (name, title, description, keywords, theme, licence, temporal_start, temporal_end, spatial, update_schedule, reference_codes, inventory_id, pd_id, status, review_note, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'draf', '', $14, $15, $15) RETURNING id");
        let id: i64 = bind_metadata(insert, input, keywords)
            .bind(input.inventory_id)
            .bind(pd_id)
            .bind(&ctx.actor_label)
            .bind(ts(ctx.at))
            .fetch_one(&mut *w.tx)
            .await
            .map_err(conflict_on("name"))?
            .try_get(0)?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "open_dataset",
                entity_id: Some(id.to_string()),
                pd_id: Some(pd_id),
                before: None,
                after: Some(json!(input)),
            },
        )
        .await?;
        w.commit().await?;
        self.get_open_dataset(id).await
    }

    /// Rewrites data set `id`'s metadata (its inventory entry stays the one it was drafted
    /// from).
    pub async fn update_open_dataset(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &OpenDatasetInput,
    ) -> Result<OpenDataset, StoreError> {
        let keywords = input.checked()?;
        let before = self.get_open_dataset(id).await?;
        if input.inventory_id != before.inventory_id {
            return Err(StoreError::invalid(
                "inventory_id",
                "a data set stays with the inventory entry it was drafted from",
            ));
        }
        self.publishable(input.inventory_id).await?;
        let mut w = self.begin_write().await?;
        let update = sqlx::query("UPDATE open_datasets SET name = $1, title = $2, description = $3, keywords = $4, theme = $5, licence = $6, temporal_start = $7, temporal_end = $8, spatial = $9, update_schedule = $10, reference_codes = $11, updated_at = $12 WHERE id = $13");
        bind_metadata(update, input, keywords)
            .bind(ts(ctx.at))
            .bind(id)
            .execute(&mut *w.tx)
            .await
            .map_err(conflict_on("name"))?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "update",
                entity: "open_dataset",
                entity_id: Some(id.to_string()),
                pd_id: Some(before.pd_id),
                before: Some(json!(before)),
                after: Some(json!(input)),
            },
        )
        .await?;
        w.commit().await?;
        self.get_open_dataset(id).await
    }

    /// Moves data set `id` from `from` to `to` (the caller checked the step is allowed),
    /// refused with 409 when it moved meanwhile.
    pub async fn step_open_dataset(
        &self,
        ctx: &AuditCtx,
        id: i64,
        from: &str,
        to: &str,
        note: &str,
    ) -> Result<OpenDataset, StoreError> {
        check_len("note", note, 4000)?;
        let before = self.get_open_dataset(id).await?;
        let published = to == "terbit";
        let mut w = self.begin_write().await?;
        let moved = sqlx::query("UPDATE open_datasets SET status = $1, review_note = $2, checked_by = CASE WHEN $3 = 1 THEN $4 ELSE checked_by END, published_at = CASE WHEN $3 = 1 THEN $5 ELSE published_at END, updated_at = $5 WHERE id = $6 AND status = $7")
            .bind(to)
            .bind(note.trim())
            .bind(i64::from(published))
            .bind(&ctx.actor_label)
            .bind(ts(ctx.at))
            .bind(id)
            .bind(from)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        if moved == 0 {
            return Err(StoreError::conflict(
                "status",
                "the data set moved meanwhile; reload it",
            ));
        }
        if published {
            Self::data_updated(&mut w.tx, id, before.inventory_id).await?;
        }
        // Its files are public exactly while it is.
        sqlx::query("UPDATE attachments SET public = $1 WHERE owner_kind = 'open_resource' AND owner_id IN (SELECT id FROM open_resources WHERE dataset_id = $2)")
            .bind(i64::from(published))
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "status",
                entity: "open_dataset",
                entity_id: Some(id.to_string()),
                pd_id: Some(before.pd_id),
                before: Some(json!({ "status": from })),
                after: Some(json!({ "status": to, "note": note.trim() })),
            },
        )
        .await?;
        w.commit().await?;
        self.get_open_dataset(id).await
    }

    pub async fn get_open_dataset(&self, id: i64) -> Result<OpenDataset, StoreError> {
        let r = sqlx::query(&format!("SELECT {COLUMNS} FROM {FROM} WHERE d.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row(&r.ok_or(StoreError::NotFound)?)
    }

    /// The data set named `name` in addresses.
    pub async fn open_dataset_named(&self, name: &str) -> Result<OpenDataset, StoreError> {
        let r = sqlx::query(&format!("SELECT {COLUMNS} FROM {FROM} WHERE d.name = $1"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        row(&r.ok_or(StoreError::NotFound)?)
    }

    /// Every data set, or those of `status`, most recently changed first.
    pub async fn open_datasets(
        &self,
        status: Option<&str>,
    ) -> Result<Vec<OpenDataset>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE $1 = '' OR d.status = $1 ORDER BY d.updated_at DESC, d.id DESC"
        ))
        .bind(status.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(row)
        .collect()
    }

    /// Marks data set `id` changed now (a resource was added or updated).
    pub(crate) async fn touch_open_dataset(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        id: i64,
        at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE open_datasets SET updated_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

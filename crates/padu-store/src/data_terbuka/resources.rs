//! A data set's resources: a file (CSV, JSON or XLSX) kept in every version uploaded, the
//! newest served, or a link to data held elsewhere. A new version of a file is the periodic
//! update the regulation asks (Kalbar Pasal 11(5), Pessel Pasal 12(4)): it moves the inventory
//! entry's last update, which the freshness rule reads.

use crate::attachments::{insert_attachment, NewFile, Owner};
use crate::audit::{append, Change};
use crate::{check_len, check_text, ts, AuditCtx, Store, StoreError};
use padu_domain::data_terbuka::vocabulary::{check_file, file_format, public_id};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

/// A link resource as the producer writes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// An http(s) address.
    pub url: String,
    /// What the address serves (CSV, JSON, API, HTML, ...).
    pub format: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct OpenResource {
    pub id: i64,
    pub dataset_id: i64,
    pub name: String,
    pub description: String,
    /// file or link.
    pub kind: String,
    /// A link's address (empty for a file: the portal serves it).
    pub url: String,
    pub format: String,
    pub created_at: String,
    pub updated_at: String,
    /// A file's newest version.
    pub current: Option<ResourceVersion>,
    /// Whether its rows are loaded into the queryable store (`datastore_search` answers).
    pub datastore_active: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ResourceVersion {
    pub version: i64,
    pub attachment_id: i64,
    pub filename: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub note: String,
    pub created_by: String,
    pub created_at: String,
}

const COLUMNS: &str =
    "id, dataset_id, name, description, kind, url, format, created_at, updated_at, CAST(CASE WHEN EXISTS (SELECT 1 FROM open_datastores s WHERE s.resource_id = open_resources.id) THEN 1 ELSE 0 END AS BIGINT)";

const VERSION: &str = "v.resource_id, v.version, v.attachment_id, a.filename, a.size_bytes, a.sha256, v.note, v.created_by, v.created_at FROM open_resource_versions v JOIN attachments a ON a.id = v.attachment_id";

fn version(r: &sqlx::any::AnyRow) -> Result<(i64, ResourceVersion), StoreError> {
    Ok((
        r.try_get(0)?,
        ResourceVersion {
            version: r.try_get(1)?,
            attachment_id: r.try_get(2)?,
            filename: r.try_get(3)?,
            size_bytes: r.try_get(4)?,
            sha256: r.try_get(5)?,
            note: r.try_get(6)?,
            created_by: r.try_get(7)?,
            created_at: r.try_get(8)?,
        },
    ))
}

fn resource(r: &sqlx::any::AnyRow) -> Result<OpenResource, StoreError> {
    Ok(OpenResource {
        id: r.try_get(0)?,
        dataset_id: r.try_get(1)?,
        name: r.try_get(2)?,
        description: r.try_get(3)?,
        kind: r.try_get(4)?,
        url: r.try_get(5)?,
        format: r.try_get(6)?,
        created_at: r.try_get(7)?,
        updated_at: r.try_get(8)?,
        datastore_active: r.try_get::<i64, _>(9)? != 0,
        current: None,
    })
}

/// A file to keep as a resource's version.
pub struct ResourceFile<'a> {
    pub filename: &'a str,
    pub data: &'a [u8],
    /// What changed in this version.
    pub note: &'a str,
    /// Its rows, loaded into a staging table (a tabular file), to be put in place with it.
    pub loaded: Option<Loaded<'a>>,
}

/// A file's rows as staged, with what names the resource to CKAN clients.
pub struct Loaded<'a> {
    pub staged: &'a super::datastore::Staged,
    /// The instance id the resource's public id is made from.
    pub instance: &'a str,
}

impl Store {
    /// Adds a file resource named `name` to data set `dataset_id`, its first version `file`.
    pub async fn add_file_resource(
        &self,
        ctx: &AuditCtx,
        dataset_id: i64,
        name: &str,
        description: &str,
        file: &ResourceFile<'_>,
    ) -> Result<OpenResource, StoreError> {
        check_text("name", name, 300)?;
        check_len("description", description, 4000)?;
        let format = file_format(file.filename)
            .ok_or_else(|| StoreError::invalid("file", "must be a CSV, JSON or XLSX file"))?;
        let dataset = self.get_open_dataset(dataset_id).await?;
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO open_resources (dataset_id, name, description, kind, url, format, created_at, updated_at) VALUES ($1, $2, $3, 'file', '', $4, $5, $5) RETURNING id")
            .bind(dataset_id)
            .bind(name.trim())
            .bind(description.trim())
            .bind(format)
            .bind(ts(ctx.at))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get(0)?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "open_resource",
                entity_id: Some(id.to_string()),
                pd_id: Some(dataset.pd_id),
                before: None,
                after: Some(
                    json!({ "dataset": dataset_id, "name": name.trim(), "format": format }),
                ),
            },
        )
        .await?;
        Self::insert_version(&mut w.tx, ctx, &dataset, id, 1, format, file).await?;
        w.commit().await?;
        self.open_resource(id).await
    }

    /// Keeps `file` as the newest version of file resource `id`.
    pub async fn add_resource_version(
        &self,
        ctx: &AuditCtx,
        id: i64,
        file: &ResourceFile<'_>,
    ) -> Result<OpenResource, StoreError> {
        let before = self.open_resource(id).await?;
        if before.kind != "file" {
            return Err(StoreError::invalid("file", "a link has no versions"));
        }
        let format = file_format(file.filename)
            .ok_or_else(|| StoreError::invalid("file", "must be a CSV, JSON or XLSX file"))?;
        if format != before.format {
            return Err(StoreError::invalid(
                "file",
                format!("a new version keeps the format {}", before.format),
            ));
        }
        let dataset = self.get_open_dataset(before.dataset_id).await?;
        let next = before.current.as_ref().map_or(1, |v| v.version + 1);
        let mut w = self.begin_write().await?;
        Self::insert_version(&mut w.tx, ctx, &dataset, id, next, format, file).await?;
        w.commit().await?;
        self.open_resource(id).await
    }

    async fn insert_version(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        ctx: &AuditCtx,
        dataset: &super::datasets::OpenDataset,
        resource_id: i64,
        version: i64,
        format: &str,
        file: &ResourceFile<'_>,
    ) -> Result<(), StoreError> {
        check_len("note", file.note, 2000)?;
        if file.data.is_empty() {
            return Err(StoreError::invalid("file", "is empty"));
        }
        let content_type =
            check_file(format, file.data).map_err(|why| StoreError::invalid("file", why))?;
        let new = NewFile {
            filename: file.filename,
            content_type,
            data: file.data,
        };
        let public = dataset.status == "terbit";
        let attachment = insert_attachment(
            tx,
            ctx,
            Owner::OpenResource(resource_id),
            &new,
            public,
            Some(dataset.pd_id),
        )
        .await?;
        let at = ts(ctx.at);
        // Two uploads at once: the (resource, version) key lets one land.
        sqlx::query("INSERT INTO open_resource_versions (resource_id, version, attachment_id, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(resource_id)
            .bind(version)
            .bind(attachment)
            .bind(file.note.trim())
            .bind(&ctx.actor_label)
            .bind(&at)
            .execute(&mut **tx)
            .await
            .map_err(crate::conflict_on("file"))?;
        sqlx::query("UPDATE open_resources SET updated_at = $1 WHERE id = $2")
            .bind(&at)
            .bind(resource_id)
            .execute(&mut **tx)
            .await?;
        match &file.loaded {
            Some(loaded) => {
                let public_id = public_id(loaded.instance, "resource", resource_id);
                Self::place_datastore(tx, loaded.staged, resource_id, version, &public_id, ctx.at)
                    .await?;
            }
            None => Self::drop_datastore(tx, resource_id).await?,
        }
        Self::touch_open_dataset(tx, dataset.id, &at).await?;
        // A new version of public data is the periodic update the inventory's freshness rule
        // reads; before publication, publishing is (`step_open_dataset`).
        if dataset.status == "terbit" {
            Self::data_updated(tx, dataset.id, dataset.inventory_id).await?;
        }
        Ok(())
    }

    /// Moves inventory entry `inventory_id`'s last update to the day of data set `dataset_id`'s
    /// newest file version, when that is later (a data set with links only leaves it be).
    pub(crate) async fn data_updated(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        dataset_id: i64,
        inventory_id: i64,
    ) -> Result<(), StoreError> {
        let newest: Option<String> = sqlx::query("SELECT MAX(v.created_at) FROM open_resource_versions v JOIN open_resources r ON r.id = v.resource_id WHERE r.dataset_id = $1")
            .bind(dataset_id)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
        let Some(day) = newest.as_deref().and_then(|at| at.get(..10)) else {
            return Ok(());
        };
        sqlx::query(
            "UPDATE catalog_datasets SET last_updated = $1 WHERE id = $2 AND last_updated < $1",
        )
        .bind(day)
        .bind(inventory_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Adds a link resource to data set `dataset_id`.
    pub async fn add_link_resource(
        &self,
        ctx: &AuditCtx,
        dataset_id: i64,
        input: &LinkInput,
    ) -> Result<OpenResource, StoreError> {
        check_text("name", &input.name, 300)?;
        check_len("description", &input.description, 4000)?;
        check_text("url", &input.url, 2000)?;
        let url = input.url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace)
        {
            return Err(StoreError::invalid("url", "must be an http(s) address"));
        }
        check_text("format", &input.format, 20)?;
        let dataset = self.get_open_dataset(dataset_id).await?;
        let at = ts(ctx.at);
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO open_resources (dataset_id, name, description, kind, url, format, created_at, updated_at) VALUES ($1, $2, $3, 'link', $4, $5, $6, $6) RETURNING id")
            .bind(dataset_id)
            .bind(input.name.trim())
            .bind(input.description.trim())
            .bind(url)
            .bind(input.format.trim().to_uppercase())
            .bind(&at)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get(0)?;
        Self::touch_open_dataset(&mut w.tx, dataset_id, &at).await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "open_resource",
                entity_id: Some(id.to_string()),
                pd_id: Some(dataset.pd_id),
                before: None,
                after: Some(json!({ "dataset": dataset_id, "link": input })),
            },
        )
        .await?;
        w.commit().await?;
        self.open_resource(id).await
    }

    pub async fn open_resource(&self, id: i64) -> Result<OpenResource, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM open_resources WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let mut res = resource(&r.ok_or(StoreError::NotFound)?)?;
        res.current = self.resource_versions(id).await?.into_iter().next();
        Ok(res)
    }

    /// The resources of the data sets `dataset_ids` (every data set's when empty), each with
    /// its newest version, in the order they were added.
    pub async fn open_resources(
        &self,
        dataset_ids: &[i64],
    ) -> Result<Vec<OpenResource>, StoreError> {
        // The ids are numbers, written into the statement as such.
        let only = if dataset_ids.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = dataset_ids.iter().map(i64::to_string).collect();
            format!("WHERE dataset_id IN ({})", list.join(", "))
        };
        let mut resources: Vec<OpenResource> = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM open_resources {only} ORDER BY dataset_id, id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(resource)
        .collect::<Result<Vec<_>, _>>()?;
        let newest = sqlx::query(&format!(
            "SELECT {VERSION} WHERE v.version = (SELECT MAX(version) FROM open_resource_versions w WHERE w.resource_id = v.resource_id) AND v.resource_id IN (SELECT id FROM open_resources {only})"
        ))
        .fetch_all(&self.pool)
        .await?;
        let at: std::collections::HashMap<i64, usize> = resources
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i))
            .collect();
        for r in &newest {
            let (resource_id, v) = version(r)?;
            if let Some(i) = at.get(&resource_id) {
                resources[*i].current = Some(v);
            }
        }
        Ok(resources)
    }

    /// Every version of resource `id`, newest first.
    pub async fn resource_versions(&self, id: i64) -> Result<Vec<ResourceVersion>, StoreError> {
        sqlx::query(&format!(
            "SELECT {VERSION} WHERE v.resource_id = $1 ORDER BY v.version DESC"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| version(r).map(|(_, v)| v))
        .collect()
    }
}

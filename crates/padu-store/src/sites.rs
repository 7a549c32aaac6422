//! Network sites (Pessel Lampiran I Tabel 4.1/4.2): each owned by a PD, classified, with
//! bandwidth and coordinates. Also the importer that reads such a table into PDs, Unit Kerja
//! and sites, used for the demo region and by any region for its own table.

use crate::org::{code_from_name, insert_pd, insert_unit_kerja, kind_from_name, PdInput};
use crate::page::{Arg, RegisterList, Where};
use crate::registers::{write_row, Register, Upsert, UpsertReport};
use crate::{AuditCtx, ListQuery, Page, Store, StoreError};
use padu_domain::network_table::{ParsedTable, SiteKind, SiteRow, DINAS_KOMINFO};
use padu_domain::org::title_case_id;
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Site {
    pub id: i64,
    pub pd_id: Option<i64>,
    pub pd_name: Option<String>,
    pub unit_kerja_id: Option<i64>,
    pub unit_kerja_name: Option<String>,
    pub name: String,
    pub kind: String,
    pub service: String,
    pub address: String,
    pub bandwidth_mbps: i64,
    pub latitude: f64,
    pub longitude: f64,
    pub classification: Classification,
    pub source: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct SiteInput {
    pub pd_id: Option<i64>,
    #[serde(default)]
    pub unit_kerja_id: Option<i64>,
    pub name: String,
    pub kind: String,
    #[serde(default = "default_service")]
    pub service: String,
    #[serde(default)]
    pub address: String,
    pub bandwidth_mbps: i64,
    pub latitude: f64,
    pub longitude: f64,
    pub classification: Classification,
    #[serde(default)]
    pub source: Option<String>,
}

fn default_service() -> String {
    "METRO E".into()
}

pub use padu_domain::catalog::SITE_KINDS;

impl SiteInput {
    pub fn validate(&self) -> Result<(), StoreError> {
        if self.name.trim().is_empty() || self.name.len() > 200 {
            return Err(StoreError::invalid("name", "must be 1–200 characters"));
        }
        if !SITE_KINDS.contains(&self.kind.as_str()) {
            return Err(StoreError::invalid(
                "kind",
                format!("must be one of {}", SITE_KINDS.join(", ")),
            ));
        }
        if !(1..=1_000_000).contains(&self.bandwidth_mbps) {
            return Err(StoreError::invalid(
                "bandwidth_mbps",
                "must be a whole number of Mbps from 1 to 1000000",
            ));
        }
        if !(-90.0..=90.0).contains(&self.latitude) {
            return Err(StoreError::invalid(
                "latitude",
                "must be between -90 and 90",
            ));
        }
        if !(-180.0..=180.0).contains(&self.longitude) {
            return Err(StoreError::invalid(
                "longitude",
                "must be between -180 and 180",
            ));
        }
        if self.address.len() > 500 {
            return Err(StoreError::invalid(
                "address",
                "must be at most 500 characters",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default)]
pub struct SiteFilter {
    pub pd_id: Option<i64>,
    pub kind: Option<String>,
}

const SITE_FIELDS: &str = "s.id, s.pd_id, p.name, s.unit_kerja_id, u.name, s.name, s.kind, s.service, s.address, s.bandwidth_mbps, s.latitude, s.longitude, s.classification, s.source, s.created_at, s.updated_at";
const SITE_JOINS: &str = "LEFT JOIN perangkat_daerah p ON p.id = s.pd_id LEFT JOIN unit_kerja u ON u.id = s.unit_kerja_id";

fn site(r: &AnyRow) -> Result<Site, StoreError> {
    Ok(Site {
        id: r.try_get(0)?,
        pd_id: r.try_get(1)?,
        pd_name: r.try_get(2)?,
        unit_kerja_id: r.try_get(3)?,
        unit_kerja_name: r.try_get(4)?,
        name: r.try_get(5)?,
        kind: r.try_get(6)?,
        service: r.try_get(7)?,
        address: r.try_get(8)?,
        bandwidth_mbps: r.try_get(9)?,
        latitude: r.try_get(10)?,
        longitude: r.try_get(11)?,
        classification: crate::classification_at(r, 12)?,
        source: r.try_get(13)?,
        created_at: r.try_get(14)?,
        updated_at: r.try_get(15)?,
    })
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ImportReport {
    pub pds_created: usize,
    pub unit_kerja_created: usize,
    pub sites_created: usize,
    pub sites_unchanged: usize,
}

impl Store {
    pub async fn list_sites(
        &self,
        scope: &ReadScope,
        f: &SiteFilter,
        q: &ListQuery,
    ) -> Result<Page<Site>, StoreError> {
        let mut w = Where::default();
        if let Some(pd) = f.pd_id {
            w.and("s.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(kind) = &f.kind {
            w.and("s.kind = ?", [Arg::Text(kind.clone())]);
        }
        w.readable_by(scope, "s");
        self.register_page(
            w,
            RegisterList {
                table: "network_sites",
                alias: "s",
                columns: SITE_FIELDS,
                joins: SITE_JOINS,
                order: "s.name, s.id",
            },
            q,
            site,
        )
        .await
    }

    /// The sites the scope may read, for drawing on a map: at most `limit`, widest links first
    /// (so a capped map still shows the backbone).
    pub async fn site_points(
        &self,
        scope: &ReadScope,
        pd_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Site>, StoreError> {
        let mut w = Where::default();
        if let Some(pd) = pd_id {
            w.and("s.pd_id = ?", [Arg::Int(pd)]);
        }
        w.readable_by(scope, "s");
        let at = w.next();
        let rows = w
            .bind(sqlx::query(&format!(
                "SELECT {SITE_FIELDS} FROM (SELECT * FROM network_sites s WHERE {} ORDER BY s.bandwidth_mbps DESC, s.id LIMIT ${at}) s {SITE_JOINS} ORDER BY s.bandwidth_mbps DESC, s.id",
                w.sql()
            )))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(site).collect()
    }

    /// Every site the scope may read, in id order.
    pub async fn all_sites(&self, scope: &ReadScope) -> Result<Vec<Site>, StoreError> {
        let mut w = Where::default();
        w.readable_by(scope, "s");
        let rows = w
            .bind(sqlx::query(&format!(
                "SELECT {SITE_FIELDS} FROM network_sites s {SITE_JOINS} WHERE {} ORDER BY s.id",
                w.sql()
            )))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(site).collect()
    }

    pub async fn get_site(&self, id: i64) -> Result<Site, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {SITE_FIELDS} FROM network_sites s {SITE_JOINS} WHERE s.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        site(&r.ok_or(StoreError::NotFound)?)
    }

    pub async fn count_sites(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM network_sites")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }

    /// Total bandwidth in Mbps over all sites.
    pub async fn total_bandwidth(&self) -> Result<i64, StoreError> {
        let v: Option<i64> =
            sqlx::query("SELECT CAST(SUM(bandwidth_mbps) AS BIGINT) FROM network_sites")
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?;
        Ok(v.unwrap_or(0))
    }

    async fn check_refs(&self, input: &SiteInput) -> Result<(), StoreError> {
        if let Some(pd) = input.pd_id {
            self.check_pd(pd).await?;
        }
        if let Some(u) = input.unit_kerja_id {
            let units = match input.pd_id {
                Some(pd) => self.list_unit_kerja(pd).await?,
                None => Vec::new(),
            };
            if !units.iter().any(|x| x.id == u) {
                return Err(StoreError::invalid(
                    "unit_kerja_id",
                    "is not a Unit Kerja of the site's PD",
                ));
            }
        }
        Ok(())
    }

    pub async fn create_site(&self, ctx: &AuditCtx, input: &SiteInput) -> Result<Site, StoreError> {
        input.validate()?;
        self.check_refs(input).await?;
        let id = self
            .write_record(ctx, &Upsert::Create(input.clone()))
            .await?;
        self.get_site(id).await
    }

    pub async fn update_site(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &SiteInput,
    ) -> Result<Site, StoreError> {
        input.validate()?;
        self.check_refs(input).await?;
        let before = serde_json::to_value(self.get_site(id).await?).unwrap_or_default();
        self.write_record(
            ctx,
            &Upsert::Update {
                id,
                before,
                input: input.clone(),
            },
        )
        .await?;
        self.get_site(id).await
    }

    /// Writes an import's rows in one transaction, each validated again first.
    pub async fn import_sites(
        &self,
        ctx: &AuditCtx,
        rows: &[Upsert<SiteInput>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<UpsertReport, StoreError> {
        for row in rows {
            row.input().validate()?;
            self.check_refs(row.input()).await?;
        }
        self.write_records(ctx, rows, progress).await
    }

    pub async fn delete_site(&self, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        let before = self.get_site(id).await?;
        let pd_id = before.pd_id;
        let before = serde_json::to_value(&before).unwrap_or_default();
        self.delete_audited(ctx, "network_sites", "network_site", id, pd_id, before)
            .await
    }

    /// Writes a parsed Tabel 4.2: creates the PDs named in it, a Unit Kerja for every site that
    /// belongs to another PD (Puskesmas, RSUD, public locations), and the sites. One transaction:
    /// all or nothing. Sites already present (same name and PD) are left as they are, so the
    /// import can be repeated. Refuses a table with errors unless `skip_bad_rows`.
    pub async fn import_network_table(
        &self,
        ctx: &AuditCtx,
        table: &ParsedTable,
        source: &str,
        classification: Classification,
        skip_bad_rows: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportReport, StoreError> {
        if !table.errors.is_empty() && !skip_bad_rows {
            let first = &table.errors[0];
            return Err(StoreError::Invalid {
                field: format!("line {} column {}", first.line, first.column),
                message: format!(
                    "{} ({} errors in all; nothing was imported)",
                    first.message,
                    table.errors.len()
                ),
            });
        }
        // Every row is checked as the API checks a site before anything is written, and a
        // problem names the row's line and column like the parser's own errors.
        for row in &table.rows {
            site_input(row, 0, None, source, classification)
                .validate()
                .map_err(|e| match e {
                    StoreError::Invalid { field, message } => StoreError::Invalid {
                        field: format!(
                            "line {} column {}",
                            row.line,
                            padu_domain::network_table::column_of_field(&field)
                        ),
                        message,
                    },
                    other => other,
                })?;
        }
        let mut report = ImportReport::default();
        let mut w = self.begin_write().await?;
        let mut pd_ids: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
        for r in sqlx::query("SELECT id, code FROM perangkat_daerah")
            .fetch_all(&mut *w.tx)
            .await?
        {
            pd_ids.insert(r.try_get(1)?, r.try_get(0)?);
        }
        // PDs first: those that are sites themselves, then owners that the table only implies.
        let mut needed: Vec<String> = table
            .rows
            .iter()
            .filter(|r| r.kind == SiteKind::PdOffice)
            .map(|r| r.name.to_uppercase())
            .collect();
        needed.extend(table.rows.iter().filter_map(|r| r.owner_pd.clone()));
        for name in needed {
            let code = code_from_name(&name);
            if pd_ids.contains_key(&code) {
                continue;
            }
            let input = PdInput {
                code: code.clone(),
                name: title_case_id(&name),
                short_name: None,
                kind: kind_from_name(&name).to_string(),
                is_dinas_kominfo: name == DINAS_KOMINFO,
                address: None,
            };
            let pd = insert_pd(&mut w.tx, ctx, &input).await?;
            pd_ids.insert(code, pd.id);
            report.pds_created += 1;
        }
        let total = table.rows.len();
        for (i, row) in table.rows.iter().enumerate() {
            let own_pd = match &row.owner_pd {
                Some(owner) => pd_ids[&code_from_name(owner)],
                None => pd_ids[&code_from_name(&row.name)],
            };
            let display = title_case_id(&row.name);
            let unit_kerja_id = if row.owner_pd.is_some() {
                let existing =
                    sqlx::query("SELECT id FROM unit_kerja WHERE pd_id = $1 AND name = $2")
                        .bind(own_pd)
                        .bind(&display)
                        .fetch_optional(&mut *w.tx)
                        .await?;
                Some(match existing {
                    Some(r) => r.try_get(0)?,
                    None => {
                        report.unit_kerja_created += 1;
                        insert_unit_kerja(&mut w.tx, ctx, own_pd, &display, row.kind.as_str())
                            .await?
                            .id
                    }
                })
            } else {
                None
            };
            let exists = sqlx::query("SELECT 1 FROM network_sites WHERE pd_id = $1 AND name = $2")
                .bind(own_pd)
                .bind(&display)
                .fetch_optional(&mut *w.tx)
                .await?;
            if exists.is_some() {
                report.sites_unchanged += 1;
            } else {
                let input = site_input(row, own_pd, unit_kerja_id, source, classification);
                input.validate()?;
                write_row(&mut w.tx, self.engine, ctx, &Upsert::Create(input)).await?;
                report.sites_created += 1;
            }
            progress(i + 1, total);
        }
        w.commit().await?;
        Ok(report)
    }
}

/// A row of Tabel 4.2 as the site it imports as.
fn site_input(
    row: &SiteRow,
    pd_id: i64,
    unit_kerja_id: Option<i64>,
    source: &str,
    classification: Classification,
) -> SiteInput {
    SiteInput {
        pd_id: Some(pd_id),
        unit_kerja_id,
        name: title_case_id(&row.name),
        kind: row.kind.as_str().to_string(),
        service: row.service.clone(),
        address: row.address.clone(),
        bandwidth_mbps: row.bandwidth_mbps,
        latitude: row.latitude,
        longitude: row.longitude,
        classification,
        source: Some(format!("{source} no. {}", row.no)),
    }
}

pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl Register for SiteInput {
    const TABLE: &'static str = "network_sites";
    const ENTITY: &'static str = "network_site";
    const COLUMNS: &'static [&'static str] = &[
        "pd_id",
        "unit_kerja_id",
        "name",
        "kind",
        "service",
        "address",
        "bandwidth_mbps",
        "latitude",
        "longitude",
        "classification",
        "source",
    ];

    fn pd_id(&self) -> Option<i64> {
        self.pd_id
    }

    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.pd_id)
            .bind(self.unit_kerja_id)
            .bind(self.name.trim().to_string())
            .bind(self.kind.clone())
            .bind(self.service.clone())
            .bind(self.address.clone())
            .bind(self.bandwidth_mbps)
            .bind(self.latitude)
            .bind(self.longitude)
            .bind(self.classification.as_str().to_string())
            .bind(self.source.clone())
    }
}

impl From<&Site> for SiteInput {
    fn from(s: &Site) -> Self {
        SiteInput {
            pd_id: s.pd_id,
            unit_kerja_id: s.unit_kerja_id,
            name: s.name.clone(),
            kind: s.kind.clone(),
            service: s.service.clone(),
            address: s.address.clone(),
            bandwidth_mbps: s.bandwidth_mbps,
            latitude: s.latitude,
            longitude: s.longitude,
            classification: s.classification,
            source: s.source.clone(),
        }
    }
}

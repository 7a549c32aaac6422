//! Network sites (Pessel Lampiran I Tabel 4.1/4.2): each owned by a PD, classified, with
//! bandwidth and coordinates. Also the importer that reads such a table into PDs, Unit Kerja
//! and sites, used for the demo region and by any region for its own table.

use crate::org::{code_from_name, insert_pd, insert_unit_kerja, kind_from_name, PdInput};
use crate::page::{Arg, Where};
use crate::registers::{decode, select, write_row, Env, Record, Register, Upsert, JOINS};
use crate::{AuditCtx, Store, StoreError};
use padu_domain::catalog::SITE_KINDS;
use padu_domain::network_table::{ParsedTable, SiteKind, SiteRow, DINAS_KOMINFO};
use padu_domain::org::title_case_id;
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// A network site as stored.
pub type Site = Record<SiteInput>;

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

const FIELDS: [Field; 11] = [
    Field::new("pd_id", Kind::Pd),
    Field::new("unit_kerja_id", Kind::Number).kept_elsewhere(),
    Field::new("name", Kind::Text).required(),
    Field::new("kind", Kind::Choice(&SITE_KINDS)).required(),
    Field::new("service", Kind::Text).or("METRO E"),
    Field::new("address", Kind::Long),
    Field::new("bandwidth_mbps", Kind::Number).required(),
    Field::new("latitude", Kind::Decimal).required(),
    Field::new("longitude", Kind::Decimal).required(),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).required(),
    Field::new("source", Kind::Text),
];

impl Register for SiteInput {
    const TABLE: &'static str = "network_sites";
    const DEF: Definition = Definition {
        name: "sites",
        entity: "network_site",
        fields: &FIELDS,
        key: &["name"],
        unique: &[],
        search: &["name", "address"],
        filters: &["kind"],
        shown: &["kind", "bandwidth_mbps"],
        order: &["name"],
        api: "/api/v1/sites",
        page: "/sites",
    };

    fn validate(&self, _env: &Env) -> Result<(), StoreError> {
        self.check()
    }

    /// Its Unit Kerja, when it names one, belongs to its PD.
    async fn check_stored(
        &self,
        store: &Store,
        _env: &Env,
        _pending: &[&Self],
    ) -> Result<(), StoreError> {
        if let Some(u) = self.unit_kerja_id {
            let units = match self.pd_id {
                Some(pd) => store.list_unit_kerja(pd).await?,
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
}

impl SiteInput {
    /// The rules of a site's own fields (also what the network-table import checks each row
    /// by before it writes anything).
    pub fn check(&self) -> Result<(), StoreError> {
        if self.name.trim().is_empty() || self.name.len() > 200 {
            return Err(StoreError::invalid("name", "must be 1–200 characters"));
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

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ImportReport {
    pub pds_created: usize,
    pub unit_kerja_created: usize,
    pub sites_created: usize,
    pub sites_unchanged: usize,
}

impl Store {
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
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        w.readable_by(scope, "t");
        let at = w.next();
        let rows = w
            .bind(sqlx::query(&format!(
                "SELECT {} FROM (SELECT * FROM network_sites t WHERE {} ORDER BY t.bandwidth_mbps DESC, t.id LIMIT ${at}) t {} ORDER BY t.bandwidth_mbps DESC, t.id",
                select::<SiteInput>(),
                w.sql(),
                JOINS,
            )))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(decode::<SiteInput>).collect()
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
                .check()
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
                input.check()?;
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

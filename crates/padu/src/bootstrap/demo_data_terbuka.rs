//! The demo region's open data (`demo/open_datasets.csv` with its files under
//! `demo/data-terbuka/`): inventory entries published as their producers and the walidata
//! would, at the first start (the audit log records when things happened, the demo's too). A
//! file uploaded is the data's update, so an entry published with a link only keeps the
//! inventory's last update and, past its schedule, shows as overdue.

use super::demo::{Loader, Parsed};
use anyhow::{anyhow, Context, Result};
use chrono::NaiveDate;
use padu_store::data_terbuka::datasets::OpenDatasetInput;
use padu_store::data_terbuka::resources::{LinkInput, ResourceFile};
use padu_store::datasets::DatasetInput;

/// The files the data sets' resources are, by name.
pub const FILES: [(&str, &str); 5] = [
    (
        "tenaga-kesehatan-puskesmas.csv",
        include_str!("../../demo/data-terbuka/tenaga-kesehatan-puskesmas.csv"),
    ),
    (
        "cakupan-imunisasi.csv",
        include_str!("../../demo/data-terbuka/cakupan-imunisasi.csv"),
    ),
    (
        "penduduk-per-nagari.csv",
        include_str!("../../demo/data-terbuka/penduduk-per-nagari.csv"),
    ),
    (
        "realisasi-apbd.csv",
        include_str!("../../demo/data-terbuka/realisasi-apbd.csv"),
    ),
    (
        "titik-parkir.csv",
        include_str!("../../demo/data-terbuka/titik-parkir.csv"),
    ),
];

/// A period bound written as a bare year: its first day (`end` false) or its last.
fn year_bound(cell: &str, end: bool) -> Result<Option<NaiveDate>> {
    if cell.is_empty() {
        return Ok(None);
    }
    let year: i32 = cell
        .parse()
        .with_context(|| format!("{cell} is not a year"))?;
    Ok(if end {
        NaiveDate::from_ymd_opt(year, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(year, 1, 1)
    })
}

impl Loader<'_> {
    pub async fn open_datasets(&self, file: &Parsed) -> Result<()> {
        let table = self.filled(file).await?;
        let inventory = self
            .store
            .all_records::<DatasetInput>(&padu_domain::ReadScope::everything(), &Vec::new())
            .await?;
        for (i, cells) in table.rows.iter().enumerate() {
            let row = table.row(i, cells);
            let at = |e: padu_store::StoreError| {
                anyhow!("demo file {}: row {}: {e}", file.name, row.number)
            };
            let entry = inventory
                .iter()
                .find(|e| e.fields.name == row.text("inventory"))
                .ok_or_else(|| {
                    anyhow!(
                        "demo file {}: no inventory entry {}",
                        file.name,
                        row.text("inventory")
                    )
                })?;
            let ctx = self.ctx;
            let input = OpenDatasetInput {
                inventory_id: entry.id,
                name: row.text("name").into(),
                title: row.text("title").into(),
                description: row.text("description").into(),
                keywords: row
                    .text("keywords")
                    .split(';')
                    .map(str::to_string)
                    .collect(),
                theme: row.text("theme").into(),
                licence: row.text("licence").into(),
                temporal_start: year_bound(row.text("temporal_start"), false)?,
                temporal_end: year_bound(row.text("temporal_end"), true)?,
                spatial: row.text("spatial").into(),
                update_schedule: row.text("update_schedule").into(),
                reference_codes: row.text("reference_codes").into(),
            };
            let d = self
                .store
                .create_open_dataset(ctx, &input)
                .await
                .map_err(at)?;
            if let Some(name) = row.optional("resource_file") {
                let (_, text) = FILES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .ok_or_else(|| anyhow!("demo file {}: no file {name}", file.name))?;
                let upload = ResourceFile {
                    filename: &name,
                    data: text.as_bytes(),
                    note: "",
                    loaded: None,
                };
                self.store
                    .add_file_resource(
                        ctx,
                        d.id,
                        row.text("resource_name"),
                        row.text("resource_description"),
                        &upload,
                    )
                    .await
                    .map_err(at)?;
            }
            if let Some(url) = row.optional("link_url") {
                let link = LinkInput {
                    name: row.text("resource_name").into(),
                    description: row.text("resource_description").into(),
                    url,
                    format: row.text("link_format").into(),
                };
                self.store
                    .add_link_resource(ctx, d.id, &link)
                    .await
                    .map_err(at)?;
            }
            let status = row.text("status");
            self.store
                .step_open_dataset(ctx, d.id, "draf", "diajukan", "")
                .await
                .map_err(at)?;
            if status == "terbit" {
                self.store
                    .step_open_dataset(ctx, d.id, "diajukan", "terbit", "")
                    .await
                    .map_err(at)?;
            }
        }
        Ok(())
    }
}

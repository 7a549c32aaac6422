//! The planning register as a sheet: one row per document, its newest version's sections as
//! columns (each kind fills its own), and read-only columns the export adds (approval, missed
//! review). Importing a row creates the document, or adds a version to the document of the
//! same PD, kind and title when its sections differ. Versions, not rows, are a plan's history,
//! so nothing is ever overwritten.

use super::table::Row;
use super::{pd_directory, read_table, CellError, Env, ImportError, ImportReport};
use padu_domain::planning::{may_draft, PlanKind};
use padu_domain::{authorize, Action, Actor, Classification, PdId, Resource};
use padu_store::planning::{check_sections, PlanInput, VersionInput};
use padu_store::{AuditCtx, Store, StoreError};
use std::collections::{BTreeMap, HashMap};

pub const BASE: [&str; 6] = ["pd", "kind", "title", "start_year", "end_year", "note"];
/// Written by the export, ignored by the import.
pub const READ_ONLY: [&str; 5] = [
    "latest_version",
    "approved_version",
    "approved_on",
    "missed_review_due",
    "missed_review_clause",
];

/// Every kind's section names, once each, in kind order.
pub fn section_columns() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for k in PlanKind::ALL {
        for s in k.sections() {
            if !out.contains(s) {
                out.push(s);
            }
        }
    }
    out
}

/// The sheet's columns as the export writes them (a read table has them in lower case).
pub fn header() -> Vec<String> {
    BASE.iter()
        .copied()
        .chain(section_columns())
        .chain(READ_ONLY)
        .map(str::to_string)
        .collect()
}

fn parse(row: &Row<'_>, pds: &HashMap<String, i64>) -> Result<PlanInput, CellError> {
    let pd = match row.text("pd") {
        "" => return Err(row.error("pd", "must not be empty")),
        key => *pds
            .get(&key.to_lowercase())
            .ok_or_else(|| row.error("pd", format!("no PD with code or name {key}")))?,
    };
    let kind: PlanKind = row.choice("kind", &PlanKind::ALL.map(PlanKind::as_str))?;
    let year = |c: &str| row.required_int(c).map(|y| y as i32);
    let sections: BTreeMap<String, String> = section_columns()
        .into_iter()
        .filter_map(|s| {
            row.optional(&s.to_lowercase())
                .map(|text| (s.to_string(), text))
        })
        .collect();
    Ok(PlanInput {
        pd_id: pd,
        kind,
        title: row.text("title").to_string(),
        start_year: year("start_year")?,
        end_year: year("end_year")?,
        classification: Classification::Biasa,
        sections,
        note: row.text("note").to_string(),
    })
}

fn column_of(field: &str) -> String {
    match field.strip_prefix("sections.") {
        Some(section) => section.to_lowercase(),
        None if field == "pd_id" => "pd".into(),
        None => field.to_string(),
    }
}

/// Imports plans from a CSV or XLSX file as `actor`: every row checked first, nothing written
/// while any is bad unless `skip_bad_rows`.
pub async fn import_plans(
    store: &Store,
    actor: &Actor,
    ctx: &AuditCtx,
    env: &Env,
    bytes: &[u8],
    skip_bad_rows: bool,
) -> Result<ImportReport, ImportError> {
    let drafters = store.plan_drafters(env.profile).await?;
    let table = read_table(bytes).map_err(|e| ImportError::Rejected(vec![e]))?;
    let known: Vec<String> = header().iter().map(|h| h.to_lowercase()).collect();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    table
        .check_header(&known, &["pd", "kind", "title", "start_year", "end_year"])
        .map_err(ImportError::Rejected)?;
    let (pds, _) = pd_directory(store).await?;
    let existing = store.plan_keys().await?;
    let mut report = ImportReport {
        rows: table.rows.len(),
        ..ImportReport::default()
    };
    let (mut errors, mut new, mut versions) = (Vec::new(), Vec::new(), Vec::new());
    let mut seen = HashMap::new();
    for (i, cells) in table.rows.iter().enumerate() {
        let row = table.row(i, cells);
        let n = row.number;
        let input = match parse(&row, &pds) {
            Ok(input) => input,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Err(e) = input.validate() {
            match e {
                StoreError::Invalid { field, message } => {
                    errors.push(CellError::new(n, &column_of(&field), message));
                    continue;
                }
                other => return Err(other.into()),
            }
        }
        let readable = authorize(
            actor,
            Action::Read,
            &Resource::record(Some(PdId(input.pd_id)), input.classification),
        )
        .is_ok();
        if !readable || !may_draft(actor, input.kind, PdId(input.pd_id), &drafters) {
            errors.push(CellError::new(n, "pd", "you do not draft this plan"));
            continue;
        }
        let key = (
            input.pd_id,
            input.kind.as_str().to_string(),
            input.title.trim().to_lowercase(),
        );
        if let Some(first) = seen.insert(key.clone(), n) {
            errors.push(CellError::new(
                n,
                "title",
                format!("the same plan as row {first}"),
            ));
            continue;
        }
        match existing.get(&key) {
            None => new.push(input),
            Some(&id) => {
                let plan = store.get_plan(id).await?;
                let latest = plan.versions.first().map(|v| &v.sections);
                if latest == Some(&input.sections) {
                    report.unchanged += 1;
                } else if let Err(StoreError::Invalid { field, message }) =
                    check_sections(input.kind, &input.sections)
                {
                    errors.push(CellError::new(n, &column_of(&field), message));
                } else {
                    versions.push((
                        id,
                        VersionInput {
                            sections: input.sections,
                            note: input.note,
                        },
                    ));
                }
            }
        }
    }
    if !errors.is_empty() && !skip_bad_rows {
        return Err(ImportError::Rejected(errors));
    }
    report.skipped = errors;
    store.import_plans(ctx, &new, &versions).await?;
    report.created = new.len();
    report.updated = versions.len();
    Ok(report)
}

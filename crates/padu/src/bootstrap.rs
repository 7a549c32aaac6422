//! First start: the Pemda of the chosen profile, the first administrator and, with `--demo`,
//! the demo region: its PDs and network sites read from the Pessel regulation (Lampiran I
//! Tabel 4.2), the rest from the files under `crates/padu/demo/`.

mod demo;
mod demo_data_terbuka;

use crate::interchange::Env;
use anyhow::{bail, Context, Result};
use padu_domain::network_table;
use padu_domain::password::{check_policy, generate_password, hash_password};
use padu_domain::profile::Profile;
use padu_domain::{Classification, Grant, Role};
use padu_store::users::NewUser;
use padu_store::{AuditCtx, Store};
use std::path::Path;

pub const ADMIN_USERNAME: &str = "admin";
/// The password of every demo user but `admin` (documented in README; demo only).
pub const DEMO_PASSWORD: &str = "Demo-Padu-2026!";
pub const PESSEL_REGULATION: &str = "pesisir-selatan-perbup-22-2021.md";

/// What the first start did, for the operator.
#[derive(Debug, Default)]
pub struct Bootstrapped {
    pub first_start: bool,
    /// A password generated for `admin`, to print once.
    pub generated_admin_password: Option<String>,
    pub demo_loaded: bool,
}

/// The Pessel regulation as published (a copy under `regulations/` in the repository), so
/// `serve --demo` works from any folder. The shared copy beside the repository wins when present.
const EMBEDDED_PESSEL: &str =
    include_str!("../../../regulations/pesisir-selatan-perbup-22-2021.md");

/// The Pessel regulation text and where it came from: the given folder (which must hold it),
/// else `../shared/regulations` or `./shared/regulations`, else the copy built into the binary.
pub fn pessel_regulation(given: Option<&Path>) -> Result<(String, String)> {
    if let Some(dir) = given {
        let path = dir.join(PESSEL_REGULATION);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {} (--regulations-dir)", path.display()))?;
        return Ok((text, path.display().to_string()));
    }
    for dir in ["../shared/regulations", "shared/regulations"] {
        let path = Path::new(dir).join(PESSEL_REGULATION);
        if let Ok(text) = std::fs::read_to_string(&path) {
            return Ok((text, path.display().to_string()));
        }
    }
    Ok((
        EMBEDDED_PESSEL.to_string(),
        format!("{PESSEL_REGULATION} (built in)"),
    ))
}

/// Refuses an administrator password from `PADU_ADMIN_PASSWORD` that misses the Peraturan
/// BSSN policy, naming what it misses.
pub fn check_admin_password(password: &str, username: &str) -> Result<()> {
    let bad = check_policy(password, username);
    if !bad.is_empty() {
        bail!(
            "PADU_ADMIN_PASSWORD {} (Peraturan BSSN password policy)",
            bad.iter()
                .map(|v| v.message())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

pub async fn first_start(
    store: &Store,
    key: &crate::keys::InstanceKey,
    profile: &'static Profile,
    admin_password: Option<String>,
    demo: bool,
    regulations: Option<&Path>,
) -> Result<Bootstrapped> {
    let mut out = Bootstrapped::default();
    let ctx = AuditCtx::system(crate::app::clock::system_now());
    let p = profile;
    let instance_id = format!("{}-{}", p.id, hex::encode(rand::random::<[u8; 4]>()));
    // On every start: an upgrade brings the instrument an older install lacks.
    crate::app::evaluasi::ensure_shipped(store, &ctx).await?;
    if store.pemda().await?.is_none() {
        // Read the demo source before writing anything, so a missing file changes nothing.
        let demo_source = if demo {
            Some((read_demo_table(regulations)?, demo::parse_all(&DEMO_FILES)?))
        } else {
            None
        };
        let password = match admin_password {
            Some(pw) => {
                check_admin_password(&pw, ADMIN_USERNAME)?;
                pw
            }
            None => {
                let pw = generate_password(&mut rand::rngs::OsRng);
                out.generated_admin_password = Some(pw.clone());
                pw
            }
        };
        store
            .init_pemda(
                &ctx,
                &p.pemda,
                &p.id,
                p.domain().unwrap_or_default(),
                &instance_id,
            )
            .await?;
        let admin = NewUser {
            username: ADMIN_USERNAME.into(),
            full_name: "Administrator Padu".into(),
            email: None,
            password_hash: hash_password(&password, &mut rand::rngs::OsRng),
            grants: vec![Grant {
                role: Role::AdminDinas,
                pd: None,
            }],
        };
        store.create_user(&ctx, &admin).await?;
        out.first_start = true;
        if let Some((table, files)) = demo_source {
            let loader = demo::Loader {
                store,
                ctx: &ctx,
                env: Env {
                    profile,
                    today: padu_domain::sla::wib_date(ctx.at),
                },
            };
            load_demo(&loader, &table, &files, key, &instance_id).await?;
            out.demo_loaded = true;
        }
    }
    Ok(out)
}

fn read_demo_table(regulations: Option<&Path>) -> Result<network_table::ParsedTable> {
    let (text, source) = pessel_regulation(regulations)?;
    let table = network_table::parse(&text);
    if let Some(e) = table.errors.first() {
        bail!(
            "{source}: line {} column {}: {}",
            e.line,
            e.column,
            e.message
        );
    }
    Ok(table)
}

/// The demo region beyond the regulation's table, in the order the files need each other
/// (services link applications, processes link services, the plans' approvals follow them).
/// `users.csv` has no import in the app and is read by the demo loader; the others are
/// imports of the register their file is named after.
const DEMO_FILES: [demo::DemoFile; 21] = [
    ("users.csv", include_str!("../demo/users.csv")),
    ("applications.csv", include_str!("../demo/applications.csv")),
    ("datasets.csv", include_str!("../demo/datasets.csv")),
    ("websites.csv", include_str!("../demo/websites.csv")),
    ("agendas.csv", include_str!("../demo/agendas.csv")),
    ("plans.csv", include_str!("../demo/plans.csv")),
    ("services.csv", include_str!("../demo/services.csv")),
    ("processes.csv", include_str!("../demo/processes.csv")),
    (
        "infrastructure.csv",
        include_str!("../demo/infrastructure.csv"),
    ),
    ("policies.csv", include_str!("../demo/policies.csv")),
    (
        "risk_contexts.csv",
        include_str!("../demo/risk_contexts.csv"),
    ),
    (
        "security_incidents.csv",
        include_str!("../demo/security_incidents.csv"),
    ),
    ("risks.csv", include_str!("../demo/risks.csv")),
    ("risk_reviews.csv", include_str!("../demo/risk_reviews.csv")),
    (
        "security_certificates.csv",
        include_str!("../demo/security_certificates.csv"),
    ),
    ("isms_records.csv", include_str!("../demo/isms_records.csv")),
    ("evaluations.csv", include_str!("../demo/evaluations.csv")),
    (
        "audit_objects.csv",
        include_str!("../demo/audit_objects.csv"),
    ),
    ("audits.csv", include_str!("../demo/audits.csv")),
    (
        "audit_findings.csv",
        include_str!("../demo/audit_findings.csv"),
    ),
    (
        "open_datasets.csv",
        include_str!("../demo/open_datasets.csv"),
    ),
];

/// The demo's plans are approved in the name of its Pimpinan (the Bupati's account).
const DEMO_APPROVER: &str = "pimpinan";

/// The demo region: Pessel's PDs and 70 network sites from the regulation, then its files.
async fn load_demo(
    loader: &demo::Loader<'_>,
    table: &network_table::ParsedTable,
    files: &[demo::Parsed],
    key: &crate::keys::InstanceKey,
    instance_id: &str,
) -> Result<()> {
    loader
        .store
        .import_network_table(
            loader.ctx,
            table,
            "Pessel Lampiran I Tabel 4.2",
            Classification::Terbatas,
            false,
            &mut |_, _| {},
        )
        .await?;
    for file in files {
        match file.name {
            "users.csv" => loader.users(file, DEMO_PASSWORD).await?,
            "evaluations.csv" => loader.evaluations(file).await?,
            "audits.csv" => loader.audits(file).await?,
            "audit_findings.csv" => loader.audit_findings(file).await?,
            "open_datasets.csv" => loader.open_datasets(file).await?,
            "plans.csv" => {
                let plans = loader.register(file).await?;
                loader
                    .approve_plans(&plans, key, instance_id, DEMO_APPROVER)
                    .await?;
            }
            _ => {
                loader.register(file).await?;
            }
        }
    }
    Ok(())
}

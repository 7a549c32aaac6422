//! Operator commands that run outside the server: backup, restore (with verification), import.

use crate::audit_ops;
use anyhow::{bail, Context, Result};
use padu_store::backup::Header;
use padu_store::{ts, Store};
use std::io::Write;
use std::path::Path;

/// Prints progress of long runs on standard error, at most a line per table step.
pub fn progress_printer(verb: &'static str) -> impl FnMut(&str, i64, i64) + Send {
    move |table: &str, done: i64, total: i64| {
        let pct = if total > 0 { done * 100 / total } else { 100 };
        eprintln!("{verb}: {table:<20} {done:>9}/{total} rows ({pct}%)");
    }
}

/// Writes a backup to `out` atomically (a temporary file renamed at the end).
pub async fn backup(store: &Store, out: &Path) -> Result<Header> {
    let tmp = out.with_extension("partial");
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let mut progress = progress_printer("backup");
    let header = store
        .backup(
            std::io::BufWriter::new(file),
            &ts(crate::app::clock::system_now()),
            &mut progress,
        )
        .await;
    let header = match header {
        Ok(h) => h,
        Err(e) => {
            std::fs::remove_file(&tmp).ok();
            bail!("backup failed: {e}");
        }
    };
    std::fs::rename(&tmp, out).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(header)
}

/// Restores `file` into the (empty) store, then verifies record counts and the audit chain.
pub async fn restore_and_verify(store: &Store, file: &Path) -> Result<String> {
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let mut progress = progress_printer("restore");
    let header = store
        .restore(std::io::BufReader::new(f), &mut progress)
        .await
        .map_err(|e| anyhow::anyhow!("restore failed, nothing was written: {e}"))?;
    let counts = store.table_counts().await?;
    let mut report = String::new();
    for info in &header.tables {
        let have = counts
            .iter()
            .find(|(n, _)| *n == info.name)
            .map(|c| c.1)
            .unwrap_or(-1);
        if have != info.rows {
            bail!(
                "verification failed: table {} has {have} rows, the backup {}",
                info.name,
                info.rows
            );
        }
        report.push_str(&format!("  {:<20} {:>9} rows  ok\n", info.name, have));
    }
    let audit = audit_ops::verify(store, crate::app::clock::system_now(), &mut |_| {}).await?;
    if !audit.ok {
        bail!(
            "verification failed: audit log: {}",
            audit.problems.join("; ")
        );
    }
    report.push_str(&format!(
        "  audit chain: {} entries, {} signed checkpoints verified  ok\n",
        audit.entries, audit.checkpoints_checked
    ));
    Ok(report)
}

/// `padu audit verify` output, and whether it passed.
pub async fn audit_verify_cli(store: &Store) -> Result<bool> {
    let mut last = 0;
    let report = audit_ops::verify(store, crate::app::clock::system_now(), &mut |n| {
        if n - last >= 50_000 {
            eprintln!("verify: {n} entries checked");
            last = n;
        }
    })
    .await?;
    let mut out = std::io::stdout();
    if report.ok {
        writeln!(
            out,
            "audit log OK: {} entries, head #{}, {} signed checkpoints verified",
            report.entries, report.head_seq, report.checkpoints_checked
        )?;
    } else {
        if let Some(b) = &report.first_bad {
            writeln!(
                out,
                "audit log TAMPERED: first bad entry #{}: {}",
                b.seq, b.reason
            )?;
        }
        for p in &report.problems {
            writeln!(out, "  - {p}")?;
        }
    }
    Ok(report.ok)
}

/// Parses a holiday list with the calendar's own reader (all-or-nothing) and stores it.
/// What `padu admin reset` did.
pub struct AdminReset {
    pub created: bool,
    /// The password made for the account, when none was given (to print once).
    pub generated_password: Option<String>,
}

/// `padu admin reset`: makes `username` an active Admin Dinas with `chosen` as its password (it
/// must meet the BSSN policy) or a generated one, audited with the actor "cli".
pub async fn admin_reset(
    store: &Store,
    username: &str,
    chosen: Option<String>,
) -> Result<AdminReset> {
    use padu_domain::password::{generate_password, hash_password};
    let (password, generated) = match chosen {
        Some(pw) => {
            crate::bootstrap::check_admin_password(&pw, username)?;
            (pw, false)
        }
        None => (generate_password(&mut rand::rngs::OsRng), true),
    };
    let mut ctx = padu_store::AuditCtx::system(crate::app::clock::system_now());
    ctx.actor_label = "cli".into();
    let hash = hash_password(&password, &mut rand::rngs::OsRng);
    let (_, created) = store
        .reset_admin(&ctx, username, &hash)
        .await
        .map_err(|e| anyhow::anyhow!("--username {e}"))?;
    Ok(AdminReset {
        created,
        generated_password: generated.then_some(password),
    })
}

/// Whom the CLI's imports and the demo's first start act as: the Dinas's administrator, with
/// no account behind it (id 0), so every register and PD may be written.
pub fn dinas_actor() -> padu_domain::Actor {
    padu_domain::Actor::User {
        id: padu_domain::UserId(0),
        grants: vec![padu_domain::Grant {
            role: padu_domain::Role::AdminDinas,
            pd: None,
        }],
    }
}

/// `padu import-catalog`: imports a register's CSV or XLSX as the Dinas, printing progress and
/// every bad cell (`file:row:column: message`). Returns whether the import was taken.
pub async fn import_catalog(
    store: &Store,
    ctx: &padu_store::AuditCtx,
    profile: &'static padu_domain::profile::Profile,
    register: &str,
    bytes: &[u8],
    skip_bad_rows: bool,
    file: &str,
) -> Result<bool> {
    use crate::interchange::{import_named, Env, ImportError, REGISTERS};
    let dinas = dinas_actor();
    let env = Env {
        profile,
        today: padu_domain::sla::wib_date(crate::app::clock::system_now()),
    };
    let mut last = 0;
    let mut progress = |done: usize, total: usize| {
        if done - last >= 10_000 || done == total {
            eprintln!("import: {done:>7}/{total} rows written");
            last = done;
        }
    };
    eprintln!("import: checking {file}");
    let Some(result) = import_named(
        register,
        store,
        &dinas,
        ctx,
        &env,
        bytes,
        skip_bad_rows,
        &mut progress,
    )
    .await
    else {
        bail!(
            "unknown register {register}: one of {}",
            REGISTERS.join(", ")
        );
    };
    match result {
        Ok(r) => {
            for e in &r.skipped {
                eprintln!("{file}:{}:{}: {} (skipped)", e.row, e.column, e.message);
            }
            println!(
                "imported {} rows: {} created, {} updated, {} unchanged, {} skipped",
                r.rows,
                r.created,
                r.updated,
                r.unchanged,
                r.skipped.len()
            );
            Ok(true)
        }
        Err(ImportError::Rejected(errors)) => {
            for e in &errors {
                eprintln!("{file}:{}:{}: {}", e.row, e.column, e.message);
            }
            eprintln!(
                "{} problem(s); nothing was imported (fix them, or pass --skip-bad-rows)",
                errors.len()
            );
            Ok(false)
        }
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

#![forbid(unsafe_code)]

use anyhow::{Context, Result};
use clap::Parser;
use padu::config::{
    AdminCommand, AuditCommand, Cli, Command, GsbCommand, GsbLogCommand, HolidayCommand, LogFormat,
    StorageArgs,
};
use padu_store::Store;
use std::process::ExitCode;

/// The gateway allocates and frees small buffers on every exchange from two worker threads;
/// mimalloc's per-thread free lists cost less there than glibc's arenas (bench/gsb.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PADU_LOG")
        .unwrap_or_else(|_| "info,sqlx=warn".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Text => builder.init(),
    }
}

async fn open(storage: &StorageArgs, create: bool) -> Result<Store> {
    padu::server::open_store(storage, create).await
}

async fn run(cli: Cli) -> Result<bool> {
    match cli.command {
        Command::Serve(args) => {
            init_logs(args.log_format);
            let started = std::time::Instant::now();
            let admin_password = std::env::var("PADU_ADMIN_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty());
            let running = padu::server::start(&args, admin_password).await?;
            if let Some(pw) = &running.bootstrapped.generated_admin_password {
                println!("First start: the administrator is user 'admin' with password: {pw}");
                println!("(shown once; set PADU_ADMIN_PASSWORD on first start to choose it)");
            }
            if running.bootstrapped.demo_loaded {
                println!("Demo region loaded: Pesisir Selatan (Pessel Lampiran I Tabel 4.2). Demo users: see README.");
            }
            println!(
                "Padu {} listening on {}{} ({} storage, ready in {} ms)",
                padu::VERSION,
                running.url(),
                running
                    .gateway_addr
                    .map(|a| {
                        let scheme = if args.gateway_plain { "http" } else { "https" };
                        format!(", service bus gateway on {scheme}://{a}")
                    })
                    .unwrap_or_default(),
                running.state.store.engine().as_str(),
                started.elapsed().as_millis()
            );
            shutdown_signal().await;
            tracing::info!("shutting down");
            running.stop().await;
            Ok(true)
        }
        Command::Audit {
            command: AuditCommand::Verify { storage },
        } => {
            let store = open(&storage, false).await?;
            padu::ops::audit_verify_cli(&store).await
        }
        Command::Audit {
            command: AuditCommand::Checkpoint { storage },
        } => {
            let store = open(&storage, false).await?;
            let key = padu::keys::InstanceKey::load_or_create(&storage.data_dir)?;
            let instance = store
                .pemda()
                .await?
                .map(|p| p.instance_id)
                .unwrap_or_default();
            match padu::audit_ops::checkpoint(
                &store,
                &key,
                &instance,
                padu::app::clock::system_now(),
            )
            .await?
            {
                Some(id) => println!("checkpoint {id} signed"),
                None => println!("the head is already checkpointed"),
            }
            Ok(true)
        }
        Command::Backup { storage, out } => {
            let store = open(&storage, false).await?;
            let header = padu::ops::backup(&store, &out).await?;
            let rows: i64 = header.tables.iter().map(|t| t.rows).sum();
            println!(
                "backup written to {} ({} tables, {rows} rows, schema {})",
                out.display(),
                header.tables.len(),
                header.schema_version
            );
            Ok(true)
        }
        Command::Restore { storage, file } => {
            let store = open(&storage, true).await?;
            let report = padu::ops::restore_and_verify(&store, &file).await?;
            println!("restored {} and verified:\n{report}", file.display());
            if let Some(aside) = padu::gsb::msglog::set_journal_aside(
                &storage.data_dir,
                padu::app::clock::system_now(),
            )? {
                println!(
                    "the message-log journal of the replaced database is kept at {}",
                    aside.display()
                );
            }
            Ok(true)
        }
        Command::Admin {
            command: AdminCommand::Reset { storage, username },
        } => {
            let store = open(&storage, false).await?;
            let chosen = std::env::var("PADU_ADMIN_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty());
            let reset = padu::ops::admin_reset(&store, &username, chosen).await?;
            let what = if reset.created {
                "created as"
            } else {
                "is now"
            };
            println!(
                "'{username}' {what} an active Admin Dinas; lockout cleared, signed out everywhere"
            );
            match &reset.generated_password {
                Some(pw) => {
                    println!("new password: {pw}");
                    println!("(shown once; set PADU_ADMIN_PASSWORD to choose it)");
                }
                None => println!("new password: the one in PADU_ADMIN_PASSWORD"),
            }
            Ok(true)
        }
        Command::Holidays {
            command: HolidayCommand::Import { storage, file },
        } => {
            let store = open(&storage, false).await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let mut ctx = padu_store::AuditCtx::system(padu::app::clock::system_now());
            ctx.actor_label = "cli".into();
            let n = padu::app::calendar::import_holidays(&store, &ctx, &text)
                .await
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            println!("imported {n} days off");
            Ok(true)
        }
        Command::Holidays {
            command: HolidayCommand::List { storage },
        } => {
            let store = open(&storage, false).await?;
            for (day, name) in store.holidays().await? {
                println!("{day}\t{name}");
            }
            Ok(true)
        }
        Command::Gsb {
            command:
                GsbCommand::Log {
                    command: GsbLogCommand::Verify { storage },
                },
        } => {
            let store = open(&storage, false).await?;
            let mut last = std::time::Instant::now();
            let mut progress = |done: i64, total: i64| {
                if last.elapsed() > std::time::Duration::from_millis(500) || done == total {
                    eprintln!("verify: {done}/{total} records");
                    last = std::time::Instant::now();
                }
            };
            let verified = match padu::gsb::msglog::verify(&store, &mut progress).await {
                Ok(v) => padu::gsb::msglog::verify_journal(&store, &storage.data_dir)
                    .await
                    .map(|journaled| (v, journaled)),
                Err(e) => Err(e),
            };
            match verified {
                Ok((v, journaled)) => {
                    println!(
                        "message log intact: {} records in {} signed batches ({} not yet batched, {} in the journal not yet indexed)",
                        v.records, v.batches, v.unbatched, journaled
                    );
                    Ok(true)
                }
                Err(e) => {
                    println!("message log verification FAILED: {e}");
                    Ok(false)
                }
            }
        }
        Command::Gsb {
            command:
                GsbCommand::Log {
                    command: GsbLogCommand::Export { storage, id, out },
                },
        } => {
            let store = open(&storage, false).await?;
            let record =
                padu::gsb::msglog::export(&store, &id, &out, Some(&storage.data_dir)).await?;
            println!(
                "wrote the evidence of record {record} to {} (see VERIFY.md there)",
                out.display()
            );
            Ok(true)
        }
        Command::Gsb {
            command:
                GsbCommand::Log {
                    command:
                        GsbLogCommand::Archive {
                            storage,
                            before,
                            out,
                        },
                },
        } => {
            let before = padu::gsb::archive::parse_instant(&before)
                .map_err(|e| anyhow::anyhow!("--before: {e}"))?;
            let store = open(&storage, false).await?;
            let mut progress = |done: i64, total: i64| eprintln!("archive: {done}/{total} records");
            match padu::gsb::archive::archive(&store, before, &out, &mut progress).await? {
                Some(a) => println!(
                    "archived records {}–{} (through batch {}) to {}, sha256 {}",
                    a.first_record, a.last_record, a.last_batch, a.file_name, a.file_sha256
                ),
                None => println!(
                    "nothing to archive: no batch closed before {before} is still in the database"
                ),
            }
            Ok(true)
        }
        Command::Gsb {
            command:
                GsbCommand::Log {
                    command: GsbLogCommand::VerifyArchive { file },
                },
        } => match padu::gsb::archive::verify_file(&file) {
            Ok(v) => {
                println!(
                    "archive intact: records {}–{} in {} signed batches, sha256 {}",
                    v.first_record, v.last_record, v.batches, v.sha256
                );
                Ok(true)
            }
            Err(e) => {
                println!("archive verification FAILED: {e:#}");
                Ok(false)
            }
        },
        Command::BenchSeed {
            storage,
            complaints,
            tickets,
        } => {
            let store = open(&storage, false).await?;
            let mut ctx = padu_store::AuditCtx::system(padu::app::clock::system_now());
            ctx.actor_label = "bench-seed".into();
            let mut progress = |what: &str, done: usize, total: usize| {
                eprintln!("bench-seed: {what:<10} {done:>8}/{total}");
            };
            let code = store
                .bench_seed(&ctx, complaints, tickets, &mut progress)
                .await?;
            println!("{code}");
            Ok(true)
        }
        Command::ImportCatalog {
            storage,
            register,
            file,
            skip_bad_rows,
            profile_file,
        } => {
            let store = open(&storage, false).await?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let pemda = store
                .pemda()
                .await?
                .context("no Pemda yet: run `padu serve` once first")?;
            let own = match &profile_file {
                Some(path) => {
                    Some(padu::app::profile::read_file(path).map_err(anyhow::Error::msg)?)
                }
                None => None,
            };
            let profile =
                padu::app::profile::active(&pemda.profile, pemda.profile_text.as_deref(), own)
                    .map_err(anyhow::Error::msg)?;
            let ctx = padu_store::AuditCtx {
                actor_user_id: None,
                actor_label: "cli import".into(),
                ip: None,
                at: padu::app::clock::system_now(),
            };
            padu::ops::import_catalog(
                &store,
                &ctx,
                profile,
                &register,
                &bytes,
                skip_bad_rows,
                &file.display().to_string(),
            )
            .await
        }
        Command::ImportSites {
            storage,
            file,
            skip_bad_rows,
        } => {
            let store = open(&storage, false).await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let table = padu_domain::network_table::parse(&text);
            for e in &table.errors {
                eprintln!(
                    "{}: line {} column {}: {}",
                    file.display(),
                    e.line,
                    e.column,
                    e.message
                );
            }
            if !table.errors.is_empty() && !skip_bad_rows {
                anyhow::bail!(
                    "{} errors; nothing was imported (fix them, or pass --skip-bad-rows)",
                    table.errors.len()
                );
            }
            let ctx = padu_store::AuditCtx {
                actor_user_id: None,
                actor_label: "cli import".into(),
                ip: None,
                at: padu::app::clock::system_now(),
            };
            let mut last = 0;
            let report = store
                .import_network_table(
                    &ctx,
                    &table,
                    &file.display().to_string(),
                    padu_domain::Classification::Terbatas,
                    skip_bad_rows,
                    &mut |done, total| {
                        if done - last >= 1000 || done == total {
                            eprintln!("import: {done}/{total} rows");
                            last = done;
                        }
                    },
                )
                .await?;
            println!(
                "imported: {} PDs, {} unit kerja, {} sites created; {} sites already present",
                report.pds_created,
                report.unit_kerja_created,
                report.sites_created,
                report.sites_unchanged
            );
            Ok(true)
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("padu: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("padu: {e:#}");
            ExitCode::FAILURE
        }
    }
}

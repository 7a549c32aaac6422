//! Assembling and running the server: used by `padu serve` and by the tests (port 0).

use crate::app::clock::{system_now, Clock};
use crate::app::{notify, App};
use crate::audit_ops;
use crate::bootstrap::{first_start, Bootstrapped};
use crate::config::{ServeArgs, StorageArgs};
use crate::jobs;
use crate::keys::InstanceKey;
use crate::web::kit::limiter::KeyedLimiter;
use crate::web::{self, kit::AppState, kit::SharedState};
use anyhow::{Context, Result};
use padu_store::Store;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Running {
    pub addr: SocketAddr,
    /// The service bus gateway's address, when it listens.
    pub gateway_addr: Option<SocketAddr>,
    pub state: SharedState,
    pub bootstrapped: Bootstrapped,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, finishes in-flight requests and waits for the server to end.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = self.task.await;
    }
}

/// Opens the store of `storage` and migrates it. Without `create`, a missing SQLite database is
/// an error (the CLI's maintenance commands must not make an empty one by mistake).
pub async fn open_store(storage: &StorageArgs, create: bool) -> Result<Store> {
    if storage.database_url.is_none() {
        let db = storage.data_dir.join("padu.db");
        if !create && !db.exists() {
            anyhow::bail!(
                "no Padu database at {} (use --data-dir or --database-url)",
                db.display()
            );
        }
        std::fs::create_dir_all(&storage.data_dir).with_context(|| {
            format!("cannot create the data dir {}", storage.data_dir.display())
        })?;
    }
    let store = Store::open(&storage.url())
        .await
        .context("cannot open the database")?;
    store
        .migrate(system_now())
        .await
        .context("cannot migrate the database")?;
    Ok(store)
}

/// Opens the store, migrates, bootstraps, binds and starts serving in the background.
pub async fn start(args: &ServeArgs, admin_password: Option<String>) -> Result<Running> {
    // The region's own profile is read whole before anything starts.
    let own = match &args.profile_file {
        Some(path) => Some(crate::app::profile::read_file(path).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let first = match own {
        Some(p) => p,
        None => crate::app::profile::shipped_named(&args.profile).map_err(anyhow::Error::msg)?,
    };
    let store = open_store(&args.storage, true).await?;
    let key = InstanceKey::load_or_create(&args.storage.data_dir)?;
    let bootstrapped = first_start(
        &store,
        &key,
        first,
        admin_password,
        args.demo,
        args.regulations_dir.as_deref(),
    )
    .await?;
    let pemda = store
        .pemda()
        .await?
        .context("the Pemda record is missing")?;
    let profile = crate::app::profile::active(&pemda.profile, pemda.profile_text.as_deref(), own)
        .map_err(anyhow::Error::msg)?;
    store
        .register_signing_key(&key.fingerprint(), &key.public_pem(), system_now())
        .await?;
    let secure = args
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let instance = args
        .gsb_instance
        .clone()
        .unwrap_or_else(|| format!("ID-{}", profile.id.to_ascii_uppercase()));
    padu_domain::gsb::check_part("gsb_instance", &instance)
        .map_err(|e| anyhow::anyhow!("--gsb-instance: {e}"))?;
    let gsb = crate::gsb::Gsb::start(
        store.clone(),
        key.clone(),
        instance,
        &args.storage.data_dir,
        &args.gateway_names,
    )
    .await?;
    if let (Some(days), Some(dir)) = (args.gsb_log_retention_days, &args.gsb_archive_dir) {
        crate::gsb::archive::spawn_retention(store.clone(), days, dir.clone());
    }
    let app = Arc::new(App {
        store: store.clone(),
        clock: Clock::System,
        key,
        pemda,
        profile: std::sync::RwLock::new(profile),
        profile_from_file: own.is_some(),
        mail: match &args.smtp_url {
            Some(url) => Some(
                notify::MailConfig::parse(url, &args.smtp_from)
                    .map_err(anyhow::Error::msg)
                    .context("--smtp-url / --smtp-from")?,
            ),
            None => None,
        },
        public_url: args.public_url.clone(),
        last_verify: Mutex::new(None),
        gsb: gsb.clone(),
        open_data: Default::default(),
    });
    audit_ops::checkpoint(
        &app.store,
        &app.key,
        &app.pemda.instance_id,
        app.clock.now(),
    )
    .await?;
    let loaded = crate::app::data_terbuka::datastore::ensure_loaded(&app).await?;
    if loaded > 0 {
        tracing::info!(
            resources = loaded,
            "tabular resources loaded into the queryable store"
        );
    }
    jobs::spawn(
        app.clone(),
        jobs::Every {
            checkpoint: Duration::from_secs(args.checkpoint_secs.max(1)),
            deadlines: Duration::from_secs(60),
            desk_and_mail: Duration::from_secs(args.jobs_secs.max(1)),
        },
    );
    let state = Arc::new(AppState {
        app: app.clone(),
        secure_cookies: secure,
        login_limiter: KeyedLimiter::new(20, Duration::from_secs(60)),
        complaint_limiter: KeyedLimiter::new(10, Duration::from_secs(3600)),
        trusted_proxies: args.trusted_proxy.clone(),
        metrics: Default::default(),
    });
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (stop_gateway, gateway_stopped) = tokio::sync::watch::channel(false);
    let gateway_addr = match args.gateway_listen {
        Some(at) => {
            if args.gateway_plain && !at.ip().is_loopback() {
                anyhow::bail!(
                    "--gateway-plain serves without TLS and is only allowed on a loopback address, not {at}"
                );
            }
            let listener = tokio::net::TcpListener::bind(at)
                .await
                .with_context(|| format!("cannot listen on {at} (--gateway-listen)"))?;
            let bound = listener.local_addr()?;
            let mut stopped = gateway_stopped.clone();
            tokio::spawn(crate::gsb::serve(
                gsb,
                listener,
                args.gateway_plain,
                args.gateway_threads
                    .map_or_else(crate::gsb::default_threads, |n| n.get()),
                async move {
                    let _ = stopped.wait_for(|s| *s).await;
                },
            ));
            Some(bound)
        }
        None => None,
    };
    let task = tokio::spawn(web::serve(state.clone(), listener, async move {
        let _ = rx.await;
        let _ = stop_gateway.send(true);
    }));
    Ok(Running {
        addr,
        gateway_addr,
        state,
        bootstrapped,
        task,
        shutdown: Some(tx),
    })
}

//! Sistem Penghubung Layanan: the X-Road-class service bus (PRODUCT.md module 1). The registry
//! lives in the store; the gateway answers from an in-memory copy that every registry change
//! (and a timer, for other processes' changes) replaces.
//!
//! - `gateway`: the X-Road REST protocol listener and proxy
//! - `meter`: streaming digests of bodies
//! - `msglog`: the message log writer, batches, verification and evidence export
//! - `meta`: metaservices (listClients, listMethods, allowedMethods, getOpenAPI)
//! - `api`: the registry's JSON API for staff
//! - `monitor`: per service and client counters and latency windows

pub mod archive;
pub mod ca;
pub mod gateway;
pub mod journal;
pub mod meta;
pub mod meter;
pub mod monitor;
pub mod msglog;
pub mod tls;
mod worker;

use hyper::StatusCode;
use padu_store::gsb::Registry;
use padu_store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// Why the gateway refused or failed an exchange. Each has its X-Road error type.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GsbError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("instance {0} is not this one and is not federated with it")]
    UnknownInstance(String),
    #[error("no such service is registered")]
    UnknownService,
    #[error("the service is disabled")]
    ServiceDisabled,
    #[error("the client has no access right to this service, method and path")]
    AccessDenied,
    #[error("too many requests from this client; slow down")]
    RateLimited,
    #[error("the request body is over this service's limit of {0} bytes")]
    TooLarge(u64),
    #[error("the client broke off while sending its request: {0}")]
    ClientAborted(String),
    #[error("the provider cannot be reached: {0}")]
    ProviderDown(String),
    #[error("the provider failed to answer: {0}")]
    ProviderFailed(String),
    #[error("the provider did not answer within {0:?}")]
    Timeout(Duration),
    #[error("the provider's OpenAPI description is not available: {0}")]
    NoOpenApi(String),
    #[error("the message log cannot be written")]
    LogFailed,
    #[error("the provider's gateway answered for a request other than the one sent: {0}")]
    InconsistentResponse(&'static str),
}

impl GsbError {
    pub fn bad(e: padu_domain::gsb::BadId) -> GsbError {
        GsbError::BadRequest(e.to_string())
    }

    /// The HTTP status and X-Road error type. PR-REST 4.6 gives a gateway's errors two
    /// status codes: "3. 400 - Bad Request" when the client's request is at fault (types
    /// `Client…`), and 500 when the provider or a gateway failed ("2. 500" and
    /// "4. 500 - Internal Server Error"; types `Server.…`).
    pub fn kind(&self) -> (StatusCode, &'static str) {
        let kind = self.error_type();
        let status = if kind.starts_with("Client.") {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        (status, kind)
    }

    /// The X-Road error type: `Client…` for the caller's mistakes, `Server.ClientProxy…` for
    /// this gateway as the client's side, `Server.ServerProxy…` for the provider side.
    fn error_type(&self) -> &'static str {
        use GsbError::*;
        match self {
            BadRequest(_) => "Client.BadRequest",
            Unauthorized(_) => "Client.Unauthorized",
            UnknownInstance(_) => "Server.ClientProxy.UnknownInstance",
            UnknownService => "Server.ServerProxy.UnknownService",
            ServiceDisabled => "Server.ServerProxy.ServiceDisabled",
            AccessDenied => "Server.ServerProxy.AccessDenied",
            RateLimited => "Client.RateLimited",
            TooLarge(_) => "Client.RequestTooLarge",
            ClientAborted(_) => "Client.RequestAborted",
            ProviderDown(_) => "Server.ServerProxy.ServiceUnreachable",
            ProviderFailed(_) => "Server.ServerProxy.ServiceFailed",
            Timeout(_) => "Server.ServerProxy.ServiceTimeout",
            NoOpenApi(_) => "Server.ServerProxy.OpenApiNotFound",
            LogFailed => "Server.ServerProxy.DatabaseError",
            InconsistentResponse(_) => "Server.ClientProxy.InconsistentResponse",
        }
    }
}

/// Requests per second per client subsystem (a fixed one-second window).
#[derive(Default)]
pub struct Limiter {
    windows: Mutex<HashMap<i64, (u64, i64)>>,
}

impl Limiter {
    pub fn hit(&self, subsystem: i64, per_second: i64) -> Result<(), GsbError> {
        let second = u64::try_from(crate::app::clock::system_now().timestamp()).unwrap_or(0);
        let mut w = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let e = w.entry(subsystem).or_insert((second, 0));
        if e.0 != second {
            *e = (second, 0);
        }
        e.1 += 1;
        if e.1 > per_second {
            Err(GsbError::RateLimited)
        } else {
            Ok(())
        }
    }
}

/// Each provider's recent health, from the exchanges themselves.
#[derive(Default)]
pub struct Health {
    by_service: Mutex<HashMap<i64, ProviderHealth>>,
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize, utoipa::ToSchema)]
pub struct ProviderHealth {
    /// Failures (unreachable, broken, timed out) since the last success.
    pub consecutive_failures: u32,
    pub last_ok: Option<chrono::DateTime<chrono::Utc>>,
    pub last_failure: Option<chrono::DateTime<chrono::Utc>>,
}

impl Health {
    pub fn ok(&self, service: i64) {
        let mut m = self.by_service.lock().unwrap_or_else(|p| p.into_inner());
        let h = m.entry(service).or_default();
        h.consecutive_failures = 0;
        h.last_ok = Some(crate::app::clock::system_now());
    }
    pub fn failed(&self, service: i64) {
        let mut m = self.by_service.lock().unwrap_or_else(|p| p.into_inner());
        let h = m.entry(service).or_default();
        h.consecutive_failures += 1;
        h.last_failure = Some(crate::app::clock::system_now());
    }
    pub fn of(&self, service: i64) -> ProviderHealth {
        let m = self.by_service.lock().unwrap_or_else(|p| p.into_inner());
        m.get(&service).copied().unwrap_or_default()
    }
}

pub type UpstreamClient = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    gateway::GatewayBody,
>;
pub use gateway::GatewayBody;

/// Everything the gateway and the registry API share.
pub struct Gsb {
    pub store: Store,
    /// This instance's X-Road instance code.
    pub instance: String,
    registry: RwLock<Arc<Registry>>,
    pub log: msglog::MessageLog,
    /// Towards providers (http, or https trusting the system's CAs and the instance CA), for
    /// the metaservices; each gateway thread has its own (`provider_client`).
    pub client: UpstreamClient,
    provider_tls: rustls::ClientConfig,
    pub limiter: Limiter,
    pub health: Health,
    pub monitor: monitor::Monitor,
    pub ca: Arc<ca::InstanceCa>,
    identity: tls::Identity,
    /// The listener's TLS configuration for the current federation (new connections use it).
    server_tls: RwLock<Arc<rustls::ServerConfig>>,
    /// Per federated instance: what its client was built from, and the client.
    peers: Mutex<HashMap<String, (String, UpstreamClient)>>,
}

impl Gsb {
    /// Starts the message log writer and loads the CA (`data_dir/keys`); the gateway's TLS
    /// certificate names `names`.
    pub async fn start(
        store: Store,
        key: crate::keys::InstanceKey,
        instance: String,
        data_dir: &std::path::Path,
        names: &[String],
    ) -> anyhow::Result<Arc<Gsb>> {
        let now = crate::app::clock::system_now();
        let ca = Arc::new(ca::InstanceCa::load_or_create(data_dir, &instance, now)?);
        let (chain, key_der) = ca.gateway_identity(&instance, names, now)?;
        let identity = tls::Identity {
            chain,
            key: key_der,
        };
        let server_tls = RwLock::new(tls::server_config(&ca, &identity, &[])?);
        let log = msglog::MessageLog::start(store.clone(), key, instance.clone(), data_dir).await?;
        let provider_tls = tls::provider_config(&ca)?;
        let client = tls::client_over(provider_tls.clone());
        let gsb = Arc::new(Gsb {
            store,
            instance,
            registry: RwLock::new(Arc::new(Registry::default())),
            log,
            client,
            provider_tls,
            limiter: Limiter::default(),
            health: Health::default(),
            monitor: monitor::Monitor::default(),
            ca,
            identity,
            server_tls,
            peers: Mutex::new(HashMap::new()),
        });
        gsb.reload().await?;
        let every = gsb.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(5));
            loop {
                tick.tick().await;
                if let Err(e) = every.reload().await {
                    tracing::warn!(error = %e, "reloading the service bus registry failed");
                }
            }
        });
        Ok(gsb)
    }

    /// Reads the registry again (after a change, and every few seconds for other processes).
    pub async fn reload(&self) -> Result<(), padu_store::StoreError> {
        let r = self.store.registry().await?;
        if r.federation != self.registry().federation {
            self.trust(&r.federation);
        }
        *self.registry.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(r);
        Ok(())
    }

    /// Follows a change of federation: the listener trusts the peers' CAs, and each peer gets
    /// a client that presents this gateway's certificate.
    fn trust(&self, federation: &[padu_store::gsb_trust::Federation]) {
        match tls::server_config(&self.ca, &self.identity, federation) {
            Ok(c) => *self.server_tls.write().unwrap_or_else(|p| p.into_inner()) = c,
            Err(e) => tracing::warn!(error = %e, "cannot build the gateway's TLS configuration"),
        }
        let mut peers = self.peers.lock().unwrap_or_else(|p| p.into_inner());
        peers.retain(|instance, _| federation.iter().any(|f| &f.instance == instance));
        for f in federation {
            let built_from = format!("{} {}", f.gateway_url, f.ca_fingerprint);
            if peers
                .get(&f.instance)
                .is_some_and(|(b, _)| *b == built_from)
            {
                continue;
            }
            match tls::peer_client(f, &self.identity) {
                Ok(c) => {
                    peers.insert(f.instance.clone(), (built_from, c));
                }
                Err(e) => {
                    tracing::warn!(instance = %f.instance, error = %e, "cannot build a federation client")
                }
            }
        }
    }

    /// A new client towards providers, with a connection pool of its own.
    pub fn provider_client(&self) -> UpstreamClient {
        tls::client_over(self.provider_tls.clone())
    }

    /// The client towards a federated instance's gateway.
    pub fn peer(&self, instance: &str) -> Option<UpstreamClient> {
        let peers = self.peers.lock().unwrap_or_else(|p| p.into_inner());
        peers.get(instance).map(|(_, c)| c.clone())
    }

    pub fn server_tls(&self) -> Arc<rustls::ServerConfig> {
        self.server_tls
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn registry(&self) -> Arc<Registry> {
        self.registry
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Serves the gateway on `listener` until `shutdown`: over TLS (client certificates
/// optional), or plain HTTP when `plain` (loopback only; the caller checks).
///
/// Connections are accepted here and handed, in turn, to `threads` worker threads, each with
/// a single-threaded runtime of its own that serves a connection from start to end with its
/// own pool of provider connections: a request never waits for another thread to be woken
/// (the way nginx's worker processes work). Handing out in turn keeps the threads equally
/// loaded, where threads accepting for themselves would take connections unevenly.
pub async fn serve(
    gsb: Arc<Gsb>,
    listener: tokio::net::TcpListener,
    plain: bool,
    threads: usize,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let workers = (0..threads.max(1))
        .map(|i| worker::Worker::start(i, gsb.clone(), plain))
        .collect::<std::io::Result<Vec<_>>>()?;
    tokio::pin!(shutdown);
    let mut turn = 0;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        tracing::warn!(error = %e, "gateway accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                match stream.into_std() {
                    Ok(stream) => workers[turn % workers.len()].take(stream, graceful.watcher()),
                    Err(e) => tracing::warn!(error = %e, "gateway connection lost on accept"),
                }
                turn = turn.wrapping_add(1);
            }
            _ = &mut shutdown => break,
        }
    }
    // The workers finish their connections' requests and stop once these end.
    drop(workers);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(10)) => {}
    }
    Ok(())
}

/// The default number of gateway threads: one per core but one, and at least one. The rest
/// of Padu needs a core's share under the gateway's full load (the message log's indexer takes
/// about a sixth of a core at 25,000 exchanges a second, the database and the staff pages
/// more). On two cores a second gateway thread, competing for that share, stalled all of its
/// connections whenever it was preempted: `bench/gsb.sh` (8 runs, alternating) measured the
/// gateway's p99 at nginx's + 3.3 to 5.8 ms with two threads and + 0.6 to 2.0 ms with one, at
/// the same throughput on SQLite and 10-15% less with a PostgreSQL server on the same two
/// cores. A steady answer time matters more to the applications on the bus than the last
/// tenth of the peak; `--gateway-threads` sets it otherwise.
pub fn default_threads() -> usize {
    default_threads_for(std::thread::available_parallelism().map_or(2, |n| n.get()))
}

fn default_threads_for(cores: usize) -> usize {
    cores.saturating_sub(1).max(1)
}

async fn serve_connection<S>(
    gsb: Arc<Gsb>,
    providers: Arc<UpstreamClient>,
    stream: S,
    presented: tls::Presented,
    watcher: hyper_util::server::graceful::Watcher,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let presented = Arc::new(presented);
    let service = hyper::service::service_fn(move |req| {
        gateway::handle(gsb.clone(), providers.clone(), presented.clone(), req)
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    if let Err(e) = watcher.watch(conn).await {
        tracing::debug!(error = %e, "gateway connection ended");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_gateway_leaves_one_core_to_the_rest_of_padu_but_always_has_a_thread() {
        assert_eq!(super::default_threads_for(1), 1);
        assert_eq!(super::default_threads_for(2), 1);
        assert_eq!(super::default_threads_for(8), 7);
    }
}

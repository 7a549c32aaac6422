//! A gateway worker thread: a single-threaded runtime that serves the connections the
//! acceptor hands it (`super::serve`), each from its TLS handshake to its end, and keeps its
//! own client towards providers, so a pooled provider connection is driven by the thread
//! that uses it.

use super::{tls, Gsb, UpstreamClient};
use hyper_util::server::graceful::Watcher;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

type Handed = (std::net::TcpStream, Watcher);

/// The acceptor's handle on one worker thread; dropping it lets the thread finish its
/// connections and stop.
pub struct Worker {
    to_serve: mpsc::UnboundedSender<Handed>,
}

impl Worker {
    pub fn start(index: usize, gsb: Arc<Gsb>, plain: bool) -> std::io::Result<Worker> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let providers = Arc::new(gsb.provider_client());
        let (to_serve, handed) = mpsc::unbounded_channel();
        std::thread::Builder::new()
            .name(format!("padu-gateway-{index}"))
            .spawn(move || runtime.block_on(run(gsb, providers, plain, handed)))?;
        Ok(Worker { to_serve })
    }

    /// Gives the worker a connection to serve.
    pub fn take(&self, stream: std::net::TcpStream, watcher: Watcher) {
        if self.to_serve.send((stream, watcher)).is_err() {
            tracing::warn!("a gateway worker has stopped; a connection was dropped");
        }
    }
}

async fn run(
    gsb: Arc<Gsb>,
    providers: Arc<UpstreamClient>,
    plain: bool,
    mut handed: mpsc::UnboundedReceiver<Handed>,
) {
    let mut connections = tokio::task::JoinSet::new();
    while let Some((stream, watcher)) = handed.recv().await {
        while connections.try_join_next().is_some() {}
        let stream = match tokio::net::TcpStream::from_std(stream) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "a gateway connection cannot be served");
                continue;
            }
        };
        connections.spawn(connection(
            gsb.clone(),
            providers.clone(),
            stream,
            plain,
            watcher,
        ));
    }
    // Shutting down: the watchers tell each connection to finish its request and close.
    while connections.join_next().await.is_some() {}
}

async fn connection(
    gsb: Arc<Gsb>,
    providers: Arc<UpstreamClient>,
    stream: tokio::net::TcpStream,
    plain: bool,
    watcher: Watcher,
) {
    if plain {
        super::serve_connection(gsb, providers, stream, tls::Presented::Nothing, watcher).await;
        return;
    }
    let acceptor = tokio_rustls::TlsAcceptor::from(gsb.server_tls());
    let handshake = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream)).await;
    let stream = match handshake {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "gateway TLS handshake failed");
            return;
        }
        Err(_) => return,
    };
    let presented = tls::identify(
        stream.get_ref().1.peer_certificates(),
        &gsb.ca,
        &gsb.registry().federation,
    );
    super::serve_connection(gsb, providers, stream, presented, watcher).await;
}

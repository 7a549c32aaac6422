//! `hyper-floor LISTEN UPSTREAM THREADS`: passes every request on to UPSTREAM and its answer
//! back, with what Padu's gateway is built on (hyper's HTTP/1 server and pooled client, one
//! single-threaded tokio runtime per thread, mimalloc) and nothing else: no credential, no
//! access check, no message log. What it reaches is the most the gateway could on those
//! libraries; bench/gsb.sh prints it beside nginx and Padu.
#![forbid(unsafe_code)]

use hyper::body::Incoming;
use hyper::Request;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::net::SocketAddr;
use std::sync::Arc;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Upstream = Client<HttpConnector, Incoming>;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(listen), Some(upstream), Some(threads)) = (
        args.get(1).and_then(|a| a.parse::<SocketAddr>().ok()),
        args.get(2).cloned(),
        args.get(3).and_then(|a| a.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: hyper-floor LISTEN_ADDR UPSTREAM_HOST:PORT THREADS");
        std::process::exit(2);
    };
    let upstream: Arc<str> = upstream.into();
    let workers: Vec<_> = (0..threads.max(1))
        .map(|_| {
            let upstream = upstream.clone();
            std::thread::spawn(move || serve(listen, upstream))
        })
        .collect();
    for w in workers {
        if let Ok(Err(e)) = w.join() {
            eprintln!("hyper-floor: {e}");
            std::process::exit(1);
        }
    }
}

/// One thread: its own listening socket on the shared port (the kernel spreads connections)
/// and its own pool of upstream connections, as each gateway thread has.
fn serve(listen: SocketAddr, upstream: Arc<str>) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let socket = socket2::Socket::new(
            socket2::Domain::for_address(listen),
            socket2::Type::STREAM,
            None,
        )?;
        socket.set_reuse_port(true)?;
        socket.set_reuse_address(true)?;
        socket.bind(&listen.into())?;
        socket.listen(1024)?;
        socket.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(socket.into())?;
        let client: Arc<Upstream> = Arc::new(Client::builder(TokioExecutor::new()).build_http());
        loop {
            let (stream, _) = listener.accept().await?;
            stream.set_nodelay(true)?;
            let (client, upstream) = (client.clone(), upstream.clone());
            tokio::task::spawn(async move {
                let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                    pass_on(client.clone(), upstream.clone(), req)
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

async fn pass_on(
    client: Arc<Upstream>,
    upstream: Arc<str>,
    req: Request<Incoming>,
) -> Result<hyper::Response<Incoming>, Box<dyn std::error::Error + Send + Sync>> {
    let (mut parts, body) = req.into_parts();
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    parts.uri = format!("http://{upstream}{path}").parse()?;
    Ok(client.request(Request::from_parts(parts, body)).await?)
}
